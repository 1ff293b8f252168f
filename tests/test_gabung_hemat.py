"""Stacking the files' components without holding them twice: the same table as
``pd.concat`` of the files, the rows handed over; the overlap and contract checks a slice of
rows at a time, with the whole table's answer."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pandas as pd
import pandera.errors
import pytest

from schemas.kontrak import buat_skema_pandera
from tests.bantu_benih import benih_cepat
from transforms.hitung import presedensi
from transforms.hitung.presedensi import _ada_kunci_bersama, _ada_periode_bersama
from transforms.hitung.rollup import KUNCI
from transforms.komponen.ramping import KOLOM_BERULANG, buat_ramping, samakan_kategori
from transforms.langkah import hitung
from transforms.langkah.hitung import periksa_komponen, tumpuk_baris


def _berkas(i: int, n: int, acak: np.random.Generator, lembar: bool) -> pd.DataFrame:
    """One file's component rows: provenance as categories, ``lembar`` only for XLSX."""
    frame = pd.DataFrame(
        {
            "kode_wilayah": acak.choice(["76.01.01.2001", "76.01.01.2002", "76.02"], n),
            "tahun": pd.array([2025] * n, dtype="Int32"),
            "bulan": pd.array(acak.integers(1, 4, n), dtype="Int32"),
            "semester": pd.array([pd.NA] * n, dtype="Int32"),
            "komponen": acak.choice(["pus", "kb_aktif"], n),
            "nilai": acak.integers(0, 9, n).astype(float),
            "sumber": f"s{i % 2}",
            "berkas": f"b{i}.{'xlsx' if lembar else 'csv'}",
            "sha256": f"{i:064d}",
            "baris": pd.array(np.arange(2, 2 + n), dtype="Int32"),
        }
    )
    if lembar:
        frame["lembar"] = "Sheet1"
    return buat_ramping(frame, (*KOLOM_BERULANG[:3], "kode_wilayah", "komponen", "sumber"))


def _cara_lama(frames: list[pd.DataFrame], diterima: list[str]) -> pd.DataFrame:
    """The stacking as it was: one ``pd.concat`` of every file with its position and
    arrival."""
    urut = sorted(range(len(frames)), key=lambda i: (diterima[i], i))
    ada = [
        frames[i].assign(
            _urut=np.full(len(frames[i]), i, np.int32),
            _diterima=pd.Categorical([diterima[i]] * len(frames[i])),
        )
        for i in urut
        if len(frames[i])
    ]
    semua = pd.concat(samakan_kategori(ada), ignore_index=True)
    return semua if "lembar" in semua else semua.assign(lembar=None)


@pytest.mark.parametrize("benih", range(8))
def test_tumpukan_per_kolom_sama_dengan_concat(benih):
    """Files with and without ``lembar``, categories that differ, one holding a provenance
    column as text and empty files: the same columns, types and values as ``pd.concat``."""
    acak = np.random.default_rng(benih)
    n_berkas = int(acak.integers(1, 6))
    frames = [
        _berkas(i, int(acak.integers(0, 30)), acak, bool(acak.integers(0, 2)))
        for i in range(n_berkas)
    ]
    if benih % 3 == 0:  # a file whose source is text, not a category
        frames[0] = frames[0].assign(sumber=frames[0]["sumber"].astype("str"))
    diterima = [str(acak.choice(["2026-01-01", "2026-01-02"])) for _ in frames]
    harapan = _cara_lama(frames, diterima)
    hasil = tumpuk_baris(list(frames), diterima)
    if harapan.empty:
        assert hasil.empty
        return
    assert list(hasil.columns) == list(harapan.columns)
    pd.testing.assert_frame_equal(hasil, harapan, check_categorical=True)


def test_baris_diserahkan_dan_dilepas():
    """The list is emptied and the stacked frames are let go (nothing else holds them)."""
    acak = np.random.default_rng(1)
    baris = [_berkas(i, 20, acak, True) for i in range(3)]
    jejak = [weakref.ref(f) for f in baris]
    hasil = tumpuk_baris(baris, ["1", "2", "3"])
    gc.collect()
    assert baris == []
    assert all(j() is None for j in jejak)
    assert len(hasil) == 60 and hasil["_urut"].tolist() == [0] * 20 + [1] * 20 + [2] * 20


