"""A sheet or CSV file as a grid of text cells, its merged ranges, and where its header sits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transforms.baca.sel import SPASI

KEPALA_KOLOM = 100  # rows of a column grid kept as Python rows: the header search reads < 75


@dataclass(frozen=True)
class Gabungan:
    """Merged ranges of a sheet, 0-based ``((r0, c0), (r1, c1))``; empty for CSV."""

    ranges: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()

    def mendatar(self, r: int) -> list[tuple[int, int]]:
        """Column spans of horizontal merges lying on row ``r`` only."""
        return [(c0, c1) for (r0, c0), (r1, c1) in self.ranges if r0 == r1 == r and c1 > c0]

    def tegak(self, r: int) -> bool:
        """True when a merge spans rows ``r`` and ``r + 1`` (a vertically merged label)."""
        return any(r0 == r and r1 >= r + 1 for (r0, _), (r1, _) in self.ranges)


@dataclass(frozen=True)
class Judul:
    """A header: its (0-based) top row, its second row when it has two, and its names."""

    atas: int
    bawah: int | None
    nama: tuple[str, ...]

    @property
    def akhir(self) -> int:
        return self.atas if self.bawah is None else self.bawah


@dataclass
class Grid:
    """A sheet or CSV file as rows of text cells (row index + 1 = physical row number).

    A sheet read by column (:mod:`transforms.baca.excel_kolom`) has its cells in ``kolom``,
    one Arrow string array per column from column A, all as long as the sheet; its ``rows``
    then hold only the first :data:`KEPALA_KOLOM` rows (where a header is looked for).
    """

    rows: list[list[str]]
    nama: str
    sheet: str | None = None
    encoding: str | None = None
    pemisah: str | None = None
    rumus: list[tuple[int, int, str]] = field(default_factory=list)
    gabungan: Gabungan = field(default_factory=Gabungan)
    akhir_terbuka: tuple[int, int] | None = None
    """CSV without a line break after its last record: (its row index, its field count
    before padding), so that a truncated last row can be told apart; None otherwise."""

    kolom: tuple[Any, ...] | None = None

    def kosong(self) -> bool:
        """True when no cell holds anything but whitespace."""
        if self.kolom is not None:
            return not any(ada_isi(k) for k in self.kolom)
        return not any("".join(row).strip() for row in self.rows)


def ada_isi(kolom: pa.Array) -> bool:
    """Whether a cell of the column holds something besides whitespace (``str.strip``)."""
    return bool(pc.any(pc.not_equal(pc.utf8_trim(kolom, characters=SPASI), "")).as_py())


def ambil_baris(kolom: Sequence[pa.Array], indeks: Sequence[int]) -> list[list[str]]:
    """Rows ``indeks`` of a column grid as Python rows of text."""
    if not len(indeks):
        return []
    ambil = pa.array(np.asarray(indeks, dtype=np.int64))
    return [list(r) for r in zip(*(k.take(ambil).to_pylist() for k in kolom), strict=True)]


def buat_grid_kolom(kolom: Sequence[pa.Array], nama: str, **lain: Any) -> Grid:
    """A column grid of the columns ``kolom`` (equally long, from column A): its ``rows`` the
    first :data:`KEPALA_KOLOM` rows, ``lain`` the other :class:`Grid` fields."""
    n = len(kolom[0]) if kolom else 0
    return Grid(ambil_baris(kolom, range(min(n, KEPALA_KOLOM))), nama, kolom=tuple(kolom), **lain)
