"""Duplicate rows: the same region and period twice in a layout that allows one row each."""

from __future__ import annotations

import pandas as pd

from schemas.aturan import ATURAN
from transforms.baca.tabel import TabelTeks
from transforms.komponen.asal import Asal
from transforms.komponen.karantina import buat_karantina
from transforms.komponen.periode import KUNCI_PERIODE


def deteksi_ganda(
    kode: pd.Series, periode: pd.DataFrame, extra: pd.Series | None, ok: pd.Series
) -> pd.Series:
    """Rows that repeat a region and period (all copies), among rows otherwise usable."""
    kunci = pd.DataFrame({"kode": kode, **{c: periode[c] for c in KUNCI_PERIODE}})
    if extra is not None:
        kunci = kunci.assign(_k=extra)
    return kunci.duplicated(keep=False) & ok


def periksa_ganda(
    tabel: TabelTeks,
    asal: Asal,
    kolom: dict[str, str],
    kode: pd.Series,
    periode: pd.DataFrame,
    extra: pd.Series | None,
    ok: pd.Series,
) -> tuple[pd.Series, pd.DataFrame]:
    """Duplicate rows (every copy is quarantined until the file is fixed) and their problems."""
    ganda = deteksi_ganda(kode, periode, extra, ok)
    problems = buat_karantina(
        asal,
        tabel.sheet,
        tabel.baris[ganda],
        "/".join(kolom.values()) or "wilayah",
        kode[ganda].astype(str),
        ATURAN.baris_ganda,
        "wilayah dan periode yang sama muncul lebih dari sekali; semua salinannya "
        "dikarantina sampai berkas diperbaiki",
    )
    return ganda, problems
