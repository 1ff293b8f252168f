"""The Prefect flow itself, once, under the session's Prefect harness, on the bundled demo data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def test_flow_runs_demo_data(prefect_harness, tmp_path):
    from flows.pipeline import pipeline

    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    ringkasan = pipeline(raw, tmp_path / "out")
    hasil = pd.read_parquet(tmp_path / "out" / "indikator")
    assert {"spm.02", "spm.03", "spm.04"} <= set(hasil["kode_indikator"])
    kab = hasil[
        (hasil["kode_wilayah"] == "33.06")
        & hasil["bulan"].isna()
        & (hasil["kode_indikator"] == "spm.02")
    ]
    assert kab["nama_wilayah"].tolist() == ["Kabupaten Purworejo"]
    assert kab["bulan_acuan"].tolist() == [12]
    desa = hasil[(hasil["tingkat"] == "desa") & (hasil["kode_indikator"] == "spm.02")]
    assert desa["kode_wilayah"].nunique() == 494  # every desa of Purworejo in the master
    assert ringkasan.jumlah_wilayah == {"desa": 494, "kecamatan": 16, "kabupaten": 1, "provinsi": 1}
    assert sum(a["baris_dibaca"] for a in ringkasan.berkas) == 3 * 494 * 12
    assert (tmp_path / "out" / "manifest.json").exists()
