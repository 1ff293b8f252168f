"""Scheduled runs without Prefect: which period a monthly/annual run computes (Asia/Jakarta),
run names, and prefect.yaml in step with the deployments of flows/jadwal.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from transforms.langkah.jadwal import (
    CRON,
    ZONA,
    JadwalSalah,
    buat_nama_run,
    buat_parameter_jadwal,
    hitung_periode,
)

ROOT = Path(__file__).resolve().parents[1]
WIB = dt.timezone(dt.timedelta(hours=7))


def test_the_monthly_run_of_january_computes_december_of_last_year():
    # 5 January 2026 02:00 WIB is still 4 January in UTC: the zone decides, not UTC
    saat = dt.datetime(2026, 1, 4, 19, 0, tzinfo=dt.UTC)
    assert hitung_periode("bulanan", saat) == (2025, 12)
    assert buat_nama_run("bulanan", "terjadwal", None, saat) == "bulanan-2025-12"
    saat = dt.datetime(2025, 10, 5, 2, 0, tzinfo=WIB)
    assert hitung_periode("bulanan", saat) == (2025, 9)
    assert buat_nama_run("bulanan", "terjadwal", None, saat) == "bulanan-2025-09"
    # 31 March 20:00 UTC is 1 April in Jakarta: the previous month is March
    assert hitung_periode("bulanan", dt.datetime(2025, 3, 31, 20, 0, tzinfo=dt.UTC)) == (2025, 3)


def test_the_annual_run_computes_the_previous_year():
    saat = dt.datetime(2026, 1, 31, 2, 0, tzinfo=WIB)
    assert hitung_periode("tahunan", saat) == (2025, None)
    assert buat_nama_run("tahunan", "terjadwal", None, saat) == "tahunan-2025"
    # 31 December 18:00 UTC is already 1 January in Jakarta
    assert hitung_periode("tahunan", dt.datetime(2025, 12, 31, 18, 0, tzinfo=dt.UTC)) == (
        2025,
        None,
    )


def test_names_of_manual_and_correction_runs():
    saat = dt.datetime(2025, 11, 3, 2, 15, tzinfo=dt.UTC)  # 09:15 WIB
    assert buat_nama_run(None, "manual", 2025, saat) == "manual-2025"
    assert buat_nama_run(None, "manual", None, saat) == "manual-semua"
    assert buat_nama_run(None, "koreksi", 2025, saat) == "koreksi-2025-20251103-0915"
    assert buat_nama_run("bulanan", "koreksi", 2025, saat) == "koreksi-2025-20251103-0915"
    assert buat_nama_run("bulanan", "terjadwal", 2023, saat) == "bulanan-2023"
    with pytest.raises(JadwalSalah, match="pemicu 'otomatis' tidak dikenal"):
        buat_nama_run(None, "otomatis", None, saat)
    with pytest.raises(JadwalSalah, match="jadwal 'mingguan' tidak dikenal"):
        hitung_periode("mingguan", saat)


def test_schedule_parameters_are_absolute_folders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = buat_parameter_jadwal("bulanan", Path("raw"), Path("/srv/out"))
    assert p == {
        "jadwal": "bulanan",
        "pemicu": "terjadwal",
        "raw": str(tmp_path / "raw"),
        "out": "/srv/out",
    }


def test_prefect_yaml_declares_the_same_deployments_as_the_code():
    teks = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    deployments = {d["name"]: d for d in teks["deployments"]}
    assert set(deployments) == set(CRON) == {"bulanan", "tahunan"}
    assert CRON == {"bulanan": "0 2 5 * *", "tahunan": "0 2 31 1 *"}
    for nama, d in deployments.items():
        assert d["entrypoint"] == "flows/pipeline.py:pipeline"
        assert d["schedules"] == [{"cron": CRON[nama], "timezone": ZONA}]
        assert ZONA == "Asia/Jakarta"
        # the same parameters as indikator serve, without the folders (read from the settings
        # file named in the worker's environment)
        assert d["parameters"] == {
            k: v for k, v in buat_parameter_jadwal(nama).items() if k not in ("raw", "out")
        }
        env = d["work_pool"]["job_variables"]["env"]
        assert env == {"INDIKATOR_PENGATURAN": "{{ $INDIKATOR_PENGATURAN }}"}
    entry, _, nama_fungsi = deployments["bulanan"]["entrypoint"].partition(":")
    assert f"def {nama_fungsi}(" in (ROOT / entry).read_text(encoding="utf-8")
