"""The XLSX column reader (fastexcel → Arrow) gives the cells and tables the row-wise reader gives.

Every comparison reads the same file both ways: by column (:mod:`transforms.baca.excel_kolom`)
and row-wise from calamine's values (the column reader switched off), and asserts the same
cell text, merged ranges and formula cells, and the same tables (data rows, non-data rows with
their reasons, totals). Values asserted literally where fastexcel alone would differ.
"""

from __future__ import annotations

import datetime as dt
import random
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.bantu_benih import benih_cepat
from transforms.baca import excel as excel_mod
from transforms.baca.csv_kolom import pisah_kolom_csv
from transforms.baca.excel import baca_grid_excel, buka_excel
from transforms.baca.grid import Grid, ambil_baris
from transforms.baca.ingat import lupakan_bacaan
from transforms.baca.susun import buat_tabel
from transforms.baca.tabel import BerkasTidakTerbaca, TabelTeks

KORPUS = Path(__file__).parent / "korpus"
# read without the preflight here: sel_jauh.xlsx (a cell at XFD16777216) is the preflight's to
# refuse; calamine would try to allocate the whole range either way
_KORPUS_XLSX = sorted(p for p in KORPUS.glob("*.xlsx") if p.name not in {"sel_jauh.xlsx"})


def _grid(path: Path, kolom: bool, monkeypatch: pytest.MonkeyPatch) -> Grid | str:
    """The first sheet's whole grid, by column or row-wise; a refusal as its message."""
    lupakan_bacaan()
    with monkeypatch.context() as m:
        if not kolom:
            m.setattr(excel_mod, "baca_grid_kolom", lambda buku, sheet: None)
        try:
            with buka_excel(path) as buku:
                return baca_grid_excel(buku, buku.wb.sheet_names[0])
        except BerkasTidakTerbaca as exc:
            return str(exc)
        finally:
            lupakan_bacaan()


def _sel(grid: Grid) -> list[list[str]]:
    if grid.kolom is None:
        return grid.rows
    return ambil_baris(grid.kolom, list(range(len(grid.kolom[0]) if grid.kolom else 0)))


def _sama(path: Path, monkeypatch: pytest.MonkeyPatch) -> Grid | str:
    a, b = _grid(path, True, monkeypatch), _grid(path, False, monkeypatch)
    if isinstance(a, str) or isinstance(b, str):
        assert a == b
        return a
    assert _sel(a) == _sel(b)
    assert a.gabungan == b.gabungan
    assert a.rumus == b.rumus
    return a


@pytest.mark.parametrize("path", _KORPUS_XLSX, ids=lambda p: p.name)
def test_korpus_cells_are_those_of_the_row_wise_reader(path: Path, monkeypatch):
    _sama(path, monkeypatch)


def _simpan(tmp_path: Path, isi: dict[str, object], nama: str = "a.xlsx", gabung: str = "") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for ref, v in isi.items():
        ws[ref] = v
    if gabung:
        ws.merge_cells(gabung)
    path = tmp_path / nama
    wb.save(path)
    return path


def test_numbers_keep_every_digit_and_positions_are_absolute(tmp_path, monkeypatch):
    """fastexcel alone gives nine decimals (0.123456789, 0 for 1e-12, -0): the XML's values
    are put back; the table starts at C3 and keeps its physical rows and columns."""
    isi = {"C3": "KODE", "D3": "NILAI", "C4": "A", "D4": 0.1234567890123, "C5": "B", "D5": 1e-12}
    isi |= {"C6": "C", "D6": -0.0, "C7": "D", "D7": 12345678.25, "C8": "E", "D8": 2.5e20}
    isi |= {"C9": "F", "D9": 1 / 3, "E4": "=D4*2", "B1": "judul"}
    grid = _sama(_simpan(tmp_path, isi, gabung="B1:D1"), monkeypatch)
    assert isinstance(grid, Grid) and grid.kolom is not None  # read by column
    sel = _sel(grid)
    assert [r[3] for r in sel[3:9]] == [
        "0.1234567890123",
        "0.000000000001",
        "0",
        "12345678.25",
        "250000000000000000000",
        "0.3333333333333333",
    ]
    assert sel[2][2:4] == ["KODE", "NILAI"] and sel[0][1] == "judul"
    assert grid.gabungan.ranges == (((0, 1), (0, 3)),)
    assert grid.rumus == [(3, 4, "D4*2")]  # a formula openpyxl wrote without a cached value


