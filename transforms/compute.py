"""One generic computation: components → rolled-up region tree → every registry indicator.

Input is a long table of components (one value per region, year, month, component).
Transformations include:

* roll-up: every value is added to its kecamatan, kabupaten and provinsi by SUMMING
  (never by averaging percentages);
* master components (``jumlah_desa``) are taken from the region master, not from reports;
* monthly indicator rows wherever the data is monthly;
* annual rows by the temporal rule of each component: a stock takes the last month in which
  all stock components of the indicator are present (that month is ``bulan_acuan``), a flow
  sums its months;
* value = pembilang / penyebut × pengali, then target and achievement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from transforms.catalog import Indikator, Katalog
from transforms.wilayah import PANJANG_KODE

TINGKAT_DARI_PANJANG = {v: k for k, v in PANJANG_KODE.items()}

KUNCI = ["kode_wilayah", "tahun", "bulan", "komponen"]


def tingkat_kode(kode: pd.Series) -> pd.Series:
    """Level of each dotted code from its length."""
    return kode.str.len().map(TINGKAT_DARI_PANJANG)


def rollup(komponen: pd.DataFrame) -> pd.DataFrame:
    """Sum components up the region tree.

    Args:
        komponen: long table with ``kode_wilayah`` (dotted), ``tahun``, ``bulan`` (nullable),
            ``komponen``, ``nilai`` and ``sumber``.

    Returns:
        One row per region of every level at or above the input's, year, month and component,
        with the summed ``nilai`` and the ``sumber`` ids that contributed.
    """
    base = komponen[[*KUNCI, "nilai", "sumber"]]
    panjang = base["kode_wilayah"].str.len()
    levels = []
    for n in PANJANG_KODE.values():
        part = base[panjang >= n]
        levels.append(part.assign(kode_wilayah=part["kode_wilayah"].str.slice(0, n)))
    stacked = pd.concat(levels, ignore_index=True)
    nilai = stacked.groupby(KUNCI, dropna=False, sort=False)["nilai"].sum()
    return nilai.reset_index().merge(gabung_sumber(stacked, KUNCI), on=KUNCI, how="left")


def gabung_sumber(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The comma-joined, sorted source ids per key (fast when a key has one source)."""
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


def tambah_komponen_master(
    agregat: pd.DataFrame, katalog: Katalog, jumlah_desa: Callable[[Iterable[str]], pd.Series]
) -> pd.DataFrame:
    """Add master-derived components (``jumlah_desa``) for every region-period present.

    Args:
        agregat: rolled-up components.
        katalog: the catalog (tells which components come from the master).
        jumlah_desa: maps region codes to their number of desa/kelurahan.
    """
    master_names = [k.nama for k in katalog.komponen.values() if k.dari_master]
    if not master_names or agregat.empty:
        return agregat
    periods = agregat[["kode_wilayah", "tahun", "bulan"]].drop_duplicates()
    counts = jumlah_desa(periods["kode_wilayah"].unique())
    extra = [
        periods.assign(
            komponen=name,
            nilai=periods["kode_wilayah"].map(counts).astype("float64"),
            sumber="master-wilayah",
        )
        for name in master_names
    ]
    return pd.concat([agregat, *extra], ignore_index=True).dropna(subset=["nilai"])


def _wide(agregat: pd.DataFrame, ind: Indikator) -> pd.DataFrame:
    """Numerator and denominator side by side per region and period."""
    part = agregat[agregat["komponen"].isin(ind.komponen)]
    if part.empty:
        return pd.DataFrame()
    wide = part.pivot_table(
        index=["kode_wilayah", "tahun", "bulan"],
        columns="komponen",
        values="nilai",
        aggfunc="sum",
        dropna=False,
    )
    if any(c not in wide.columns for c in ind.komponen):
        return pd.DataFrame()
    keys = ["kode_wilayah", "tahun", "bulan"]
    wide = wide.reset_index().merge(gabung_sumber(part, keys), on=keys, how="left")
    return wide.dropna(subset=list(ind.komponen))


def _annual(wide: pd.DataFrame, ind: Indikator, katalog: Katalog) -> pd.DataFrame:
    """Apply each component's temporal rule to get one row per region and year."""
    stok = [c for c in ind.komponen if katalog.komponen[c].jenis == "stok"]
    arus = [c for c in ind.komponen if katalog.komponen[c].jenis == "arus"]
    keys = ["kode_wilayah", "tahun"]
    monthly = wide[wide["bulan"].notna()]
    yearly = wide[wide["bulan"].isna()]

    if stok:
        # last month in which every stock component is present (wide already dropped gaps)
        acuan = monthly.groupby(keys)["bulan"].max().rename("bulan_acuan").reset_index()
        at_last = monthly.merge(acuan, left_on=[*keys, "bulan"], right_on=[*keys, "bulan_acuan"])
        base = at_last[[*keys, "bulan_acuan", *stok, "sumber"]]
    else:
        base = monthly[keys].drop_duplicates().assign(bulan_acuan=pd.NA, sumber="")
    if arus:
        sums = monthly.groupby(keys)[arus].sum().reset_index()
        src = gabung_sumber(monthly, keys)
        base = base.drop(columns="sumber").merge(sums, on=keys).merge(src, on=keys)
    annual_from_months = base.assign(bulan=pd.NA)
    # data that is annual already (no month) is used as is where no monthly data exists
    yearly_only = yearly.merge(annual_from_months[keys], on=keys, how="left", indicator=True)
    yearly_only = yearly_only[yearly_only["_merge"] == "left_only"].drop(columns="_merge")
    yearly_only = yearly_only.assign(bulan_acuan=pd.NA)
    return pd.concat([annual_from_months, yearly_only], ignore_index=True)