@pytest.mark.parametrize("benih", benih_cepat(10))
def test_periode_bersama_per_potongan(benih, monkeypatch):
    """The (period, component, file) overlap found a few rows at a time is the whole
    table's answer, and the key overlap with it."""
    acak = np.random.default_rng(benih)
    frames = [_berkas(i, int(acak.integers(1, 25)), acak, True) for i in range(3)]
    if benih % 2:  # each file its own month: no period shared
        frames = [
            f.assign(bulan=pd.array([i + 1] * len(f), dtype="Int32")) for i, f in enumerate(frames)
        ]
    semua = tumpuk_baris(frames, ["1", "2", "3"])
    kolom = [k for k in KUNCI if k != "kode_wilayah"]
    satu = semua[[*kolom, "_urut"]].drop_duplicates()
    harapan = bool(satu[kolom].duplicated().any())
    pasangan = semua[[*KUNCI, "_urut"]].drop_duplicates()
    kunci = bool(pasangan.duplicated(KUNCI, keep=False).any())
    for potong in (1, 4, 7, 1 << 20):
        monkeypatch.setattr(presedensi, "BARIS_PERIODE", potong)
        assert _ada_periode_bersama(semua) == harapan
        assert _ada_kunci_bersama(semua) == kunci
    assert harapan == (not benih % 2)


def _komponen_sah(n: int) -> pd.DataFrame:
    """Valid components of the contract's columns (provenance as categories)."""
    acak = np.random.default_rng(n)
    frame = _berkas(0, n, acak, True).assign(id_run_ubah="r1")
    frame = buat_ramping(frame, (*KOLOM_BERULANG, "kode_wilayah", "komponen", "sumber"))
    return frame[list(buat_skema_pandera("komponen").columns)]


def test_periksa_per_potongan_sama_dengan_sekali(monkeypatch):
    """Checked a few rows at a time: the same frame (types coerced: ``Int64`` months come
    back ``Int32``), as one check gives."""
    komponen = _komponen_sah(23).astype({"bulan": "Int64", "baris": "Int64"})
    sekali = periksa_komponen(komponen)
    monkeypatch.setattr(hitung, "POTONGAN_PERIKSA", 5)
    potong = periksa_komponen(komponen)
    pd.testing.assert_frame_equal(potong, sekali)
    assert str(potong["bulan"].dtype) == "Int32" and str(potong["baris"].dtype) == "Int32"
    sudah = periksa_komponen(sekali)  # nothing to coerce: the columns as they are
    assert np.shares_memory(sudah["nilai"].to_numpy(), sekali["nilai"].to_numpy())


def test_periksa_per_potongan_menangkap_baris_terakhir(monkeypatch):
    """A value that breaks the contract in the last slice still stops the check, named by
    its row."""
    komponen = _komponen_sah(23)
    komponen.loc[22, "nilai"] = -1.0
    komponen.loc[21, "bulan"] = 13
    monkeypatch.setattr(hitung, "POTONGAN_PERIKSA", 5)
    with pytest.raises(pandera.errors.SchemaErrors) as galat:
        periksa_komponen(komponen)
    kasus = galat.value.failure_cases
    assert sorted(kasus["index"].dropna().astype(int).tolist()) == [21, 22]


def test_banyak_waktu_terima():
    """More arrival times than an 8-bit code holds (130 files, each its own): the same
    table as ``pd.concat``."""
    acak = np.random.default_rng(3)
    frames = [_berkas(i, 2, acak, i % 2 == 0) for i in range(130)]
    diterima = [f"2026-01-01T00:{i // 60:02d}:{i % 60:02d}" for i in range(130)][::-1]
    harapan = _cara_lama(frames, diterima)
    hasil = tumpuk_baris(list(frames), diterima)
    pd.testing.assert_frame_equal(hasil, harapan, check_categorical=True)
    assert hasil["_diterima"].cat.categories.tolist() == sorted(diterima)
