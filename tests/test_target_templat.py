"""The target template: written, filled as a dinas would (programmatically), read back, used.

Worked numbers (seed 003 style): a desa of Purworejo with 2850 PA of 4000 PUS = 71.25 % in
2026; the dinas enters 70 (met) for 2026 and 75 for 2027 (not met by 71.25), 2028 left blank.
"""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from flows.cli import app
from schemas.katalog import muat_katalog
from tests.test_target import _hitung, _komponen, _row
from transforms.keluar.target_templat import LEMBAR, LEMBAR_PETUNJUK, tulis_templat_target
from transforms.keluar.target_terima import baca_templat_target, simpan_target
from transforms.langkah.hitung import pasang_target_daerah

KAB = ("33.06", "Kabupaten Purworejo")
DASAR = "Perbup Purworejo 9/2026 (RPJMD 2026-2031)"


def _isi(path, isian: dict[tuple[str, int], tuple], kode_wilayah: str = "33.06") -> None:
    """Fill the yellow cells of the rows (indicator, year) as a dinas would, and save."""
    wb = load_workbook(path)
    ws = wb[LEMBAR]
    judul = [c.value for c in ws[1]]
    kol = {nama: judul.index(nama) + 1 for nama in judul}
    for r in range(2, ws.max_row + 1):
        kunci = (ws.cell(r, kol["kode_indikator"]).value, ws.cell(r, kol["tahun"]).value)
        if kunci in isian and ws.cell(r, kol["kode_wilayah"]).value == kode_wilayah:
            target, dasar = isian[kunci]
            ws.cell(r, kol["target"]).value = target
            ws.cell(r, kol["dasar_hukum"]).value = dasar
    wb.save(path)


def test_the_template_locks_codes_and_opens_the_cells_to_fill(tmp_path):
    path = tmp_path / "target.xlsx"
    katalog = muat_katalog()
    n = tulis_templat_target(path, katalog, [KAB], [2026, 2027, 2028])
    kabupaten = [i for i in katalog.indikator.values() if "kabupaten" in i.kedalaman]
    assert n == 3 * len(kabupaten)
    wb = load_workbook(path)
    assert wb.sheetnames == [LEMBAR, LEMBAR_PETUNJUK]
    ws = wb[LEMBAR]
    judul = [c.value for c in ws[1]]
    assert ws.protection.sheet and wb[LEMBAR_PETUNJUK].protection.sheet
    assert ws.max_row == n + 1
    for nama in ("kode_indikator", "kode_wilayah", "tahun", "judul", "target_berlaku"):
        assert ws.cell(2, judul.index(nama) + 1).protection.locked, nama
    for nama in ("target", "berlaku_untuk", "dasar_hukum", "catatan"):
        assert not ws.cell(2, judul.index(nama) + 1).protection.locked, nama
    petunjuk = " ".join(str(c.value) for c in wb[LEMBAR_PETUNJUK]["A"] if c.value)
    assert "indikator target --baca" in petunjuk and "dasar_hukum" in petunjuk


