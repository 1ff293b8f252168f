"""Reports for the sender: verdict, terminal summary, HTML page, and both files written together."""

from __future__ import annotations

import re
import zipfile
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.laporan_contoh import SKRIP, TANGGAL, _akuntansi, _csv, _ditolak, _masalah, _p, _xlsx
from transforms.baca.nama import nama_aman
from transforms.keluar.laporan.html import BATAS_HTML, tulis_laporan_html
from transforms.keluar.laporan.masalah import periksa_dapat_dipakai
from transforms.keluar.laporan.tanda import BATAS_KOMENTAR
from transforms.keluar.laporan.terminal import buat_ringkasan_validasi
from transforms.keluar.laporan.tulis import tulis_laporan

# --------------------------------------------------------------------------- verdict, terminal


def test_dapat_dipakai():
    ok = _masalah("a.csv", [_p(5, "PUS", "x", "angka_tidak_valid", "bukan angka")])
    assert periksa_dapat_dipakai(ok, _akuntansi("a.csv"))
    assert not periksa_dapat_dipakai(
        ok, _akuntansi("a.csv", dibaca=3, dipakai=0, karantina=3, bukan=0)
    )
    assert not periksa_dapat_dipakai(*_ditolak("a.csv", "kolom 'PUS' tidak ditemukan"))
    # a rejection row without the accounting key still means unusable
    masalah, _ = _ditolak("a.csv", "rusak")
    assert not periksa_dapat_dipakai(masalah, _akuntansi("a.csv"))
    assert periksa_dapat_dipakai(pd.DataFrame(), _akuntansi("a.csv", karantina=0, bukan=3))


def test_ringkasan_usable():
    masalah = _masalah(
        "pus.csv",
        [
            _p(5, "PUS", "1o", "angka_tidak_valid", "isi kolom 'PUS' bukan angka"),
            _p(6, "PUS", "-3", "angka_negatif", "jumlah tidak boleh negatif"),
            _p(7, "PUS", "x", "angka_tidak_valid", "isi kolom 'PUS' bukan angka"),
            _p(3, "KABUPATEN", "MAMUJ", "nama_wilayah_mirip", "mirip MAMUJU", "peringatan"),
        ],
    )
    paths = {"html": Path("out/pus.laporan.html"), "xlsx": Path("out/pus.laporan.xlsx")}
    text = buat_ringkasan_validasi(masalah, _akuntansi("pus.csv"), laporan=paths)
    assert "DAPAT DIPAKAI" in text
    assert "TIDAK DAPAT DIPAKAI" not in text
    assert "pus.csv" in text
    assert "6 dibaca = 3 dipakai + 2 dikarantina + 1 bukan data" in text
    assert "3 galat, 1 peringatan" in text
    # errors first, the most frequent first, one example each (the first by row)
    lines = text.splitlines()
    i = next(i for i, line in enumerate(lines) if "angka_tidak_valid (galat): 2 kali" in line)
    assert lines[i + 1].strip() == (
        "contoh: baris 5, kolom PUS, nilai \"1o\": isi kolom 'PUS' bukan angka"
    )
    assert text.index("angka_negatif") < text.index("nama_wilayah_mirip")
    assert "out/pus.laporan.html" in text and "out/pus.laporan.xlsx" in text
    assert "[" not in text  # no rich markup


def test_ringkasan_unusable_and_terminal_safe():
    masalah = _masalah(
        "pus.csv", [_p(2, "PUS", "\x1b[31mmerah\x1b[0m\u202e", "angka_tidak_valid", "bukan angka")]
    )
    text = buat_ringkasan_validasi(masalah, _akuntansi("pus.csv", 1, 0, 1, 0, 0))
    assert "Hasil   : TIDAK DAPAT DIPAKAI (tidak ada satu baris pun" in text
    assert "\x1b" not in text and "\u202e" not in text

    text = buat_ringkasan_validasi(*_ditolak("pus.csv", "kolom 'PUS' tidak ditemukan"))
    assert "TIDAK DAPAT DIPAKAI (seluruh berkas ditolak: kolom 'PUS' tidak ditemukan)" in text
    assert "berkas_ditolak (galat): 1 kali" in text
    assert "contoh: seluruh berkas:" in text


# --------------------------------------------------------------------------- HTML


