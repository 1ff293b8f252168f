"""Bad values never published silently: non-finite numbers and per-component ceilings.

The ceilings are data (``batas_atas`` in ``catalog/komponen/*.yaml``); these tests check the
catalog declares one for every reported component, the model refuses a broken one, the
scaling by the region's number of desa, and that a value above it is quarantined with a
message naming the ceiling while a high but possible value is used.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from schemas.galat import KatalogTidakValid, buat_model
from schemas.katalog import muat_katalog
from schemas.model import Katalog, Komponen
from transforms.baca.angka import kenali_tak_hingga, ubah_ada, ubah_angka
from transforms.komponen.batas_atas import (
    hitung_batas_atas,
    hitung_jumlah_desa,
    jelaskan_batas,
    kenali_wilayah,
)
from transforms.langkah.periksa import periksa_berkas_kiriman
from transforms.terima.rencana import Permintaan
from transforms.wilayah.master import muat_master

DESA = "33.06.01.2001"  # Harjobinangun, Kecamatan Grabag, Purworejo
KECAMATAN = "33.06.01"  # Grabag: 32 desa/kelurahan in the 2025 master
KABUPATEN = "33.06"  # Purworejo: 494


@pytest.fixture(scope="module")
def katalog() -> Katalog:
    return muat_katalog()


# --------------------------------------------------------------------------- the data


def test_setiap_komponen_yang_dilaporkan_punya_batas_atas(katalog):
    """Every component a file can report has a ceiling per desa (master ones come from the
    region master and need none)."""
    tanpa = [n for n, k in katalog.komponen.items() if k.batas_atas is None and not k.dari_master]
    assert tanpa == []
    assert katalog.komponen["pus"].batas_atas == {"desa": 125000}
    assert katalog.komponen["desa_kampung_kb"].batas_atas == {"desa": 1}
    # every ceiling is at least the real maximum seen per desa in Sulawesi Barat 2025 x 10
    assert katalog.komponen["pus"].batas_atas["desa"] >= 10 * 3284
    assert katalog.komponen["kelompok_bkb"].batas_atas["desa"] >= 10 * 6


DASAR = {"judul": "x", "definisi": "x", "jenis": "stok", "satuan": "orang"}


@pytest.mark.parametrize(
    ("batas", "pesan"),
    [
        ({"kecamatan": 10}, "wajib memuat 'desa'"),
        ({"desa": 0}, "terhingga di atas 0"),
        ({"desa": -5}, "terhingga di atas 0"),
        ({"desa": float("inf")}, "terhingga di atas 0"),
        ({"desa": "5000"}, "batas_atas"),
        ({"desa": 5, "rt": 1}, "batas_atas"),
        ([5000], "batas_atas"),
    ],
)
def test_batas_atas_salah_ditolak_saat_katalog_dimuat(batas, pesan):
    with pytest.raises(KatalogTidakValid) as exc:
        buat_model(
            Komponen,
            "catalog/komponen/uji.yaml",
            DASAR | {"batas_atas": batas},
            entri="k",
            tetap={"nama": "k"},
        )
    assert pesan in str(exc.value)
    assert "catalog/komponen/uji.yaml" in str(exc.value)


def test_batas_atas_per_tingkat_diterima():
    batas = {"batas_atas": {"desa": 10, "kabupaten": 99}}
    k = buat_model(Komponen, "uji.yaml", DASAR | batas, entri="k", tetap={"nama": "k"})
    assert k.batas_atas == {"desa": 10.0, "kabupaten": 99.0}


# --------------------------------------------------------------------------- scaling


def test_batas_dikali_jumlah_desa_wilayah(katalog):
    kode = pd.Series([DESA, KECAMATAN, KABUPATEN, "33", pd.NA], dtype="string")
    komp = pd.Series(["pus"] * 5)
    hasil = hitung_batas_atas(komp, kenali_wilayah(kode, "2025"), katalog)
    batas, asal = hasil["batas"], jelaskan_batas(komp[:4], hasil[:4])
    assert hitung_batas_atas("pus", kenali_wilayah(kode, "2025"), katalog).equals(hasil)
    master = muat_master("2025")
    assert master.jumlah_desa(KECAMATAN) == 32
    assert batas.iloc[:4].tolist() == [
        125000.0,
        32 * 125000.0,
        master.jumlah_desa(KABUPATEN) * 125000.0,
        master.jumlah_desa("33") * 125000.0,
    ]
    assert np.isnan(batas.iloc[4])
    assert asal.iloc[0] == "batas_atas pus: 125.000 per desa/kelurahan"
    assert asal.iloc[1] == "batas_atas pus: 125.000 per desa/kelurahan × 32 desa/kelurahan"


def test_batas_khusus_tingkat_menggantikan_hasil_kali(katalog):
    pus = dataclasses.replace(katalog.komponen["pus"], batas_atas={"desa": 100, "kecamatan": 7})
    uji = dataclasses.replace(katalog, komponen={**katalog.komponen, "pus": pus})
    kode = pd.Series([DESA, KECAMATAN, KABUPATEN], dtype="string")
    komp = pd.Series(["pus"] * 3)
    hasil = hitung_batas_atas(komp, kenali_wilayah(kode, "2025"), uji)
    batas, asal = hasil["batas"], jelaskan_batas("pus", hasil)
    assert hitung_batas_atas("pus", kenali_wilayah(kode, "2025"), uji).equals(hasil)
    assert batas.tolist() == [100.0, 7.0, 494 * 100.0]
    assert hasil["khusus"].tolist() == [False, True, False]
    assert asal.iloc[1] == "batas_atas pus untuk kecamatan"


def test_kode_tak_dikenal_memakai_seluruh_negeri():
    """A code no edition knows still gets a ceiling: the whole country's desa count (of the
    file's edition)."""
    semua = muat_master("2021").frame["tingkat"].eq("desa").sum()
    jumlah = hitung_jumlah_desa(pd.Series(["99.99", DESA], dtype="string"), "2021")
    assert jumlah.tolist() == [float(semua), 1.0]


