"""The compute in parts: one province (and year) at a time
(:func:`~transforms.wilayah.provinsi.bagi_per_provinsi`), then one table.

Every step of the compute stays inside a province: the roll-up sums a region's own children,
the derived and master components, the annual rule, completeness and targets are per region.
So the indicators of a country are the indicators of each province, stacked. Computing them
one province at a time keeps the compute's working frames at the size of the largest
province (Jawa Tengah, about a tenth of a national year) instead of the whole country's.

Two things follow, and are tested: a province's values never depend on another province's
data; and the stacked table is the one the whole country computed at once gives, row for
row, in province order (a province's rows in the order of ``URUTAN_INDIKATOR``: the order of
the published fact files; a national table is never sorted whole). One decision used to
look at the whole table: whether an indicator's components come at different kinds of
period, which lets annual rows be made from each component alone
(:func:`~transforms.hitung.waktu.hitung_tahunan_campuran`). It is now taken per province, so
a semester-only source in one province no longer adds such rows in another, also when
several provinces are computed in one call (the run groups the provinces it must compute
into calls of about 750,000 rows: a call's fixed cost is ±0.2 s).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from transforms.komponen.ramping import samakan_kategori


def susun_bagian(
    bagian: Iterable[pd.DataFrame], lepas: Callable[[], None] | None = None
) -> pd.DataFrame:
    """One table from parts, one after another in the order they come (provinces in code
    order, each sorted within: the order the fact files are written in, so the publish step
    writes it as it is, :data:`~transforms.keluar.parquet.PER_PROVINSI`).

    Built column by column, each part's column let go once it is in the table, so the peak
    is about one copy of the table, not two. Categorical columns get the union of the parts'
    categories (:func:`samakan_kategori`).

    ``lepas``: called after each column (e.g. to give the parts' freed memory back to the
    system: a province's columns are small blocks amid the heap, which the allocator keeps
    otherwise; for a national year the peak was 0.6 GB higher without it).
    """
    frames = samakan_kategori([b for b in bagian if len(b)])
    if not frames:
        return pd.DataFrame()
    kolom = [dict(f.items()) for f in frames]
    del frames
    hasil = {}
    for nama in list(kolom[0]):
        hasil[nama] = pd.concat([k.pop(nama) for k in kolom], ignore_index=True)
        if lepas is not None:
            lepas()
    return pd.DataFrame(hasil, copy=False)
