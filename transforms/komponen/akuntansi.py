"""Row accounting of one table: every row read is used, quarantined or recognised as non-data."""

from __future__ import annotations

import pandas as pd

from transforms.baca.tabel import TabelTeks
from transforms.komponen.asal import Asal


def hitung_akuntansi(
    tabel: TabelTeks,
    asal: Asal,
    ok: pd.Series,
    bad: pd.Series,
    bukan: pd.Series,
    problems: pd.DataFrame,
) -> dict[str, int | str]:
    """Rows read, used, quarantined and non-data (incl. the rows the reader set aside)."""
    reader = getattr(tabel, "bukan_data", None)
    dari_pembaca = len(reader) if reader is not None else 0
    return {
        "berkas": asal.berkas,
        "sumber": asal.sumber,
        "sheet": tabel.sheet or "",
        "baris_dibaca": len(tabel.data) + dari_pembaca,
        "baris_dipakai": int(ok.sum()),
        "baris_karantina": int(bad.sum()),
        "baris_bukan_data": int(bukan.sum()) + dari_pembaca,
        "peringatan": int((problems["tingkat_masalah"] == "peringatan").sum()),
    }
