"""The region of each row: names and codes matched to Kemendagri codes, total rows recognised."""

from __future__ import annotations

import pandas as pd

from schemas.aturan import ATURAN
from schemas.model import Layout
from transforms.baca.bentuk import KATA_TOTAL, POLA_TOTAL
from transforms.baca.tabel import TabelTeks
from transforms.komponen.asal import Asal
from transforms.komponen.karantina import buat_karantina, gabung_karantina
from transforms.komponen.kolom import cari_kolom_wilayah
from transforms.wilayah.cocok import cocokkan_wilayah
from transforms.wilayah.kode import TINGKAT, normalkan_kode

# Words that open a total row's region name: the reader's total words, and the region words a
# recap writes in the desa column of its kabupaten/kecamatan total ("KECAMATAN X").
_AWALAN_TOTAL = (*KATA_TOTAL, "KABUPATEN", "KAB", "KOTA", "PROVINSI", "PROV", "KECAMATAN")


def _baris_total_nama(tabel: TabelTeks, kolom: dict[str, str], match: pd.DataFrame) -> pd.Series:
    """Unmatched rows whose deepest name reads as a total (``JUMLAH``, ``KABUPATEN X``...).

    Only the unmatched rows are looked at (a national file has a few among 84,000)."""
    names = [c for t, c in kolom.items() if t in TINGKAT]
    gagal = match["kode_wilayah"].isna() | (match["status"] == "tidak_cocok")
    hasil = pd.Series(False, index=tabel.data.index)
    if not names or not gagal.any():
        return hasil
    data = tabel.data.loc[gagal.to_numpy(), names]
    deepest = data[names[-1]].astype(str).str.upper().str.strip()
    kosong_lain = (
        data[names[:-1]].astype(str).apply(lambda s: s.str.strip() == "").all(axis=1)
        if len(names) > 1
        else pd.Series(True, index=data.index)
    )
    mirip_total = deepest.str.match(r"^(?:" + "|".join(_AWALAN_TOTAL) + r")\b")
    kosong = deepest == ""
    total = (mirip_total & (kosong_lain | deepest.str.match(POLA_TOTAL))) | (kosong & kosong_lain)
    hasil.loc[total.index] = total.to_numpy(dtype=bool)
    return hasil


def _masalah_wilayah(
    tabel: TabelTeks,
    asal: Asal,
    kolom: dict[str, str],
    match: pd.DataFrame,
    gagal: pd.Series,
    mirip: pd.Series,
) -> pd.DataFrame:
    """Unmatched regions (error) and fuzzy matches (warning), the region columns shown."""
    shown_cols = list(kolom.values())
    perlu = tabel.data.loc[gagal | mirip, shown_cols].astype(str)
    shown = perlu[shown_cols[0]].str.cat([perlu[c] for c in shown_cols[1:]], sep=" / ")
    shown = shown.reindex(tabel.data.index)
    return gabung_karantina(
        [
            buat_karantina(
                asal,
                tabel.sheet,
                tabel.baris[gagal],
                "/".join(shown_cols),
                shown[gagal],
                ATURAN.wilayah_tidak_dikenal,
                "wilayah tidak dapat ditentukan dari master Kemendagri: "
                + match.loc[gagal, "catatan"].fillna("").astype(str),
            ),
            buat_karantina(
                asal,
                tabel.sheet,
                tabel.baris[mirip],
                "/".join(shown_cols),
                shown[mirip],
                ATURAN.nama_wilayah_mirip,  # a warning (the registry's level)
                match.loc[mirip, "catatan"].fillna("").astype(str),
            ),
        ]
    )


def cocokkan_wilayah_baris(
    tabel: TabelTeks, layout: Layout, asal: Asal, edisi: str
) -> tuple[pd.Series, pd.DataFrame, pd.Series]:
    """Kemendagri code of each row, problems (unmatched = error, fuzzy = warning), total rows.

    A file without region columns takes the region given at ingest (``asal.scope``).
    """
    idx = tabel.data.index
    kolom = cari_kolom_wilayah(tabel, layout)
    if not kolom:
        kode = normalkan_kode(asal.scope)
        return pd.Series(kode, index=idx, dtype="string"), pd.DataFrame(), pd.Series(False, idx)
    match = cocokkan_wilayah(
        tabel.data, kolom, edisi=edisi, scope=asal.scope, nama_kabupaten=layout.nama_kabupaten
    )
    total = _baris_total_nama(tabel, kolom, match)
    gagal = (match["kode_wilayah"].isna() | (match["status"] == "tidak_cocok")) & ~total
    mirip = (match["status"] == "mirip") & ~total
    problems = _masalah_wilayah(tabel, asal, kolom, match, gagal, mirip)
    return match["kode_wilayah"].where(~gagal & ~total), problems, total
