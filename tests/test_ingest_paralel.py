"""Ingest of several files in worker processes (transforms/langkah/ingest.py): the raw store
ends exactly as when the files are received one after another, in the order given."""

from __future__ import annotations

import contextlib
import dataclasses
import random
import threading
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from schemas.katalog import muat_katalog
from scripts.nasional.utama import buat_nasional
from transforms.langkah import ingest, siapkan
from transforms.langkah.ingest import Giliran, HasilIngest, _hasil_pekerja, terima_semua
from transforms.langkah.simpanan import Simpanan, ada_simpanan
from transforms.langkah.simpanan_cocok import pakai_gudang_cocok
from transforms.terima.rencana import Permintaan
from transforms.terima.riwayat import baca_riwayat, buat_waktu
from transforms.terima.simpan import baca_isi_raw, cari_status_raw
from transforms.terima.terima import terima_berkas

PROVINSI = ["32", "31", "76"]
"""Jawa Barat first: its 5,957 desa take a worker longer than DKI Jakarta's 267 that come next
under the same file names, so without the turns the second would take the first's name."""


@pytest.fixture(scope="module")
def kiriman(tmp_path_factory) -> list[Path]:
    """What a national office gets in a month, in this order: Jawa Barat's ``data_pus`` as
    XLSX, then a correction of it as CSV (both read at once by the two workers: the XLSX takes
    longer, so the correction's reading ends first), then per province the three SIGA
    exports under the same three names (``32/data_pus.csv``: Jawa Barat's again), a file
    that is not a report at all, and a name that does not exist."""
    folder = tmp_path_factory.mktemp("kiriman")
    buat_nasional(folder, [1], PROVINSI, ("csv", "xlsx"), per_provinsi=True)
    bulan = folder / "csv" / "2025-01"
    berkas = [f for prov in PROVINSI for f in sorted((bulan / prov).glob("*.csv"))]
    koreksi = folder / "koreksi" / "data_pus.csv"
    koreksi.parent.mkdir()
    teks = (bulan / "32" / "data_pus.csv").read_text().splitlines()
    kolom = teks[1].split(";")
    kolom[5] = str(int(kolom[5]) + 7)  # PUS of the first desa corrected
    koreksi.write_text("\n".join([teks[0], ";".join(kolom), *teks[2:]]) + "\n")
    asing = folder / "asing" / "catatan.csv"
    asing.parent.mkdir()
    asing.write_text("tanggal;keterangan\n2025-01-03;rapat\n")
    xlsx = folder / "xlsx" / "2025-01" / "32" / "data_pus.xlsx"
    return [xlsx, koreksi, *berkas, asing, folder / "tidak_ada.csv"]


def _terima(kiriman: list[Path], raw: Path, pekerja: int) -> list[HasilIngest]:
    minta = Permintaan(2025, 1, None, None, None, None)
    with pakai_gudang_cocok(raw):
        return list(terima_semua(kiriman, raw, muat_katalog(), minta, (), pekerja, 0))


def _isi_raw(raw: Path) -> dict[str, dict]:
    """Every stored file: its sidecar without the time it was received, and if in force."""
    semua, status = cari_status_raw(raw)
    return {
        p.berkas: {
            **{k: v for k, v in dataclasses.asdict(p).items() if k != "diterima"},
            "berlaku": status[p.berkas][0],
        }
        for _, p in semua
    }


def _riwayat(raw: Path) -> list[tuple]:
    return [(e.aksi, e.berkas, e.aktifkan, e.nonaktifkan) for e in baca_riwayat(raw)]


def _ringkas(hasil: list[HasilIngest]) -> list[tuple]:
    return [
        (
            h.path.name,
            h.hasil.provenans.berkas if h.hasil else None,
            h.hasil.diganti if h.hasil else None,
            h.pesan,
        )
        for h in hasil
    ]


