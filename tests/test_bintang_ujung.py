"""End to end: the real Sulbar outputs and the demo through ``OUT/indikator.duckdb`` and the
per-indicator files; a filled target sheet in a real run; reading while a run publishes.

Reference values come from SOURCE.md (tests/test_sulbar.py): spm.02 province 2025 annual
119,867 / 202,121 = 59.30 %, Mamasa September 72.46 %. The demo counts are those the issue
measured: 39,093 rows with ``bulan IS NULL``, 36,021 of them truly annual.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import duckdb
import pandas as pd
import polars as pl
import pytest

from schemas.katalog import muat_katalog
from tests.bantu_generasi import ROOT, terbitkan_uji
from transforms.keluar.target_templat import tulis_templat_target
from transforms.keluar.target_terima import baca_templat_target, simpan_target
from transforms.langkah.jalankan import jalankan

pytestmark = pytest.mark.lambat
SKRIP = ROOT / "tests" / "bantu_generasi.py"
MASTER = ROOT / "catalog" / "wilayah" / "kemendagri_2025.csv"


def _satu(con, sql: str):
    return con.sql(sql).fetchall()[0]


def test_sulbar_through_the_duckdb_file(sulbar, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not the output's folder: paths are relative to the file
    con = duckdb.connect(str(sulbar["out"] / "indikator.duckdb"), read_only=True)
    with MASTER.open(encoding="utf-8", newline="") as fh:
        kode = [r["kode"].strip() for r in csv.DictReader(fh)]
    sulbar_master = [k for k in kode if k.split(".")[0] == "76"]
    assert _satu(con, "SELECT count(*) FROM dim_wilayah WHERE edisi_master = '2025'") == (
        len(kode),
    )
    assert _satu(con, "SELECT count(*) FROM dim_wilayah WHERE kode_provinsi = '76'") == (
        len(sulbar_master),
    )
    assert _satu(con, "SELECT jumlah_desa FROM dim_wilayah WHERE kode_wilayah = '76'") == (
        sum(1 for k in sulbar_master if k.count(".") == 3),
    )
    tanpa = con.sql(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal "
        "AND (comment IS NULL OR comment = 'Kolom ' || column_name || '.')"
    ).fetchall()
    assert tanpa == []
    hasil = sulbar["hasil"]
    tahunan = int((hasil["bulan"].isna() & hasil["semester"].isna()).sum())
    assert _satu(con, "SELECT count(*) FROM indikator WHERE jenis_periode = 'tahunan'") == (
        tahunan,
    )
    prov = _satu(
        con,
        "SELECT pembilang, penyebut, round(nilai, 2), catatan_target FROM indikator_tahunan "
        "WHERE kode_indikator = 'spm.02' AND kode_wilayah = '76' AND tahun = 2025",
    )
    assert prov[:3] == (119_867, 202_121, 59.30)
    assert prov[3].startswith("tidak ada target untuk tahun ini; target terakhir 2015: 65")
    assert _satu(con, "SELECT round(spm_02, 2) FROM lebar_spm WHERE kode_wilayah = '76'") == (
        59.30,
    )
    assert _satu(
        con,
        "SELECT tahun, round(nilai, 2) FROM indikator_terakhir "
        "WHERE kode_indikator = 'spm.02' AND kode_wilayah = '76'",
    ) == (2025, 59.30)
    lepas = _satu(
        con,
        "SELECT count(*) FILTER (WHERE w.kode_wilayah IS NULL), "
        "count(*) FILTER (WHERE p.kode_periode IS NULL), "
        "count(*) FILTER (WHERE d.kode_indikator IS NULL) FROM indikator f "
        "LEFT JOIN dim_wilayah w USING (kode_wilayah) "
        "LEFT JOIN dim_periode p USING (kode_periode) "
        "LEFT JOIN dim_indikator d USING (kode_indikator)",
    )
    assert lepas == (0, 0, 0)
    hierarki = _satu(
        con,
        "SELECT w.nama_kabupaten, round(f.nilai, 2) FROM indikator f JOIN dim_wilayah w "
        "USING (kode_wilayah) JOIN dim_periode p USING (kode_periode) "
        "WHERE f.kode_indikator = 'spm.02' AND w.tingkat = 'kabupaten' "
        "AND p.label = 'September 2025' AND w.nama_kabupaten LIKE '%Mamasa'",
    )
    assert hierarki == ("Kabupaten Mamasa", 72.46)
    con.close()


def test_sulbar_per_indicator_files_one_at_a_time(sulbar):
    hasil = sulbar["hasil"]
    folder = sulbar["out"] / "per_indikator"
    harap = hasil.groupby("kode_indikator").size().to_dict()
    assert sorted(p.name for p in folder.iterdir()) == sorted(harap)
    for kode, n in harap.items():  # one province: one file per indicator
        assert [p.name for p in (folder / kode).iterdir()] == ["76.parquet"]
        path = folder / kode / "76.parquet"
        assert len(pd.read_parquet(folder / kode)) == len(pd.read_parquet(path)) == n
        assert pl.read_parquet(folder / kode / "*.parquet").height == n
        assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0] == n
    spm02 = pl.read_parquet(folder / "spm.02" / "76.parquet").filter(
        (pl.col("kode_wilayah") == "76") & (pl.col("jenis_periode") == "tahunan")
    )
    assert spm02.select("tahun", "pembilang", "penyebut").rows() == [(2025, 119_867, 202_121)]


def test_demo_annual_rows_are_one_filter(demo):
    con = duckdb.connect(str(demo["out"] / "indikator.duckdb"), read_only=True)
    hitung = _satu(
        con,
        "SELECT count(*) FILTER (WHERE bulan IS NULL), "
        "count(*) FILTER (WHERE jenis_periode = 'tahunan'), "
        "count(*) FILTER (WHERE jenis_periode = 'semesteran') FROM indikator",
    )
    assert hitung == (39_093, 36_021, 3_072)
    ganda = _satu(
        con,
        "SELECT count(*) FROM (SELECT kode_indikator, kode_wilayah, tahun FROM indikator "
        "WHERE jenis_periode = 'tahunan' GROUP BY ALL HAVING count(*) > 1)",
    )
    assert ganda == (0,)  # one annual row per indicator, region and year
    # an annual value made from semester data is the value at the end of semester 2
    sama = con.sql(
        "SELECT t.nilai = s.nilai, t.bulan_acuan FROM indikator t JOIN indikator s "
        "USING (kode_indikator, kode_wilayah, tahun) WHERE t.jenis_periode = 'tahunan' "
        "AND s.semester = 2 AND kode_indikator = 'pasti.krs.04' AND kode_wilayah = '33.06'"
    ).fetchall()
    assert sama == [(True, 12)]
    con.close()


def test_a_filled_target_sheet_in_a_real_run(sulbar, tmp_path):
    katalog = muat_katalog()
    xlsx = tmp_path / "target-sulbar.xlsx"
    tulis_templat_target(xlsx, katalog, [("76", "Sulawesi Barat")], [2025, 2026])
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    ws = wb["Target"]
    judul = [c.value for c in ws[1]]
    for r in range(2, ws.max_row + 1):
        baris = {j: ws.cell(r, judul.index(j) + 1) for j in judul}
        if baris["kode_indikator"].value == "spm.02" and baris["tahun"].value == 2025:
            baris["target"].value = 60
            baris["dasar_hukum"].value = "Pergub Sulbar 1/2025 (RPJMD 2025-2029)"
    wb.save(xlsx)
    hasil = baca_templat_target(xlsx, katalog)
    assert hasil.masalah == [] and len(hasil.target) == 1
    simpan_target(hasil, tmp_path / "target", xlsx.name)
    out = tmp_path / "out"
    jalankan(sulbar["raw"], out, 2025, target=tmp_path / "target")
    con = duckdb.connect(str(out / "indikator.duckdb"), read_only=True)
    prov = _satu(
        con,
        "SELECT round(nilai, 2), target, memenuhi_target, round(capaian_target, 2), "
        "target_sumber, catatan_target FROM indikator_tahunan "
        "WHERE kode_indikator = 'spm.02' AND kode_wilayah = '76'",
    )
    assert prov == (
        59.30,
        60.0,
        False,
        round(119_867 / 202_121 * 100 / 60 * 100, 2),
        "Pergub Sulbar 1/2025 (RPJMD 2025-2029)",
        None,
    )
    dasar = _satu(con, "SELECT dasar_hukum_target FROM dim_indikator WHERE kode_indikator='spm.02'")
    assert "Pergub Sulbar 1/2025" in dasar[0]
    con.close()


def test_the_duckdb_file_opens_read_only_while_a_run_publishes(tmp_path):
    out = tmp_path / "out"
    terbitkan_uji(out, "A")
    penerbit = subprocess.Popen(
        [sys.executable, str(SKRIP), "terbit", str(out), "P", "--ulang", "4", "--simpan", "10"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    bacaan, galat = [], []
    while penerbit.poll() is None or len(bacaan) < 5:
        try:
            con = duckdb.connect(str(out / "indikator.duckdb"), read_only=True)
            ids = con.sql(
                "SELECT tahun, list(DISTINCT id_run) FROM indikator GROUP BY 1"
            ).fetchall()
            wilayah = con.sql("SELECT count(*) FROM dim_wilayah").fetchall()[0][0]
            con.close()
            bacaan.append((sorted(ids), wilayah))
        except Exception as exc:  # every error is a finding
            galat.append(f"{type(exc).__name__}: {exc}")
    keluaran, err = penerbit.communicate(timeout=120)
    assert penerbit.returncode == 0, err
    terbit = {"A"} | {json.loads(b)["terbit"] for b in keluaran.splitlines() if b.strip()}
    assert len(terbit) == 5 and galat == [], galat[:3]
    dilihat = set()
    for ids, wilayah in bacaan:
        assert [t for t, _ in ids] == [2024, 2025] and wilayah > 90_000
        satu = {i for _, daftar in ids for i in daftar}
        assert len(satu) == 1 and satu <= terbit, ids  # one generation, whole
        dilihat |= satu
    print(f"{len(bacaan)} bacaan, generasi terlihat: {sorted(dilihat)}")
