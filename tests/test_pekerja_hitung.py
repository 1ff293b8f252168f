"""Blocks of provinces computed by a worker process while the run combines the next: the same
indicators and the same kept entries as computing every block in the run's own process; a
year's first block stays in the run's process; a worker that dies costs only time; an error
in the worker's compute is the run's error."""

from __future__ import annotations

import logging
import os

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


@pytest.mark.lambat  # a worker process starts (±2.5 s CPU)
def test_blok_di_pekerja_sama_dengan_di_proses_run(tmp_path, di_proses_run):
    komponen = komponen_acak(2)
    sendiri = _hitung(komponen, tmp_path / "sendiri", pekerja=0)
    assert di_proses_run == [[p] for p in ("11", "33", "76") for _ in (2024, 2025)]
    di_proses_run.clear()
    dengan = _hitung(komponen, tmp_path / "pekerja", pekerja=1)
    # only the first block in the run's process; the other five in the worker
    assert di_proses_run == [["11"]]
    _sama(sendiri, dengan)


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_blok_sisa_di_akhir_dihitung_di_proses_run(tmp_path, di_proses_run, monkeypatch):
    monkeypatch.setattr(per_provinsi, "BARIS_BLOK", 10**9)
    _hitung(komponen_acak(2), tmp_path, pekerja=1)  # each year one block, left at the end
    assert di_proses_run == [["11", "33", "76"]] * 2


@pytest.mark.lambat  # a worker process starts (±2.5 s CPU)
def test_pekerja_yang_mati_dihitung_sendiri(tmp_path, di_proses_run, monkeypatch, caplog):
    komponen = komponen_acak(2)
    sendiri = _hitung(komponen, tmp_path / "sendiri", pekerja=0)
    di_proses_run.clear()
    monkeypatch.setattr(pekerja_hitung, "hitung_di_pekerja", mati_mendadak)
    with caplog.at_level(logging.WARNING, logger=pekerja_hitung.__name__):
        dengan = _hitung(komponen, tmp_path / "pekerja", pekerja=1)
    assert "pekerja hitung berhenti" in caplog.text
    # every block ended up computed in the run's process, in order
    assert di_proses_run == [[p] for p in ("11", "33", "76") for _ in (2024, 2025)]
    _sama(sendiri, dengan)


@pytest.mark.lambat  # a worker process starts (±2.5 s CPU)
def test_galat_di_pekerja_adalah_galat_run(tmp_path, di_proses_run, monkeypatch):
    monkeypatch.setattr(pekerja_hitung, "hitung_di_pekerja", hitungan_rusak)
    with pytest.raises(ValueError, match="blok rusak"):
        _hitung(komponen_acak(2), tmp_path, pekerja=1)


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_satu_inti_tanpa_pekerja(tmp_path, di_proses_run, monkeypatch):
    monkeypatch.setattr(pekerja_hitung, "_inti", lambda: 1)  # a worker would only wait its turn
    _hitung(komponen_acak(2), tmp_path, pekerja=2)
    assert di_proses_run == [[p] for p in ("11", "33", "76") for _ in (2024, 2025)]
