"""The console command as a user types it (typer's runner, no subprocess)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()


def test_katalog_list_and_card():
    result = runner.invoke(app, ["katalog"])
    assert result.exit_code == 0
    assert "spm.02" in result.output and "pasti.krs.09" in result.output
    card = runner.invoke(app, ["katalog", "spm.02"])
    assert card.exit_code == 0
    for label in ("NAMA INDIKATOR", "RUMUS", "PEMBILANG", "PENYEBUT", "SATUAN", "WALI DATA"):
        assert label in card.output
    assert "bulan terakhir" in card.output  # temporal rule of the stock components


def test_katalog_json():
    result = runner.invoke(app, ["katalog", "spm.02", "--json"])
    assert result.exit_code == 0
    entry = json.loads(result.output)
    assert {
        k: entry[k] for k in ("kode", "pembilang", "penyebut", "pengali", "satuan", "arah")
    } == {
        "kode": "spm.02",
        "pembilang": "peserta_kb_aktif",
        "penyebut": "pus",
        "pengali": 100.0,
        "satuan": "persen",
        "arah": "naik",
    }
    assert entry["judul"]
    listing = json.loads(runner.invoke(app, ["katalog", "--json"]).output)
    # 66 seed indicators (SPM 9, RAN PASTI 55, SIPD 2) + 23 BKKBN program indicators (siga.*)
    assert len(listing) == 89
    assert [e["kode"] for e in listing][:2] == ["spm.01", "spm.02"]
    assert sum(e["kode"].startswith("siga.") for e in listing) == 23
    assert {"kode", "judul", "pembilang", "penyebut", "pengali", "satuan", "arah"} <= set(
        listing[0]
    )


def test_katalog_unknown_code():
    result = runner.invoke(app, ["katalog", "spm.99"])
    assert result.exit_code == 1


def test_ingest_refuses_unknown_file(tmp_path):
    src = tmp_path / "x.csv"
    src.write_text("A;B\n1;2\n", encoding="utf-8")
    result = runner.invoke(
        app, ["ingest", str(src), "--tahun", "2025", "--raw", str(tmp_path / "r")]
    )
    assert result.exit_code == 1
    assert "tidak dikenali" in result.output
