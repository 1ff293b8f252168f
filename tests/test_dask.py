"""Scale-out: the run's per-file step as Prefect tasks on a Dask cluster (prefect-dask), with
values identical to the local run; the runner chosen from a setting (default: local)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from flows.pelaksana import ENV_ALAMAT, baca_alamat_dask, buat_pelaksana, pasang_pelaksana
from transforms.langkah.jalankan import jalankan
from transforms.langkah.masukan import petakan_biasa

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"


def test_the_default_runner_stays_local(monkeypatch):
    monkeypatch.delenv(ENV_ALAMAT, raising=False)
    assert baca_alamat_dask() is None and buat_pelaksana() is None
    sentinel = object()
    assert pasang_pelaksana(sentinel) is sentinel  # the flow unchanged
    monkeypatch.setenv(ENV_ALAMAT, "  ")
    assert buat_pelaksana() is None


def test_the_address_comes_from_the_setting(monkeypatch):
    from prefect_dask import DaskTaskRunner

    monkeypatch.setenv(ENV_ALAMAT, "10.0.0.5:8786")
    pelaksana = buat_pelaksana()
    assert isinstance(pelaksana, DaskTaskRunner) and pelaksana.address == "tcp://10.0.0.5:8786"
    assert buat_pelaksana("tcp://h:1").address == "tcp://h:1"  # an argument wins
    assert buat_pelaksana("lokal").address is None  # a temporary local cluster


def test_dask_advice_on_large_task_inputs_is_not_shown():
    import warnings

    with warnings.catch_warnings(record=True) as dicatat:
        warnings.simplefilter("always")
        buat_pelaksana("lokal")  # installs the filter (last, so it wins over "always")
        warnings.warn_explicit(
            "Sending large graph of size 40.39 MiB.",
            UserWarning,
            "client.py",
            1,
            "distributed.client",
        )
        warnings.warn_explicit("other", UserWarning, "client.py", 2, "distributed.client")
    assert [str(w.message) for w in dicatat] == ["other"]


def test_the_plain_map_keeps_order():
    assert petakan_biasa(lambda a, b: a + b, [1, 2, 3], [10, 20, 30]) == [11, 22, 33]


def _raw_dua_provinsi(folder: Path) -> Path:
    """The demo's raw store (Purworejo, 2025) with a Sulawesi Barat PUS export of 2025 and a
    Purworejo one of 2024: three province-years, two years."""
    from tests.bantu_simpanan import KATALOG, PUS, tulis_pus
    from transforms.terima.terima import terima_berkas

    raw = folder / "raw"
    shutil.copytree(DEMO, raw)
    sulbar = folder / "kirim-76" / "data_pus.csv"
    sulbar.parent.mkdir()
    sulbar.write_text(PUS + "0;SULAWESI BARAT;PASANGKAYU;BAMBALAMOTU;BAMBALAMOTU;300;20;JANUARI\n")
    terima_berkas(sulbar, raw, KATALOG, 2025)
    terima_berkas(tulis_pus(folder / "kirim-2024"), raw, KATALOG, 2024)
    return raw


def _tanpa_id_run(path: Path) -> pd.DataFrame:
    df = pd.read_parquet(path).drop(columns=["id_run", "id_run_ubah"], errors="ignore")
    return df.sort_values(list(df.columns)).reset_index(drop=True)


@pytest.mark.lambat
def test_pipeline_on_a_two_worker_dask_cluster_equals_the_local_run(prefect_harness, tmp_path):
    from distributed import Client, LocalCluster

    from flows.pipeline import baca_berkas, hitung_provinsi_tugas, pipeline

    raw = _raw_dua_provinsi(tmp_path)
    lokal = jalankan(raw, tmp_path / "lokal")
    assert lokal.generasi is not None
    berkas = len(lokal.berkas)
    assert berkas >= 10
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        alur = pasang_pelaksana(pipeline, cluster.scheduler_address)
        ringkasan = alur(raw, tmp_path / "dask")
        with Client(cluster) as client:
            # every file was read and every province-year computed on the workers: the
            # scheduler saw one task per file and one per province-year
            awalan = client.run_on_scheduler(
                lambda dask_scheduler: {
                    k: v.state_counts["memory"] for k, v in dask_scheduler.task_prefixes.items()
                }
            )
    # the per-file task of the flow (flows/pipeline.py: the process step behind its I/O retry)
    nama = baca_berkas.fn.__name__.lstrip("_")
    assert awalan.get(nama) == berkas, awalan  # the demo has no corrections
    pakai = pd.read_parquet(tmp_path / "lokal" / "komponen", columns=["kode_wilayah", "tahun"])
    provinsi_tahun = set(zip(pakai["kode_wilayah"].str[:2], pakai["tahun"], strict=True))
    assert provinsi_tahun == {("33", 2024), ("33", 2025), ("76", 2025)}
    assert awalan.get(hitung_provinsi_tugas.fn.__name__) == len(provinsi_tahun), awalan
    assert ringkasan.generasi is not None
    assert [a["berkas"] for a in ringkasan.berkas] == [a["berkas"] for a in lokal.berkas]
    for tabel in ("indikator", "komponen", "karantina", "lonjakan"):
        a = _tanpa_id_run(tmp_path / "lokal" / tabel)
        b = _tanpa_id_run(tmp_path / "dask" / tabel)
        pd.testing.assert_frame_equal(a, b)
    assert len(_tanpa_id_run(tmp_path / "dask" / "indikator")) == lokal.baris_indikator > 0
