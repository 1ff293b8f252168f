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
PERIODE_ACUAN = ("bulan", "semester", "bulan_acuan")
KOLOM_KELENGKAPAN = (
    "jumlah_wilayah_lapor",
    "jumlah_wilayah_seharusnya",
    "jumlah_desa_lapor",
    "jumlah_desa_seharusnya",
)


def _nomor_induk(kode: pd.Series) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """Each row's region number, its parent's number (-1: the parent has no row), and the
    distinct codes (as text). Parents are found per distinct code (text slices), not per
    row."""
    nomor, unik = pd.factorize(kode)
    teks = pd.Series(unik, dtype="str")
    panjang = teks.str.len().to_numpy()
    indeks = pd.Index(teks)
    induk = np.full(len(teks), -1, dtype=np.int64)
    for anak, ke in _INDUK.items():
        pilih = panjang == anak
        if pilih.any():
            induk[pilih] = indeks.get_indexer(teks[pilih].str.slice(0, ke))
    return nomor, induk[nomor], indeks


def _desa_di_bawah(
    nomor: np.ndarray, periode: np.ndarray, unik: pd.Index, n_per: int
) -> np.ndarray:
    """Desa rows under each (region number, period): every desa row counted at its
    kecamatan, kabupaten and provinsi (those that have a row), by numbers. ``unik``: the
    distinct codes as text, numbered as :func:`_nomor_induk` numbers them."""
    desa = np.asarray(unik.str.len() == PANJANG_KODE["desa"])
    hitungan = np.zeros(len(unik) * n_per, dtype=np.int64)
    baris = desa[nomor]
    if not baris.any():
        return hitungan
    kode_desa = unik[desa]
    for panjang in _PANJANG[:-1]:  # provinsi, kabupaten, kecamatan
        leluhur = np.full(len(unik), -1, dtype=np.int64)
        leluhur[desa] = unik.get_indexer(kode_desa.str.slice(0, panjang))
        atas, per = leluhur[nomor[baris]], periode[baris]
        ada = atas >= 0
        hitungan += np.bincount(atas[ada] * n_per + per[ada], minlength=len(hitungan))
    return hitungan


def _kunci_periode(tahun: np.ndarray, bulan: np.ndarray, semester: np.ndarray) -> np.ndarray:
    """One number per (year, month) or (year, semester): year × 100 + month, or + 50 +
    semester; -1 for an annual row."""
    kunci = np.full(len(tahun), -1, dtype=np.int64)
    ada_bulan, ada_sem = ~np.isnan(bulan), ~np.isnan(semester)
    kunci[ada_bulan] = tahun[ada_bulan] * 100 + bulan[ada_bulan].astype(np.int64)
    kunci[ada_sem] = tahun[ada_sem] * 100 + 50 + semester[ada_sem].astype(np.int64)
    return kunci


def _periode_hitung(out: pd.DataFrame, periode: np.ndarray) -> np.ndarray:
    """The period each row's children are counted at: its own, but for an annual value of
    stock components (``bulan_acuan``: the region's own last month) that month, or its
    semester for half-yearly data; a child that stopped reporting before it is not in the
    value, though it has an annual row of its own."""
    if "bulan_acuan" not in out.columns:
        return periode
    angka = {k: out[k].to_numpy(dtype="float64", na_value=np.nan) for k in PERIODE_ACUAN}
    tahunan = ~np.isnan(angka["bulan_acuan"]) & np.isnan(angka["bulan"])
    tahunan &= np.isnan(angka["semester"])
    if not tahunan.any():
        return periode
    tahun = out["tahun"].to_numpy(dtype="int64")
    kunci = _kunci_periode(tahun, angka["bulan"], angka["semester"])
    nomor = pd.Series(periode, index=kunci)
    nomor = nomor[~nomor.index.duplicated()].drop(-1, errors="ignore")
    acuan = angka["bulan_acuan"][tahunan]
    sem = np.where(acuan <= 6, 1.0, 2.0)
    kosong = np.full(len(acuan), np.nan)
    per_bulan = nomor.reindex(_kunci_periode(tahun[tahunan], acuan, kosong)).to_numpy()
    per_sem = nomor.reindex(_kunci_periode(tahun[tahunan], kosong, sem)).to_numpy()
    baca = np.where(np.isnan(per_bulan), per_sem, per_bulan)
    hasil = periode.copy()
    pos = np.flatnonzero(tahunan)
    ada = ~np.isnan(baca)
    hasil[pos[ada]] = baca[ada].astype(periode.dtype)
    return hasil


def _menurut_master(
    jumlah: Callable[[Iterable[str]], pd.Series] | None,
    unik: pd.Index,
    nomor: np.ndarray,
    lapor: pd.Series,
) -> pd.Series:
    """The master's count per distinct code (``jumlah``), given to the rows that have a
    ``lapor`` count (empty without ``jumlah``)."""
    if jumlah is None:
        return pd.Series(pd.NA, index=lapor.index, dtype="Int64")
    per_kode = jumlah(unik).reindex(unik).to_numpy()
    return pd.Series(per_kode[nomor], index=lapor.index).astype("Int64").where(lapor.notna())


def hitung_kelengkapan(
    rows: pd.DataFrame,
    jumlah_anak: Callable[[Iterable[str]], pd.Series] | None,
    jumlah_desa: Callable[[Iterable[str]], pd.Series] | None = None,
) -> pd.DataFrame:
    """Add ``jumlah_wilayah_lapor`` (children with a value) and ``..._seharusnya`` (master),
    and ``jumlah_desa_lapor`` (desa with a value anywhere under the region) and
    ``..._seharusnya`` (the master's desa): a kabupaten whose every kecamatan reported is
    still short of the desa one of them left out (a quarantined name).

    Each pair stays empty where nothing below was counted (a value reported directly at its
    own level, a desa row). An annual stock value counts the children of the month it was
    taken from (:func:`_periode_hitung`). Counted on numbers of (region, period), without a
    join on the code text.
    """
    out = rows.reset_index(drop=True)
    if out.empty:
        kosong = pd.Series(pd.NA, index=out.index, dtype="Int64")
        return out.assign(**dict.fromkeys(KOLOM_KELENGKAPAN, kosong))
    nomor, induk, unik = _nomor_induk(out["kode_wilayah"])
    periode = out.groupby(["tahun", "bulan", "semester"], dropna=False, sort=False).ngroup()
    periode = periode.to_numpy()
    n_per = int(periode.max()) + 1
    anak = induk >= 0
    hitungan = np.bincount(induk[anak] * n_per + periode[anak], minlength=len(unik) * n_per)
    baca = nomor * n_per + _periode_hitung(out, periode)
    jumlah = hitungan[baca]
    lapor = pd.Series(jumlah, index=out.index, dtype="Int64").where(jumlah > 0)
    desa = _desa_di_bawah(nomor, periode, unik, n_per)[baca]
    desa_lapor = pd.Series(desa, index=out.index, dtype="Int64").where(desa > 0)
    return out.assign(
        jumlah_wilayah_lapor=lapor,
        jumlah_wilayah_seharusnya=_menurut_master(jumlah_anak, unik, nomor, lapor),
        jumlah_desa_lapor=desa_lapor,
        jumlah_desa_seharusnya=_menurut_master(jumlah_desa, unik, nomor, desa_lapor),
    )
