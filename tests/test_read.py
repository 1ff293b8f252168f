"""Reading real-world report files as text: title rows, two-row headers, non-data rows, formulas.

Every messy fixture is generated here at test time (CSV bytes with a chosen encoding and
separator, XLSX written with openpyxl); the real files come from ../shared/realdata.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import realdata_path
from transforms.read import (
    ALASAN,
    BerkasTidakTerbaca,
    TabelTeks,
    normalize_header,
    read_csv_text,
    read_excel_text,
    read_header,
    read_sheets,
    read_table,
)


def cek_akuntansi(tabel: TabelTeks, jumlah_baris: int) -> None:
    """Every row below the header is data or non-data, exactly once, in file order."""
    below = list(range(tabel.baris_judul + 1, jumlah_baris + 1))
    assert jumlah_baris - tabel.baris_judul == len(tabel.data) + len(tabel.bukan_data)
    assert sorted([*tabel.baris.tolist(), *tabel.bukan_data["baris"].tolist()]) == below
    assert tabel.baris.index.equals(tabel.data.index)
    assert set(tabel.bukan_data["alasan"]) <= set(ALASAN)
    ditotal = tabel.bukan_data.loc[tabel.bukan_data["alasan"] == "baris_total", "baris"]
    assert tabel.total["baris"].tolist() == ditotal.tolist()
    assert list(tabel.total.columns) == [*tabel.data.columns, "baris"]


def alasan(tabel: TabelTeks) -> list[tuple[int, str]]:
    return list(zip(tabel.bukan_data["baris"], tabel.bukan_data["alasan"], strict=True))


# --------------------------------------------------------------------------- CSV


LAPORAN_CSV = "\r\n".join(
    [
        "LAPORAN BULANAN PESERTA KB AKTIF;;;;;",  # 1 title
        "KABUPATEN MAMUJU;;;;;",  # 2 title
        "BULAN: JANUARI 2025;;;;;",  # 3 title
        ";;;;;",  # 4 blank, above the header: title area
        "NO;KECAMATAN;PESERTA KB AKTIF;;;JUMLAH PUS",  # 5 header, top row
        ";;IUD;IMPLAN;MOW;",  # 6 header, second row
        "1;2;3;4;5;6",  # 7 column numbers
        "1;MAMUJU;10;20;30;100",  # 8
        '2; SIMBORO ;1.234;0;5;"85,24"',  # 9 stray spaces kept
        ";;;;;",  # 10 blank
        ";JUMLAH;1.244;20;35;185,24",  # 11 total
        "NO;KECAMATAN;PESERTA KB AKTIF;;;JUMLAH PUS",  # 12 repeated header
        ";;IUD;IMPLAN;MOW;",  # 13 repeated header (second row)
        "(1);(2);(3);(4);(5);(6)",  # 14 column numbers again
        "3;KALUKKU;7;8;9;50",  # 15
        "GRAND TOTAL;;1251;28;44;235",  # 16 total
    ]
)


def test_csv_report_with_title_two_row_header_and_non_data_rows(tmp_path):
    path = tmp_path / "laporan.csv"
    path.write_bytes(LAPORAN_CSV.encode("utf-8"))
    tabel = read_table(path)
    assert list(tabel.data.columns) == [
        "NO",
        "KECAMATAN",
        "PESERTA KB AKTIF IUD",
        "PESERTA KB AKTIF IMPLAN",
        "PESERTA KB AKTIF MOW",
        "JUMLAH PUS",
    ]
    assert tabel.baris_judul == 6
    assert (tabel.sheet, tabel.encoding, tabel.pemisah) == (None, "utf-8", ";")
    assert tabel.data.to_numpy().tolist() == [
        ["1", "MAMUJU", "10", "20", "30", "100"],
        ["2", " SIMBORO ", "1.234", "0", "5", "85,24"],
        ["3", "KALUKKU", "7", "8", "9", "50"],
    ]
    assert tabel.baris.tolist() == [8, 9, 15]
    assert alasan(tabel) == [
        (7, "nomor_kolom"),
        (10, "baris_kosong"),
        (11, "baris_total"),
        (12, "judul_berulang"),
        (13, "judul_berulang"),
        (14, "nomor_kolom"),
        (16, "baris_total"),
    ]
    assert tabel.bukan_data["teks"].iloc[2] == "JUMLAH | 1.244 | 20 | 35 | 185,24"
    assert tabel.total["baris"].tolist() == [11, 16]
    assert tabel.total["KECAMATAN"].tolist() == ["JUMLAH", ""]
    assert tabel.total["JUMLAH PUS"].tolist() == ["185,24", "235"]
    assert tabel.sel_rumus.empty
    cek_akuntansi(tabel, 16)
    assert read_header(path) == list(tabel.data.columns)


def test_same_report_with_kenali_and_comma_separator(tmp_path):
    path = tmp_path / "laporan.txt"
    text = LAPORAN_CSV.replace('"85,24"', "85.24").replace("185,24", "185.24")
    path.write_text(text.replace(";", ","), encoding="utf-8")
    tabel = read_table(path, kenali=["KECAMATAN", "PESERTA KB AKTIF IUD", "JUMLAH PUS"])
    assert tabel.pemisah == ","
    assert tabel.baris_judul == 6
    assert tabel.data["PESERTA KB AKTIF MOW"].tolist() == ["30", "5", "9"]
    cek_akuntansi(tabel, 16)


@pytest.mark.parametrize(
    ("encoding", "bom", "sep", "tercatat"),
    [
        ("utf-8", b"", ";", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", ",", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "\t", "utf-16-le"),
        ("utf-16-be", b"\xfe\xff", "\t", "utf-16-be"),
        ("utf-16-le", b"", "\t", "utf-16-le"),
        ("cp1252", b"", "|", "cp1252"),
    ],
)
def test_encodings_and_separators(tmp_path, encoding, bom, sep, tercatat):
    rows = [
        ["KODE", "NAMA DESA", "PUS", "CATATAN"],
        ["32.01.01", "CIBINONG", "1.234", "Kafé “baru”"],
        ["0103", "LIMBORO RAMBU-\nRAMBU", "10.000", ""],
        ["7601", " SPASI ", "85,24", "x"],
    ]
    lines = [
        sep.join(f'"{c}"' if ("\n" in c or sep in c or "," in c) else c for c in r) for r in rows
    ]
    path = tmp_path / "ekspor.csv"
    path.write_bytes(bom + "\r\n".join(lines).encode(encoding))
    tabel = read_table(path)
    assert (tabel.encoding, tabel.pemisah) == (tercatat, sep)
    assert list(tabel.data.columns) == ["KODE", "NAMA DESA", "PUS", "CATATAN"]
    assert tabel.data.to_numpy().tolist() == [r for r in rows[1:]]
    assert tabel.baris.tolist() == [2, 3, 4]  # record numbers: the quoted newline is one record
    cek_akuntansi(tabel, 4)


def test_header_names_are_normalised_and_made_unique(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(
        '\ufeff;"Nama\nDesa";  nama desa ;jumlah   pus;;\r\nA;b;c;1;;\r\nB;d;e;2;;\r\n',
        encoding="utf-8",
    )
    tabel = read_csv_text(path)
    # an unnamed column with data gets its letter; unnamed empty columns are dropped
    assert list(tabel.data.columns) == ["KOLOM A", "NAMA DESA", "NAMA DESA_2", "JUMLAH PUS"]
    dua = tmp_path / "dua.csv"
    dua.write_text("NAMA;NAMA_2;NAMA\na;b;c\n", encoding="utf-8")
    assert list(read_csv_text(dua).data.columns) == ["NAMA", "NAMA_2", "NAMA_3"]
    assert tabel.data["KOLOM A"].tolist() == ["A", "B"]
    assert normalize_header(' "\ufeffjumlah\n  pus" ') == "JUMLAH PUS"


def test_total_rows_whole_words_and_not_region_names(tmp_path):
    path = tmp_path / "total.csv"
    path.write_text(
        "\n".join(
            [
                "KABUPATEN;KECAMATAN;JUMLAH PUS;PESERTA",
                "KABUPATEN MAMUJU;MAMUJU;100;50",  # 2 data: region names are not totals here
                "KABUPATEN MAMUJU;Jumlah;100;50",  # 3 total (second text cell)
                "Sub-Total;;100;50",  # 4
                "JML.;;1;1",  # 5
                "REKAPITULASI DESA;X;1;1",  # 6 data: REKAP is a whole word only
                "JUMLAHNYA;X;1;1",  # 7 data
                "Rekap;;5;5",  # 8
                "SUBTOTAL;;;",  # 9
                "TOTAL KABUPATEN;;206;106",  # 10
            ]
        ),
        encoding="utf-8",
    )
    tabel = read_table(path)
    assert tabel.baris.tolist() == [2, 6, 7]
    assert alasan(tabel) == [(b, "baris_total") for b in (3, 4, 5, 8, 9, 10)]
    cek_akuntansi(tabel, 10)


def test_column_number_rows(tmp_path):
    path = tmp_path / "nomor.csv"
    path.write_text(
        "\n".join(
            [
                "NO;L;P;JUMLAH",
                "1;2;3;4=2+3",  # 2 column numbers with a sum
                "1;2;3;5",  # 3 data (5 breaks the run: 3 of 4 columns)
                "(1);(2);(3);(4)",  # 4
                "1; ;3= Σ (2-3);4",  # 5 a blank may stand for a number
                "2;7;8;15",  # 6
            ]
        ),
        encoding="utf-8",
    )
    tabel = read_table(path)
    assert tabel.baris.tolist() == [3, 6]
    assert alasan(tabel) == [(2, "nomor_kolom"), (4, "nomor_kolom"), (5, "nomor_kolom")]
    cek_akuntansi(tabel, 6)


def test_title_rows_with_key_value_cells_and_header_of_years(tmp_path):
    path = tmp_path / "judul.csv"
    path.write_text(
        "PEMERINTAH KABUPATEN MAMUJU;;;\nPeriode:;Januari 2025;;\n;;;\n"
        "NO;DESA;PUS;UNMET NEED\n1;A;10;2\n",
        encoding="utf-8",
    )
    tabel = read_table(path)
    assert (tabel.baris_judul, tabel.baris.tolist()) == (4, [5])
    assert list(tabel.data.columns) == ["NO", "DESA", "PUS", "UNMET NEED"]

    campur = tmp_path / "campur.csv"
    campur.write_text("LAPORAN;;;\nPeriode:;Januari 2025;;\nKECAMATAN;DESA;2023;2024\nA;B;1;2\n")
    tabel = read_table(campur)
    assert tabel.baris_judul == 3
    assert list(tabel.data.columns) == ["KECAMATAN", "DESA", "2023", "2024"]

    tahun = tmp_path / "tahun.csv"
    tahun.write_text("KECAMATAN;2023;2024\nA;1;2\nB;3;4\n", encoding="utf-8")
    tabel = read_table(tahun)
    assert list(tabel.data.columns) == ["KECAMATAN", "2023", "2024"]
    assert tabel.baris.tolist() == [2, 3]


def test_header_over_a_partly_filled_table(tmp_path):
    path = tmp_path / "sebagian.csv"
    rows = ["LAPORAN PUS;;;;;", "NO;KECAMATAN;DESA;PUS;PA;UNMET NEED"]
    rows += [f"{i};MAMUJU;DESA {i};;;" for i in range(1, 13)]
    path.write_text("\n".join(rows), encoding="utf-8")
    tabel = read_table(path)
    assert tabel.baris_judul == 2
    assert list(tabel.data.columns) == ["NO", "KECAMATAN", "DESA", "PUS", "PA", "UNMET NEED"]
    assert len(tabel.data) == 12
    cek_akuntansi(tabel, 14)


def test_wide_two_row_header_group(tmp_path):
    path = tmp_path / "lebar.csv"
    path.write_text(
        "NO;KECAMATAN;PESERTA KB AKTIF;;;;;;;;PUS\n"
        ";;IUD;MOW;MOP;IMPLAN;SUNTIK;PIL;KONDOM;MAL;\n"
        "1;MAMUJU;1;2;3;4;5;6;7;8;90\n",
        encoding="utf-8",
    )
    tabel = read_table(path)
    assert tabel.baris_judul == 2
    cols = list(tabel.data.columns)
    assert cols[:3] == ["NO", "KECAMATAN", "PESERTA KB AKTIF IUD"]
    assert cols[-2:] == ["PESERTA KB AKTIF MAL", "PUS"]
    assert tabel.data.to_numpy().tolist() == [["1", "MAMUJU", *map(str, range(1, 9)), "90"]]


def test_kenali_finds_a_header_the_heuristic_misses(tmp_path):
    path = tmp_path / "tahun.csv"
    path.write_text(
        "Dinas PPKB Kabupaten Mamuju;Tahun anggaran;;\nKECAMATAN;2023;2024;2025\nMAMUJU;1;2;3\n",
        encoding="utf-8",
    )
    assert read_table(path).baris_judul == 1  # a header of years under a two-cell title
    kenali = ["KECAMATAN", "2023", "2024", "2025"]
    tabel = read_table(path, kenali=kenali)
    assert tabel.baris_judul == 2
    assert tabel.data.to_numpy().tolist() == [["MAMUJU", "1", "2", "3"]]
    assert read_header(path, kenali=kenali) == kenali


def test_a_layout_separator_that_does_not_fit_is_replaced(tmp_path):
    path = tmp_path / "koma.csv"
    path.write_text("KODE,PUS\n3201,5\n", encoding="utf-8")
    tabel = read_table(path, ";")
    assert (tabel.pemisah, tabel.data.to_numpy().tolist()) == (",", [["3201", "5"]])
    assert read_table(path, ",").pemisah == ","


def test_blank_lines_are_records(tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_text("A;B\n1;x\n\n2;y\n;\n", encoding="utf-8")
    tabel = read_table(path)
    assert tabel.baris.tolist() == [2, 4]
    assert alasan(tabel) == [(3, "baris_kosong"), (5, "baris_kosong")]
    cek_akuntansi(tabel, 5)


def test_header_only_file_has_no_data(tmp_path):
    path = tmp_path / "judul_saja.csv"
    path.write_text("KODE;NAMA\n", encoding="utf-8")
    tabel = read_table(path)
    assert list(tabel.data.columns) == ["KODE", "NAMA"] and tabel.data.empty
    cek_akuntansi(tabel, 1)


@pytest.mark.parametrize(
    ("name", "content", "pesan"),
    [
        ("kosong.csv", b"", "kosong"),
        ("spasi.csv", b"\r\n  \n", "kosong"),
        ("biner.csv", bytes(range(256)) * 4, "berkas biner"),
        ("rusak.csv", b"NAMA;X\n\x81\x8d;1\n", "pengodean teks tidak dikenali"),
        ("angka.csv", b"1;2;3\n4;5;6\n", "baris judul kolom tidak ditemukan di 30 baris pertama"),
        ("satu.csv", b"LAPORAN\nSAJA\n", "pemisah kolom tidak dikenali"),
        ("web.xls", b"<html><body><table><tr><td>A</td></tr></table>", "HTML"),
        ("rusak.xlsx", b"PK\x03\x04bukan zip sungguhan", "berkas Excel tidak dapat dibaca"),
    ],
)
def test_unreadable_files_give_a_bahasa_message_naming_the_file(tmp_path, name, content, pesan):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BerkasTidakTerbaca) as exc:
        read_table(path)
    assert pesan in str(exc.value)
    assert name in str(exc.value)
    assert "Traceback" not in str(exc.value)


def test_unknown_extension_and_disguised_files_dispatch_on_content(tmp_path):
    tsv = tmp_path / "ekspor.xls"  # "Excel" export that is really tab-separated text
    tsv.write_text("KODE\tPUS\n3201\t5\n", encoding="utf-8")
    assert read_table(tsv).data.to_numpy().tolist() == [["3201", "5"]]
    xlsx = tmp_path / "data.dat"
    wb = openpyxl.Workbook()
    wb.active.append(["KODE", "PUS"])
    wb.active.append(["3201", 5])
    wb.save(xlsx)
    tabel = read_table(xlsx)
    assert (tabel.sheet, tabel.data.to_numpy().tolist()) == ("Sheet", [["3201", "5"]])


# --------------------------------------------------------------------------- XLSX


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
    tabel = read_table(path)
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
    assert read_header(path) == JANUARI


def test_xlsx_sheets_hidden_and_choice_by_kenali(tmp_path):
    path = tmp_path / "laporan.xlsx"
    _laporan_xlsx(path)
    semua = read_sheets(path)
    assert [t.sheet for t in semua] == ["Januari", "Februari"]  # hidden, notes, empty skipped
    feb = semua[1]
    assert feb.data.to_numpy().tolist() == [["76.05.01", "BANGGAE", "10", "2"]]
    assert alasan(feb) == [(3, "baris_total")]
    cek_akuntansi(feb, 3)
    pilih = read_table(path, kenali=["KODE", "PUS", "UNMET NEED"])
    assert pilih.sheet == "Februari"
    assert read_header(path, kenali=["KODE", "PUS", "UNMET NEED"])[-1] == "UNMET NEED"
    assert read_table(path, sheet="Rahasia").data["NIK"].tolist() == ["7605010101010001"]
    assert read_excel_text(path, 1).sheet == "Februari"
    assert read_excel_text(path).sheet == "Januari"  # old default: the first sheet
    with pytest.raises(BerkasTidakTerbaca, match="sheet 'Maret' tidak ada"):
        read_table(path, sheet="Maret")


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
    assert [t.sheet for t in read_sheets(path)] == ["Sheet", "Dua"]
    assert read_table(path).data.to_numpy().tolist() == [["3201", "5"]]


def test_xlsx_two_row_header_from_blanks_without_merges(tmp_path):
    path = tmp_path / "tanpa_gabung.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["NO", "KECAMATAN", "PESERTA KB AKTIF", None, None, "PUS"])
    ws.append([None, None, "IUD", "IMPLAN", "MOW", None])
    ws.append([1, "MAMUJU", 1, 2, 3, 40])
    ws.append([None, "TOTAL", 1, 2, 3, 40])
    wb.save(path)
    tabel = read_table(path)
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
    tabel = read_table(path)
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


# --------------------------------------------------------------------------- property

_SEL = st.one_of(
    st.sampled_from(["", " ", "0", "1.234", "85,24", "32.01.01", "-", "#N/A", "Jumlah", "1"]),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789.,", min_size=1, max_size=8),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(_SEL, min_size=4, max_size=4), max_size=25))
def test_every_row_below_the_header_is_accounted_for(tmp_path, rows):
    path = tmp_path / "acak.csv"
    body = ["KODE;NAMA DESA;PUS;UNMET NEED", *(";".join(r) for r in rows)]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    tabel = read_table(path, kenali=["KODE", "NAMA DESA", "PUS", "UNMET NEED"])
    assert tabel.baris_judul == 1
    cek_akuntansi(tabel, len(body))
    for baris, values in zip(tabel.baris, tabel.data.to_numpy().tolist(), strict=True):
        assert values == rows[baris - 2]  # cells come back exactly as written


# --------------------------------------------------------------------------- real data


def test_real_simonep_column_number_rows():
    path = realdata_path("bkkbn-sulbar-simonep", "faskes-pelayanan-2024-1.xlsx")
    tabel = read_table(path)
    assert tabel.sheet == "Sheet1"
    assert tabel.baris_judul == 1
    assert len(tabel.data) == 9_389
    assert tabel.bukan_data["alasan"].value_counts().to_dict() == {"nomor_kolom": 759}
    cek_akuntansi(tabel, 10_149)
    cols = list(tabel.data.columns)
    assert cols[:4] == ["KOLOM A", "KODE", "NAMA FASKES", "JUMLAH PESERTA KB BARU"]
    assert cols[-4:] == ["BULAN", "KABUPATEN", "KECAMATAN", "TAHUN"]
    assert set(tabel.data["TAHUN"]) == {"2024"}  # a number cell, read without ".0"
    first = tabel.data.iloc[0]
    assert (first["KODE"], first["JUMLAH PESERTA KB BARU"], tabel.baris.iloc[0]) == (
        "7601002",
        "3",
        3,
    )
    assert tabel.data["KODE"].iloc[1] == "76010020 6"  # stray space kept
    assert tabel.sel_rumus.empty and tabel.total.empty


def test_real_siga_pus_embedded_newline():
    path = realdata_path("bkkbn-sulbar-siga", "data_pus.csv")
    tabel = read_table(path)
    assert (tabel.encoding, tabel.pemisah, tabel.baris_judul) == ("utf-8", ";", 1)
    assert len(tabel.data) == 5_832
    cek_akuntansi(tabel, 5_833)
    limboro = tabel.data["KELURAHAN"] == "LIMBORO RAMBU-\nRAMBU"
    assert limboro.sum() == 1
    assert tabel.baris[limboro].tolist() == [5_407]
    assert tabel.data.loc[limboro, "BULAN"].tolist() == ["SEPTEMBER"]
    assert tabel.baris.iloc[-1] == 5_833  # records, not the 5,834 physical lines


def test_real_jabar_xlsx():
    path = realdata_path("jabar-2021-compiled", "kesehatan balita di jawa barat 2021.xlsx")
    tabel = read_table(path)
    assert len(tabel.data) == 27
    assert tabel.data.columns[0] == "KAB_KOT"
    assert len(tabel.data.columns) == 13
    assert tabel.data["KAB_KOT"].iloc[0] == "KABUPATEN BOGOR"
    cek_akuntansi(tabel, 28)


def test_real_bantul_crlf_quoted_decimal_comma():
    path = realdata_path("bantul-kb-aktif", "DataAPI.csv")
    tabel = read_table(path)
    assert tabel.pemisah == ","
    assert tabel.data["PERSENTASE_TRHDP_TARGET_KB_AKTIF"].iloc[0] == "85,24"
    assert tabel.data["KAPANEWON"].iloc[0] == "Srandakan"
    assert not any("\r" in c for c in tabel.data.columns)


def test_real_bps_mfd_bom_and_leading_zero_codes():
    path = realdata_path("bps-mfd-kota-bandung", "mfd_23_1_32.csv")
    tabel = read_table(path)
    assert tabel.encoding == "utf-8-sig"
    assert tabel.data.columns[0] == "KDKAB"
    assert tabel.data["KDKEC"].iloc[0] == "010"
    assert tabel.data["IDDESA"].iloc[0] == "3273010001"
