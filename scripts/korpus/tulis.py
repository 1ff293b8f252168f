"""The corpus file formats: delimited text and one-sheet workbooks, byte-identical per run."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from scripts.xlsx_tetap import Ubah, simpan_xlsx_tetap

WAKTU = dt.datetime(2025, 1, 1, 0, 0, 0)
"""The fixed time of every workbook and zip entry of the corpus."""

BOM = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE}
"""The byte order mark written before the text (``bom: true``), per encoding."""


def teks_csv(rows: Sequence[Sequence[str]], pemisah: str = ";", akhir: str = "\n") -> str:
    """Rows as delimited text (minimal quoting, fixed line ending)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=pemisah, lineterminator=akhir)
    writer.writerows(rows)
    return buffer.getvalue()


def bita_csv(
    rows: Sequence[Sequence[str]],
    pemisah: str = ";",
    pengodean: str = "utf-8",
    akhir: str = "\n",
    bom: bool = False,
) -> bytes:
    """A CSV file's bytes, with the encoding's byte order mark first when ``bom``."""
    awal = BOM[pengodean] if bom else b""
    return awal + teks_csv(rows, pemisah, akhir).encode(pengodean)


def bita_tanpa_kutip(
    rows: Sequence[Sequence[str]], pemisah: str = ";", pengodean: str = "utf-8", akhir: str = "\n"
) -> bytes:
    """Cells joined by ``pemisah`` as they are, never quoted (a stray quote stays open)."""
    return "".join(pemisah.join(r) + akhir for r in rows).encode(pengodean)


def _isi_sel(nilai: str, teks: bool) -> Any:
    """A cell value: numbers as numbers unless ``teks``; formulas and errors as written."""
    if teks or not re.fullmatch(r"\d+", nilai):
        return nilai if nilai != "" else None
    return int(nilai)


def tulis_xlsx(
    path: Path,
    rows: Sequence[Sequence[str]],
    *,
    angka_teks: bool = False,
    gabung: Sequence[str] = (),
    sel: dict[str, Any] | None = None,
    format_sel: dict[str, str] | None = None,
    ubah_xml: Ubah | None = None,
) -> None:
    """A one-sheet workbook ``Data``: ``rows`` from A1, merged ranges, then fixed cells.

    ``ubah_xml`` may rewrite a member of the saved archive, to plant something hostile.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in rows:
        ws.append([_isi_sel(v, angka_teks) for v in row])
    for rentang in gabung:
        ws.merge_cells(rentang)
    for ref, nilai in (sel or {}).items():
        ws[ref] = nilai
    for ref, bentuk in (format_sel or {}).items():
        ws[ref].number_format = bentuk
    ekstra = {"ubah": ubah_xml} if ubah_xml else {}
    simpan_xlsx_tetap(wb, path, pembuat="scripts/buat_korpus.py", waktu=WAKTU, **ekstra)
