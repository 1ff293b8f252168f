"""The BPS-Kemendagri crosswalk (transforms.wilayah.bps) and BPS desa codes via names.

Reference values come from ../shared/realdata/bps-bridging-ghifar1/SOURCE.md (Papua province
codes, BPS 7605 = 76.01, BPS 3273010 = 32.73.15) and bps-mfd-kota-bandung/SOURCE.md (151
kelurahan).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from transforms.wilayah.bps import KOLOM_BPS, muat_bps, ubah_bps_ke_kemendagri
from transforms.wilayah.cocok import ubah_bps_desa_ke_kemendagri
from transforms.wilayah.master import muat_master

KATALOG = Path(__file__).resolve().parents[1] / "catalog" / "wilayah"


def test_bps_crosswalk_file():
    tabel = muat_bps()
    assert tuple(tabel.columns) == KOLOM_BPS
    assert tabel["tingkat"].value_counts().to_dict() == {
        "kecamatan": 7277,
        "kabupaten": 514,
        "provinsi": 38,
    }
    assert (tabel["kode_bps"] != "0").all()
    assert tabel["kode_bps"].is_unique
    master = muat_master("2025")
    assert tabel["kode_kemendagri"].map(lambda k: k in master).all()
    # two BPS kecamatan for one Kemendagri kecamatan are kept (SOURCE.md: 7 doubles, 4 had kode 0)
    ganda = tabel.loc[tabel["kode_kemendagri"].duplicated(keep=False), "kode_kemendagri"]
    assert sorted(set(ganda)) == ["72.10.01", "91.15.10", "91.20.01"]
    kab = tabel[tabel["tingkat"] == "kabupaten"]
    assert (kab["kode_bps"] != kab["kode_kemendagri"].str.replace(".", "")).sum() == 199
    assert muat_bps() is not muat_bps()  # a copy each time
    keterangan = (KATALOG / "bps_kemendagri.md").read_text(encoding="utf-8")
    assert "ghifar1/database-wilayah-indonesia" in keterangan
    assert "43a55ab4a111ac48070980b20b32de0f56aab8be" in keterangan
    assert "sig.bps.go.id" in keterangan


@pytest.mark.parametrize(
    ("bps", "kemendagri"),
    [
        ("91", "92"),  # Papua Barat
        ("92", "96"),  # Papua Barat Daya
        ("94", "91"),  # Papua: BPS 94 must not be joined to Kemendagri 94 (Papua Tengah)
        ("95", "93"),  # Papua Selatan
        ("96", "94"),  # Papua Tengah
        ("97", "95"),  # Papua Pegunungan
        ("76", "76"),
        ("7605", "76.01"),  # Pasangkayu
        ("1101", "11.09"),  # Simeulue
        ("1275", "12.71"),  # Kota Medan
        ("3273010", "32.73.15"),  # Bandung Kulon
    ],
)
def test_bps_ke_kemendagri_real_codes(bps, kemendagri):
    assert ubah_bps_ke_kemendagri(pd.Series([bps])).tolist() == [kemendagri]


def test_bps_ke_kemendagri_formats_and_levels():
    nilai = pd.Series(
        [7605, 7605.0, "7605.0", " 76 05 ", "7.605e3", "3273010", None, "9999", "76.01", "abc"],
        index=list("abcdefghij"),
    )
    asli = nilai.copy()
    hasil = ubah_bps_ke_kemendagri(nilai)
    pd.testing.assert_series_equal(nilai, asli)
    assert hasil.index.equals(nilai.index)
    assert str(hasil.dtype) == "string"
    assert hasil.iloc[:6].tolist() == ["76.01"] * 5 + ["32.73.15"]
    assert hasil.iloc[6:].isna().all()
    kab = ubah_bps_ke_kemendagri(pd.Series(["7605", "3273010", "76"]), tingkat="kabupaten")
    assert kab.iloc[0] == "76.01"
    assert kab.iloc[1:].isna().all()
    with pytest.raises(ValueError, match="bps_desa_ke_kemendagri"):
        ubah_bps_ke_kemendagri(pd.Series(["3273010001"]), tingkat="desa")


def test_bps_desa_kota_bandung(realdata):
    mfd = pd.read_csv(
        realdata / "bps-mfd-kota-bandung" / "mfd_23_1_32.csv", dtype=str, encoding="utf-8-sig"
    )
    assert len(mfd) == 151
    asli = mfd.copy()
    kode = ubah_bps_desa_ke_kemendagri(mfd["iddesa"], mfd["nmdesa"], edisi="2025")
    pd.testing.assert_frame_equal(mfd, asli)
    assert kode.notna().all()
    assert kode.is_unique
    assert kode.str.startswith("32.73.").all()
    master = muat_master("2025")
    assert set(kode) == set(master.keturunan("32.73", "desa"))
    assert master.jumlah_desa("32.73") == 151
    # the kecamatan comes from the crosswalk, not from the BPS numbering
    bandung_kulon = kode[mfd["iddesa"].str.startswith("3273010")]
    assert bandung_kulon.str.startswith("32.73.15.").all()
    ujung = mfd["nmkec"] == "UJUNG BERUNG"
    assert master.get(kode[ujung].iloc[0][:8])["nama_wilayah"] == "Ujungberung"
    # a wrong name inside a right kecamatan stays NA; an unknown kecamatan too
    salah = ubah_bps_desa_ke_kemendagri(
        pd.Series(["3273010001", "3299990001"]), pd.Series(["TIDAK ADA", "GEMPOL SARI"])
    )
    assert salah.isna().all()