def test_html_verdict_counts_messages_escaped(tmp_path):
    masalah = _masalah(
        "pus.csv",
        [
            _p(5, "PUS", SKRIP, "angka_tidak_valid", "isi kolom 'PUS' bukan angka"),
            _p(3, "KABUPATEN", "MAMUJ", "nama_wilayah_mirip", "mirip MAMUJU", "peringatan"),
            _p(4, "BULAN", '=HYPERLINK("http://x","y")', "bulan_tidak_dikenal", "bulan?"),
        ],
    )
    out = tulis_laporan_html(
        masalah, _akuntansi("pus.csv"), tmp_path / "r.html", judul_berkas="pus.csv", tanggal=TANGGAL
    )
    doc = out.read_text(encoding="utf-8")
    assert doc.startswith("<!DOCTYPE html>")
    assert "DAPAT DIPAKAI" in doc and "TIDAK DAPAT DIPAKAI" not in doc
    assert "5 Maret 2025, pukul 14.03" in doc
    assert '<td class="angka">6</td>' in doc  # rows read
    assert "isi kolom &#x27;PUS&#x27; bukan angka" in doc
    assert "mirip MAMUJU" in doc
    assert "Apa yang harus dilakukan" in doc
    # hostile cell values are inert
    assert SKRIP not in doc
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "<script" not in doc.lower()
    assert "&#x27;=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in doc
    # self-contained: no external resource, no script
    assert not re.search(r"<(link|img|iframe|object)\b|\bsrc=|@import|url\(", doc, re.I)
    # sorted by row, errors red (galat), warnings amber (peringatan)
    assert doc.index("MAMUJ</td>") < doc.index("HYPERLINK") < doc.index("&lt;script")
    assert '<tr class="peringatan"><td class="angka">3</td>' in doc
    assert '<tr class="galat"><td class="angka">5</td>' in doc


def test_html_rejected(tmp_path):
    masalah, akuntansi = _ditolak("pus.xlsx", "kolom 'PUS' tidak ditemukan")
    doc = tulis_laporan_html(
        masalah, akuntansi, tmp_path / "r.html", judul_berkas="pus.xlsx"
    ).read_text(encoding="utf-8")
    assert "TIDAK DAPAT DIPAKAI" in doc
    assert "Seluruh berkas ditolak." in doc
    assert "seluruh berkas</td>" in doc  # the problem has no row
    assert "kolom &#x27;PUS&#x27; tidak ditemukan" in doc


def test_html_capped(tmp_path):
    n = BATAS_HTML + 250
    masalah = _masalah(
        "big.csv", [_p(2 + i, "PUS", f"v{i}", "angka_tidak_valid", "bukan angka") for i in range(n)]
    )
    doc = tulis_laporan_html(
        masalah, _akuntansi("big.csv", n, 0, n, 0, 0), tmp_path / "r.html", judul_berkas="big.csv"
    ).read_text(encoding="utf-8")
    assert doc.count('<tr class="galat"><td class="angka">') == BATAS_HTML
    assert "250 masalah lainnya tidak ditampilkan" in doc
    assert f">v{BATAS_HTML - 1}<" in doc and f">v{BATAS_HTML}<" not in doc


def test_html_template_ships_in_package(tmp_path):
    """The page comes from the package's own template folder (so it works from a wheel)."""
    templat = resources.files("transforms.keluar.laporan") / "templat"
    assert (templat / "laporan.html.j2").is_file()
    css = (templat / "laporan.css").read_text(encoding="utf-8")
    out = tmp_path / "r.html"
    akuntansi = _akuntansi("a.csv")
    doc = tulis_laporan_html(
        pd.DataFrame(), akuntansi, out, judul_berkas="{{ 7*7 }}", tanggal=TANGGAL
    ).read_text(encoding="utf-8")
    assert f"<style>\n{css}</style>" in doc
    assert "<strong>{{ 7*7 }}</strong>" in doc  # a value is text, never a template
    assert ">49<" not in doc and " 49<" not in doc
    assert doc.endswith("</body></html>\n")


# --------------------------------------------------------------------------- both reports


