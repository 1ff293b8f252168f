"""Blocks of provinces computed by a worker process while the run combines the next: the same
indicators and the same kept entries as computing every block in the run's own process; a
year's first block stays in the run's process; a worker that dies costs only time; an error
in the worker's compute is the run's error."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest

import transforms.langkah.per_provinsi as per_provinsi
from schemas.katalog import muat_katalog
from tests.bantu_bagian import intai_provinsi_hitung, komponen_acak
from transforms.langkah import pekerja_hitung
from transforms.langkah.per_provinsi import hitung_per_provinsi
from transforms.langkah.simpanan_hitung import SimpananHitung

KATALOG = muat_katalog()


def mati_mendadak(satu, *args):
    """A worker killed in the middle of a block (out of memory, ``kill -9``)."""
    os._exit(9)


def hitungan_rusak(satu, *args):
    satu = pekerja_hitung.baca_antar(satu) if isinstance(satu, Path) else satu
    raise ValueError(f"blok rusak: {len(satu)} baris")


@pytest.fixture
def di_proses_run(monkeypatch):
    """The provinces of each compute call made in the run's own process, in order."""
    monkeypatch.setattr(per_provinsi, "BARIS_BLOK", 1)  # every province-year its own block
    return intai_provinsi_hitung(monkeypatch)


def _hitung(komponen, folder, pekerja):
    simpanan = SimpananHitung(folder)
    hasil = list(hitung_per_provinsi(komponen, KATALOG, "uji", simpanan, pekerja=pekerja))
    entri = {p.name: pd.read_parquet(p) for p in sorted(folder.glob("*.parquet"))}
    return hasil, entri


def _sama(a, b):
    (hasil_a, entri_a), (hasil_b, entri_b) = a, b
    assert len(hasil_a) == len(hasil_b) == 3  # three provinces, each with its two years
    for x, y in zip(hasil_a, hasil_b, strict=True):
        pd.testing.assert_frame_equal(x, y, check_exact=True, check_categorical=True)
    assert sorted(entri_a) == sorted(entri_b) and len(entri_a) == 6
    for nama, frame in entri_a.items():
        pd.testing.assert_frame_equal(frame, entri_b[nama], check_exact=True)


SEMUA_DI_PROSES_RUN = [[p] for p in ("11", "33", "76") for _ in (2024, 2025)]
"""Every block (one province-year each) computed in the run's own process, in order."""


def _sendiri_lalu_dengan(tmp_path, di_proses_run, monkeypatch, ganti=None):
    """The same components computed without a worker, then with one while ``ganti`` (names of
    :mod:`transforms.langkah.pekerja_hitung` → replacements) are in place: both results equal;
    returns the in-process compute calls of each."""
    komponen = komponen_acak(2)
    sendiri = _hitung(komponen, tmp_path / "sendiri", pekerja=0)
    tanpa = list(di_proses_run)
    di_proses_run.clear()
    for nama, nilai in (ganti or {}).items():
        monkeypatch.setattr(pekerja_hitung, nama, nilai)
    dengan = _hitung(komponen, tmp_path / "pekerja", pekerja=1)
    _sama(sendiri, dengan)
    return tanpa, list(di_proses_run)


@pytest.mark.lambat  # a worker process starts (±2.5 s CPU)
def test_blok_di_pekerja_sama_dengan_di_proses_run(tmp_path, di_proses_run, monkeypatch):
    tanpa, dengan = _sendiri_lalu_dengan(tmp_path, di_proses_run, monkeypatch)
    assert tanpa == SEMUA_DI_PROSES_RUN
    # only the first block in the run's process; the other five in the worker
    assert dengan == [["11"]]


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_blok_sisa_di_akhir_dihitung_di_proses_run(tmp_path, di_proses_run, monkeypatch):
    monkeypatch.setattr(per_provinsi, "BARIS_BLOK", 10**9)
    _hitung(komponen_acak(2), tmp_path, pekerja=1)  # each year one block, left at the end
    assert di_proses_run == [["11", "33", "76"]] * 2


