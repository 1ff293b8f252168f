"""The non-data rows of a sheet read by column (Arrow), without a Python loop over its rows.

:func:`kenali_bukan_data_kolom` gives what :func:`~transforms.baca.bentuk.kenali_bukan_data`
gives for the same cells. Arrow first marks every row that *might* be blank, a column-number
row, a repeated header or a total row: each mark is a superset of the condition the row-wise
:class:`~transforms.baca.bentuk.Pemilah` tests. Only the marked rows are taken out as Python
rows and given to that same :class:`~transforms.baca.bentuk.Pemilah`; every unmarked row is
data. The blank, column-number and total marks work on the row's cells joined by ``\x1f``
exactly as the row-wise test joins them; a national sheet of 84,000 rows has from a handful
to a few thousand marked rows (count columns full of 1, 2 and 3).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms.baca.bentuk import CARI_KATA_TOTAL, SEL_SATU, TANDA_KOSONG, Pemilah
from transforms.baca.grid import ambil_baris
from transforms.baca.sel import KELAS_SPASI


@functools.cache
def _pola_istimewa() -> str:
    """A regex class of the characters whose ``str.upper()`` is longer than one character
    (``ß`` → ``SS``, ligatures): Arrow's per-character upper case cannot show what Python's
    makes of them, so a cell holding one is always marked."""
    huruf = [chr(i) for i in range(0x10000) if not 0xD800 <= i < 0xE000 and len(chr(i).upper()) > 1]
    return "[" + "".join(huruf) + "]"


# bentuk's cheap column-number pattern in RE2: Python's \s spelled out, (?!\d) left out
_POLA_NOMOR = r"\x1f *(?:\( *1 *\)|1)\.? *\x1f[" + KELAS_SPASI + r"\x1f]*\(? *[23]"


def _mungkin_total(gabung: pa.Array) -> np.ndarray:
    """Rows in which the row-wise test could find a total keyword: it searches the row's
    cells joined by ``\x1f`` and upper-cased, as here (a row with a character whose Python
    upper case is longer is always marked)."""
    kata = pc.match_substring_regex(pc.utf8_upper(gabung), CARI_KATA_TOTAL.pattern)
    if pc.all(pc.string_is_ascii(gabung)).as_py() is not False:
        return kata.to_numpy(zero_copy_only=False)
    istimewa = pc.match_substring_regex(gabung, _pola_istimewa())
    return pc.or_(kata, istimewa).to_numpy(zero_copy_only=False)


def _mungkin_sama(kolom: pa.Array, judul: str) -> np.ndarray:
    """Cells that might repeat the header cell ``judul`` (``bersihkan_judul(cell) == judul``):
    that cleaning only trims, drops quotes at the ends, upper-cases and joins whitespace, so an
    ASCII cell that repeats it holds its longest word; every non-ASCII cell is kept too."""
    kata = max(judul.split(), key=len, default="")
    if not kata:
        return np.ones(len(kolom), dtype=bool)
    mungkin = pc.or_(
        pc.match_substring(kolom, kata, ignore_case=True), pc.invert(pc.string_is_ascii(kolom))
    )
    return mungkin.to_numpy(zero_copy_only=False)


def _mungkin_nomor(bagian: Sequence[pa.Array], gabung: pa.Array) -> np.ndarray:
    """Rows the column-number test could take: a cell of :data:`SEL_SATU`, and the row-wise
    cheap pattern found in the row's joined cells (``gabung``, ``\x1f`` at both ends) without
    its last look-ahead, in RE2 (its whitespace class spelled out as Python's)."""
    satu = pa.array(sorted(SEL_SATU))
    ada_satu = np.zeros(len(gabung), dtype=bool)
    for kolom in bagian:
        ada_satu |= pc.is_in(kolom, value_set=satu).to_numpy(zero_copy_only=False)
    if not ada_satu.any():
        return ada_satu
    pola = pc.match_substring_regex(gabung, _POLA_NOMOR)
    return ada_satu & pola.to_numpy(zero_copy_only=False)


def _tandai(bagian: Sequence[pa.Array], pemilah: Pemilah) -> np.ndarray:
    """Rows that might not be data (see the module docstring)."""
    gabung = pc.binary_join_element_wise("", *bagian, "", "\x1f")  # as bentuk joins a row
    kosong = pc.equal(pc.utf8_trim(gabung, characters=TANDA_KOSONG), "")
    calon = kosong.to_numpy(zero_copy_only=False) | _mungkin_nomor(bagian, gabung)
    calon |= _mungkin_total(gabung)
    for pos, perlu, _kunci in pemilah.ulang.acuan:
        sama = sum(
            (_mungkin_sama(bagian[j], h).astype(np.int32) for j, h in pos.items()),
            start=np.zeros(len(calon), dtype=np.int32),
        )
        calon |= sama >= perlu
    return calon


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
