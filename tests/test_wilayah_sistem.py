"""Region matching across code systems and editions: BPS crosswalk, code-system detection,
code columns in match_wilayah, the dated edition crosswalk and the alias table.

Reference values come from ../shared/realdata/bps-bridging-ghifar1/SOURCE.md (Papua province
codes, BPS 7605 = 76.01, BPS 3273010 = 32.73.15), bps-mfd-kota-bandung/SOURCE.md (151
kelurahan), bkkbn-sulbar-siga/SOURCE.md (648 desa, 10 spellings), kab-malang-kamasuta,
bantul-kb-aktif and jabar-2021-compiled SOURCE.md (33, 17 and 27 names).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from transforms import wilayah as w

KATALOG = Path(__file__).resolve().parents[1] / "catalog" / "wilayah"
KOLOM_SIGA = {"kabupaten": "KABUPATEN", "kecamatan": "KECAMATAN", "desa": "KELURAHAN"}


def _judul_besar(frame: pd.DataFrame) -> pd.DataFrame:
    """Headers as the ingest layer hands them over: upper case, single spaces."""
    return frame.set_axis([" ".join(str(c).upper().split()) for c in frame.columns], axis=1)


# -- BPS crosswalk ---------------------------------------------------------------


def test_bps_crosswalk_file():
    tabel = w.load_bps()
    assert tuple(tabel.columns) == w.KOLOM_BPS
    assert tabel["tingkat"].value_counts().to_dict() == {
        "kecamatan": 7277,
        "kabupaten": 514,
        "provinsi": 38,
    }
    assert (tabel["kode_bps"] != "0").all()
    assert tabel["kode_bps"].is_unique
    master = w.load_master("2025")
    assert tabel["kode_kemendagri"].map(lambda k: k in master).all()
    # two BPS kecamatan for one Kemendagri kecamatan are kept (SOURCE.md: 7 doubles, 4 had kode 0)
    ganda = tabel.loc[tabel["kode_kemendagri"].duplicated(keep=False), "kode_kemendagri"]
    assert sorted(set(ganda)) == ["72.10.01", "91.15.10", "91.20.01"]
    kab = tabel[tabel["tingkat"] == "kabupaten"]
    assert (kab["kode_bps"] != kab["kode_kemendagri"].str.replace(".", "")).sum() == 199
    assert w.load_bps() is not w.load_bps()  # a copy each time
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
    assert w.bps_ke_kemendagri(pd.Series([bps])).tolist() == [kemendagri]


def test_bps_ke_kemendagri_formats_and_levels():
    nilai = pd.Series(
        [7605, 7605.0, "7605.0", " 76 05 ", "7.605e3", "3273010", None, "9999", "76.01", "abc"],
        index=list("abcdefghij"),
    )
    asli = nilai.copy()
    hasil = w.bps_ke_kemendagri(nilai)
    pd.testing.assert_series_equal(nilai, asli)
    assert hasil.index.equals(nilai.index)
    assert str(hasil.dtype) == "string"
    assert hasil.iloc[:6].tolist() == ["76.01"] * 5 + ["32.73.15"]
    assert hasil.iloc[6:].isna().all()
    kab = w.bps_ke_kemendagri(pd.Series(["7605", "3273010", "76"]), tingkat="kabupaten")
    assert kab.iloc[0] == "76.01"
    assert kab.iloc[1:].isna().all()
    with pytest.raises(ValueError, match="bps_desa_ke_kemendagri"):
        w.bps_ke_kemendagri(pd.Series(["3273010001"]), tingkat="desa")


def test_bps_desa_kota_bandung(realdata):
    mfd = pd.read_csv(
        realdata / "bps-mfd-kota-bandung" / "mfd_23_1_32.csv", dtype=str, encoding="utf-8-sig"
    )
    assert len(mfd) == 151
    asli = mfd.copy()
    kode = w.bps_desa_ke_kemendagri(mfd["iddesa"], mfd["nmdesa"], edisi="2025")
    pd.testing.assert_frame_equal(mfd, asli)
    assert kode.notna().all()
    assert kode.is_unique
    assert kode.str.startswith("32.73.").all()
    master = w.load_master("2025")
    assert set(kode) == set(master.descendants("32.73", "desa"))
    assert master.jumlah_desa("32.73") == 151
    # the kecamatan comes from the crosswalk, not from the BPS numbering
    bandung_kulon = kode[mfd["iddesa"].str.startswith("3273010")]
    assert bandung_kulon.str.startswith("32.73.15.").all()
    ujung = mfd["nmkec"] == "UJUNG BERUNG"
    assert master.get(kode[ujung].iloc[0][:8])["nama_wilayah"] == "Ujungberung"
    # a wrong name inside a right kecamatan stays NA; an unknown kecamatan too
    salah = w.bps_desa_ke_kemendagri(
        pd.Series(["3273010001", "3299990001"]), pd.Series(["TIDAK ADA", "GEMPOL SARI"])
    )
    assert salah.isna().all()


# -- code systems ----------------------------------------------------------------


@pytest.fixture(scope="module")
def kode_kab() -> pd.Series:
    frame = w.load_master("2025").frame
    return frame.loc[frame["tingkat"] == "kabupaten", "kode_wilayah"]


def test_sistem_kode_kemendagri(kode_kab):
    assert w.sistem_kode(kode_kab) == "kemendagri"
    assert w.sistem_kode(kode_kab.str.replace(".", "")) == "kemendagri_tanpa_titik"
    assert w.sistem_kode(pd.Series(["76.01.01.2001", "76.03.01.1001"])) == "kemendagri"
    assert w.sistem_kode(pd.Series(["7601012001", "7603011001"])) == "kemendagri_tanpa_titik"
    assert w.sistem_kode(pd.Series(["760101", "760301"])) == "kemendagri_tanpa_titik"
    # Excel damage: floats, float text, scientific notation, spaces, lost dots
    assert w.sistem_kode(pd.Series([32.01, 32.71, 11.1])) == "kemendagri"  # 11.1 is 11.10
    assert w.sistem_kode(pd.Series([3201.0, 3271.0])) == "kemendagri_tanpa_titik"
    assert w.sistem_kode(pd.Series(["3201.0", "3.271e3", "76 01"])) == "kemendagri_tanpa_titik"


def test_sistem_kode_bps(kode_kab, realdata):
    bps = w.load_bps()
    bps_kab = bps.loc[bps["tingkat"] == "kabupaten", "kode_bps"]
    # 484 of the 514 BPS kab codes are also valid undotted Kemendagri codes: BPS holds more
    assert bps_kab.isin(kode_kab.str.replace(".", "")).sum() == 484
    assert w.sistem_kode(bps_kab) == "bps"
    assert w.sistem_kode(kode_kab.str.replace(".", "")) == "kemendagri_tanpa_titik"
    # BPS Papua (94xx): only 9401..9408 exist in Kemendagri (Papua Tengah)
    assert w.sistem_kode(bps_kab[bps_kab.str.startswith("94")]) == "bps"
    # 7 digits can only be a BPS kecamatan
    assert w.sistem_kode(pd.Series(["3273010", "3273020", 7605010])) == "bps"
    mfd = pd.read_csv(
        realdata / "bps-mfd-kota-bandung" / "mfd_23_1_32.csv", dtype=str, encoding="utf-8-sig"
    )
    assert w.sistem_kode(mfd["iddesa"]) == "bps"
    assert w.sistem_kode(mfd["iddesa"].astype("int64")) == "bps"
    # kdkab "73" is not a kabupaten code in any system
    assert w.sistem_kode(mfd["kdkab"], "kabupaten") == "tidak_dikenal"


def test_sistem_kode_ambiguous_four_digits(realdata):
    sulbar = pd.Series(["7601", "7602", "7603", "7604", "7605", "7606"])
    # valid both as BPS and as undotted Kemendagri kab codes: the tie goes to Kemendagri
    assert w.sistem_kode(sulbar) == "kemendagri_tanpa_titik"
    assert w.bps_ke_kemendagri(sulbar).tolist()[4] == "76.01"  # the BPS reading differs
    siga = pd.read_csv(realdata / "bkkbn-sulbar-siga" / "data_bkb.csv", sep=";", dtype=str)
    assert w.sistem_kode(siga["KODE"]) == "siga_suffix"
    assert w.sistem_kode(siga["KODE"].astype("int64")) == "siga_suffix"
    assert w.sistem_kode(pd.Series(["1001", "2001", "2002"]), "desa") == "siga_suffix"
    # a kabupaten hint rules the suffix reading out
    assert w.sistem_kode(pd.Series(["1101", "1102"]), "kabupaten") == "kemendagri_tanpa_titik"
    assert w.sistem_kode(pd.Series(["1101", "1102"]), "desa") == "tidak_dikenal"


def test_sistem_kode_names_and_junk():
    assert w.sistem_kode(pd.Series(["SULAWESI BARAT", "Kab. Mamuju", None])) == "nama"
    assert w.sistem_kode(pd.Series([1202, 852, 702, 1788, 35])) == "tidak_dikenal"  # counts
    assert w.sistem_kode(pd.Series([None, "", "  "])) == "tidak_dikenal"
    with pytest.raises(ValueError, match="tingkat"):
        w.sistem_kode(pd.Series(["76"]), "kota")


# -- column detection ----------------------------------------------------------------


def _ringkas(deteksi: dict) -> dict:
    return {k: (v["tingkat"], v["sistem"]) for k, v in deteksi.items()}


def test_deteksi_siga_sulbar(realdata):
    data = pd.read_csv(realdata / "bkkbn-sulbar-siga" / "data_bkb.csv", sep=";", dtype=str)
    assert _ringkas(w.deteksi_kolom_wilayah(_judul_besar(data))) == {
        "PROVINSI": ("provinsi", "nama"),
        "KABUPATEN": ("kabupaten", "nama"),
        "KECAMATAN": ("kecamatan", "nama"),
        "KODE": ("desa", "siga_suffix"),
        "KELURAHAN": ("desa", "nama"),
    }
    kkb = pd.read_csv(realdata / "bkkbn-sulbar-siga" / "data_kkb.csv", sep=";", dtype=str)
    assert "JUMLAH KELURAHAN/DESA" in kkb.columns
    assert "JUMLAH KELURAHAN/DESA" not in w.deteksi_kolom_wilayah(_judul_besar(kkb))


def test_deteksi_mfd_bandung(realdata):
    mfd = pd.read_csv(
        realdata / "bps-mfd-kota-bandung" / "mfd_23_1_32.csv", dtype=str, encoding="utf-8-sig"
    )
    hasil = w.deteksi_kolom_wilayah(_judul_besar(mfd))
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
    assert _ringkas(w.deteksi_kolom_wilayah(_judul_besar(bantul))) == {
        "KAPANEWON": ("kecamatan", "nama")
    }
    jabar = pd.read_excel(
        realdata / "jabar-2021-compiled" / "kesehatan balita di jawa barat 2021.xlsx",
        engine="calamine",
    )
    assert _ringkas(w.deteksi_kolom_wilayah(_judul_besar(jabar))) == {
        "KAB_KOT": ("kabupaten", "nama")
    }
    malang = pd.read_csv(realdata / "kab-malang-kamasuta" / "master_kecamatan.csv")
    assert _ringkas(w.deteksi_kolom_wilayah(_judul_besar(malang))) == {
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
    assert _ringkas(w.deteksi_kolom_wilayah(frame)) == {
        "KEMENDAGRI_KODE_KECAMATAN": ("kecamatan", "kemendagri"),
        # 3273 is valid in both systems: the header word BPS decides the tie
        "BPS_KODE_KABUPATEN_KOTA": ("kabupaten", "bps"),
        "KODE_WILAYAH": ("desa", "kemendagri_tanpa_titik"),
        "NAMA WILAYAH": ("kabupaten", "nama"),
        "LOKASI": ("provinsi", "nama"),
        "X": ("kecamatan", "bps"),
    }


# -- code columns in match_wilayah -------------------------------------------------------


def test_match_kode_column_dotted_and_undotted():
    df = pd.DataFrame(
        {
            "kode": ["7603011001", "76.03.01.1001", 7603.0, "76 04", 76.1, "9999", "abc", None],
            "kab": ["MAMASA", "MAMASA", "MAMASA", "MAMUJU", None, None, None, "MAJENE"],
        },
        index=range(10, 18),
    )
    asli = df.copy()
    hasil = w.match_wilayah(df, {"kode": "kode"})
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

    silang = w.match_wilayah(df, {"kode": "kode", "kabupaten": "kab"})
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
    hasil = w.match_wilayah(df, {"kode": "kode_kab", "kecamatan": "kec", "desa": "desa"})
    assert hasil["kode_wilayah"].tolist()[:2] == ["76.04.03.2003", "76.04.03.2013"]
    assert hasil["status"].tolist()[:2] == ["alias", "mirip"]
    dalam = w.match_wilayah(df, {"kode": "kode_kab", "kecamatan": "kec"}, scope="76")
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
    hasil = w.match_wilayah(df, {"kode": "kemendagri", "kode_bps": "bps", "desa": "desa"})
    assert hasil["kode_wilayah"].tolist() == ["32.73.15.1001", "32.73.01.1001", "76.01", "76.01"]
    assert hasil["status"].tolist() == ["kode", "tidak_cocok", "kode", "mirip"]
    catatan = hasil.loc[1, "catatan"]
    assert "(32.73.15)" in catatan and "(32.73.01.1001)" in catatan
    assert '"9999"' in hasil.loc[3, "catatan"]
    # BPS alone: 7 digits anchor a kecamatan, a desa code needs the desa name
    sendiri = w.match_wilayah(df, {"kode_bps": "bps"})
    assert sendiri["kode_wilayah"].tolist()[:3] == ["32.73.15", "32.73.15", "76.01"]
    assert sendiri["status"].tolist() == ["tidak_cocok", "tidak_cocok", "kode", "tidak_cocok"]
    assert "tanpa kolom nama desa" in sendiri.loc[0, "catatan"]


def test_match_kode_bps_in_older_edition():
    df = pd.DataFrame({"bps": ["9501", "9201"]})  # BPS Merauke, BPS Raja Ampat
    assert w.match_wilayah(df, {"kode_bps": "bps"})["kode_wilayah"].tolist() == [
        "93.01",
        "96.03",
    ]
    hasil = w.match_wilayah(df, {"kode_bps": "bps"}, edisi="2021")
    assert hasil["kode_wilayah"].tolist() == ["91.01", "92.05"]
    assert (hasil["status"] == "kode").all()


# -- editions --------------------------------------------------------------------------------


def test_perubahan_kode_file():
    tabel = w.load_perubahan_kode()
    assert tuple(tabel.columns) == w.KOLOM_PERUBAHAN
    merauke = tabel.set_index("kode_lama").loc["91.01"]
    assert merauke["kode_baru"] == "93.01"
    assert (merauke["edisi_lama"], merauke["edisi_baru"]) == ("2021", "2022")
    assert merauke["berlaku_dari"] == "2022-07-25"
    assert merauke["dasar_hukum"].startswith("UU No. 14 Tahun 2022")
    for (lama, baru), langkah in tabel.groupby(["edisi_lama", "edisi_baru"]):
        assert langkah["kode_lama"].is_unique and langkah["kode_baru"].is_unique  # one to one
        assert langkah["kode_lama"].map(lambda k, e=lama: k in w.load_master(e)).all()
        assert langkah["kode_baru"].map(lambda k, e=baru: k in w.load_master(e)).all()
    per_tingkat = tabel.groupby(["edisi_lama", "tingkat"]).size().to_dict()
    assert per_tingkat[("2021", "kabupaten")] == 20  # Papua Selatan, Tengah, Pegunungan
    assert per_tingkat[("2022", "kabupaten")] == 6  # Papua Barat Daya
    assert ("2021", "provinsi") not in per_tingkat


def test_perubahan_kode_is_current():
    tabel = w.load_perubahan_kode()
    for lama, baru in (("2021", "2022"), ("2022", "2025")):
        dibuat = w.bandingkan_edisi(w.load_master(lama), w.load_master(baru))
        tersimpan = tabel[(tabel["edisi_lama"] == lama)].reset_index(drop=True)
        pd.testing.assert_frame_equal(dibuat, tersimpan)


def test_ke_edisi_merauke_and_sorong():
    kode = pd.Series(
        ["91.01", "9101", "91.01.01", "91.01.01.2001", "76.01", "92.01", "91.13.44", "xx", None],
        index=list("abcdefghi"),
    )
    asli = kode.copy()
    hasil = w.ke_edisi(kode, "2021")
    pd.testing.assert_series_equal(kode, asli)
    assert hasil.index.equals(kode.index)
    assert list(hasil.columns) == ["kode_wilayah", "diubah"]
    assert hasil["kode_wilayah"].tolist()[:6] == [
        "93.01",
        "93.01",
        "93.01.01",
        "93.01.01.2001",
        "76.01",  # unchanged
        "96.01",  # Sorong: 92.01 in 2021 and 2022, Papua Barat Daya in 2025
    ]
    assert hasil["diubah"].tolist() == [True, True, True, True, False, True, False, False, False]
    assert hasil["kode_wilayah"].iloc[6:].isna().all()  # Seredela: no successor; junk; blank
    assert w.load_master("2021").get("91.01.01.2001")["nama_wilayah"] == "Nasem"
    assert w.load_master("2025").get("93.01.01.2001")["nama_wilayah"] == "Nasem"
    assert w.ke_edisi(pd.Series(["92.01"]), "2021", "2022")["kode_wilayah"].tolist() == ["92.01"]
    mundur = w.ke_edisi(pd.Series(["93.01.01.2001", "96.01", "76.01"]), "2025", "2021")
    assert mundur["kode_wilayah"].tolist() == ["91.01.01.2001", "92.01", "76.01"]
    with pytest.raises(ValueError, match="tidak dikenal"):
        w.ke_edisi(kode, "1999")


# -- aliases ---------------------------------------------------------------------------------


def test_alias_file():
    alias = w.load_alias()
    assert (
        tuple(alias.columns)
        == w.KOLOM_ALIAS
        == tuple((KATALOG / "alias.csv").read_text(encoding="utf-8").splitlines()[0].split(","))
    )
    master = w.load_master(w.EDISI_ALIAS)
    for baris in alias.itertuples(index=False):
        assert w.tingkat_of(baris.kode_wilayah) == baris.tingkat
        assert baris.kode_wilayah.startswith(baris.kode_induk + ".")
        assert baris.kode_wilayah in master
        assert baris.alasan.strip()
    assert not alias.duplicated(["tingkat", "kode_induk", "nama"]).any()
    df = pd.DataFrame({"kab": ["KAB. MAMUJU UTARA", "PASANGKAYU"]})
    hasil = w.match_wilayah(df, {"kabupaten": "kab"}, scope="76")
    assert hasil["kode_wilayah"].tolist() == ["76.01", "76.01"]
    assert hasil["status"].tolist() == ["alias", "cocok"]
    assert "PP No. 61 Tahun 2017" in hasil.loc[0, "catatan"]
    tanpa = w.match_wilayah(df, {"kabupaten": "kab"}, scope="76", alias=alias.iloc[:0])
    assert tanpa.loc[0, "status"] == "tidak_cocok"
    # the alias codes are carried to older editions
    lama = w.match_wilayah(df, {"kabupaten": "kab"}, scope="76", edisi="2021")
    assert lama["kode_wilayah"].tolist() == ["76.01", "76.01"]


def test_sulbar_648_desa_by_names_only(realdata):
    desa = pd.read_csv(realdata / "bkkbn-sulbar-siga" / "data_daftar_desa.csv", dtype=str)
    assert len(desa) == 648
    hasil = w.match_wilayah(desa, KOLOM_SIGA, scope="76")
    assert hasil["kode_wilayah"].notna().all()
    assert hasil["kode_wilayah"].nunique() == 648
    assert set(hasil["kode_wilayah"]) == set(w.load_master().descendants("76", "desa"))
    # 636 exact; 10 loose spellings (ALU, PODA, MAPILI...) resolved before the alias stage;
    # SUMBEREJO and GALESON, fuzzy without the alias table, now come from it
    assert hasil["status"].value_counts().to_dict() == {"cocok": 636, "mirip": 10, "alias": 2}
    alias = set(desa.loc[hasil["status"] == "alias", "KELURAHAN"])
    assert alias == {"SUMBEREJO", "GALESON"}
    tanpa = w.match_wilayah(desa, KOLOM_SIGA, scope="76", alias=w.load_alias().iloc[:0])
    assert tanpa["status"].value_counts().to_dict() == {"cocok": 636, "mirip": 12}
    assert tanpa["kode_wilayah"].equals(hasil["kode_wilayah"])


def test_malang_bantul_jabar_names(realdata):
    malang = pd.read_csv(realdata / "kab-malang-kamasuta" / "master_kecamatan.csv")
    hasil = w.match_wilayah(malang, {"kecamatan": "Kecamatan_Name"}, scope="35.07")
    assert (hasil["status"] == "cocok").sum() == 33
    assert set(hasil["kode_wilayah"]) == set(w.load_master().children("35.07"))

    bantul = pd.read_csv(realdata / "bantul-kb-aktif" / "DataAPI.csv")
    hasil = w.match_wilayah(bantul, {"kecamatan": "kapanewon"}, scope="34.02")
    assert (hasil["status"] == "cocok").sum() == 17
    assert set(hasil["kode_wilayah"]) == set(w.load_master().children("34.02"))

    jabar = pd.read_excel(
        realdata / "jabar-2021-compiled" / "kesehatan balita di jawa barat 2021.xlsx",
        engine="calamine",
    )
    hasil = w.match_wilayah(jabar, {"kabupaten": "kab_kot"}, scope="32")
    assert (hasil["status"] == "cocok").sum() == 27
    assert set(hasil["kode_wilayah"]) == set(w.load_master().children("32"))
    kota = jabar["kab_kot"].str.startswith("KOTA ")
    assert hasil.loc[kota, "kode_wilayah"].str[3:].astype(int).ge(71).all()
