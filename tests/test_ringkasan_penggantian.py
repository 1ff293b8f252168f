"""The run summary on screen names the replaced values (files, component), not only the log."""

from __future__ import annotations

from typer.testing import CliRunner

from flows.cli import app
from tests.test_presedensi import _terima_dua


def test_run_summary_names_the_files_whose_values_were_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("INDIKATOR_LOG", str(tmp_path / "galat.log"))
    raw, out = _terima_dua(tmp_path, dinas_dulu=False), tmp_path / "out"
    hasil = CliRunner().invoke(
        app, ["run", "--tanpa-prefect", "--raw", str(raw), "--out", str(out)]
    )
    assert hasil.exit_code == 0, hasil.output
    teks = " ".join(hasil.output.split())
    assert "Nilai yang diganti (berbeda; semuanya di tabel penggantian):" in teks
    bagian = teks.split("Nilai yang diganti", 1)[1]
    assert "rekap_pus_dinas.csv" in bagian and "data_pus.csv" in bagian
    assert "pus" in bagian
