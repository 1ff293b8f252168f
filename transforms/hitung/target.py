"""Targets: the applicable target of each indicator value, achievement, and whether it is met."""

from __future__ import annotations

import numpy as np
import pandas as pd

from schemas.model import Katalog
from transforms.hitung.catatan_target import buat_catatan_target
from transforms.wilayah.cocok import cari_kombinasi_unik


def _target_tabel(target: pd.DataFrame, berlaku: tuple[str, ...]) -> tuple[pd.DataFrame, ...]:
    cols = ["kode_indikator", "tahun", "target", "berlaku_untuk", "dasar_hukum"]
    if "dasar_hukum" not in target.columns:  # a target file without a legal-basis column
        target = target.assign(dasar_hukum=None)
    part = target[target["berlaku_untuk"].isin(berlaku)]
    # one target per indicator, year and region: a later file (a region's own) wins
    part = part.drop_duplicates(["kode_indikator", "tahun", "kode_wilayah"], keep="last")
    nasional = part[part["kode_wilayah"] == ""][cols]
    daerah = part[part["kode_wilayah"] != ""][[*cols, "kode_wilayah"]]
    return nasional, daerah


def _pasang(out: pd.DataFrame, nasional: pd.DataFrame, daerah: pd.DataFrame) -> pd.DataFrame:
    """Merge targets: a regional target (by kode_wilayah) overrides the national one."""
    merged = out.merge(nasional, on=["kode_indikator", "tahun"], how="left")
    if not daerah.empty:
        keys = ["kode_indikator", "tahun", "kode_wilayah"]
        merged = merged.merge(daerah, on=keys, how="left", suffixes=("", "_daerah"))
        has = merged["target_daerah"].notna()
        merged.loc[has, "target"] = merged.loc[has, "target_daerah"]
        lain = ("berlaku_untuk", "dasar_hukum")
        for kolom in lain:
            merged.loc[has, kolom] = merged.loc[has, f"{kolom}_daerah"]
        merged = merged.drop(columns=[f"{k}_daerah" for k in ("target", *lain)])
    return merged


KUNCI_TARGET = ["kode_indikator", "tahun", "kode_wilayah"]
"""What a target depends on: the rows of one indicator, region and year share it."""


def _target_per_kunci(kunci: pd.DataFrame, target: pd.DataFrame) -> pd.DataFrame:
    """Per distinct (indicator, year, region): the target, what it is compared with, its
    legal basis and the planned achievement (``capaian``), in the order of ``kunci``."""
    kunci = kunci.assign(kode_wilayah=kunci["kode_wilayah"].astype("str"))
    nasional, daerah = _target_tabel(target, ("nilai", "pembilang"))
    merged = _pasang(kunci, nasional[nasional["berlaku_untuk"] == "nilai"], daerah)
    cap_n, cap_d = _target_tabel(target, ("capaian",))
    return merged.assign(capaian=_pasang(kunci, cap_n, cap_d)["target"].to_numpy())


def pasang_target(hasil: pd.DataFrame, katalog: Katalog) -> pd.DataFrame:
    """Attach the applicable target, achievement and whether the target is met.

    A regional target (``kode_wilayah`` set) overrides the national one for that region.
    A target with ``berlaku_untuk = pembilang`` (a count, e.g. 10,000,000 keluarga) is
    compared with the numerator, and the output says so in ``target_berlaku_untuk``; a
    national count target is not compared with a region's numerator. Targets with
    ``berlaku_untuk = capaian`` are planned achievement levels (``target_capaian``).

    Targets are looked up once per distinct (indicator, year, region) (:data:`KUNCI_TARGET`;
    a national year: ±550 thousand keys for 7.1 million rows) and handed to the rows by
    number; ``hasil`` itself is never merged (copied).
    """
    target = katalog.target
    if hasil.empty:
        return hasil.assign(
            target=np.nan,
            target_berlaku_untuk=None,
            memenuhi_target=pd.array([], "boolean"),
            capaian_target=np.nan,
            target_capaian=np.nan,
            target_sumber=None,
            catatan_target=None,
        )
    nomor, kunci = cari_kombinasi_unik(hasil[KUNCI_TARGET])
    per_kunci = _target_per_kunci(kunci, target)
    arah = kunci["kode_indikator"].map({k: v.arah for k, v in katalog.indikator.items()})
    naik = (arah == "naik").to_numpy()[nomor]
    tgt_kunci = per_kunci["target"]
    ada = tgt_kunci.notna()
    berlaku = per_kunci["berlaku_untuk"].where(ada).take(nomor).reset_index(drop=True)
    dasar = per_kunci["dasar_hukum"].where(ada).replace("", None)
    sasaran = pd.Series(tgt_kunci.to_numpy()[nomor], index=hasil.index)
    banding = hasil["nilai"].where((berlaku != "pembilang").to_numpy(), hasil["pembilang"])
    met = (banding >= sasaran).where(naik, banding <= sasaran)
    known = sasaran.notna() & banding.notna()
    tgt = sasaran.where(sasaran != 0)
    rasio = (100 * banding / tgt).where(naik, 100 * tgt / banding.where(banding != 0))
    dengan = hasil.assign(target=sasaran)
    return dengan.assign(
        target_berlaku_untuk=berlaku.set_axis(hasil.index),
        memenuhi_target=pd.array(met.where(known, None), dtype="boolean"),
        capaian_target=rasio.where(known),
        target_capaian=per_kunci["capaian"].to_numpy()[nomor],
        target_sumber=dasar.take(nomor).set_axis(hasil.index),
        catatan_target=buat_catatan_target(dengan, target),
    )
