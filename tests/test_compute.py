"""The generic computation on small inline tables: seed 003 worked examples, roll-up, time rules."""

from __future__ import annotations

import pandas as pd
import pytest

from schemas.katalog import muat_katalog
from transforms.hitung.indikator import hitung_indikator
from transforms.hitung.kelengkapan import _INDUK
from transforms.hitung.rollup import TINGKAT_DARI_PANJANG, hitung_rollup
from transforms.hitung.waktu import hitung_tahunan

KAB = "33.06"
DESA_A = "33.06.01.2001"
DESA_B = "33.06.02.2001"


def _komponen(rows: list[tuple[str, int | None, str, float]], tahun: int = 2025) -> pd.DataFrame:
    """Long component rows (kode_wilayah, bulan, komponen, nilai)."""
    frame = pd.DataFrame(rows, columns=["kode_wilayah", "bulan", "komponen", "nilai"])
    return frame.assign(
        tahun=tahun,
        bulan=frame["bulan"].astype("Int64"),
        semester=pd.array([pd.NA] * len(frame), dtype="Int64"),
        nilai=frame["nilai"].astype("float64"),
        sumber="uji",
        berkas="uji.csv",
        sha256="0" * 64,
        baris=range(2, len(frame) + 2),
    )


def _jumlah_desa(kode) -> pd.Series:
    # Purworejo has 494 desa/kelurahan in the seed; the province row is not used by the tests
    return pd.Series({KAB: 494.0, "33": 8563.0}).reindex(list(kode))


def _hitung(komponen: pd.DataFrame) -> pd.DataFrame:
    return hitung_indikator(
        komponen,
        muat_katalog(),
        _jumlah_desa,
        lambda kode: kode.map({KAB: "Kabupaten Purworejo"}).fillna("x"),
        "uji",
    )


def _annual(hasil: pd.DataFrame, kode: str, wilayah: str) -> pd.Series:
    rows = hasil[
        (hasil["kode_indikator"] == kode)
        & (hasil["kode_wilayah"] == wilayah)
        & hasil["bulan"].isna()
    ]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# Seed 003 (Perbup Purworejo 32/2013), Lampiran II: the worked example of each indicator.
SEED_003 = [
    ("spm.02", {"peserta_kb_aktif": 2850, "pus": 4000}, 71.25),
    ("spm.03", {"unmet_need": 700, "pus": 10000}, 7.0),
    ("spm.04", {"anggota_bkb_ber_kb": 1600, "anggota_bkb_pus": 2000}, 80.0),
    ("spm.05", {"anggota_uppks_ber_kb": 3800, "anggota_uppks_pus": 4000}, 95.0),
    ("spm.06", {"plkb_pkb": 106}, 494 / 106),
    ("spm.07", {"ppkbd": 494}, 1.0),
    ("spm.09", {"desa_data_mikro": 494}, 100.0),
]


@pytest.mark.parametrize(("kode", "nilai_komponen", "expected"), SEED_003)
def test_seed_003_worked_examples(kode, nilai_komponen, expected):
    rows = [(KAB, None, k, v) for k, v in nilai_komponen.items()]
    row = _annual(_hitung(_komponen(rows)), kode, KAB)
    assert row["nilai"] == pytest.approx(expected)
    assert round(row["nilai"], 2) == round(expected, 2)


def test_seed_003_ratio_rounds_like_the_perbup():
    row = _annual(_hitung(_komponen([(KAB, None, "plkb_pkb", 106)])), "spm.06", KAB)
    assert (row["pembilang"], row["penyebut"]) == (494, 106)
    assert f"{row['nilai']:.2f}" == "4.66"