@pytest.mark.lambat  # a worker process starts (±2.5 s CPU)
def test_pekerja_yang_mati_dihitung_sendiri(tmp_path, di_proses_run, monkeypatch, caplog):
    ganti = {"hitung_di_pekerja": mati_mendadak}
    with caplog.at_level(logging.WARNING, logger=pekerja_hitung.__name__):
        _, dengan = _sendiri_lalu_dengan(tmp_path, di_proses_run, monkeypatch, ganti)
    assert "pekerja hitung berhenti" in caplog.text
    # every block ended up computed in the run's process, in order
    assert dengan == SEMUA_DI_PROSES_RUN


@pytest.mark.lambat  # a worker process starts (±2.5 s CPU)
def test_galat_di_pekerja_adalah_galat_run(tmp_path, di_proses_run, monkeypatch):
    monkeypatch.setattr(pekerja_hitung, "hitung_di_pekerja", hitungan_rusak)
    with pytest.raises(ValueError, match="blok rusak"):
        _hitung(komponen_acak(2), tmp_path, pekerja=1)


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_satu_inti_tanpa_pekerja(tmp_path, di_proses_run, monkeypatch):
    monkeypatch.setattr(pekerja_hitung, "_inti", lambda: 1)  # a worker would only wait its turn
    _hitung(komponen_acak(2), tmp_path, pekerja=2)
    assert di_proses_run == SEMUA_DI_PROSES_RUN


@pytest.fixture
def antar(monkeypatch, tmp_path):
    """The transfer files the run's process writes and reads, with the system's temporary
    folder moved into the test's."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    catat: list[tuple[str, str]] = []
    tulis, baca = pekerja_hitung.tulis_antar, pekerja_hitung.baca_antar

    def tulis_catat(path, isi):
        catat.append(("tulis", path.name))
        return tulis(path, isi)

    def baca_catat(path):
        catat.append(("baca", path.name))
        return baca(path)

    monkeypatch.setattr(pekerja_hitung, "tulis_antar", tulis_catat)
    monkeypatch.setattr(pekerja_hitung, "baca_antar", baca_catat)
    return catat


@pytest.mark.lambat  # a worker process starts (±2.5 s CPU)
def test_blok_dan_hasil_lewat_berkas_yang_lalu_dihapus(tmp_path, di_proses_run, antar, monkeypatch):
    """Blocks 2-6 go to the worker as files, their results come back as files (not through
    the pipe, which held each message whole twice over); the folder is gone afterwards."""
    _, dengan = _sendiri_lalu_dengan(tmp_path, di_proses_run, monkeypatch)
    assert dengan == [["11"]]
    assert sorted(x for x in antar if x[0] == "tulis") == [
        ("tulis", f"{n}.blok") for n in range(2, 7)
    ]
    assert sorted(x for x in antar if x[0] == "baca") == [
        ("baca", f"{n}.hasil") for n in range(2, 7)
    ]
    assert list((tmp_path / "tmp").iterdir()) == []  # nothing left behind


@pytest.mark.lambat  # a worker process starts (±2.5 s CPU)
def test_folder_antar_penuh_blok_dihitung_di_proses_run(tmp_path, di_proses_run, monkeypatch):
    """A temporary folder that cannot take a block (a full disk): that block is computed in
    the run's own process, with the same result."""

    def penuh(path, isi):
        raise OSError(28, "No space left on device")

    _, dengan = _sendiri_lalu_dengan(tmp_path, di_proses_run, monkeypatch, {"tulis_antar": penuh})
    assert dengan == SEMUA_DI_PROSES_RUN


