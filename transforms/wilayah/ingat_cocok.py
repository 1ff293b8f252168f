"""The last few region matches of a process, keyed by what they depend on.

Ingest matches each file's names twice (its coverage, then the components it stores in the
result cache), and the files of one month (``data_pus``, ``data_mix_kontra``,
``data_bkb_keluarga``) list the same desa: at national scale that is one ±83,000-combination
match per file instead of one per month. A match depends only on the distinct name
combinations, the master edition, the scope, the levels, the source's kab/kota convention and
the alias table; only matches with the vendored alias table and without code anchors are kept
(an anchor refers to row values outside the combinations).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable

import pandas as pd

Hasil = tuple[list[str | None], list[str], list[str | None]]

MAKS_INGAT = 4
"""Matches kept: a month of one source's files (the sizes are per distinct combination)."""

_ingat: OrderedDict[tuple[Hashable, ...], tuple[pd.DataFrame, Hasil]] = OrderedDict()


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
    simpan = _ingat.get(kunci)
    if simpan is not None and simpan[0].equals(unik):
        _ingat.move_to_end(kunci)
    else:
        simpan = _ingat[kunci] = (unik.copy(), hitung())
        while len(_ingat) > MAKS_INGAT:
            _ingat.popitem(last=False)
    kode, status, catatan = simpan[1]
    return list(kode), list(status), list(catatan)


def lupakan_cocok() -> None:
    """Forget every kept match (tests; a process that changes the alias table)."""
    _ingat.clear()
