"""Region master (catalog/wilayah) and transforms.wilayah: codes, hierarchy, name matching.

Counts come from catalog/wilayah/edisi.yaml and ../shared/realdata/wilayah-cahyadsn/SOURCE.md;
the SIGA checks from ../shared/realdata/bkkbn-sulbar-siga/SOURCE.md.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.conftest import realdata_path
from transforms import wilayah as w

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


# -- codes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "harapan"),
    [
        ("76.03.01.2001", "76.03.01.2001"),
        ("7603012001", "76.03.01.2001"),
        (" 76.03.01.2001 ", "76.03.01.2001"),
        ("76 03 01 2001", "76.03.01.2001"),
        (7603012001, "76.03.01.2001"),
        (7603012001.0, "76.03.01.2001"),
        (7603, "76.03"),
        (7603.0, "76.03"),
        ("7603.0", "76.03"),
        ("76 03", "76.03"),
        ("76", "76"),
        (76, "76"),
        ("760301", "76.03.01"),
        ("76.3", "76.03"),  # text with a lost leading zero
        ("76.3.1.2001", "76.03.01.2001"),
        (11.1, "11.10"),  # a float drops the trailing zero of 11.10
        ("76.03.01.2001.0", None),
        ("760", None),
        ("76030120011", None),
        ("7.03", None),
        ("76.03.01.201", None),
        ("00", None),
        ("76.00", None),
        ("abc", None),
        ("", None),
        ("   ", None),
        (None, None),
        (float("nan"), None),
        (pd.NA, None),
        (-7603, None),
        (True, None),
    ],
)
def test_normalize_kode(nilai, harapan):
    assert w.normalize_kode(nilai) == harapan


def test_tingkat_and_parent():
    assert [w.tingkat_of(k) for k in ("76", "7603", "76.03.01", 7603011001)] == list(w.TINGKAT)
    assert w.parent_kode("7603011001") == "76.03.01"
    assert w.parent_kode("76.03") == "76"
    assert w.parent_kode(76) is None
    with pytest.raises(ValueError, match="tidak valid"):
        w.tingkat_of("abc")


# -- vendored master -----------------------------------------------------------


def test_vendored_files_match_edisi_yaml():
    meta = yaml.safe_load((KATALOG / "edisi.yaml").read_text(encoding="utf-8"))
    assert set(meta["edisi"]) == {"2021", "2022", "2025"}
    for info in meta["edisi"].values():
        isi = (KATALOG / info["file"]).read_bytes()
        assert hashlib.sha256(isi).hexdigest() == info["sha256"]
        assert isi.startswith(b"kode,nama\n")
    assert meta["sumber"]["commit"] == "b7ad440a1322e7be3189a16a8cac35f7d4c3d7f7"
    assert "Copyright (c) 2017-2025 Cahya DSN" in (KATALOG / "LICENSE").read_text()


@pytest.mark.parametrize(
    ("edisi", "harapan"),
    [
        ("2025", {"provinsi": 38, "kabupaten": 514, "kecamatan": 7285, "desa": 83762}),
        ("2022", {"provinsi": 37, "kabupaten": 514, "kecamatan": 7277, "desa": 83763}),
        ("2021", {"provinsi": 34, "kabupaten": 514, "kecamatan": 7266, "desa": 83467}),
    ],
)
def test_counts_per_edition(edisi, harapan):
    frame = w.load_master(edisi).frame
    assert frame["tingkat"].value_counts().to_dict() == harapan
    assert frame["kode_wilayah"].is_unique
    meta = w.daftar_edisi()[edisi]
    assert meta["jumlah"] == harapan


def test_frame_columns_and_dtypes():
    frame = w.load_master().frame
    assert list(frame.columns[:7]) == [
        "kode_wilayah",
        "nama_wilayah",
        "tingkat",
        "kode_induk",
        "kode_provinsi",
        "kode_kabupaten",
        "kode_kecamatan",
    ]
    assert all(str(t) == "string" for t in frame.dtypes)
    # codes stay strings: 11.10 must not become 11.1
    assert "11.10" in set(frame["kode_wilayah"])
    # names are cleaned for display, the decree spelling is kept
    jakut = frame.set_index("kode_wilayah").loc["31.72"]
    assert jakut["nama_wilayah"] == "Kota Administrasi Jakarta Utara"
    assert jakut["nama_asli"] == "Kota Administrasi Jakarta Utara "
    assert frame["nama_wilayah"].str.contains(r"^\s|\s$|\s\s", regex=True).sum() == 0
    desa = frame.set_index("kode_wilayah").loc["76.03.01.1001"]
    assert (desa["kode_induk"], desa["kode_kabupaten"], desa["kode_kecamatan"]) == (
        "76.03.01",
        "76.03",
        "76.03.01",
    )


def test_load_master_is_cached_and_frame_is_a_copy():
    master = w.load_master("2025")
    assert w.load_master("2025") is master
    frame = master.frame
    frame.loc[0, "nama_wilayah"] = "DIUBAH"
    assert master.frame.loc[0, "nama_wilayah"] == "Aceh"
    with pytest.raises(ValueError, match="tidak dikenal"):
        w.load_master("1999")


def test_edisi_untuk_tahun():
    assert [w.edisi_untuk_tahun(t) for t in (2019, 2022, 2023, 2024, 2025, 2030)] == [
        "2021",
        "2021",
        "2022",
        "2022",
        "2025",
        "2025",
    ]


# -- hierarchy -----------------------------------------------------------------


def test_counts_purworejo_and_sulbar():
    master = w.load_master()
    assert master.jumlah_desa("33.06") == 494
    assert len(master.children("76")) == 6
    assert len(master.descendants("76", "kecamatan")) == 69
    assert len(master.descendants("76", "desa")) == 648
    assert master.jumlah_desa("76") == 648
    assert master.jumlah_desa("7603011001") == 1
    assert master.children("76.03.01.1001") == []
    assert master.children("76.03")[0] == "76.03.01"
    with pytest.raises(KeyError):
        master.jumlah_desa("99")


def test_jumlah_desa_all_is_consistent():
    master = w.load_master()
    semua = master.jumlah_desa_all()
    frame = master.frame
    assert len(semua) == len(frame)
    assert semua.index.name == "kode_wilayah"
    assert semua["76"] == 648
    assert semua["33.06"] == 494
    prov = frame.loc[frame["tingkat"] == "provinsi", "kode_wilayah"]
    assert semua[prov].sum() == 83762
    desa = frame.loc[frame["tingkat"] == "desa", "kode_wilayah"]
    assert (semua[desa] == 1).all()
    # every kecamatan count equals the number of its children
    assert semua["76.03.01"] == len(master.children("76.03.01"))


def test_get_accepts_any_format():
    master = w.load_master()
    for kode in ("7603011001", "76.03.01.1001", " 76 03 01 1001 ", 7603011001):
        assert master.get(kode)["nama_wilayah"] == "Mambi"
    assert master.get(7603.0)["nama_wilayah"] == "Kabupaten Mamasa"
    assert master.get("76")["kode_induk"] is None
    assert master.get("76.99") is None
    assert master.get("xyz") is None


# -- names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nama", "tingkat", "harapan"),
    [
        ("KAB. PURWOREJO", "kabupaten", "PURWOREJO"),
        ("Kabupaten  Purworejo", "kabupaten", "PURWOREJO"),
        ("KOTA ADM. JAKARTA PUSAT", "kabupaten", "JAKARTA PUSAT"),
        ("Kota Administrasi Jakarta Pusat", "kabupaten", "JAKARTA PUSAT"),
        ("KAB. ADM. KEP. SERIBU", "kabupaten", "KEPULAUAN SERIBU"),
        ("KAB. TOLI TOLI", "kabupaten", "TOLI TOLI"),
        ("Kabupaten Toli-Toli", "kabupaten", "TOLI TOLI"),
        ("Kota Kotamobagu", "kabupaten", "KOTAMOBAGU"),
        ("PROVINSI SULAWESI BARAT", "provinsi", "SULAWESI BARAT"),
        ("DKI JAKARTA", "provinsi", "DAERAH KHUSUS IBUKOTA JAKARTA"),
        ("KEP. BALA BALAKANG", "kecamatan", "KEPULAUAN BALA BALAKANG"),
        ("BA'BA TAPUA", "desa", "BABA TAPUA"),
        ("LIMBORO RAMBU-\nRAMBU", "desa", "LIMBORO RAMBU RAMBU"),
        ("Kota Baru", "desa", "KOTA BARU"),
        ("Kota Baru", None, "KOTA BARU"),
    ],
)
def test_normalize_nama(nama, tingkat, harapan):
    assert w.normalize_nama(nama, tingkat) == harapan


def test_cari_nama():
    master = w.load_master()
    for nama in ("KAB. PURWOREJO", "purworejo", "Kabupaten  Purworejo"):
        assert master.cari_nama(nama, induk="33") == "33.06"
    assert master.cari_nama("KEP. BALA BALAKANG", induk="76.02") == "76.02.16"
    assert master.get("76.02.16")["nama_wilayah"] == "Kepulauan Bala Balakang"
    # 76.04 is Polewali Mandar, not Mamuju
    assert master.cari_nama("KEP. BALA BALAKANG", induk="76.04") is None
    # the 2022 spelling finds the 2025 name and vice versa
    assert master.cari_nama("KOTA ADM. JAKARTA UTARA", induk="31") == "31.72"
    assert w.load_master("2022").cari_nama("Kota Administrasi Jakarta Utara", induk="31") == "31.72"
    assert master.cari_nama("KAB. ADM. KEP. SERIBU", induk="31") == "31.01"
    # kabupaten and kota of the same name: the prefix decides, a bare name is ambiguous
    assert master.cari_nama("KOTA BOGOR", induk="32") == "32.71"
    assert master.cari_nama("KAB BOGOR", induk="32") == "32.01"
    assert master.cari_nama("Bogor", induk="32") is None
    assert master.cari_nama("tidak ada", induk="32") is None
    assert master.cari_nama("Sulawesi Barat") == "76"
    assert master.cari_nama("purworejo") is None  # kabupaten, kecamatan and desa share it


def test_papua_split():
    assert w.load_master("2021").cari_nama("KAB. MERAUKE", tingkat="kabupaten") == "91.01"
    assert w.load_master("2025").cari_nama("KAB. MERAUKE", tingkat="kabupaten") == "93.01"
    assert w.load_master("2025").get("91.01") is None


# -- match_wilayah (synthetic) -------------------------------------------------


def test_match_wilayah_synthetic():
    df = pd.DataFrame(
        {
            "prov": ["JAWA BARAT", "JAWA BARAT", "Jawa Barat", "JAWA BARAT", None, "JAWA BARAT"],
            "kab": ["KOTA BOGOR", "KAB. BOGOR", "BOGOR", "KAB. BANDUNGG", None, "ANTAH"],
        },
        index=[10, 11, 12, 13, 14, 15],
    )
    asli = df.copy()
    hasil = w.match_wilayah(df, {"provinsi": "prov", "kabupaten": "kab"})
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
    hasil = w.match_wilayah(df, kolom, scope="76", alias=alias)
    assert hasil["kode_wilayah"].tolist()[0] == "76.04.10.2006"
    assert hasil.loc[0, "status"] == "alias"
    assert "nama sebelum pemekaran" in hasil.loc[0, "catatan"]
    assert hasil.loc[1, "status"] == "tidak_cocok"
    assert hasil.loc[1, "kode_wilayah"] == "76.04.10"
    assert "desa" in hasil.loc[1, "catatan"]
    dengan_kode = w.match_wilayah(df, {**kolom, "kode_desa_suffix": "kode"}, scope="76")
    assert dengan_kode["kode_wilayah"].tolist() == [
        "76.04.10.2006",
        "76.04.10.2006",
        "76.03.01.1001",
    ]
    assert set(dengan_kode["status"]) == {"kode"}
    with pytest.raises(ValueError, match="tidak dikenal"):
        w.match_wilayah(df, {"kab": "kab"})


# -- match_wilayah on the real SIGA exports --------------------------------------


@pytest.fixture(scope="module")
def siga() -> Path:
    return realdata_path("bkkbn-sulbar-siga")


def test_match_siga_pus(siga):
    data = pd.read_csv(siga / "data_pus.csv", sep=";", dtype=str)
    assert len(data) == 5832
    hasil = w.match_wilayah(data, KOLOM_SIGA)  # speed: benchmarks/bench_pipeline.py
    assert hasil.index.equals(data.index)
    assert hasil["kode_wilayah"].notna().all()
    assert hasil["kode_wilayah"].str.fullmatch(r"76\.\d{2}\.\d{2}\.\d{4}").all()
    assert hasil["kode_wilayah"].nunique() == 648
    assert (hasil["status"] != "tidak_cocok").all()
    master = w.load_master("2025")
    assert set(hasil["kode_wilayah"]) == set(master.descendants("76", "desa"))
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
    dengan_kode = w.match_wilayah(data, {**KOLOM_SIGA, "kode_desa_suffix": "KODE"})
    nama_saja = w.match_wilayah(data, KOLOM_SIGA)
    assert dengan_kode["kode_wilayah"].notna().all()
    assert dengan_kode["kode_wilayah"].equals(nama_saja["kode_wilayah"])
    assert (dengan_kode["kode_wilayah"].str[-4:] == data["KODE"]).all()
    assert dengan_kode["kode_wilayah"].nunique() == 648
    assert not dengan_kode["catatan"].str.contains("berbeda", na=False).any()


def test_match_siga_without_provinsi_uses_scope(siga):
    data = pd.read_csv(siga / "data_pus.csv", sep=";", dtype=str)
    lengkap = w.match_wilayah(data, KOLOM_SIGA)
    tanpa_prov = {k: v for k, v in KOLOM_SIGA.items() if k != "provinsi"}
    hasil = w.match_wilayah(data, tanpa_prov, scope="76")
    assert hasil["kode_wilayah"].equals(lengkap["kode_wilayah"])


def test_load_edition_uncached():
    master = w.load_master.__wrapped__("2022")  # bypass the cache
    assert master.cari_nama("Sulawesi Barat") == "76"
