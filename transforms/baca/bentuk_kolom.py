"""The non-data rows of a sheet read by column (Arrow), without a Python loop over its rows.

:func:`kenali_bukan_data_kolom` gives what :func:`~transforms.baca.bentuk.kenali_bukan_data`
gives for the same cells. Arrow first marks every row that *might* be blank, a column-number
row, a repeated header or a total row: each mark is a superset of the condition the row-wise
:class:`~transforms.baca.bentuk.Pemilah` tests. Only the marked rows are taken out as Python
rows and given to that same :class:`~transforms.baca.bentuk.Pemilah`; every unmarked row is
data. A national sheet of 84,000 rows usually has a handful of marked rows.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms.baca.bentuk import CARI_KATA_TOTAL, SEL_SATU, TANDA_KOSONG, Pemilah
from transforms.baca.sel import SPASI


@functools.cache
def _pola_istimewa() -> str:
    """A regex class of the characters whose ``str.upper()`` is longer than one character
    (``ß`` → ``SS``, ligatures): Arrow's per-character upper case cannot show what Python's
    makes of them, so a cell holding one is always marked."""
    huruf = [chr(i) for i in range(0x10000) if not 0xD800 <= i < 0xE000 and len(chr(i).upper()) > 1]
    return "[" + "".join(huruf) + "]"


def _mungkin_total(atas: pa.Array, kolom: pa.Array, ascii_: pa.Array) -> pa.Array:
    """Cells in which the row-wise test could find a total keyword (``atas``: upper-cased)."""
    kata = pc.match_substring_regex(atas, CARI_KATA_TOTAL.pattern)
    if pc.all(ascii_).as_py() is not False:
        return kata
    return pc.or_(kata, pc.match_substring_regex(kolom, _pola_istimewa()))


def _mungkin_sama(atas: pa.Array, ascii_: pa.Array, judul: str) -> np.ndarray:
    """Cells that might repeat the header cell ``judul`` (``bersihkan_judul(cell) == judul``):
    that cleaning only trims, drops quotes at the ends, upper-cases and joins whitespace, so an
    ASCII cell that repeats it holds its longest word; every non-ASCII cell is kept too."""
    kata = max(judul.split(), key=len, default="")
    if not kata:
        return np.ones(len(atas), dtype=bool)
    mungkin = pc.or_(pc.match_substring(atas, kata), pc.invert(ascii_))
    return mungkin.to_numpy(zero_copy_only=False)


def _tandai(bagian: Sequence[pa.Array], pemilah: Pemilah) -> np.ndarray:
    """Rows that might not be data (see the module docstring)."""
    satu = pa.array(sorted(SEL_SATU))
    atas = [pc.utf8_upper(k) for k in bagian]
    ascii_ = [pc.string_is_ascii(k) for k in bagian]
    n = len(bagian[0])
    kosong, calon = np.ones(n, dtype=bool), np.zeros(n, dtype=bool)
    for kolom, besar, asci in zip(bagian, atas, ascii_, strict=True):
        blank = pc.equal(pc.utf8_trim(kolom, characters=TANDA_KOSONG), "")
        kosong &= blank.to_numpy(zero_copy_only=False)
        mungkin = pc.or_(pc.is_in(kolom, value_set=satu), _mungkin_total(besar, kolom, asci))
        calon |= mungkin.to_numpy(zero_copy_only=False)
    for pos, perlu, _kunci in pemilah.ulang.acuan:
        sama = sum(
            (_mungkin_sama(atas[j], ascii_[j], h).astype(np.int32) for j, h in pos.items()),
            start=np.zeros(n, dtype=np.int32),
        )
        calon |= sama >= perlu
    return calon | kosong


def ada_isi(kolom: pa.Array) -> bool:
    """Whether a cell of the column holds something besides whitespace (``str.strip``)."""
    return bool(pc.any(pc.not_equal(pc.utf8_trim(kolom, characters=SPASI), "")).as_py())


def ambil_baris(kolom: Sequence[pa.Array], indeks: Sequence[int]) -> list[list[str]]:
    """Rows ``indeks`` of a column grid as Python rows of text."""
    if not len(indeks):
        return []
    ambil = pa.array(np.asarray(indeks, dtype=np.int64))
    return [list(r) for r in zip(*(k.take(ambil).to_pylist() for k in kolom), strict=True)]


def kenali_bukan_data_kolom(
    kolom: Sequence[pa.Array], pemilah: Pemilah, awal: int
) -> tuple[np.ndarray, list[tuple[int, str]], dict[int, list[str]]]:
    """Data rows (0-based, ascending) and (row, reason) non-data rows from row ``awal`` on,
    as :func:`~transforms.baca.bentuk.kenali_bukan_data` splits them; plus the Python rows
    of the non-data rows (for their short text)."""
    n = len(kolom[0]) if kolom else 0
    if n <= awal:
        return np.empty(0, dtype=np.int64), [], {}
    calon = np.flatnonzero(_tandai([k.slice(awal) for k in kolom], pemilah)) + awal
    bukan: list[tuple[int, str]] = []
    baris: dict[int, list[str]] = {}
    for i, row in zip(calon.tolist(), ambil_baris(kolom, calon), strict=True):
        alasan = pemilah.alasan(i, row)
        if alasan is not None:
            bukan.append((i, alasan))
            baris[i] = row
    data = np.ones(n - awal, dtype=bool)
    data[np.asarray([i for i, _ in bukan], dtype=np.int64) - awal] = False
    return np.flatnonzero(data) + awal, bukan, baris