def _values(frame: pd.DataFrame, ind: Indikator) -> pd.DataFrame:
    pembilang = frame[ind.pembilang].astype("float64")
    if ind.penyebut is None:
        penyebut = pd.Series(np.nan, index=frame.index)
        nilai = pembilang * ind.pengali
    else:
        penyebut = frame[ind.penyebut].astype("float64")
        nilai = (pembilang / penyebut.where(penyebut != 0)) * ind.pengali
    return pd.DataFrame(
        {
            "kode_indikator": ind.kode,
            "kode_wilayah": frame["kode_wilayah"],
            "tahun": frame["tahun"].astype("int64"),
            "bulan": frame["bulan"].astype("Int64"),
            "bulan_acuan": frame["bulan_acuan"].astype("Int64"),
            "pembilang": pembilang,
            "penyebut": penyebut,
            "nilai": nilai,
            "satuan": ind.satuan,
            "sumber": frame["sumber"],
        }
    )


def hitung_satu(agregat: pd.DataFrame, ind: Indikator, katalog: Katalog) -> pd.DataFrame:
    """Monthly and annual rows of one indicator (empty when a component is missing)."""
    wide = _wide(agregat, ind)
    if wide.empty:
        return pd.DataFrame()
    monthly = wide[wide["bulan"].notna()].assign(bulan_acuan=pd.NA)
    annual = _annual(wide, ind, katalog)
    rows = _values(pd.concat([monthly, annual], ignore_index=True), ind)
    return rows[tingkat_kode(rows["kode_wilayah"]).isin(ind.kedalaman)]


def pasang_target(hasil: pd.DataFrame, katalog: Katalog) -> pd.DataFrame:
    """Attach the applicable target and whether it is met (by the indicator's direction).

    A regional target (``kode_wilayah`` set) overrides the national one for that region.
    A target with ``berlaku_untuk = pembilang`` is compared with the numerator.
    """
    target = katalog.target
    out = hasil.assign(target=np.nan, memenuhi_target=pd.array([pd.NA] * len(hasil), "boolean"))
    if target.empty or hasil.empty:
        return out
    cols = ["kode_indikator", "tahun", "target", "berlaku_untuk"]
    # A national count target (berlaku_untuk = pembilang, e.g. 10,000,000 keluarga) cannot be
    # compared with a region's numerator; only national percentage targets apply everywhere.
    nasional = target[(target["kode_wilayah"] == "") & (target["berlaku_untuk"] == "nilai")][cols]
    daerah = target[target["kode_wilayah"] != ""][[*cols, "kode_wilayah"]]
    merged = out.drop(columns="target").merge(nasional, on=["kode_indikator", "tahun"], how="left")
    if not daerah.empty:
        keys = ["kode_indikator", "tahun", "kode_wilayah"]
        merged = merged.merge(daerah, on=keys, how="left", suffixes=("", "_daerah"))
        has = merged["target_daerah"].notna()
        merged.loc[has, "target"] = merged.loc[has, "target_daerah"]
        merged.loc[has, "berlaku_untuk"] = merged.loc[has, "berlaku_untuk_daerah"]
        merged = merged.drop(columns=["target_daerah", "berlaku_untuk_daerah"])
    arah = merged["kode_indikator"].map({k: v.arah for k, v in katalog.indikator.items()})
    banding = merged["nilai"].where(merged["berlaku_untuk"] != "pembilang", merged["pembilang"])
    naik = banding >= merged["target"]
    turun = banding <= merged["target"]
    met = naik.where(arah == "naik", turun)
    known = merged["target"].notna() & banding.notna()
    merged["memenuhi_target"] = pd.array(met.where(known, None), dtype="boolean")
    return merged.drop(columns="berlaku_untuk")


def hitung_indikator(
    komponen: pd.DataFrame,
    katalog: Katalog,
    jumlah_desa: Callable[[Iterable[str]], pd.Series],
    nama_wilayah: Callable[[pd.Series], pd.Series],
    id_run: str,
) -> pd.DataFrame:
    """Compute every registry indicator whose components are present.

    Args:
        komponen: long component table (see :func:`rollup`).
        katalog: the loaded catalog.
        jumlah_desa: region codes → number of desa (from the region master).
        nama_wilayah: region codes → names (from the region master).
        id_run: run identifier written on every row.

    Returns:
        The output table (columns of ``catalog/kolom.yaml`` → ``indikator``), sorted by
        kode_indikator, kode_wilayah, tahun, bulan (annual row first).
    """
    kolom = list(katalog.kolom["indikator"])
    if komponen.empty:
        return pd.DataFrame(columns=kolom)
    agregat = tambah_komponen_master(rollup(komponen), katalog, jumlah_desa)
    parts = [hitung_satu(agregat, ind, katalog) for ind in katalog.indikator.values()]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=kolom)
    hasil = pasang_target(pd.concat(parts, ignore_index=True), katalog)
    hasil = hasil.assign(
        tingkat=tingkat_kode(hasil["kode_wilayah"]),
        nama_wilayah=nama_wilayah(hasil["kode_wilayah"]),
        id_run=id_run,
    )
    hasil = hasil.sort_values(
        ["kode_indikator", "kode_wilayah", "tahun", "bulan"], na_position="first"
    )
    return hasil[kolom].reset_index(drop=True)
