"""Why a target is blank: ``catatan_target`` of an indicator row, never a silent blank.

A row without a target says so and names the latest target before that year (value, year,
legal basis), or that the indicator has no target at all (and how to enter one); a row with a
target but no value says the target could not be compared.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from transforms.baca.angka import tampilkan_bilangan
from transforms.komponen.ramping import buat_kategori_per_nomor

TANPA_NILAI = "nilai kosong (penyebut 0 atau tidak ada data); target tidak dibandingkan"
TANPA_TARGET = (
    "tidak ada target untuk indikator ini (catalog/target maupun target daerah); "
    "isi target daerah lewat: indikator target --templat"
)


def _angka(nilai: float) -> str:
    """A number as a reader writes it: 3,5 · 90 · 10.000.000."""
    if float(nilai).is_integer():
        return tampilkan_bilangan(nilai)
    return tampilkan_bilangan(nilai, 2).rstrip("0")


def _uraikan(baris: tuple) -> str:
    tahun, target, berlaku, dasar = baris
    teks = f"{tahun}: {_angka(target)}"
    if berlaku == "pembilang":
        teks += " (jumlah absolut)"
    return f"{teks} ({dasar})" if isinstance(dasar, str) and dasar else teks


def _daftar(target: pd.DataFrame) -> dict[tuple[str, str], list[tuple]]:
    """Targets by (indicator, region code; "" = national), oldest year first."""
    kolom = ["tahun", "target", "berlaku_untuk", "dasar_hukum"]
    part = target[target["berlaku_untuk"].isin(["nilai", "pembilang"])]
    part = part.assign(dasar_hukum=part.get("dasar_hukum", pd.Series(index=part.index)))
    part = part.sort_values("tahun", kind="stable")
    part = part[part["kode_indikator"].notna() & part["kode_wilayah"].notna()]
    daftar: dict[tuple[str, str], list[tuple]] = {}  # one pass: a groupby cost 0.1 s a call
    for k, w, *baris in part[["kode_indikator", "kode_wilayah", *kolom]].itertuples(
        index=False, name=None
    ):
        daftar.setdefault((str(k), str(w)), []).append(tuple(baris))
    return daftar


def _catatan(daftar: dict, kode: str, wilayah: str, tahun: int) -> str:
    nasional = daftar.get((kode, ""), [])
    ada = daftar.get((kode, wilayah), []) + [b for b in nasional if b[2] == "nilai"]
    jumlah_nasional = [b for b in nasional if b[2] == "pembilang"]
    if not ada and jumlah_nasional:
        return (
            "tidak ada target untuk wilayah ini; target nasional berupa jumlah absolut untuk "
            f"Indonesia, tidak dibandingkan dengan wilayah: {_uraikan(jumlah_nasional[-1])}"
        )
    if not ada:
        return TANPA_TARGET
    sebelum = [b for b in ada if int(b[0]) < tahun]
    if sebelum:
        terakhir = max(sebelum, key=lambda b: int(b[0]))
        return f"tidak ada target untuk tahun ini; target terakhir {_uraikan(terakhir)}"
    sesudah = min(ada, key=lambda b: int(b[0]))
    return f"tidak ada target untuk tahun ini; target berikutnya {_uraikan(sesudah)}"


def _kelompok_catatan(kunci: pd.DataFrame, daftar: dict) -> tuple[np.ndarray, list[tuple]]:
    """Rows grouped by what their note depends on: (indicator, region, year), where every
    region without a target of its own for the indicator is one and the same (None).

    Returns each row's group number and each group's ``_catatan`` arguments.
    """
    ind, ind_u = pd.factorize(kunci["kode_indikator"], use_na_sentinel=False)
    wil, wil_u = pd.factorize(kunci["kode_wilayah"], use_na_sentinel=False)
    thn, thn_u = pd.factorize(kunci["tahun"].astype("int64"), use_na_sentinel=False)
    wil_u = [None if pd.isna(w) else str(w) for w in wil_u]
    sendiri = {w for _, w in daftar}
    mungkin = np.array([w in sendiri for w in wil_u], dtype=bool)[wil]
    if mungkin.any():  # the exact (indicator, region) pair, only where the region has targets
        pasangan = zip(ind[mungkin].tolist(), wil[mungkin].tolist(), strict=True)
        mungkin[mungkin] = [(str(ind_u[i]), wil_u[w]) in daftar for i, w in pasangan]
    wil = np.where(mungkin, wil + 1, 0)  # 0: no target of its own
    wil_u = [None, *wil_u]
    n_wil, n_thn = len(wil_u), len(thn_u)
    unik, nomor = np.unique((ind.astype(np.int64) * n_wil + wil) * n_thn + thn, return_inverse=True)
    args = [
        (str(ind_u[g // n_thn // n_wil]), wil_u[g // n_thn % n_wil], int(thn_u[g % n_thn]))
        for g in unik.tolist()
    ]
    return nomor.reshape(-1), args


def buat_catatan_target(hasil: pd.DataFrame, target: pd.DataFrame) -> pd.Series:
    """``catatan_target`` for rows of ``hasil`` (with ``target`` and ``nilai`` attached), as
    a categorical (null: the target is there and compared).

    Each note is written once per distinct (indicator, region with its own targets or not,
    year) and given to every row of that kind by its number: a handful of texts over millions
    of rows (text per row made into a category later cost 7 s CPU in a national year).
    """
    tanpa_nilai = (hasil["target"].notna() & hasil["nilai"].isna()).to_numpy()
    perlu = hasil["target"].isna().to_numpy()
    teks: list[str] = [TANPA_NILAI] if tanpa_nilai.any() else []
    nomor = np.full(len(hasil), -1, dtype=np.int32)  # -1: no note
    nomor[tanpa_nilai] = 0
    if perlu.any():
        daftar = _daftar(target)
        kelompok, args = _kelompok_catatan(hasil[perlu], daftar)
        catatan = [_catatan(daftar, *a) for a in args]
        nomor[perlu] = len(teks) + kelompok
        teks += catatan
    return buat_kategori_per_nomor(teks, nomor, hasil.index)
