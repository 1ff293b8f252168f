"""``indikator asal``: a published value traced down the roll-up to file rows (hand-made
generation, fast) and on the real Sulawesi Barat run (slow)."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from schemas.katalog import muat_katalog
from transforms.keluar.asal import AsalTidakDitemukan, cari_komponen_asal, telusuri_asal
from transforms.keluar.asal_teks import buat_teks_asal, sebut_angka

runner = CliRunner()
NA = pd.NA

# (kode, tingkat, nama, bulan, bulan_acuan, pembilang, penyebut)
INDIKATOR = [
    ("76", "provinsi", "Sulawesi Barat", NA, 9, 40.0, 100.0),
    ("76", "provinsi", "Sulawesi Barat", 9, NA, 40.0, 100.0),
    ("76.01", "kabupaten", "Pasangkayu", 9, NA, 30.0, 60.0),
    ("76.02", "kabupaten", "Mamuju", 9, NA, 10.0, 40.0),
    # annual child rows from another month: the chain must NOT sum these
    ("76.01", "kabupaten", "Pasangkayu", NA, 8, 31.0, 61.0),
    ("76.02", "kabupaten", "Mamuju", NA, 9, 10.0, 40.0),
    ("76.01.01", "kecamatan", "Bambaira", 9, NA, 30.0, 60.0),
    ("76.02.01", "kecamatan", "Mamuju", 9, NA, 10.0, 40.0),
    ("76.01.01.2001", "desa", "Bambaira", 9, NA, 20.0, 35.0),
    ("76.01.01.2002", "desa", "Kasoloang", 9, NA, 10.0, 25.0),
    ("76.02.01.2001", "desa", "Binanga", 9, NA, 10.0, 40.0),
]
# (kode, bulan, komponen, nilai, berkas, lembar, baris)
KOMPONEN = [
    ("76.01.01.2001", 9, "peserta_kb_aktif", 20.0, "siga.mix_kontra/2025/kb.csv", None, 5592),
    ("76.01.01.2001", 9, "kb_aktif_pil", 7.0, "siga.mix_kontra/2025/kb.csv", None, 5592),
    ("76.01.01.2001", 9, "pus", 35.0, "dinas.pus/2025/pus.xlsx", "Rekap", 14),
    ("76.01.01.2001", 8, "pus", 34.0, "dinas.pus/2025/pus.xlsx", "Rekap", 13),
    ("76.01.01.2002", 9, "pus", 25.0, "dinas.pus/2025/pus.xlsx", "Rekap", 15),
]


@pytest.fixture()
def generasi(tmp_path):
    rows = pd.DataFrame(
        INDIKATOR,
        columns=[
            "kode_wilayah",
            "tingkat",
            "nama_wilayah",
            "bulan",
            "bulan_acuan",
            "pembilang",
            "penyebut",
        ],
    )
    rows = rows.assign(
        kode_indikator="spm.02",
        tahun=2025,
        semester=pd.array([NA] * len(rows), "Int64"),
        nilai=rows["pembilang"] / rows["penyebut"] * 100,
        jumlah_wilayah_lapor=1,
        sumber="siga.mix_kontra,siga.pus",
    ).astype({"bulan": "Int64", "bulan_acuan": "Int64"})
    (tmp_path / "indikator" / "2025").mkdir(parents=True)
    rows.to_parquet(tmp_path / "indikator" / "2025" / "part-0.parquet")
    komp = pd.DataFrame(
        KOMPONEN,
        columns=["kode_wilayah", "bulan", "komponen", "nilai", "berkas", "lembar", "baris"],
    ).assign(tahun=2025, semester=pd.array([NA] * len(KOMPONEN), "Int64"), sumber="x", sha256="0")
    komp = komp.astype({"bulan": "Int64"})
    (tmp_path / "komponen" / "2025").mkdir(parents=True)
    komp.to_parquet(tmp_path / "komponen" / "2025" / "part-0.parquet")
    return tmp_path


def test_annual_stock_value_is_traced_in_its_reference_month(generasi):
    katalog = muat_katalog()
    asal = telusuri_asal(generasi, katalog, "spm.02", "76", 2025, maks=1)
    assert (asal.nilai.pembilang, asal.nilai.penyebut, asal.nilai.nilai) == (40.0, 100.0, 40.0)
    assert asal.bulan_acuan == 9 and asal.periode_turun == (9, None)
    prov, kab, kec = asal.langkah
    # September children (30 + 10), not the annual rows (31 from August + 10)
    assert (prov.jumlah_anak, prov.jumlah_pembilang, prov.jumlah_penyebut) == (2, 40.0, 100.0)
    assert [w.kode_wilayah for w in prov.anak] == ["76.01"]  # maks 1: the largest
    assert (prov.sisa_pembilang, prov.sisa_penyebut) == (10.0, 40.0) and prov.cocok
    assert kab.induk.kode_wilayah == "76.01" and [w.kode_wilayah for w in kab.anak] == ["76.01.01"]
    assert kec.jumlah_pembilang == 30.0 and kec.anak[0].kode_wilayah == "76.01.01.2001"
    # the desa's rows of September; the pill part is hidden as PA was reported directly
    rows = asal.baris.set_index("komponen")
    assert sorted(rows.index) == ["peserta_kb_aktif", "pus"]
    assert rows.loc["pus", "berkas"] == "dinas.pus/2025/pus.xlsx"
    assert (rows.loc["pus", "lembar"], rows.loc["pus", "baris"]) == ("Rekap", 14)
    teks = "\n".join(buat_teks_asal(asal, katalog, 1))
    assert "… dan 1 kabupaten lain (pembilang 10, penyebut 40)" in teks
    assert "jumlah 2 kabupaten: pembilang 40 = 40 ✓, penyebut 100 = 100 ✓" in teks
    assert "pus (September 2025) = 35: dinas.pus/2025/pus.xlsx, sheet Rekap, baris 14" in teks
    assert "jumlah baris penyebut (pus): 35 = 35 ✓" in teks
    assert "Nilai tahunan = nilai September 2025" in teks


def test_annual_flow_count_is_traced_through_every_month(tmp_path):
    # a count indicator (no denominator) of a flow: the annual value sums the months
    ind = (
        pd.DataFrame(
            {
                "kode_wilayah": ["76", "76.01", "76.02"],
                "tingkat": ["provinsi", "kabupaten", "kabupaten"],
                "nama_wilayah": ["Sulawesi Barat", "Pasangkayu", "Mamuju"],
                "pembilang": [12.0, 9.0, 3.0],
            }
        )
        .assign(
            kode_indikator="siga.peserta_kb_baru",
            tahun=2024,
            penyebut=None,
            nilai=lambda d: d["pembilang"],
            jumlah_wilayah_lapor=1,
            sumber="simonep.faskes_kb_baru",
            bulan=pd.array([NA] * 3, "Int64"),
            semester=pd.array([NA] * 3, "Int64"),
            bulan_acuan=pd.array([NA] * 3, "Int64"),
        )
        .astype({"penyebut": "float64"})
    )
    (tmp_path / "indikator" / "2024").mkdir(parents=True)
    ind.to_parquet(tmp_path / "indikator" / "2024" / "part-0.parquet")
    komp = (
        pd.DataFrame({"bulan": [1, 1, 2], "nilai": [4.0, 2.0, 3.0], "baris": [3, 4, 9]})
        .assign(
            kode_wilayah="76.01",
            tahun=2024,
            semester=pd.array([NA] * 3, "Int64"),
            komponen="peserta_kb_baru",
            sumber="simonep.faskes_kb_baru",
            sha256="0",
            berkas="simonep.faskes_kb_baru/2024/faskes.xlsx",
            lembar="Sheet1",
        )
        .astype({"bulan": "Int64"})
    )
    (tmp_path / "komponen" / "2024").mkdir(parents=True)
    komp.to_parquet(tmp_path / "komponen" / "2024" / "part-0.parquet")
    katalog = muat_katalog()
    asal = telusuri_asal(tmp_path, katalog, "siga.peserta_kb_baru", "76", 2024)
    assert asal.periode_turun == (None, None) and asal.langkah[0].cocok
    assert asal.langkah[0].jumlah_penyebut is None  # no denominator, nothing to compare
    assert asal.baris["baris"].tolist() == [3, 4, 9]  # January's two units, then February
    teks = "\n".join(buat_teks_asal(asal, katalog, 5))
    assert "jumlah 2 kabupaten: pembilang 12 = 12 ✓" in teks and "penyebut" not in teks
    assert "jumlah baris pembilang (peserta_kb_baru): 9 = 9 ✓" in teks
    assert "peserta_kb_baru (Februari 2024) = 3: simonep.faskes_kb_baru/2024/faskes.xlsx, " in teks


def test_a_sum_that_does_not_add_up_is_shown(generasi):
    path = generasi / "indikator" / "2025" / "part-0.parquet"
    rows = pd.read_parquet(path)
    rows.loc[rows["kode_wilayah"] == "76.02.01.2001", "pembilang"] = 9.0
    rows.to_parquet(path)
    asal = telusuri_asal(generasi, muat_katalog(), "spm.02", "76.02", 2025, bulan=9)
    assert asal.periode_turun == (9, None) and not asal.langkah[-1].cocok
    assert "TIDAK SAMA" in "\n".join(buat_teks_asal(asal, muat_katalog(), 5))


def test_unknown_value_is_a_bahasa_message(generasi):
    with pytest.raises(AsalTidakDitemukan, match=r"tidak ada nilai spm\.02 untuk wilayah 76\.09"):
        telusuri_asal(generasi, muat_katalog(), "spm.02", "76.09", 2025)
    result = runner.invoke(app, ["asal", "spm.99", "76", "--tahun", "2025", "--out", str(generasi)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_components_and_their_parts():
    komponen = cari_komponen_asal(muat_katalog(), "spm.02")
    assert komponen[:2] == ["peserta_kb_aktif", "kb_aktif_suntik"] and "pus" in komponen
    assert sebut_angka(119867.0) == "119.867" and sebut_angka(59.304574) == "59,30"


def test_sulbar_province_value_reaches_desa_and_file_rows(sulbar):
    katalog = muat_katalog()
    asal = telusuri_asal(sulbar["out"] / "terkini", katalog, "spm.02", "76", 2025, maks=3)
    assert round(asal.nilai.nilai, 2) == 59.30  # tests/test_sulbar.py reference
    assert [lk.anak[0].tingkat for lk in asal.langkah] == ["kabupaten", "kecamatan", "desa"]
    hasil = sulbar["hasil"]
    for lk in asal.langkah:
        assert lk.cocok, lk.induk
        # independently: the published September rows one level below, summed in pandas
        anak = hasil[
            (hasil["kode_indikator"] == "spm.02")
            & (hasil["bulan"] == asal.periode_turun[0])
            & (hasil["tingkat"] == lk.anak[0].tingkat)
            & hasil["kode_wilayah"].str.startswith(lk.induk.kode_wilayah + ".")
        ]
        assert len(anak) == lk.jumlah_anak
        assert anak["pembilang"].sum() == pytest.approx(lk.induk.pembilang)
        shown = sum(w.pembilang for w in lk.anak) + lk.sisa_pembilang
        assert shown == pytest.approx(lk.induk.pembilang)
    desa = asal.langkah[-1].anak[0]
    rows = asal.baris.set_index("komponen")
    assert rows.loc["peserta_kb_aktif", "nilai"] == desa.pembilang
    assert rows.loc["pus", "nilai"] == desa.penyebut
    # the row number is the spreadsheet row (header = 1) of the stored file: read it back
    for komponen, kolom in (("pus", "PUS"), ("peserta_kb_aktif", "PA")):
        r = rows.loc[komponen]
        nama = r["berkas"].split("/")[-1]
        with (sulbar["folder"] / nama).open(encoding="utf-8", newline="") as fh:
            records = list(csv.DictReader(fh, delimiter=";"))
        record = records[int(r["baris"]) - 2]
        assert float(record[kolom]) == r["nilai"] and record["BULAN"] == "SEPTEMBER"
    result = runner.invoke(
        app, ["asal", "spm.02", "76", "--tahun", "2025", "--out", str(sulbar["out"])]
    )
    assert result.exit_code == 0, result.output
    assert "nilai 59,30 = pembilang" in result.output and "baris berkas asal" in result.output
