"""A run of several years computes and writes one year at a time (transforms/langkah/jalankan.py
``_hitung_per_tahun``): it publishes what a run of each year alone publishes, in one generation;
it never holds two years' components at once; a year the guard refuses is carried over; a
failure (or a kill) leaves the published generation as it was and no staging folder behind."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from tests.bantu_simpanan import KATALOG, PUS, tulis_mix, tulis_pus
from transforms.keluar.generasi import GENERASI, STAGING
from transforms.keluar.penunjuk import baca_id_terkini
from transforms.langkah.hitung import langkah_indikator
from transforms.langkah.jalankan import cari_tahun_run, jalankan
from transforms.langkah.keputusan import tentukan_kode_keluar
from transforms.langkah.pengaturan import Pengaturan
from transforms.terima.terima import terima_berkas

pytestmark = pytest.mark.lambat  # whole runs: the slow tier

TABEL = ("indikator", "komponen", "karantina", "penggantian", "lonjakan")
PENGATURAN = Pengaturan(pekerja=0)


def _raw(folder: Path, pus_2024: int = 400) -> Path:
    """PUS and mix exports of 2024 and 2025, and a correction of the 2025 PUS file."""
    raw = folder / "raw"
    for tahun, pus in ((2024, pus_2024), (2025, 500)):
        kirim = folder / f"kirim-{tahun}"
        terima_berkas(tulis_pus(kirim, pus), raw, KATALOG, tahun)
        terima_berkas(tulis_mix(kirim), raw, KATALOG, tahun)
    terima_berkas(tulis_pus(folder / "koreksi", 520), raw, KATALOG, 2025)  # replaces by coverage
    return raw


def _terbit(out: Path) -> Path:
    return out / GENERASI / baca_id_terkini(out)


def _baca(generasi: Path, tabel: str, tahun: int) -> pd.DataFrame:
    frame = pd.read_parquet(generasi / tabel / str(tahun))
    buang = [k for k in ("id_run", "id_run_ubah") if k in frame]
    return frame.drop(columns=buang).astype(str).reset_index(drop=True)


def test_tahun_run(tmp_path):
    from transforms.terima.simpan import cari_berkas_aktif

    inputs = cari_berkas_aktif(_raw(tmp_path), None)[0]
    assert cari_tahun_run(inputs, None) == [2024, 2025]
    assert cari_tahun_run(inputs, 2024) == [2024]
    banyak = [(f, replace(p, tahun_data=[2021, 2023])) for f, p in inputs[:1]]
    assert cari_tahun_run(banyak + inputs, None) == [2021, 2023, 2024, 2025]


def test_sama_dengan_setiap_tahun_sendiri(tmp_path):
    raw = _raw(tmp_path)
    tahun_dihitung: list[list[int]] = []

    def hitung(komponen, *args):
        provinsi = list(komponen)  # the year's provinces, as they are combined
        tahun_dihitung.append(sorted({int(t) for p in provinsi for t in p["tahun"]}))
        return langkah_indikator(iter(provinsi), *args)

    ringkasan = jalankan(raw, tmp_path / "semua", pengaturan=PENGATURAN, hitung_semua=hitung)
    assert tahun_dihitung == [[2024], [2025]]  # never two years' components at once
    assert ringkasan.tahun == [2024, 2025] and int(tentukan_kode_keluar(ringkasan)) == 0
    assert len(ringkasan.berkas) == 4  # each file once
    for tahun in (2024, 2025):
        jalankan(raw, tmp_path / f"satu-{tahun}", tahun, pengaturan=PENGATURAN)
    semua = _terbit(tmp_path / "semua")
    manifest = json.loads((semua / "manifest.json").read_text())
    assert manifest["tahun_diterbitkan"] == [2024, 2025]
    for tahun in (2024, 2025):
        sendiri = _terbit(tmp_path / f"satu-{tahun}")
        for tabel in TABEL:
            pd.testing.assert_frame_equal(_baca(semua, tabel, tahun), _baca(sendiri, tabel, tahun))
        assert manifest["keluaran"]["indikator"][str(tahun)]["baris"] == len(
            _baca(sendiri, "indikator", tahun)
        )
    pus_2025 = _baca(semua, "komponen", 2025)
    assert set(pus_2025.loc[pus_2025["komponen"] == "pus", "nilai"]) == {"520.0"}  # corrected
    assert len(_baca(semua, "penggantian", 2025)) >= 1
    jumlah = {t: sum(v["baris"] for v in d.values()) for t, d in manifest["keluaran"].items()}
    assert {t: jumlah[t] for t in TABEL} == manifest["jumlah_baris"]
    assert not list((tmp_path / "semua" / GENERASI).glob(f"{STAGING}*"))


def test_tahun_yang_ditolak_penjaga_dibawa(tmp_path):
    raw = _raw(tmp_path)
    out = tmp_path / "out"
    jalankan(raw, out, pengaturan=PENGATURAN)
    lama = _terbit(out)
    # a 2024 correction whose every value is bad: 2024 would lose every indicator, so the
    # guard refuses 2024 and only 2025 is written
    koreksi = tmp_path / "koreksi-2024" / "data_pus.csv"
    koreksi.parent.mkdir()
    koreksi.write_text(  # the months of the file it corrects: stored in the year's folder
        PUS
        + "0;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;abc;x;JANUARI\n"
        + "1;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;abc;x;FEBRUARI\n"
    )
    terima_berkas(koreksi, raw, KATALOG, 2024)
    # 2025 did not change: carried as it is, so the refusal leaves nothing to publish
    tetap = jalankan(raw, out, pengaturan=PENGATURAN)
    assert [s["tahun"] for s in tetap.ditolak_penjaga] == [2024] and tetap.tidak_berubah == [2025]
    assert tetap.generasi is None and int(tentukan_kode_keluar(tetap)) == 3
    assert _terbit(out) == lama
    # 2025 computed again all the same: written, while the refused 2024 is carried over
    ringkasan = jalankan(raw, out, pengaturan=replace(PENGATURAN, hitung_ulang=True))
    assert [s["tahun"] for s in ringkasan.ditolak_penjaga] == [2024]
    assert ringkasan.tahun == [2025] and int(tentukan_kode_keluar(ringkasan)) == 3
    baru = _terbit(out)
    assert baru != lama
    pd.testing.assert_frame_equal(_baca(baru, "indikator", 2024), _baca(lama, "indikator", 2024))
    manifest = json.loads((baru / "manifest.json").read_text())
    assert manifest["tahun_dibawa"]["indikator"] == [2024]


def test_gagal_di_tahun_kedua_tidak_menerbitkan_apa_pun(tmp_path):
    raw = _raw(tmp_path)
    out = tmp_path / "out"
    jalankan(raw, out, pengaturan=PENGATURAN)
    lama = baca_id_terkini(out)

    def rusak(komponen, *args):
        provinsi = list(komponen)
        if any(2025 in set(p["tahun"]) for p in provinsi):
            raise RuntimeError("hitungan gagal di tengah jalan")
        return langkah_indikator(iter(provinsi), *args)

    with pytest.raises(RuntimeError, match="tengah jalan"):  # computed again, fails in 2025
        jalankan(raw, out, pengaturan=replace(PENGATURAN, hitung_ulang=True), hitung_semua=rusak)
    assert baca_id_terkini(out) == lama
    assert not list((out / GENERASI).glob(f"{STAGING}*"))  # 2024 was written, then removed
    # what a killed run leaves (a staging folder with a year in it) goes with the next run
    sisa = out / GENERASI / f"{STAGING}20260101T000000Z-mati00" / "indikator" / "2024"
    sisa.mkdir(parents=True)
    (sisa / "part-0.parquet").write_bytes(b"setengah")
    # nothing changed since the generation in force: nothing computed, the leftover removed
    tetap = jalankan(raw, out, pengaturan=PENGATURAN)
    assert tetap.tidak_berubah == [2024, 2025] and tetap.generasi == lama
    assert not list((out / GENERASI).glob(f"{STAGING}*"))
    sisa.mkdir(parents=True)
    (sisa / "part-0.parquet").write_bytes(b"setengah")
    ringkasan = jalankan(raw, out, pengaturan=replace(PENGATURAN, hitung_ulang=True))
    assert ringkasan.tahun == [2024, 2025]
    assert not list((out / GENERASI).glob(f"{STAGING}*"))


def test_tahun_siap_yang_hilang_tidak_pernah_terbit(tmp_path):
    """A year counted as written but gone from the staging folder (e.g. a retried publish
    after a failure removed the folder) stops the publication: never a generation without it."""
    from transforms.keluar.generasi import IsiGenerasi, periksa_generasi

    staging = tmp_path / "staging"
    (staging / "indikator").mkdir(parents=True)
    tables = {"indikator": pd.DataFrame(columns=["tahun"])}
    isi = IsiGenerasi("A", tables, [2024], None, {"id_run": "A"}, KATALOG)
    isi.ditulis = {"indikator": {2024: 8}}
    with pytest.raises(RuntimeError, match="indikator/2024: 0 baris terbaca, 8 ditulis"):
        periksa_generasi(staging, isi)
