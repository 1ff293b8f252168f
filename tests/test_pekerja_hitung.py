"""Blocks of provinces computed by a worker process while the run combines the next: the same
indicators and the same kept entries as computing every block in the run's own process; a
year's first block stays in the run's process; a worker that dies costs only time; an error
in the worker's compute is the run's error."""

from __future__ import annotations

import logging
import os
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


def _hitung(komponen, folder, pekerja, antar=None):
    """Computed with ``pekerja`` workers, the transfer folder ``folder/.antar`` (or ``antar``):
    the indicators and the kept entries; the transfer folder is gone afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    antar = antar or folder / pekerja_hitung.ANTAR
    simpanan = SimpananHitung(folder)
    hasil = list(
        hitung_per_provinsi(komponen, KATALOG, "uji", simpanan, pekerja=pekerja, antar=antar)
    )
    assert not antar.exists()
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


def _sendiri_lalu_dengan(tmp_path, di_proses_run, monkeypatch, ganti=None, antar=None):
    """The same components computed without a worker, then with one while ``ganti`` (names of
    :mod:`transforms.langkah.pekerja_hitung` → replacements) are in place (with the transfer
    folder ``antar``, if given): both results equal; returns the in-process compute calls of
    each."""
    komponen = komponen_acak(2)
    sendiri = _hitung(komponen, tmp_path / "sendiri", pekerja=0)
    tanpa = list(di_proses_run)
    di_proses_run.clear()
    for nama, nilai in (ganti or {}).items():
        monkeypatch.setattr(pekerja_hitung, nama, nilai)
    dengan = _hitung(komponen, tmp_path / "pekerja", pekerja=1, antar=antar)
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
def antar(monkeypatch):
    """The transfer files the run's process writes and reads, in order."""
    catat: list[tuple[str, Path]] = []
    tulis, baca = pekerja_hitung.tulis_antar, pekerja_hitung.baca_antar

    def tulis_catat(path, isi):
        catat.append(("tulis", path))
        return tulis(path, isi)

    def baca_catat(path):
        catat.append(("baca", path))
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
    folder = tmp_path / "pekerja" / pekerja_hitung.ANTAR
    assert sorted(p for op, p in antar if op == "tulis") == [
        folder / f"{n}.blok" for n in range(2, 7)
    ]
    assert sorted(p for op, p in antar if op == "baca") == [
        folder / f"{n}.hasil" for n in range(2, 7)
    ]
    assert not folder.exists()  # nothing left behind


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


def test_tanpa_folder_antar_tanpa_pekerja(tmp_path, di_proses_run, monkeypatch):
    """No transfer folder can be made (no staging folder, a full or read-only disk): no
    worker starts, every block is computed in the run's own process, with the same result."""
    tidak_ada = tmp_path / "tidak-ada" / pekerja_hitung.ANTAR  # its parent is missing
    _, dengan = _sendiri_lalu_dengan(tmp_path, di_proses_run, monkeypatch, antar=tidak_ada)
    assert dengan == SEMUA_DI_PROSES_RUN


def test_tanpa_folder_antar_yang_diberikan_tanpa_pekerja(tmp_path, di_proses_run):
    """Computing without a transfer folder (a caller outside a run): no worker."""
    hasil = list(hitung_per_provinsi(komponen_acak(2), KATALOG, "uji", None, pekerja=1))
    assert len(hasil) == 3 and di_proses_run == SEMUA_DI_PROSES_RUN


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


@pytest.mark.lambat  # whole runs and a worker process (±2.5 s CPU)
def test_run_memakai_folder_antar_di_staging(tmp_path, di_proses_run, antar, monkeypatch):
    """In a run, blocks and results pass through ``.antar`` in the run's own staging folder
    (on the output's disk, gone once published); a killed run's transfer files go with its
    staging folder when the next run starts; the outputs equal a run without a worker."""
    from tests.bantu_simpanan import KATALOG as KATALOG_UJI
    from tests.bantu_simpanan import PUS
    from transforms.keluar.generasi import GENERASI, folder_staging
    from transforms.keluar.penunjuk import baca_id_terkini
    from transforms.langkah.jalankan import jalankan
    from transforms.langkah.pengaturan import Pengaturan
    from transforms.terima.terima import terima_berkas

    monkeypatch.setattr(pekerja_hitung, "_inti", lambda: 2)
    kirim, raw = tmp_path / "kirim", tmp_path / "raw"
    kirim.mkdir()
    (kirim / "data_pus.csv").write_text(
        PUS
        + "0;ACEH;ACEH SELATAN;BAKONGAN;KEUDE BAKONGAN;263;9;JANUARI\n"
        + "1;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;500;50;JANUARI\n"
        + "2;SULAWESI BARAT;PASANGKAYU;BAMBALAMOTU;BAMBALAMOTU;300;20;JANUARI\n"
    )
    terima_berkas(kirim / "data_pus.csv", raw, KATALOG_UJI, 2025)
    sendiri = jalankan(raw, tmp_path / "sendiri", pengaturan=Pengaturan(pekerja=0))
    assert not antar and di_proses_run == [["11"], ["33"], ["76"]]
    out = tmp_path / "pekerja"
    mati = folder_staging(out, "20260101T000000Z-mati00") / pekerja_hitung.ANTAR
    mati.mkdir(parents=True)
    (mati / "2.blok").write_bytes(b"x" * 1000)  # left by a run killed with kill -9
    di_proses_run.clear()
    # without the cache: the first run's kept province-years would be read, none computed
    ringkasan = jalankan(raw, out, pengaturan=Pengaturan(pekerja=1, tanpa_cache=True))
    assert not mati.parent.exists()
    assert di_proses_run == [["11"]]  # the other two provinces in the worker
    folder = folder_staging(out, ringkasan.id_run) / pekerja_hitung.ANTAR
    assert [p for op, p in antar if op == "tulis"] == [folder / "2.blok", folder / "3.blok"]
    assert list((out / GENERASI).glob(".staging-*")) == []  # published: no staging left
    for nama in ("indikator", "komponen"):
        for kode in ("11", "33", "76"):
            a, b = (
                pd.read_parquet(
                    o / GENERASI / baca_id_terkini(o) / nama / "2025" / f"{kode}.parquet"
                )
                for o in (tmp_path / "sendiri", out)
            )
            buang = [k for k in ("id_run", "id_run_ubah") if k in a]
            pd.testing.assert_frame_equal(a.drop(columns=buang), b.drop(columns=buang))
    assert sendiri.id_run != ringkasan.id_run
