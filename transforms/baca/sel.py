"""One cell's text: a calamine value as text, value-like cells, text cells, a row's content
(headers: schemas.judul)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

# the characters str.split() and str.strip() cut on (every c with c.isspace(); tests check it)
SPASI = (
    "\x09\x0a\x0b\x0c\x0d\x1c\x1d\x1e\x1f\x20\x85\xa0\u1680\u2000"
    "\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
KELAS_SPASI = "".join(f"\\x{{{ord(c):x}}}" for c in SPASI)  # SPASI inside a [...] of RE2 (Arrow)
_ANGKA = re.compile(r"[(\[]?[+-]?(?:\d[\d.,' ]*|[.,]\d+)\s*%?[)\]]?")
_TANGGAL = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[T ][\d:.]+)?")
NOMOR_KOLOM = re.compile(r"\(?\s*(\d{1,3})\s*\)?\.?(?:\s*=.*)?", re.S)  # 3, (3), 3., 3= Σ (4-14)


def berisi_nilai(cell: str) -> bool:
    """True for a value-like cell: number, dash, date, Excel error, formula, column number."""
    text = cell.strip()
    if not text:
        return False
    if text[0] in "#=" or text in {"-", "–", "—"}:
        return True
    return bool(_ANGKA.fullmatch(text) or _TANGGAL.fullmatch(text) or NOMOR_KOLOM.fullmatch(text))


def berisi_teks(cell: str) -> bool:
    """True for a non-empty cell that is not value-like."""
    return bool(cell.strip()) and not berisi_nilai(cell)


def hitung_isi(row: Sequence[str]) -> tuple[int, int]:
    """(non-empty cells, text cells) of a row."""
    isi = [c for c in row if c.strip()]
    return len(isi), sum(1 for c in isi if not berisi_nilai(c))


def ringkas_baris(row: Sequence[str]) -> str:
    """The non-empty cells of a row joined by `` | ``, at most 200 characters."""
    return " | ".join(c.strip() for c in row if c.strip())[:200]


def teks_sel(value: Any) -> str:
    """One calamine cell value as text: ``3.0`` → ``3``, no exponent, dates in ISO form."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        if math.isfinite(value):
            return np.format_float_positional(value, trim="-")
        return str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
