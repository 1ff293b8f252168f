"""Reading XLSX reports as text: merged two-row headers, formulas without value, errors, sheets.

The workbooks are written with openpyxl at test time.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.bantu_baca import alasan, cek_akuntansi
from transforms.baca.berkas import baca_lembar, baca_tabel
from transforms.baca.excel import baca_excel
from transforms.baca.intip import baca_judul
from transforms.baca.tabel import BerkasTidakTerbaca, TabelTeks


def _laporan_xlsx(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Januari"
    ws["A1"] = "LAPORAN PELAYANAN KB"
    ws.merge_cells("A1:F1")
    ws["A2"] = "KABUPATEN MAJENE"
    ws["A3"] = "BULAN: JANUARI 2025"
    ws.append([])  # row 4 stays blank
    ws["A5"], ws["B5"], ws["C5"], ws["F5"] = "KODE", "KECAMATAN", "PESERTA KB BARU", "PUS"
    ws["C6"], ws["D6"], ws["E6"] = "IUD", "IMPLAN", "MOW"
    for rng in ("A5:A6", "B5:B6", "C5:E5", "F5:F6"):
        ws.merge_cells(rng)
    for j, v in enumerate(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"], start=1):
        ws.cell(7, j, v)
    for j, v in enumerate(["76.05.01", "BANGGAE", 3, "4", 0.5, 1101.0], start=1):
        ws.cell(8, j, v)
    ws["A9"], ws["B9"], ws["C9"] = "76.05.02", "PAMBOANG", "=C8+D8"  # no cached value
    ws["D9"] = "#DIV/0!"
    ws["E9"] = dt.date(2024, 1, 31)
    ws["F9"] = dt.datetime(2024, 1, 31, 12, 30)
    ws["B11"], ws["C11"], ws["D11"], ws["E11"], ws["F11"] = "JUMLAH", "=SUM(C8:C9)", "4", 0.5, 1101
    for j, v in enumerate(["76.05.03", "SENDANA", 1e-7, True, "  7 ", "-"], start=1):
        ws.cell(12, j, v)

    feb = wb.create_sheet("Februari")
    feb.append(["KODE", "KECAMATAN", "PUS", "UNMET NEED"])
    feb.append(["76.05.01", "BANGGAE", 10, 2])
    feb.append(["TOTAL", None, 10, 2])
    rahasia = wb.create_sheet("Rahasia")
    rahasia.append(["KODE", "NIK"])
    rahasia.append(["76.05.01", "7605010101010001"])
    rahasia.sheet_state = "hidden"
    wb.create_sheet("Catatan")["A1"] = "Catatan: data sementara"
    wb.create_sheet("Kosong")
    wb.save(path)


JANUARI = [
    "KODE",
    "KECAMATAN",
    "PESERTA KB BARU IUD",
    "PESERTA KB BARU IMPLAN",
    "PESERTA KB BARU MOW",
    "PUS",
]


def test_xlsx_report_cells_rows_formulas_and_errors(tmp_path):
    path = tmp_path / "laporan.xlsx"
    _laporan_xlsx(path)
    tabel = baca_tabel(path)
    assert tabel.sheet == "Januari"
    assert (tabel.encoding, tabel.pemisah) == (None, None)
    assert list(tabel.data.columns) == JANUARI
    assert tabel.baris_judul == 6
    assert tabel.data.to_numpy().tolist() == [
        ["76.05.01", "BANGGAE", "3", "4", "0.5", "1101"],
        ["76.05.02", "PAMBOANG", "", "#DIV/0!", "2024-01-31", "2024-01-31T12:30:00"],
        ["76.05.03", "SENDANA", "0.0000001", "TRUE", "  7 ", "-"],
    ]
    assert tabel.baris.tolist() == [8, 9, 12]
    assert alasan(tabel) == [(7, "nomor_kolom"), (10, "baris_kosong"), (11, "baris_total")]
    assert tabel.total.to_numpy().tolist() == [["", "JUMLAH", "", "4", "0.5", "1101", 11]]
    assert tabel.sel_rumus.to_numpy().tolist() == [
        [9, "PESERTA KB BARU IUD", "=C8+D8"],
        [11, "PESERTA KB BARU IUD", "=SUM(C8:C9)"],
    ]
    assert tabel.sel_rumus["baris"].dtype == "int64"
    cek_akuntansi(tabel, 12)
    assert baca_judul(path) == JANUARI


def test_xlsx_sheets_hidden_and_choice_by_kenali(tmp_path):
    path = tmp_path / "laporan.xlsx"
    _laporan_xlsx(path)
    semua = baca_lembar(path)
    assert [t.sheet for t in semua] == ["Januari", "Februari"]  # hidden, notes, empty skipped
    feb = semua[1]
    assert feb.data.to_numpy().tolist() == [["76.05.01", "BANGGAE", "10", "2"]]
    assert alasan(feb) == [(3, "baris_total")]
    cek_akuntansi(feb, 3)
    pilih = baca_tabel(path, kenali=["KODE", "PUS", "UNMET NEED"])
    assert pilih.sheet == "Februari"
    assert baca_judul(path, kenali=["KODE", "PUS", "UNMET NEED"])[-1] == "UNMET NEED"
    assert baca_tabel(path, sheet="Rahasia").data["NIK"].tolist() == ["7605010101010001"]
    assert baca_excel(path, 1).sheet == "Februari"
    assert baca_excel(path).sheet == "Januari"  # old default: the first sheet
    with pytest.raises(BerkasTidakTerbaca, match="sheet 'Maret' tidak ada"):
        baca_tabel(path, sheet="Maret")


def test_xlsx_only_hidden_sheets_are_read(tmp_path):
    asli, path = tmp_path / "asli.xlsx", tmp_path / "tersembunyi.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["KODE", "PUS"])
    wb.active.append(["3201", 5])
    wb.create_sheet("Dua").append(["KODE", "PUS"])
    wb["Dua"].sheet_state = "veryHidden"
    wb.save(asli)
    # openpyxl refuses to hide every sheet; other tools do not: edit the workbook part
    with zipfile.ZipFile(asli) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b'state="visible"', b'state="hidden"')
            dst.writestr(item, data)
    assert [t.sheet for t in baca_lembar(path)] == ["Sheet", "Dua"]
    assert baca_tabel(path).data.to_numpy().tolist() == [["3201", "5"]]


def test_xlsx_two_row_header_from_blanks_without_merges(tmp_path):
    path = tmp_path / "tanpa_gabung.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NO", "KECAMATAN", "PESERTA KB AKTIF", None, None, "PUS"])
    ws.append([None, None, "IUD", "IMPLAN", "MOW", None])
    ws.append([1, "MAMUJU", 1, 2, 3, 40])
    ws.append([None, "TOTAL", 1, 2, 3, 40])
    wb.save(path)
    tabel = baca_tabel(path)
    assert list(tabel.data.columns) == [
        "NO",
        "KECAMATAN",
        "PESERTA KB AKTIF IUD",
        "PESERTA KB AKTIF IMPLAN",
        "PESERTA KB AKTIF MOW",
        "PUS",
    ]
    assert (tabel.baris_judul, tabel.baris.tolist()) == (2, [3])
    cek_akuntansi(tabel, 4)


def test_xlsx_formula_row_without_values_is_data_not_blank(tmp_path):
    path = tmp_path / "rumus.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DESA", "L", "P", "JUMLAH"])
    ws.append(["A", 1, 2, "=B2+C2"])
    ws.append([None, None, None, "=B2*2"])
    wb.save(path)
    tabel = baca_tabel(path)
    assert tabel.baris.tolist() == [2, 3]
    assert tabel.data["JUMLAH"].tolist() == ["", ""]
    assert tabel.sel_rumus.to_numpy().tolist() == [[2, "JUMLAH", "=B2+C2"], [3, "JUMLAH", "=B2*2"]]
    cek_akuntansi(tabel, 3)


def test_old_constructor_still_works():
    data = pd.DataFrame({"A": ["1"]})
    tabel = TabelTeks(data, pd.Series([2]), None, "utf-8", ";")
    assert tabel.baris_judul == 1
    assert list(tabel.bukan_data.columns) == ["baris", "alasan", "teks"]
    assert list(tabel.sel_rumus.columns) == ["baris", "kolom", "rumus"]
    assert list(tabel.total.columns) == ["baris"]
