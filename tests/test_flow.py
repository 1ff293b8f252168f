"""The Prefect flow itself, once, under the session's Prefect harness, on the bundled demo data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.lambat  # starts the Prefect harness and runs the whole flow

ROOT = Path(__file__).resolve().parents[1]


def test_flow_runs_demo_data(prefect_harness, tmp_path):
    from flows.pipeline import pipeline

    raw = tmp_path / "raw"
    # a fresh store, as an office's first run: without the result cache other tests may have
    # left in data/demo (a province read from it is no compute task)
    shutil.copytree(ROOT / "data" / "demo", raw, ignore=shutil.ignore_patterns(".cache"))
    state = pipeline(raw, tmp_path / "out", tahun=2025, return_state=True)
    ringkasan = state.result()
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

    # what the run left on the Prefect API: a meaningful name, a task per file named after
    # it, the progress, summary and publish decision in the log, and both artifacts
    from tests.bantu_prefect import baca_run

    api = baca_run(state.state_details.flow_run_id, jumlah_tugas=31)
    assert api["run"].name == "manual-2025"
    assert api["run"].parameters["pemicu"] == "manual"
    baca = [t for t in api["tugas"] if t.startswith("baca-")]
    assert sorted(baca) == sorted(f"baca-{a['berkas']}" for a in ringkasan.berkas)
    assert "baca-siga.pus/2025/data_pus.csv" in baca
    lain = [t for t in api["tugas"] if not t.startswith("baca-")]
    # one compute task per province-year (the demo: Jawa Tengah, 2025), then the publish
    assert len(lain) == 2 and lain[0] == "hitung-33-2025" and "terbitkan" in lain[1]
    log = api["log"]
    assert "Mulai membaca berkas (29 berkas) …" in log
    assert sum(m.startswith("[") and "/29] " in m for m in log) == 29
    pus = [m for m in log if m.startswith("[") and "/29] siga.pus/2025/data_pus.csv " in m]
    assert len(pus) == 1 and pus[0].endswith(" s, 5.928 baris")
    assert f"Berkas: 29 · baris dibaca: {sum(a['baris_dibaca'] for a in ringkasan.berkas):,}" in (
        " ".join(log)
    )
    assert (
        f"Keputusan terbit (kode keluar 0): BERHASIL: semua 29 berkas dipakai; generasi "
        f"{ringkasan.generasi} diterbitkan (tahun 2025). Kode keluar 0."
    ) in log
    ringkas = api["artefak"]["indikator-ringkasan"]
    assert ringkas.type == "markdown" and f"# Run {ringkasan.id_run} (manual)" in ringkas.data
    assert "Kode keluar: **0** (berhasil)" in ringkas.data
    tabel = api["artefak"]["indikator-berkas"]
    baris = json.loads(tabel.data) if isinstance(tabel.data, str) else tabel.data
    assert tabel.type == "table" and len(baris) == 29
    pus_baris = next(b for b in baris if b["berkas"] == "siga.pus/2025/data_pus.csv")
    assert (pus_baris["dibaca"], pus_baris["dipakai"], pus_baris["karantina"]) == (5928, 5928, 0)
    assert sum(b["dibaca"] for b in baris) == sum(a["baris_dibaca"] for a in ringkasan.berkas)
