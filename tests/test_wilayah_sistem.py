"""Code-system detection (transforms.wilayah.sistem) and region-column detection
(transforms.wilayah.deteksi) on synthetic columns and real exports.
"""

from __future__ import annotations

import pandas as pd
import pytest

from transforms.wilayah.bps import muat_bps, ubah_bps_ke_kemendagri
from transforms.wilayah.deteksi import deteksi_kolom_wilayah
from transforms.wilayah.master import muat_master
from transforms.wilayah.sistem import deteksi_sistem_kode


def _judul_besar(frame: pd.DataFrame) -> pd.DataFrame:
    """Headers as the ingest layer hands them over: upper case, single spaces."""
    return frame.set_axis([" ".join(str(c).upper().split()) for c in frame.columns], axis=1)


@pytest.fixture(scope="module")
def kode_kab() -> pd.Series:
    frame = muat_master("2025").frame
    return frame.loc[frame["tingkat"] == "kabupaten", "kode_wilayah"]


def test_sistem_kode_kemendagri(kode_kab):
    assert deteksi_sistem_kode(kode_kab) == "kemendagri"
    assert deteksi_sistem_kode(kode_kab.str.replace(".", "")) == "kemendagri_tanpa_titik"
    assert deteksi_sistem_kode(pd.Series(["76.01.01.2001", "76.03.01.1001"])) == "kemendagri"
    assert deteksi_sistem_kode(pd.Series(["7601012001", "7603011001"])) == "kemendagri_tanpa_titik"
    assert deteksi_sistem_kode(pd.Series(["760101", "760301"])) == "kemendagri_tanpa_titik"
    # Excel damage: floats, float text, scientific notation, spaces, lost dots
    assert deteksi_sistem_kode(pd.Series([32.01, 32.71, 11.1])) == "kemendagri"  # 11.1 is 11.10
    assert deteksi_sistem_kode(pd.Series([3201.0, 3271.0])) == "kemendagri_tanpa_titik"
    assert (
        deteksi_sistem_kode(pd.Series(["3201.0", "3.271e3", "76 01"])) == "kemendagri_tanpa_titik"
    )


def test_sistem_kode_bps(kode_kab, realdata):
    bps = muat_bps()
    bps_kab = bps.loc[bps["tingkat"] == "kabupaten", "kode_bps"]
    # 484 of the 514 BPS kab codes are also valid undotted Kemendagri codes: BPS holds more
    assert bps_kab.isin(kode_kab.str.replace(".", "")).sum() == 484
    assert deteksi_sistem_kode(bps_kab) == "bps"
    assert deteksi_sistem_kode(kode_kab.str.replace(".", "")) == "kemendagri_tanpa_titik"
    # BPS Papua (94xx): only 9401..9408 exist in Kemendagri (Papua Tengah)
    assert deteksi_sistem_kode(bps_kab[bps_kab.str.startswith("94")]) == "bps"
    # 7 digits can only be a BPS kecamatan
    assert deteksi_sistem_kode(pd.Series(["3273010", "3273020", 7605010])) == "bps"
    mfd = pd.read_csv(
        realdata / "bps-mfd-kota-bandung" / "mfd_23_1_32.csv", dtype=str, encoding="utf-8-sig"
    )
    assert deteksi_sistem_kode(mfd["iddesa"]) == "bps"
    assert deteksi_sistem_kode(mfd["iddesa"].astype("int64")) == "bps"
    # kdkab "73" is not a kabupaten code in any system
    assert deteksi_sistem_kode(mfd["kdkab"], "kabupaten") == "tidak_dikenal"


def test_sistem_kode_ambiguous_four_digits(realdata):
    sulbar = pd.Series(["7601", "7602", "7603", "7604", "7605", "7606"])
    # valid both as BPS and as undotted Kemendagri kab codes: the tie goes to Kemendagri
    assert deteksi_sistem_kode(sulbar) == "kemendagri_tanpa_titik"
    assert ubah_bps_ke_kemendagri(sulbar).tolist()[4] == "76.01"  # the BPS reading differs
    siga = pd.read_csv(realdata / "bkkbn-sulbar-siga" / "data_bkb.csv", sep=";", dtype=str)
    assert deteksi_sistem_kode(siga["KODE"]) == "siga_suffix"
    assert deteksi_sistem_kode(siga["KODE"].astype("int64")) == "siga_suffix"
    assert deteksi_sistem_kode(pd.Series(["1001", "2001", "2002"]), "desa") == "siga_suffix"
    # a kabupaten hint rules the suffix reading out
    assert deteksi_sistem_kode(pd.Series(["1101", "1102"]), "kabupaten") == "kemendagri_tanpa_titik"
    assert deteksi_sistem_kode(pd.Series(["1101", "1102"]), "desa") == "tidak_dikenal"