def test_rollup_sums_numerators_and_denominators_never_averages():
    # desa A: 10/100 = 10 %, desa B: 900/1000 = 90 %; mean of percentages would be 50 %
    rows = [
        (DESA_A, 1, "peserta_kb_aktif", 10),
        (DESA_A, 1, "pus", 100),
        (DESA_B, 1, "peserta_kb_aktif", 900),
        (DESA_B, 1, "pus", 1000),
    ]
    hasil = _hitung(_komponen(rows))
    kab = _annual(hasil, "spm.02", KAB)
    assert kab["pembilang"] == 910
    assert kab["penyebut"] == 1100
    assert kab["nilai"] == pytest.approx(910 / 1100 * 100)
    kec = _annual(hasil, "spm.02", "33.06.01")
    assert kec["nilai"] == pytest.approx(10.0)
    assert set(hasil["tingkat"]) == {"desa", "kecamatan", "kabupaten", "provinsi"}


def test_stock_takes_last_month_and_records_it():
    rows = []
    for bulan, (pa, pus) in enumerate([(50, 100), (60, 100), (30, 60)], start=1):
        rows += [(DESA_A, bulan, "peserta_kb_aktif", pa), (DESA_A, bulan, "pus", pus)]
    hasil = _hitung(_komponen(rows))
    row = _annual(hasil, "spm.02", DESA_A)
    assert row["bulan_acuan"] == 3
    assert (row["pembilang"], row["penyebut"], row["nilai"]) == (30, 60, 50.0)
    monthly = hasil[(hasil["kode_indikator"] == "spm.02") & (hasil["kode_wilayah"] == DESA_A)]
    assert monthly["bulan"].dropna().tolist() == [1, 2, 3]
    assert monthly["bulan_acuan"].dropna().tolist() == [3]


def test_stock_month_is_the_last_with_every_stock_component():
    # September has PUS but no PA: the annual stock value comes from August
    rows = [
        (DESA_A, 8, "peserta_kb_aktif", 40),
        (DESA_A, 8, "pus", 80),
        (DESA_A, 9, "pus", 90),
    ]
    row = _annual(_hitung(_komponen(rows)), "spm.02", DESA_A)
    assert row["bulan_acuan"] == 8
    assert row["nilai"] == 50.0


def test_flow_sums_months():
    rows = []
    for bulan in (1, 2, 3):
        rows += [(KAB, bulan, "alokon_pemda", 10), (KAB, bulan, "kebutuhan_alokon", 40)]
    row = _annual(_hitung(_komponen(rows)), "spm.08", KAB)
    assert (row["pembilang"], row["penyebut"]) == (30, 120)
    assert row["nilai"] == 25.0
    assert pd.isna(row["bulan_acuan"])


def test_count_indicator_has_no_denominator():
    row = _annual(_hitung(_komponen([(KAB, None, "kelompok_bkb", 312)])), "sipd.kelompok_bkb", KAB)
    assert row["nilai"] == 312
    assert pd.isna(row["penyebut"])
    assert row["satuan"] == "kelompok"


def test_zero_denominator_gives_null_not_infinity():
    rows = [(DESA_A, 1, "peserta_kb_aktif", 0), (DESA_A, 1, "pus", 0)]
    row = _annual(_hitung(_komponen(rows)), "spm.02", DESA_A)
    assert pd.isna(row["nilai"])


def test_indicator_skipped_when_a_component_is_missing():
    hasil = _hitung(_komponen([(DESA_A, 1, "pus", 100)]))
    assert "spm.02" not in set(hasil["kode_indikator"])


def test_kedalaman_limits_levels():
    # spm.06 is not defined at desa level (a desa count per desa is meaningless)
    hasil = _hitung(_komponen([(DESA_A, None, "plkb_pkb", 1)]))
    assert set(hasil.loc[hasil["kode_indikator"] == "spm.06", "tingkat"]) <= {
        "kecamatan",
        "kabupaten",
        "provinsi",
    }


def test_rollup_does_not_mutate_input():
    komponen = _komponen([(DESA_A, 1, "pus", 100)])
    before = komponen.copy()
    hitung_rollup(komponen)
    pd.testing.assert_frame_equal(komponen, before)


