"""A file's cached component rows written one Parquet row group per province, so that a run
carrying provinces over reads only the rows of the provinces it computes.

A correction of one province's file in a national store carried 37 provinces over, yet read
every cached result whole (a national file: 837,300 rows) only to set one province's rows
aside: 27 % of that run (read 15 %, cut 10 %; py-spy). A file whose rows of each province
(as :func:`~transforms.langkah.tumpahan.potong_provinsi` cuts them) form one run, in the
order they are (a national export in region order), is written one row group per province
(:func:`tulis_per_provinsi`), and :func:`baca_row_group` reads the row groups of the
provinces asked for.

Each read must give the very rows and types a whole read gives, since the parts set aside are
fingerprinted and written out. A slice of a categorical column keeps the whole dictionary, so
a national file's ±83,000 region codes would be in each of its 38 row groups (file 6.2 →
22.2 MB, read 0.16 → 0.89 s). So a column of more than
:data:`~transforms.komponen.ramping.KATEGORI_BANYAK` categories keeps in each row group only
the range of categories its rows use; that is done only when the categories are sorted and
the ranges follow each other and cover them all, so that a whole read unites them into the
very categories written (and a province's part, cut to its range, is the same from a whole
read or from its row group). Otherwise the table is written as one row group, as before.
Fewer categories (the component names, the file's name) stay whole in every row group.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from transforms.komponen.ramping import KATEGORI_BANYAK

BatasProvinsi = list[tuple[str, int]]
"""Each province's number of rows, in row order (one row group each)."""


def _potong_kamus(kolom: pa.Array, awal: int) -> tuple[pa.Array, int] | None:
    """A dictionary column's slice with only the categories from ``awal`` to the last its
    rows use, and where that range ends; None when its first is not ``awal`` (or no row has
    a category)."""
    if kolom.null_count == len(kolom):
        return None
    indeks = kolom.indices
    batas = pc.min_max(indeks)
    bawah, atas = batas["min"].as_py(), batas["max"].as_py() + 1
    if bawah != awal:
        return None
    indeks_baru = pc.subtract(indeks, pa.scalar(bawah, indeks.type))
    kamus = kolom.dictionary.slice(bawah, atas - bawah)
    return pa.DictionaryArray.from_arrays(indeks_baru, kamus), atas


def _per_provinsi(frame: pd.DataFrame, tabel: pa.Table, batas: BatasProvinsi) -> list[pa.Table]:
    """``tabel`` cut into one table per province of ``batas``, each column of many sorted
    categories cut to the range the province uses (see the module); [] when one cannot be."""
    banyak = [
        str(k)
        for k, t in frame.dtypes.items()
        if isinstance(t, pd.CategoricalDtype) and len(t.categories) > KATEGORI_BANYAK
    ]
    if any(not frame[k].cat.categories.is_monotonic_increasing for k in banyak):
        return []
    awal = dict.fromkeys(banyak, 0)
    potongan, mulai = [], 0
    for _, jumlah in batas:
        satu = tabel.slice(mulai, jumlah)
        mulai += jumlah
        for nama in banyak:
            ke = satu.schema.get_field_index(nama)
            hasil = _potong_kamus(satu.column(ke).combine_chunks(), awal[nama])
            if hasil is None:
                return []
            kolom, awal[nama] = hasil
            satu = satu.set_column(ke, satu.schema.field(ke), kolom)
        potongan.append(satu)
    utuh = all(awal[k] == len(frame[k].cat.categories) for k in banyak)
    return potongan if utuh else []


def tulis_per_provinsi(
    path: Path, frame: pd.DataFrame, batas: BatasProvinsi | None
) -> BatasProvinsi | None:
    """``frame`` written as Parquet at ``path``: one row group per province of ``batas``
    (:func:`~transforms.langkah.tumpahan.batas_provinsi`) where it can be (see the module),
    else as ``to_parquet`` writes it. Returns the provinces of the row groups written (None:
    one, not per province)."""
    if batas:
        tabel = pa.Table.from_pandas(frame)
        potongan = _per_provinsi(frame, tabel, batas)
        if potongan:
            with pq.ParquetWriter(path, tabel.schema) as penulis:
                for satu in potongan:
                    penulis.write_table(satu)
            return batas
    frame.to_parquet(path)
    return None


def baca_row_group(path: Path, batas: BatasProvinsi, pilih: list[int]) -> pd.DataFrame:
    """Row groups ``pilih`` (positions in ``batas``) of a file :func:`tulis_per_provinsi`
    wrote per province, as ``pandas.read_parquet`` reads a table (none: no rows, the column
    types of the smallest row group's); ``ValueError`` when the file's row groups are not
    those of ``batas``."""
    berkas = pq.ParquetFile(path)
    meta = berkas.metadata
    jumlah = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    if jumlah != [n for _, n in batas]:
        raise ValueError(f"{path.name}: row group tidak sesuai catatannya")
    if not pilih:  # read as none, an empty dictionary would come back as object categories
        terkecil = min(range(len(jumlah)), key=jumlah.__getitem__)
        return berkas.read_row_groups([terkecil]).slice(0, 0).to_pandas()
    return berkas.read_row_groups(pilih).to_pandas()
