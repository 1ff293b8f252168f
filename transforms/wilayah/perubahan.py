"""Editions over time: the dated code crosswalk ``catalog/wilayah/perubahan_kode.csv``.

The file is built by ``scripts/buat_perubahan_kode.py``; here it is read and used to carry
codes from one edition to another.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise
from typing import Final

import numpy as np
import pandas as pd

from transforms.wilayah.edisi import EDISI_BAKU, urutkan_edisi
from transforms.wilayah.katalog import baca_tabel_wilayah
from transforms.wilayah.kode import normalkan_kode
from transforms.wilayah.master import muat_master
from transforms.wilayah.nilai import _petakan_unik

KOLOM_PERUBAHAN: Final = (
    "kode_lama",
    "edisi_lama",
    "kode_baru",
    "edisi_baru",
    "tingkat",
    "nama",
    "berlaku_dari",
    "dasar_hukum",
    "catatan",
)


@lru_cache(maxsize=1)
def _tabel_perubahan() -> pd.DataFrame:
    """Read ``perubahan_kode.csv`` (cached; see :func:`muat_perubahan_kode`)."""
    return baca_tabel_wilayah("perubahan_kode.csv", KOLOM_PERUBAHAN)


def muat_perubahan_kode() -> pd.DataFrame:
    """Return the dated code crosswalk between consecutive editions (a copy).

    One row per region whose code changed from ``edisi_lama`` to the next ``edisi_baru``
    (one old code -> one new code), with ``tingkat``, the new ``nama``, ``berlaku_dari``
    (date of the legal basis, ``YYYY-MM-DD``, or the year when only that is known),
    ``dasar_hukum`` and a ``catatan``. Built by ``scripts/buat_perubahan_kode.py`` with
    :func:`bandingkan_edisi`.
    """
    return _tabel_perubahan().copy()


@lru_cache(maxsize=16)
def _peta_langkah(dari: str, ke: str) -> dict[str, str]:
    """Code renames between two consecutive editions, in either direction."""
    tabel = _tabel_perubahan()
    maju = tabel[(tabel["edisi_lama"] == dari) & (tabel["edisi_baru"] == ke)]
    if len(maju):
        return dict(zip(maju["kode_lama"].tolist(), maju["kode_baru"].tolist(), strict=True))
    mundur = tabel[(tabel["edisi_lama"] == ke) & (tabel["edisi_baru"] == dari)]
    return dict(zip(mundur["kode_baru"].tolist(), mundur["kode_lama"].tolist(), strict=True))


@lru_cache(maxsize=16)
def _penerjemah_edisi(dari: str, ke: str) -> Callable[[str | None], str | None]:
    """A function carrying one dotted code from edition ``dari`` to ``ke`` (None: no match)."""
    urutan = urutkan_edisi()
    for edisi in (dari, ke):
        if edisi not in urutan:
            raise ValueError(f"edisi master wilayah tidak dikenal: {edisi!r} (ada: {urutan})")
    i, j = urutan.index(dari), urutan.index(ke)
    rantai = urutan[i : j + 1] if i <= j else urutan[j : i + 1][::-1]
    langkah = [(_peta_langkah(a, b), muat_master(b)._posisi) for a, b in pairwise(rantai)]
    if not langkah:
        langkah = [({}, muat_master(ke)._posisi)]

    def terjemah(kode: str | None) -> str | None:
        for peta, ada in langkah:
            if kode is None:
                return None
            kode = peta.get(kode, kode if kode in ada else None)
        return kode

    return terjemah


def ubah_ke_edisi(kode: pd.Series, dari: str, ke: str = EDISI_BAKU) -> pd.DataFrame:
    """Carry region codes from edition ``dari`` to edition ``ke`` (either direction).

    Codes (any format :func:`normalkan_kode` accepts) go through the consecutive editions
    in between: at each step a code listed in ``perubahan_kode.csv`` takes its new code, a
    code that still exists stays, anything else becomes NA (the region was merged, split
    or removed, or the value is not a code). Returns a new DataFrame with the index of
    ``kode`` and columns ``kode_wilayah`` (dotted, string dtype) and ``diubah`` (bool: the
    code changed on the way).

    >>> ubah_ke_edisi(pd.Series(["91.01", "76.01"]), "2021")["kode_wilayah"].tolist()
    ['93.01', '76.01']
    """
    terjemah = _penerjemah_edisi(str(dari), str(ke))
    seri = pd.Series(kode)
    awal = _petakan_unik(seri, normalkan_kode)
    akhir = _petakan_unik(pd.Series(awal), terjemah)
    diubah = np.asarray(
        [a is not None and a != b for a, b in zip(akhir.tolist(), awal.tolist(), strict=True)],
        dtype=bool,
    )
    return pd.DataFrame(
        {"kode_wilayah": pd.array(akhir, dtype="string"), "diubah": diubah}, index=seri.index
    )
