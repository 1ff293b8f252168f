"""Period kind and Bahasa labels of indicator rows.

The fact table may gain a ``jenis_periode`` column (bulanan / semesteran / tahunan, issue 14.1);
when it has one it is used as is, otherwise the kind is derived here from ``bulan`` and
``semester`` (a row with neither is annual). Switching to the period dimension later is a
change of :func:`cari_jenis_periode` only.
"""

from __future__ import annotations

import pandas as pd

from transforms.hitung.periode import BULAN as BULAN_HITUNG
from transforms.hitung.periode import kenali_jenis_periode

BULAN_PANJANG = BULAN_HITUNG  # the one month list (baca/kalender)
BULAN = tuple(b[:3] for b in BULAN_PANJANG)  # Jan … Agu … Des


def cari_jenis_periode(frame: pd.DataFrame) -> pd.Series:
    """``bulanan``, ``semesteran`` or ``tahunan`` for every row of an indicator frame."""
    if "jenis_periode" in frame.columns:
        return frame["jenis_periode"].astype(str)
    return pd.Series(kenali_jenis_periode(frame["bulan"], frame["semester"]), index=frame.index)


def pilih_tahunan(frame: pd.DataFrame) -> pd.DataFrame:
    """The annual rows (one per indicator, region and year)."""
    return frame[cari_jenis_periode(frame) == "tahunan"]


def buat_label_periode(tahun: int, bulan: object = None, semester: object = None) -> str:
    """``Sep 2025``, ``Semester 2 2024`` or ``2025``."""
    if pd.notna(bulan):
        return f"{BULAN[int(bulan) - 1]} {int(tahun)}"
    if pd.notna(semester):
        return f"Semester {int(semester)} {int(tahun)}"
    return str(int(tahun))


def buat_urut_periode(tahun: int, bulan: object = None, semester: object = None) -> int:
    """A sort key: months, semesters and the year in time order (year after its December)."""
    if pd.notna(bulan):
        return int(tahun) * 100 + int(bulan)
    if pd.notna(semester):
        return int(tahun) * 100 + 6 * int(semester)
    return int(tahun) * 100 + 13


def jelaskan_bulan_acuan(bulan_acuan: object, tahun: int) -> str:
    """Where an annual stock value comes from, for the page (empty when not a stock value)."""
    if pd.isna(bulan_acuan):
        return ""
    return f"posisi {BULAN_PANJANG[int(bulan_acuan) - 1]} {int(tahun)} (bulan terakhir yang ada)"