def test_random_numbers_keep_calamines_text(tmp_path, monkeypatch):
    acak = random.Random(7)
    nilai = [acak.uniform(-1e7, 1e7) for _ in range(300)]
    nilai += [acak.choice([1e-7, 1e-20, 5e-324, 2.0**63, 1e16 + 2, 0.1 + 0.2]) for _ in range(50)]
    nilai += [round(acak.uniform(0, 100), acak.randint(0, 9)) for _ in range(300)]
    isi: dict[str, object] = {"A1": "NILAI"} | {f"A{i + 2}": v for i, v in enumerate(nilai)}
    grid = _sama(_simpan(tmp_path, isi), monkeypatch)
    assert isinstance(grid, Grid) and grid.kolom is not None


def test_a_value_python_cannot_read_goes_row_wise(tmp_path, monkeypatch):
    """``<v>--0</v>`` matches the pattern of values fastexcel could shorten but is no number
    Python reads: the sheet goes to the row-wise reader, so calamine's refusal names the sheet
    (before, the column reader's ``ValueError`` rejected the file as an unexpected error)."""
    path = _simpan(tmp_path, {"A1": "KODE", "B1": "NILAI", "A2": "A", "B2": 7})
    with zipfile.ZipFile(path) as z:
        isi = {n: z.read(n) for n in z.namelist()}
    lembar = "xl/worksheets/sheet1.xml"
    assert isi[lembar].count(b"<v>7</v>") == 1
    isi[lembar] = isi[lembar].replace(b"<v>7</v>", b"<v>--0</v>")
    with zipfile.ZipFile(path, "w") as z:
        for n, b in isi.items():
            z.writestr(n, b)
    assert _sama(path, monkeypatch) == (
        "a.xlsx: sheet 'Sheet' tidak dapat dibaca (Parse float error: invalid float literal)"
    )


@pytest.mark.parametrize(
    "nilai", [True, dt.date(2025, 1, 2), dt.datetime(2025, 1, 2, 3, 4, 5), dt.time(3, 4)]
)
def test_booleans_and_dates_are_read_row_wise(tmp_path, monkeypatch, nilai):
    """fastexcel writes TRUE as ``true`` and dates as ``2025-01-02 00:00:00``: such sheets go
    to the row-wise reader, which gives ``TRUE`` and ``2025-01-02``."""
    grid = _sama(_simpan(tmp_path, {"A1": "KODE", "B1": "X", "A2": "1", "B2": nilai}), monkeypatch)
    assert isinstance(grid, Grid) and grid.kolom is None


_TEKS = [
    *("", " ", "\xa0", "JUMLAH", "Total", "jumlah kec", "sub-total", "GRAND TOTAL", "REKAP"),
    *("ﬅotal", "ıumlah", "1", "(1)", "2", "3", "1.", "Kode", "KODE", "nama desa", "Straße"),
    *("ÉCOLE", "x", "TOTAL PUS", "  kode ", '"KODE"', "K", "1)", "#N/A", "rekap\n", "JML"),
]
_JUDUL = ["KODE", "NAMA DESA", "PUS", "KB AKTIF", "JUMLAH", "TOTAL", "KECAMATAN", "NO"]


def _lembar_acak(acak: random.Random) -> dict[str, object]:
    """A sheet of header, data, blank, column-number, repeated-header and total-like rows."""
    r0, c0, lebar = acak.randint(1, 4), acak.randint(1, 3), acak.randint(3, 7)
    judul = acak.sample(_JUDUL, lebar)
    isi: dict[tuple[int, int], object] = {(r0, c0 + j): h for j, h in enumerate(judul)}
    for i in range(acak.randint(0, 60)):
        k = acak.random()
        if k < 0.08:
            baris: list[object] = list(range(1, lebar + 1))
        elif k < 0.14:
            baris = list(judul)
        elif k < 0.2:
            continue
        else:
            baris = [
                acak.choice(_TEKS) if acak.random() < 0.5 else acak.randint(0, 999)
                for _ in range(lebar)
            ]
        isi |= {(r0 + 1 + i, c0 + j): v for j, v in enumerate(baris)}
    return {f"{openpyxl.utils.get_column_letter(c)}{r}": v for (r, c), v in isi.items()}


def _tabel_sama(a: TabelTeks | str, b: TabelTeks | str) -> None:
    if isinstance(a, str) or isinstance(b, str):
        assert a == b
        return
    for f in ("data", "bukan_data", "total", "sel_rumus"):
        pd.testing.assert_frame_equal(getattr(a, f), getattr(b, f))
    pd.testing.assert_series_equal(a.baris, b.baris)
    assert (a.baris_judul, a.judul_ganda) == (b.baris_judul, b.judul_ganda)


def _buat(grid: Grid, kenali: tuple[str, ...]) -> TabelTeks | str:
    try:
        return buat_tabel(grid, kenali)
    except BerkasTidakTerbaca as exc:
        return str(exc)


