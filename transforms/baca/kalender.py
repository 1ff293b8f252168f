"""Months, semesters and years parsed from text columns; the project's one list of month names."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

BULAN = {  # month name (upper case) -> month number: the one month list of the project
    "JANUARI": 1,
    "FEBRUARI": 2,
    "MARET": 3,
    "APRIL": 4,
    "MEI": 5,
    "JUNI": 6,
    "JULI": 7,
    "AGUSTUS": 8,
    "SEPTEMBER": 9,
    "OKTOBER": 10,
    "NOVEMBER": 11,
    "DESEMBER": 12,
}
_SINGKATAN = {
    "JAN": 1,
    "FEB": 2,
    "PEB": 2,
    "MAR": 3,
    "APR": 4,
    "JUN": 6,
    "JUL": 7,
    "AGS": 8,
    "AGT": 8,
    "AGU": 8,
    "AGUST": 8,
    "SEP": 9,
    "SEPT": 9,
    "OKT": 10,
    "NOV": 11,
    "NOP": 11,
    "PEBRUARI": 2,
    "NOPEMBER": 11,
    "DES": 12,
}
NAMA_BULAN = {v: k.title() for k, v in BULAN.items()}  # 1 -> "Januari" ... 12 -> "Desember"

_TANGGAL_ISO = re.compile(r"^\d{4}-(\d{2})(?:-\d{2})?(?:[T ].*)?$")


def _per_nilai_unik(teks: pd.Series, ubah: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``ubah`` of each cell, computed once per distinct value (NA included) and given to every
    cell holding it: a period column repeats a few values down 80,000 rows."""
    kode, unik = pd.factorize(teks, use_na_sentinel=False)
    hasil = ubah(pd.Series(unik, dtype=teks.dtype))
    return pd.Series(hasil.array.take(kode), index=teks.index, name=teks.name)


def ubah_bulan(teks: pd.Series) -> pd.Series:
    """Month of each cell → Int64 (NA when not readable).

    Accepts Bahasa month names in any case with common abbreviations and old spellings
    (``PEBRUARI``, ``NOPEMBER``), numbers 1-12, a name followed by the year (``Januari 2025``)
    and ISO dates (``2025-01-01``, how an Excel date cell is read).
    """
    return _per_nilai_unik(teks, _ubah_bulan)


def _ubah_bulan(teks: pd.Series) -> pd.Series:
    key = teks.fillna("").astype(str).str.strip().str.upper().str.rstrip(".")
    names = key.map(BULAN).fillna(key.map(_SINGKATAN))
    numbers = pd.to_numeric(key, errors="coerce")
    numbers = numbers.where(numbers.between(1, 12) & (numbers % 1 == 0))
    bulan = names.fillna(numbers)
    sisa = bulan.isna() & key.ne("")
    if sisa.any():
        kata = key[sisa].str.split().str[0].fillna("").str.rstrip(".,")
        dari_kata = kata.map(BULAN).fillna(kata.map(_SINGKATAN))
        iso = key[sisa].str.extract(_TANGGAL_ISO)[0]
        dari_iso = pd.to_numeric(iso, errors="coerce")
        dari_iso = dari_iso.where(dari_iso.between(1, 12))
        bulan.loc[sisa] = dari_kata.fillna(dari_iso)
    return bulan.astype("Int64")


_TAHUN_DI_SEL = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def cari_tahun_bulan(teks: pd.Series) -> pd.Series:
    """The year a month cell also carries (``DESEMBER 2024``, ``2024-12-01``) → Int64.

    NA when the cell names no four-digit year (``DESEMBER``, ``12``): the ingested year
    then applies. The first year found counts.
    """
    return _per_nilai_unik(teks, _cari_tahun)


def _cari_tahun(teks: pd.Series) -> pd.Series:
    tahun = teks.fillna("").astype(str).str.extract(_TAHUN_DI_SEL, expand=False)
    return pd.to_numeric(tahun, errors="coerce").astype("Int64")


_ROMAWI = {"I": 1, "II": 2}
_SEMESTER = re.compile(
    r"^(?:SEM(?:ESTER)?|SMT|S)\s*[-.]?\s*(?P<s>[12]|II|I)\b(?:\s*(?:TAHUN|TH\.?)?\s*(?P<t>\d{4}))?$"
)
_SEMESTER_TAHUN_DULU = re.compile(
    r"^(?P<t>\d{4})\s*[-/ ]\s*(?:SEM(?:ESTER)?|SMT|S)\s*(?P<s>[12]|II|I)$"
)


def _one_semester(text: str) -> tuple[int | None, int | None]:
    key = " ".join(text.strip().upper().split())
    if key in {"1", "2"}:
        return int(key), None
    found = _SEMESTER.match(key) or _SEMESTER_TAHUN_DULU.match(key)
    if not found:
        return None, None
    s = found["s"]
    tahun = int(found["t"]) if found["t"] else None
    return (_ROMAWI[s] if s in _ROMAWI else int(s)), tahun


def ubah_semester(teks: pd.Series) -> pd.DataFrame:
    """Semester labels (``Sem 2 2024``, ``Semester II``, ``2024-S2``, ``2``) → semester, tahun.

    Returns a frame with Int64 columns ``semester`` (1 or 2; NA when not readable) and
    ``tahun`` (NA when the label carries no year).
    """
    unik = teks.fillna("").astype(str).drop_duplicates()
    hasil = {u: _one_semester(u) for u in unik}
    pasangan = teks.fillna("").astype(str).map(hasil)
    return pd.DataFrame(
        {
            "semester": pd.array([p[0] for p in pasangan], dtype="Int64"),
            "tahun": pd.array([p[1] for p in pasangan], dtype="Int64"),
        },
        index=teks.index,
    )


def ubah_tahun(teks: pd.Series) -> pd.Series:
    """Four-digit years (``2024``, ``2024.0``) → Int64; anything else NA."""
    angka = pd.to_numeric(teks.fillna("").astype(str).str.strip(), errors="coerce")
    return angka.where(angka.between(1900, 2100) & (angka % 1 == 0)).astype("Int64")
