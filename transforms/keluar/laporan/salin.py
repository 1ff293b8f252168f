"""Copying the sender's sheet into the XLSX report, so its failing cells can be marked.

An XLSX input is copied with openpyxl (all its sheets kept; external links and macros
dropped); an XLS/ODS input, or an XLSX openpyxl cannot load, gets a values-only copy read with
calamine; a CSV input is written as text cells into a sheet ``Data``. A file that cannot be
copied (corrupt, not a spreadsheet, too big) gives no copy and a Bahasa note saying why.
"""

from __future__ import annotations

import logging
import re
import warnings
import zipfile
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from transforms.baca.csv import baca_baris_csv
from transforms.baca.tabel import BerkasTidakTerbaca
from transforms.keluar.laporan.lembar import pasang_lebar_kolom
from transforms.keluar.laporan.teks import MAKS_BARIS_EXCEL, MAKS_KOLOM_EXCEL, ubah_sel_xlsx

log = logging.getLogger(__name__)

BATAS_UNZIP = 150 * 1024 * 1024  # uncompressed size above which an XLSX is not copied
BATAS_SEL = 3_000_000  # cells above which a CSV/XLS/ODS sheet is not copied


class _TidakDisalin(Exception):
    """The original sheet cannot be copied into the XLSX report (message in Bahasa)."""


def _ukuran_unzip(path: Path) -> int:
    """Total uncompressed size of a zip file's members."""
    with zipfile.ZipFile(path) as z:
        return sum(info.file_size for info in z.infolist())


def _salin_xlsx(path: Path, sheet: str | None) -> tuple[Workbook, Worksheet, str]:
    """Open the original workbook (external links and macros dropped) and pick the sheet."""
    if not zipfile.is_zipfile(path):
        raise _TidakDisalin("berkas bukan berkas Excel (XLSX) yang sah")
    if _ukuran_unzip(path) > BATAS_UNZIP:
        raise _TidakDisalin("berkas terlalu besar untuk disalin ke laporan")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(path, keep_links=False, keep_vba=False)
    ws = wb.worksheets[0] if sheet is None and wb.worksheets else None
    if sheet is not None and sheet in wb.sheetnames:
        ws = wb[sheet]
    if not isinstance(ws, Worksheet):
        raise _TidakDisalin(
            f"sheet {sheet!r} tidak ditemukan di berkas" if sheet else "berkas tidak berisi sheet"
        )
    return wb, ws, f"Sheet {ws.title!r} disalin dari berkas asli."


def _teks_excel(value: object) -> object:
    """A calamine value for the values-only copy: numbers stay numbers, the rest is text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        iso = getattr(value, "isoformat", None)
        return ubah_sel_xlsx(iso() if callable(iso) else value)
    return value


def buat_salinan_nilai(path: Path, sheet: str | None) -> tuple[Workbook, Worksheet, str]:
    """A values-only copy of a sheet openpyxl cannot open (XLS, ODS), read with calamine."""
    import python_calamine as pc

    buku = pc.CalamineWorkbook.from_path(str(path))
    lembar = buku.get_sheet_by_name(sheet) if sheet else buku.get_sheet_by_index(0)
    akhir = lembar.end or (0, 0)
    if (akhir[0] + 1) * (akhir[1] + 1) > BATAS_SEL:
        raise _TidakDisalin("berkas terlalu besar untuk disalin ke laporan")
    rows = lembar.to_python(skip_empty_area=False)
    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\[\]:*?/\\]", "_", lembar.name)[:31] or "Data"
    _tulis_baris(ws, ([_teks_excel(v) for v in row] for row in rows))
    pasang_lebar_kolom(ws, rows[:500])
    catatan = f"Sheet {lembar.name!r} disalin (nilai saja, tanpa format) dari berkas asli."
    return wb, ws, catatan


def _baca_csv(path: Path, pemisah: str | None) -> list[list[str]]:
    """The records of a CSV file, decoded and split exactly as the pipeline's reader does."""
    try:
        return baca_baris_csv(path, pemisah)
    except BerkasTidakTerbaca as exc:
        raise _TidakDisalin(str(exc)) from exc


def _tulis_baris(ws: Worksheet, rows: Iterable[list[object]]) -> None:
    """Write rows from A1 (record number = row number); text cells get the text format."""
    for r, row in enumerate(rows, start=1):
        if r > MAKS_BARIS_EXCEL:
            break
        for c, value in enumerate(row[:MAKS_KOLOM_EXCEL], start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.number_format = "@"
    for cell in ws[1]:
        cell.font = Font(bold=True)


def _salin_csv(path: Path, pemisah: str | None) -> tuple[Workbook, Worksheet, str]:
    """A new workbook with the CSV records as (escaped) text cells."""
    records = _baca_csv(path, pemisah)
    if sum(map(len, records)) > BATAS_SEL:
        raise _TidakDisalin("berkas terlalu besar untuk disalin ke laporan")
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    _tulis_baris(ws, ([ubah_sel_xlsx(v) for v in record] for record in records))
    pasang_lebar_kolom(ws, records[:500])
    return wb, ws, "Isi berkas CSV disalin sebagai teks ke sheet 'Data'."


def _salin(path: Path, sheet: str | None, pemisah: str | None) -> tuple[Workbook, Worksheet, str]:
    """Copy the original by its extension; an XLSX openpyxl cannot read is copied by value."""
    akhiran = path.suffix.lower()
    if akhiran in {".xlsx", ".xlsm"}:
        try:
            return _salin_xlsx(path, sheet)
        except _TidakDisalin:
            raise
        except Exception:
            log.info("openpyxl tidak dapat membuka %s; salinan nilai saja", path, exc_info=True)
            return buat_salinan_nilai(path, sheet)
    if akhiran in {".xls", ".ods"}:
        return buat_salinan_nilai(path, sheet)
    return _salin_csv(path, pemisah)


def buat_salinan(
    path: Path, sheet: str | None, pemisah: str | None
) -> tuple[Workbook, Worksheet | None, str]:
    """The workbook to annotate, its data sheet (None when not copied) and a Bahasa note."""
    try:
        return _salin(path, sheet, pemisah)
    except _TidakDisalin as exc:
        return buat_tanpa_salinan(str(exc))
    except Exception:  # a hostile or corrupt file must never crash the report
        log.warning("salinan %s tidak dapat dibuat", path, exc_info=True)
        return buat_tanpa_salinan("berkas asli tidak dapat dibuka")


def buat_tanpa_salinan(alasan: str) -> tuple[Workbook, Worksheet | None, str]:
    """An empty workbook (no copy of the original) and the Bahasa note saying why."""
    wb = Workbook()
    wb.remove(wb.active)
    return wb, None, f"Tidak ada salinan sheet: {alasan}."
