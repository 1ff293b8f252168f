"""Prefect for scheduled runs: ``indikator serve`` registers both deployments with their
Asia/Jakarta schedules on a running Prefect server; a run with a rejected file says so in the
run's log and artifacts; the console command without a configured API runs without Prefect."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.bantu_generasi import ROOT, buat_raw_kecil, tolak_semua
from tests.bantu_prefect import baca_run, tunggu

pytestmark = pytest.mark.lambat  # the Prefect harness


def _deployments(client) -> dict:
    from prefect.exceptions import ObjectNotFound

    hasil = {}
    for nama in ("bulanan", "tahunan"):
        with contextlib.suppress(ObjectNotFound):
            hasil[nama] = client.read_deployment_by_name(f"indikator-run/{nama}")
    return hasil


def test_serve_registers_both_schedules_in_jakarta_and_runs_them(prefect_harness, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL

    buat_raw_kecil(tmp_path)  # tmp_path/raw: one SIGA PUS export of 2025
    (tmp_path / "etc").mkdir()
    pengaturan = tmp_path / "etc" / "indikator.toml"
    pengaturan.write_text('raw = "../raw"\nout = "../out"\n', encoding="utf-8")
    env = {
        **os.environ,
        "PREFECT_API_URL": PREFECT_API_URL.value(),
        "INDIKATOR_PENGATURAN": str(pengaturan),
        "INDIKATOR_LOG": str(tmp_path / "galat.log"),
        "PYTHONPATH": str(ROOT),
    }
    kode = "import sys; sys.argv[0] = 'indikator'; from flows.cli import app; app()"
    with (tmp_path / "serve.txt").open("w") as keluar:
        proses = subprocess.Popen(
            [sys.executable, "-c", kode, "serve"],
            cwd=tmp_path,  # not the repository: the folders must not depend on it
            env=env,
            stdout=keluar,
            stderr=subprocess.STDOUT,
        )
        try:
            with get_client(sync_client=True) as client:
                dep = tunggu(lambda: _deployments(client), lambda d: len(d) == 2, detik=240)
                assert set(dep) == {"bulanan", "tahunan"}
                # a run of the monthly deployment, as the schedule would start it (for 2025)
                run = client.create_flow_run_from_deployment(
                    dep["bulanan"].id, parameters={"tahun": 2025}
                )
                run = tunggu(
                    lambda: client.read_flow_run(run.id), lambda r: r.state.is_final(), 300
                )
            # read before stopping serve: the run's process sends its last log records as it
            # exits, after the run is already Completed
            api = baca_run(run.id, jumlah_tugas=3)
        finally:
            proses.send_signal(signal.SIGINT)
            proses.wait(timeout=60)
    keluaran = (tmp_path / "serve.txt").read_text()
    assert "Traceback" not in keluaran, keluaran
    raw, out = str(tmp_path / "raw"), str(tmp_path / "out")
    for nama, cron in (("bulanan", "0 2 5 * *"), ("tahunan", "0 2 31 1 *")):
        d = dep[nama]
        assert [(s.schedule.cron, s.schedule.timezone, s.active) for s in d.schedules] == [
            (cron, "Asia/Jakarta", True)
        ]
        assert d.parameters == {"jadwal": nama, "pemicu": "terjadwal", "raw": raw, "out": out}
    assert "Deployment indikator-run/bulanan: cron '0 2 5 * *' (Asia/Jakarta)" in keluaran
    # the served run: named, completed, logged, with its artifacts and its run record
    assert run.state.is_completed(), keluaran
    assert api["run"].name == "bulanan-2025"
    keputusan = "Keputusan terbit (kode keluar 0): BERHASIL: semua 1 berkas dipakai"
    assert any(m.startswith(keputusan) for m in api["log"]), (api["log"], keluaran)
    assert set(api["artefak"]) == {"indikator-ringkasan", "indikator-berkas"}
    (rekam,) = (tmp_path / "out" / "runs").glob("*.json")
    parameter = json.loads(rekam.read_text())["parameter"]
    assert (parameter["pemicu"], parameter["tahun"], parameter["raw"]) == ("terjadwal", 2025, raw)


def test_serve_without_a_server_or_folders_says_what_to_do(tmp_path, monkeypatch):
    for nama in ("INDIKATOR_PENGATURAN", "INDIKATOR_RAW", "INDIKATOR_OUT"):
        monkeypatch.delenv(nama, raising=False)
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 1
    assert "folder raw dan keluaran belum diatur" in " ".join(result.output.split())
    monkeypatch.setenv("INDIKATOR_RAW", str(tmp_path / "raw"))
    monkeypatch.setenv("INDIKATOR_OUT", str(tmp_path / "out"))
    import flows.ringan

    monkeypatch.setattr(flows.ringan, "cari_api_prefect", lambda: None)  # no server configured
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 1
    assert "jadwal butuh server Prefect" in " ".join(result.output.split())


def test_a_rejected_file_is_logged_and_in_the_artifacts(prefect_harness, tmp_path, monkeypatch):
    from flows.pipeline import pipeline

    raw, out = buat_raw_kecil(tmp_path), tmp_path / "out"
    tolak_semua(monkeypatch)
    state = pipeline(raw, out, pemicu="koreksi", return_state=True)
    ringkasan = state.result()
    # two tasks: the file's and the publish step's (no province has rows, so none is
    # computed); waiting for a third would sit out the whole wait of ``baca_run``
    api = baca_run(state.state_details.flow_run_id, jumlah_tugas=2)
    assert api["run"].name.startswith("koreksi-semua-")
    assert len(api["tugas"]) == 2, api["tugas"]
    assert api["tugas"][0] == "baca-siga.pus/2025-01/data_pus.csv"
    assert api["tugas"][1].startswith("terbitkan-")
    alasan = ringkasan.berkas[0]["ditolak"]
    assert f"Berkas DITOLAK: siga.pus/2025-01/data_pus.csv: {alasan}" in api["log"]
    assert any(
        m.startswith("Keputusan terbit (kode keluar 2): PERHATIAN: 1 dari 1 berkas DITOLAK")
        and "Kode keluar 2." in m
        for m in api["log"]
    )
    baris = json.loads(api["artefak"]["indikator-berkas"].data)
    assert baris == [
        {
            "berkas": "siga.pus/2025-01/data_pus.csv",
            "sumber": "siga.pus",
            "dibaca": 0,
            "dipakai": 0,
            "karantina": 0,
            "bukan_data": 0,
            "peringatan": 0,
            "masalah": f"DITOLAK: {alasan}",
        }
    ]
    assert "## Berkas ditolak" in api["artefak"]["indikator-ringkasan"].data
    # the trigger lands in the run record
    rekam = json.loads((out / "runs" / f"{ringkasan.id_run}.json").read_text())
    assert rekam["parameter"]["pemicu"] == "koreksi"
