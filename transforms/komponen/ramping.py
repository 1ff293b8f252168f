"""Lean tables: repeated texts as categories, one code per row.

A file's component rows repeat its name, sheet and sha256 on every row (±130 bytes a row as
text: 3 of the 4 GB a national year's per-file results took). As pandas categories they cost
one small integer a row. Values do not change; publishing converts them to the contract's text
type (:func:`schemas.kontrak.ubah_ke_arrow`), so the Parquet files do not change either.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from schemas.kontrak import kolom as kolom_tabel
from schemas.kontrak import lebar_bilangan

KATEGORI_BANYAK = 1024
"""A categorical column with more categories than this (a file's region codes) is cut to the
categories a part's rows use (:func:`~transforms.langkah.tumpahan.potong_provinsi`); when
they are sorted, to the range they use: a province's codes are one run of them, so no
category is counted (counting a national file's ±83,000 codes for each of its 38 parts cost
±5 s CPU a year). Fewer categories (a file's name, its source, the component names) stay as
they are: cutting them cost more than the few texts it saves."""

KOLOM_BERULANG = ("berkas", "lembar", "sha256", "id_run_ubah")
"""Provenance columns of ``komponen``: a few distinct texts on millions of rows, never a key
of the computation."""
KOLOM_KATEGORI_KOMPONEN = (*KOLOM_BERULANG, "kode_wilayah", "komponen", "sumber")
"""Columns of a run's stacked ``komponen`` table held as categories: the provenance columns,
and the region, component and source texts, which repeat on millions of rows too (a
national year: ±90 thousand codes, a few dozen components and sources on 14 million rows).
The compute, the checks and the publish step take them as they come."""
KOLOM_BERULANG_INDIKATOR = (
    "kode_indikator",
    "tingkat",
    "nama_wilayah",
    "jenis_periode",
    "kode_periode",
    "satuan",
    "target_berlaku_untuk",
    "target_sumber",
    "catatan_target",
    "sumber",
    "id_run",
    "id_run_ubah",
)
"""Text columns of ``indikator`` with few distinct values on millions of rows (a national
year: 7.1 M rows, 2.2 GB with these as text, 1.0 GB as categories)."""


def buat_ramping(frame: pd.DataFrame, kolom_teks: Sequence[str] = KOLOM_BERULANG) -> pd.DataFrame:
    """``frame`` with the text columns ``kolom_teks`` that hold a value as pandas categories.

    A wholly empty one is never made a category, and one that comes as a category becomes
    text (a file with no long rows given its provenance by :func:`kolom_tetap`; a target
    column no row has): an empty category reads back from Parquet as another type, so a kept
    copy would never match. Other empty columns stay as they are."""
    ada = [k for k in kolom_teks if k in frame.columns]
    isi = {k: bool(frame[k].notna().any()) for k in ada}
    ubah = {k: "category" for k in ada if isi[k]}
    kosong = (k for k in ada if not isi[k])
    ubah |= {k: "str" for k in kosong if isinstance(frame[k].dtype, pd.CategoricalDtype)}
    return frame.astype(ubah)


def kolom_tetap(teks: str, n: int) -> pd.Categorical:
    """``n`` times the same text, as a category (a run id on every row, without ``n`` texts)."""
    return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[teks])


def kolom_kosong_bulat(frame: pd.DataFrame) -> pd.arrays.IntegerArray:
    """Nulls for the rows of ``frame`` as a nullable integer column (``Int64``; a callable
    for ``assign``): stacked with integer periods it stays integer (``pd.NA`` alone makes an
    object column, which every later step then converts row by row: 1.3 s CPU of a
    national year's compute)."""
    n = len(frame)
    return pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))


def _teks_urut(kolom: list[pd.Series]) -> bool:
    """Whether every frame holds the column as an unordered categorical of text."""
    return all(
        isinstance(k.dtype, pd.CategoricalDtype)
        and not k.cat.ordered
        and str(k.cat.categories.dtype) == "str"
        for k in kolom
    )


def _kategori_berurutan(kolom: list[pd.Series]) -> list[pd.Series] | None:
    """One text categorical column of several frames whose sorted categories come in blocks
    one after another (each frame's first after the previous one's last: the provinces of a
    country, in order): the categories put end to end, each frame's codes shifted, without
    hashing a value. The result is the sorted union :func:`_satukan` makes. None: not so."""
    kat = [k.cat.categories for k in kolom]
    isi = [c for c in kat if len(c)]
    if not all(c.is_monotonic_increasing for c in isi) or any(
        a[-1] >= b[0] for a, b in itertools.pairwise(isi)
    ):
        return None
    jenis = pd.CategoricalDtype(isi[0].append(isi[1:]) if isi else kat[0])
    geser = np.cumsum([0, *map(len, kat)])
    hasil = []
    for k, awal in zip(kolom, geser[:-1], strict=True):
        kode = k.cat.codes.to_numpy()
        baru = np.where(kode >= 0, kode.astype(np.int64) + awal, -1)
        hasil.append(pd.Series(pd.Categorical.from_codes(baru, dtype=jenis), index=k.index))
    return hasil


def samakan_kategori(frames: Sequence[pd.DataFrame]) -> list[pd.DataFrame]:
    """The frames with each categorical column given the union of its categories (sorted),
    so that ``pd.concat`` keeps it categorical (different categories would make it text
    again). Categories in blocks one after another (the region codes of a country's
    provinces) are put end to end (:func:`_kategori_berurutan`); categories several frames
    share (those of a country's files) are taken once (:func:`_satukan`)."""
    nama = {
        str(k) for f in frames for k, t in f.dtypes.items() if isinstance(t, pd.CategoricalDtype)
    }
    ubah: list[dict[str, pd.Series]] = [{} for _ in frames]
    for k in sorted(nama):
        punya = [i for i, f in enumerate(frames) if k in f.columns]
        kolom = [frames[i][k] for i in punya]
        baru = _kategori_berurutan(kolom) if _teks_urut(kolom) else None
        for i, lama, seri in zip(punya, kolom, baru or _satukan(kolom), strict=True):
            if seri is not lama:
                ubah[i][k] = seri
    return [f.assign(**u) if u else f for f, u in zip(frames, ubah, strict=True)]


def _kode_baru(kolom: pd.Series, peta: np.ndarray, jenis: pd.CategoricalDtype) -> pd.Series:
    """``kolom`` in categories ``jenis``: its codes mapped by ``peta`` (old code → new code,
    its last entry for a null's -1)."""
    kode = peta[kolom.cat.codes.to_numpy()]
    return pd.Series(pd.Categorical.from_codes(kode, dtype=jenis), index=kolom.index)


def _tanda(kategori: pd.Index) -> tuple:
    """A cheap key of a category list (its length, first, middle and last values): lists
    compared whole only when their keys agree. A province's year of kabupaten files holds a
    few dozen distinct lists among 1,260 files; comparing each with every list before took
    a quarter of its run."""
    n = len(kategori)
    return (n, kategori[0], kategori[n // 2], kategori[-1]) if n else (0,)


def _satukan(kolom: list[pd.Series]) -> list[pd.Series]:
    """One column of several frames as categoricals of the union of its values, sorted as
    text (a frame may hold the column as text: its values count too). Text categories that
    several frames share (the region codes of a country's files) are taken once, and a
    frame whose categories are the union keeps its codes."""
    if _teks_urut(kolom):
        unik: list[pd.Index] = []  # the distinct category lists, each once
        calon: dict[tuple, list[int]] = {}  # a cheap key → the lists that have it
        ke = []
        for c in (k.cat.categories for k in kolom):
            sama = calon.setdefault(_tanda(c), [])
            ke.append(next((j for j in sama if c.equals(unik[j])), len(unik)))
            if ke[-1] == len(unik):
                sama.append(len(unik))
                unik.append(c)
        jenis = pd.CategoricalDtype(unik[0].append(unik[1:]).unique().sort_values())
        peta = [np.append(jenis.categories.get_indexer(u), -1) for u in unik]  # -1: null
        tetap = [u.equals(jenis.categories) for u in unik]
        return [
            k if tetap[j] else _kode_baru(k, peta[j], jenis) for k, j in zip(kolom, ke, strict=True)
        ]
    kategori: set = set()
    for seri in kolom:
        if isinstance(seri.dtype, pd.CategoricalDtype):
            kategori.update(seri.cat.categories.tolist())
        else:
            kategori.update(seri.dropna().unique().tolist())
    jenis = pd.CategoricalDtype(sorted(kategori, key=str))
    return [seri.astype(jenis) for seri in kolom]


def buat_kategori_terpakai(
    kode: np.ndarray, kategori: Sequence[str] | pd.Index, urut: bool = False
) -> pd.Categorical:
    """A categorical of codes ``kode`` (-1: null) into ``kategori`` with only the categories
    used, in their order: the used ones counted with one ``bincount``
    (``remove_unused_categories`` hashed every code: ±0.3 GB at the end of a national year's
    ``id_run_ubah``)."""
    dipakai = np.bincount(kode[kode >= 0], minlength=len(kategori)) > 0
    nomor = (np.cumsum(dipakai) - 1).astype(kode.dtype)
    baru = np.where(kode >= 0, nomor[np.maximum(kode, 0)], kode)
    return pd.Categorical.from_codes(
        baru, dtype=pd.CategoricalDtype(pd.Index(kategori)[dipakai], urut)
    )


def buat_kategori_per_nomor(
    teks: Sequence[object], nomor: np.ndarray, index: pd.Index
) -> pd.Series:
    """Rows' texts given per group: ``teks[g]`` for the rows numbered ``g`` (-1: null), as a
    categorical of the distinct texts, sorted (a null text: null). A few texts over millions
    of rows, never a text per row."""
    kode, unik = pd.factorize(pd.Series(list(teks), dtype=object), sort=True)
    peta = np.append(kode, -1)  # a row's -1 takes the last entry: null
    kategori = pd.Index(unik, dtype="str")
    return pd.Series(pd.Categorical.from_codes(peta[nomor], categories=kategori), index=index)


def per_kategori(kolom: pd.Series, fungsi: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``fungsi`` (values → values, e.g. region codes → names) applied to a categorical
    column's categories, not its rows; the result a categorical of the distinct results on
    ``kolom``'s index (a null result, or a null row: null). Equal results of several
    categories share one category (two desa of one name)."""
    hasil = fungsi(pd.Series(kolom.cat.categories)).to_numpy(dtype=object, na_value=None)
    return buat_kategori_per_nomor(hasil, kolom.cat.codes.to_numpy(), kolom.index)


def kategori_terpakai(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each categorical column's categories cut to those its rows use, in
    their order (the rows of one province taken from a table of several)."""
    ubah = {
        str(nama): buat_kategori_terpakai(
            frame[nama].cat.codes.to_numpy(), jenis.categories, jenis.ordered
        )
        for nama, jenis in frame.dtypes.items()
        if isinstance(jenis, pd.CategoricalDtype)
    }
    return frame.assign(**ubah) if ubah else frame


def buat_ramping_berkas(komponen: pd.DataFrame) -> pd.DataFrame:
    """A file's component rows as a run keeps them: provenance, region codes, component names
    and source as categories (:data:`KOLOM_KATEGORI_KOMPONEN`; the matcher gives
    Python-object strings: ±60 bytes a row; as text ±17, as a category 4). Region codes go
    through Arrow text first, so their categories are of the type a cached copy reads back.
    Integers (year, month, semester, row) at the width Parquet stores them
    (:data:`~schemas.kontrak.PANDAS_TYPES`: 5 bytes a value instead of 9, or 8)."""
    if "kode_wilayah" in komponen.columns and str(komponen["kode_wilayah"].dtype) != "str":
        komponen = komponen.astype({"kode_wilayah": "str"})
    komponen = lebar_bilangan(komponen, kolom_tabel("komponen"))
    return buat_ramping(komponen, KOLOM_KATEGORI_KOMPONEN)


def urutkan_baris(komponen: pd.DataFrame) -> pd.DataFrame:
    """A file's component rows in row-number order (a stable sort; rows without a number
    last): the order a run stacks them in. Melting a wide sheet gives them component by
    component; sorted once when the file is processed (and so in the cache), a run does not
    copy every file's rows to sort them again."""
    if "baris" not in komponen.columns or komponen["baris"].is_monotonic_increasing:
        return komponen
    return komponen.sort_values("baris", kind="stable", na_position="last")
