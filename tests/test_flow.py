"""The Prefect flow itself, once, under the session's Prefect harness, on the bundled demo data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.lambat  # starts the Prefect harness and runs the whole flow

ROOT = Path(__file__).resolve().parents[1]


def test_flow_runs_demo_data(prefect_harness, tmp_path):
    from flows.pipeline import pipeline

    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "demo", raw)
    ringkasan = pipeline(raw, tmp_path / "out")
    hasil = pd.read_parquet(tmp_path / "out" / "indikator")
    from schemas.katalog import muat_katalog

    # the demo feeds every registry indicator (exports and filled templates)
    assert set(hasil["kode_indikator"]) == set(muat_katalog().indikator)
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
    assert len(ringkasan.berkas) == 29
    for a in ringkasan.berkas:
        assert "ditolak" not in a, a
        assert (
            a["baris_dibaca"] == a["baris_dipakai"] + a["baris_karantina"] + a["baris_bukan_data"]
        )
    # the SIGA monthly export: one row per desa per month
    pus = next(a for a in ringkasan.berkas if a["sumber"] == "siga.pus")
    assert pus["baris_dibaca"] == pus["baris_dipakai"] == 494 * 12
    assert (tmp_path / "out" / "manifest.json").exists()
