"""Safe file names: a name from a file or a user never becomes a path."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.baca.nama import NAMA_WINDOWS, nama_aman

# --------------------------------------------------------------------------- safe names


@pytest.mark.parametrize(
    ("nama", "hasil"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("CON.csv", "CON_.csv"),
        ("nul", "nul_"),
        ("com1.tar.gz", "com1_.tar.gz"),
        ("\x00evil.csv", "evil.csv"),
        (".hidden", "hidden"),
        ("..", "berkas"),
        ("", "berkas"),
        ("Laporan Januari (1).xlsx", "Laporan_Januari_1_.xlsx"),
        ("Rekap Désa—Sulbar.xlsx", "Rekap_Desa_Sulbar.xlsx"),
        ("a..b.csv", "a.b.csv"),
        ("-rf.csv", "rf.csv"),
    ],
)
def test_nama_aman(nama, hasil):
    assert nama_aman(nama) == hasil


def test_nama_aman_caps_length_and_keeps_extension():
    hasil = nama_aman("a" * 500 + ".xlsx")
    assert len(hasil) == 120
    assert hasil.endswith(".xlsx")


def test_nama_aman_reserved_name_hidden_after_truncation():
    assert nama_aman("CON" + "_" * 130 + "x") == "CON_"  # cut to "CON___...", then stripped
    assert nama_aman("CON" + "." * 130) == "CON_"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_nama_aman_properties(nama):
    hasil = nama_aman(nama)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}", hasil)
    assert ".." not in hasil
    assert hasil.split(".")[0].upper() not in NAMA_WINDOWS
    assert nama_aman(hasil) == hasil
