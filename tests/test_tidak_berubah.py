"""A run skips the years whose files did not change since the generation in force
(transforms/langkah/sidik_tahun.py): nothing read or computed for them, the year carried over
(hard links) with the same values a full run publishes; no year changed: nothing published,
exit code 0, the run record says why. A changed file, a file changed on disk, other targets,
other code, ``--hitung-ulang`` and ``--tanpa-cache`` all compute again."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from tests.bantu_simpanan import KATALOG, tulis_pus
from tests.test_per_tahun import PENGATURAN, TABEL, _baca, _raw, _terbit
from transforms.keluar.penunjuk import baca_id_terkini, daftar_generasi
from transforms.keluar.riwayat import buat_baris_run, generasi_run
from transforms.langkah import bawa_provinsi
from transforms.langkah.hitung import langkah_indikator
from transforms.langkah.jalankan import ambil_berkas_tahun, jalankan
from transforms.langkah.keputusan import buat_kalimat_status, tentukan_kode_keluar
from transforms.langkah.sidik_tahun import hitung_sidik_tahun, sidik_generasi
from transforms.terima.simpan import ProvenansRusak, cari_berkas_aktif
from transforms.terima.terima import terima_berkas


@pytest.fixture
def dihitung(monkeypatch):
    """The years each compute of the run got (one list per compute call)."""
    tahun: list[list[int]] = []

    def hitung(komponen, *args):
        provinsi = list(komponen)  # the year's provinces, as they are combined
        tahun.append(sorted({int(t) for p in provinsi for t in p["tahun"]}))
        return langkah_indikator(iter(provinsi), *args)

    return tahun, hitung


def _manifest(out: Path) -> dict:
    return json.loads((_terbit(out) / "manifest.json").read_text())


def test_sidik_berubah_bila_masukannya_berubah(tmp_path, monkeypatch):
    raw = _raw(tmp_path)
    aktif, diganti = cari_berkas_aktif(raw, None)
    satu = [ambil_berkas_tahun(b, 2025) for b in (aktif, diganti)]
    dasar = hitung_sidik_tahun(*satu, 2025, None)
    assert dasar == hitung_sidik_tahun(*satu, 2025, tmp_path / "tidak-ada")
    assert dasar == hitung_sidik_tahun(*(list(reversed(b)) for b in satu), 2025, None)
    assert len(satu[1]) == 1  # the correction replaced the first PUS file of 2025
    berbeda = [
        hitung_sidik_tahun(*satu, 2024, None),  # the year
        hitung_sidik_tahun(satu[0], [], 2025, None),  # the replaced file is an input too
        hitung_sidik_tahun(satu[0][:1], satu[1], 2025, None),  # a file less
        hitung_sidik_tahun(  # a field of a sidecar (here: when it was received)
            [(f, replace(p, diterima="2020-01-01T00:00:00+00:00")) for f, p in satu[0]],
            satu[1],
            2025,
            None,
        ),
    ]
    target = tmp_path / "target"
    target.mkdir()
    berbeda.append(hitung_sidik_tahun(*satu, 2025, target))  # an (empty) targets folder
    (target / "target.csv").write_text("kode_indikator,kode_wilayah,tahun,nilai\n")
    berbeda.append(hitung_sidik_tahun(*satu, 2025, target))  # a targets file
    monkeypatch.setattr(bawa_provinsi, "hitung_sidik_kode", lambda: "kode lain")
    berbeda.append(hitung_sidik_tahun(*satu, 2025, None))  # other code or catalog
    assert len({dasar, *berbeda}) == len(berbeda) + 1
    f, p = satu[0][0]
    rusak = ProvenansRusak(**vars(p), galat="sidecar rusak")
    assert hitung_sidik_tahun([(f, rusak)], [], 2025, None) is None


def test_sidik_generasi_membawa_tahun_lama(tmp_path):
    lama = tmp_path / "lama"
    lama.mkdir()
    (lama / "manifest.json").write_text(
        json.dumps({"sidik_tahun": {"2023": "a", "2024": "b", "x": "?", "2025": 5}})
    )
    assert sidik_generasi({2024: "c", 2026: "d"}, [2024, 2026], lama) == {
        "2023": "a",
        "2024": "c",
        "2026": "d",
    }
    # a year written without a fingerprint (a rejected file) gets none: computed next time
    assert sidik_generasi({}, [2023, 2024], lama) == {}
    assert sidik_generasi({2024: "c"}, [2024], None) == {"2024": "c"}


@pytest.mark.lambat
def test_run_kedua_tanpa_perubahan(tmp_path, dihitung):
    tahun, hitung = dihitung
    raw, out = _raw(tmp_path), tmp_path / "out"
    pertama = jalankan(raw, out, pengaturan=PENGATURAN, hitung_semua=hitung)
    generasi = baca_id_terkini(out)
    assert pertama.generasi == generasi and tahun == [[2024], [2025]]
    assert set(_manifest(out)["sidik_tahun"]) == {"2024", "2025"}
    tahun.clear()
    dibaca: list[str] = []

    def proses(path, prov, simpanan=None):
        dibaca.append(prov.berkas)
        raise AssertionError("no file is read when nothing changed")

    kedua = jalankan(raw, out, pengaturan=PENGATURAN, hitung_semua=hitung, proses=proses)
    assert tahun == [] and dibaca == []
    assert kedua.tidak_berubah == [2024, 2025] and kedua.tahun == []
    assert kedua.generasi == generasi and int(tentukan_kode_keluar(kedua)) == 0
    assert baca_id_terkini(out) == generasi and daftar_generasi(out) == [generasi]
    status = buat_kalimat_status(kedua)
    assert status.startswith("TIDAK ADA PERUBAHAN: berkas tahun 2024, 2025 sama")
    assert generasi in status and "Kode keluar 0." in status
    catatan = json.loads((out / "runs" / f"{kedua.id_run}.json").read_text())
    assert catatan["status"] == "tidak_berubah" and catatan["kode_keluar"] == 0
    assert catatan["generasi_berlaku"] == generasi
    assert catatan["tahun_tidak_berubah"] == [2024, 2025]
    # a run that made no generation current: never one side of "indikator diff"
    assert generasi_run(catatan) is None
    baris = buat_baris_run(catatan)  # indikator runs
    assert baris["hasil"] == "tidak_berubah (0)" and baris["generasi"] == f"- (tetap {generasi})"


@pytest.mark.lambat
def test_hanya_tahun_yang_berubah_dihitung(tmp_path, dihitung):
    tahun, hitung = dihitung
    raw, out = _raw(tmp_path), tmp_path / "out"
    jalankan(raw, out, pengaturan=PENGATURAN)
    lama, sidik_lama = _terbit(out), _manifest(out)["sidik_tahun"]
    terima_berkas(tulis_pus(tmp_path / "koreksi-2024", 410), raw, KATALOG, 2024)  # 2024 corrected
    ringkasan = jalankan(raw, out, pengaturan=PENGATURAN, hitung_semua=hitung)
    assert tahun == [[2024]]
    assert ringkasan.tidak_berubah == [2025] and ringkasan.tahun == [2024]
    assert int(tentukan_kode_keluar(ringkasan)) == 0
    assert f"Tahun 2025: berkasnya tidak berubah sejak generasi {lama.name}" in (
        buat_kalimat_status(ringkasan)
    )
    baru, manifest = _terbit(out), _manifest(out)
    assert baru != lama and manifest["tahun_tidak_berubah"] == [2025]
    assert manifest["sidik_tahun"]["2025"] == sidik_lama["2025"]
    assert manifest["sidik_tahun"]["2024"] != sidik_lama["2024"]
    for tabel in TABEL:  # 2025 is the previous generation's files, linked
        for berkas in (baru / tabel / "2025").glob("*.parquet"):
            assert os.stat(berkas).st_ino == os.stat(lama / tabel / "2025" / berkas.name).st_ino
    penuh = tmp_path / "penuh"  # every year computed: the same tables
    jalankan(raw, penuh, pengaturan=PENGATURAN)
    for t in (2024, 2025):
        for tabel in TABEL:
            pd.testing.assert_frame_equal(_baca(baru, tabel, t), _baca(_terbit(penuh), tabel, t))
    pus = _baca(baru, "komponen", 2024).query("komponen == 'pus'")["nilai"]
    assert set(pus.astype(float)) == {410.0}


@pytest.mark.lambat
def test_hitung_ulang_dan_tanpa_cache_menghitung_semua(tmp_path, dihitung):
    tahun, hitung = dihitung
    raw, out = _raw(tmp_path), tmp_path / "out"
    jalankan(raw, out, pengaturan=PENGATURAN)
    for pengaturan in (
        replace(PENGATURAN, hitung_ulang=True),
        replace(PENGATURAN, tanpa_cache=True),
    ):
        tahun.clear()
        sebelum = baca_id_terkini(out)
        ringkasan = jalankan(raw, out, pengaturan=pengaturan, hitung_semua=hitung)
        assert tahun == [[2024], [2025]] and ringkasan.tidak_berubah == []
        assert ringkasan.generasi == baca_id_terkini(out) != sebelum


@pytest.mark.lambat
def test_berkas_yang_berubah_di_disk_dihitung_dan_ditolak(tmp_path, dihitung):
    tahun, hitung = dihitung
    raw, out = _raw(tmp_path), tmp_path / "out"
    jalankan(raw, out, pengaturan=PENGATURAN)
    aktif = cari_berkas_aktif(raw, 2024)[0]
    path = next(f for f, p in aktif if "pus" in p.sumber)
    path.write_bytes(path.read_bytes() + b"\n")  # changed after ingest: never to be used
    susut = replace(PENGATURAN, izinkan_susut=True)  # 2024 without its PUS file: published
    ringkasan = jalankan(raw, out, pengaturan=susut, hitung_semua=hitung)
    assert len(tahun) == 1 and ringkasan.tahun == [2024]  # 2024 alone computed
    assert ringkasan.tidak_berubah == [2025]
    assert int(tentukan_kode_keluar(ringkasan)) == 2  # the file rejected, as every run does
    assert "2024" not in _manifest(out)["sidik_tahun"]  # so the next run says it again
    tahun.clear()
    lagi = jalankan(raw, out, pengaturan=susut, hitung_semua=hitung)
    assert len(tahun) == 1 and lagi.tahun == [2024] and int(tentukan_kode_keluar(lagi)) == 2
