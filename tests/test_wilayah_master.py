"""The vendored region master (catalog/wilayah) and transforms.wilayah.master/edisi:
editions, hierarchy, lookups by code and by name.

Counts come from catalog/wilayah/edisi.yaml and ../shared/realdata/wilayah-cahyadsn/SOURCE.md.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from transforms.wilayah.edisi import cari_edisi_untuk_tahun, muat_daftar_edisi
from transforms.wilayah.master import muat_master

KATALOG = Path(__file__).resolve().parents[1] / "catalog" / "wilayah"


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
    frame = muat_master(edisi).frame
    assert frame["tingkat"].value_counts().to_dict() == harapan
    assert frame["kode_wilayah"].is_unique
    meta = muat_daftar_edisi()[edisi]
    assert meta["jumlah"] == harapan


def test_frame_columns_and_dtypes():
    frame = muat_master().frame
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
    master = muat_master("2025")
    assert muat_master("2025") is master
    frame = master.frame
    frame.loc[0, "nama_wilayah"] = "DIUBAH"
    assert master.frame.loc[0, "nama_wilayah"] == "Aceh"
    with pytest.raises(ValueError, match="tidak dikenal"):
        muat_master("1999")


def test_edisi_untuk_tahun():
    assert [cari_edisi_untuk_tahun(t) for t in (2019, 2022, 2023, 2024, 2025, 2030)] == [
        "2021",
        "2021",
        "2022",
        "2022",
        "2025",
        "2025",
    ]


def test_counts_purworejo_and_sulbar():
    master = muat_master()
    assert master.jumlah_desa("33.06") == 494
    assert len(master.anak("76")) == 6
    assert len(master.keturunan("76", "kecamatan")) == 69
    assert len(master.keturunan("76", "desa")) == 648
    assert master.jumlah_desa("76") == 648
    assert master.jumlah_desa("7603011001") == 1
    assert master.anak("76.03.01.1001") == []
    assert master.anak("76.03")[0] == "76.03.01"
    with pytest.raises(KeyError):
        master.jumlah_desa("99")


def test_jumlah_desa_all_is_consistent():
    master = muat_master()
    semua = master.hitung_jumlah_desa_semua()
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
    assert semua["76.03.01"] == len(master.anak("76.03.01"))


def test_get_accepts_any_format():
    master = muat_master()
    for kode in ("7603011001", "76.03.01.1001", " 76 03 01 1001 ", 7603011001):
        assert master.get(kode)["nama_wilayah"] == "Mambi"
    assert master.get(7603.0)["nama_wilayah"] == "Kabupaten Mamasa"
    assert master.get("76")["kode_induk"] is None
    assert master.get("76.99") is None
    assert master.get("xyz") is None


def test_cari_nama():
    master = muat_master()
    for nama in ("KAB. PURWOREJO", "purworejo", "Kabupaten  Purworejo"):
        assert master.cari_nama(nama, induk="33") == "33.06"
    assert master.cari_nama("KEP. BALA BALAKANG", induk="76.02") == "76.02.16"
    assert master.get("76.02.16")["nama_wilayah"] == "Kepulauan Bala Balakang"
    # 76.04 is Polewali Mandar, not Mamuju
    assert master.cari_nama("KEP. BALA BALAKANG", induk="76.04") is None
    # the 2022 spelling finds the 2025 name and vice versa
    assert master.cari_nama("KOTA ADM. JAKARTA UTARA", induk="31") == "31.72"
    assert muat_master("2022").cari_nama("Kota Administrasi Jakarta Utara", induk="31") == "31.72"
    assert master.cari_nama("KAB. ADM. KEP. SERIBU", induk="31") == "31.01"
    # kabupaten and kota of the same name: the prefix decides, a bare name is ambiguous
    assert master.cari_nama("KOTA BOGOR", induk="32") == "32.71"
    assert master.cari_nama("KAB BOGOR", induk="32") == "32.01"
    assert master.cari_nama("Bogor", induk="32") is None
    assert master.cari_nama("tidak ada", induk="32") is None
    assert master.cari_nama("Sulawesi Barat") == "76"
    assert master.cari_nama("purworejo") is None  # kabupaten, kecamatan and desa share it


def test_papua_split():
    assert muat_master("2021").cari_nama("KAB. MERAUKE", tingkat="kabupaten") == "91.01"
    assert muat_master("2025").cari_nama("KAB. MERAUKE", tingkat="kabupaten") == "93.01"
    assert muat_master("2025").get("91.01") is None


def test_load_edition_uncached():
    master = muat_master.__wrapped__("2022")  # bypass the cache
    assert master.cari_nama("Sulawesi Barat") == "76"
