"""Reading is cheap: each sheet parsed once per process (memo keyed by the file's bytes), cells
converted fast and exactly as before, headers and region names cleaned the same way."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.judul import bentuk_judul, kunci_judul
from schemas.katalog import muat_katalog
from transforms.baca.berkas import baca_lembar, baca_tabel
from transforms.baca.excel import ubah_sel
from transforms.baca.ingat import KAPASITAS, ambil_ingatan, lupakan_bacaan
from transforms.baca.intip import baca_judul, cari_calon_judul
from transforms.baca.sel import teks_sel
from transforms.baca.tabel import BerkasTidakTerbaca
from transforms.komponen.kolom import rapikan_spasi
from transforms.terima.terima import terima_berkas
from transforms.terima.wilayah_berkas import baca_tabel_raw

KORPUS = Path(__file__).parent / "korpus"
KATALOG = muat_katalog()


def _lolos(path: Path) -> bool:
    """Whether the preflight lets the file reach a parser (hostile files never do)."""
    from transforms.baca.aman import periksa_berkas

    try:
        periksa_berkas(path)
    except Exception:  # refused before any parser: nothing to memoise
        return False
    return True


EXCEL = sorted(p for p in KORPUS.iterdir() if p.suffix in {".xlsx", ".xls", ".ods"} and _lolos(p))


class _Hitung:
    """Counts of sheet parses and whole-sheet conversions (calamine's, and fastexcel's sheet
    loads of the column reader: each is a parse and a whole conversion)."""

    def __init__(self) -> None:
        self.lembar = 0
        self.utuh = 0


class _Lembar:
    def __init__(self, sh: Any, hitung: _Hitung) -> None:
        self._sh, self._hitung = sh, hitung

    def to_python(self, *args: Any, nrows: int | None = None, **kw: Any) -> Any:
        if nrows is None:
            self._hitung.utuh += 1
        return self._sh.to_python(*args, nrows=nrows, **kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sh, name)


class _Buku:
    def __init__(self, wb: Any, hitung: _Hitung) -> None:
        self._wb, self._hitung = wb, hitung

    def get_sheet_by_name(self, name: str) -> _Lembar:
        self._hitung.lembar += 1
        return _Lembar(self._wb.get_sheet_by_name(name), self._hitung)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._wb, name)


class _PembacaKolom:
    def __init__(self, reader: Any, hitung: _Hitung) -> None:
        self._reader, self._hitung = reader, hitung

    def load_sheet(self, *args: Any, **kw: Any) -> Any:
        self._hitung.lembar += 1
        self._hitung.utuh += 1
        return self._reader.load_sheet(*args, **kw)


@pytest.fixture
def hitung(monkeypatch: pytest.MonkeyPatch) -> _Hitung:
    """calamine and fastexcel wrapped so that every sheet parse and whole-sheet conversion is
    counted."""
    import fastexcel
    import python_calamine as pc

    asli, asli_fx = pc.CalamineWorkbook, fastexcel.read_excel
    counts = _Hitung()

    class _Workbook:
        @staticmethod
        def from_path(path: str) -> _Buku:
            return _Buku(asli.from_path(path), counts)

    lupakan_bacaan()
    monkeypatch.setattr(pc, "CalamineWorkbook", _Workbook)
    monkeypatch.setattr(fastexcel, "read_excel", lambda p: _PembacaKolom(asli_fx(p), counts))
    yield counts
    lupakan_bacaan()


def _tabel_sama(a: list, b: list) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        pd.testing.assert_frame_equal(x.data, y.data)
        pd.testing.assert_series_equal(x.baris, y.baris)
        pd.testing.assert_frame_equal(x.bukan_data, y.bukan_data)
        pd.testing.assert_frame_equal(x.sel_rumus, y.sel_rumus)
        assert (x.sheet, x.baris_judul, x.judul_ganda) == (y.sheet, y.baris_judul, y.judul_ganda)


# --------------------------------------------------------------------------- one parse


def test_ingest_of_one_xlsx_parses_its_sheet_once_and_the_stored_copy_reuses_it(
    tmp_path: Path, hitung: _Hitung
):
    src = tmp_path / "masuk" / "judul_di_atas.xlsx"
    src.parent.mkdir()
    shutil.copyfile(KORPUS / "judul_di_atas.xlsx", src)
    hasil = terima_berkas(src, tmp_path / "raw", KATALOG, 2025, bulan=1)
    assert hasil.baru
    assert (hitung.lembar, hitung.utuh) == (1, 1)  # recognition, headers, regions: one parse
    # the run's process step reading the stored copy (another name, another path) right after
    tabel = baca_tabel_raw(hasil.path, hasil.provenans.sumber, None, KATALOG)
    baca_judul(hasil.path)
    assert (hitung.lembar, hitung.utuh) == (1, 1)
    assert len(tabel) == 1 and len(tabel[0][0].data) > 0


def test_other_bytes_are_parsed_again(tmp_path: Path, hitung: _Hitung):
    a = tmp_path / "a.xlsx"
    shutil.copyfile(KORPUS / "judul_di_atas.xlsx", a)
    baca_tabel(a)
    shutil.copyfile(KORPUS / "judul_dua_baris.xlsx", a)  # same path, new content
    tabel = baca_tabel(a)
    assert hitung.lembar == 2
    lupakan_bacaan()
    _tabel_sama([tabel], [baca_tabel(a)])


def test_a_memoised_grid_carries_the_name_of_the_file_read(tmp_path: Path, hitung: _Hitung):
    a, b = tmp_path / "pertama.csv", tmp_path / "kedua.csv"
    a.write_text("1;2\n3;4\n", encoding="utf-8")  # no header: refused with the file's name
    shutil.copyfile(a, b)
    with pytest.raises(BerkasTidakTerbaca, match=r"pertama\.csv"):
        baca_tabel(a)
    with pytest.raises(BerkasTidakTerbaca, match=r"kedua\.csv"):
        baca_tabel(b)
    from transforms.baca.csv import baca_grid_csv

    assert baca_grid_csv(b, None).nama == "kedua.csv"
    assert baca_grid_csv(a, None).nama == "pertama.csv"


def test_only_the_last_files_are_kept(tmp_path: Path, hitung: _Hitung):
    assert KAPASITAS == 3  # two files read at once by ingest, and the next one started
    berkas = [tmp_path / f"{i}.csv" for i in range(4)]
    for i, path in enumerate(berkas):
        path.write_text(f"NAMA;ANGKA\nX;{i}\n", encoding="utf-8")
    for path in berkas[:3]:
        baca_tabel(path)
    assert ("tabel", None, ";", ()) in ambil_ingatan(berkas[0])  # now the most recent
    baca_tabel(berkas[3])
    assert ("tabel", None, ";", ()) in ambil_ingatan(berkas[0])
    assert ambil_ingatan(berkas[1]) == {}  # the least recently read was dropped


def test_an_unreadable_path_is_not_memoised(tmp_path: Path):
    assert ambil_ingatan(tmp_path / "tidak_ada.csv") == {}


@pytest.mark.parametrize("path", EXCEL, ids=lambda p: p.name)
def test_every_read_from_the_memo_equals_a_fresh_read(path: Path):
    """Peeks served from a whole sheet read earlier (first rows kept as first read, before
    the formula/error fill) equal fresh peeks; whole tables equal fresh tables."""
    lupakan_bacaan()
    try:
        segar = (cari_calon_judul(path), _coba(baca_judul, path), _coba(baca_lembar, path))
    except Exception as exc:  # hostile files: the same refusal both ways
        lupakan_bacaan()
        with pytest.raises(type(exc)):
            cari_calon_judul(path)
        return
    lupakan_bacaan()
    pertama = _coba(baca_lembar, path)  # the whole sheet first, then the peeks from the memo
    ingat = (cari_calon_judul(path), _coba(baca_judul, path), pertama)
    assert ingat[0] == segar[0] and ingat[1] == segar[1]
    if isinstance(segar[2], list):
        _tabel_sama(ingat[2], segar[2])
    else:
        assert ingat[2] == segar[2]
    lupakan_bacaan()


def _coba(fn: Any, path: Path) -> Any:
    try:
        return fn(path)
    except Exception as exc:  # compared by message
        return f"{type(exc).__name__}: {exc}"


# --------------------------------------------------------------------------- conversion

_NILAI = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.1, 1e-7, 1e20, 1e16, -0.0, 0.0, 1.0, 2.5, 1 / 3, 123456789.125]),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.booleans(),
    st.text(max_size=5),
    st.dates(),
    st.times(),
    st.datetimes(),
    st.timedeltas(),
    st.none(),
)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(_NILAI, max_size=6), max_size=8))
def test_fast_conversion_equals_the_cell_by_cell_text(rows: list[list[Any]]):
    assert ubah_sel(rows) == [[teks_sel(v) for v in row] for row in rows]


def test_conversion_keeps_types_apart():
    row = [1.0, True, 1, 1.0, False, 0.0, -0.0, float("nan"), float("inf"), 1e-7]
    assert (
        ubah_sel([row, row])
        == [["1", "TRUE", "1", "1", "FALSE", "0", "0", "nan", "inf", "0.0000001"]] * 2
    )
    waktu = [dt.date(2025, 1, 31), dt.datetime(2025, 1, 31, 8, 5), dt.time(7, 30)]
    assert ubah_sel([waktu]) == [["2025-01-31", "2025-01-31T08:05:00", "07:30:00"]]
    assert ubah_sel([[dt.timedelta(hours=1, minutes=1)]]) == [["1:01:00"]]


# --------------------------------------------------------------------------- cleaning

_SPASI = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2007\u200a\u2028\u2029\u202f\u205f\u3000"
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    vals=st.lists(
        st.one_of(st.text(alphabet=_SPASI + "ab é\u200b", max_size=10), st.none()), max_size=30
    ),
    dtype=st.sampled_from(["str", "object"]),
)
def test_region_names_collapse_whitespace_as_str_split_does(vals: list[str | None], dtype: str):
    kolom = pd.Series(vals, dtype=dtype, name="DESA")
    try:
        lama = kolom.astype(str).str.split().str.join(" ")
    except AttributeError:  # pandas refuses a column without any text: so does the new one
        with pytest.raises(AttributeError):
            rapikan_spasi(kolom)
        return
    baru = rapikan_spasi(kolom)
    pd.testing.assert_series_equal(baru, lama)
    assert [type(v) for v in baru] == [type(v) for v in lama]


def test_region_names_whitespace_examples():
    kolom = pd.Series(["  BAMBA\n IRA ", "\u3000A\xa0B", "", np.nan], dtype="str")
    assert rapikan_spasi(kolom).tolist()[:3] == ["BAMBA IRA", "A B", ""]
    assert pd.isna(rapikan_spasi(kolom).iloc[3])


def test_header_key_follows_the_text_of_the_value():
    assert [kunci_judul(v) for v in (1, True, 1.0, "jml._pus")] == ["1", "TRUE", "1 0", "JML PUS"]
    assert bentuk_judul("Jumlah_PUS") == ("JUMLAH PUS", "PUS")
    assert bentuk_judul("JML PUS", ["ANGKA"]) == ("JML PUS", "PUS")


def test_whitespace_list_is_what_str_split_cuts_on():
    from transforms.baca.sel import SPASI

    assert "".join(chr(c) for c in range(0x110000) if chr(c).isspace()) == SPASI


def test_a_caller_changing_its_table_never_changes_the_next_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import transforms.baca.susun as susun

    lupakan_bacaan()
    path = tmp_path / "data.csv"
    path.write_text("NAMA;ANGKA\nX;1\nY;2\nJUMLAH;3\n", encoding="utf-8")
    pertama = baca_tabel(path)
    pertama.data.loc[0, "NAMA"] = "DIUBAH"
    pertama.data["BARU"] = "1"
    pertama.baris.iloc[0] = 99
    pertama.total.loc[0, "ANGKA"] = "0"
    dibangun: list[int] = []
    asli = susun.buat_tabel
    monkeypatch.setattr(susun, "buat_tabel", lambda *a: dibangun.append(1) or asli(*a))
    kedua = baca_tabel(path)
    assert dibangun == []  # served from the memo
    assert kedua.data.to_dict("list") == {"NAMA": ["X", "Y"], "ANGKA": ["1", "2"]}
    assert kedua.baris.tolist() == [2, 3]
    assert kedua.total["ANGKA"].tolist() == ["3"]
    lupakan_bacaan()


def test_after_its_table_is_built_the_grid_is_dropped_and_read_again_when_needed(
    tmp_path: Path, hitung: _Hitung
):
    path = tmp_path / "judul.xlsx"
    shutil.copyfile(KORPUS / "judul_dua_baris.xlsx", path)
    baca_tabel(path)
    assert not [k for k in ambil_ingatan(path) if k[0] == "grid"]  # only table and first rows
    lain = baca_tabel(path, kenali=["KECAMATAN", "DESA"])  # other expected names: parsed again
    assert hitung.lembar == 2
    lupakan_bacaan()
    _tabel_sama([lain], [baca_tabel(path, kenali=["KECAMATAN", "DESA"])])


def test_coverage_summary_cuts_kabupaten_from_kecamatan_as_from_every_code():
    from transforms.terima.wilayah_berkas import CakupanWilayah, potong_kode, ringkas_cakupan

    kode = {"76", "76.05", "76.05.01", "76.05.01.2001", "76.05.02.2002", "73.71.01.1001"}
    ringkas = ringkas_cakupan(CakupanWilayah(frozenset(kode)))
    assert ringkas["kabupaten"] == sorted({potong_kode(k, 2) for k in kode})
    assert ringkas["kabupaten"] == ["73.71", "76", "76.05"]
    assert ringkas["kecamatan"] == ["73.71.01", "76", "76.05", "76.05.01", "76.05.02"]


@pytest.mark.parametrize("nama", ["data_pus.csv", "data_mix_kontra.csv", "data_bkb_keluarga.csv"])
def test_real_sulbar_tables_from_the_memo_equal_fresh_reads(nama: str):
    from tests.conftest import realdata_path

    path = realdata_path("bkkbn-sulbar-siga", nama)
    kenali = KATALOG.sumber[f"siga.{nama[5:-4]}"].kenali
    lupakan_bacaan()
    segar = baca_lembar(path, kenali=kenali)
    ingat = baca_lembar(path, kenali=kenali)  # from the memo
    lupakan_bacaan()
    _tabel_sama(ingat, segar)
    _tabel_sama(baca_lembar(path, kenali=kenali), segar)
    assert len(segar[0].data) > 100
    lupakan_bacaan()
