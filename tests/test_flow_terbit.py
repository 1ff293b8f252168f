"""The Prefect flow ends Failed when nothing was published, and Completed (with the rejected
files in its result) when something was, or when nothing changed since the generation in force;
the CLI with Prefect gives the same exit codes."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.bantu_generasi import buat_raw_kecil, tolak_semua
from transforms.langkah.keputusan import RunTidakTerbit

pytestmark = pytest.mark.lambat  # the Prefect harness


def test_flow_fails_when_nothing_is_published(prefect_harness, tmp_path, monkeypatch):
    from flows.pipeline import pipeline

    raw, out = buat_raw_kecil(tmp_path), tmp_path / "out"
    pertama = pipeline(raw, out)
    assert pertama.generasi == pertama.id_run
    tolak_semua(monkeypatch)
    state = pipeline(raw, out, return_state=True)
    assert state.is_failed()
    with pytest.raises(RunTidakTerbit) as info:
        state.result()
    ringkasan = info.value.ringkasan
    assert ringkasan.generasi is None
    assert not list((out / "generasi").glob(".staging-*"))  # what the refused year left
    assert ringkasan.ditolak_penjaga[0]["indikator_hilang"] == ["pasti.bumil.03", "spm.03"]
    assert str(info.value).startswith("TIDAK DITERBITKAN")
    result = CliRunner().invoke(app, ["run", "--raw", str(raw), "--out", str(out)])
    assert result.exit_code == 3, result.output
    assert result.stdout.startswith("TIDAK DITERBITKAN")


def test_flow_completes_and_reports_rejected_files(prefect_harness, tmp_path, monkeypatch):
    from flows.pipeline import pipeline

    raw, out = buat_raw_kecil(tmp_path), tmp_path / "out"
    tolak_semua(monkeypatch)
    state = pipeline(raw, out, return_state=True)
    assert state.is_completed()
    ringkasan = state.result()
    assert ringkasan.generasi == ringkasan.id_run
    assert [a["berkas"] for a in ringkasan.berkas if a.get("ditolak")] == [
        "siga.pus/2025-01/data_pus.csv"
    ]


def test_flow_completes_when_nothing_changed(prefect_harness, tmp_path):
    from flows.pipeline import pipeline

    raw, out = buat_raw_kecil(tmp_path), tmp_path / "out"
    pertama = pipeline(raw, out)
    state = pipeline(raw, out, return_state=True)
    assert state.is_completed()  # nothing to compute is no failure
    kedua = state.result()
    assert kedua.tidak_berubah == [2025] and kedua.generasi == pertama.generasi
    ketiga = pipeline(raw, out, hitung_ulang=True)  # the parameter of a deployment run
    assert ketiga.tidak_berubah == [] and ketiga.generasi == ketiga.id_run != pertama.generasi
