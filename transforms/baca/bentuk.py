"""Rows below the header that are not data: blank, column-number, repeated header and total rows.

Each row below the header is data or one of the reasons of :data:`~transforms.baca.tabel.ALASAN`:
``baris_kosong`` (nothing but whitespace), ``nomor_kolom`` (``1 2 3= Σ (4-14)``),
``judul_berulang`` (the header again, as stacked blocks repeat it) and ``baris_total``
(``JUMLAH``, ``TOTAL``, ``GRAND TOTAL`` ...). Total rows are kept apart so that a caller can
compare the totals they state with the sum of the data rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from schemas.judul import bersihkan_judul
from transforms.baca.grid import Judul
from transforms.baca.sel import NOMOR_KOLOM, berisi_teks

KATA_TOTAL = ("JUMLAH", "TOTAL", "JML", "REKAP")  # the words that open a total row
# a total row's label starts with one of KATA_TOTAL (or GRAND TOTAL, SUB-TOTAL) as a whole word
POLA_TOTAL = re.compile(r"(?:GRAND\s*TOTAL|SUB[\s-]*TOTAL|" + "|".join(KATA_TOTAL) + r")\b")

_CURIGA_NOMOR = re.compile(r"\x1f *(?:\( *1 *\)|1)\.? *\x1f[\s\x1f]*\(? *[23](?!\d)")
SEL_SATU = frozenset({"1", "(1)", "1.", "( 1 )", "1)"})
TANDA_KOSONG = "\x1f \t\r\n\xa0\u3000"


def _mungkin_nomor(joined: str) -> bool:
    """Cheap filter before :func:`kenali_nomor_kolom`: a cell ``1`` followed by ``2`` or ``3``.

    ``joined`` is the row's cells joined by ``\x1f`` (blank cells may sit between them).
    """
    return _CURIGA_NOMOR.search(f"\x1f{joined}\x1f") is not None


def kenali_nomor_kolom(row: Sequence[str], lebar_judul: int) -> bool:
    """Column-number row: ``1 2 3 …``, ``(1) (2) …``, ``3= Σ (4-14)``, ``3=4+5``.

    The longest run 1, 2, 3, … over the non-empty cells must have at least 3 cells and cover
    half of them when a cell has the ``(n)`` or ``n=…`` form, otherwise 80 % of them and 80 %
    of the header's named columns (a data row ``1 | 2 | 3 | 4`` under a 4-column header is
    indistinguishable and is taken as column numbers).
    """
    isi = sum(1 for c in row if c.strip())
    if isi < 3:
        return False
    run = best = last = blanks = 0
    kuat = kuat_best = False
    for raw in row:
        cell = raw.strip()
        if not cell:
            blanks += 1
            continue
        m = NOMOR_KOLOM.fullmatch(cell)
        n = int(m.group(1)) if m else -1
        tanda = m is not None and (cell.startswith("(") or "=" in cell)
        if run and last < n <= last + 1 + blanks:  # a blank cell may stand for a number
            run, kuat = run + 1, kuat or tanda
        elif n == 1:
            run, kuat = 1, tanda
        else:
            run, kuat = 0, False
        last, blanks = n, 0
        if run > best:
            best, kuat_best = run, kuat
    if best < 3:
        return False
    if kuat_best:
        return best >= 0.5 * isi
    return best >= 0.8 * isi and best >= 0.8 * lebar_judul


CARI_KATA_TOTAL = re.compile("|".join(KATA_TOTAL))


def _ada_kata_total(text: str) -> bool:
    """Cheap filter before :func:`kenali_total`: a total keyword appears somewhere."""
    return CARI_KATA_TOTAL.search(text.upper()) is not None


def kenali_total(row: Sequence[str]) -> bool:
    """Total row: one of the first 3 text cells starts with JUMLAH, TOTAL, REKAP, JML, …"""
    teks: list[str] = []
    for cell in row:
        if berisi_teks(cell):
            teks.append(bersihkan_judul(cell))
            if len(teks) == 3:
                break
    return any(POLA_TOTAL.match(t) for t in teks)


class _JudulBerulang:
    """Recognises rows repeating a header row (stacked blocks)."""

    def __init__(self, refs: Iterable[Sequence[str]]) -> None:
        self.acuan: list[tuple[dict[int, str], int, list[int]]] = []
        for row in refs:
            pos = {j: bersihkan_judul(c) for j, c in enumerate(row) if c.strip()}
            if len(pos) >= 2:
                need = max(2, math.ceil(0.8 * len(pos)))
                self.acuan.append((pos, need, list(pos)[:2]))

    def cocok(self, row: Sequence[str]) -> bool:
        for pos, need, keys in self.acuan:
            k0, k1 = keys
            if (
                row[k0].lstrip()[:1].upper() != pos[k0][:1]
                and row[k1].lstrip()[:1].upper() != pos[k1][:1]
            ):
                continue
            if _cukup_sama(row, pos, need):
                return True
        return False


def _cukup_sama(row: Sequence[str], pos: dict[int, str], need: int) -> bool:
    """Whether at least ``need`` of the header cells ``pos`` are repeated in ``row``; stops
    as soon as too many differ (a data row is given up after a few cells)."""
    boleh_beda = len(pos) - need
    for j, h in pos.items():
        if bersihkan_judul(row[j]) != h:
            boleh_beda -= 1
            if boleh_beda < 0:
                return False
    return True


class Pemilah:
    """Tells, row by row, why a row below the header is not data (None: it is data)."""

    def __init__(self, rows_judul: Sequence[Sequence[str]], judul: Judul, rumus: frozenset[int]):
        self.lebar = sum(1 for n in judul.nama if n)
        self.ulang = _JudulBerulang(rows_judul)
        self.rumus = rumus

    def alasan(self, i: int, row: Sequence[str]) -> str | None:
        """The reason row ``i`` (0-based) is not data, or None."""
        joined = "\x1f".join(row)
        if not joined.strip(TANDA_KOSONG) and i not in self.rumus:
            return "baris_kosong"
        if (
            not SEL_SATU.isdisjoint(row)
            and _mungkin_nomor(joined)
            and kenali_nomor_kolom(row, self.lebar)
        ):
            return "nomor_kolom"
        if self.ulang.cocok(row):
            return "judul_berulang"
        if _ada_kata_total(joined) and kenali_total(row):
            return "baris_total"
        return None


def baris_judul(rows: Sequence[Sequence[str]], judul: Judul) -> list[Sequence[str]]:
    """The header's row(s), which a repeated header would repeat."""
    return [rows[judul.atas]] + ([rows[judul.bawah]] if judul.bawah is not None else [])


def kenali_bukan_data(
    rows: list[list[str]], judul: Judul, rumus: frozenset[int] = frozenset()
) -> tuple[list[int], list[tuple[int, str]]]:
    """Split the rows below the header into data rows and (row, reason) non-data rows.

    Rows are 0-based indices of ``rows``. A row holding a formula without cached value
    (``rumus``) is never taken as blank.
    """
    pemilah = Pemilah(baris_judul(rows, judul), judul, rumus)
    data: list[int] = []
    bukan: list[tuple[int, str]] = []
    for i in range(judul.akhir + 1, len(rows)):
        alasan = pemilah.alasan(i, rows[i])
        if alasan is None:
            data.append(i)
        else:
            bukan.append((i, alasan))
    return data, bukan
