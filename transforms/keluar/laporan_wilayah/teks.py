"""Numbers and counts written the Indonesian way for the page."""

from __future__ import annotations

import pandas as pd


def ubah_angka(nilai: object, desimal: int = 2) -> str:
    """``59,30``, ``119.867`` (whole numbers without decimals); empty text for a missing value
    (the page never prints a missing value: the caller shows the reason instead)."""
    if nilai is None or pd.isna(nilai):
        return ""
    angka = float(nilai)
    if angka.is_integer():
        return f"{int(angka):,}".replace(",", ".")
    teks = f"{angka:,.{desimal}f}"
    return teks.replace(",", "_").replace(".", ",").replace("_", ".")


def ubah_nilai(nilai: object, satuan: str) -> str:
    """A value with its unit: ``59,30 %`` for percentages, ``732 kelompok`` otherwise."""
    teks = ubah_angka(nilai)
    if not teks:
        return ""
    return f"{teks} %" if satuan == "persen" else f"{teks} {satuan}"