def test_sistem_kode_names_and_junk():
    assert deteksi_sistem_kode(pd.Series(["SULAWESI BARAT", "Kab. Mamuju", None])) == "nama"
    assert deteksi_sistem_kode(pd.Series([1202, 852, 702, 1788, 35])) == "tidak_dikenal"  # counts
    assert deteksi_sistem_kode(pd.Series([None, "", "  "])) == "tidak_dikenal"
    with pytest.raises(ValueError, match="tingkat"):
        deteksi_sistem_kode(pd.Series(["76"]), "kota")


def _ringkas(deteksi: dict) -> dict:
    return {k: (v["tingkat"], v["sistem"]) for k, v in deteksi.items()}


def test_deteksi_siga_sulbar(realdata):
    data = pd.read_csv(realdata / "bkkbn-sulbar-siga" / "data_bkb.csv", sep=";", dtype=str)
    assert _ringkas(deteksi_kolom_wilayah(_judul_besar(data))) == {
        "PROVINSI": ("provinsi", "nama"),
        "KABUPATEN": ("kabupaten", "nama"),
        "KECAMATAN": ("kecamatan", "nama"),
        "KODE": ("desa", "siga_suffix"),
        "KELURAHAN": ("desa", "nama"),
    }
    kkb = pd.read_csv(realdata / "bkkbn-sulbar-siga" / "data_kkb.csv", sep=";", dtype=str)
    assert "JUMLAH KELURAHAN/DESA" in kkb.columns
    assert "JUMLAH KELURAHAN/DESA" not in deteksi_kolom_wilayah(_judul_besar(kkb))


def test_deteksi_mfd_bandung(realdata):
    mfd = pd.read_csv(
        realdata / "bps-mfd-kota-bandung" / "mfd_23_1_32.csv", dtype=str, encoding="utf-8-sig"
    )
    hasil = deteksi_kolom_wilayah(_judul_besar(mfd))
    assert _ringkas(hasil) == {
        "KDKAB": ("kabupaten", "tidak_dikenal"),  # "73": a partial code
        "NMKAB": ("kabupaten", "nama"),
        "KDKEC": ("kecamatan", "tidak_dikenal"),
        "NMKEC": ("kecamatan", "nama"),
        "KDDESA": ("desa", "tidak_dikenal"),
        "IDDESA": ("desa", "bps"),
        "NMDESA": ("desa", "nama"),
    }
    assert hasil["IDDESA"]["kolom"] == "IDDESA"


def test_deteksi_bantul_jabar_malang(realdata):
    bantul = pd.read_csv(realdata / "bantul-kb-aktif" / "DataAPI.csv")
    assert _ringkas(deteksi_kolom_wilayah(_judul_besar(bantul))) == {
        "KAPANEWON": ("kecamatan", "nama")
    }
    jabar = pd.read_excel(
        realdata / "jabar-2021-compiled" / "kesehatan balita di jawa barat 2021.xlsx",
        engine="calamine",
    )
    assert _ringkas(deteksi_kolom_wilayah(_judul_besar(jabar))) == {
        "KAB_KOT": ("kabupaten", "nama")
    }
    malang = pd.read_csv(realdata / "kab-malang-kamasuta" / "master_kecamatan.csv")
    assert _ringkas(deteksi_kolom_wilayah(_judul_besar(malang))) == {
        "KECAMATAN_ID": ("kecamatan", "tidak_dikenal"),  # the students' own ids 1..33
        "KECAMATAN_NAME": ("kecamatan", "nama"),
    }


def test_deteksi_headers_and_content():
    frame = pd.DataFrame(
        {
            "KEMENDAGRI_KODE_KECAMATAN": ["32.73.15", "32.73.26"],
            "BPS_KODE_KABUPATEN_KOTA": ["3273", "3273"],
            "KODE_WILAYAH": ["7601012001", "7603011001"],
            "NAMA WILAYAH": ["Kota Bandung", "Kota Bogor"],
            "KODE FASKES": ["760100206", "760100207"],
            "TOTAL_KEC": [30, 30],
            "LOKASI": ["Jawa Barat", "Sulawesi Barat"],  # found by its content
            "X": ["3273010", "3273020"],  # BPS kecamatan by content
            "PUS": [1202, 852],
        }
    )
    assert _ringkas(deteksi_kolom_wilayah(frame)) == {
        "KEMENDAGRI_KODE_KECAMATAN": ("kecamatan", "kemendagri"),
        # 3273 is valid in both systems: the header word BPS decides the tie
        "BPS_KODE_KABUPATEN_KOTA": ("kabupaten", "bps"),
        "KODE_WILAYAH": ("desa", "kemendagri_tanpa_titik"),
        "NAMA WILAYAH": ("kabupaten", "nama"),
        "LOKASI": ("provinsi", "nama"),
        "X": ("kecamatan", "bps"),
    }
