"""The region of each problem row, as a person finds it: ``NAMA (kode)`` from the master when
the row's region was matched, else the names as written in the file."""

from __future__ import annotations

import pandas as pd

from transforms.baca.tabel import TabelTeks
from transforms.wilayah.kode import TINGKAT


def _teks_berkas(data: pd.DataFrame, kolom: dict[str, str]) -> pd.Series:
    """The region names a row carries, most detailed first (``GRABAG, PURWOREJO``)."""
    nama = [kolom[t] for t in reversed(TINGKAT) if t in kolom]
    if not nama:
        return pd.Series("", index=data.index, dtype=object)
    isi = data[nama].astype("string").apply(lambda s: s.str.strip()).fillna("")
    return pd.Series(
        [", ".join(x for x in baris if x) for baris in isi.itertuples(index=False)],
        index=data.index,
        dtype=object,
    )


def isi_wilayah_masalah(
    masalah: pd.DataFrame,
    tabel: TabelTeks,
    kolom: dict[str, str],
    kode: pd.Series,
    edisi: str,
) -> pd.DataFrame:
    """``masalah`` with ``wilayah`` filled (where empty) for the rows that name a file row.

    Args:
        masalah: problem rows of one table (karantina columns).
        tabel: the table read; kolom: its region columns (level → column).
        kode: the matched Kemendagri code of each table row (NA where not matched).
        edisi: the master edition the codes belong to.
    """
    if masalah.empty or "wilayah" not in masalah.columns:
        return masalah
    from transforms.wilayah.master import muat_master

    pilih = tabel.baris.isin(set(masalah["baris"].dropna().astype(int))).to_numpy()
    if not pilih.any():
        return masalah
    peta = muat_master(edisi).frame.set_index("kode_wilayah")["nama_wilayah"]
    kode = kode[pilih].astype("string")
    nama = kode.map(peta)
    dari_master = (nama.astype("string") + " (" + kode + ")").where(nama.notna(), kode)
    teks = dari_master.astype(object).where(kode.notna(), _teks_berkas(tabel.data[pilih], kolom))
    teks = teks.where(teks.astype(str) != "", None)
    per_baris = pd.Series(teks.to_numpy(), index=tabel.baris[pilih].to_numpy())
    per_baris = per_baris[~per_baris.index.duplicated()]
    isi = masalah["baris"].map(per_baris)
    return masalah.assign(wilayah=masalah["wilayah"].where(masalah["wilayah"].notna(), isi))
