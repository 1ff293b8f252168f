"""Cell styles of the template sheets and the one cell writer (every text escaped)."""

from __future__ import annotations

from copy import copy
from typing import Any, Final

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.worksheet import Worksheet

from transforms.keluar.tulis_aman import amankan_sel

HURUF_JUDUL: Final = Font(bold=True, size=14)
HURUF_TEBAL: Final = Font(bold=True)
HURUF_KECIL: Final = Font(italic=True, size=9)
ISI_TERKUNCI: Final = PatternFill("solid", fgColor="E7E6E6")
ISI_BEBAS: Final = PatternFill("solid", fgColor="FFF2CC")
ISI_JUDUL: Final = PatternFill("solid", fgColor="DDEBF7")
TERBUKA: Final = Protection(locked=False)
BUNGKUS: Final = Alignment(wrap_text=True, vertical="top")
FORMAT_ANGKA: Final = "#,##0"


def tulis_sel(ws: Worksheet, baris: int, kolom: int, nilai: object, **gaya: Any) -> None:
    """Write one cell (text escaped) and apply the given style attributes."""
    sel = ws.cell(row=baris, column=kolom, value=amankan_sel(nilai))
    for nama, isi in gaya.items():
        setattr(sel, nama, isi)


def buat_gaya_sel(ws: Worksheet, **gaya: Any) -> StyleArray:
    """The style of a cell with ``gaya`` applied, to copy onto many cells at once.

    Setting fill/protection/format cell by cell makes openpyxl hash every style object for
    every cell; copying one style array (as openpyxl's own sheet copier does) is ~10x faster.
    """
    contoh = Cell(ws)  # detached: registers the styles in the workbook, not on the sheet
    for nama, isi in gaya.items():
        setattr(contoh, nama, isi)
    return copy(contoh._style)
