"""The kept province-year indicators: a rerun reads the provinces whose rows did not change and
gets exactly (types and categories included) what computing them again gives; a changed
province, other targets, reordered non-whole values, a damaged entry or ``--tanpa-cache``
compute again; a run's indicators are the same read or computed."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import transforms.langkah.per_provinsi as hitung_mod
import transforms.langkah.simpanan_hitung as simpanan_hitung
from schemas.katalog import muat_katalog
from tests.bantu_bagian import komponen_acak
from tests.bantu_simpanan import tulis_mix, tulis_pus
from transforms.langkah.jalankan import jalankan
from transforms.langkah.keputusan import tentukan_kode_keluar
from transforms.langkah.pengaturan import Pengaturan
from transforms.langkah.per_provinsi import hitung_per_tahun
from transforms.langkah.simpanan_hitung import SimpananHitung
from transforms.terima.terima import terima_berkas

KATALOG = muat_katalog()


@pytest.fixture
def dihitung(monkeypatch):
    """The province-years really computed (province code, year; a call computing several
    provinces together lists each)."""
    asli = hitung_mod.hitung_indikator
    daftar: list[tuple[str, int]] = []

    def catat(satu, *args, **kwargs):
        tahun = int(satu["tahun"].iloc[0])
        provinsi = dict.fromkeys(str(k)[:2] for k in satu["kode_wilayah"])
        daftar.extend((p, tahun) for p in provinsi)
        return asli(satu, *args, **kwargs)

    monkeypatch.setattr(hitung_mod, "hitung_indikator", catat)
    return daftar


def _setahun(benih: int):
    """The random table of :func:`tests.bantu_bagian.komponen_acak`, 2025 only: 3 province-years
    (the tests that need no second year stay fast)."""
    komponen = komponen_acak(benih)
    return komponen[komponen["tahun"] == 2025].reset_index(drop=True)


def _hitung(komponen, simpanan=None, id_run="run-b", katalog=KATALOG):
    return hitung_per_tahun(komponen, katalog, id_run, simpanan)


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_run_kedua_membaca_semua_dan_hasilnya_persis_sama(tmp_path, dihitung):
    komponen = komponen_acak(0)
    simpanan = SimpananHitung(tmp_path)
    pertama = _hitung(komponen, simpanan, id_run="run-a")
    assert sorted(dihitung) == [(p, t) for p in ("11", "33", "76") for t in (2024, 2025)]
    assert len(list(tmp_path.glob("*.json"))) == len(list(tmp_path.glob("*.parquet"))) == 6
    dihitung.clear()
    kedua = _hitung(komponen, simpanan)
    assert dihitung == []
    segar = _hitung(komponen)
    pd.testing.assert_frame_equal(kedua, segar, check_exact=True, check_categorical=True)
    assert kedua.dtypes.to_dict() == segar.dtypes.to_dict()
    for k, t in segar.dtypes.items():
        if isinstance(t, pd.CategoricalDtype):
            assert kedua[k].cat.categories.equals(t.categories), k
    assert set(kedua["id_run"]) == set(kedua["id_run_ubah"]) == {"run-b"}
    assert set(pertama["id_run"]) == {"run-a"}


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_hanya_provinsi_yang_berubah_dihitung_lagi(tmp_path, dihitung):
    komponen = _setahun(1)
    simpanan = SimpananHitung(tmp_path)
    _hitung(komponen, simpanan)
    dihitung.clear()
    ubah = komponen.copy()
    baris = ubah.index[(ubah["kode_wilayah"].str[:2] == "33") & (ubah["tahun"] == 2025)][0]
    ubah.loc[baris, "nilai"] += 1
    # a file received later, other provenance: not what the compute reads
    ubah = ubah.assign(berkas="koreksi.csv", baris=ubah["baris"] + 5)
    hasil = _hitung(ubah, simpanan)
    assert dihitung == [("33", 2025)]
    pd.testing.assert_frame_equal(hasil, _hitung(ubah), check_exact=True)


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_urutan_baris_bilangan_bulat_tidak_mengubah_kunci(tmp_path, dihitung):
    komponen = _setahun(2)
    simpanan = SimpananHitung(tmp_path)
    _hitung(komponen, simpanan)
    dihitung.clear()
    acak = komponen.sample(frac=1, random_state=7).reset_index(drop=True)
    hasil = _hitung(acak, simpanan)
    assert dihitung == []
    pd.testing.assert_frame_equal(hasil, _hitung(acak), check_exact=True)
    # not whole numbers: the order of the sums may matter, so the order is in the key
    pecahan = komponen.assign(nilai=komponen["nilai"] + 0.1)
    _hitung(pecahan, simpanan)
    dihitung.clear()
    _hitung(pecahan.sample(frac=1, random_state=8).reset_index(drop=True), simpanan)
    assert len(dihitung) == 3


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_target_lain_dihitung_lagi(tmp_path, dihitung):
    komponen = _setahun(0)
    simpanan = SimpananHitung(tmp_path)
    _hitung(komponen, simpanan)
    dihitung.clear()
    target = KATALOG.target.copy()
    kolom_angka = target.select_dtypes("number").columns
    target.loc[target.index[0], kolom_angka[-1]] = 1234.5
    katalog = replace(KATALOG, target=target)
    hasil = _hitung(komponen, simpanan, katalog=katalog)
    assert len(dihitung) == 3
    pd.testing.assert_frame_equal(hasil, _hitung(komponen, katalog=katalog), check_exact=True)


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
@pytest.mark.parametrize("rusak", ["json", "parquet", "jenis"])
def test_entri_rusak_dihitung_lagi(tmp_path, dihitung, rusak):
    komponen = _setahun(0)
    simpanan = SimpananHitung(tmp_path)
    _hitung(komponen, simpanan)
    entri = sorted(tmp_path.glob("2025_33_*.json"))[0]
    if rusak == "json":
        entri.write_text("{bukan json", encoding="utf-8")
    elif rusak == "parquet":
        entri.with_suffix(".parquet").write_bytes(b"PAR1 rusak")
    else:  # a column of another type than its JSON says
        frame = pd.read_parquet(entri.with_suffix(".parquet"))
        frame.assign(nilai=frame["nilai"].astype("str")).to_parquet(entri.with_suffix(".parquet"))
    dihitung.clear()
    hasil = _hitung(komponen, simpanan)
    assert dihitung == [("33", 2025)]
    pd.testing.assert_frame_equal(hasil, _hitung(komponen), check_exact=True)


def test_tanpa_cache_menghitung_semua_dan_menulis_ulang(tmp_path, dihitung):
    komponen = _setahun(0)
    _hitung(komponen, SimpananHitung(tmp_path))
    dihitung.clear()
    _hitung(komponen, SimpananHitung(tmp_path, pakai=False))
    assert len(dihitung) == 3
    dihitung.clear()
    _hitung(komponen, SimpananHitung(tmp_path))
    assert dihitung == []


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_entri_lama_per_provinsi_dipangkas(tmp_path, dihitung, monkeypatch):
    monkeypatch.setattr(simpanan_hitung, "MAKS_ENTRI", 2)
    komponen = _setahun(0)
    simpanan = SimpananHitung(tmp_path)
    for tambah in range(3):
        _hitung(komponen.assign(nilai=komponen["nilai"] + tambah), simpanan)
    for prov in ("11", "33", "76"):
        assert len(list(tmp_path.glob(f"2025_{prov}_*.json"))) == 2
        assert len(list(tmp_path.glob(f"2025_{prov}_*.parquet"))) == 2


def test_folder_tidak_dapat_ditulis_tidak_menggagalkan(tmp_path, dihitung):
    bukan_folder = tmp_path / "berkas"
    bukan_folder.write_text("bukan folder")
    komponen = _setahun(0)
    hasil = _hitung(komponen, SimpananHitung(bukan_folder / "hitung"))
    pd.testing.assert_frame_equal(hasil, _hitung(komponen), check_exact=True)


def test_kolom_selain_yang_dihitung_tidak_sampai_ke_hitungan(dihitung, monkeypatch):
    asli = hitung_mod.hitung_indikator
    dilihat: list[list[str]] = []

    def lihat(satu, *args, **kwargs):
        dilihat.append(list(satu.columns))
        return asli(satu, *args, **kwargs)

    monkeypatch.setattr(hitung_mod, "hitung_indikator", lihat)
    komponen = _setahun(0).assign(catatan_lain=lambda f: np.arange(len(f)))
    _hitung(komponen)
    assert dilihat and all(k == list(simpanan_hitung.KOLOM_HITUNG) for k in dilihat)


@pytest.mark.lambat  # three whole runs (publish included)
def test_run_kedua_tidak_menghitung_dan_terbitannya_sama(tmp_path, dihitung):
    raw = tmp_path / "raw"
    for buat in (tulis_pus, tulis_mix):
        terima_berkas(buat(tmp_path / "kirim"), raw, KATALOG, 2025)
    jalankan(raw, tmp_path / "out", 2025)
    assert dihitung == [("33", 2025)]
    pertama = pd.read_parquet(tmp_path / "out" / "indikator")
    dihitung.clear()
    # the year computed again (its files did not change: without --hitung-ulang it is not
    # computed at all, tests/test_tidak_berubah.py): every province from the kept indicators
    ringkasan = jalankan(raw, tmp_path / "out", 2025, pengaturan=Pengaturan(hitung_ulang=True))
    assert dihitung == [] and tentukan_kode_keluar(ringkasan) == 0
    kedua = pd.read_parquet(tmp_path / "out" / "indikator")
    tanpa_run = [k for k in pertama.columns if not k.startswith("id_run")]
    pd.testing.assert_frame_equal(pertama[tanpa_run], kedua[tanpa_run], check_exact=True)
    assert set(kedua["id_run"]) == {ringkasan.id_run}
    jalankan(raw, tmp_path / "out", 2025, pengaturan=Pengaturan(tanpa_cache=True))
    assert dihitung == [("33", 2025)]


def test_kode_atau_katalog_lain_dihitung_lagi(tmp_path, dihitung, monkeypatch):
    komponen = _setahun(0)
    simpanan = SimpananHitung(tmp_path)
    _hitung(komponen, simpanan)
    dihitung.clear()
    # another code or catalog (region master included) gives another fingerprint
    monkeypatch.setattr(simpanan_hitung, "hitung_sidik_kode", lambda: "kode-lain")
    _hitung(komponen, simpanan)
    assert len(dihitung) == 3
