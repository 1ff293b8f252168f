"""The summary sheets of the XLSX report: ``Masalah`` (every problem) and ``Ringkasan``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from transforms.keluar.laporan.masalah import (
    buat_baris_akuntansi,
    buat_vonis,
    hitung_per_aturan,
    hitung_tingkat,
)
from transforms.keluar.laporan.tanda import ISI_GALAT, ISI_PERINGATAN
from transforms.keluar.laporan.teks import ubah_sel_xlsx, ubah_tanggal, ubah_teks


def _nama_sheet(wb: Workbook, dasar: str) -> str:
    """A sheet title not yet used in the workbook."""
    nama, i = dasar, 1
    while nama in wb.sheetnames:
        i += 1
        nama = f"{dasar} ({i})"
    return nama


def pasang_lebar_kolom(ws: Worksheet, rows: Iterable[Iterable[object]]) -> None:
    """Set column widths roughly from the longest text of the given rows (8..60 characters)."""
    lebar: dict[int, int] = {}
    for row in rows:
        for c, value in enumerate(row, start=1):
            panjang = max((len(p) for p in ubah_teks(value).split("\n")), default=0)
            lebar[c] = max(lebar.get(c, 0), panjang)
    for c, n in lebar.items():
        ws.column_dimensions[get_column_letter(c)].width = min(60, max(8, n + 2))


def buat_lembar_masalah(wb: Workbook, m: pd.DataFrame) -> Worksheet:
    """The sheet listing every problem, one row each (values escaped).

    The file name is on ``Ringkasan``; the sheet name is a column only when problems name one.
    """
    ws = wb.create_sheet(_nama_sheet(wb, "Masalah"))
    judul = ["Baris", "Kolom", "Nilai", "Aturan", "Tingkat", "Pesan"]
    kolom = ["kolom", "nilai", "aturan", "tingkat_masalah", "pesan"]
    if m["sheet"].notna().any():
        judul.append("Sheet")
        kolom.append("sheet")
    if "wilayah" in m.columns and m["wilayah"].notna().any():
        judul.append("Wilayah")
        kolom.append("wilayah")
    ws.append(judul)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    teks = [m[k].tolist() for k in kolom]
    for i, baris in enumerate(m["baris"].tolist()):
        ws.append([None if baris is pd.NA else int(baris), *(ubah_sel_xlsx(t[i]) for t in teks)])
    rentang = f"E2:E{max(len(m), 1) + 1}"
    for kata, isi in (("galat", ISI_GALAT), ("peringatan", ISI_PERINGATAN)):
        ws.conditional_formatting.add(
            rentang, CellIsRule(operator="equal", formula=[f'"{kata}"'], fill=isi)
        )
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(judul))}{len(m) + 1}"
    pasang_lebar_kolom(ws, ws.iter_rows(max_row=500, values_only=True))
    return ws


def _isi_ringkasan(
    m: pd.DataFrame, akuntansi: Mapping[str, object] | None, catatan: str, tanggal: datetime
) -> list[tuple[str, object]]:
    """The rows (label, value) of the ``Ringkasan`` sheet; the legend takes the last three."""
    galat, peringatan = hitung_tingkat(m)
    rows: list[tuple[str, object]] = [("Keterangan", "Isi"), ("Diperiksa", ubah_tanggal(tanggal))]
    if akuntansi is not None:
        _, kata, alasan = buat_vonis(m, akuntansi)
        rows += [("Berkas", akuntansi.get("berkas")), ("Keputusan", f"{kata} ({alasan})")]
        rows += buat_baris_akuntansi(akuntansi)
    rows += [("Jumlah galat", galat), ("Jumlah peringatan", peringatan), ("Salinan", catatan)]
    rows += [
        ("", None),
        ("Merah", "galat: baris tidak dipakai sampai sel diperbaiki"),
        ("Kuning", "peringatan: baris tetap dipakai, mohon diperiksa"),
        ("Yang harus dilakukan", "perbaiki sel yang ditandai di berkas asli, lalu kirim ulang"),
    ]
    return rows


JUDUL_PER_ATURAN = ("Aturan", "Penjelasan", "Yang perlu dilakukan", "Tingkat", "Jumlah")


def _tulis_per_aturan(ws: Worksheet, m: pd.DataFrame) -> None:
    """Below the legend: one row per rule with the registry's explanation and what to do."""
    per = hitung_per_aturan(m)
    if per.empty:
        return
    ws.append([])
    ws.append(list(JUDUL_PER_ATURAN))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for r in per.itertuples(index=False):
        teks = (ubah_sel_xlsx(v) for v in (r.aturan, r.penjelasan, r.tindakan, r.tingkat))
        ws.append([*teks, int(r.jumlah)])


def buat_lembar_ringkasan(
    wb: Workbook,
    m: pd.DataFrame,
    akuntansi: Mapping[str, object] | None,
    catatan: str,
    tanggal: datetime,
) -> Worksheet:
    """The sheet with the verdict, the accounting, the legend, and per rule what to do."""
    ws = wb.create_sheet(_nama_sheet(wb, "Ringkasan"))
    rows = _isi_ringkasan(m, akuntansi, catatan, tanggal)
    for label, value in rows:
        ws.append([ubah_sel_xlsx(label), value if isinstance(value, int) else ubah_sel_xlsx(value)])
    ws["A1"].font = ws["B1"].font = Font(bold=True)
    baris_merah = len(rows) - 2
    ws.cell(row=baris_merah, column=1).fill = ISI_GALAT
    ws.cell(row=baris_merah + 1, column=1).fill = ISI_PERINGATAN
    _tulis_per_aturan(ws, m)
    ws.column_dimensions["A"].width = 46
    ws.column_dimensions["B"].width = 90
    ws.column_dimensions["C"].width = 70
    for row in ws.iter_rows(min_col=2, max_col=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    return ws


def pasang_lembar_aktif(wb: Workbook, ws: Worksheet) -> None:
    """Make ``ws`` the only selected, active sheet."""
    for other in wb.worksheets:
        other.sheet_view.tabSelected = other is ws
    wb.active = wb.worksheets.index(ws)
