"""One generic computation: components → rolled-up region tree → every registry indicator.

Input is a long table of components (one value per region, year, month, component).
Transformations include:

* roll-up: every value is added to its kecamatan, kabupaten and provinsi by SUMMING
  (never by averaging percentages);
* master components (``jumlah_desa``) are taken from the region master, not from reports;
* monthly indicator rows wherever the data is monthly;
* annual rows by the temporal rule of each component (:mod:`transforms.hitung.waktu`): a
  stock takes the last month in which all stock components of the indicator are present
  (that month is ``bulan_acuan``), a flow sums its months;
* value = pembilang / penyebut × pengali, then target and achievement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from schemas.kontrak import lebar_bilangan
from schemas.model import Indikator, Katalog
from transforms.hitung.kelengkapan import hitung_kelengkapan
from transforms.hitung.pasangan import KunciDasar, baris_berpasangan
from transforms.hitung.periode import tambah_periode
from transforms.hitung.rollup import (
    PERIODE,
    gabung_sumber,
    hitung_rollup,
    kategori_kunci,
    kenali_tingkat_kode,
    lebarkan_jumlah,
    normalkan_tipe_kunci,
)
from transforms.hitung.sumber import teks_sumber
from transforms.hitung.target import pasang_target
from transforms.hitung.turunan import hitung_komponen_turunan, pasang_komponen_master
from transforms.hitung.waktu import hitung_tahunan_campuran, hitung_tahunan_indikator
from transforms.komponen.ramping import (
    KOLOM_BERULANG_INDIKATOR,
    buat_ramping,
    kategori_terpakai,
    kolom_kosong_bulat,
    kolom_tetap,
    per_kategori,
)
from transforms.wilayah.provinsi import nomori_provinsi

URUTAN_INDIKATOR = ["kode_indikator", "kode_wilayah", "tahun", "semester", "bulan"]
"""The order of the indicator table (an annual row before its semesters and months)."""


def _lebar(agregat: pd.DataFrame, ind: Indikator) -> pd.DataFrame:
    """Numerator and denominator side by side per region and period."""
    part = agregat[agregat["komponen"].isin(ind.komponen)]
    if part.empty:
        return pd.DataFrame()
    wide = lebarkan_jumlah(part)
    if any(c not in wide.columns for c in ind.komponen):
        return pd.DataFrame()
    wide = normalkan_tipe_kunci(wide.reset_index()).merge(
        normalkan_tipe_kunci(gabung_sumber(part, PERIODE)), on=PERIODE, how="left"
    )
    return wide.dropna(subset=list(ind.komponen))


def _nilai(frame: pd.DataFrame, ind: Indikator) -> pd.DataFrame:
    """Indicator rows: numerator, denominator and value = pembilang / penyebut × pengali."""
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
            "semester": frame["semester"].astype("Int64"),
            "bulan_acuan": frame["bulan_acuan"].astype("Int64"),
            "pembilang": pembilang,
            "penyebut": penyebut,
            "nilai": nilai,
            "satuan": ind.satuan,
            "sumber": frame["sumber"],
        }
    )


def hitung_satu(
    agregat: pd.DataFrame,
    ind: Indikator,
    katalog: Katalog,
    jumlah_anak: Callable[[Iterable[str]], pd.Series] | None = None,
    jumlah_desa: Callable[[Iterable[str]], pd.Series] | None = None,
) -> pd.DataFrame:
    """Monthly, semester and annual rows of one indicator (empty when a component is missing).

    Completeness is counted before the depth filter, so a kabupaten row says how many of its
    kecamatan reported even when the registry does not publish kecamatan values.
    """
    wide = _lebar(agregat, ind)
    if wide.empty:
        sub = annual = pd.DataFrame()
    else:
        sub = wide[wide["bulan"].notna() | wide["semester"].notna()]
        sub = sub.assign(bulan_acuan=kolom_kosong_bulat)
        annual = hitung_tahunan_indikator(wide, ind, katalog)
    campuran = hitung_tahunan_campuran(agregat, ind, katalog, annual)
    frames = [f for f in (sub, annual, campuran) if len(f)]
    if not frames:
        return pd.DataFrame()
    rows = _nilai(pd.concat(frames, ignore_index=True), ind)
    rows = hitung_kelengkapan(rows, jumlah_anak, jumlah_desa)
    return rows[kenali_tingkat_kode(rows["kode_wilayah"]).isin(ind.kedalaman)]


def _agregat(
    komponen: pd.DataFrame, katalog: Katalog, jumlah_desa: Callable[[Iterable[str]], pd.Series]
) -> pd.DataFrame:
    """Reported components (keys as categories) rolled up the tree, with the master's and
    the derived components."""
    agregat = pasang_komponen_master(hitung_rollup(komponen), katalog, jumlah_desa)
    return hitung_komponen_turunan(agregat, katalog)


def _per_indikator(
    agregat: pd.DataFrame,
    katalog: Katalog,
    jumlah_anak: Callable[[Iterable[str]], pd.Series] | None,
    jumlah_desa: Callable[[Iterable[str]], pd.Series],
    dasar: pd.DataFrame,
) -> list[pd.DataFrame]:
    """The rows of every registry indicator whose components are all present: from the
    shared roll-up ``agregat`` of the reported rows ``dasar``, or, for an indicator whose
    reported components do not cover the same region-periods, from a roll-up of only the
    ones where all are (:mod:`transforms.hitung.pasangan`)."""
    # row positions per component, not a copy of every group at once (peak memory)
    per_komponen = agregat.groupby("komponen", sort=False).indices
    kunci = KunciDasar(dasar)
    sendiri_agregat: dict[bytes, pd.DataFrame] = {}  # by rows: indicators sharing components
    parts = []
    for ind in katalog.indikator.values():
        if any(c not in per_komponen for c in ind.komponen):
            continue
        baris = np.concatenate([per_komponen[c] for c in dict.fromkeys(ind.komponen)])
        bagian = agregat.take(baris)
        sendiri = baris_berpasangan(kunci, ind, katalog)
        if sendiri is not None:  # those provinces from their own roll-up, the others shared
            prov, nama = nomori_provinsi(bagian["kode_wilayah"])
            lain = bagian.take(np.flatnonzero(~np.isin(nama, sendiri[1])[prov]))
            tanda = sendiri[0].tobytes()
            if tanda not in sendiri_agregat:
                sendiri_agregat[tanda] = _agregat(dasar.take(sendiri[0]), katalog, jumlah_desa)
            bagian = pd.concat([lain, sendiri_agregat[tanda]], ignore_index=True)
        parts.append(hitung_satu(bagian, ind, katalog, jumlah_anak, jumlah_desa))
    return [p for p in parts if not p.empty]


def hitung_indikator(
    komponen: pd.DataFrame,
    katalog: Katalog,
    jumlah_desa: Callable[[Iterable[str]], pd.Series],
    nama_wilayah: Callable[[pd.Series], pd.Series],
    id_run: str,
    jumlah_anak: Callable[[Iterable[str]], pd.Series] | None = None,
) -> pd.DataFrame:
    """Compute every registry indicator whose components are present.

    Args:
        komponen: long component table (see :func:`transforms.hitung.rollup.hitung_rollup`).
        katalog: the loaded catalog.
        jumlah_desa: region codes → number of desa (from the region master).
        jumlah_anak: region codes → number of child regions (completeness), optional.
        nama_wilayah: region codes → names (from the region master).
        id_run: run identifier written on every row.

    Returns:
        The output table (columns of ``catalog/kolom.yaml`` → ``indikator``), sorted by
        kode_indikator, kode_wilayah, tahun, bulan (annual row first).
    """
    kolom = list(katalog.kolom["indikator"])
    if komponen.empty:
        return pd.DataFrame(columns=kolom)
    komponen = kategori_kunci(komponen, list(katalog.komponen))
    agregat = _agregat(komponen, katalog, jumlah_desa)
    parts = _per_indikator(agregat, katalog, jumlah_anak, jumlah_desa, komponen)
    del agregat, komponen  # the rolled-up tree is the largest frame: free it before the targets
    if not parts:
        return pd.DataFrame(columns=kolom)
    hasil = pd.concat(parts, ignore_index=True)
    del parts  # only the concatenation from here on (peak memory)
    # the codes stay categories (of the codes used): names and levels per code, not per row
    kode = kategori_terpakai(hasil[["kode_wilayah"]].astype("category"))["kode_wilayah"]
    hasil = pasang_target(hasil.assign(kode_wilayah=kode), katalog)
    run = kolom_tetap(id_run, len(hasil))  # one category, not a text per row
    hasil = hasil.assign(
        tingkat=kenali_tingkat_kode(kode),
        nama_wilayah=per_kategori(kode, nama_wilayah),
        id_run=run,
        id_run_ubah=run,  # this run; the publish step carries unchanged values' runs over
        sumber=teks_sumber(hasil["sumber"]),
    )
    # repeated texts as categories before the sort, which then moves codes, not texts; the
    # order is the same (categories are sorted, so are their codes)
    hasil = buat_ramping(tambah_periode(hasil, kategori=True)[kolom], KOLOM_BERULANG_INDIKATOR)
    hasil = lebar_bilangan(hasil, katalog.kolom["indikator"])  # the stored widths
    return hasil.sort_values(URUTAN_INDIKATOR, na_position="first", ignore_index=True)
