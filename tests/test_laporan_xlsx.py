"""The XLSX report for the sender: a copy of their sheet with marked cells, Masalah, Ringkasan."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from tests.laporan_contoh import HEADER, _akuntansi, _csv, _isi, _masalah, _p, _xlsx
from transforms.keluar.laporan.salin import buat_salinan_nilai
from transforms.keluar.laporan.tanda import WARNA_GALAT, WARNA_PERINGATAN
from transforms.keluar.laporan.xlsx import tulis_laporan_xlsx

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
    _, salinan, catatan = buat_salinan_nilai(src, None)
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