def test_a_filled_template_is_read_back_and_gives_target_and_met(tmp_path):
    path = tmp_path / "target-purworejo.xlsx"
    katalog = muat_katalog()
    tulis_templat_target(path, katalog, [KAB], [2026, 2027, 2028])
    _isi(path, {("spm.02", 2026): (70, DASAR), ("spm.02", 2027): ("75,0", DASAR)})
    hasil = baca_templat_target(path, katalog)
    assert hasil.masalah == []
    assert hasil.target[
        ["kode_indikator", "kode_wilayah", "tahun", "target"]
    ].to_numpy().tolist() == [
        ["spm.02", "33.06", 2026, 70.0],
        ["spm.02", "33.06", 2027, 75.0],
    ]
    folder = tmp_path / "target"
    simpan_target(hasil, folder, path.name)
    assert (folder / "target-purworejo.csv").is_file()
    dengan = pasang_target_daerah(katalog, folder)
    komponen = pd.concat(
        [_komponen({"peserta_kb_aktif": 2850, "pus": 4000}, t) for t in (2026, 2027, 2028)]
    )
    keluaran = _hitung(komponen, dengan)
    baris = {t: _row(keluaran[keluaran["tahun"] == t], "spm.02", "33.06") for t in (2026, 2027)}
    assert baris[2026]["nilai"] == 71.25
    assert (baris[2026]["target"], baris[2026]["memenuhi_target"]) == (70.0, True)
    assert (baris[2027]["target"], baris[2027]["memenuhi_target"]) == (75.0, False)
    assert baris[2026]["target_sumber"] == DASAR and pd.isna(baris[2026]["catatan_target"])
    kosong = _row(keluaran[keluaran["tahun"] == 2028], "spm.02", "33.06")
    assert pd.isna(kosong["target"]) and pd.isna(kosong["target_sumber"])
    assert pd.isna(kosong["memenuhi_target"])
    assert kosong["catatan_target"] == (
        f"tidak ada target untuk tahun ini; target terakhir 2027: 75 ({DASAR})"
    )
    desa = _row(keluaran[keluaran["tahun"] == 2026], "spm.02", "33.06.01.2001")
    assert pd.isna(desa["target"])  # the kabupaten's target is not the desa's


def test_a_wrong_cell_is_named_and_nothing_is_kept(tmp_path):
    path = tmp_path / "salah.xlsx"
    katalog = muat_katalog()
    tulis_templat_target(path, katalog, [KAB], [2026])
    _isi(path, {("spm.02", 2026): ("tujuh puluh", DASAR), ("spm.03", 2026): (5, None)})
    hasil = baca_templat_target(path, katalog)
    assert len(hasil.masalah) == 2
    assert "kolom target: 'tujuh puluh' bukan angka" in hasil.masalah[0]
    assert "lembar 'Target' baris" in hasil.masalah[0]
    assert "kolom dasar_hukum kosong" in hasil.masalah[1]
    runner = CliRunner()
    folder = tmp_path / "target"
    res = runner.invoke(app, ["target", "--baca", str(path), "--folder", str(folder)])
    assert res.exit_code == 1 and not folder.exists()
    assert "tidak ada yang disimpan" in res.output


@pytest.mark.parametrize("tahun", ["2025-2029", "2026"])
def test_the_command_writes_and_reads_the_template(tmp_path, tahun):
    runner = CliRunner()
    out = tmp_path / "t.xlsx"
    folder = tmp_path / "target"
    res = runner.invoke(
        app, ["target", "--templat", "--wilayah", "33.06", "--tahun", tahun, "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    _isi(out, {("spm.02", 2026): (66.5, DASAR)})
    res = runner.invoke(app, ["target", "--baca", str(out), "--folder", str(folder)])
    assert res.exit_code == 0, res.output
    assert "1 target diterima" in res.output
    tersimpan = pd.read_csv(folder / "t.csv", dtype=str)
    assert tersimpan[["kode_wilayah", "tahun", "target"]].to_numpy().tolist() == [
        ["33.06", "2026", "66.5"]
    ]
    # the next template of the same region shows the kept target, to keep it current
    res = runner.invoke(
        app,
        [
            *("target", "--templat", "--wilayah", "33.06", "--tahun", tahun, "--out", str(out)),
            *("--folder", str(folder)),
        ],
    )
    ws = load_workbook(out)[LEMBAR]
    judul = [c.value for c in ws[1]]
    isi = [dict(zip(judul, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    spm02 = next(r for r in isi if r["kode_indikator"] == "spm.02" and r["tahun"] == 2026)
    assert (spm02["target"], spm02["dasar_hukum"], spm02["target_berlaku"]) == (66.5, DASAR, 66.5)


def test_typed_target_text_follows_the_one_number_rule():
    """A target typed as text is read like every other number of the project: a dot groups
    thousands (1.500 is fifteen hundred, never 1.5), a comma is the decimal mark."""
    from transforms.keluar.target_terima import _angka

    assert _angka("1.500") == 1500.0
    assert _angka("10.000.000") == 10_000_000.0
    assert _angka("76,5") == 76.5
    assert _angka("bukan angka") is None