@pytest.mark.parametrize("benih", benih_cepat(12))
def test_tables_by_column_equal_tables_row_wise(tmp_path, monkeypatch, benih):
    """The Arrow marks of non-data rows let no blank, column-number, repeated-header or
    total row through (checked by breaking each mark: these cases then differ)."""
    acak = random.Random(benih)
    for n in range(6):
        grid = _sama(_simpan(tmp_path, _lembar_acak(acak), f"{n}.xlsx"), monkeypatch)
        assert isinstance(grid, Grid) and grid.kolom is not None
        baris = replace(grid, rows=_sel(grid), kolom=None)
        for kenali in ((), ("KODE", "PUS")):
            _tabel_sama(_buat(grid, kenali), _buat(baris, kenali))


# --------------------------------------------------------------------------- CSV by column


def _csv(path: Path, kolom: bool, monkeypatch: pytest.MonkeyPatch) -> TabelTeks | str:
    """The table of a CSV file with its cells split by column or row-wise."""
    from transforms.baca import csv as csv_mod

    lupakan_bacaan()
    with monkeypatch.context() as m:
        if not kolom:
            m.setattr(csv_mod, "_grid_kolom", lambda *a: None)
        try:
            return csv_mod.baca_csv(path)
        except BerkasTidakTerbaca as exc:
            return str(exc)
        finally:
            lupakan_bacaan()


def _csv_sama(path: Path, monkeypatch: pytest.MonkeyPatch) -> TabelTeks | str:
    a, b = _csv(path, True, monkeypatch), _csv(path, False, monkeypatch)
    _tabel_sama(a, b)
    if not isinstance(a, str):
        assert not isinstance(b, str) and a.baris_terpotong == b.baris_terpotong
    return a


@pytest.mark.parametrize("path", sorted(KORPUS.glob("*.csv")), ids=lambda p: p.name)
def test_korpus_csv_tables_are_those_of_the_row_wise_reader(path: Path, monkeypatch):
    _csv_sama(path, monkeypatch)


def test_csv_lines_blank_records_and_a_last_line_cut_short(tmp_path, monkeypatch):
    """Lines end at CRLF, CR or LF; a blank line is a blank row; a last record without line
    end and with fewer fields than the header is reported as cut short."""
    path = tmp_path / "a.csv"
    path.write_bytes(b"KODE;NAMA;PUS\r\n73.01;A;5\r\r73.02;B;6\n\n73.03;C;7\n73.04;D")
    tabel = _csv_sama(path, monkeypatch)
    assert isinstance(tabel, TabelTeks)
    assert tabel.data.to_dict("list") == {
        "KODE": ["73.01", "73.02", "73.03", "73.04"],
        "NAMA": ["A", "B", "C", "D"],
        "PUS": ["5", "6", "7", ""],
    }
    assert tabel.baris.tolist() == [2, 4, 6, 7]
    assert tabel.bukan_data["baris"].tolist() == [3, 5]
    assert tabel.baris_terpotong == 7


@pytest.mark.parametrize("benih", range(10))
def test_random_csv_by_column_equals_row_wise(tmp_path, monkeypatch, benih):
    acak = random.Random(benih)
    for n in range(5):
        pemisah = acak.choice(";,\t|")
        sel = _lembar_acak(acak)
        rows: dict[int, dict[int, str]] = {}
        for ref, v in sel.items():
            c, r = openpyxl.utils.cell.coordinate_from_string(ref)
            rows.setdefault(r, {})[openpyxl.utils.column_index_from_string(c)] = str(v)
        akhir = acak.choice(["\n", "\r\n", "\r"])
        baris = []
        for r in range(1, max(rows) + 1):
            isi = rows.get(r, {})
            lebar = max(isi, default=0) - acak.randint(0, 1)  # ragged: short records padded
            sel_teks = [isi.get(j, "").replace(pemisah, " ") for j in range(1, lebar + 1)]
            baris.append(pemisah.join(s.replace("\n", " ") for s in sel_teks))
        teks = (akhir.join(baris) + (akhir if acak.random() < 0.5 else "")).replace('"', "'")
        assert pisah_kolom_csv(teks, pemisah) is not None  # split by column here
        path = tmp_path / f"{n}.csv"
        path.write_text(teks, encoding="utf-8", newline="")
        _csv_sama(path, monkeypatch)


def test_benchmark_reads_both_ways_and_finds_equal_tables(capsys):
    from benchmarks.baca_kolom import main

    main([str(KORPUS / "judul_dua_baris.xlsx"), "--ulang", "1"])
    keluar = capsys.readouterr().out
    assert "per baris" in keluar and "per kolom" in keluar and keluar.rstrip().endswith("sama")