def test_rejected_corrupt_xlsx(tmp_path):
    src = tmp_path / "rusak.xlsx"
    src.write_bytes(b"PK\x03\x04 ini bukan zip yang utuh")
    masalah, akuntansi = _ditolak("rusak.xlsx", "berkas Excel tidak dapat dibaca")
    paths = tulis_laporan(src, masalah, akuntansi, tmp_path / "laporan")
    assert paths == {
        "html": tmp_path / "laporan" / "rusak.laporan.html",
        "xlsx": tmp_path / "laporan" / "rusak.laporan.xlsx",
    }
    assert "TIDAK DAPAT DIPAKAI" in paths["html"].read_text(encoding="utf-8")
    wb = load_workbook(paths["xlsx"])
    assert wb.sheetnames == ["Masalah", "Ringkasan"]
    ringkasan = dict(r[:2] for r in wb["Ringkasan"].iter_rows(values_only=True))
    assert ringkasan["Keputusan"].startswith("TIDAK DAPAT DIPAKAI")
    assert ringkasan["Salinan"].startswith("Tidak ada salinan sheet")
    assert next(wb["Masalah"].iter_rows(min_row=2, values_only=True))[3] == "berkas_ditolak"


def test_rejected_but_readable_file_is_copied(tmp_path):
    src = _xlsx(tmp_path)
    masalah, akuntansi = _ditolak("pus.xlsx", "kolom 'PUS KB' tidak ditemukan")
    paths = tulis_laporan(src, masalah, akuntansi, tmp_path, sheet="Data PUS")
    wb = load_workbook(paths["xlsx"])
    assert wb.sheetnames == ["Data PUS", "Catatan", "Masalah", "Ringkasan"]
    # a missing sheet name: no copy, no crash
    paths = tulis_laporan(src, masalah, akuntansi, tmp_path / "b", sheet="Tidak Ada")
    assert load_workbook(paths["xlsx"]).sheetnames == ["Masalah", "Ringkasan"]


def test_report_names_are_safe(tmp_path):
    src = _csv(tmp_path, [["1", "A", "B", "C", "1", "1", "MEI"]], name="Data KB (final) ü.csv")
    paths = tulis_laporan(src, pd.DataFrame(), _akuntansi(src.name, 1, 1, 0, 0, 0), tmp_path / "o")
    # one safe-name rule for every file we write: accents folded to ASCII (ü → u)
    assert paths["html"].name == "Data_KB_final_u.laporan.html"
    assert paths["xlsx"].name == "Data_KB_final_u.laporan.xlsx"
    assert nama_aman("../..") == "berkas"
    assert nama_aman(".tersembunyi") == "tersembunyi"
    doc = paths["html"].read_text(encoding="utf-8")
    assert "DAPAT DIPAKAI" in doc and "Tidak ada masalah" in doc


@pytest.mark.lambat  # load test: 20,000 problems, 5,000 rows
def test_20000_problems_in_reasonable_time(tmp_path):
    rows = [[str(i), "A", "B", "C", "x", "y", "z"] for i in range(5_000)]
    src = _csv(tmp_path, rows)
    kolom = ["PUS", "UNMET NEED", "BULAN", "KABUPATEN/KECAMATAN"]
    n = 20_000
    masalah = pd.DataFrame(
        {
            "berkas": "pus.csv",
            "sheet": None,
            "baris": pd.array([2 + i // 4 for i in range(n)], dtype="Int64"),
            "kolom": [kolom[i % 4] for i in range(n)],
            "nilai": "x",
            "aturan": "angka_tidak_valid",
            "tingkat_masalah": "galat",
            "pesan": "bukan angka",
        }
    )
    akuntansi = _akuntansi("pus.csv", 5_000, 0, 5_000, 0, 0)
    paths = tulis_laporan(src, masalah, akuntansi, tmp_path / "o")  # timed in benchmarks/
    wb = load_workbook(paths["xlsx"], read_only=True)
    assert wb["Masalah"].max_row == n + 1
    ringkasan = dict(r[:2] for r in wb["Ringkasan"].iter_rows(values_only=True))
    assert "25.000 sel ditandai; hanya 10.000 sel pertama diberi komentar" in ringkasan["Salinan"]
    with zipfile.ZipFile(paths["xlsx"]) as z:
        komentar = [f for f in z.namelist() if f.startswith("xl/comments")]
        assert len(komentar) == 1
        assert z.read(komentar[0]).count(b"<comment ") == BATAS_KOMENTAR
    assert "15.000 masalah lainnya tidak ditampilkan" in paths["html"].read_text(encoding="utf-8")
