"""The console command as a user types it (typer's runner, no subprocess)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
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


def _pus_csv(path, rows: list[tuple[str, str, str, str]]) -> None:
    """A small SIGA data_pus file for Kab. Purworejo (kecamatan, desa, PUS, unmet need)."""
    lines = ["NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PUS;UNMET NEED;BULAN"]
    for i, (kec, desa, pus, unmet) in enumerate(rows, start=1):
        lines.append(f"{i};JAWA TENGAH;PURWOREJO;{kec};{desa};{pus};{unmet};JANUARI")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_validate_usable_file_with_a_bad_row(tmp_path):
    src = tmp_path / "data_pus.csv"
    _pus_csv(
        src,
        [
            ("BAGELEN", "BAGELEN", "1.234", "56"),
            ("BAGELEN", "DESA KHAYALAN", "100", "5"),
            ("BAGELEN", "SOKO", "12a", "3"),
        ],
    )
    out = tmp_path / "laporan"
    result = runner.invoke(
        app, ["validate", str(src), "--tahun", "2025", "--wilayah", "33.06", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output  # one row is usable
    assert "Traceback" not in result.output
    assert "wilayah_tidak_dikenal" in result.output and "angka_tidak_valid" in result.output
    assert (out / "data_pus.laporan.html").is_file()
    assert (out / "data_pus.laporan.xlsx").is_file()
    html = (out / "data_pus.laporan.html").read_text(encoding="utf-8")
    assert "DESA KHAYALAN" in html and "12a" in html


def test_validate_unusable_files_exit_1_without_traceback(tmp_path):
    junk = tmp_path / "rusak.xlsx"
    junk.write_bytes(b"<html><body>bukan excel</body></html>")
    unknown = tmp_path / "lain.csv"
    unknown.write_text("A;B\n1;2\n", encoding="utf-8")
    for src in (junk, unknown):
        result = runner.invoke(
            app, ["validate", str(src), "--tahun", "2025", "--out", str(tmp_path / "lap")]
        )
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert "TIDAK DAPAT DIPAKAI" in result.output
        assert (tmp_path / "lap" / f"{src.stem}.laporan.html").is_file()


def test_template_list_and_write(tmp_path):
    listing = runner.invoke(app, ["template", "--list"])
    assert listing.exit_code == 0
    for agency in ("kemenkes", "kemensos", "pupr", "kemenag", "kkp", "kementan", "bpjs", "bkkbn"):
        assert agency in listing.output
    assert "pasti.catin.01" in listing.output
    out = tmp_path / "kkp.xlsx"
    made = runner.invoke(
        app,
        [
            "template",
            "--sumber",
            "kkp",
            "--wilayah",
            "33.06",
            "--tahun",
            "2025",
            "--tingkat",
            "kecamatan",
            "--out",
            str(out),
        ],
    )
    assert made.exit_code == 0, made.output
    assert out.is_file()
    bad = runner.invoke(
        app,
        [
            "template",
            "--sumber",
            "tidak-ada",
            "--wilayah",
            "33.06",
            "--tahun",
            "2025",
            "--out",
            str(tmp_path / "x.xlsx"),
        ],
    )
    assert bad.exit_code == 1 and "Traceback" not in bad.output


@pytest.mark.lambat  # ingest + run + cakupan (a 36,000-row workbook)
def test_cakupan_reports_values_and_missing_inputs(tmp_path):
    src = tmp_path / "data_pus.csv"
    _pus_csv(src, [("BAGELEN", "BAGELEN", "100", "10"), ("BAGELEN", "SOKO", "200", "30")])
    raw, keluaran = tmp_path / "raw", tmp_path / "out"
    assert (
        runner.invoke(app, ["ingest", str(src), "--tahun", "2025", "--raw", str(raw)]).exit_code
        == 0
    )
    run = runner.invoke(app, ["run", "--tanpa-prefect", "--raw", str(raw), "--out", str(keluaran)])
    assert run.exit_code == 0, run.output
    folder = tmp_path / "cakupan"
    result = runner.invoke(
        app,
        ["cakupan", "--keluaran", str(keluaran), "--wilayah", "33.06", "--out", str(folder)],
    )
    assert result.exit_code == 0, result.output
    ringkas = pd.read_csv(folder / "cakupan.csv")
    spm03 = ringkas.set_index("kode_indikator").loc["spm.03"]
    # 2 of Purworejo's 494 desa reported, in 1 of 16 kecamatan; the kabupaten row exists
    assert (spm03["desa"], spm03["kecamatan"], spm03["kabupaten"]) == ("2/494", "1/16", "1/1")
    assert "siga.pus" in spm03["dipasok_oleh"]
    spm01 = ringkas.set_index("kode_indikator").loc["spm.01"]
    assert spm01["kabupaten"] == "0/1" and "template.bkkbn" in spm01["dipasok_oleh"]
    rinci = pd.read_csv(folder / "cakupan_rinci.csv")
    assert len(rinci[(rinci["kode_indikator"] == "spm.03") & rinci["ada_nilai"]]) == 5
    assert (folder / "cakupan.xlsx").is_file()


def test_commands_registered_in_help_order():
    # flows/cli/__init__.py imports the command modules in this order before exposing ``app``
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert names == [
        "ingest",
        "tarik",
        "run",
        "generasi",
        "runs",
        "diff",
        "pulihkan",
        "katalog",
        "validate",
        "template",
        "cakupan",
        "status",
        "asal",
        "laporan",
        "target",
        "serve",
    ]
