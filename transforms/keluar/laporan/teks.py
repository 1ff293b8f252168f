"""Small text helpers of the sender's report: values as text for XLSX, terminal, dates, names.

Every cell value comes from a possibly hostile file: text written to XLSX goes through
:func:`transforms.keluar.tulis_aman.amankan_sel` (and loses the control characters XML cannot
hold), and
text printed to the terminal loses control characters (no ANSI escape sequence from a cell
reaches the terminal).
"""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from transforms.baca.kalender import NAMA_BULAN
from transforms.keluar.tulis_aman import amankan_sel

BATAS_TEKS_SEL = 32_767  # Excel's limit for the text of a cell
MAKS_BARIS_EXCEL = 1_048_576  # rows of an Excel sheet
MAKS_KOLOM_EXCEL = 16_384  # columns of an Excel sheet

# control, zero-width and bidi characters: none of them may reach a terminal
_KENDALI = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def ubah_teks(value: object) -> str:
    """Any cell value as text; missing values (None, NA, NaN) become the empty string."""
    if value is None:
        return ""
    if not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value):
        return ""
    return str(value)


def normalkan_teks_xml(text: str) -> str:
    """Drop the control characters an XLSX/XML file cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def ubah_sel_xlsx(value: object) -> str | None:
    """A text value ready for an XLSX cell: formula-escaped, cleaned, capped; empty -> None."""
    text = normalkan_teks_xml(ubah_teks(value))
    if not text:
        return None
    return str(amankan_sel(text))[:BATAS_TEKS_SEL]


def ubah_teks_terminal(value: object, batas: int = 80) -> str:
    """A value safe to print: no control or bidi characters, one line, capped."""
    text = " ".join(_KENDALI.sub(" ", ubah_teks(value)).split())
    return text if len(text) <= batas else text[: batas - 1] + "…"


def ubah_tanggal(t: datetime) -> str:
    """A date and time in Bahasa Indonesia: '5 Maret 2025, pukul 14.03'."""
    return f"{t.day} {NAMA_BULAN[t.month]} {t.year}, pukul {t:%H.%M}"
