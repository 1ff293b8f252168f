"""Formula escaping and the safe CSV/XLSX writers."""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

from transforms.baca.aman import periksa_berkas
from transforms.keluar.tulis_aman import (
    amankan_kolom_teks,
    amankan_sel,
    tulis_csv_aman,
    tulis_xlsx_aman,
)

# --------------------------------------------------------------------------- formula escaping


@pytest.mark.parametrize(
    ("nilai", "hasil"),
    [
        ("=1+1", "'=1+1"),
        ("+6281234567890", "'+6281234567890"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tabc", "'\tabc"),
        ("\rabc", "'\rabc"),
        ("'ok'", "'ok'"),
        ("abc", "abc"),
        ("", ""),
        (-5, -5),
        (-5.5, -5.5),
        (None, None),
    ],
)
def test_escape_sel(nilai, hasil):
    assert amankan_sel(nilai) == hasil


def test_escape_kolom_teks_leaves_numbers_and_missing_values():
    frame = pd.DataFrame(
        {"teks": ["=cmd", None, "abc"], "angka": [-5, 3, 0], "campur": ["-1", -1, float("nan")]}
    )
    hasil = amankan_kolom_teks(frame)
    assert hasil["teks"].tolist()[0::2] == ["'=cmd", "abc"]
    assert pd.isna(hasil["teks"].iloc[1])
    assert hasil["angka"].tolist() == [-5, 3, 0]
    assert hasil["campur"].tolist()[:2] == ["'-1", -1]
    assert pd.isna(hasil["campur"].iloc[2])
    assert frame["teks"].iloc[0] == "=cmd"  # the input is not modified


def test_escape_kolom_teks_with_odd_column_names():
    frame = pd.DataFrame([["=a", "=b", 1]], columns=[0, 0, "n"])
    assert amankan_kolom_teks(frame).iloc[0].tolist() == ["'=a", "'=b", 1]


def test_tulis_xlsx_aman_round_trip(tmp_path):
    frames = {
        "data/2024": pd.DataFrame(
            {"=judul": ["=1+1", "abc", None], "nilai": [-5, 2, 3], "pecahan": [1.5, None, 2.0]}
        ),
        "kedua": pd.DataFrame({"x": ["@SUM(A1)"]}),
    }
    path = tmp_path / "keluar.xlsx"
    tulis_xlsx_aman(frames, path)
    periksa_berkas(path)
    buku = openpyxl.load_workbook(path)
    assert buku.sheetnames == ["data_2024", "kedua"]
    lembar = buku["data_2024"]
    assert (lembar["A1"].value, lembar["A1"].data_type) == ("'=judul", "s")
    assert (lembar["A2"].value, lembar["A2"].data_type) == ("'=1+1", "s")
    assert lembar["A3"].value == "abc"
    assert lembar["A4"].value is None
    assert (lembar["B2"].value, lembar["B2"].data_type) == (-5, "n")
    assert lembar["C3"].value is None
    assert (buku["kedua"]["A2"].value, buku["kedua"]["A2"].data_type) == ("'@SUM(A1)", "s")
    for baris in buku.worksheets[0].iter_rows():
        assert all(sel.data_type != "f" for sel in baris)


def test_tulis_xlsx_aman_drops_characters_xml_cannot_hold(tmp_path):
    path = tmp_path / "kendali.xlsx"
    tulis_xlsx_aman({"a": pd.DataFrame({"x": ["\x01=cmd", "a\x00b"]})}, path)
    lembar = openpyxl.load_workbook(path).active
    assert [lembar["A2"].value, lembar["A3"].value] == ["'=cmd", "ab"]


def test_tulis_csv_aman(tmp_path):
    frame = pd.DataFrame({"nama": ['=HYPERLINK("http://x")', "Majene"], "jumlah": [-5, 10]})
    path = tmp_path / "keluar.csv"
    tulis_csv_aman(frame, path, index=False, sep=";")
    baris = path.read_text(encoding="utf-8").splitlines()
    assert baris[0] == "nama;jumlah"
    assert baris[1] == '"\'=HYPERLINK(""http://x"")";-5'
    assert baris[2] == "Majene;10"
    assert next(csv.reader(baris[1:2], delimiter=";"))[0].startswith("'=")


def test_tulis_csv_aman_escapes_headers_and_index(tmp_path):
    path = tmp_path / "judul.csv"
    tulis_csv_aman(pd.DataFrame({"=cmd": [1]}), path, index=False)
    assert path.read_text(encoding="utf-8").splitlines()[0] == "'=cmd"
    frame = pd.DataFrame({"a": [1]}, index=pd.Index(["@idx"], name="+nama"))
    tulis_csv_aman(frame, path)
    assert path.read_text(encoding="utf-8").splitlines() == ["'+nama,a", "'@idx,1"]
