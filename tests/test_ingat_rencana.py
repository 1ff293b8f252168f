"""A folder ingested again: bytes already checked are not checked nor read again (their plan
is kept), while anything the plan depends on (request, limits, layouts, a link) or a refusal
makes the check run again."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest

from schemas.katalog import muat_katalog
from tests.bantu_intai import intai
from transforms.baca import aman
from transforms.langkah import ingat_rencana, ingest
from transforms.terima.rencana import Permintaan

KATALOG = muat_katalog()
PUS = (
    "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PUS;UNMET NEED;BULAN\n"
    "0;SULAWESI BARAT;PASANGKAYU;BAMBAIRA;BAMBAIRA;507;59;JANUARI\n"
)
MINTA = Permintaan(tahun=2025)


@pytest.fixture
def hitung_rencana(monkeypatch):
    """The files the safety check (the first step of a plan) was run on, in order."""
    return intai(monkeypatch, aman, "periksa_berkas", lambda path, *_, **__: Path(path).name)


def _berkas(folder, nama="data_pus.csv", isi=PUS):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / nama
    path.write_text(isi, encoding="utf-8")
    return path


def _entri(raw):
    folder = raw / ingat_rencana.FOLDER
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def test_the_same_bytes_again_are_neither_checked_nor_read(tmp_path, hitung_rencana):
    raw, src = tmp_path / "raw", _berkas(tmp_path / "masuk")
    pertama = ingest.terima_satu(src, raw, KATALOG, MINTA)
    salinan = _berkas(tmp_path / "lagi")  # the same bytes from another folder
    kedua = ingest.terima_satu(salinan, raw, KATALOG, MINTA)
    assert hitung_rencana == ["data_pus.csv"]  # the second was planned from the kept plan
    assert pertama.pesan is None and kedua.pesan is None
    assert pertama.hasil.baru and not kedua.hasil.baru
    assert kedua.hasil.provenans == pertama.hasil.provenans
    assert kedua.hasil.provenans.berkas == "siga.pus/2025-01/data_pus.csv"
    assert kedua.wilayah == pertama.wilayah
    assert len(_entri(raw)) == 1


def test_another_request_or_layout_is_planned_again(tmp_path, hitung_rencana):
    raw, src = tmp_path / "raw", _berkas(tmp_path / "masuk")
    ingest.terima_satu(src, raw, KATALOG, MINTA)
    bulan = ingest.terima_satu(src, raw, KATALOG, Permintaan(tahun=2025, bulan=2))
    assert bulan.hasil.provenans.berkas == "siga.pus/2025-02/data_pus.csv"  # the request won
    pus = KATALOG.sumber["siga.pus"]
    lain = dataclasses.replace(KATALOG, sumber={**KATALOG.sumber, "siga.pus": pus})
    ingest.terima_satu(src, raw, lain, MINTA)  # same layouts, other object: same plan
    ubah = dataclasses.replace(pus, catatan=f"{pus.catatan} (diubah)")
    berubah = dataclasses.replace(KATALOG, sumber={**KATALOG.sumber, "siga.pus": ubah})
    ingest.terima_satu(src, raw, berubah, MINTA)
    assert hitung_rencana == ["data_pus.csv"] * 3
    assert len(_entri(raw)) == 3


def test_new_limits_check_the_stored_bytes_again(tmp_path, hitung_rencana, monkeypatch):
    raw, src = tmp_path / "raw", _berkas(tmp_path / "masuk")
    assert ingest.terima_satu(src, raw, KATALOG, MINTA).pesan is None
    monkeypatch.setenv("INDIKATOR_BATAS_UKURAN_MAKS_CSV", "10")
    ditolak = ingest.terima_satu(src, raw, KATALOG, MINTA)
    assert hitung_rencana == ["data_pus.csv"] * 2
    assert ditolak.hasil is None
    assert "melebihi batas" in ditolak.pesan


def test_a_refused_file_is_checked_and_refused_every_time(tmp_path, hitung_rencana):
    raw = tmp_path / "raw"
    palsu = _berkas(tmp_path / "masuk", "data_pus.xlsx", "<html><body>bukan excel</body></html>")
    pesan = [ingest.terima_satu(palsu, raw, KATALOG, MINTA).pesan for _ in range(2)]
    assert hitung_rencana == ["data_pus.xlsx"] * 2
    assert pesan[0] == pesan[1] and "bukan berkas Excel" in pesan[0]
    assert _entri(raw) == []


def test_a_link_is_always_checked(tmp_path, hitung_rencana):
    raw, src = tmp_path / "raw", _berkas(tmp_path / "masuk")
    tautan = tmp_path / "masuk" / "tautan.csv"
    tautan.symlink_to(src)
    for _ in range(2):
        assert ingest.terima_satu(tautan, raw, KATALOG, MINTA).pesan is None
    assert hitung_rencana == ["tautan.csv"] * 2
    assert _entri(raw) == []


def test_an_unreadable_plan_is_a_miss_and_is_rewritten(tmp_path, hitung_rencana, caplog):
    raw, src = tmp_path / "raw", _berkas(tmp_path / "masuk")
    ingest.terima_satu(src, raw, KATALOG, MINTA)
    (entri,) = _entri(raw)
    utuh = entri.read_text(encoding="utf-8")
    entri.write_text(utuh[: len(utuh) // 2], encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger=ingat_rencana.__name__):
        kedua = ingest.terima_satu(src, raw, KATALOG, MINTA)
    assert kedua.pesan is None and not kedua.hasil.baru
    assert hitung_rencana == ["data_pus.csv"] * 2
    assert "tidak terbaca" in caplog.text
    assert entri.read_text(encoding="utf-8") == utuh
