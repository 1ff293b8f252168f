"""Reports for the sender: terminal summary, HTML page and annotated XLSX copy of their sheet."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from transforms.laporan import (
    BATAS_HTML,
    BATAS_KOMENTAR,
    WARNA_GALAT,
    WARNA_PERINGATAN,
    _salin_nilai_excel,
    dapat_dipakai,
    nama_aman,
    ringkasan_validasi,
    tulis_laporan,
    tulis_laporan_html,
    tulis_laporan_xlsx,
)

TANGGAL = datetime(2025, 3, 5, 14, 3)
HEADER = ["NO", "KABUPATEN", "KECAMATAN", "KELURAHAN", "PUS", "UNMET NEED", "BULAN"]
SKRIP = "<script>alert(1)</script>"


def _masalah(berkas: str, rows: list[dict], sheet: str | None = None) -> pd.DataFrame:
    """A problem frame with the karantina contract's columns (no id_run)."""
    base = {"berkas": berkas, "sheet": sheet, "sumber": "siga.pus", "tahun": 2025}
    frame = pd.DataFrame([{**base, **r} for r in rows])
    return frame.assign(baris=frame["baris"].astype("Int64"))


def _p(baris, kolom, nilai, aturan, pesan, tingkat="galat") -> dict:
    return {
        "baris": baris,
        "kolom": kolom,
        "nilai": nilai,
        "aturan": aturan,
        "tingkat_masalah": tingkat,
        "pesan": pesan,
    }


def _akuntansi(berkas: str, dibaca=6, dipakai=3, karantina=2, bukan=1, peringatan=1) -> dict:
    return {
        "berkas": berkas,
        "sumber": "siga.pus",
        "baris_dibaca": dibaca,
        "baris_dipakai": dipakai,
        "baris_karantina": karantina,
        "baris_bukan_data": bukan,
        "peringatan": peringatan,
    }


def _ditolak(berkas: str, alasan: str) -> tuple[pd.DataFrame, dict]:
    masalah = _masalah(
        berkas, [_p(pd.NA, None, None, "berkas_ditolak", f"Seluruh berkas ditolak: {alasan}")]
    )
    akuntansi = {**_akuntansi(berkas, 0, 0, 0, 0, 0), "ditolak": alasan}
    return masalah, akuntansi


