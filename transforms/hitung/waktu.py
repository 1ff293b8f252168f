"""Time: monthly and semester values made annual by the ONE stock/flow rule.

The rule (:func:`hitung_tahunan`): a stock takes its value in the last period reported in
the region-year (a month, or the end month of a semester), recorded as ``bulan_acuan``; a
flow sums its periods. Data that is annual already is used as is where a region-year has no
monthly or semester data.

Two callers apply it. For an indicator whose components come at the same granularity the
rule runs on the rows where every component is present, so "the last period reported" is the
last period in which ALL stock components of the indicator are reported (a common reference
month). Where numerator and denominator come at different granularities it runs on each
component alone, and the latest of their reference months is recorded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from schemas.model import Indikator, Katalog
from transforms.hitung.rollup import gabung_sumber, normalkan_tipe_kunci
from transforms.hitung.sumber import satukan_sumber
from transforms.komponen.ramping import kolom_kosong_bulat
from transforms.wilayah.cocok import cari_kombinasi_unik
from transforms.wilayah.provinsi import nomori_provinsi

KUNCI_TAHUN = ["kode_wilayah", "tahun"]


def _sub_tahunan(data: pd.DataFrame) -> pd.DataFrame:
    """Monthly rows, or semester rows where a region-year has no monthly rows, with ``_akhir``.

    ``_akhir`` is the last month the row covers (the month, or 6 / 12 for a semester).
    """
    keys = KUNCI_TAHUN
    monthly = data[data["bulan"].notna()]
    semester = data[data["bulan"].isna() & data["semester"].notna()]
    if len(semester) and len(monthly):
        keyed = semester.merge(monthly[keys].drop_duplicates(), on=keys, how="left", indicator=True)
        semester = keyed[keyed["_merge"] == "left_only"].drop(columns="_merge")
    return pd.concat(
        [
            monthly.assign(_akhir=monthly["bulan"].astype("Int64")),
            semester.assign(_akhir=(semester["semester"] * 6).astype("Int64")),
        ],
        ignore_index=True,
    )


def _stok_dan_arus(sub: pd.DataFrame, stok: list[str], arus: list[str]) -> pd.DataFrame:
    """Stock columns at the last period of each region-year, flow columns summed."""
    keys = KUNCI_TAHUN
    if stok:
        acuan = sub.groupby(keys)["_akhir"].max().rename("bulan_acuan").reset_index()
        at_last = sub.merge(acuan, left_on=[*keys, "_akhir"], right_on=[*keys, "bulan_acuan"])
        base = at_last[[*keys, "bulan_acuan", *stok, "sumber"]]
    else:
        base = sub[keys].drop_duplicates().assign(bulan_acuan=kolom_kosong_bulat, sumber="")
    if arus:
        sums = sub.groupby(keys)[arus].sum().reset_index()
        src = gabung_sumber(sub, keys)
        base = base.drop(columns="sumber").merge(sums, on=keys).merge(src, on=keys)
    return base


def hitung_tahunan(data: pd.DataFrame, stok: list[str], arus: list[str]) -> pd.DataFrame:
    """One row per region and year by the stock/flow rule.

    Args:
        data: rows per region and period (``kode_wilayah``, ``tahun``, ``bulan``,
            ``semester``, ``sumber`` and the value columns).
        stok: value columns that are stocks (last period, its end month in ``bulan_acuan``).
        arus: value columns that are flows (summed over the periods).

    Returns:
        Annual rows (``bulan`` and ``semester`` empty) from the monthly or semester rows,
        then the rows that were annual already for region-years without such rows.
    """
    keys = KUNCI_TAHUN
    dari_sub = _stok_dan_arus(_sub_tahunan(data), stok, arus)
    dari_sub = dari_sub.assign(bulan=kolom_kosong_bulat, semester=kolom_kosong_bulat)
    yearly = data[data["bulan"].isna() & data["semester"].isna()]
    sisa = yearly.merge(dari_sub[keys], on=keys, how="left", indicator=True)
    sisa = sisa[sisa["_merge"] == "left_only"].drop(columns="_merge")
    sisa = sisa.assign(bulan_acuan=kolom_kosong_bulat)
    return pd.concat([dari_sub, sisa], ignore_index=True)


def hitung_tahunan_indikator(wide: pd.DataFrame, ind: Indikator, katalog: Katalog) -> pd.DataFrame:
    """Annual rows of an indicator whose components are side by side in common periods.

    ``wide`` holds only periods where every component is present, so a stock's reference
    month is the last month in which all stock components of the indicator are reported.
    """
    stok = [c for c in ind.komponen if katalog.komponen[c].jenis == "stok"]
    arus = [c for c in ind.komponen if katalog.komponen[c].jenis == "arus"]
    return hitung_tahunan(wide, stok, arus)


def _provinsi_campuran(part: pd.DataFrame, komponen: tuple[str, ...]) -> pd.DataFrame:
    """The rows of the provinces where every component is present and they do not all come
    at the same kinds of period (monthly, semester, annual): the decision each province
    takes alone, also when several are computed together (:mod:`transforms.hitung.bagian`).

    The distinct (province, component, month set, semester set) are found by numbering the
    rows (:func:`cari_kombinasi_unik`), not by hashing whole rows (3 s CPU in a national year)."""
    prov, _ = nomori_provinsi(part["kode_wilayah"])
    baris = pd.DataFrame(
        {
            "_p": prov,
            "komponen": part["komponen"].array,
            "_b": part["bulan"].notna().to_numpy(),
            "_s": part["semester"].notna().to_numpy(),
        }
    )
    jenis = cari_kombinasi_unik(baris)[1]  # the kinds of period of each component, province
    per = jenis.groupby(["_p", "komponen"], observed=True)[["_b", "_s"]].agg(frozenset)
    per = per.reset_index().assign(_j=lambda f: list(zip(f["_b"], f["_s"], strict=True)))
    tiap = per.groupby("_p").agg(n=("komponen", "nunique"), j=("_j", "nunique"))
    pilih = tiap.index[(tiap["n"] == len(set(komponen))) & (tiap["j"] > 1)].to_numpy()
    if len(pilih) == len(tiap):
        return part
    return part[np.isin(prov, pilih)]


def _tahunan_komponen(part: pd.DataFrame, jenis: str) -> pd.DataFrame:
    """Annual value of ONE component per region-year, by its own temporal rule."""
    stok = ["nilai"] if jenis == "stok" else []
    arus = [] if stok else ["nilai"]
    return hitung_tahunan(part, stok, arus)[[*KUNCI_TAHUN, "nilai", "sumber", "bulan_acuan"]]


def hitung_tahunan_campuran(
    agregat: pd.DataFrame, ind: Indikator, katalog: Katalog, sudah: pd.DataFrame
) -> pd.DataFrame:
    """Annual rows where numerator and denominator come at different granularities.

    E.g. a yearly template value over a semester Verval count: each component is first made
    annual by its own rule (stock: last period, recorded in ``bulan_acuan``; flow: sum), then
    they are put side by side. Region-years already computed from common periods are skipped.
    """
    keys = KUNCI_TAHUN
    part = agregat[agregat["komponen"].isin(ind.komponen)]
    part = _provinsi_campuran(part, ind.komponen) if len(part) else part
    if part.empty:
        return pd.DataFrame()  # same granularities: the common-period rows cover it
    part = normalkan_tipe_kunci(part)
    hasil = None
    for nama in ind.komponen:
        satu = _tahunan_komponen(part[part["komponen"] == nama], katalog.komponen[nama].jenis)
        satu = satu.rename(
            columns={"nilai": nama, "sumber": f"_s_{nama}", "bulan_acuan": f"_a_{nama}"}
        )
        hasil = satu if hasil is None else hasil.merge(satu, on=keys)
    if hasil is None or hasil.empty:
        return pd.DataFrame()
    if len(sudah):
        hasil = hasil.merge(sudah[keys], on=keys, how="left", indicator=True)
        hasil = hasil[hasil["_merge"] == "left_only"].drop(columns="_merge")
    if hasil.empty:
        return pd.DataFrame()
    acuan = hasil[[f"_a_{n}" for n in ind.komponen]].astype("Float64").max(axis=1)
    sumber = satukan_sumber([hasil[f"_s_{n}"] for n in ind.komponen])
    return hasil[[*keys, *ind.komponen]].assign(
        bulan=kolom_kosong_bulat,
        semester=kolom_kosong_bulat,
        bulan_acuan=acuan.astype("Int64"),
        sumber=sumber,
    )
