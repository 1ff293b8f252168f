"""Region names the national check found quarantined although one region fits: a kabupaten
under the province it left in 2022, former names (province and kabupaten), ``KOTAMADYA``,
and a sender's type word before a master name that starts with one."""

from __future__ import annotations

import pandas as pd
import pytest

from transforms.wilayah.cocok import cocokkan_wilayah
from transforms.wilayah.master import muat_master
from transforms.wilayah.perubahan import muat_perubahan_kode
from transforms.wilayah.pindah import kabupaten_pindahan

KOLOM = {"provinsi": "prov", "kabupaten": "kab"}


def _cocok(baris: list[tuple[str, ...]], kolom: dict[str, str] = KOLOM) -> pd.DataFrame:
    df = pd.DataFrame(baris, columns=list(kolom.values()))
    return pd.concat([df, cocokkan_wilayah(df, kolom, nama_kabupaten="siga")], axis=1)


def _siga(nama: str) -> str:
    """A kab/kota as SIGA writes it: a bare kabupaten name, ``KOTA X``."""
    if nama.startswith("Kota "):
        return "KOTA " + nama[5:].upper()
    return nama.removeprefix("Kabupaten ").upper()


def test_every_kabupaten_that_left_its_province_is_found_under_the_old_one():
    master = muat_master("2025")
    perubahan = muat_perubahan_kode()
    pindah = perubahan[
        (perubahan["tingkat"] == "kabupaten")
        & (perubahan["kode_lama"].str[:2] != perubahan["kode_baru"].str[:2])
    ]
    assert len(pindah) == 26  # 20 out of Papua (2022), 6 out of Papua Barat (2022/2025)
    baris, harapan = [], []
    for lama, baru in zip(pindah["kode_lama"], pindah["kode_baru"], strict=True):
        prov_lama = master.get(lama[:2])["nama_wilayah"].upper()
        baris.append((prov_lama, _siga(master.get(baru)["nama_wilayah"])))
        harapan.append(baru)
    hasil = _cocok(baris)
    assert hasil["kode_wilayah"].tolist() == harapan
    assert set(hasil["status"]) == {"mirip"}  # used, with a warning to the sender
    merauke = hasil.loc[hasil["kode_wilayah"] == "93.01", "catatan"].iloc[0]
    assert "ditulis di bawah Papua (91)" in merauke and "Papua Selatan (93)" in merauke
    assert "UU No. 14 Tahun 2022" in merauke and "Kabupaten Merauke (93.01)" in merauke
    assert set(kabupaten_pindahan("2025")) == {"91", "92"}


def test_kabupaten_that_stayed_or_never_belonged_are_unchanged():
    hasil = _cocok(
        [
            ("PAPUA", "JAYAPURA"),  # stayed in Papua: exact, no note
            ("PAPUA", "MANOKWARI"),  # Papua Barat's, never Papua's: not found
            ("PAPUA SELATAN", "MERAUKE"),  # written under the new province: exact
            ("PAPUA BARAT", "KOTA SORONG"),  # the kota, not the kabupaten
            ("PAPUA BARAT", "SORONG"),  # SIGA's bare name: the kabupaten
        ]
    )
    assert hasil["kode_wilayah"].tolist() == ["91.03", "91", "93.01", "96.71", "96.01"]
    assert hasil["status"].tolist() == ["cocok", "tidak_cocok", "cocok", "mirip", "mirip"]
    assert "tidak ditemukan di Papua (91)" in hasil["catatan"].iloc[1]


def test_a_moved_kabupaten_takes_its_desa_from_the_new_province():
    master = muat_master("2025")
    kec = master.anak("93.01")[0]
    desa = master.anak(kec)[0]
    kolom = {**KOLOM, "kecamatan": "kec", "desa": "desa"}
    nama = [master.get(k)["nama_wilayah"].upper() for k in (kec, desa)]
    hasil = _cocok([("PAPUA", "MERAUKE", *nama)], kolom)
    assert hasil["kode_wilayah"].tolist() == [desa] and hasil["status"].tolist() == ["mirip"]


@pytest.mark.parametrize(
    ("prov", "kab", "kode"),
    [
        ("BANGKA BELITUNG", "BANGKA", "19.01"),
        ("KEP. BANGKA BELITUNG", "KOTA PANGKAL PINANG", "19.71"),
        ("NANGGROE ACEH DARUSSALAM", "ACEH BESAR", "11.06"),
        ("NAD", "KOTA BANDA ACEH", "11.71"),
        ("SUMATERA UTARA", "TOBA SAMOSIR", "12.12"),  # not Samosir (12.17)
        ("MALUKU", "MALUKU TENGGARA BARAT", "81.03"),  # not Maluku Tenggara (81.02)
        ("KALIMANTAN TIMUR", "KOTAMADYA BALIKPAPAN", "64.71"),
        ("KALIMANTAN TIMUR", "KODYA BONTANG", "64.74"),
        ("JAWA BARAT", "KOTAMADYA BOGOR", "32.71"),  # the kota, beside Kabupaten Bogor
        ("JAWA BARAT", "KOTA MADYA BANDUNG", "32.73"),
    ],
)
def test_former_names_and_old_designations(prov: str, kab: str, kode: str):
    hasil = _cocok([(prov, kab)])
    assert hasil["kode_wilayah"].tolist() == [kode]
    assert hasil["status"].iloc[0] != "tidak_cocok"


def test_a_type_word_before_a_master_name_that_starts_with_one():
    kolom = {**KOLOM, "kecamatan": "kec", "desa": "desa"}
    master = muat_master("2025")
    baris = []
    for kode in ("15.03.03.2024", "15.03.07.2003"):  # both "Desa Baru" in Kab. Sarolangun
        assert master.get(kode)["nama_wilayah"] == "Desa Baru"
        kec = master.get(kode[:8])["nama_wilayah"].upper()
        baris += [("JAMBI", "SAROLANGUN", kec, n) for n in ("DESA DESA BARU", "DESA BARU", "BARU")]
    hasil = _cocok(baris, kolom)
    assert hasil["kode_wilayah"].tolist() == ["15.03.03.2024"] * 3 + ["15.03.07.2003"] * 3
    assert set(hasil["status"]) == {"cocok"}
