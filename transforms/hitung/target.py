"""Targets: the applicable target of each indicator value, achievement, and whether it is met."""

from __future__ import annotations

import numpy as np
import pandas as pd

from schemas.model import Katalog
from transforms.hitung.catatan_target import buat_catatan_target


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


def pasang_target(hasil: pd.DataFrame, katalog: Katalog) -> pd.DataFrame:
    """Attach the applicable target, achievement and whether the target is met.

    A regional target (``kode_wilayah`` set) overrides the national one for that region.
    A target with ``berlaku_untuk = pembilang`` (a count, e.g. 10,000,000 keluarga) is
    compared with the numerator, and the output says so in ``target_berlaku_untuk``; a
    national count target is not compared with a region's numerator. Targets with
    ``berlaku_untuk = capaian`` are planned achievement levels (``target_capaian``).
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
    nasional, daerah = _target_tabel(target, ("nilai", "pembilang"))
    nasional = nasional[nasional["berlaku_untuk"] == "nilai"]
    merged = _pasang(hasil, nasional, daerah)
    cap_n, cap_d = _target_tabel(target, ("capaian",))
    capaian = _pasang(merged[["kode_indikator", "tahun", "kode_wilayah"]], cap_n, cap_d)[
        "target"
    ].to_numpy()
    arah = merged["kode_indikator"].map({k: v.arah for k, v in katalog.indikator.items()})
    banding = merged["nilai"].where(merged["berlaku_untuk"] != "pembilang", merged["pembilang"])
    naik = arah == "naik"
    met = (banding >= merged["target"]).where(naik, banding <= merged["target"])
    known = merged["target"].notna() & banding.notna()
    tgt = merged["target"].where(merged["target"] != 0)
    rasio = (100 * banding / tgt).where(naik, 100 * tgt / banding.where(banding != 0))
    return merged.assign(
        memenuhi_target=pd.array(met.where(known, None), dtype="boolean"),
        target_berlaku_untuk=merged["berlaku_untuk"].where(merged["target"].notna()),
        capaian_target=rasio.where(known),
        target_capaian=capaian,
        target_sumber=merged["dasar_hukum"].where(merged["target"].notna()).replace("", None),
        catatan_target=buat_catatan_target(merged, target),
    ).drop(columns=["berlaku_untuk", "dasar_hukum"])
