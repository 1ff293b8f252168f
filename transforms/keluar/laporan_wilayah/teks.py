"""Numbers and counts written the Indonesian way for the page."""

from __future__ import annotations

import pandas as pd

from transforms.baca.angka import tampilkan_bilangan_ringkas


def ubah_angka(nilai: object, desimal: int = 2) -> str:
    """``59,30``, ``119.867`` (whole numbers without decimals); empty text for a missing value
    (the page never prints a missing value: the caller shows the reason instead)."""
    if nilai is None or pd.isna(nilai):
        return ""
    return tampilkan_bilangan_ringkas(float(nilai), desimal)


def ubah_nilai(nilai: object, satuan: str) -> str:
    """A value with its unit: ``59,30 %`` for percentages, ``732 kelompok`` otherwise."""
    teks = ubah_angka(nilai)
    if not teks:
        return ""
    return f"{teks} %" if satuan == "persen" else f"{teks} {satuan}"
