"""Dinas recaps keyed by names (Kab. Malang, Kab. Bantul, Jawa Barat 2021) through the pipeline.

Stated totals and percentages are recomputed, never trusted: mismatches are reported as
warnings naming the row, and the values used are the recomputed ones. Expected figures are
computed here from the files with pandas, and from the reference totals in SOURCE.md.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from schemas.katalog import muat_katalog
from tests.conftest import realdata_path
from transforms.langkah.jalankan import jalankan
from transforms.terima.terima import terima_berkas

pytestmark = pytest.mark.lambat  # ingest + run of real dinas recaps


def _run(tmp_path_factory, files: list[tuple], name: str) -> dict:
    raw = tmp_path_factory.mktemp(f"raw-{name}")
    out = tmp_path_factory.mktemp(f"out-{name}")
    katalog = muat_katalog()
    provs = [terima_berkas(path, raw, katalog, **kw).provenans for path, kw in files]
    ringkasan = jalankan(raw, out)
    return {
        "provs": provs,
        "ringkasan": ringkasan,
        "hasil": pd.read_parquet(out / "indikator"),
        "karantina": pd.read_parquet(out / "karantina"),
    }


@pytest.fixture(scope="module")
def malang(tmp_path_factory) -> dict:
    folder = realdata_path("kab-malang-kamasuta")
    # a copy of the students' summary with the typo SOURCE.md describes (a digit appended)
    typo = tmp_path_factory.mktemp("typo") / "data_kb_tren_metode.csv"
    text = (folder / "data_kb_tren_metode.csv").read_text(encoding="utf-8")
    typo.write_text(text.replace(",312408", ",3124085"), encoding="utf-8")
    files = [
        (folder / "peserta_kb.csv", {"wilayah": "35.07"}),
        (folder / "kesehatan_stunting.csv", {"wilayah": "35.07"}),
        (typo, {"wilayah": "35.07"}),
    ]
    return _run(tmp_path_factory, files, "malang") | {"folder": folder}


def _annual(hasil: pd.DataFrame, kode: str, wilayah: str, tahun: int) -> pd.Series:
    rows = hasil[
        (hasil["kode_indikator"] == kode)
        & (hasil["kode_wilayah"] == wilayah)
        & (hasil["tahun"] == tahun)
        & hasil["bulan"].isna()
        & hasil["semester"].isna()
    ]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_malang_every_row_used_and_years_from_the_file(malang):
    assert [p.tahun_data for p in malang["provs"]] == [[2020, 2021, 2022, 2023, 2024]] * 3
    for a in malang["ringkasan"].berkas:
        assert (
            a["baris_dibaca"] == a["baris_dipakai"] + a["baris_karantina"] + a["baris_bukan_data"]
        )
        assert a["baris_karantina"] == 0, a


@pytest.mark.parametrize(
    ("tahun", "total"),
    [(2020, 394_708), (2021, 392_199), (2022, 287_238), (2023, 328_453), (2024, 312_408)],
)
def test_malang_kabupaten_totals_recomputed_from_kecamatan(malang, tahun, total):
    row = _annual(malang["hasil"], "siga.peserta_kb_aktif", "35.07", tahun)
    assert row["pembilang"] == total
    # built from all 33 kecamatan (the summary's own kabupaten figure is not added on top)
    assert (row["jumlah_wilayah_lapor"], row["jumlah_wilayah_seharusnya"]) == (33, 33)


def test_malang_stated_total_typo_is_reported_not_used(malang):
    k = malang["karantina"]
    typo = k[(k["sumber"] == "dinas.kb_tren_metode") & (k["aturan"] == "jumlah_bagian_tidak_sama")]
    assert list(typo["baris"]) == [6]  # the 2024 row (header is row 1)
    assert "TOTAL PESERTA=3.124.085" in typo.iloc[0]["nilai"]  # as an Indonesian reader writes it
    assert (typo["tingkat_masalah"] == "peringatan").all()


def test_malang_mkjp_per_kecamatan_from_the_long_table(malang):
    data = pd.read_csv(malang["folder"] / "peserta_kb.csv")
    mkjp = data[data["Jenis_Kontrasepsi"].isin(["AKDR", "MOP", "MOW", "Implan"])]
    num = mkjp.groupby(["Kecamatan", "Tahun"])["Jumlah_Peserta"].sum()
    den = data.groupby(["Kecamatan", "Tahun"])["Jumlah_Peserta"].sum()
    expected = sorted(zip(num.astype(float), den.astype(float), strict=True))
    hasil = malang["hasil"]
    rows = hasil[(hasil["kode_indikator"] == "siga.mkjp") & (hasil["tingkat"] == "kecamatan")]
    assert len(rows) == 33 * 5
    assert sorted(zip(rows["pembilang"], rows["penyebut"], strict=True)) == expected


def test_malang_stunting_recomputed_and_mismatches_reported(malang):
    data = pd.read_csv(malang["folder"] / "kesehatan_stunting.csv", dtype=str)
    num = pd.to_numeric(data["Stunting"])
    den = pd.to_numeric(data["Jumlah Yang Diukur"])
    stated = pd.to_numeric(
        data["Prevalensi Stunting"].str.replace("%", "").str.replace(" ", ""), errors="coerce"
    )
    beda = ((stated - 100 * num / den).abs() > 0.05).sum()
    parts = (pd.to_numeric(data["Pendek"]) + pd.to_numeric(data["Sangat Pendek"]) != num).sum()
    assert parts == 38  # SOURCE.md
    k = malang["karantina"]
    k = k[k["sumber"] == "dinkes.stunting_puskesmas"]
    assert (k["aturan"] == "jumlah_bagian_tidak_sama").sum() == parts
    assert (k["aturan"] == "persen_tertulis_berbeda").sum() == beda
    # puskesmas rows are summed per kecamatan and month; the value is recomputed
    grouped = (
        data.assign(_n=num, _d=den).groupby(["Kecamatan", "Tahun", "Bulan"])[["_n", "_d"]].sum()
    )
    hasil = malang["hasil"]
    rows = hasil[
        (hasil["kode_indikator"] == "siga.stunting")
        & (hasil["tingkat"] == "kecamatan")
        & hasil["bulan"].notna()
    ]
    assert sorted(zip(rows["pembilang"], rows["penyebut"], strict=True)) == sorted(
        zip(grouped["_n"].astype(float), grouped["_d"].astype(float), strict=True)
    )


def test_bantul_kb_aktif_against_target(tmp_path_factory):
    folder = realdata_path("bantul-kb-aktif")
    run = _run(
        tmp_path_factory, [(folder / "DataAPI.csv", {"tahun": 2020, "wilayah": "34.02"})], "b"
    )
    a = run["ringkasan"].berkas[0]
    assert (a["baris_dibaca"], a["baris_dipakai"]) == (17, 17)
    row = _annual(run["hasil"], "siga.capaian_ppm_pa", "34.02", 2020)
    assert (row["pembilang"], row["penyebut"]) == (102_751, 124_668)
    assert round(row["nilai"], 2) == 82.42  # SOURCE.md
    k = run["karantina"]
    assert not (k["aturan"] == "jumlah_bagian_tidak_sama").any()  # methods = total on every row
    # swapped-looking columns: MOP > MOW and pil > suntik are flagged for a human to look at
    data = pd.read_csv(folder / "DataAPI.csv")
    swapped = (data["metode_kb_aktif_mop"] > data["metode_kb_aktif_mow"]).sum() + (
        data["metode_kb_aktif_pil"] > data["metode_kb_aktif_suntik"]
    ).sum()
    assert (k["aturan"] == "tidak_wajar").sum() == swapped > 0


def test_jabar_kabkota_names_only(tmp_path_factory):
    folder = realdata_path("jabar-2021-compiled")
    src = tmp_path_factory.mktemp("jabar") / "jabar.xlsx"
    shutil.copyfile(folder / "kesehatan balita di jawa barat 2021.xlsx", src)
    run = _run(tmp_path_factory, [(src, {"tahun": 2021, "wilayah": "32"})], "jabar")
    a = run["ringkasan"].berkas[0]
    assert (a["baris_dibaca"], a["baris_dipakai"], a["baris_karantina"]) == (27, 27, 0)
    prov = _annual(run["hasil"], "siga.peserta_kb_aktif", "32", 2021)
    assert prov["pembilang"] == 7_004_356  # SOURCE.md
    assert (prov["jumlah_wilayah_lapor"], prov["jumlah_wilayah_seharusnya"]) == (27, 27)
    k = run["karantina"]
    assert (k["aturan"] == "tidak_wajar").sum() == 27  # gizi buruk > kurang gizi in all rows