def test_komponen_tanpa_batas_tidak_diperiksa(katalog):
    kode = pd.Series([DESA], dtype="string")
    wilayah = kenali_wilayah(kode, "2025")
    assert np.isnan(hitung_batas_atas("jumlah_desa", wilayah, katalog)["batas"].iloc[0])
    assert np.isnan(hitung_batas_atas(pd.Series(["jumlah_desa"]), wilayah, katalog)["batas"][0])


# --------------------------------------------------------------------------- non-finite


def test_nilai_tak_hingga_tidak_pernah_menjadi_angka():
    teks = pd.Series(["inf", "-inf", "+Inf", "nan", "NaN", "1e999", "-1E999", "Infinity"])
    nilai, salah = ubah_angka(teks)
    assert nilai.isna().all() and salah.all()
    assert kenali_tak_hingga(teks).all()
    ada, salah_ada = ubah_ada(teks)
    assert ada.isna().all() and salah_ada.all()


def test_angka_biasa_dan_teks_lain_bukan_tak_hingga():
    teks = pd.Series(["12", "1.234", "1e300", "1.2e29", "", "-", "x", "informasi", "nanas"])
    nilai, salah = ubah_angka(teks)
    assert nilai.iloc[:4].tolist() == [12.0, 1234.0, 1e300, 1.2e29]  # finite: ceilings judge
    assert salah.tolist() == [False] * 6 + [True] * 3
    assert not kenali_tak_hingga(teks).any()


# --------------------------------------------------------------------------- a file


def _dinas(tmp_path: Path, baris: list[tuple[str, str]]) -> Path:
    """A dinas table of PUS by region code (any level)."""
    path = tmp_path / "pus_per_wilayah.csv"
    teks = "KODE WILAYAH;JUMLAH PUS\n" + "".join(f"{k};{v}\n" for k, v in baris)
    path.write_text(teks, encoding="utf-8")
    return path


def test_berkas_kecamatan_memakai_batas_yang_diskalakan(tmp_path, katalog):
    """At kecamatan level 200.000 PUS is possible (Grabag, 32 desa), 9.000.000 is not (Ngombol,
    57 desa: 7.125.000); in one desa 130.000 is not (125.000)."""
    src = _dinas(tmp_path, [(KECAMATAN, "200.000"), ("33.06.02", "9.000.000"), (DESA, "130000")])
    minta = Permintaan(tahun=2025, bulan=1, kolom={"JUMLAH PUS": "pus"})
    hasil = periksa_berkas_kiriman(src, katalog, minta).hasil
    assert hasil.akuntansi["baris_dipakai"] == 1
    assert hasil.akuntansi["baris_karantina"] == 2
    dipakai = hasil.komponen[["kode_wilayah", "nilai"]].to_numpy().tolist()
    assert dipakai == [[KECAMATAN, 200000.0]]
    m = hasil.masalah.set_index("baris")
    assert set(m["aturan"]) == {"melebihi_batas_atas"}
    assert set(m["tingkat_masalah"]) == {"galat"}
    jumlah = muat_master("2025").jumlah_desa("33.06.02")
    assert m.loc[3, "pesan"] == (
        f"JUMLAH PUS melebihi batas wajar {jumlah * 125:,}.000 untuk kecamatan 33.06.02 "
        f"(batas_atas pus: 125.000 per desa/kelurahan × {jumlah} desa/kelurahan); "
        "nilai ini tidak diterbitkan"
    ).replace(",", ".")
    assert jumlah == 57
    assert m.loc[3, "nilai"] == "9.000.000"
    assert m.loc[4, "pesan"].startswith("JUMLAH PUS melebihi batas wajar 125.000 untuk desa/")
    assert m.loc[4, "tindakan"].startswith("Periksa angka pada sel itu")