def _xlsx(folder: Path, name: str = "pus.xlsx", judul_di: int = 1) -> Path:
    """A data sheet (header in row ``judul_di``, a title above it) plus an unrelated sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Data PUS"
    for i in range(1, judul_di):
        ws.cell(row=i, column=1, value=f"LAPORAN PUS {i}")
    ws.append(["NO", "Kabupaten", "KECAMATAN", "KELURAHAN", " pus ", "Unmet\nNeed", "BULAN"])
    for i in range(1, 7):
        ws.append([i, "MAMUJU", "SIMBORO", "RANGAS", 100 * i, 10 * i, "JANUARI"])
    wb.create_sheet("Catatan")["A1"] = "lain"
    path = folder / name
    wb.save(path)
    return path


def _csv(folder: Path, rows: list[list[str]], sep=";", encoding="utf-8", name="pus.csv") -> Path:
    path = folder / name
    text = "\n".join(sep.join(r) for r in [HEADER, *rows]) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def _isi(cell) -> str:
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else ""


# --------------------------------------------------------------------------- verdict, terminal


def test_dapat_dipakai():
    ok = _masalah("a.csv", [_p(5, "PUS", "x", "angka_tidak_valid", "bukan angka")])
    assert dapat_dipakai(ok, _akuntansi("a.csv"))
    assert not dapat_dipakai(ok, _akuntansi("a.csv", dibaca=3, dipakai=0, karantina=3, bukan=0))
    assert not dapat_dipakai(*_ditolak("a.csv", "kolom 'PUS' tidak ditemukan"))
    # a rejection row without the accounting key still means unusable
    masalah, _ = _ditolak("a.csv", "rusak")
    assert not dapat_dipakai(masalah, _akuntansi("a.csv"))
    assert dapat_dipakai(pd.DataFrame(), _akuntansi("a.csv", karantina=0, bukan=3))


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
    text = ringkasan_validasi(masalah, _akuntansi("pus.csv"), laporan=paths)
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
    text = ringkasan_validasi(masalah, _akuntansi("pus.csv", 1, 0, 1, 0, 0))
    assert "Hasil   : TIDAK DAPAT DIPAKAI (tidak ada satu baris pun" in text
    assert "\x1b" not in text and "\u202e" not in text

    text = ringkasan_validasi(*_ditolak("pus.csv", "kolom 'PUS' tidak ditemukan"))
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


# --------------------------------------------------------------------------- XLSX


def test_xlsx_copy_marks_cells(tmp_path):
    src = _xlsx(tmp_path)
    masalah = _masalah(
        "pus.xlsx",
        [
            _p(5, "PUS", "400", "angka_negatif", "jumlah PUS tidak boleh negatif"),
            _p(
                3,
                "KABUPATEN/KECAMATAN/KELURAHAN",
                "M/S/R",
                "nama_wilayah_mirip",
                "mirip",
                "peringatan",
            ),
            _p(4, "TIDAK ADA", "?", "aturan_baris", "baris ini janggal"),
            _p(6, "UNMET NEED", "60", "pembilang_melebihi_penyebut", "unmet > pus"),
            _p(6, "UNMET NEED", "60", "cek_lain", "periksa lagi", "peringatan"),
            _p(pd.NA, None, None, "catatan_berkas", "catatan seluruh berkas", "peringatan"),
        ],
        sheet="Data PUS",
    )
    out = tulis_laporan_xlsx(src, masalah, tmp_path / "r.xlsx", akuntansi=_akuntansi("pus.xlsx"))
    wb = load_workbook(out)
    assert wb.sheetnames == ["Data PUS", "Catatan", "Masalah", "Ringkasan"]
    assert wb.active.title == "Data PUS"
    ws = wb["Data PUS"]
    assert ws["E5"].value == 400  # their values are untouched
    assert _isi(ws["E5"]) == WARNA_GALAT
    assert ws["E5"].comment.author == "indikator"
    assert "jumlah PUS tidak boleh negatif" in ws["E5"].comment.text
    for ref in ("B3", "C3", "D3"):  # each column of KABUPATEN/KECAMATAN/KELURAHAN
        assert _isi(ws[ref]) == WARNA_PERINGATAN
        assert "mirip" in ws[ref].comment.text
    # no known column: the row's first cell, naming the column
    assert _isi(ws["A4"]) == WARNA_GALAT
    assert "kolom TIDAK ADA" in ws["A4"].comment.text and "janggal" in ws["A4"].comment.text
    # two problems on one cell: one comment with both; an error wins over a warning
    assert "unmet > pus" in ws["F6"].comment.text and "periksa lagi" in ws["F6"].comment.text
    assert _isi(ws["F6"]) == WARNA_GALAT
    marked = {c.coordinate for row in ws.iter_rows() for c in row if c.comment is not None}
    assert marked == {"E5", "B3", "C3", "D3", "A4", "F6"}
    assert ws.freeze_panes == "A2"

    rows = list(wb["Masalah"].iter_rows(values_only=True))
    assert rows[0][:6] == ("Baris", "Kolom", "Nilai", "Aturan", "Tingkat", "Pesan")
    assert len(rows) == 1 + len(masalah)
    assert rows[1][0] is None and rows[1][3] == "catatan_berkas"  # whole-file first
    assert [r[0] for r in rows[2:]] == [3, 4, 5, 6, 6]
    ringkasan = dict(r[:2] for r in wb["Ringkasan"].iter_rows(values_only=True))
    assert ringkasan["Baris dibaca"] == 6 and ringkasan["Jumlah galat"] == 3
    assert ringkasan["Keputusan"].startswith("DAPAT DIPAKAI")


def test_xlsx_header_not_in_first_row(tmp_path):
    src = _xlsx(tmp_path, judul_di=3)
    masalah = _masalah("pus.xlsx", [_p(7, "PUS", "400", "angka_negatif", "negatif")])
    ws = load_workbook(tulis_laporan_xlsx(src, masalah, tmp_path / "r.xlsx", baris_judul=3))[
        "Data PUS"
    ]
    assert _isi(ws["E7"]) == WARNA_GALAT and "negatif" in ws["E7"].comment.text
    assert ws.freeze_panes == "A4"


def test_xlsx_two_row_header(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["NO", "KECAMATAN", "PESERTA KB", None, None])
    ws.append([None, None, "L", "P", "JML"])
    for ref in ("A1:A2", "B1:B2", "C1:E1"):
        ws.merge_cells(ref)
    ws.append([1, "SIMBORO", 3, 4, 8])
    src = tmp_path / "dua.xlsx"
    wb.save(src)
    masalah = _masalah(
        "dua.xlsx",
        [
            _p(3, "PESERTA KB JML/PESERTA KB L/PESERTA KB P", "8", "jumlah_bagian", "JML != L+P"),
            _p(3, "KECAMATAN", "SIMBORO", "nama_wilayah_mirip", "mirip", "peringatan"),
        ],
    )
    ws = load_workbook(tulis_laporan_xlsx(src, masalah, tmp_path / "r.xlsx", baris_judul=2))[
        "Sheet"
    ]
    assert [_isi(ws[r]) for r in ("C3", "D3", "E3")] == [WARNA_GALAT] * 3
    assert _isi(ws["B3"]) == WARNA_PERINGATAN
    assert ws["A3"].comment is None


def test_values_only_copy_keeps_positions(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Lap 2025"
    ws["B3"], ws["C3"], ws["B4"], ws["C4"] = "KODE", "PUS", "32.01.01", 12
    src = tmp_path / "nilai.xlsx"
    wb.save(src)
    _, salinan, catatan = _salin_nilai_excel(src, None)
    assert salinan.title == "Lap 2025" and "nilai saja" in catatan
    assert (salinan["B3"].value, salinan["B4"].value, salinan["C4"].value) == (
        "KODE",
        "32.01.01",
        12,
    )
    assert salinan["A1"].value is None


def test_csv_copy_as_text(tmp_path):
    rumus = '=HYPERLINK("http://x","y")'
    src = _csv(
        tmp_path,
        [
            ["1", "32.01.01", "0012", "KELURAHAN A", "12", "3", "JANUARI"],
            ["2", rumus, "-5", "KELURAHAN \x01B", "abc", "3", "JANUARI"],
        ],
    )
    masalah = _masalah(
        "pus.csv",
        [
            _p(3, "PUS", "abc", "angka_tidak_valid", "isi kolom 'PUS' bukan angka"),
            _p(3, "KABUPATEN", rumus, "wilayah_tidak_dikenal", "tidak ditemukan"),
        ],
    )
    wb = load_workbook(tulis_laporan_xlsx(src, masalah, tmp_path / "r.xlsx"))
    ws = wb["Data"]
    assert [c.value for c in ws[1]] == HEADER
    assert (ws["B2"].value, ws["B2"].data_type) == ("32.01.01", "s")
    assert (ws["C2"].value, ws["C2"].data_type) == ("0012", "s")
    assert ws["E2"].value == "12" and ws["E2"].number_format == "@"
    assert ws["B3"].data_type == "s" and ws["B3"].value == "'" + rumus
    assert ws["C3"].value == "'-5"
    assert ws["D3"].value == "KELURAHAN B"  # control character XML cannot hold
    assert _isi(ws["E3"]) == WARNA_GALAT and "bukan angka" in ws["E3"].comment.text
    assert _isi(ws["B3"]) == WARNA_GALAT
    nilai = [r[2] for r in wb["Masalah"].iter_rows(min_row=2, values_only=True)]
    assert "'" + rumus in nilai
    formulas = [
        c for s in wb.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas == []


@pytest.mark.parametrize(
    ("sep", "encoding"),
    [("\t", "utf-8-sig"), ("|", "cp1252"), (",", "utf-8"), (";", "utf-16")],
)
def test_csv_separator_and_encoding(tmp_path, sep, encoding):
    src = _csv(tmp_path, [["1", "PÓLEWALI", "X", "Y", "zz", "1", "MEI"]], sep, encoding)
    masalah = _masalah("pus.csv", [_p(2, "PUS", "zz", "angka_tidak_valid", "bukan angka")])
    ws = load_workbook(tulis_laporan_xlsx(src, masalah, tmp_path / "r.xlsx"))["Data"]
    assert ws["A1"].value == "NO" and ws["B2"].value == "PÓLEWALI"
    assert _isi(ws["E2"]) == WARNA_GALAT


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
    assert paths["html"].name == "Data_KB_final.laporan.html"
    assert paths["xlsx"].name == "Data_KB_final.laporan.xlsx"
    assert nama_aman("../..") == "berkas"
    assert nama_aman(".tersembunyi") == "tersembunyi"
    doc = paths["html"].read_text(encoding="utf-8")
    assert "DAPAT DIPAKAI" in doc and "Tidak ada masalah" in doc


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
