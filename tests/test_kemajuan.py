"""Progress of a run: the plain callback of the core, its plain lines (Bahasa numbers, full
file names) and the console reporter when output is not a terminal (cron, a pipe, a log)."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
from rich.console import Console

from flows.cli.kemajuan import PelaporKonsol
from flows.cli.log import LOGGER_KEMAJUAN
from transforms.baca.angka import tampilkan_bilangan as ubah_angka
from transforms.komponen.asal import HasilBerkas
from transforms.langkah.kemajuan import Kemajuan, buat_baris_kemajuan
from transforms.langkah.masukan import baca_semua

PANJANG = "siga.pus/2025/data_pus_2025_03_kabupaten_purworejo_provinsi_jawa_tengah_revisi_2.xlsx"


def test_plain_lines_name_the_file_in_full_with_indonesian_numbers():
    k = Kemajuan("baca", "berkas", 12, 48, PANJANG, 2.34, 8412)
    assert buat_baris_kemajuan(k) == f"[12/48] {PANJANG} 2,3 s, 8.412 baris"
    tolak = Kemajuan("baca", "berkas", 1, 2, "a.csv", 0.05, 0, "sidecar rusak")
    assert buat_baris_kemajuan(tolak) == "[1/2] a.csv 0,1 s, 0 baris, DITOLAK: sidecar rusak"
    assert buat_baris_kemajuan(Kemajuan("baca", "mulai", dari=48)) == (
        "Mulai membaca berkas (48 berkas) …"
    )
    assert buat_baris_kemajuan(Kemajuan("hitung", "selesai", detik=61.25)) == (
        "Selesai menghitung indikator: 61,2 s"
    )
    assert ubah_angka(1234567.891, 2) == "1.234.567,89"


def _hasil(berkas: str, baris: int, ditolak: str | None = None) -> HasilBerkas:
    akuntansi = {"berkas": berkas, "baris_dibaca": baris}
    if ditolak:
        akuntansi["ditolak"] = ditolak
    return HasilBerkas(pd.DataFrame({"tahun": [2025]}), pd.DataFrame(), akuntansi)


def test_the_core_reports_each_step_and_file_through_a_plain_callback():
    inputs = [
        (Path(f"/raw/f{i}.csv"), SimpleNamespace(berkas=f"src/2025/f{i}.csv")) for i in (1, 2, 3)
    ]
    dipanggil, laporan = [], []

    def proses(path, prov):
        dipanggil.append(path.name)
        return _hasil(prov.berkas, 10 * len(dipanggil), "rusak" if path.name == "f2.csv" else None)

    hasil = baca_semua(inputs, proses, None, laporan.append)
    assert dipanggil == ["f1.csv", "f2.csv", "f3.csv"] and len(hasil) == 3
    assert [(k.tahap, k.ke, k.dari, k.berkas, k.baris, k.ditolak) for k in laporan] == [
        ("mulai", 0, 3, None, None, None),
        ("berkas", 1, 3, "src/2025/f1.csv", 10, None),
        ("berkas", 2, 3, "src/2025/f2.csv", 20, "rusak"),
        ("berkas", 3, 3, "src/2025/f3.csv", 30, None),
        ("selesai", 0, 0, None, None, None),
    ]
    assert all(k.detik >= 0 for k in laporan)


def test_not_a_terminal_gives_one_plain_line_per_event_and_logs_it(caplog):
    buf = io.StringIO()
    konsol = Console(file=buf, width=80)  # not a terminal, narrow as cron's default
    assert not konsol.is_terminal
    peristiwa = [
        Kemajuan("baca", "mulai", dari=1),
        Kemajuan("baca", "berkas", 1, 1, PANJANG, 2.3, 8412),
        Kemajuan("baca", "selesai", detik=2.4),
    ]
    with caplog.at_level(logging.INFO, logger=LOGGER_KEMAJUAN), PelaporKonsol(konsol) as lapor:
        for k in peristiwa:
            lapor(k)
    baris = buf.getvalue().splitlines()
    assert baris == [buat_baris_kemajuan(k) for k in peristiwa]
    assert f"[1/1] {PANJANG} 2,3 s, 8.412 baris" in baris  # longer than 80 columns, whole
    assert [r.getMessage() for r in caplog.records if r.name == LOGGER_KEMAJUAN] == baris


def test_a_terminal_draws_bars_with_the_file_name(caplog):
    buf = io.StringIO()
    konsol = Console(file=buf, width=160, force_terminal=True)
    with PelaporKonsol(konsol) as lapor:
        assert lapor.progress is not None
        lapor(Kemajuan("baca", "mulai", dari=2))
        lapor(Kemajuan("baca", "berkas", 1, 2, "src/2025/f1.csv", 0.1, 5))
        tugas = lapor.progress.tasks[0]
        assert (tugas.description, tugas.completed, tugas.total) == ("Membaca berkas", 1, 2)
        assert tugas.fields["berkas"] == "src/2025/f1.csv"
        lapor(Kemajuan("baca", "selesai", detik=0.2))
        lapor(Kemajuan("hitung", "mulai"))
        lapor(Kemajuan("hitung", "selesai", detik=1.0))
        assert [(t.completed, t.total) for t in lapor.progress.tasks] == [(2, 2), (1, 1)]
    assert "Membaca berkas" in buf.getvalue()
