"""Code columns (Kemendagri and BPS) in transforms.wilayah.cocok.cocokkan_wilayah."""

from __future__ import annotations

import pandas as pd

from transforms.wilayah.cocok import cocokkan_wilayah


def test_match_kode_column_dotted_and_undotted():
    df = pd.DataFrame(
        {
            "kode": ["7603011001", "76.03.01.1001", 7603.0, "76 04", 76.1, "9999", "abc", None],
            "kab": ["MAMASA", "MAMASA", "MAMASA", "MAMUJU", None, None, None, "MAJENE"],
        },
        index=range(10, 18),
    )
    asli = df.copy()
    hasil = cocokkan_wilayah(df, {"kode": "kode"})
    pd.testing.assert_frame_equal(df, asli)
    assert hasil.index.equals(df.index)
    assert hasil["kode_wilayah"].tolist()[:4] == [
        "76.03.01.1001",
        "76.03.01.1001",
        "76.03",
        "76.04",
    ]
    assert hasil["status"].tolist()[:4] == ["kode"] * 4
    # a float 76.1 is 76.10 (the trailing zero was lost): no such kabupaten in Sulbar
    assert hasil["kode_wilayah"].iloc[4:].isna().all()
    assert hasil.loc[[10, 11, 12, 13], "catatan"].isna().all()
    assert hasil.loc[14, "status"] == "tidak_cocok"
    assert '"76.1" (76.10) tidak ada di master edisi 2025' in hasil.loc[14, "catatan"]
    assert hasil.loc[15, "status"] == "tidak_cocok"
    assert '"9999"' in hasil.loc[15, "catatan"]
    assert "tidak valid" in hasil.loc[16, "catatan"]
    assert hasil.loc[17, "status"] == "tidak_cocok"  # no code and no name column

    silang = cocokkan_wilayah(df, {"kode": "kode", "kabupaten": "kab"})
    assert silang.loc[12, "status"] == "kode"  # MAMASA = 76.03
    assert silang.loc[13, "status"] == "mirip"  # 76.04 is Polewali Mandar, not Mamuju
    assert silang.loc[13, "kode_wilayah"] == "76.04"  # the code wins
    assert 'nama "MAMUJU" tidak sesuai dengan kode 76.04' in silang.loc[13, "catatan"]
    assert silang.loc[17, "kode_wilayah"] == "76.05"  # blank code: the name decides
    assert silang.loc[17, "status"] == "cocok"


def test_match_kode_column_with_names_below_and_scope():
    df = pd.DataFrame(
        {
            "kode_kab": ["7604", "7604", "7302"],
            "kec": ["WONOMULYO", "WONOMULYO", "BANGKALA"],
            "desa": ["SUMBEREJO", "ARJO SARI", "TIDAK ADA"],
        }
    )
    hasil = cocokkan_wilayah(df, {"kode": "kode_kab", "kecamatan": "kec", "desa": "desa"})
    assert hasil["kode_wilayah"].tolist()[:2] == ["76.04.03.2003", "76.04.03.2013"]
    assert hasil["status"].tolist()[:2] == ["alias", "mirip"]
    dalam = cocokkan_wilayah(df, {"kode": "kode_kab", "kecamatan": "kec"}, scope="76")
    assert dalam.loc[2, "status"] == "tidak_cocok"
    assert "di luar lingkup" in dalam.loc[2, "catatan"]
    assert pd.isna(dalam.loc[2, "kode_wilayah"])


def test_match_kode_and_kode_bps_cross_check():
    df = pd.DataFrame(
        {
            "bps": ["3273010001", "3273010001", "7605", "9999"],
            "kemendagri": ["3273151001", "3273011001", "7601", "7601"],
            "desa": ["CIJERAH", "CIJERAH", None, None],
        }
    )
    hasil = cocokkan_wilayah(df, {"kode": "kemendagri", "kode_bps": "bps", "desa": "desa"})
    assert hasil["kode_wilayah"].tolist() == ["32.73.15.1001", "32.73.01.1001", "76.01", "76.01"]
    assert hasil["status"].tolist() == ["kode", "tidak_cocok", "kode", "mirip"]
    catatan = hasil.loc[1, "catatan"]
    assert "(32.73.15)" in catatan and "(32.73.01.1001)" in catatan
    assert '"9999"' in hasil.loc[3, "catatan"]
    # BPS alone: 7 digits anchor a kecamatan, a desa code needs the desa name
    sendiri = cocokkan_wilayah(df, {"kode_bps": "bps"})
    assert sendiri["kode_wilayah"].tolist()[:3] == ["32.73.15", "32.73.15", "76.01"]
    assert sendiri["status"].tolist() == ["tidak_cocok", "tidak_cocok", "kode", "tidak_cocok"]
    assert "tanpa kolom nama desa" in sendiri.loc[0, "catatan"]


def test_match_kode_bps_in_older_edition():
    df = pd.DataFrame({"bps": ["9501", "9201"]})  # BPS Merauke, BPS Raja Ampat
    assert cocokkan_wilayah(df, {"kode_bps": "bps"})["kode_wilayah"].tolist() == [
        "93.01",
        "96.03",
    ]
    hasil = cocokkan_wilayah(df, {"kode_bps": "bps"}, edisi="2021")
    assert hasil["kode_wilayah"].tolist() == ["91.01", "92.05"]
    assert (hasil["status"] == "kode").all()
