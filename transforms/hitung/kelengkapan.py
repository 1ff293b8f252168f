"""Completeness: how many child regions reported each value, and how many there are."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import pairwise

import pandas as pd

from transforms.wilayah.kode import PANJANG_KODE, TINGKAT

_PANJANG = [PANJANG_KODE[t] for t in TINGKAT]  # from the top: provinsi ... desa
_INDUK = {anak: induk for induk, anak in pairwise(_PANJANG)}
"""Code length of a child level → code length of its parent level."""


def hitung_kelengkapan(
    rows: pd.DataFrame, jumlah_anak: Callable[[Iterable[str]], pd.Series] | None
) -> pd.DataFrame:
    """Add ``jumlah_wilayah_lapor`` (children with a value) and ``..._seharusnya`` (master).

    Both stay empty for a value reported directly at its own level (no child has a row).
    """
    per = ["tahun", "bulan", "semester"]
    panjang = rows["kode_wilayah"].str.len()
    anak = rows[panjang.isin(list(_INDUK))]
    induk = pd.Series(
        [k[: _INDUK[len(k)]] for k in anak["kode_wilayah"]], index=anak.index, dtype=object
    )
    counts = (
        anak.assign(kode_wilayah=induk)
        .groupby(["kode_wilayah", *per], dropna=False)
        .size()
        .rename("jumlah_wilayah_lapor")
        .reset_index()
    )
    out = rows.merge(counts, on=["kode_wilayah", *per], how="left")
    lapor = out["jumlah_wilayah_lapor"].astype("Int64")
    if jumlah_anak is None:
        seharusnya = pd.Series(pd.NA, index=out.index, dtype="Int64")
    else:
        jumlah = jumlah_anak(out["kode_wilayah"].unique())
        seharusnya = out["kode_wilayah"].map(jumlah).astype("Int64").where(lapor.notna())
    return out.assign(jumlah_wilayah_lapor=lapor, jumlah_wilayah_seharusnya=seharusnya)
