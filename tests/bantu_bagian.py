"""Random national-shaped component tables for the compute tests (province by province, in
calls of several provinces, kept per province): shared by several test modules."""

from __future__ import annotations

import numpy as np
import pandas as pd

import transforms.langkah.per_provinsi as per_provinsi
from tests.bantu_intai import intai
from transforms.wilayah.master import muat_master

PROVINSI = ("11", "33", "76")


def _desa(acak: np.random.Generator, per_provinsi: int = 25) -> list[str]:
    """Desa codes of the 2025 master: a few kecamatan of each province of ``PROVINSI``."""
    frame = muat_master().frame
    desa = frame[frame["tingkat"] == "desa"]
    kode = []
    for prov in PROVINSI:
        milik = desa[desa["kode_provinsi"] == prov]["kode_wilayah"].to_numpy()
        kode += acak.choice(milik[:200], per_provinsi, replace=False).tolist()
    return kode


def komponen_acak(benih: int, provinsi: tuple[str, ...] = PROVINSI) -> pd.DataFrame:
    """A random long component table: months of 2024 and 2025 for stocks and flows, a
    semester component, a kecamatan recap, some components absent in some provinces; each
    component at the same kinds of period everywhere (one granularity per component)."""
    acak = np.random.default_rng(benih)
    bulanan = ["pus", "unmet_need", "pus_isteri_bawah_20", "alokon_pemda", "kebutuhan_alokon"]
    semester = ["anggota_bkb_pus", "anggota_bkb_ber_kb"]
    rows = []
    for kode in _desa(acak):
        hilang = "alokon_pemda" if kode.startswith("11") else None
        for tahun in (2024, 2025):
            for bulan in acak.choice(np.arange(1, 13), 9, replace=False):
                for komp in bulanan:
                    if komp != hilang and acak.random() < 0.9:
                        rows.append(
                            (kode, tahun, int(bulan), None, komp, float(acak.integers(0, 400)))
                        )
            for smt in (1, 2):
                for komp in semester:
                    rows.append((kode, tahun, None, smt, komp, float(acak.integers(0, 90))))
    kec = rows[0][0][:8]  # a kecamatan recap: used only where none of its desa reported
    rows.append((kec, 2025, 3, None, "pus", 999.0))
    frame = pd.DataFrame(
        rows, columns=["kode_wilayah", "tahun", "bulan", "semester", "komponen", "nilai"]
    )
    frame = frame[frame["kode_wilayah"].str[:2].isin(provinsi)].sample(frac=1, random_state=benih)
    return frame.reset_index(drop=True).assign(
        kode_wilayah=lambda f: f["kode_wilayah"].astype("str"),
        tahun=lambda f: f["tahun"].astype("Int64"),
        bulan=lambda f: f["bulan"].astype("Int64"),
        semester=lambda f: f["semester"].astype("Int64"),
        sumber=lambda f: np.where(f["komponen"].str.startswith("anggota"), "b", "a"),
        berkas="uji.csv",
        baris=lambda f: pd.array(np.arange(len(f)) + 2, dtype="Int64"),
    )


def normalkan(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as their text (categories of the parts are a union)."""
    teks = {k: frame[k].astype("str") for k, t in frame.dtypes.items() if t == "category"}
    return frame.assign(**teks)


def intai_provinsi_hitung(monkeypatch) -> list[list[str]]:
    """The provinces of each compute call made in this process, in order."""
    return intai(
        monkeypatch,
        per_provinsi,
        "hitung_indikator",
        lambda satu, *_, **__: sorted({str(k)[:2] for k in satu["kode_wilayah"]}),
    )
