"""Periods as one key: ``jenis_periode`` and ``kode_periode`` of an indicator row, and their
Bahasa labels and chronological sort key (the period dimension of the star schema).

A row is *bulanan* when ``bulan`` is set, *semesteran* when ``semester`` is set, *tahunan*
when both are empty. An annual row made from semester data takes the value at the end of
semester 2 (the stock rule, ``bulan_acuan`` = 12), so it equals the semester-2 row by design:
filter one ``jenis_periode``, never add values across kinds of period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from transforms.baca.kalender import NAMA_BULAN
from transforms.komponen.ramping import buat_kategori_per_nomor
from transforms.wilayah.cocok import cari_kombinasi_unik

BULAN = tuple(NAMA_BULAN[b] for b in range(1, 13))  # the one month list: baca/kalender
JENIS_PERIODE = ("bulanan", "semesteran", "tahunan")


def kenali_jenis_periode(bulan: pd.Series, semester: pd.Series) -> pd.Series:
    """``bulanan`` / ``semesteran`` / ``tahunan`` for each row."""
    jenis = pd.Series("tahunan", index=bulan.index, dtype="str")
    jenis = jenis.where(semester.isna(), "semesteran")
    return jenis.where(bulan.isna(), "bulanan")


def buat_kode_periode(tahun: pd.Series, bulan: pd.Series, semester: pd.Series) -> pd.Series:
    """``2025`` (annual), ``2025-S2`` (semester), ``2025-03`` (month)."""
    tahun_teks = tahun.astype("Int64").astype(str)
    bln = bulan.astype("Int64")
    smt = semester.astype("Int64")
    kode = tahun_teks.where(smt.isna(), tahun_teks + "-S" + smt.astype(str))
    return kode.where(bln.isna(), tahun_teks + "-" + bln.astype(str).str.zfill(2)).astype(str)


def tambah_periode(frame: pd.DataFrame, kategori: bool = False) -> pd.DataFrame:
    """``frame`` (``tahun``, ``bulan``, ``semester``) plus ``jenis_periode``, ``kode_periode``
    (as text, or as categories with ``kategori``).

    Both are made once per distinct period and given to its rows by number: a national year
    has a dozen periods over millions of rows."""
    if frame.empty:
        kosong = pd.Series(dtype="category" if kategori else "str")
        return frame.assign(jenis_periode=kosong, kode_periode=kosong)
    nomor, unik = cari_kombinasi_unik(frame[["tahun", "bulan", "semester"]])
    jenis = kenali_jenis_periode(unik["bulan"], unik["semester"]).to_numpy()
    kode = buat_kode_periode(unik["tahun"], unik["bulan"], unik["semester"]).to_numpy()
    return frame.assign(
        jenis_periode=_per_baris(jenis, nomor, frame.index, kategori),
        kode_periode=_per_baris(kode, nomor, frame.index, kategori),
    )


def _per_baris(teks: np.ndarray, nomor: np.ndarray, index: pd.Index, kategori: bool) -> pd.Series:
    """Each row's text of its period (``teks`` per period number), as text or a category
    (categories sorted, as ``astype("category")`` makes them)."""
    nilai = buat_kategori_per_nomor(teks, nomor, index)
    return nilai if kategori else nilai.astype("str")


def _label(tahun: int, bulan: object, semester: object) -> str:
    if not pd.isna(bulan):
        return f"{BULAN[int(bulan) - 1]} {tahun}"
    if not pd.isna(semester):
        return f"Semester {int(semester)} {tahun}"
    return str(tahun)


def _urutan(tahun: int, bulan: object, semester: object) -> int:
    """tahun · bulan akhir · jenis: March 2025 = 20250301, S1 = 20250602, 2025 = 20251203."""
    if not pd.isna(bulan):
        return tahun * 10_000 + int(bulan) * 100 + 1
    if not pd.isna(semester):
        return tahun * 10_000 + int(semester) * 600 + 2
    return tahun * 10_000 + 1203


def buat_dim_periode(periode: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct (tahun, semester, bulan) of ``periode``, in chronological order."""
    kunci = periode[["tahun", "semester", "bulan"]].drop_duplicates()
    kunci = tambah_periode(kunci.astype({"tahun": "int64", "semester": "Int64", "bulan": "Int64"}))
    baris = list(zip(kunci["tahun"], kunci["bulan"], kunci["semester"], strict=True))
    dim = kunci.assign(
        label=[_label(int(t), b, s) for t, b, s in baris],
        urutan=[_urutan(int(t), b, s) for t, b, s in baris],
    )
    kolom = ["kode_periode", "tahun", "semester", "bulan", "jenis_periode", "label", "urutan"]
    return dim.sort_values("urutan")[kolom].reset_index(drop=True)
