"""Rows by province: the unit a national table is worked in.

Every step after matching stays inside a province (a region's children, history, targets and
completeness are its own), so a country's table can be worked one province at a time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from transforms.wilayah.kode import PANJANG_KODE


def nomori_provinsi(kode: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Each row's province as a number (provinces in code order) and the province codes:
    the distinct codes are cut to their province, not every row."""
    nomor, unik = pd.factorize(kode, use_na_sentinel=False)
    awalan = pd.Series(unik, dtype="str").str.slice(0, PANJANG_KODE["provinsi"])
    nomor_prov, nama = pd.factorize(awalan, sort=True, use_na_sentinel=False)
    return nomor_prov[nomor], pd.Index(nama)


def bagi_per_provinsi(kode: pd.Series, tahun: pd.Series | None = None) -> list[list[np.ndarray]]:
    """Row positions per province (in code order), and within each per year (ascending).

    Positions within a part stay in the table's order, so sums over a part add the same
    values in the same order as over the whole table (identical floating-point results).

    Args:
        kode: dotted Kemendagri codes of every row (any level).
        tahun: the year of every row; None: one part per province.
    """
    if kode.empty:
        return []
    prov, _ = nomori_provinsi(kode)
    th = np.zeros(len(kode), dtype="int64") if tahun is None else tahun.to_numpy(dtype="int64")
    urut = np.lexsort((th, prov))  # stable: positions ascending within a (province, year)
    prov_urut, th_urut = prov[urut], th[urut]
    batas = np.flatnonzero((np.diff(prov_urut) != 0) | (np.diff(th_urut) != 0)) + 1
    potongan = np.split(urut, batas)
    hasil: list[list[np.ndarray]] = []
    for awal, bagian in zip(np.r_[0, batas], potongan, strict=True):
        if not hasil or prov_urut[awal] != prov_urut[awal - 1]:
            hasil.append([])
        hasil[-1].append(bagian)
    return hasil


def kelompokkan_provinsi(kode: pd.Series) -> dict[str, np.ndarray]:
    """Row positions (ascending) per province code, for pairing two tables by province."""
    if kode.empty:
        return {}
    prov, nama = nomori_provinsi(kode)
    urut = np.argsort(prov, kind="stable")
    batas = np.flatnonzero(np.diff(prov[urut])) + 1
    return {str(nama[prov[b[0]]]): b for b in np.split(urut, batas)}
