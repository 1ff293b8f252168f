"""Roll-up: components summed up the region tree (never averaged), with their source ids."""

from __future__ import annotations

import numpy as np
import pandas as pd

from transforms.hitung.sumber import gabung_sumber_grup, kategori_sumber
from transforms.wilayah.cocok import baris_pertama, nomori_kombinasi
from transforms.wilayah.kode import PANJANG_KODE

TINGKAT_DARI_PANJANG = {v: k for k, v in PANJANG_KODE.items()}

KUNCI = ["kode_wilayah", "tahun", "bulan", "semester", "komponen"]
PERIODE = ["kode_wilayah", "tahun", "bulan", "semester"]


def kenali_panjang(kode: pd.Series) -> pd.Series:
    """Length of each code (of a categorical column: per category, given to its rows, in the
    smallest integer type; a null's code, -1, indexes the 0 appended last: no level)."""
    if isinstance(kode.dtype, pd.CategoricalDtype):
        per_kategori = kode.cat.categories.str.len().to_numpy()
        lebar = np.int8 if per_kategori.max(initial=0) < 128 else np.int32
        per_kategori = np.append(per_kategori, 0).astype(lebar)
        return pd.Series(per_kategori[kode.cat.codes.to_numpy()], index=kode.index)
    return kode.str.len()


def kenali_tingkat_kode(kode: pd.Series) -> pd.Series:
    """Level of each dotted code from its length."""
    return kenali_panjang(kode).map(TINGKAT_DARI_PANJANG)


def kategori_kunci(komponen: pd.DataFrame, nama_komponen: list[str]) -> pd.DataFrame:
    """``kode_wilayah`` and ``komponen`` as categories, for the compute's many group-bys, and
    ``sumber`` as the mask categorical of :mod:`transforms.hitung.sumber`.

    The region categories are every code and all its ancestors (so a roll-up step maps
    category to category), the component categories every name of the data and of
    ``nama_komponen`` (components the compute adds); both sorted, so sorting by category
    sorts as the text does.
    """
    kode = pd.Series(komponen["kode_wilayah"].unique(), dtype="str")
    semua = {*kode}
    for n in PANJANG_KODE.values():
        semua.update(kode[kode.str.len() > n].str.slice(0, n))
    nama = sorted({*map(str, komponen["komponen"].unique()), *nama_komponen})
    return komponen.assign(
        kode_wilayah=_sebagai_kategori(komponen["kode_wilayah"], sorted(semua)),
        komponen=_sebagai_kategori(komponen["komponen"], nama),
        **({"sumber": kategori_sumber(komponen["sumber"])} if "sumber" in komponen else {}),
    )


def _sebagai_kategori(kolom: pd.Series, kategori: list[str]) -> pd.Categorical:
    """``kolom`` as a categorical of ``kategori`` (which hold every value): the distinct
    values are looked up, not the rows."""
    kode, unik = pd.factorize(kolom, use_na_sentinel=True)
    peta = pd.Index(kategori).get_indexer(pd.Index(unik, dtype=object))
    return pd.Categorical.from_codes(np.where(kode < 0, -1, peta[kode]), categories=kategori)


def naik_tingkat(kode: pd.Series, panjang: int) -> pd.Series:
    """Each code's ancestor of code length ``panjang``; a categorical column stays one (the
    ancestors are mapped per category, not per row)."""
    if not isinstance(kode.dtype, pd.CategoricalDtype):
        return kode.str.slice(0, panjang)
    kategori = kode.cat.categories
    peta = kategori.get_indexer(kategori.str.slice(0, panjang))
    baru = pd.Categorical.from_codes(peta[kode.cat.codes.to_numpy()], dtype=kode.dtype)
    return pd.Series(baru, index=kode.index, name=kode.name)


def isi_seperti(kolom: pd.Series, nilai: str, n: int) -> pd.Categorical | str:
    """``n`` times ``nilai`` for a column to be stacked with ``kolom``: a category of its
    categories when it is categorical (a stack with plain text would turn it to object)."""
    if isinstance(kolom.dtype, pd.CategoricalDtype) and nilai in kolom.cat.categories:
        kode = np.full(n, kolom.cat.categories.get_loc(nilai), dtype=np.int32)
        return pd.Categorical.from_codes(kode, dtype=kolom.dtype)
    return nilai


def normalkan_tipe_kunci(frame: pd.DataFrame) -> pd.DataFrame:
    """Key columns with one dtype each, so merges never see float against object."""
    fixed = {c: frame[c].astype("Int64") for c in ("bulan", "semester") if c in frame}
    if "tahun" in frame:
        fixed["tahun"] = frame["tahun"].astype("int64")
    return frame.assign(**fixed)


