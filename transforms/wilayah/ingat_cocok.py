"""The last few region matches of a process, keyed by what they depend on.

Ingest matches each file's names twice (its coverage, then the components it stores in the
result cache), and the files of one month (``data_pus``, ``data_mix_kontra``,
``data_bkb_keluarga``) list the same desa: at national scale that is one ±83,000-combination
match per file instead of one per month. A match depends only on the distinct name
combinations, the master edition, the scope, the levels, the source's kab/kota convention and
the alias table; only matches with the vendored alias table and without code anchors are kept
(an anchor refers to row values outside the combinations).

A file's whole table is kept too (:func:`ingat_tabel`): its coverage and its components start
from the same region columns, so the second match takes nothing again, not even the per-row
cleaning and grouping around the combinations.

Inside :func:`pakai_gudang`, a match missed in memory is also looked up in (and kept to) a
store that outlives the process: the national year is ingested one month per process, and
every month lists the same ±83,000 desa.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

import pandas as pd

Hasil = tuple[list[str | None], list[str], list[str | None]]

MAKS_INGAT = 4
"""Matches kept: a month of one source's files (the sizes are per distinct combination)."""
MAKS_INGAT_TABEL = 4
"""Whole-table matches kept: ingest matches a file for its coverage, then for its components
(two files at once: :func:`transforms.langkah.ingest.terima_semua`)."""


class _Ingatan:
    """The most recent results by key, each kept with the input it was made from (compared on
    a hit, not only hashed). A lock guards the order: Dask may run files in threads."""

    def __init__(self, maks: int) -> None:
        self.maks = maks
        self.isi: OrderedDict[tuple[Hashable, ...], tuple[pd.DataFrame, Any]] = OrderedDict()
        self.kunci = threading.Lock()

    def ambil(self, kunci: tuple[Hashable, ...], masukan: pd.DataFrame) -> Any | None:
        """The result kept for ``kunci`` when it was made from input equal to ``masukan``."""
        with self.kunci:
            simpan = self.isi.get(kunci)
            if simpan is None or not simpan[0].equals(masukan):
                return None
            self.isi.move_to_end(kunci)
            return simpan[1]

    def simpan(self, kunci: tuple[Hashable, ...], masukan: pd.DataFrame, hasil: Any) -> None:
        """Keep ``hasil`` (made from ``masukan``); the oldest beyond :attr:`maks` go."""
        with self.kunci:
            self.isi[kunci] = (masukan, hasil)
            while len(self.isi) > self.maks:
                self.isi.popitem(last=False)

    def lupakan(self) -> None:
        """Forget every result kept."""
        with self.kunci:
            self.isi.clear()


_ingat = _Ingatan(MAKS_INGAT)
_ingat_tabel = _Ingatan(MAKS_INGAT_TABEL)


class Gudang(Protocol):
    """A store of matches beyond the process (e.g. on disk): ``kunci`` is a hex digest of
    everything the match depends on; ``baca`` gives None unless it holds exactly ``unik``."""

    def baca(self, kunci: str, unik: pd.DataFrame) -> Hasil | None: ...

    def simpan(self, kunci: str, unik: pd.DataFrame, hasil: Hasil) -> None: ...


_gudang: list[Gudang] = []


@contextmanager
def pakai_gudang(gudang: Gudang) -> Iterator[None]:
    """Within the block, matches missed in memory are read from and kept to ``gudang``."""
    _gudang.append(gudang)
    try:
        yield
    finally:
        _gudang.remove(gudang)


def _dari_gudang(
    kunci: tuple[Hashable, ...], unik: pd.DataFrame, hitung: Callable[[], Hasil]
) -> Hasil:
    """``hitung()``, or what the innermost store holds for ``kunci`` (then kept there)."""
    if not _gudang:
        return hitung()
    gudang, teks = _gudang[-1], hashlib.sha256(repr(kunci).encode()).hexdigest()
    hasil = gudang.baca(teks, unik)
    if hasil is None:
        hasil = hitung()
        gudang.simpan(teks, unik, hasil)
    return hasil


def sidik_kombinasi(unik: pd.DataFrame) -> str:
    """sha256 of the distinct combinations (column names, order and every value)."""
    h = hashlib.sha256("\x1f".join(map(str, unik.columns)).encode())
    h.update(pd.util.hash_pandas_object(unik, index=False).to_numpy().tobytes())
    h.update(str(len(unik)).encode())
    return h.hexdigest()


def ingat_cocok(
    konteks: tuple[Hashable, ...], unik: pd.DataFrame, hitung: Callable[[], Hasil]
) -> Hasil:
    """``hitung()``, or a copy of the result kept for the same ``konteks`` and equal ``unik``
    (the combinations themselves are compared on a hit, not only their hash); the most
    recent :data:`MAKS_INGAT` are kept. The caller gets new lists (never the kept ones)."""
    kunci = (*konteks, sidik_kombinasi(unik))
    hasil = _ingat.ambil(kunci, unik)
    if hasil is None:
        hasil = _dari_gudang(kunci, unik, hitung)
        _ingat.simpan(kunci, unik.copy(), hasil)
    kode, status, catatan = hasil
    return list(kode), list(status), list(catatan)


def ingat_tabel(
    konteks: tuple[Hashable, ...], nama: pd.DataFrame, hitung: Callable[[], pd.DataFrame]
) -> pd.DataFrame:
    """``hitung()`` (a frame with ``nama``'s index), or a copy of the one kept for the same
    ``konteks`` and equal region columns ``nama`` (their values, whatever the index): the
    second match of the same table skips cleaning, grouping and spreading back per row."""
    kunci = (*konteks, sidik_kombinasi(nama))
    isi = nama.reset_index(drop=True)
    hasil = _ingat_tabel.ambil(kunci, isi)
    if hasil is not None:
        return hasil.set_axis(nama.index).copy()
    hasil = hitung()
    _ingat_tabel.simpan(kunci, isi.copy(), hasil.copy())
    return hasil


def lupakan_cocok() -> None:
    """Forget every kept match (tests; a process that changes the alias table)."""
    _ingat.lupakan()
    _ingat_tabel.lupakan()
