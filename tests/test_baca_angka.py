"""Deliberate parsing of Indonesian numbers and month names, one text column at a time."""

from __future__ import annotations

import math
import random

import pandas as pd
import pytest

from transforms.baca.angka import kenali_ambigu, ubah_angka
from transforms.baca.csv import baca_csv
from transforms.baca.kalender import ubah_bulan


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567", 1234567.0),
        ("10.000", 10000.0),
        ("85,24", 85.24),
        ("12%", 12.0),
        ("8.6 %", 8.6),
        ("-11,44%", -11.44),
        ("507", 507.0),
        ("100.00", 100.0),
        (" 42 ", 42.0),
    ],
)
def test_numbers(text, expected):
    values, invalid = ubah_angka(pd.Series([text]))
    assert values.iloc[0] == pytest.approx(expected)
    assert not invalid.iloc[0]


@pytest.mark.parametrize("text", ["-", "", "—"])
def test_blank_is_missing_not_invalid(text):
    values, invalid = ubah_angka(pd.Series([text]))
    assert math.isnan(values.iloc[0])
    assert not invalid.iloc[0]


@pytest.mark.parametrize("text", ["x", "12a", "1,2,3.4"])
def test_invalid_is_flagged(text):
    values, invalid = ubah_angka(pd.Series([text]))
    assert math.isnan(values.iloc[0])
    assert invalid.iloc[0]


@pytest.mark.parametrize("benih", range(40))
def test_whole_number_columns_read_as_every_column_is(benih):
    """A column of blanks and whole numbers (read in Arrow, :func:`_bulat_saja`) gets the
    values, flags, index, name and types the general rules give: the same cells with one
    cell that needs them (a thousands group) added, read again, agree cell for cell."""
    acak = random.Random(benih)
    sel = [
        acak.choice(["", " ", "-", "—", None, "0", "007", " 12 ", "999999999999999"])
        if acak.random() < 0.3
        else str(acak.randint(0, 10 ** acak.randint(1, 15) - 1))
        for _ in range(acak.randint(1, 60))
    ]
    nama = acak.choice(["PUS", None])
    for dtype in ("str", "object"):
        kolom = pd.Series(sel, dtype=dtype, name=nama, index=pd.RangeIndex(3, 3 + len(sel)))
        nilai, salah = ubah_angka(kolom)
        umum, salah_umum = ubah_angka(pd.concat([kolom, pd.Series(["1.234"], dtype=dtype)]))
        assert umum.iloc[-1] == 1234.0  # the general rules read that cell
        pd.testing.assert_series_equal(nilai, umum.iloc[:-1].rename(nama))
        pd.testing.assert_series_equal(salah, salah_umum.iloc[:-1].rename(nama))
        assert not salah.any()
        angka = [float(v) for v in sel if v is not None and v.strip().isdigit()]
        assert nilai.dropna().tolist() == angka


def test_months():
    got = ubah_bulan(pd.Series(["JANUARI", "september", "Des", "7", "13", "", "Agt."]))
    assert got.tolist() == [1, 9, 12, 7, pd.NA, pd.NA, 8]


def test_csv_read_keeps_codes_as_text_and_embedded_newlines(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(
        'KODE;NAMA;PUS\r\n32.01.01;"LIMBORO RAMBU-\nRAMBU";1.234\r\n0103;B;5\r\n'.encode("cp1252")
    )
    tabel = baca_csv(path)
    assert tabel.data["KODE"].tolist() == ["32.01.01", "0103"]
    assert tabel.data["NAMA"].iloc[0] == "LIMBORO RAMBU-\nRAMBU"
    assert tabel.baris.tolist() == [2, 3]
    values, _ = ubah_angka(tabel.data["PUS"])
    assert values.tolist() == [1234.0, 5.0]


def test_bulan_dan_tahun_dihitung_sekali_per_nilai_unik():
    """A month column is read once per distinct value and spread back: the same values, type,
    index and name as reading every cell on its own (NA and blanks included)."""
    from transforms.baca.kalender import cari_tahun_bulan, ubah_bulan

    isi = ["Januari", "januari 2025", "PEBRUARI", "12", "12.0", "13", None, "", "2025-03-01"]
    isi += ["Des.", "NOPEMBER 2024", "abc", "  mei  ", "1"]
    teks = pd.Series(isi * 3, dtype="str", index=range(100, 100 + 3 * len(isi)), name="BULAN")
    bulan, tahun = ubah_bulan(teks), cari_tahun_bulan(teks)
    satu_satu = [ubah_bulan(teks.iloc[[i]]).iloc[0] for i in range(len(isi))]
    assert bulan.iloc[: len(isi)].tolist() == satu_satu
    assert bulan.tolist()[:9] == [1, 1, 2, 12, 12, pd.NA, pd.NA, pd.NA, 3]
    assert tahun.tolist()[:3] == [pd.NA, 2025, pd.NA] and tahun.iloc[10] == 2024
    assert list(bulan.index) == list(teks.index) and bulan.name == tahun.name == "BULAN"
    assert str(bulan.dtype) == str(tahun.dtype) == "Int64"


@pytest.mark.parametrize(
    "text", ["1,000", "12,000", "2,500", "-1,401", "999,999", " 1,000 ", "1,000%"]
)
def test_one_comma_and_three_digits_is_ambiguous_never_guessed(text):
    """``1,000`` is a thousand the English way or one the Indonesian way: refused (read as 1
    it went silently into the sums, a thousand times too small)."""
    values, invalid = ubah_angka(pd.Series([text, "5"]))
    assert math.isnan(values.iloc[0]) and invalid.iloc[0]
    assert values.iloc[1] == 5.0 and not invalid.iloc[1]
    assert kenali_ambigu(pd.Series([text])).tolist() == [True]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,5", 1.5), ("1,25", 1.25), ("1,2500", 1.25), ("1.000", 1000.0), ("1,000,000", 1e6)],
)
def test_unambiguous_commas_are_still_read(text, expected):
    values, invalid = ubah_angka(pd.Series([text]))
    assert values.iloc[0] == pytest.approx(expected) and not invalid.iloc[0]
    assert kenali_ambigu(pd.Series([text])).tolist() == [False]
