"""A 48-file run (four SIGA exports of the demo split per month, with long file names) shows
its progress as one plain line per step and per file when the output is not a terminal, in the
captured output and in the log file, and its summary names every file in full."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from schemas.katalog import muat_katalog
from transforms.terima.terima import terima_berkas

pytestmark = pytest.mark.lambat  # 48 files through the whole run

ROOT = Path(__file__).resolve().parents[1]
SUMBER = ("siga.pus", "siga.mix_kontra", "siga.bkb", "siga.bkb_keluarga")
EKOR = "kabupaten_purworejo_provinsi_jawa_tengah_ekspor_siga_bkkbn_final_revisi"


def _toko_48(tmp_path: Path) -> tuple[Path, list[str]]:
    """A raw store of 48 monthly files (12 months x 4 sources); their store names."""
    kirim, raw, katalog = tmp_path / "kirim", tmp_path / "raw", muat_katalog()
    kirim.mkdir()
    nama = []
    for sumber in SUMBER:
        asal = next((ROOT / "data" / "demo" / sumber / "2025").glob("*.csv"))
        df = pd.read_csv(asal, sep=";", dtype=str, keep_default_na=False)
        for ke, (bulan, bagian) in enumerate(df.groupby("BULAN", sort=False), start=1):
            src = kirim / f"{asal.stem}_2025_{ke:02d}_{bulan.lower()}_{EKOR}.csv"
            bagian.to_csv(src, sep=";", index=False)
            nama.append(terima_berkas(src, raw, katalog, 2025, bulan=ke).provenans.berkas)
    return raw, nama


def test_a_48_file_run_shows_progress_per_file_and_full_names(tmp_path, monkeypatch):
    raw, nama = _toko_48(tmp_path)
    assert len(nama) == len(set(nama)) == 48
    assert min(len(n) for n in nama) > 80  # longer than cron's 80 columns
    log = tmp_path / "indikator-galat.log"
    monkeypatch.setenv("INDIKATOR_LOG", str(log))
    result = CliRunner().invoke(
        app, ["run", "--tanpa-prefect", "--raw", str(raw), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("BERHASIL: semua 48 berkas dipakai")
    # not a terminal: one plain line per step and per file, with its time and rows
    baris = result.stderr.splitlines()
    pola = re.compile(r"^\[(\d+)/48\] (\S+) \d+,\d s, (\d+(?:\.\d{3})*) baris$")
    per_berkas = [m.groups() for b in baris if (m := pola.match(b))]
    assert [int(k) for k, _, _ in per_berkas] == list(range(1, 49))
    assert sorted(n for _, n, _ in per_berkas) == sorted(nama)
    assert {r for _, _, r in per_berkas} == {"494"}  # one month of every desa per file
    assert baris[0] == "Mulai membaca berkas (48 berkas) …"
    for langkah in ("membaca berkas", "menghitung indikator", "menerbitkan"):
        assert sum(b.startswith(f"Selesai {langkah}: ") for b in baris) == 1
    # the same lines in the log file
    isi_log = log.read_text(encoding="utf-8")
    for b in baris:
        assert b in isi_log
    assert isi_log.count("indikator.kemajuan INFO [") == 48
    # the summary names every file in full, on one line each (no cut at 80 columns)
    for n in nama:
        assert sum(n in b for b in result.stdout.splitlines()) == 1, n
