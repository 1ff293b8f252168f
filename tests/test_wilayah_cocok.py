"""Name matching of whole tables (transforms.wilayah.cocok) and the alias table.

The SIGA checks come from ../shared/realdata/bkkbn-sulbar-siga/SOURCE.md (648 desa, 10
spellings); kab-malang-kamasuta, bantul-kb-aktif and jabar-2021-compiled SOURCE.md give the
33, 17 and 27 names.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import realdata_path
from transforms.wilayah.alias import EDISI_ALIAS, KOLOM_ALIAS, muat_alias
from transforms.wilayah.cocok import cocokkan_wilayah
from transforms.wilayah.kode import cari_tingkat
from transforms.wilayah.master import muat_master

KATALOG = Path(__file__).resolve().parents[1] / "catalog" / "wilayah"
KOLOM_SIGA = {
    "provinsi": "PROVINSI",
    "kabupaten": "KABUPATEN",
    "kecamatan": "KECAMATAN",
    "desa": "KELURAHAN",
}
# SIGA spelling -> (Kemendagri 2025 code, 2025 spelling), per SIGA SOURCE.md
NAMA_BEDA = {
    "ALU": ("76.04.15.2008", "Allu"),
    "TAMANGGALLE": ("76.04.12.2003", "Tammangalle"),
    "SEPPORRAKI": ("76.04.16.2008", "Sepporakki"),
    "TANDASURA": ("76.04.11.2003", "Tandassura"),
    "MAPILI BARAT": ("76.04.10.2006", "Mapilli Barat"),
    "MAPILI": ("76.04.08.1001", "Mapilli"),
    "MADATE": ("76.04.04.1007", "Madatte"),
    "PODA": ("76.04.05.2012", "Poda-Poda"),
    "GALESON": ("76.04.03.2014", "Galeso"),
    "SUMBEREJO": ("76.04.03.2003", "Sumberjo"),
}

KOLOM_SIGA_TANPA_PROVINSI = {k: v for k, v in KOLOM_SIGA.items() if k != "provinsi"}


def test_match_wilayah_synthetic():
    df = pd.DataFrame(
        {
            "prov": ["JAWA BARAT", "JAWA BARAT", "Jawa Barat", "JAWA BARAT", None, "JAWA BARAT"],
            "kab": ["KOTA BOGOR", "KAB. BOGOR", "BOGOR", "KAB. BANDUNGG", None, "ANTAH"],
        },
        index=[10, 11, 12, 13, 14, 15],
    )
    asli = df.copy()
    hasil = cocokkan_wilayah(df, {"provinsi": "prov", "kabupaten": "kab"})
    pd.testing.assert_frame_equal(df, asli)  # input untouched
    assert list(hasil.index) == [10, 11, 12, 13, 14, 15]
    assert list(hasil.columns) == ["kode_wilayah", "status", "catatan"]
    assert hasil["kode_wilayah"].tolist()[:2] == ["32.71", "32.01"]
    assert hasil.loc[12, "status"] == "tidak_cocok"
    assert "lebih dari satu" in hasil.loc[12, "catatan"]
    assert hasil.loc[12, "kode_wilayah"] == "32"  # deepest level matched
    assert (hasil.loc[13, "kode_wilayah"], hasil.loc[13, "status"]) == ("32.04", "mirip")
    assert hasil.loc[14, "status"] == "tidak_cocok"
    assert pd.isna(hasil.loc[14, "kode_wilayah"])
    assert "tidak ditemukan" in hasil.loc[15, "catatan"]
    assert pd.isna(hasil.loc[10, "catatan"])


def test_match_wilayah_alias_scope_and_suffix():
    df = pd.DataFrame(
        {
            "kab": ["POLEWALI MANDAR", "POLEWALI MANDAR", "MAMASA"],
            "kec": ["LUYO", "LUYO", "MAMBI"],
            "desa": ["NAMA LAMA", "TIDAK ADA", "SALAH NAMA"],
            "kode": ["2006", "2006", "1001"],
        }
    )
    alias = pd.DataFrame(
        {
            "tingkat": ["desa"],
            "kode_induk": ["76.04.10"],
            "nama": ["Nama Lama"],
            "kode_wilayah": ["76.04.10.2006"],
            "alasan": ["nama sebelum pemekaran"],
        }
    )
    kolom = {"kabupaten": "kab", "kecamatan": "kec", "desa": "desa"}
    hasil = cocokkan_wilayah(df, kolom, scope="76", alias=alias)
    assert hasil["kode_wilayah"].tolist()[0] == "76.04.10.2006"
    assert hasil.loc[0, "status"] == "alias"
    assert "nama sebelum pemekaran" in hasil.loc[0, "catatan"]
    assert hasil.loc[1, "status"] == "tidak_cocok"
    assert hasil.loc[1, "kode_wilayah"] == "76.04.10"
    assert "desa" in hasil.loc[1, "catatan"]
    dengan_kode = cocokkan_wilayah(df, {**kolom, "kode_desa_suffix": "kode"}, scope="76")
    assert dengan_kode["kode_wilayah"].tolist() == [
        "76.04.10.2006",
        "76.04.10.2006",
        "76.03.01.1001",
    ]
    # names unlike their code's desa: used by the code, and warned about (a wrong code?)
    assert set(dengan_kode["status"]) == {"mirip"}
    assert dengan_kode["catatan"].str.contains("dicocokkan lewat kode desa").all()
    with pytest.raises(ValueError, match="tidak dikenal"):
        cocokkan_wilayah(df, {"kab": "kab"})


@pytest.fixture(scope="module")
def siga() -> Path:
    return realdata_path("bkkbn-sulbar-siga")


def test_match_siga_pus(siga):
    data = pd.read_csv(siga / "data_pus.csv", sep=";", dtype=str)
    assert len(data) == 5832
    hasil = cocokkan_wilayah(data, KOLOM_SIGA)  # speed: benchmarks/bench_pipeline.py
    assert hasil.index.equals(data.index)
    assert hasil["kode_wilayah"].notna().all()
    assert hasil["kode_wilayah"].str.fullmatch(r"76\.\d{2}\.\d{2}\.\d{4}").all()
    assert hasil["kode_wilayah"].nunique() == 648
    assert (hasil["status"] != "tidak_cocok").all()
    master = muat_master("2025")
    assert set(hasil["kode_wilayah"]) == set(master.keturunan("76", "desa"))
    # 9 months, every desa once per month
    assert (hasil.groupby(data["BULAN"])["kode_wilayah"].nunique() == 648).all()

    desa = data["KELURAHAN"].str.replace(r"\s+", " ", regex=True)
    for nama, (kode, nama_master) in NAMA_BEDA.items():
        baris = hasil[desa == nama]
        assert len(baris) == 9, nama
        assert set(baris["kode_wilayah"]) == {kode}, nama
        assert master.get(kode)["nama_wilayah"] == nama_master
        assert (baris["status"] != "cocok").all(), nama
        assert baris["catatan"].str.contains(f'"{nama_master}"', regex=False).all()
    alu = hasil.loc[desa == "ALU", "catatan"].iloc[0]
    assert 'nama "ALU" dicocokkan dengan "Allu" (kemiripan 0.86)' in alu
    # the quoted name with an embedded newline matches like the one-line spelling
    baris_baru = data["KELURAHAN"].str.contains("\n", regex=False)
    assert baris_baru.sum() == 1
    limboro = hasil.loc[data["KELURAHAN"].str.startswith("LIMBORO RAMBU-"), "kode_wilayah"]
    assert len(limboro) == 9
    assert set(limboro) == {hasil.loc[baris_baru, "kode_wilayah"].iloc[0]}


def test_match_siga_suffix_cross_check(siga):
    data = pd.read_csv(siga / "data_bkb_keluarga.csv", sep=";", dtype=str)
    assert data.columns[0].startswith("Unnamed")
    dengan_kode = cocokkan_wilayah(data, {**KOLOM_SIGA, "kode_desa_suffix": "KODE"})
    nama_saja = cocokkan_wilayah(data, KOLOM_SIGA)
    assert dengan_kode["kode_wilayah"].notna().all()
    assert dengan_kode["kode_wilayah"].equals(nama_saja["kode_wilayah"])
    assert (dengan_kode["kode_wilayah"].str[-4:] == data["KODE"]).all()
    assert dengan_kode["kode_wilayah"].nunique() == 648
    assert not dengan_kode["catatan"].str.contains("berbeda", na=False).any()


def test_match_siga_without_provinsi_uses_scope(siga):
    data = pd.read_csv(siga / "data_pus.csv", sep=";", dtype=str)
    lengkap = cocokkan_wilayah(data, KOLOM_SIGA)
    tanpa_prov = {k: v for k, v in KOLOM_SIGA.items() if k != "provinsi"}
    hasil = cocokkan_wilayah(data, tanpa_prov, scope="76")
    assert hasil["kode_wilayah"].equals(lengkap["kode_wilayah"])


def test_alias_file():
    alias = muat_alias()
    assert (
        tuple(alias.columns)
        == KOLOM_ALIAS
        == tuple((KATALOG / "alias.csv").read_text(encoding="utf-8").splitlines()[0].split(","))
    )
    master = muat_master(EDISI_ALIAS)
    for baris in alias.itertuples(index=False):
        assert cari_tingkat(baris.kode_wilayah) == baris.tingkat
        if baris.tingkat == "provinsi":  # a province has no parent
            assert baris.kode_induk == ""
        else:
            assert baris.kode_wilayah.startswith(baris.kode_induk + ".")
        assert baris.kode_wilayah in master
        assert baris.alasan.strip()
    assert not alias.duplicated(["tingkat", "kode_induk", "nama"]).any()
    df = pd.DataFrame({"kab": ["KAB. MAMUJU UTARA", "PASANGKAYU"]})
    hasil = cocokkan_wilayah(df, {"kabupaten": "kab"}, scope="76")
    assert hasil["kode_wilayah"].tolist() == ["76.01", "76.01"]
    assert hasil["status"].tolist() == ["alias", "cocok"]
    assert "PP No. 61 Tahun 2017" in hasil.loc[0, "catatan"]
    tanpa = cocokkan_wilayah(df, {"kabupaten": "kab"}, scope="76", alias=alias.iloc[:0])
    assert tanpa.loc[0, "status"] == "tidak_cocok"
    # the alias codes are carried to older editions
    lama = cocokkan_wilayah(df, {"kabupaten": "kab"}, scope="76", edisi="2021")
    assert lama["kode_wilayah"].tolist() == ["76.01", "76.01"]


def test_sulbar_648_desa_by_names_only(realdata):
    desa = pd.read_csv(realdata / "bkkbn-sulbar-siga" / "data_daftar_desa.csv", dtype=str)
    assert len(desa) == 648
    hasil = cocokkan_wilayah(desa, KOLOM_SIGA_TANPA_PROVINSI, scope="76")
    assert hasil["kode_wilayah"].notna().all()
    assert hasil["kode_wilayah"].nunique() == 648
    assert set(hasil["kode_wilayah"]) == set(muat_master().keturunan("76", "desa"))
    # 636 exact; 10 loose spellings (ALU, PODA, MAPILI...) resolved before the alias stage;
    # SUMBEREJO and GALESON, fuzzy without the alias table, now come from it
    assert hasil["status"].value_counts().to_dict() == {"cocok": 636, "mirip": 10, "alias": 2}
    alias = set(desa.loc[hasil["status"] == "alias", "KELURAHAN"])
    assert alias == {"SUMBEREJO", "GALESON"}
    tanpa = cocokkan_wilayah(
        desa, KOLOM_SIGA_TANPA_PROVINSI, scope="76", alias=muat_alias().iloc[:0]
    )
    assert tanpa["status"].value_counts().to_dict() == {"cocok": 636, "mirip": 12}
    assert tanpa["kode_wilayah"].equals(hasil["kode_wilayah"])


def test_malang_bantul_jabar_names(realdata):
    malang = pd.read_csv(realdata / "kab-malang-kamasuta" / "master_kecamatan.csv")
    hasil = cocokkan_wilayah(malang, {"kecamatan": "Kecamatan_Name"}, scope="35.07")
    assert (hasil["status"] == "cocok").sum() == 33
    assert set(hasil["kode_wilayah"]) == set(muat_master().anak("35.07"))

    bantul = pd.read_csv(realdata / "bantul-kb-aktif" / "DataAPI.csv")
    hasil = cocokkan_wilayah(bantul, {"kecamatan": "kapanewon"}, scope="34.02")
    assert (hasil["status"] == "cocok").sum() == 17
    assert set(hasil["kode_wilayah"]) == set(muat_master().anak("34.02"))

    jabar = pd.read_excel(
        realdata / "jabar-2021-compiled" / "kesehatan balita di jawa barat 2021.xlsx",
        engine="calamine",
    )
    hasil = cocokkan_wilayah(jabar, {"kabupaten": "kab_kot"}, scope="32")
    assert (hasil["status"] == "cocok").sum() == 27
    assert set(hasil["kode_wilayah"]) == set(muat_master().anak("32"))
    kota = jabar["kab_kot"].str.startswith("KOTA ")
    assert hasil.loc[kota, "kode_wilayah"].str[3:].astype(int).ge(71).all()
