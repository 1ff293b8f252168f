"""Provinces computed together (:data:`~transforms.langkah.per_provinsi.BARIS_BLOK` rows per
call): the same table as each province alone, each province kept on its own, and the one
decision that looks across rows (components at different kinds of period) still taken per
province."""

from __future__ import annotations

import pandas as pd
import pytest

import transforms.langkah.per_provinsi as per_provinsi
from schemas.katalog import muat_katalog
from tests.bantu_bagian import intai_provinsi_hitung, komponen_acak, normalkan
from transforms.hitung.indikator import hitung_indikator
from transforms.langkah.per_provinsi import _alat_tahun, hitung_per_tahun
from transforms.langkah.simpanan_hitung import SimpananHitung
from transforms.wilayah.master import muat_master

KATALOG = muat_katalog()


@pytest.fixture
def panggilan(monkeypatch):
    """The provinces of each compute call, in order."""
    return intai_provinsi_hitung(monkeypatch)


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_provinsi_bersama_sama_dengan_sendiri_sendiri(tmp_path, monkeypatch, panggilan):
    komponen = komponen_acak(2)
    bersama = hitung_per_tahun(komponen, KATALOG, "uji", SimpananHitung(tmp_path / "a"))
    # one call per year: the three provinces of a year together
    assert panggilan == [["11", "33", "76"]] * 2
    panggilan.clear()
    monkeypatch.setattr(per_provinsi, "BARIS_BLOK", 1)  # every province-year alone
    sendiri = hitung_per_tahun(komponen, KATALOG, "uji", SimpananHitung(tmp_path / "b"))
    assert panggilan == [[p] for p in ("11", "33", "76") for _ in (2024, 2025)]
    assert len(bersama) > 1000
    pd.testing.assert_frame_equal(bersama, sendiri, check_exact=True, check_categorical=True)
    # each province-year kept on its own, with what computing it alone gives
    for folder in ("a", "b"):
        assert len(list((tmp_path / folder).glob("*.parquet"))) == 6
    bacaan = {p.name: pd.read_parquet(p) for p in (tmp_path / "a").glob("*.parquet")}
    for nama, frame in bacaan.items():
        pd.testing.assert_frame_equal(frame, pd.read_parquet(tmp_path / "b" / nama))


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_provinsi_yang_berubah_dihitung_sendiri(tmp_path, panggilan):
    komponen = komponen_acak(3)
    simpanan = SimpananHitung(tmp_path)
    hitung_per_tahun(komponen, KATALOG, "uji", simpanan)
    panggilan.clear()
    ubah = komponen.copy()
    baris = ubah.index[(ubah["kode_wilayah"].str[:2] == "76") & (ubah["tahun"] == 2024)][0]
    ubah.loc[baris, "nilai"] += 3
    hasil = hitung_per_tahun(ubah, KATALOG, "uji", simpanan)
    assert panggilan == [["76"]]  # the others read from the cache
    pd.testing.assert_frame_equal(
        normalkan(hasil), normalkan(hitung_per_tahun(ubah, KATALOG, "uji"))
    )


def _desa(prov: str, n: int) -> list[str]:
    frame = muat_master().frame
    desa = frame[(frame["tingkat"] == "desa") & (frame["kode_provinsi"] == prov)]
    return desa["kode_wilayah"].head(n).tolist()


def _bkb(kode: list[str], ber_kb: dict, pus: dict) -> pd.DataFrame:
    """BKB members per desa: ``ber_kb`` / ``pus`` give (month, semester) of their rows."""
    rows = [
        (k, 2025, b, s, nama, float(10 + i))
        for i, k in enumerate(kode)
        for nama, periode in (("anggota_bkb_ber_kb", ber_kb), ("anggota_bkb_pus", pus))
        for b, s in periode
    ]
    frame = pd.DataFrame(
        rows, columns=["kode_wilayah", "tahun", "bulan", "semester", "komponen", "nilai"]
    )
    return frame.astype({"tahun": "Int64", "bulan": "Int64", "semester": "Int64"}).assign(
        sumber="uji"
    )


def _hitung(komponen: pd.DataFrame) -> pd.DataFrame:
    desa, nama, anak = _alat_tahun(2025)
    return hitung_indikator(komponen, KATALOG, desa, nama, "uji", anak)


def test_campuran_diputuskan_per_provinsi():
    """Province 33 reports members who use KB monthly and all members per semester (kinds
    differ: annual rows from each component's own rule); province 76 reports both per
    semester, in different semesters (same kind, no common period: no annual row). Computed
    together, 76 must not get the mixed-kind annual rows of 33's decision."""
    a = _bkb(_desa("33", 4), {(3, None), (9, None)}, {(None, 1), (None, 2)})
    b = _bkb(_desa("76", 3), {(None, 1)}, {(None, 2)})
    bersama = _hitung(pd.concat([a, b], ignore_index=True))
    sendiri = pd.concat([_hitung(a), _hitung(b)], ignore_index=True)
    kolom = ["kode_indikator", "kode_wilayah", "tahun", "bulan", "semester", "bulan_acuan"]
    kolom += ["pembilang", "penyebut", "nilai"]
    urut = ["kode_indikator", "kode_wilayah", "tahun", "semester", "bulan"]

    def rapi(f: pd.DataFrame) -> pd.DataFrame:
        bulat = dict.fromkeys(["tahun", "bulan", "semester", "bulan_acuan"], "Int64")
        pecahan = dict.fromkeys(["pembilang", "penyebut", "nilai"], "float64")
        teks = dict.fromkeys(["kode_wilayah", "kode_indikator"], "str")
        f = f[kolom].astype(bulat | pecahan | teks)  # province 76 alone has no row at all
        return f.sort_values(urut, na_position="first", ignore_index=True)

    tahunan = bersama[(bersama["kode_indikator"] == "spm.04") & bersama["bulan"].isna()]
    tahunan = tahunan[tahunan["semester"].isna()]
    assert set(tahunan["kode_wilayah"].astype(str).str[:2]) == {"33"}
    assert len(tahunan) > 0 and _hitung(b).empty
    pd.testing.assert_frame_equal(rapi(bersama), rapi(sendiri))
