"""Marking the failing cells of the sender's copied sheet: a fill and one comment per cell."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from schemas.judul import bersihkan_judul
from transforms.baca.tolak import tampilkan_ribuan
from transforms.keluar.laporan.teks import (
    BATAS_TEKS_SEL,
    MAKS_BARIS_EXCEL,
    normalkan_teks_xml,
    ubah_teks,
)

BATAS_PESAN_PER_SEL = 20  # messages in one cell comment
BATAS_KOMENTAR = 10_000  # cells that get a comment (all failing cells are filled)
WARNA_GALAT = "FFFF9999"
WARNA_PERINGATAN = "FFFFFF66"
ISI_GALAT = PatternFill("solid", start_color=WARNA_GALAT, end_color=WARNA_GALAT)
ISI_PERINGATAN = PatternFill("solid", start_color=WARNA_PERINGATAN, end_color=WARNA_PERINGATAN)
PENULIS = "indikator"


@dataclass
class _Tanda:
    """The problems that fall on one cell."""

    galat: bool = False
    pesan: list[str] = field(default_factory=list)

    def tambah(self, tingkat: str, teks: str) -> None:
        """Add one problem (identical messages once)."""
        self.galat = self.galat or tingkat == "galat"
        if teks not in self.pesan:
            self.pesan.append(teks)


def _nilai_baris(ws: Worksheet, row: int) -> list[str]:
    """The cells of one sheet row as text ('' for empty)."""
    if row < 1:
        return []
    rows = ws.iter_rows(min_row=row, max_row=row, values_only=True)
    return [ubah_teks(v).strip() for v in next(rows, ())]


def _peta_kolom(ws: Worksheet, baris_judul: int) -> dict[str, int]:
    """Normalised header name -> column number (first occurrence wins).

    Names are the cells of row ``baris_judul``; for a two-row header also the cells of the row
    above, and ``group sub`` where a group label (carried right over blank cells, as merged
    cells are) stands above a sub-header, as :mod:`transforms.baca` names such columns.
    """
    bawah = _nilai_baris(ws, baris_judul)
    atas = _nilai_baris(ws, baris_judul - 1)
    peta: dict[str, int] = {}
    for c, nama in enumerate(bawah, start=1):
        if nama:
            peta.setdefault(bersihkan_judul(nama), c)
    grup = ""
    for c in range(1, max(len(atas), len(bawah)) + 1):
        label = atas[c - 1] if c <= len(atas) else ""
        sub = bawah[c - 1] if c <= len(bawah) else ""
        grup = label or grup
        if label:
            peta.setdefault(bersihkan_judul(label), c)
        if grup and sub:
            peta.setdefault(bersihkan_judul(f"{grup} {sub}"), c)
    return peta


def _kolom_sasaran(kolom: object, peta: Mapping[str, int]) -> list[int]:
    """Columns a problem names: the header itself, or each part of ``A/B/C`` that is known."""
    text = ubah_teks(kolom)
    if not text:
        return []
    nama = bersihkan_judul(text)
    if nama in peta:
        return [peta[nama]]
    return list(dict.fromkeys(peta[p] for p in map(bersihkan_judul, text.split("/")) if p in peta))


def _kumpulkan_tanda(m: pd.DataFrame, peta: Mapping[str, int]) -> dict[tuple[int, int], _Tanda]:
    """Cell (row, column) -> its problems; a row-level problem goes to the row's first cell."""
    tanda: dict[tuple[int, int], _Tanda] = {}
    for baris, kolom, nilai, tingkat, pesan in zip(
        m["baris"].tolist(),
        m["kolom"].tolist(),
        m["nilai"].tolist(),
        m["tingkat_masalah"].tolist(),
        m["pesan"].tolist(),
        strict=True,
    ):
        if baris is pd.NA or not 1 <= baris <= MAKS_BARIS_EXCEL:
            continue
        label = "GALAT" if tingkat == "galat" else "PERINGATAN"
        sasaran = _kolom_sasaran(kolom, peta)
        teks = f"{label}: {ubah_teks(pesan)}"
        if not sasaran:
            sasaran = [1]
            bagian = [f"kolom {ubah_teks(kolom)}" if ubah_teks(kolom) else "", ubah_teks(nilai)]
            rincian = "; ".join(b for b in bagian if b)
            teks = f"{label} ({rincian}): {ubah_teks(pesan)}" if rincian else teks
        for c in sasaran:
            tanda.setdefault((int(baris), c), _Tanda()).tambah(tingkat, teks)
    return tanda


def _komentar(t: _Tanda, lama: Comment | None) -> Comment:
    """One comment listing every problem of a cell (the original comment kept below)."""
    lines = [f"• {p}" for p in t.pesan[:BATAS_PESAN_PER_SEL]]
    if len(t.pesan) > BATAS_PESAN_PER_SEL:
        lines.append(f"… dan {len(t.pesan) - BATAS_PESAN_PER_SEL} masalah lain (sheet Masalah)")
    if lama is not None and lama.author != PENULIS:
        lines.append(f"\nKomentar asli: {lama.text}")
    text = normalkan_teks_xml("\n".join(lines))[:BATAS_TEKS_SEL]
    tinggi = min(400, 30 + 18 * sum(1 + len(line) // 45 for line in lines))
    return Comment(text, PENULIS, height=tinggi, width=320)


def _sel_utama(ws: Worksheet, row: int, col: int) -> Cell:
    """The cell at (row, col), or the top-left cell of the merged range that covers it."""
    cell = ws.cell(row=row, column=col)
    if isinstance(cell, MergedCell):
        for rng in ws.merged_cells.ranges:
            if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
                return ws.cell(row=rng.min_row, column=rng.min_col)
    return cell


def pasang_tanda(ws: Worksheet, m: pd.DataFrame, baris_judul: int) -> str:
    """Fill and comment every failing cell of the data sheet; return a Bahasa note.

    Every failing cell is filled; the first :data:`BATAS_KOMENTAR` (by row) get a comment
    (openpyxl writes comments slowly; beyond that many the ``Masalah`` sheet is the guide).
    """
    tanda = _kumpulkan_tanda(m, _peta_kolom(ws, baris_judul))
    for i, ((row, col), t) in enumerate(tanda.items()):
        cell = _sel_utama(ws, row, col)
        cell.fill = ISI_GALAT if t.galat else ISI_PERINGATAN
        if i < BATAS_KOMENTAR:
            cell.comment = _komentar(t, cell.comment)
    if ws.freeze_panes is None and baris_judul >= 1:
        ws.freeze_panes = f"A{baris_judul + 1}"
    ws.sheet_state = "visible"
    if len(tanda) <= BATAS_KOMENTAR:
        return f"{tampilkan_ribuan(len(tanda))} sel ditandai."
    return (
        f"{tampilkan_ribuan(len(tanda))} sel ditandai; "
        f"hanya {tampilkan_ribuan(BATAS_KOMENTAR)} sel pertama diberi komentar, "
        "penjelasan lengkap ada di sheet Masalah."
    )
