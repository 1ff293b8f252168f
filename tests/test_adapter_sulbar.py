"""Every real BKKBN Sulawesi Barat export through the pipeline, checked against independent sums.

All SIGA, Verval KRS, Elsimil, PKB and SIMONEP files are ingested (recognised by their headers)
and run as ``indikator run`` would: the session fixture ``sulbar_semua`` of ``tests/conftest.py``.
Expected values are computed here straight from the CSV/XLSX with pandas (not by the pipeline),
at provinsi, kabupaten and kecamatan level, comparing numerator/denominator pairs so the
comparison does not depend on names or codes.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from schemas.katalog import muat_katalog
from transforms.langkah.jalankan import jalankan
from transforms.terima.terima import terima_berkas
from transforms.wilayah.master import muat_master

pytestmark = pytest.mark.lambat  # ingest + run of every real Sulbar export


def _csv(folder, name: str) -> pd.DataFrame:
    frame = pd.read_csv(folder / name, sep=";", dtype=str, keep_default_na=False)
    frame.columns = [c.strip() for c in frame.columns]
    return frame


def _pairs(frame: pd.DataFrame, by: list[str], num, den) -> Counter:
    """Multiset of (numerator, denominator) sums per group, computed here with pandas."""
    nums = frame.assign(_n=num(frame), _d=den(frame)).groupby(by)[["_n", "_d"]].sum()
    return Counter(zip(nums["_n"].round(6), nums["_d"].round(6), strict=True))


def _out_pairs(hasil, kode: str, tingkat: str, tahun: int, **periode) -> Counter:
    sel = (
        (hasil["kode_indikator"] == kode)
        & (hasil["tingkat"] == tingkat)
        & (hasil["tahun"] == tahun)
    )
    for col in ("bulan", "semester"):
        value = periode.get(col)
        sel &= hasil[col].isna() if value is None else hasil[col] == value
    rows = hasil[sel]
    return Counter(zip(rows["pembilang"].round(6), rows["penyebut"].round(6), strict=True))


def _num(col: str):
    return lambda f: pd.to_numeric(f[col]).astype(float)


def _sum(*cols: str):
    return lambda f: sum(pd.to_numeric(f[c]).astype(float) for c in cols)


def test_every_export_is_recognised_by_its_header(sulbar_semua):
    assert sulbar_semua["sumber"] == {
        "data_pus.csv": "siga.pus",
        "data_mix_kontra.csv": "siga.mix_kontra",
        "data_bkb_keluarga.csv": "siga.bkb_keluarga",
        "data_bkb.csv": "siga.bkb",
        "data_uppka.csv": "siga.uppka",
        "data_pikr.csv": "siga.pikr",
        "sasaran_poktan_gabung.csv": "siga.sasaran_poktan",
        "data_kkb.csv": "siga.kampung_kb",
        "data_rdk.csv": "siga.rumah_dataku",
        "2025-elsimil-bumil.csv": "siga.elsimil_bumil",
        "2025-elsimil-pascasalin.csv": "siga.elsimil_pascasalin",
        "pkb_per_kecamatan_DERIVED.csv": "siga.pkb_kecamatan",
        "verval": "siga.verval_krs",
        "faskes": "simonep.faskes_kb_baru",
        "ppks": "simonep.ppks",
    }
    # the PPKS file spans two years: its years come from its TAHUN column
    assert sulbar_semua["ppks_tahun"] == [2023, 2024]


def test_every_row_accounted_for(sulbar_semua):
    for a in sulbar_semua["ringkasan"].berkas:
        assert "ditolak" not in a, a
        total = a["baris_dipakai"] + a["baris_karantina"] + a["baris_bukan_data"]
        assert a["baris_dibaca"] == total, a


@pytest.mark.parametrize(
    ("kode", "berkas", "num", "den"),
    [
        ("siga.lapor_bkb", "data_bkb.csv", "YANG LAPOR", "YANG ADA"),
        ("siga.lapor_uppka", "data_uppka.csv", "YANG LAPOR", "YANG ADA"),
        ("siga.lapor_pikr", "data_pikr.csv", "YANG LAPOR", "YANG ADA"),
        ("siga.kesertaan_bkb", "sasaran_poktan_gabung.csv", "KESERTAAN BKB", "SASARAN BKB"),
    ],
)
def test_poktan_reporting_matches_independent_sums(sulbar_semua, kode, berkas, num, den):
    data = _csv(sulbar_semua["siga"], berkas)
    sept = data[data["BULAN"] == "SEPTEMBER"]
    hasil = sulbar_semua["hasil"]
    for tingkat, by in (
        ("provinsi", ["PROVINSI"]),
        ("kabupaten", ["KABUPATEN"]),
        ("kecamatan", ["KABUPATEN", "KECAMATAN"]),
    ):
        expected = _pairs(sept, by, _num(num), _num(den))
        assert _out_pairs(hasil, kode, tingkat, 2025, bulan=9) == expected, (kode, tingkat)
    # the annual value of a stock is September's (the last month reported)
    assert _out_pairs(hasil, kode, "provinsi", 2025) == _pairs(
        sept, ["PROVINSI"], _num(num), _num(den)
    )


def test_mkjp_from_method_columns(sulbar_semua):
    data = _csv(sulbar_semua["siga"], "data_mix_kontra.csv")
    jan = data[data["BULAN"] == "JANUARI"]
    mkjp = _sum("IMPLAN", "IUD", "VASEKTOMI", "TUBEKTOMI")
    for tingkat, by in (
        ("provinsi", ["PROVINSI"]),
        ("kabupaten", ["KABUPATEN"]),
        ("kecamatan", ["KABUPATEN", "KECAMATAN"]),
    ):
        expected = _pairs(jan, by, mkjp, _num("PA"))
        assert _out_pairs(sulbar_semua["hasil"], "siga.mkjp", tingkat, 2025, bulan=1) == expected


def test_krs_semester_and_derived_safe_water(sulbar_semua):
    data = _csv(sulbar_semua["siga"], "data_verval_krs_2024_sem2.csv")
    hasil = sulbar_semua["hasil"]
    prov = _out_pairs(hasil, "siga.krs", "provinsi", 2024, semester=2)
    assert prov == Counter({(64_552.0, 217_562.0): 1})  # SOURCE.md: 29.67 % of sasaran
    row = hasil[
        (hasil["kode_indikator"] == "siga.krs")
        & (hasil["kode_wilayah"] == "76")
        & (hasil["semester"] == 2)
    ].iloc[0]
    assert round(row["nilai"], 2) == 29.67
    assert pd.isna(row["bulan"])
    for tingkat, by in (("kabupaten", ["KABUPATEN"]), ("kecamatan", ["KABUPATEN", "KECAMATAN"])):
        krs = _pairs(data, by, _num("JUMLAH KRS"), _num("JUMLAH KELUARGA SASARAN"))
        assert _out_pairs(hasil, "siga.krs", tingkat, 2024, semester=2) == krs
        aman = _pairs(
            data,
            by,
            lambda f: _num("JUMLAH KRS")(f) - _num("SUMBER AIR MINUM TIDAK LAYAK")(f),
            _num("JUMLAH KRS"),
        )
        assert _out_pairs(hasil, "pasti.krs.04", tingkat, 2024, semester=2) == aman
    # the annual 2024 row of a semester stock is semester 2, ending in month 12
    annual = hasil[
        (hasil["kode_indikator"] == "siga.krs")
        & (hasil["kode_wilayah"] == "76")
        & hasil["semester"].isna()
        & hasil["bulan"].isna()
        & (hasil["tahun"] == 2024)
    ].iloc[0]
    assert (annual["pembilang"], annual["bulan_acuan"]) == (64_552, 12)


def test_spm_06_desa_per_pkb_with_master_desa_count(sulbar_semua):
    data = _csv(sulbar_semua["siga"], "pkb_per_kecamatan_DERIVED.csv")
    expected = _pairs(
        data, ["KABUPATEN", "KECAMATAN"], _num("JUMLAH_DESA_KEL"), _num("JUMLAH_PKB_DISTINCT")
    )
    # the file's own desa count equals the 2025 master's; the pipeline takes the master's
    assert _out_pairs(sulbar_semua["hasil"], "spm.06", "kecamatan", 2025) == expected
    prov = _out_pairs(sulbar_semua["hasil"], "spm.06", "provinsi", 2025)
    assert prov == Counter({(648.0, 417.0): 1})  # 417 kecamatan-PKB pairs (SOURCE.md)


def _tanpa_karantina(data: pd.DataFrame, karantina: pd.DataFrame, sumber: str) -> pd.DataFrame:
    """Drop the rows the pipeline quarantined (file row = position + 2: header is row 1)."""
    galat = karantina[(karantina["sumber"] == sumber) & (karantina["tingkat_masalah"] == "galat")]
    baris = set(galat["baris"].dropna().astype(int))
    return data[~(data.index + 2).isin(baris)]


def test_elsimil_indicators(sulbar_semua):
    data = _csv(sulbar_semua["siga"], "2025-elsimil-bumil.csv")
    # one desa says 2 of its 1 mothers at >= 32 weeks will use KB: that row is quarantined
    data = _tanpa_karantina(data, sulbar_semua["karantina"], "siga.elsimil_bumil")
    assert len(data) == 647
    for kode, num, den in (
        ("pasti.bumil.07", "BUMIL TERDAMPINGI", "JUMLAH BUMIL"),
        ("siga.bumil_ttd", "MENDAPATKAN TTD", "JUMLAH BUMIL"),
        ("siga.bumil_kbpp", "BUMIL >=32 MINGGU AKAN KBPP", "JUMLAH BUMIL >=32 MINGGU"),
    ):
        for tingkat, by in (
            ("kabupaten", ["KABUPATEN"]),
            ("kecamatan", ["KABUPATEN", "KECAMATAN"]),
        ):
            expected = _pairs(data, by, _num(num), _num(den))
            assert _out_pairs(sulbar_semua["hasil"], kode, tingkat, 2025) == expected, (
                kode,
                tingkat,
            )
    # mentored > registered in 109 desa: a warning, the rows are used
    warn = sulbar_semua["karantina"]
    warn = warn[
        (warn["sumber"] == "siga.elsimil_bumil")
        & (warn["aturan"] == "pembilang_melebihi_penyebut")
        & warn["kolom"].eq("BUMIL TERDAMPINGI/JUMLAH BUMIL")
    ]
    assert (warn["tingkat_masalah"] == "peringatan").all()
    assert warn["baris"].nunique() == 109


def test_kampung_kb_share_of_master_desa(sulbar_semua):
    data = _csv(sulbar_semua["siga"], "data_kkb.csv")
    master = muat_master("2025")
    data = data.assign(_ada=(pd.to_numeric(data["JUMLAH KAMPUNG KB"]) > 0).astype(float))
    per_kab = data.groupby("KABUPATEN")["_ada"].sum()
    hasil = sulbar_semua["hasil"]
    rows = hasil[(hasil["kode_indikator"] == "siga.kampung_kb") & (hasil["tingkat"] == "kabupaten")]
    assert sorted(rows["pembilang"]) == sorted(per_kab)
    for _, r in rows.iterrows():
        assert r["penyebut"] == master.jumlah_desa(r["kode_wilayah"])


def test_simonep_new_acceptors_monthly_totals_and_annual_sum(sulbar_semua):
    hasil = sulbar_semua["hasil"]
    prov = hasil[
        (hasil["kode_indikator"] == "siga.peserta_kb_baru")
        & (hasil["kode_wilayah"] == "76")
        & (hasil["tahun"] == 2024)
    ]
    monthly = prov.dropna(subset=["bulan"]).set_index("bulan")["pembilang"]
    # SOURCE.md: Jan 1,196 · Jun 3,598 · Nov 1,115; flow: the year is the sum of months
    assert monthly.loc[1] == 1_196
    assert monthly.loc[6] == 3_598
    assert monthly.loc[11] == 1_115
    annual = prov[prov["bulan"].isna()].iloc[0]
    assert annual["pembilang"] == monthly.sum()


def test_completeness_columns(sulbar_semua):
    hasil = sulbar_semua["hasil"]
    kab = hasil[
        (hasil["kode_indikator"] == "spm.02")
        & (hasil["tingkat"] == "kabupaten")
        & hasil["bulan"].isna()
    ]
    master = muat_master("2025")
    for _, r in kab.iterrows():
        n = len(master.anak(r["kode_wilayah"]))
        assert (r["jumlah_wilayah_lapor"], r["jumlah_wilayah_seharusnya"]) == (n, n)
    desa = hasil[(hasil["kode_indikator"] == "spm.02") & (hasil["tingkat"] == "desa")]
    assert desa["jumlah_wilayah_lapor"].isna().all()


def test_verval_kecamatan_recap_with_other_spellings(tmp_path, sulbar_semua):
    """A kecamatan recap (names only, snake_case, no JUMLAH/PUNYA/SUMBER prefixes, total_krs)
    built from the real desa file gives the same kabupaten values as the desa file."""
    data = _csv(sulbar_semua["siga"], "data_verval_krs_2024_sem2.csv")
    cols = {
        "JUMLAH KELUARGA SASARAN": "keluarga_sasaran",
        "JUMLAH KRS": "total_krs",
        "JUMLAH TIDAK BERESIKO": "tidak_beresiko",
        "PUNYA BADUTA": "baduta",
        "SUMBER AIR MINUM TIDAK LAYAK": "air_minum_tidak_layak",
        "JAMBAN TIDAK LAYAK": "jamban_tidak_layak",
    }
    nums = data[list(cols)].apply(pd.to_numeric)
    recap = (
        pd.concat([data[["KABUPATEN", "KECAMATAN"]], nums], axis=1)
        .groupby(["KABUPATEN", "KECAMATAN"], as_index=False)
        .sum()
        .rename(columns={"KABUPATEN": "kabupaten", "KECAMATAN": "kecamatan", **cols})
        .assign(periode="Semester 2 2024")
    )
    src = tmp_path / "rekap_krs_kecamatan_sulbar.csv"
    recap.to_csv(src, index=False)
    raw, out = tmp_path / "raw", tmp_path / "out"
    prov = terima_berkas(src, raw, muat_katalog(), 2024, wilayah="76").provenans
    assert prov.sumber == "siga.verval_krs"
    ringkasan = jalankan(raw, out)
    a = ringkasan.berkas[0]
    assert (a["baris_dibaca"], a["baris_dipakai"]) == (69, 69)
    hasil = pd.read_parquet(out / "indikator")
    for kode in ("siga.krs", "pasti.krs.04", "pasti.krs.06"):
        recap_kab = _out_pairs(hasil, kode, "kabupaten", 2024, semester=2)
        desa_kab = _out_pairs(sulbar_semua["hasil"], kode, "kabupaten", 2024, semester=2)
        assert recap_kab == desa_kab, kode
        assert len(recap_kab) == 6
