"""Excel workbooks (XLSX, XLSM, XLS, ODS) read with calamine, one sheet at a time, as text.

Cells come from calamine: integral numbers without ``.0``, other numbers without exponent,
dates in ISO form. XLSX formula cells without cached value are listed in ``sel_rumus``
(:mod:`transforms.baca.rumus`); error cells (``#DIV/0!``) keep their text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from schemas.judul import bersihkan_judul
from transforms.baca.excel_kolom import baca_grid_kolom
from transforms.baca.grid import Gabungan, Grid
from transforms.baca.ingat import ambil_ingatan
from transforms.baca.judul import hitung_skor
from transforms.baca.rumus import baca_peta_sheet, cari_sel_rumus
from transforms.baca.sel import teks_sel
from transforms.baca.susun import ambil_tabel, buat_tabel_ingat
from transforms.baca.tabel import BerkasTidakTerbaca, TabelTeks

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
KEPALA = 64  # first rows kept as read, for header peeks after the whole sheet was read


class _TeksAngka(dict[float, str]):
    """float → its :func:`teks_sel` text, filled on first use. Keys are floats only, so
    ``True == 1 == 1.0`` never mix; equal floats (``0.0``/``-0.0``) have the same text."""

    def __missing__(self, value: float) -> str:
        teks = self[value] = str(int(value)) if value.is_integer() else teks_sel(value)
        return teks


def ubah_sel(values: Sequence[Sequence[Any]]) -> list[list[str]]:
    """Rows of calamine values as text, each cell exactly as :func:`teks_sel` writes it;
    a number repeated down the sheet is formatted once (and its text shared)."""
    angka = _TeksAngka()
    return [
        [v if type(v) is str else angka[v] if type(v) is float else teks_sel(v) for v in row]
        for row in values
    ]


@dataclass
class Buku:
    """An open workbook, with the sheet XML paths when it is an XLSX/XLSM package, and the
    memo of its bytes (:mod:`transforms.baca.ingat`)."""

    path: Path
    wb: Any
    xml: dict[str, str]
    ingatan: dict[Any, Any] = field(default_factory=dict)


@contextmanager
def buka_excel(path: Path) -> Iterator[Buku]:
    """Open a workbook with calamine (closed on exit); broken files raise in Bahasa."""
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several error types for broken files
        raise BerkasTidakTerbaca(
            f"{path.name}: berkas Excel tidak dapat dibaca ({str(exc)[:200]})"
        ) from exc
    try:
        with path.open("rb") as fh:
            zipped = fh.read(4) == _ZIP
        yield Buku(path, wb, baca_peta_sheet(path) if zipped else {}, ambil_ingatan(path))
    finally:
        wb.close()


def deteksi_excel(path: Path) -> bool:
    """True when the file content is an Excel (ZIP/OLE) package, whatever its extension."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise BerkasTidakTerbaca(f"{path.name}: berkas tidak dapat dibuka ({exc})") from exc
    if not head:
        raise BerkasTidakTerbaca(f"berkas {path.name} kosong")
    return head.startswith(_ZIP) or head.startswith(_OLE)


def _baca_nilai(buku: Buku, sheet: str, nrows: int | None) -> tuple[list[list[Any]], list[Any]]:
    """A sheet's calamine values and merged ranges; the parsed sheet is memoised until its
    whole grid is built, so peeking at the first rows and reading it all parse it once."""
    try:
        sh = buku.ingatan.get(("lembar", sheet))
        if sh is None:
            sh = buku.ingatan[("lembar", sheet)] = buku.wb.get_sheet_by_name(sheet)
        values = sh.to_python(skip_empty_area=False, nrows=nrows)
        merged = sh.merged_cell_ranges or []
    except Exception as exc:  # calamine error types vary by format
        raise BerkasTidakTerbaca(
            f"{buku.path.name}: sheet {sheet!r} tidak dapat dibaca ({str(exc)[:200]})"
        ) from exc
    return values, merged


def _grid_utuh(buku: Buku, sheet: str) -> Grid:
    """The whole sheet as a grid with its formula/error scan, built once per file's bytes:
    by column when it is an XLSX sheet fastexcel reads as calamine would
    (:mod:`transforms.baca.excel_kolom`), else row-wise from calamine's values."""
    grid = buku.ingatan.get(("grid", sheet, None))
    if grid is not None:
        return grid
    grid = baca_grid_kolom(buku, sheet) or _grid_baris(buku, sheet)
    kepala = [list(r) for r in grid.rows[:KEPALA]]
    buku.ingatan[("kepala", sheet)] = (kepala, list(grid.gabungan.ranges))
    buku.ingatan[("grid", sheet, None)] = grid
    buku.ingatan.pop(("lembar", sheet), None)
    return grid


def _grid_baris(buku: Buku, sheet: str) -> Grid:
    """The whole sheet row-wise from calamine's values, formula/error cells from its XML."""
    values, merged = _baca_nilai(buku, sheet, None)
    rows = ubah_sel(values)
    grid = Grid(rows, "", sheet=sheet)
    grid.gabungan = Gabungan(tuple((tuple(a), tuple(b)) for a, b in merged))
    rumus, galat = cari_sel_rumus(buku.path, buku.xml.get(sheet), sheet)
    _perluas(rows, [(r, c) for r, c, _ in rumus + galat])
    for r, c, text in galat:
        rows[r][c] = text
    grid.rumus = rumus
    return grid


