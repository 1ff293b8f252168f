"""Files without a cached result processed first in worker processes
(transforms/langkah/siapkan.py): the run then reads them from the cache and publishes the same
tables as a run that processed them itself; ``--tanpa-cache`` reads only what its workers just
wrote; a crashed worker or a rejected file leaves the file to the run; the workers' log records
reach the run's handlers, never the screen."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import transforms.langkah.siapkan as siapkan_mod
from tests.bantu_simpanan import buat_raw
from transforms.langkah.ingest import BERKAS_MINIMUM
from transforms.langkah.jalankan import jalankan
from transforms.langkah.masukan import siapkan_dulu
from transforms.langkah.pengaturan import Pengaturan, PengaturanSalah, baca_pengaturan
from transforms.langkah.proses import langkah_proses
from transforms.langkah.siapkan import (
    cari_belum_tersimpan,
    perlu_pekerja,
    siapkan_simpanan,
)
from transforms.langkah.simpanan import (
    Simpanan,
    ada_simpanan,
    baca_simpanan,
    buat_nama_entri,
    cari_folder_simpanan,
)
from transforms.terima.simpan import Provenans, cari_berkas_aktif

pytestmark = pytest.mark.lambat  # worker processes and whole runs: the slow tier


@pytest.fixture
def raw(tmp_path):
    """A raw store with a PUS and a mix_kontra export of 2025, nothing cached yet."""
    return buat_raw(tmp_path)


def _aktif(raw: Path) -> list[tuple[Path, Provenans]]:
    return cari_berkas_aktif(raw, None)[0]


class _Mati(Provenans):
    """A sidecar record whose unpickling ends the worker process at once (a crash)."""

    def __reduce__(self):
        return (os._exit, (3,))


def test_belum_tersimpan_dan_perlu(raw):
    inputs = _aktif(raw)
    simpanan = Simpanan(cari_folder_simpanan(raw))
    assert [p.berkas for _, p in cari_belum_tersimpan(inputs, simpanan)] == [
        p.berkas for _, p in inputs
    ]
    langkah_proses(*inputs[0], simpanan)  # the first file gets its entry
    belum = cari_belum_tersimpan(inputs, simpanan)
    assert [p.berkas for _, p in belum] == [inputs[1][1].berkas]
    # --tanpa-cache: every file is processed again
    assert len(cari_belum_tersimpan(inputs, Simpanan(simpanan.folder, pakai=False))) == 2
    # worth workers: two files or more, of enough bytes in all
    paths = [f for f, _ in inputs]
    besar = sum(f.stat().st_size for f in paths)
    assert perlu_pekerja(paths, besar)
    assert not perlu_pekerja(paths, besar + 1)
    assert not perlu_pekerja(paths[:1], 0)
    assert not perlu_pekerja(paths)  # two small CSV files: the run processes them itself
    # at ingest, also many files however small (a month of a province's kabupaten files)
    banyak = [paths[i % 2] for i in range(BERKAS_MINIMUM)]
    assert perlu_pekerja(banyak, besar * BERKAS_MINIMUM, BERKAS_MINIMUM)
    assert not perlu_pekerja(banyak[:-1], besar * BERKAS_MINIMUM, BERKAS_MINIMUM)
    assert not perlu_pekerja(banyak, besar * BERKAS_MINIMUM)  # a run's: bytes only


def test_pekerja_mengisi_simpanan(raw):
    inputs = _aktif(raw)
    simpanan = Simpanan(cari_folder_simpanan(raw))
    laporan = []
    tersimpan = siapkan_simpanan(inputs, simpanan, 2, laporan.append)
    assert tersimpan == {p.berkas: True for _, p in inputs}
    assert [(k.langkah, k.tahap) for k in laporan] == [
        ("siapkan", "mulai"),
        ("siapkan", "berkas"),
        ("siapkan", "berkas"),
        ("siapkan", "selesai"),
    ]
    per_berkas = {k.berkas: k for k in laporan if k.tahap == "berkas"}
    assert {b: k.baris for b, k in per_berkas.items()} == {
        p.berkas: 3 if "pus" in p.berkas else 1 for _, p in inputs
    }
    # the entries equal what the run's process makes of the same file
    for path, prov in inputs:
        dari_pekerja = baca_simpanan(simpanan, prov)
        sendiri = langkah_proses(path, prov, None)
        pd.testing.assert_frame_equal(dari_pekerja.komponen, sendiri.komponen)
        pd.testing.assert_frame_equal(dari_pekerja.masalah, sendiri.masalah)
        assert dari_pekerja.akuntansi == sendiri.akuntansi


def test_pekerja_mati_dan_berkas_ditolak(raw, tmp_path, caplog, capfd):
    inputs = _aktif(raw)
    simpanan = Simpanan(cari_folder_simpanan(raw))
    # a file gone from the raw store is rejected by the worker: not cached, logged to the run
    hilang = (tmp_path / "tidak-ada.csv", inputs[0][1])
    with caplog.at_level(logging.WARNING, logger="transforms"):
        tersimpan = siapkan_simpanan([hilang], simpanan, 1)
    assert tersimpan == {inputs[0][1].berkas: False}
    pesan = [r.getMessage() for r in caplog.records if r.name == "transforms.langkah.proses"]
    assert any("ditolak" in m and inputs[0][1].berkas in m for m in pesan), pesan
    assert capfd.readouterr().err == ""  # never on the screen
    # a worker that dies: every file is left to the run, nothing raised
    prov = inputs[1][1]
    mati = _Mati(**{k: getattr(prov, k) for k in prov.__dataclass_fields__})
    tersimpan = siapkan_simpanan([(inputs[1][0], mati)], simpanan, 2)
    assert tersimpan == {prov.berkas: False}
    assert not ada_simpanan(simpanan, prov)


def _tabel(out: Path) -> dict[str, pd.DataFrame]:
    kini = out / "generasi" / (out / "terkini.txt").read_text().strip()
    buang = ["id_run", "id_run_ubah"]
    hasil = {}
    for nama in ("indikator", "komponen", "karantina"):
        frame = pd.read_parquet(kini / nama)
        hasil[nama] = frame.drop(columns=[k for k in buang if k in frame]).astype(str)
    return hasil


def test_run_dengan_pekerja_sama_dengan_tanpa(raw, tmp_path, monkeypatch):
    monkeypatch.setattr(siapkan_mod, "BYTE_MINIMUM", 0)  # small files: workers all the same
    dibaca: list[bool] = []

    def proses(path, prov, simpanan=None):
        dibaca.append(baca_simpanan(simpanan, prov) is not None)
        return langkah_proses(path, prov, simpanan)

    laporan = []
    r1 = jalankan(
        raw,
        tmp_path / "out1",
        pengaturan=Pengaturan(pekerja=2),
        proses=proses,
        lapor=laporan.append,
    )
    assert dibaca == [True, True]  # the run read both files from what the workers kept
    assert sum(k.langkah == "siapkan" and k.tahap == "berkas" for k in laporan) == 2
    # the same run with no workers, from an empty cache
    raw2 = buat_raw(tmp_path, "raw2")
    r2 = jalankan(raw2, tmp_path / "out2", pengaturan=Pengaturan(pekerja=0))
    assert r1.jumlah_indikator == r2.jumlah_indikator > 0
    satu, dua = _tabel(tmp_path / "out1"), _tabel(tmp_path / "out2")
    for nama in satu:
        pd.testing.assert_frame_equal(satu[nama], dua[nama])


def test_tanpa_cache_hanya_membaca_yang_baru_ditulis(raw, monkeypatch):
    monkeypatch.setattr(siapkan_mod, "BYTE_MINIMUM", 0)
    inputs = _aktif(raw)
    simpanan = Simpanan(cari_folder_simpanan(raw), pakai=False)
    dipakai = siapkan_dulu(inputs, simpanan, 2, lambda k: None)
    assert not dipakai.pakai  # older entries (and kept indicators) are still not read
    assert dipakai.segar == {buat_nama_entri(p) for _, p in inputs}
    assert all(baca_simpanan(dipakai, p) is not None for _, p in inputs)
    assert all(baca_simpanan(simpanan, p) is None for _, p in inputs)
    # no workers asked for: the cache as it was
    assert siapkan_dulu(inputs, simpanan, 0, lambda k: None) == simpanan


def test_pengaturan_pekerja(monkeypatch):
    assert baca_pengaturan({"INDIKATOR_PEKERJA": "0"}).pekerja == 0
    assert baca_pengaturan({"INDIKATOR_PEKERJA": "3"}).pekerja == 3
    assert baca_pengaturan({}).pekerja == min(2, os.cpu_count() or 1)
    with pytest.raises(PengaturanSalah, match="bilangan bulat"):
        baca_pengaturan({"INDIKATOR_PEKERJA": "dua"})
    with pytest.raises(PengaturanSalah, match="tidak boleh negatif"):
        baca_pengaturan({"INDIKATOR_PEKERJA": "-1"})


SKRIP_TANPA_PENJAGA = """
import sys
from pathlib import Path
from transforms.langkah.siapkan import siapkan_simpanan
from transforms.langkah.simpanan import Simpanan, cari_folder_simpanan
from transforms.terima.simpan import cari_berkas_aktif
raw = Path(sys.argv[1])
inputs = cari_berkas_aktif(raw, None)[0]
print(sorted(siapkan_simpanan(inputs, Simpanan(cari_folder_simpanan(raw)), 2).values()))
"""


def test_skrip_tanpa_penjaga_main(raw, tmp_path):
    """A script that starts the work at its top level (no ``if __name__ == "__main__":``):
    the workers do not run it again (they would start the work once more, or wait for the
    run's lock), they process the files."""
    skrip = tmp_path / "skrip.py"
    skrip.write_text(SKRIP_TANPA_PENJAGA, encoding="utf-8")
    akar = Path(__file__).resolve().parents[1]
    keluar = subprocess.run(
        [sys.executable, str(skrip), str(raw)],
        cwd=akar,
        env={**os.environ, "PYTHONPATH": str(akar)},
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    assert keluar.stdout.strip() == "[True, True]", keluar.stderr[-2000:]


def _hidup(pid: int) -> bool:
    """Whether process ``pid`` still runs (an ended one not yet reaped is a zombie: not)."""
    try:
        keadaan = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return keadaan != "Z"


@pytest.mark.lambat  # a worker process starts
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="membaca /proc (Linux)")
def test_pekerja_berhenti_bila_run_dibunuh(tmp_path):
    """A run killed with ``kill -9`` leaves no worker behind: before, each went on with its
    file (±0.8 GB) and then waited for work forever."""
    skrip = tmp_path / "run_palsu.py"
    skrip.write_text(
        "import os, time\n"
        "from transforms.langkah.siapkan import buka_pekerja\n"
        "if __name__ == '__main__':\n"
        "    with buka_pekerja(1) as kirim:\n"
        "        print(kirim(os.getpid).result(), flush=True)\n"
        "        kirim(time.sleep, 60)  # the worker busy, as with a national file\n"
        "        time.sleep(60)\n",
        encoding="utf-8",
    )
    akar = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(akar)}
    run = subprocess.Popen([sys.executable, str(skrip)], stdout=subprocess.PIPE, env=env)
    pekerja = int(run.stdout.readline())
    assert _hidup(pekerja)
    run.kill()
    run.wait()
    batas = time.monotonic() + 3 * siapkan_mod.JEDA_INDUK + 5
    while _hidup(pekerja) and time.monotonic() < batas:
        time.sleep(0.1)
    assert not _hidup(pekerja)