def _gabung_sumber_lambat(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    pairs = frame[[*keys, "sumber"]].drop_duplicates()
    if pairs["sumber"].str.contains(",", regex=False).any():
        pairs = pairs.assign(sumber=pairs["sumber"].str.split(",")).explode("sumber")
        pairs = pairs.drop_duplicates()
    multi = pairs.duplicated(keys, keep=False)
    if not multi.any():
        return pairs
    joined = (
        pairs[multi]
        .sort_values("sumber")
        .groupby(keys, dropna=False, sort=False)["sumber"]
        .agg(",".join)
        .reset_index()
    )
    return pd.concat([pairs[~multi], joined], ignore_index=True)


def gabung_sumber(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The comma-joined, sorted source ids per key (one row per distinct key)."""
    grup = frame.groupby(keys, dropna=False, sort=False)
    nomor = grup.ngroup().to_numpy()
    teks = gabung_sumber_grup(frame["sumber"], nomor, grup.ngroups)
    if teks is None:
        return _gabung_sumber_lambat(frame, keys)
    return frame[keys].iloc[baris_pertama(nomor)].assign(sumber=teks)


def lebarkan_jumlah(frame: pd.DataFrame) -> pd.DataFrame:
    """Values summed per period key, one column per component: what
    ``pivot_table(index=PERIODE, columns="komponen", aggfunc="sum", dropna=False)`` gave, without
    its rows for every combination of key values (region × year × month × semester), which it
    built and filled with NaN before the caller dropped them (most of a national year's pivot).

    One row per period key present in ``frame`` (missing keys kept), sorted by key, missing
    keys last; NaN where a component has no row for a key; a group of only missing values
    sums to 0, as in the pivot.
    """
    nomor, jumlah = nomori_kombinasi(frame, PERIODE)  # period keys, by first appearance
    kunci = frame[PERIODE].iloc[baris_pertama(nomor)].reset_index(drop=True)
    komp, nama = pd.factorize(frame["komponen"], sort=True, use_na_sentinel=False)
    sel = nomor * len(nama) + komp  # cell of each row: (period key, component)
    nilai = frame["nilai"].to_numpy(dtype="float64", na_value=np.nan)
    total = np.bincount(sel, weights=np.nan_to_num(nilai), minlength=jumlah * len(nama))
    ada = np.bincount(sel, minlength=jumlah * len(nama)) > 0
    lebar = np.where(ada, total, np.nan).reshape(jumlah, len(nama))
    urut = kunci.sort_values(PERIODE, na_position="last", kind="stable").index.to_numpy()
    return pd.DataFrame(
        lebar[urut],
        index=pd.MultiIndex.from_frame(kunci.iloc[urut]),
        columns=pd.Index(nama, name="komponen"),
    )


def _jumlahkan(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum values per key and join the contributing source ids."""
    frame = normalkan_tipe_kunci(frame)
    nomor, jumlah = nomori_kombinasi(frame, KUNCI)  # groups in order of first appearance
    pertama = baris_pertama(nomor)
    total = np.bincount(nomor, weights=frame["nilai"].fillna(0).to_numpy(), minlength=jumlah)
    nilai = frame[KUNCI].iloc[pertama].reset_index(drop=True).assign(nilai=total)
    teks = gabung_sumber_grup(frame["sumber"], nomor, jumlah)
    if teks is None:
        lambat = normalkan_tipe_kunci(_gabung_sumber_lambat(frame, KUNCI))
        return nilai.merge(lambat, on=KUNCI, how="left")
    return nilai.assign(sumber=teks)


def hitung_rollup(komponen: pd.DataFrame) -> pd.DataFrame:
    """Sum components up the region tree, bottom-up.

    A region's value is the sum of its children's values where any child reported; a value
    reported directly for a region (e.g. a kecamatan recap) is used only where none of its
    children reported, so mixing levels never counts the same families twice. Units inside
    a region (faskes, puskesmas rows) were already given the region's code and are summed.

    Args:
        komponen: long table with ``kode_wilayah`` (dotted), ``tahun``, ``bulan`` and
            ``semester`` (nullable), ``komponen``, ``nilai`` and ``sumber``.

    Returns:
        One row per region of every level at or above the input's, period and component,
        with the summed ``nilai`` and the ``sumber`` ids that contributed.
    """
    base = normalkan_tipe_kunci(komponen[[*KUNCI, "nilai", "sumber"]])
    panjang = kenali_panjang(base["kode_wilayah"])
    levels = sorted(PANJANG_KODE.values(), reverse=True)
    hasil: list[pd.DataFrame] = []
    current = pd.DataFrame(columns=[*KUNCI, "nilai", "sumber"])
    for n in levels:
        direct = base[panjang == n]
        if len(current):
            naik = current.assign(kode_wilayah=naik_tingkat(current["kode_wilayah"], n))
            dari_anak = _jumlahkan(naik)
        else:
            dari_anak = current
        if len(direct):
            direct = _jumlahkan(direct)
            if len(dari_anak):
                keyed = direct.merge(dari_anak[KUNCI], on=KUNCI, how="left", indicator=True)
                direct = keyed[keyed["_merge"] == "left_only"].drop(columns="_merge")
            # an empty frame in a concat turns every column to object (pandas 3): skip it
            current = (
                pd.concat([dari_anak, direct], ignore_index=True) if len(dari_anak) else direct
            )
        else:
            current = dari_anak
        if len(current):
            hasil.append(current)
    if not hasil:
        return current
    return pd.concat(hasil, ignore_index=True)
