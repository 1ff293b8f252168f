"""Components not read from reports: from the region master, or derived from other components."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from schemas.model import Katalog
from transforms.hitung.rollup import (
    KUNCI,
    PERIODE,
    gabung_sumber,
    isi_seperti,
    lebarkan_jumlah,
    normalkan_tipe_kunci,
)
from transforms.hitung.sumber import SUMBER_MASTER


def pasang_komponen_master(
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
    periods = agregat[PERIODE].drop_duplicates()
    counts = jumlah_desa(periods["kode_wilayah"].unique())
    extra = [
        periods.assign(
            komponen=isi_seperti(agregat["komponen"], name, len(periods)),
            nilai=periods["kode_wilayah"].map(counts).astype("float64"),
            sumber=isi_seperti(agregat["sumber"], SUMBER_MASTER, len(periods)),
        )
        for name in master_names
    ]
    return pd.concat([agregat, *extra], ignore_index=True).dropna(subset=["nilai"])


def _urut_turunan(turunan: list) -> list:
    """Derived components in an order where parts come before what is built from them."""
    names = {k.nama for k in turunan}
    done: list = []
    pending = list(turunan)
    while pending:
        ready = [k for k in pending if not (set(k.bagian) & names - {d.nama for d in done})]
        if not ready:
            raise ValueError("komponen turunan saling bergantung (siklus)")
        done += ready
        pending = [k for k in pending if k not in ready]
    return done


def _satu_turunan(out: pd.DataFrame, k) -> pd.DataFrame | None:
    """New rows of one derived component where its parts are present and it is not reported."""
    parts = out[out["komponen"].isin(k.bagian)]
    if parts.empty:
        return None
    wide = lebarkan_jumlah(parts)
    wajib = k.turunan.get("wajib", k.bagian)
    if any(w not in wide.columns for w in wajib):
        return None
    wide = wide.reindex(columns=list(k.bagian))
    ada = wide[list(wajib)].notna().all(axis=1)
    tambah = wide[list(k.turunan.get("tambah", ()))].sum(axis=1, min_count=0)
    kurang = wide[list(k.turunan.get("kurang", ()))].sum(axis=1, min_count=0)
    nilai = normalkan_tipe_kunci((tambah - kurang)[ada].rename("nilai").reset_index())
    sudah = normalkan_tipe_kunci(out[out["komponen"] == k.nama][PERIODE])
    nilai = nilai.merge(sudah, on=PERIODE, how="left", indicator=True)
    nilai = nilai[nilai["_merge"] == "left_only"].drop(columns="_merge")
    if nilai.empty:
        return None
    src = normalkan_tipe_kunci(gabung_sumber(parts, PERIODE))
    baru = nilai.merge(src, on=PERIODE, how="left")
    baru = baru.assign(komponen=isi_seperti(out["komponen"], k.nama, len(baru)))
    return baru[[*KUNCI, "nilai", "sumber"]]


def hitung_komponen_turunan(agregat: pd.DataFrame, katalog: Katalog) -> pd.DataFrame:
    """Add derived components (sums or differences of others) where not reported directly.

    A derived component's ``turunan`` lists ``tambah`` and ``kurang`` parts and, optionally,
    ``wajib`` (the parts that must be present; other missing parts count as 0; by default
    every part is required). Derivation runs on rolled-up values, which is exact because sums
    and differences commute with the roll-up.
    """
    turunan = [k for k in katalog.komponen.values() if k.turunan]
    if not turunan or agregat.empty:
        return agregat
    out = agregat
    for k in _urut_turunan(turunan):
        baru = _satu_turunan(out, k)
        if baru is not None:
            out = pd.concat([out, baru], ignore_index=True)
    return out
