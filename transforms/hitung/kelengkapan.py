"""Completeness: how many child regions reported each value, and how many there are."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import pairwise

import numpy as np
import pandas as pd

from transforms.wilayah.kode import PANJANG_KODE, TINGKAT

_PANJANG = [PANJANG_KODE[t] for t in TINGKAT]  # from the top: provinsi ... desa
_INDUK = {anak: induk for induk, anak in pairwise(_PANJANG)}
"""Code length of a child level → code length of its parent level."""


def _nomor_induk(kode: pd.Series) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """Each row's region number, its parent's number (-1: the parent has no row), and the
    distinct codes. Parents are found per distinct code (text slices), not per row."""
    nomor, unik = pd.factorize(kode)
    teks = pd.Series(unik, dtype="str")
    panjang = teks.str.len().to_numpy()
    indeks = pd.Index(teks)
    induk = np.full(len(teks), -1, dtype=np.int64)
    for anak, ke in _INDUK.items():
        pilih = panjang == anak
        if pilih.any():
            induk[pilih] = indeks.get_indexer(teks[pilih].str.slice(0, ke))
    return nomor, induk[nomor], pd.Index(unik)


def hitung_kelengkapan(
    rows: pd.DataFrame, jumlah_anak: Callable[[Iterable[str]], pd.Series] | None
) -> pd.DataFrame:
    """Add ``jumlah_wilayah_lapor`` (children with a value) and ``..._seharusnya`` (master).

    Both stay empty for a value reported directly at its own level (no child has a row).
    Children are counted on numbers of (region, period), without a join on the code text.
    """
    out = rows.reset_index(drop=True)
    if out.empty:
        kosong = pd.Series(pd.NA, index=out.index, dtype="Int64")
        return out.assign(jumlah_wilayah_lapor=kosong, jumlah_wilayah_seharusnya=kosong)
    nomor, induk, unik = _nomor_induk(out["kode_wilayah"])
    periode = out.groupby(["tahun", "bulan", "semester"], dropna=False, sort=False).ngroup()
    periode = periode.to_numpy()
    n_per = int(periode.max()) + 1
    anak = induk >= 0
    hitungan = np.bincount(induk[anak] * n_per + periode[anak], minlength=len(unik) * n_per)
    jumlah = hitungan[nomor * n_per + periode]
    lapor = pd.Series(jumlah, index=out.index, dtype="Int64").where(jumlah > 0)
    if jumlah_anak is None:
        seharusnya = pd.Series(pd.NA, index=out.index, dtype="Int64")
    else:  # the master's count per distinct code, given to its rows
        per_kode = jumlah_anak(unik).reindex(unik).to_numpy()
        seharusnya = pd.Series(per_kode[nomor], index=out.index).astype("Int64")
        seharusnya = seharusnya.where(lapor.notna())
    return out.assign(jumlah_wilayah_lapor=lapor, jumlah_wilayah_seharusnya=seharusnya)