@pytest.mark.lambat  # two worker processes start (±1.5 s CPU each)
def test_parallel_ingest_stores_exactly_as_one_after_another(kiriman, tmp_path):
    urut, paralel = tmp_path / "urut", tmp_path / "paralel"
    hasil_urut = _terima(kiriman, urut, 0)
    hasil_paralel = _terima(kiriman, paralel, 2)

    assert _ringkas(hasil_paralel) == _ringkas(hasil_urut)
    assert _isi_raw(paralel) == _isi_raw(urut)
    assert _riwayat(paralel) == _riwayat(urut)
    # the names the order gives: the first of each name keeps it, the others get their sha
    isi = _isi_raw(paralel)
    pus = {b: e for b, e in isi.items() if b.startswith("siga.pus/")}
    assert len(pus) == 5 and "siga.pus/2025-01/data_pus.csv" in pus
    assert pus["siga.pus/2025-01/data_pus.csv"]["nama_asli"] == "data_pus.csv"
    assert pus["siga.pus/2025-01/data_pus.csv"]["sha256"] == hasil_urut[1].hasil.provenans.sha256
    # the correction replaced the XLSX, Jawa Barat's CSV (sent later) the correction
    xlsx, koreksi, kini = (hasil_paralel[i].hasil for i in (0, 1, 4))
    assert koreksi.diganti == (xlsx.provenans.berkas,)
    assert kini.diganti == (koreksi.provenans.berkas,)
    berlaku = sorted(b for b, e in pus.items() if e["berlaku"])
    assert len(berlaku) == 3 and kini.provenans.berkas in berlaku
    assert sum(e["berlaku"] for e in isi.values()) == 9
    # what is not a report is said, in the same words as one after another
    assert hasil_paralel[-2].hasil is None and "catatan.csv" in (hasil_paralel[-2].pesan or "")
    assert hasil_paralel[-1].pesan == f"Berkas {str(kiriman[-1])!r} tidak ditemukan."
    # every stored file was processed for the next run by the worker that received it
    simpanan = Simpanan(paralel / ".cache" / "hasil")
    for _, prov in baca_isi_raw(paralel)[0]:
        assert ada_simpanan(simpanan, prov), prov.berkas


@pytest.mark.lambat  # the month received twice (±8 s)
def test_threaded_ingest_stores_exactly_as_one_after_another(kiriman, tmp_path, monkeypatch):
    """Where workers do not pay, two files are received at once in threads of this process:
    the store ends exactly as one after another (the XLSX read first takes longer than the
    correction read beside it, which still comes after it)."""
    monkeypatch.setattr(ingest, "BERKAS_PER_PEKERJA", 100)  # never worker processes
    benang: set[str] = set()
    asli = ingest.terima_satu

    def terima_satu(*args, **kwargs):
        benang.add(threading.current_thread().name)
        return asli(*args, **kwargs)

    urut, paralel = tmp_path / "urut", tmp_path / "paralel"
    hasil_urut = _terima(kiriman, urut, 0)
    monkeypatch.setattr(ingest, "terima_satu", terima_satu)
    hasil_paralel = _terima(kiriman, paralel, 2)

    assert len(benang) == 2 and all(b.startswith("ingest") for b in benang)
    assert _ringkas(hasil_paralel) == _ringkas(hasil_urut)
    assert _isi_raw(paralel) == _isi_raw(urut)
    assert _riwayat(paralel) == _riwayat(urut)
    assert sum(e["berlaku"] for e in _isi_raw(paralel).values()) == 9


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_few_large_files_are_received_in_two_threads(kiriman, tmp_path, monkeypatch):
    """Three files (too few for workers) of enough bytes: two threads; fewer bytes than the
    minimum, or one worker in the settings: one after another, in this thread."""
    dipakai: list[str] = []
    asli = ingest.terima_satu

    def terima_satu(*args, **kwargs):
        dipakai.append(threading.current_thread().name)
        return asli(*args, **kwargs)

    monkeypatch.setattr(ingest, "terima_satu", terima_satu)
    tiga = kiriman[2:5]
    minta = Permintaan(2025, 1, None, None, None, None)
    with pakai_gudang_cocok(tmp_path / "a"):
        hasil = list(terima_semua(tiga, tmp_path / "a", muat_katalog(), minta, (), 2, 0))
    assert [h.path for h in hasil] == tiga and all(h.hasil for h in hasil)
    assert len(dipakai) == 3 and all(b.startswith("ingest") for b in dipakai)
    dipakai.clear()
    with pakai_gudang_cocok(tmp_path / "b"):
        list(terima_semua(tiga, tmp_path / "b", muat_katalog(), minta, (), 2, 1 << 40))
        list(terima_semua(tiga, tmp_path / "c", muat_katalog(), minta, (), 1, 0))
    assert dipakai == [threading.current_thread().name] * 6


