"""The XLSX report: the sender's sheet with its failing cells marked, ``Masalah``, ``Ringkasan``."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from transforms.keluar.laporan.lembar import (
    buat_lembar_masalah,
    buat_lembar_ringkasan,
    pasang_lembar_aktif,
)
from transforms.keluar.laporan.masalah import normalkan_masalah
from transforms.keluar.laporan.salin import buat_salinan, buat_tanpa_salinan
from transforms.keluar.laporan.tanda import pasang_tanda
from transforms.keluar.laporan.teks import ubah_teks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Isi:
    """What goes into the XLSX report besides the copy of the original."""

    masalah: pd.DataFrame
    akuntansi: Mapping[str, object] | None
    baris_judul: int
    tanggal: datetime


def tulis_laporan_xlsx(
    path_asli: Path,
    masalah: pd.DataFrame,
    out: Path,
    *,
    sheet: str | None = None,
    baris_judul: int = 1,
    akuntansi: Mapping[str, object] | None = None,
    pemisah: str | None = None,
    tanggal: datetime | None = None,
) -> Path:
    """Write the XLSX report: the officer's sheet annotated, plus ``Masalah`` and ``Ringkasan``.

    An XLSX input is copied with openpyxl (all its sheets kept, in order; external links and
    macros dropped; the data sheet made active); an XLS/ODS input, or an XLSX openpyxl cannot
    load, gets a values-only copy of the sheet read with calamine; a CSV input is written as
    text cells into a sheet ``Data``. Failing cells get a red (galat) or yellow (peringatan)
    fill and one comment listing their messages. When the original cannot be opened (corrupt,
    not a spreadsheet, too big) the report has only ``Masalah`` and ``Ringkasan``.

    Args:
        path_asli: the file the officer sent.
        masalah: the problems (karantina contract columns); ``baris`` is the physical row.
        out: the XLSX file to write.
        sheet: the data sheet of an XLSX input (default: the sheet named in ``masalah``,
            else the first).
        baris_judul: physical row of the header, used to find a problem's column.
        akuntansi: the row accounting for the ``Ringkasan`` sheet (verdict left out if None).
        pemisah: the CSV separator (default: sniffed among ``; , TAB |``).
        tanggal: when the check ran (default: now).
    """
    m = normalkan_masalah(masalah)
    if sheet is None and m["sheet"].notna().any():
        sheet = ubah_teks(m["sheet"].dropna().iloc[0]) or None
    isi = _Isi(m, akuntansi, baris_judul, tanggal or datetime.now())
    wb, ws, catatan = buat_salinan(Path(path_asli), sheet, pemisah)
    try:
        _simpan_xlsx(wb, ws, catatan, isi, out)
    except Exception:  # an odd workbook that cannot be annotated or saved back
        if ws is None:
            raise
        log.warning("salinan %s tidak dapat ditandai atau disimpan", path_asli, exc_info=True)
        tanpa = buat_tanpa_salinan("sheet asli tidak dapat ditandai atau disimpan")
        _simpan_xlsx(*tanpa, isi, out)
    return out


def _simpan_xlsx(wb: Workbook, ws: Worksheet | None, catatan: str, isi: _Isi, out: Path) -> None:
    """Mark the copied sheet (if any), add ``Masalah`` and ``Ringkasan``, save."""
    m = isi.masalah
    if ws is not None:
        catatan = f"{catatan} {pasang_tanda(ws, m, isi.baris_judul)}"
    masalah_ws = buat_lembar_masalah(wb, m)
    ringkasan_ws = buat_lembar_ringkasan(wb, m, isi.akuntansi, catatan, isi.tanggal)
    pasang_lembar_aktif(wb, ws if ws is not None else (ringkasan_ws if m.empty else masalah_ws))
    wb.save(out)
