"""Reading CSV reports as text: encodings, separators, title rows, two-row headers, non-data rows.

Every messy fixture is generated here at test time (CSV bytes with a chosen encoding and
separator); unreadable files must give a Bahasa message naming the file.
"""

from __future__ import annotations

import openpyxl
import pytest

from schemas.judul import bersihkan_judul
from tests.bantu_baca import alasan, cek_akuntansi
from transforms.baca.berkas import baca_tabel
from transforms.baca.csv import baca_csv
from transforms.baca.intip import baca_judul
from transforms.baca.tabel import BerkasTidakTerbaca

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
    tabel = baca_tabel(path)
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
    assert baca_judul(path) == list(tabel.data.columns)


def test_same_report_with_kenali_and_comma_separator(tmp_path):
    path = tmp_path / "laporan.txt"
    text = LAPORAN_CSV.replace('"85,24"', "85.24").replace("185,24", "185.24")
    path.write_text(text.replace(";", ","), encoding="utf-8")
    tabel = baca_tabel(path, kenali=["KECAMATAN", "PESERTA KB AKTIF IUD", "JUMLAH PUS"])
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
    tabel = baca_tabel(path)
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
    tabel = baca_csv(path)
    # an unnamed column with data gets its letter; unnamed empty columns are dropped
    assert list(tabel.data.columns) == ["KOLOM A", "NAMA DESA", "NAMA DESA_2", "JUMLAH PUS"]
    dua = tmp_path / "dua.csv"
    dua.write_text("NAMA;NAMA_2;NAMA\na;b;c\n", encoding="utf-8")
    assert list(baca_csv(dua).data.columns) == ["NAMA", "NAMA_2", "NAMA_3"]
    assert tabel.data["KOLOM A"].tolist() == ["A", "B"]
    assert bersihkan_judul(' "\ufeffjumlah\n  pus" ') == "JUMLAH PUS"


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
    tabel = baca_tabel(path)
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
    tabel = baca_tabel(path)
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
    tabel = baca_tabel(path)
    assert (tabel.baris_judul, tabel.baris.tolist()) == (4, [5])
    assert list(tabel.data.columns) == ["NO", "DESA", "PUS", "UNMET NEED"]

    campur = tmp_path / "campur.csv"
    campur.write_text("LAPORAN;;;\nPeriode:;Januari 2025;;\nKECAMATAN;DESA;2023;2024\nA;B;1;2\n")
    tabel = baca_tabel(campur)
    assert tabel.baris_judul == 3
    assert list(tabel.data.columns) == ["KECAMATAN", "DESA", "2023", "2024"]

    tahun = tmp_path / "tahun.csv"
    tahun.write_text("KECAMATAN;2023;2024\nA;1;2\nB;3;4\n", encoding="utf-8")
    tabel = baca_tabel(tahun)
    assert list(tabel.data.columns) == ["KECAMATAN", "2023", "2024"]
    assert tabel.baris.tolist() == [2, 3]


def test_header_over_a_partly_filled_table(tmp_path):
    path = tmp_path / "sebagian.csv"
    rows = ["LAPORAN PUS;;;;;", "NO;KECAMATAN;DESA;PUS;PA;UNMET NEED"]
    rows += [f"{i};MAMUJU;DESA {i};;;" for i in range(1, 13)]
    path.write_text("\n".join(rows), encoding="utf-8")
    tabel = baca_tabel(path)
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
    tabel = baca_tabel(path)
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
    assert baca_tabel(path).baris_judul == 1  # a header of years under a two-cell title
    kenali = ["KECAMATAN", "2023", "2024", "2025"]
    tabel = baca_tabel(path, kenali=kenali)
    assert tabel.baris_judul == 2
    assert tabel.data.to_numpy().tolist() == [["MAMUJU", "1", "2", "3"]]
    assert baca_judul(path, kenali=kenali) == kenali


def test_a_layout_separator_that_does_not_fit_is_replaced(tmp_path):
    path = tmp_path / "koma.csv"
    path.write_text("KODE,PUS\n3201,5\n", encoding="utf-8")
    tabel = baca_tabel(path, ";")
    assert (tabel.pemisah, tabel.data.to_numpy().tolist()) == (",", [["3201", "5"]])
    assert baca_tabel(path, ",").pemisah == ","


def test_blank_lines_are_records(tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_text("A;B\n1;x\n\n2;y\n;\n", encoding="utf-8")
    tabel = baca_tabel(path)
    assert tabel.baris.tolist() == [2, 4]
    assert alasan(tabel) == [(3, "baris_kosong"), (5, "baris_kosong")]
    cek_akuntansi(tabel, 5)


def test_header_only_file_has_no_data(tmp_path):
    path = tmp_path / "judul_saja.csv"
    path.write_text("KODE;NAMA\n", encoding="utf-8")
    tabel = baca_tabel(path)
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
        baca_tabel(path)
    assert pesan in str(exc.value)
    assert name in str(exc.value)
    assert "Traceback" not in str(exc.value)


def test_unknown_extension_and_disguised_files_dispatch_on_content(tmp_path):
    tsv = tmp_path / "ekspor.xls"  # "Excel" export that is really tab-separated text
    tsv.write_text("KODE\tPUS\n3201\t5\n", encoding="utf-8")
    assert baca_tabel(tsv).data.to_numpy().tolist() == [["3201", "5"]]
    xlsx = tmp_path / "data.dat"
    wb = openpyxl.Workbook()
    wb.active.append(["KODE", "PUS"])
    wb.active.append(["3201", 5])
    wb.save(xlsx)
    tabel = baca_tabel(xlsx)
    assert (tabel.sheet, tabel.data.to_numpy().tolist()) == ("Sheet", [["3201", "5"]])
