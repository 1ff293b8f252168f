"""Why a target is blank: ``catatan_target`` of an indicator row, never a silent blank.

A row without a target says so and names the latest target before that year (value, year,
legal basis), or that the indicator has no target at all (and how to enter one); a row with a
target but no value says the target could not be compared.
"""

from __future__ import annotations

import pandas as pd

from transforms.baca.angka import tampilkan_bilangan

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
    return {
        (str(k), str(w)): list(g[kolom].itertuples(index=False, name=None))
        for (k, w), g in part.groupby(["kode_indikator", "kode_wilayah"], sort=False)
    }


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


def buat_catatan_target(hasil: pd.DataFrame, target: pd.DataFrame) -> pd.Series:
    """``catatan_target`` for rows of ``hasil`` (with ``target`` and ``nilai`` attached)."""
    catatan = pd.Series(None, index=hasil.index, dtype="object")
    tanpa_nilai = hasil["target"].notna() & hasil["nilai"].isna()
    catatan[tanpa_nilai] = TANPA_NILAI
    perlu = hasil["target"].isna()
    if not perlu.any():
        return catatan
    daftar = _daftar(target)
    kunci = hasil.loc[perlu, ["kode_indikator", "kode_wilayah", "tahun"]].astype(
        {"kode_wilayah": str, "tahun": "int64"}
    )
    unik = kunci.drop_duplicates()
    teks = {k: _catatan(daftar, *k) for k in unik.itertuples(index=False, name=None)}
    catatan[perlu] = [teks[k] for k in kunci.itertuples(index=False, name=None)]
    return catatan
