"""The numbers of each row: parsed deliberately, unreadable cells, registry checks, formulas."""

from __future__ import annotations

import pandas as pd

from schemas.aturan import ATURAN
from schemas.model import KUNCI_PERIKSA, Layout
from transforms.baca.angka import ubah_ada, ubah_angka
from transforms.baca.tabel import TabelTeks
from transforms.komponen.asal import Asal
from transforms.komponen.karantina import (
    KOLOM_MASALAH,
    buat_karantina,
    buat_karantina_sel,
    gabung_karantina,
)


def baca_nilai_lebar(tabel: TabelTeks, layout: Layout) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parsed numbers of every numeric column the layout names, and the unreadable cells."""
    cols = [c for c in layout.komponen if c in tabel.data.columns]
    for p in layout.periksa:
        cols += [v for k, v in p.items() if k in KUNCI_PERIKSA] + list(p.get("bagian", ()))
    cols = [c for c in dict.fromkeys(cols) if c in tabel.data.columns]
    values, invalid = {}, {}
    for kol in cols:
        if layout.ubah.get(kol) == "ada":
            values[kol], invalid[kol] = ubah_ada(tabel.data[kol])
        else:
            values[kol], invalid[kol] = ubah_angka(tabel.data[kol])
    idx = tabel.data.index
    return pd.DataFrame(values, index=idx), pd.DataFrame(invalid, index=idx, dtype=bool)


def buat_karantina_tak_terbaca(
    tabel: TabelTeks, invalid: pd.DataFrame, asal: Asal, penting: set[str]
) -> pd.DataFrame:
    """Unreadable numbers: an error in a component column, a warning in a check-only column."""
    frames = []
    for kol in invalid.columns:
        mask = invalid[kol]
        frames.append(
            buat_karantina_sel(
                tabel,
                asal,
                kol,
                mask,
                ATURAN.angka_tidak_valid,
                f"isi kolom {kol!r} bukan angka",
                "galat" if kol in penting else "peringatan",
            )
        )
    return gabung_karantina(frames)


def buat_karantina_validasi(tabel: TabelTeks, hasil: pd.DataFrame, asal: Asal) -> pd.DataFrame:
    """The registry checks' findings (:func:`schemas.masukan.periksa_nilai`) as problems."""
    if hasil.empty:
        return pd.DataFrame(columns=KOLOM_MASALAH)
    idx = pd.Index(hasil["indeks"])
    return buat_karantina(
        asal,
        tabel.sheet,
        pd.Series(tabel.baris.loc[idx].to_numpy()),
        pd.Series(hasil["kolom"].to_numpy()),
        pd.Series(hasil["nilai"].to_numpy()),
        pd.Series(hasil["aturan"].to_numpy()),
        pd.Series(hasil["pesan"].to_numpy()),
        tingkat=pd.Series(hasil["tingkat_masalah"].to_numpy()),
    )


def buat_karantina_rumus(tabel: TabelTeks, asal: Asal) -> pd.DataFrame:
    """Formula cells without a stored value (the reader lists them in ``sel_rumus``)."""
    sel = getattr(tabel, "sel_rumus", None)
    if sel is None or not len(sel):
        return pd.DataFrame(columns=KOLOM_MASALAH)
    return buat_karantina(
        asal,
        tabel.sheet,
        sel["baris"],
        sel["kolom"],
        sel["rumus"],
        ATURAN.rumus_tanpa_nilai,
        "sel berisi rumus tanpa nilai tersimpan (berkas belum pernah dihitung di Excel); "
        "buka dan simpan ulang di Excel, atau isi angkanya langsung",
    )
