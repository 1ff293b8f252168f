"""Numbers written the Indonesian way, and presence flags, parsed one text column at a time."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from schemas.masukan import gaya_indonesia

_KOSONG = {"", "-", "–", "—"}
_RIBUAN_TITIK = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_RIBUAN_KOMA = re.compile(r"^-?\d{1,3}(,\d{3})+$")
_AMBIGU = re.compile(r"^-?\d{1,3},\d{3}$")
"""``1,000``: English thousands (1000) or an Indonesian decimal (1)? Never guessed."""
_DESIMAL_KOMA = re.compile(r"^-?\d+,\d+$")
_ANGKA = re.compile(r"^-?\d+(\.\d+)?$")
_BULAT = r"^[0-9]{1,15}$"  # a whole number float64 holds exactly (RE2: ASCII digits only)


def _rapikan(text: str) -> str:
    """A number cell without spaces and percent signs ("12%", "8.6 %" and the doubled
    "5.4% %" seen in real recaps)."""
    return text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%")


def tampak_ambigu(text: str) -> bool:
    """Whether a number as written has one comma and exactly three digits after it
    (``1,000``): thousands the English way or a decimal the Indonesian way; never guessed."""
    return _AMBIGU.match(_rapikan(text)) is not None


def ubah_satu_angka(text: str) -> float | None:
    """Parse one Indonesian-formatted number; None when it is not a number."""
    value = _rapikan(text)
    if _RIBUAN_TITIK.match(value):
        return float(value.replace(".", ""))
    if _AMBIGU.match(value):
        return None
    if _DESIMAL_KOMA.match(value):
        return float(value.replace(",", "."))
    if _RIBUAN_KOMA.match(value) and value.count(",") > 1:
        return float(value.replace(",", ""))
    if _ANGKA.match(value):
        return float(value)
    return None


def ubah_angka(teks: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a text column of counts or percentages written the Indonesian way.

    ``1.234.567`` → 1234567, ``85,24`` → 85.24, ``12%`` → 12, ``"-"`` and blank → missing.
    A single ``1.234`` is read as thousands (Indonesian style); ``12.5`` as a decimal;
    ``1,000`` (one comma, three digits) is invalid: thousands or a decimal, it cannot tell.
    Non-finite numbers (``inf``, ``-inf``, ``NaN``, ``1e999``) are never values: they are
    invalid (:func:`kenali_tak_hingga` tells them apart from other unreadable text).

    Returns:
        ``(values, invalid)``: finite float values (NaN where blank or invalid) and a boolean
        mask of cells that were not blank but could not be read as a finite number.
    """
    stripped = teks.fillna("").astype(str).str.strip()
    kosong = stripped.isin(_KOSONG)
    bulat = _bulat_saja(stripped, kosong)
    if bulat is not None:  # the usual count column: no cell needs the rules below
        return bulat, pd.Series(False, index=teks.index, name=teks.name)
    fast = pd.to_numeric(stripped.where(~kosong), errors="coerce")
    need = fast.isna() & ~kosong
    # plain digits with a single dot group like "1.234" mean thousands in Indonesian reports
    ribuan = stripped.str.match(_RIBUAN_TITIK.pattern) & ~kosong
    need = need | ribuan
    values = fast.astype("float64")
    if need.any():
        slow = stripped[need].map(ubah_satu_angka)
        values.loc[need] = slow.astype("float64")
    invalid = (values.isna() | np.isinf(values)) & ~kosong
    return values.where(~invalid, np.nan), invalid


def _bulat_saja(stripped: pd.Series, kosong: pd.Series) -> pd.Series | None:
    """The values of a column whose every cell is blank or a whole number of at most 15
    ASCII digits (what :func:`ubah_angka` gives them: the number, NaN where blank), parsed in
    Arrow; None when a cell is anything else (the general rules then apply)."""
    teks = pa.array(stripped.array)
    bulat = pc.match_substring_regex(teks, _BULAT)
    if not (bulat.to_numpy(zero_copy_only=False) | kosong.to_numpy(dtype=bool)).all():
        return None
    nilai = pc.cast(pc.if_else(bulat, teks, None), pa.int64()).cast(pa.float64())
    return pd.Series(nilai.to_numpy(zero_copy_only=False), index=stripped.index, name=stripped.name)


def kenali_ambigu(teks: pd.Series) -> pd.Series:
    """Cells whose comma may be a thousands or a decimal separator (``1,000``, ``12,500``):
    :func:`ubah_angka` marks them invalid rather than guess."""
    return teks.fillna("").astype(str).map(tampak_ambigu).astype(bool)


_TAK_HINGGA = re.compile(r"^[+-]?(?:inf(?:inity)?|nan)$", re.IGNORECASE)


def kenali_tak_hingga(teks: pd.Series) -> pd.Series:
    """Cells written as a non-finite number: ``inf``, ``-Infinity``, ``NaN``, ``1e999``.

    Such text comes from a division by zero or a broken formula in the sender's sheet, or
    from a value too large for any count; :func:`ubah_angka` marks these cells invalid.
    """
    stripped = teks.fillna("").astype(str).str.strip()
    kata = stripped.str.match(_TAK_HINGGA.pattern, case=False)
    angka = pd.to_numeric(stripped.where(~kata & stripped.ne("")), errors="coerce")
    return (kata | np.isinf(angka.astype("float64"))).astype(bool)


_ADA = {"ADA", "YA", "Y", "YES", "SUDAH", "V", "✓"}
_TIDAK_ADA = {"TIDAK ADA", "TIDAK", "BELUM", "BELUM ADA", "T", "N", "NO", "-", ""}


def ubah_ada(teks: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A presence flag (``Ada``/``Tidak ada``, ``Ya``/``Tidak``) or a count → 1.0 / 0.0.

    A count becomes 1 when it is above zero. Returns ``(values, invalid)`` like
    :func:`ubah_angka`.
    """
    key = teks.fillna("").astype(str).str.strip().str.upper().str.split().str.join(" ")
    angka, invalid = ubah_angka(teks)
    values = pd.Series(np.nan, index=teks.index, dtype="float64")
    values = values.mask(key.isin(_ADA), 1.0).mask(key.isin(_TIDAK_ADA - {""}), 0.0)
    dari_angka = angka.notna()
    values = values.mask(dari_angka, (angka > 0).astype("float64"))
    bad = invalid & values.isna()
    return values, bad


def tampilkan_bilangan(nilai: float, desimal: int = 0) -> str:
    """A number as an Indonesian reader writes it, with ``desimal`` decimals: ``8.412``,
    ``2,3``, ``1.048.576``."""
    return gaya_indonesia(f"{nilai:,.{desimal}f}")


def tampilkan_bilangan_ringkas(nilai: float, desimal: int = 2) -> str:
    """Whole numbers without decimals (``119.867``), others with ``desimal`` (``59,30``)."""
    return tampilkan_bilangan(nilai, 0 if float(nilai).is_integer() else desimal)
