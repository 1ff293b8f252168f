"""End to end on the real BKKBN Sulawesi Barat SIGA exports (../shared/realdata).

The three files are ingested for 2025 and run through the same steps as ``indikator run``
(without Prefect): the session fixture ``sulbar`` of ``tests/conftest.py``. Expected values
come from SOURCE.md and from sums computed here directly from the CSVs, independently of the
pipeline.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from schemas.katalog import muat_katalog
from tests.conftest import SULBAR_SIGA_2025
from transforms.komponen.ramping import KOLOM_BERULANG_INDIKATOR
from transforms.langkah.jalankan import jalankan
from transforms.langkah.pengaturan import Pengaturan

pytestmark = pytest.mark.lambat  # ingest + run of real exports

FILES = SULBAR_SIGA_2025  # the session fixture ``sulbar`` (tests/conftest.py) ingests these


def _row(hasil: pd.DataFrame, kode: str, wilayah: str, bulan: int | None = None) -> pd.Series:
    sel = (hasil["kode_indikator"] == kode) & (hasil["kode_wilayah"] == wilayah)
    sel &= hasil["bulan"].isna() if bulan is None else hasil["bulan"] == bulan
    rows = hasil[sel]
    assert len(rows) == 1
    return rows.iloc[0]


def test_province_values_from_source_md(sulbar):
    hasil = sulbar["hasil"]
    annual = _row(hasil, "spm.02", "76")
    assert (annual["pembilang"], annual["penyebut"]) == (119_867, 202_121)
    assert round(annual["nilai"], 2) == 59.30
    assert annual["bulan_acuan"] == 9
    assert annual["tahun"] == 2025
    jan = _row(hasil, "spm.02", "76", bulan=1)
    assert (jan["pembilang"], jan["penyebut"]) == (125_316, 204_569)
    assert round(jan["nilai"], 2) == 61.26
    unmet = _row(hasil, "spm.03", "76")
    assert (unmet["pembilang"], round(unmet["nilai"], 2)) == (19_476, 9.64)
    assert round(_row(hasil, "spm.03", "76", bulan=1)["nilai"], 2) == 9.44
    bkb = _row(hasil, "spm.04", "76")
    assert (bkb["pembilang"], bkb["penyebut"], bkb["nilai"]) == (29_161, 29_161, 100.0)


def test_kabupaten_september_from_source_md(sulbar):
    hasil = sulbar["hasil"]
    expected = {
        "Majene": 51.95,
        "Mamasa": 72.46,
        "Mamuju": 60.57,
        "Mamuju Tengah": 64.70,
        "Pasangkayu": 60.76,
        "Polewali Mandar": 54.31,
    }
    kab = hasil[
        (hasil["kode_indikator"] == "spm.02")
        & (hasil["tingkat"] == "kabupaten")
        & hasil["bulan"].isna()
    ]
    got = {
        n.removeprefix("Kabupaten "): round(v, 2)
        for n, v in zip(kab["nama_wilayah"], kab["nilai"], strict=True)
    }
    assert got == expected
    assert set(kab["bulan_acuan"]) == {9}


def test_region_counts(sulbar):
    hasil = sulbar["hasil"]
    annual = hasil[(hasil["kode_indikator"] == "spm.02") & hasil["bulan"].isna()]
    assert annual["tingkat"].value_counts().to_dict() == {
        "desa": 648,
        "kecamatan": 69,
        "kabupaten": 6,
        "provinsi": 1,
    }
    monthly = hasil[(hasil["kode_indikator"] == "spm.02") & hasil["bulan"].notna()]
    assert len(monthly) == (648 + 69 + 6 + 1) * 9
    assert annual["kode_wilayah"].str.startswith("76").all()
    assert (
        annual.loc[annual["tingkat"] == "desa", "kode_wilayah"]
        .str.fullmatch(r"76\.\d\d\.\d\d\.\d{4}")
        .all()
    )


def _raw_september(folder: Path) -> pd.DataFrame:
    """PA and PUS per desa in September, straight from the CSVs (independent of the pipeline)."""
    pus = pd.read_csv(folder / "data_pus.csv", sep=";", dtype=str)
    mix = pd.read_csv(folder / "data_mix_kontra.csv", sep=";", dtype=str)
    keys = ["KABUPATEN", "KECAMATAN", "KELURAHAN", "BULAN"]
    for frame in (pus, mix):
        frame["KELURAHAN"] = frame["KELURAHAN"].str.replace("\n", "")
    both = pus.merge(mix, on=keys, validate="one_to_one")
    both = both[both["BULAN"] == "SEPTEMBER"]
    return both.assign(PA=both["PA"].astype(int), PUS=both["PUS"].astype(int))


@pytest.mark.parametrize(
    ("tingkat", "kunci"),
    [
        ("kecamatan", ["KABUPATEN", "KECAMATAN"]),
        ("kabupaten", ["KABUPATEN"]),
        ("desa", ["KABUPATEN", "KECAMATAN", "KELURAHAN"]),
    ],
)
def test_rolled_up_values_equal_independent_sums(sulbar, tingkat, kunci):
    raw = _raw_september(sulbar["folder"])
    sums = raw.groupby(kunci)[["PA", "PUS"]].sum()
    expected = sorted(zip(sums["PA"].astype(float), sums["PUS"].astype(float), strict=True))
    hasil = sulbar["hasil"]
    out = hasil[
        (hasil["kode_indikator"] == "spm.02")
        & (hasil["tingkat"] == tingkat)
        & (hasil["bulan"] == 9)
    ]
    assert sorted(zip(out["pembilang"], out["penyebut"], strict=True)) == expected
    assert (out["nilai"] - out["pembilang"] / out["penyebut"] * 100).abs().max() < 1e-9


def test_mean_of_desa_percentages_appears_nowhere(sulbar):
    raw = _raw_september(sulbar["folder"])
    mean_of_pct = (raw["PA"] / raw["PUS"] * 100).mean()
    assert round(mean_of_pct, 2) == 62.37  # the wrong number, computed to prove it differs
    hasil = sulbar["hasil"]
    above_desa = hasil[hasil["tingkat"] != "desa"]
    assert not ((above_desa["nilai"] - 62.37).abs() < 0.005).any()


def test_every_row_accounted_for(sulbar):
    for a in sulbar["ringkasan"].berkas:
        assert a["baris_dibaca"] == 5_832, a
        assert (
            a["baris_dibaca"] == a["baris_dipakai"] + a["baris_karantina"] + a["baris_bukan_data"]
        )
        assert a["baris_karantina"] == 0, a
    # spm.02-04, and pasti.bumil.03 (unmet need, routine formula) from the same components;
    # the method columns of data_mix_kontra also give the MKJP share and the PA count
    assert set(sulbar["hasil"]["kode_indikator"]) == {
        "spm.02",
        "spm.03",
        "spm.04",
        "pasti.bumil.03",
        "siga.mkjp",
        "siga.peserta_kb_aktif",
    }
    assert sulbar["ringkasan"].jumlah_indikator == 6


def test_fuzzy_names_are_reported_as_warnings(sulbar):
    karantina = pd.read_parquet(sulbar["out"] / "karantina")
    warnings = karantina[karantina["aturan"] == "nama_wilayah_mirip"]
    assert set(warnings["tingkat_masalah"]) == {"peringatan"}
    assert warnings["pesan"].str.contains("ALU").any()
    assert (karantina["tingkat_masalah"] == "galat").sum() == 0


def _keys(frame: pd.DataFrame) -> pd.DataFrame:
    """Row keys with one set of types (DuckDB hands a nullable int column back as float)."""
    keys = ["kode_indikator", "kode_wilayah", "bulan", "tahun"]
    typed = frame[keys].astype({"bulan": "Int64", "tahun": "int64", "kode_wilayah": "str"})
    return typed.sort_values(keys).reset_index(drop=True)


def test_output_reads_the_same_four_ways(sulbar):
    out = sulbar["out"]
    polars = pytest.importorskip("polars")
    by_pandas = pd.read_parquet(out / "indikator")
    by_duckdb = duckdb.sql(f"SELECT * FROM read_parquet('{out}/indikator/**/*.parquet')").df()
    by_polars = polars.read_parquet(f"{out}/indikator/**/*.parquet").to_pandas()
    one_file = pq.read_table(out / "indikator" / "2025" / "76.parquet").to_pandas()
    for frame in (by_duckdb, by_polars, one_file):
        assert len(frame) == len(by_pandas)
        assert set(frame["tahun"]) == {2025}
        left = _keys(by_pandas)
        right = _keys(frame)
        pd.testing.assert_frame_equal(left, right)


def test_output_types_and_order(sulbar):
    path = sulbar["out"] / "indikator" / "2025" / "76.parquet"
    schema = pq.read_schema(path)
    assert schema.names == list(muat_katalog().kolom["indikator"])
    types = {f.name: str(f.type) for f in schema}
    assert types["kode_wilayah"] == "string"
    # categories in memory (transforms.komponen.ramping), plain text in the file
    teks = [k for k, v in muat_katalog().kolom["indikator"].items() if v["tipe"] == "string"]
    assert {k: types[k] for k in teks} == dict.fromkeys(teks, "string")
    assert set(KOLOM_BERULANG_INDIKATOR) <= set(teks)
    assert types["tahun"].startswith("int")
    assert types["memenuhi_target"] == "bool"
    assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"
    table = pq.read_table(path).to_pandas()
    order = table[["kode_indikator", "kode_wilayah"]]
    assert order.equals(order.sort_values(["kode_indikator", "kode_wilayah"]))


def test_rerun_gives_same_rows_and_keeps_previous(sulbar, tmp_path):
    out = tmp_path / "out"  # the shared output stays as it is: the re-run writes into a copy
    shutil.copytree(sulbar["out"], out, symlinks=True)  # the links are relative: they still work
    first = pd.read_parquet(out / "indikator").drop(columns="id_run")
    # computed again although no file changed (else the year is carried: nothing published)
    ringkasan = jalankan(sulbar["raw"], out, 2025, pengaturan=Pengaturan(hitung_ulang=True))
    second = pd.read_parquet(out / "indikator")
    assert set(second["id_run"]) == {ringkasan.id_run}
    # nothing changed: every row keeps the run that last changed it (the first one)
    assert set(second["id_run_ubah"]) == {sulbar["ringkasan"].id_run}
    pd.testing.assert_frame_equal(first, second.drop(columns="id_run"))
    # the previous generation is kept whole, outside the documented paths: no reader counts it
    sebelumnya = sulbar["ringkasan"].generasi
    assert sorted(p.name for p in (out / "generasi").iterdir()) == [sebelumnya, ringkasan.id_run]
    assert (out / "generasi" / sebelumnya / "indikator" / "2025" / "76.parquet").exists()
    assert len(pd.read_parquet(out / "indikator")) == len(first)


def _independent(folder: Path) -> pd.DataFrame:
    """Every month, per kabupaten: PA, PUS, unmet need and BKB members, summed from the CSVs."""
    pus = pd.read_csv(folder / "data_pus.csv", sep=";", dtype=str)
    mix = pd.read_csv(folder / "data_mix_kontra.csv", sep=";", dtype=str)
    bkb = pd.read_csv(folder / "data_bkb_keluarga.csv", sep=";", dtype=str)
    cols = {"PUS": pus, "UNMET NEED": pus, "PA": mix, "STATUS PUS": bkb, "STATUS BER KB": bkb}
    sums = {
        col: frame.assign(v=frame[col].astype(int)).groupby(["KABUPATEN", "BULAN"])["v"].sum()
        for col, frame in cols.items()
    }
    return pd.DataFrame(sums)


@pytest.mark.parametrize(
    ("kode", "pembilang", "penyebut"),
    [
        ("spm.02", "PA", "PUS"),
        ("spm.03", "UNMET NEED", "PUS"),
        ("spm.04", "STATUS BER KB", "STATUS PUS"),
    ],
)
def test_every_month_and_kabupaten_equals_independent_sums(sulbar, kode, pembilang, penyebut):
    from transforms.baca.kalender import BULAN

    expected = _independent(sulbar["folder"]).reset_index()
    expected = expected.assign(bulan=expected["BULAN"].map(BULAN))
    hasil = sulbar["hasil"]
    out = hasil[
        (hasil["kode_indikator"] == kode)
        & (hasil["tingkat"] == "kabupaten")
        & hasil["bulan"].notna()
    ]
    assert len(out) == len(expected) == 6 * 9
    got = sorted(zip(out["bulan"], out["pembilang"], out["penyebut"], strict=True))
    want = sorted(zip(expected["bulan"], expected[pembilang], expected[penyebut], strict=True))
    assert got == want


def test_manifest_records_inputs_outputs_and_accounting(sulbar):
    import json

    manifest = json.loads((sulbar["out"] / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["keluaran"]["indikator"]["2025"]["baris"] == len(sulbar["hasil"])
    masukan = {m["nama_asli"]: m for m in manifest["masukan"]}
    assert set(masukan) == set(FILES)
    for m in masukan.values():
        assert len(m["sha256"]) == 64
        assert m["baris_dibaca"] == m["baris_dipakai"] == 5_832
    assert manifest["parameter"]["tahun"] == 2025
