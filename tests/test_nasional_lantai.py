"""The benchmark's floor and naive baseline compute the same province values as the
generator's expected values (Sulawesi Barat has no duplicate desa names)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from benchmarks.nasional_lantai import lantai, naif
from scripts.nasional.angka import NAMA_BULAN, TABEL
from scripts.nasional.utama import buat_nasional, folder_bulan


@pytest.mark.parametrize("cara", [lantai, naif])
def test_floor_and_naive_province_sums_equal_expected(tmp_path: Path, cara):
    buat_nasional(tmp_path / "data", [1, 2], ["76"], ("csv",))
    berkas = [
        folder_bulan(tmp_path / "data", "csv", 2025, b) / f"{s}.csv" for b in (1, 2) for s in TABEL
    ]
    assert cara(tmp_path / "hasil.parquet", berkas) > 0
    hasil = pd.read_parquet(tmp_path / "hasil.parquet")
    if "g" in hasil.columns:  # the floor's grouping id: 7 = province level
        provinsi = hasil[hasil["g"] == 7]
    else:
        provinsi = hasil[hasil["tingkat"] == "provinsi"]
    dapat = {
        (NAMA_BULAN.index(r.BULAN) + 1, r.kode_indikator): (r.pembilang, r.penyebut)
        for r in provinsi.itertuples()
    }
    harapan = pd.read_parquet(tmp_path / "data" / "harapan.parquet").query("tingkat == 'provinsi'")
    assert len(harapan) == 6
    for r in harapan.itertuples():
        assert dapat[(r.bulan, r.kode_indikator)] == (r.pembilang, r.penyebut)
