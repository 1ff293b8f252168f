"""XLSX sheets read by column into Arrow (fastexcel), each cell with the text calamine gives.

:func:`baca_grid_kolom` is the fast way to the whole-sheet grid of :mod:`transforms.baca.excel`:
fastexcel parses the sheet in Rust and hands back Arrow string columns, so no cell becomes a
Python object. Its cell text is the same as :func:`~transforms.baca.sel.teks_sel` gives
except in three places, which are made equal here or sent back to the row-wise reader:

* Numbers: fastexcel keeps at most nine decimals (``0.1234567890123`` → ``0.123456789``,
  ``1e-12`` → ``0``, ``-0.0`` → ``-0``). The sheet XML is searched for the numeric values
  whose text could differ (ten or more decimals, an exponent, seven or more integer digits
  with a fraction, a negative zero) and those cells get calamine's text. Below a million and
  with at most nine decimals both texts are provably the same (the value's nearest nine-decimal
  form is its shortest form).
* Booleans (``t="b"``) and ISO dates (``t="d"``) in the XML, and date cells (fastexcel writes
  ``2025-01-02 00:00:00``, calamine ``2025-01-02``): the sheet is read row-wise instead.
* Positions: fastexcel starts at the first used column; its columns are put back at their
  absolute index. Rows are absolute (``skip_rows=0``).

Merged ranges, formulas without cached value and error cells come from the same XML bytes,
searched while fastexcel parses the sheet in a thread (it releases the GIL: the two overlap).
Anything unusual (prefixed tags, a ``<v>`` with attributes, a value cell without ``r``, a
fastexcel error) also sends the sheet to the row-wise reader, with the same text: only the
time differs (such a sheet also pays the fastexcel parse that ran beside its XML checks).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from transforms.baca.grid import Gabungan, Grid, buat_grid_kolom
from transforms.baca.rumus import Sel, baca_isi_sheet, pindai_sel_rumus
from transforms.baca.sel import teks_sel
from transforms.baca.xml import ubah_kolom_ke_angka

# booleans or ISO dates, a value with attributes, namespace-prefixed cells: read row-wise (one
# pattern each: Python's re scans a literal start fast, an alternation of them slowly)
_PERLU_BARIS = (
    re.compile(rb"""t=["'][bd]["']"""),
    re.compile(rb"<v\s[^>]*(?<!/)>"),  # a value with attributes (an empty <v /> is fine)
    re.compile(rb":(?:c|v|row)[\s/>]"),
)
_ANGKA_BEDA = re.compile(
    rb"<v>\s*([-+]?(?:\d*\.\d{10,}|\d{7,}\.\d*[1-9]\d*|[\d.]*[eE][-+]?\d+|-[0.]+))\s*</v>"
)
_SEL = re.compile(rb'<c\s[^>]*?\br="([A-Z]{1,4})(\d{1,7})"')
_JENIS = re.compile(rb"""\bt=["'](\w*)["']""")
_GABUNG = re.compile(rb'<mergeCell\s[^>]*?\bref="([A-Z]{1,4})(\d+)(?::([A-Z]{1,4})(\d+))?"')
_TANGGAL = r"^[-+]?\d{4,}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"


class _BacaBaris(Exception):
    """This sheet is read row-wise (see the module docstring)."""


def _kolom_ke_indeks(huruf: bytes) -> int:
    return ubah_kolom_ke_angka(huruf.decode()) - 1


def _angka_tepat(data: bytes) -> list[Sel]:
    """(row, col, calamine's text) of the numeric cells whose fastexcel text could differ."""
    out: list[Sel] = []
    for m in _ANGKA_BEDA.finditer(data):
        awal = data.rfind(b"<c", 0, m.start())
        if awal < 0 or data.find(b"</c>", awal, m.start()) >= 0:
            raise _BacaBaris
        tag = data[awal : data.find(b">", awal) + 1]
        sel = _SEL.match(tag)
        if sel is None:
            raise _BacaBaris
        jenis = _JENIS.search(tag)
        if jenis is not None and jenis.group(1) not in (b"n", b""):
            continue  # text, formula text or error: fastexcel keeps it as it is
        try:
            teks = teks_sel(float(m.group(1)))
        except ValueError:  # "--0": not a number Python reads; calamine's reader decides
            raise _BacaBaris from None
        out.append((int(sel.group(2)) - 1, _kolom_ke_indeks(sel.group(1)), teks))
    return out