def baca_grid_excel(buku: Buku, sheet: str, nrows: int | None = None) -> Grid:
    """One sheet as a grid; the whole sheet (``nrows=None``) also gets its formula/error scan.

    The grid's rows may be shared with other reads of the same bytes: never write into them.
    """
    nama = f"{buku.path.name} [{sheet}]"
    if nrows is None:
        return replace(_grid_utuh(buku, sheet), nama=nama)
    kepala = buku.ingatan.get(("kepala", sheet))
    if kepala is None and buku.xml.get(sheet) and 0 < nrows <= KEPALA:
        _grid_utuh(buku, sheet)  # read by column, the whole sheet costs what a peek does
        kepala = buku.ingatan.get(("kepala", sheet))
    if kepala is not None and 0 < nrows <= KEPALA:
        rows, merged = kepala[0][:nrows], kepala[1]
    else:
        values, merged = _baca_nilai(buku, sheet, nrows)
        rows = ubah_sel(values)
    grid = Grid(rows, nama, sheet=sheet)
    grid.gabungan = Gabungan(tuple((tuple(a), tuple(b)) for a, b in merged))
    return grid


def _perluas(rows: list[list[str]], cells: list[tuple[int, int]]) -> None:
    """Grow the grid to hold cells calamine left out (a trailing formula without value)."""
    if not cells:
        return
    height = max(len(rows), *(r + 1 for r, _ in cells))
    width = max(max((len(row) for row in rows), default=0), *(c + 1 for _, c in cells))
    rows.extend([] for _ in range(height - len(rows)))
    for row in rows:
        row.extend([""] * (width - len(row)))


def cari_lembar(buku: Buku) -> list[str]:
    """Worksheets to consider: the visible ones, or all when every one is hidden."""
    meta = [m for m in buku.wb.sheets_metadata if "WorkSheet" in str(m.typ)]
    tampak = [m.name for m in meta if str(m.visible).endswith("Visible")]
    return tampak or [m.name for m in meta]


def _nama_sheet(buku: Buku, sheet: int | str) -> str:
    names = list(buku.wb.sheet_names)
    if isinstance(sheet, int) and 0 <= sheet < len(names):
        return names[sheet]
    if isinstance(sheet, str) and sheet in names:
        return sheet
    raise BerkasTidakTerbaca(f"{buku.path.name}: sheet {sheet!r} tidak ada")


def _tabel_lembar(buku: Buku, kenali: Sequence[str]) -> Iterator[TabelTeks]:
    """Tables of the considered non-empty sheets with a header, lazily, in workbook order.

    Raises :class:`BerkasTidakTerbaca` (the last sheet's reason) when no sheet has one.
    """
    error: BerkasTidakTerbaca | None = None
    found = False
    for sheet in cari_lembar(buku):
        try:
            tabel = _tabel_sheet(buku, sheet, kenali)
        except BerkasTidakTerbaca as exc:
            error = exc
            continue
        if tabel is None:
            continue
        found = True
        yield tabel
    if not found:
        raise error or BerkasTidakTerbaca(f"{buku.path.name}: tidak ada sheet yang berisi tabel")


def _tabel_sheet(buku: Buku, sheet: str, kenali: Sequence[str]) -> TabelTeks | None:
    """The table of one sheet (None when the sheet is empty), from the memo when built."""
    tabel = ambil_tabel(buku.ingatan, sheet, None, kenali)
    if tabel is not None:
        return tabel
    grid = baca_grid_excel(buku, sheet)
    return None if grid.kosong() else buat_tabel_ingat(grid, kenali, buku.ingatan)


def baca_semua_lembar(buku: Buku, kenali: Sequence[str]) -> list[TabelTeks]:
    """Every non-empty considered sheet that has a header, in workbook order."""
    return list(_tabel_lembar(buku, kenali))


def _pilih_lembar(buku: Buku, kenali: Sequence[str]) -> TabelTeks:
    """Best-matching sheet for ``kenali``, else the first sheet with a recognisable header."""
    if kenali:
        want = {bersihkan_judul(k) for k in kenali}
        tables = baca_semua_lembar(buku, kenali)
        return max(tables, key=lambda tb: hitung_skor(tb.data.columns, want))
    return next(_tabel_lembar(buku, kenali))


def baca_excel(path: Path, sheet: int | str | None = 0, *, kenali: Sequence[str] = ()) -> TabelTeks:
    """Read one sheet (index, name, or ``None`` to choose) of an Excel file as text.

    Cells come from calamine: integral numbers without ``.0``, other numbers without exponent,
    dates in ISO form, errors (``#DIV/0!``) as their text. ``baris`` is the sheet row number.
    """
    with buka_excel(Path(path)) as buku:
        if sheet is None:
            return _pilih_lembar(buku, kenali)
        nama = _nama_sheet(buku, sheet)
        tabel = _tabel_sheet(buku, nama, kenali)
    if tabel is None:
        raise BerkasTidakTerbaca(f"{Path(path).name}: sheet {nama!r} kosong")
    return tabel