def test_hasil_pekerja_lewat_pipa_bila_berkasnya_tidak_dapat_ditulis(tmp_path, monkeypatch):
    """In the worker: a result that cannot be written beside its block is returned itself
    (through the pipe), the same as computing the block here; the block's file is removed
    once read."""
    satu = komponen_acak(1)
    satu = satu[satu["kode_wilayah"].str.startswith("76")].reset_index(drop=True)
    monkeypatch.setattr(pekerja_hitung, "_KATALOG", KATALOG)
    blok = pekerja_hitung.tulis_antar(tmp_path / "2.blok", satu)
    (tmp_path / "2.hasil").write_bytes(b"")  # taken: the result cannot be written there
    milik = [("76", None)]
    hasil = pekerja_hitung.hitung_di_pekerja(blok, "uji", milik, None)
    assert isinstance(hasil, list) and not blok.exists()
    harapan = per_provinsi.hitung_blok(satu, KATALOG, "uji", milik)
    pd.testing.assert_frame_equal(hasil[0], harapan[0], check_exact=True)
    # written when it can be: a path back, read as the same frames
    blok = pekerja_hitung.tulis_antar(tmp_path / "3.blok", satu)
    jalur = pekerja_hitung.hitung_di_pekerja(blok, "uji", milik, None)
    assert jalur == tmp_path / "3.hasil"
    pd.testing.assert_frame_equal(pekerja_hitung.baca_antar(jalur)[0], harapan[0])
    assert list(tmp_path.iterdir()) == [tmp_path / "2.hasil"]


def test_folder_antar_run_yang_dibunuh_dihapus_run_berikutnya(tmp_path, monkeypatch):
    """A run killed with ``kill -9`` leaves its transfer folder (up to two blocks' pickles);
    the next run that starts a worker removes it, never a living run's folder nor anything
    else in the temporary folder."""
    import subprocess
    import sys

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    mati = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid_mati = int(mati.stdout)
    lama = tmp_path / f"{pekerja_hitung.AWALAN_ANTAR}{pid_mati}-abc"
    lama.mkdir()
    (lama / "3.blok").write_bytes(b"x" * 1000)
    hidup = tmp_path / f"{pekerja_hitung.AWALAN_ANTAR}{os.getpid()}-def"
    hidup.mkdir()
    lain = [tmp_path / f"{pekerja_hitung.AWALAN_ANTAR}bukan-pid", tmp_path / "indikator-lain"]
    for folder in lain:
        folder.mkdir()
    with pekerja_hitung.buat_folder_antar() as baru:
        assert Path(baru).name.startswith(f"{pekerja_hitung.AWALAN_ANTAR}{os.getpid()}-")
        assert not lama.exists() and hidup.exists() and all(f.exists() for f in lain)
    assert not Path(baru).exists()


def test_tanpa_folder_sementara_tanpa_pekerja(tmp_path, di_proses_run, monkeypatch):
    """No temporary folder can be made (a full or read-only disk): no worker starts, every
    block is computed in the run's own process, with the same result."""

    def tidak_bisa():
        raise OSError(30, "Read-only file system")

    ganti = {"buat_folder_antar": tidak_bisa}
    _, dengan = _sendiri_lalu_dengan(tmp_path, di_proses_run, monkeypatch, ganti)
    assert dengan == SEMUA_DI_PROSES_RUN


@pytest.mark.lambat  # a worker process starts (±2.5 s CPU)
def test_hasil_yang_tidak_terbaca_dihitung_di_proses_run(
    tmp_path, di_proses_run, monkeypatch, caplog
):
    """A result file the run cannot read back (a disk error): that block is computed in the
    run's own process, with the same result."""
    baca = pekerja_hitung.baca_antar

    def rusak(path):
        if path.suffix == ".hasil":
            path.unlink(missing_ok=True)
            raise OSError(5, "Input/output error")
        return baca(path)

    with caplog.at_level(logging.WARNING, logger=pekerja_hitung.__name__):
        _, dengan = _sendiri_lalu_dengan(
            tmp_path, di_proses_run, monkeypatch, {"baca_antar": rusak}
        )
    assert "hasil blok tidak terbaca" in caplog.text
    assert dengan == SEMUA_DI_PROSES_RUN