def test_an_interrupted_threaded_ingest_starts_no_further_file(kiriman, tmp_path, monkeypatch):
    """Ctrl-C while the first files are read: the files not started are never received."""
    mulai: list[Path] = []

    def terima_satu(path, *args, **kwargs):
        mulai.append(path)
        time.sleep(0.2)
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest, "terima_satu", terima_satu)
    monkeypatch.setattr(ingest, "BERKAS_PER_PEKERJA", 100)  # never worker processes
    minta = Permintaan(2025, 1, None, None, None, None)
    with pytest.raises(KeyboardInterrupt):
        list(terima_semua(kiriman[2:8], tmp_path, muat_katalog(), minta, (), 2, 0))
    assert 1 <= len(mulai) <= 2 and set(mulai) <= set(kiriman[2:4])


def test_a_file_is_received_when_its_turn_comes_not_when_its_reading_began(kiriman, tmp_path):
    """The history orders files by the time they were received: a file read in parallel gets
    the time its store decision was taken (inside its turn), so a correction read faster than
    the file it corrects still comes after it."""

    class Jam(contextlib.AbstractContextManager):
        def __enter__(self):
            self.masuk = buat_waktu()
            return self

        def __exit__(self, *_):
            return None

        masuk = ""

    jam = Jam()
    hasil = terima_berkas(kiriman[6], tmp_path / "raw", muat_katalog(), 2025, 1, giliran=jam)
    assert jam.masuk and hasil.provenans.diterima >= jam.masuk
    assert [e.waktu for e in baca_riwayat(tmp_path / "raw")] == [hasil.provenans.diterima]


def test_turns_are_taken_in_order_whatever_the_threads_timing():
    kondisi, nilai = threading.Condition(), type("Nilai", (), {"value": 0})()
    urutan: list[int] = []
    acak = random.Random(7)

    def satu(nomor: int, jeda: float) -> None:
        time.sleep(jeda)
        if nomor % 4 == 3:  # fails before its turn: passes it on all the same
            Giliran(kondisi, nilai, nomor).lewati()
            return
        with Giliran(kondisi, nilai, nomor):
            urutan.append(nomor)

    benang = [threading.Thread(target=satu, args=(i, acak.random() / 50)) for i in range(12)]
    for b in benang:
        b.start()
    for b in benang:
        b.join(timeout=10)
    assert urutan == [i for i in range(12) if i % 4 != 3]
    assert nilai.value == 12


def test_a_file_whose_worker_died_is_received_here(kiriman, tmp_path):
    raw = tmp_path / "raw"
    mati: Future[HasilIngest] = Future()
    mati.set_exception(BrokenProcessPool("pekerja berhenti"))
    minta = Permintaan(2025, 1, None, None, None, None)
    hasil = _hasil_pekerja(mati, kiriman[2], raw, muat_katalog(), minta, ())
    assert hasil.hasil is not None and hasil.hasil.baru
    assert hasil.hasil.provenans.berkas == "siga.bkb_keluarga/2025-01/data_bkb_keluarga.csv"
    assert hasil.hasil.provenans.cakupan["kabupaten"][0].startswith("32.")


@pytest.mark.lambat  # two worker processes start
def test_the_command_says_the_same_in_the_same_order_with_workers(kiriman, tmp_path, monkeypatch):
    """``indikator ingest`` with workers (small files let through by a byte minimum of 0)
    prints what it prints without them, file by file in the order given, and exits the same."""
    monkeypatch.setattr(siapkan, "BYTE_MINIMUM", 0)
    keluaran = {}
    for pekerja in ("0", "2"):
        monkeypatch.setenv("INDIKATOR_PEKERJA", pekerja)
        raw = tmp_path / f"raw-{pekerja}"
        args = ["ingest", *map(str, kiriman), "--tahun", "2025", "--bulan", "1", "--raw", str(raw)]
        hasil = CliRunner().invoke(app, args)
        keluaran[pekerja] = (hasil.exit_code, hasil.output.replace(str(raw), "RAW"))
    assert keluaran["2"] == keluaran["0"]
    kode, teks = keluaran["2"]
    assert kode == 1 and "Traceback" not in teks
    assert "13 berkas: 11 diterima atau sudah ada, 2 gagal" in " ".join(teks.split())
    urutan = [teks.find(f"Diterima {p.name}") for p in kiriman[:3]]
    assert -1 not in urutan and urutan == sorted(urutan)