def _gabungan(data: bytes) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Merged ranges of the sheet XML, 0-based, in document order (as calamine lists them)."""
    awal = data.rfind(b"<mergeCells")
    if awal < 0:
        return []
    out = []
    for c0, r0, c1, r1 in _GABUNG.findall(data, awal):
        a = (int(r0) - 1, _kolom_ke_indeks(c0))
        out.append((a, (int(r1) - 1, _kolom_ke_indeks(c1)) if c1 else a))
    return out


def _muat(buku: Any, sheet: str) -> list[pa.Array]:
    """The sheet's columns from column A as non-null Arrow strings (fastexcel's text)."""
    import fastexcel

    pembaca = buku.ingatan.get(("fastexcel",))
    try:
        if pembaca is None:
            pembaca = buku.ingatan[("fastexcel",)] = fastexcel.read_excel(buku.path)
        lembar = pembaca.load_sheet(sheet, header_row=None, skip_rows=0, dtypes="string")
        posisi = [c.absolute_index for c in lembar.available_columns()]
        batch = lembar.to_arrow()
    except Exception as exc:  # fastexcel's error types vary; the row-wise reader explains
        raise _BacaBaris from exc
    n = batch.num_rows
    kolom = [pa.array([""] * n, pa.string())] * (max(posisi, default=-1) + 1)
    for j, arr in zip(posisi, batch.columns, strict=True):
        isi = pc.fill_null(arr, "")
        if pc.any(pc.match_substring_regex(isi, _TANGGAL)).as_py():
            raise _BacaBaris
        kolom[j] = isi
    return kolom


def _tambal(kolom: list[pa.Array], sel: list[Sel]) -> list[pa.Array]:
    """Columns with the cells ``sel`` set to their text, grown to hold them when beyond."""
    if not sel:
        return kolom
    tinggi = max(len(kolom[0]) if kolom else 0, *(r + 1 for r, _, _ in sel))
    lebar = max(len(kolom), *(c + 1 for _, c, _ in sel))
    kolom = kolom + [pa.array([], pa.string())] * (lebar - len(kolom))
    per_kolom: dict[int, list[tuple[int, str]]] = {}
    for r, c, teks in sel:
        per_kolom.setdefault(c, []).append((r, teks))
    out = []
    for j, arr in enumerate(kolom):
        if len(arr) < tinggi:
            arr = pa.concat_arrays([arr, pa.array([""] * (tinggi - len(arr)), pa.string())])
        if j in per_kolom:
            nilai = arr.to_numpy(zero_copy_only=False).astype(object)
            for r, teks in per_kolom[j]:
                nilai[r] = teks
            arr = pa.array(nilai, pa.string())
        out.append(arr)
    return out


def baca_grid_kolom(buku: Any, sheet: str) -> Grid | None:
    """The whole XLSX sheet as a column grid, or None when it must be read row-wise (not an
    XLSX sheet, or one of the cases of the module docstring). The grid's ``rumus`` lists the
    formulas without cached value; error cells hold their text, as the row-wise grid has."""
    member = buku.xml.get(sheet)
    if not member:
        return None
    with ThreadPoolExecutor(1, thread_name_prefix="fastexcel") as latar:
        muat = latar.submit(_muat, buku, sheet)  # Rust, without the GIL: beside the XML work
        try:
            data = baca_isi_sheet(buku.path, member, sheet)
            if any(pola.search(data) for pola in _PERLU_BARIS):
                return None
            angka = _angka_tepat(data)
            rumus, galat = pindai_sel_rumus(data, buku.path, sheet)
            kolom = muat.result()
        except _BacaBaris:
            return None
        finally:
            muat.cancel()
    kosong = [(r, c, "") for r, c, _ in rumus]
    kolom = _tambal(kolom, kosong + angka + galat)
    return buat_grid_kolom(
        kolom, "", sheet=sheet, rumus=rumus, gabungan=Gabungan(tuple(_gabungan(data)))
    )