def test_target_and_direction():
    # spm.03 (unmet need, arah turun) against the Perbup's 2015 target of 5 %
    rows = [(KAB, None, "unmet_need", 400), (KAB, None, "pus", 10000)]
    row = _annual(_hitung(_komponen(rows, tahun=2015)), "spm.03", KAB)
    assert row["target"] == 5.0
    assert row["nilai"] == 4.0
    assert bool(row["memenuhi_target"]) is True
    rows = [(KAB, None, "peserta_kb_aktif", 600), (KAB, None, "pus", 1000)]
    row = _annual(_hitung(_komponen(rows, tahun=2015)), "spm.02", KAB)
    assert (row["target"], bool(row["memenuhi_target"])) == (65.0, False)
    row = _annual(_hitung(_komponen(rows, tahun=2025)), "spm.02", KAB)
    assert pd.isna(row["target"]) and pd.isna(row["memenuhi_target"])


def test_sources_of_every_contributing_file_are_named():
    komponen = pd.concat(
        [
            _komponen([(DESA_A, 1, "peserta_kb_aktif", 10)]).assign(sumber="siga.mix_kontra"),
            _komponen([(DESA_A, 1, "pus", 100), (DESA_B, 1, "pus", 50)]).assign(sumber="siga.pus"),
            _komponen([(DESA_B, 1, "peserta_kb_aktif", 5)]).assign(sumber="dinas.x"),
        ],
        ignore_index=True,
    )
    row = _annual(_hitung(komponen), "spm.02", KAB)
    assert row["sumber"] == "dinas.x,siga.mix_kontra,siga.pus"
    assert _annual(_hitung(komponen), "spm.02", DESA_A)["sumber"] == "siga.mix_kontra,siga.pus"


def _periode(rows: list[tuple[int | None, int | None, float, str]]) -> pd.DataFrame:
    """Rows of one region-year (bulan, semester, nilai, sumber) for :func:`hitung_tahunan`."""
    frame = pd.DataFrame(rows, columns=["bulan", "semester", "nilai", "sumber"])
    return frame.assign(
        kode_wilayah=DESA_A,
        tahun=2025,
        bulan=frame["bulan"].astype("Int64"),
        semester=frame["semester"].astype("Int64"),
    )


def test_one_rule_stock_is_the_last_period_flow_the_sum():
    data = _periode([(1, None, 5.0, "a"), (2, None, 7.0, "b"), (4, None, 3.0, "a")])
    stok = hitung_tahunan(data, ["nilai"], []).iloc[0]
    assert (stok["nilai"], stok["bulan_acuan"], stok["sumber"]) == (3.0, 4, "a")
    arus = hitung_tahunan(data, [], ["nilai"]).iloc[0]
    assert (arus["nilai"], arus["sumber"]) == (15.0, "a,b")
    assert pd.isna(arus["bulan_acuan"])


def test_one_rule_semester_end_month_and_annual_rows_kept():
    # semester rows count as months 6 and 12; a yearly row is used only without them
    data = _periode([(None, 1, 4.0, "v"), (None, 2, 6.0, "v")])
    stok = hitung_tahunan(data, ["nilai"], []).iloc[0]
    assert (stok["nilai"], stok["bulan_acuan"]) == (6.0, 12)
    yearly = _periode([(None, None, 9.0, "t")])
    row = hitung_tahunan(yearly, ["nilai"], []).iloc[0]
    assert row["nilai"] == 9.0 and pd.isna(row["bulan_acuan"])


def test_code_lengths_come_from_the_region_module():
    # derived from wilayah.PANJANG_KODE; the values the computation always used
    assert TINGKAT_DARI_PANJANG == {2: "provinsi", 5: "kabupaten", 8: "kecamatan", 13: "desa"}
    assert _INDUK == {13: 8, 8: 5, 5: 2}
