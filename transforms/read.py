"""Read any supported file into a frame of text cells, keeping the row numbers of the file.

Nothing is parsed here: numbers and codes stay text, so ``32.01.01`` stays a code and ``10.000``
stays ten thousand until :mod:`transforms.parse` decides per column.

What this module does recognise is the *shape* of a real report:

* title rows above the header (``LAPORAN BULANAN ...``, ``BULAN: JANUARI 2025``, blanks);
* two-row headers with merged group cells (``PESERTA KB AKTIF`` over ``IUD | IMPLAN | MOW``);
* rows below the header that are not data: blank rows, column-number rows (``1 2 3= Σ (4-14)``),
  repeated header rows of stacked blocks and total rows (``JUMLAH``, ``TOTAL`` ...);
* XLSX formula cells that carry no cached value, and Excel error cells.

Row numbers (``baris``) are physical: the sheet row for Excel, the 1-based record number for
CSV (a record may span several lines when a quoted cell holds a newline).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "ALASAN",
    "BerkasTidakTerbaca",
    "TabelTeks",
    "normalize_header",
    "read_csv_text",
    "read_excel_text",
    "read_header",
    "read_sheets",
    "read_table",
]

ENCODINGS = ("utf-8", "cp1252")
SEPARATORS = (";", ",", "\t", "|")
BARIS_CARI = 30  # the header is looked for among the first 30 rows
ALASAN = ("baris_kosong", "nomor_kolom", "judul_berulang", "baris_total")  # of bukan_data

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_ANGKA = re.compile(r"[(\[]?[+-]?(?:\d[\d.,' ]*|[.,]\d+)\s*%?[)\]]?")
_TANGGAL = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[T ][\d:.]+)?")
_NOMOR_KOLOM = re.compile(r"\(?\s*(\d{1,3})\s*\)?\.?(?:\s*=.*)?", re.S)
_CURIGA_NOMOR = re.compile(r"\x1f *(?:\( *1 *\)|1)\.? *\x1f[\s\x1f]*\(? *[23](?!\d)")
_SATU = frozenset({"1", "(1)", "1.", "( 1 )", "1)"})
_KATA_TOTAL = ("JUMLAH", "TOTAL", "JML", "REKAP")
_KOSONG = "\x1f \t\r\n\xa0\u3000"
_TOTAL = re.compile(r"\b(?:GRAND|SUB|JUMLAH|TOTAL|REKAP|JML)", re.I)
_TOTAL = re.compile(r"(?:GRAND\s*TOTAL|SUB[\s-]*TOTAL|JUMLAH|TOTAL|REKAP|JML)\b")
_HTML = re.compile(r"\s*<(?:!doctype\s+html|html|table|\?xml)", re.I)
_RUMUS_TANPA_NILAI = re.compile(
    rb"<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
_SEL_GALAT = re.compile(rb"""\st=["']e["']""")
_REF = re.compile(r"([A-Z]+)(\d+)")
_KONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BerkasTidakTerbaca(Exception):
    """A file that cannot be read at all (message in Bahasa Indonesia)."""


def _bukan_data_kosong() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "baris": pd.Series(dtype="int64"),
            "alasan": pd.Series(dtype="str"),
            "teks": pd.Series(dtype="str"),
        }
    )


def _rumus_kosong() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "baris": pd.Series(dtype="int64"),
            "kolom": pd.Series(dtype="str"),
            "rumus": pd.Series(dtype="str"),
        }
    )


def _total_kosong() -> pd.DataFrame:
    return pd.DataFrame({"baris": pd.Series(dtype="int64")})


@dataclass(frozen=True)
class TabelTeks:
    """A table read as text, with the physical row number of every record.

    Attributes:
        data: data rows only, every cell a ``str`` (blank = ``""``), normalised headers.
        baris: physical row number of each data row, aligned with ``data.index``: the sheet row
            for Excel, the 1-based record number for CSV (the header record of a file without
            title rows is 1; a quoted newline does not start a new record).
        sheet: sheet name (Excel) or ``None`` (CSV).
        encoding: text encoding (CSV: ``utf-8``, ``utf-8-sig``, ``utf-16-le``, ``utf-16-be``,
            ``cp1252``) or ``None`` (Excel).
        pemisah: column separator (CSV) or ``None`` (Excel).
        baris_judul: physical row number of the header (its last row for a two-row header).
        bukan_data: rows below the header removed from ``data``: ``baris, alasan, teks`` with
            ``alasan`` one of ``baris_kosong, nomor_kolom, judul_berulang, baris_total``.
        total: the total rows themselves, same columns as ``data`` plus ``baris``; they are
            also listed in ``bukan_data``.
        sel_rumus: XLSX formula cells without a cached value: ``baris, kolom, rumus``
            (``rumus`` as ``=A5+B5``). Their cell in ``data`` is blank, as calamine reads it:
            a caller must report them, never take them as 0 or as a true blank.

    Every row below the header is either data or not: rows below ``baris_judul`` =
    ``len(data) + len(bukan_data)``.
    """

    data: pd.DataFrame
    baris: pd.Series
    sheet: str | None
    encoding: str | None
    pemisah: str | None
    baris_judul: int = 1
    bukan_data: pd.DataFrame = field(default_factory=_bukan_data_kosong)
    total: pd.DataFrame = field(default_factory=_total_kosong)
    sel_rumus: pd.DataFrame = field(default_factory=_rumus_kosong)


def normalize_header(name: object) -> str:
    """Header as compared with layouts: upper case, single spaces, no BOM or quotes."""
    text = str(name).replace("\ufeff", "").replace("\n", " ").strip().strip('"').upper()
    return " ".join(text.split())


# --------------------------------------------------------------------------- cell classes


def _nilai(cell: str) -> bool:
    """True for a value-like cell: number, dash, date, Excel error, formula, column number."""
    text = cell.strip()
    if not text:
        return False
    if text[0] in "#=" or text in {"-", "–", "—"}:
        return True
    return bool(_ANGKA.fullmatch(text) or _TANGGAL.fullmatch(text) or _NOMOR_KOLOM.fullmatch(text))


def _teks(cell: str) -> bool:
    """True for a non-empty cell that is not value-like."""
    return bool(cell.strip()) and not _nilai(cell)


def _hitung(row: Sequence[str]) -> tuple[int, int]:
    """(non-empty cells, text cells) of a row."""
    isi = [c for c in row if c.strip()]
    return len(isi), sum(1 for c in isi if not _nilai(c))


def _ringkas(row: Sequence[str]) -> str:
    return " | ".join(c.strip() for c in row if c.strip())[:200]


def _huruf(j: int) -> str:
    """Excel column letter of a 0-based column index."""
    out = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        out = chr(65 + rem) + out
    return out


def _indeks_kolom(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


# --------------------------------------------------------------------------- row classes


def _mungkin_nomor(joined: str) -> bool:
    """Cheap filter before :func:`_nomor_kolom`: a cell ``1`` followed by ``2`` or ``3``.

    ``joined`` is the row's cells joined by ``\x1f`` (blank cells may sit between them).
    """
    return _CURIGA_NOMOR.search(f"\x1f{joined}\x1f") is not None


def _nomor_kolom(row: Sequence[str], lebar_judul: int) -> bool:
    """Column-number row: ``1 2 3 …``, ``(1) (2) …``, ``3= Σ (4-14)``, ``3=4+5``.

    The longest run 1, 2, 3, … over the non-empty cells must have at least 3 cells and cover
    half of them when a cell has the ``(n)`` or ``n=…`` form, otherwise 80 % of them and 80 %
    of the header's named columns (a data row ``1 | 2 | 3 | 4`` under a 4-column header is
    indistinguishable and is taken as column numbers).
    """
    isi = sum(1 for c in row if c.strip())
    if isi < 3:
        return False
    run = best = last = blanks = 0
    kuat = kuat_best = False
    for raw in row:
        cell = raw.strip()
        if not cell:
            blanks += 1
            continue
        m = _NOMOR_KOLOM.fullmatch(cell)
        n = int(m.group(1)) if m else -1
        tanda = m is not None and (cell.startswith("(") or "=" in cell)
        if run and last < n <= last + 1 + blanks:  # a blank cell may stand for a number
            run, kuat = run + 1, kuat or tanda
        elif n == 1:
            run, kuat = 1, tanda
        else:
            run, kuat = 0, False
        last, blanks = n, 0
        if run > best:
            best, kuat_best = run, kuat
    if best < 3:
        return False
    if kuat_best:
        return best >= 0.5 * isi
    return best >= 0.8 * isi and best >= 0.8 * lebar_judul


def _ada_kata_total(text: str) -> bool:
    """Cheap filter before :func:`_baris_total`: a total keyword appears somewhere."""
    upper = text.upper()
    return any(k in upper for k in _KATA_TOTAL)


def _baris_total(row: Sequence[str]) -> bool:
    """Total row: one of the first 3 text cells starts with JUMLAH, TOTAL, REKAP, JML, …"""
    teks: list[str] = []
    for cell in row:
        if _teks(cell):
            teks.append(normalize_header(cell))
            if len(teks) == 3:
                break
    return any(_TOTAL.match(t) for t in teks)


class _JudulBerulang:
    """Recognises rows repeating a header row (stacked blocks)."""

    def __init__(self, refs: Iterable[Sequence[str]]) -> None:
        self._refs: list[tuple[dict[int, str], int, list[int]]] = []
        for row in refs:
            pos = {j: normalize_header(c) for j, c in enumerate(row) if c.strip()}
            if len(pos) >= 2:
                need = max(2, math.ceil(0.8 * len(pos)))
                self._refs.append((pos, need, list(pos)[:2]))

    def cocok(self, row: Sequence[str]) -> bool:
        for pos, need, keys in self._refs:
            if not any(row[k].lstrip()[:1].upper() == pos[k][:1] for k in keys):
                continue
            hit = sum(1 for j, h in pos.items() if normalize_header(row[j]) == h)
            if hit >= need:
                return True
        return False


# --------------------------------------------------------------------------- header


@dataclass(frozen=True)
class _Gabungan:
    """Merged ranges of a sheet, 0-based ``((r0, c0), (r1, c1))``; empty for CSV."""

    ranges: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()

    def mendatar(self, r: int) -> list[tuple[int, int]]:
        """Column spans of horizontal merges lying on row ``r`` only."""
        return [(c0, c1) for (r0, c0), (r1, c1) in self.ranges if r0 == r1 == r and c1 > c0]

    def tegak(self, r: int) -> bool:
        """True when a merge spans rows ``r`` and ``r + 1`` (a vertically merged label)."""
        return any(r0 == r and r1 >= r + 1 for (r0, _), (r1, _) in self.ranges)


@dataclass(frozen=True)
class _Judul:
    atas: int
    bawah: int | None
    nama: tuple[str, ...]

    @property
    def akhir(self) -> int:
        return self.atas if self.bawah is None else self.bawah


def _grup(top: Sequence[str], sub: Sequence[str], spans: list[tuple[int, int]]) -> dict[int, str]:
    """Columns under a group label: merged spans, or a top cell followed by blanks over text."""
    grup: dict[int, str] = {}
    for c0, c1 in spans:
        label = top[c0].strip()
        if label:
            grup.update(dict.fromkeys(range(c0, min(c1 + 1, len(top))), label))
    w = len(top)
    j = 0
    while j < w - 1:
        head = top[j].strip()
        if head and sub[j].strip() and not top[j + 1].strip() and sub[j + 1].strip():
            k = j
            while k < w and (k == j or (not top[k].strip() and sub[k].strip())):
                grup.setdefault(k, head)
                k += 1
            j = k
        else:
            j += 1
    return grup


def _nama_gabung(top: Sequence[str], sub: Sequence[str], grup: dict[int, str]) -> list[str]:
    """Names of a two-row header: ``group sub``, or whichever row has text."""
    names = []
    for j, (t, s) in enumerate(zip(top, sub, strict=True)):
        atas, bawah = grup.get(j, t.strip()), s.strip()
        if normalize_header(atas) == normalize_header(bawah):
            bawah = ""
        names.append(normalize_header(f"{atas} {bawah}"))
    return names


def _dua_baris(rows: list[list[str]], t: int, gab: _Gabungan) -> bool:
    """True when row ``t + 1`` completes row ``t`` as the second row of a two-row header."""
    if t + 1 >= len(rows):
        return False
    top, sub = rows[t], rows[t + 1]
    if _hitung(sub)[1] < 1 or _nomor_kolom(sub, 0):
        return False
    grup = _grup(top, sub, gab.mendatar(t))
    if not grup or any(_nilai(c) for j, c in enumerate(sub) if j not in grup):
        return False
    if gab.tegak(t):
        return True
    # a label alone in the top row (vertically merged, e.g. NO, KECAMATAN) with data below it
    tegak = [j for j, c in enumerate(top) if c.strip() and not sub[j].strip() and j not in grup]
    below = [r for r in rows[t + 2 : t + 12] if "".join(r).strip()][:5]
    return any(r[j].strip() for r in below for j in tegak)


def _nama_judul(rows: list[list[str]], t: int, dua: bool, gab: _Gabungan) -> _Judul:
    if not dua:
        return _Judul(t, None, tuple(normalize_header(c) for c in rows[t]))
    grup = _grup(rows[t], rows[t + 1], gab.mendatar(t))
    return _Judul(t, t + 1, tuple(_nama_gabung(rows[t], rows[t + 1], grup)))


def _skor(names: Iterable[str], want: set[str]) -> int:
    return len(want.intersection(names))


def _judul_kenali(rows: list[list[str]], kenali: Sequence[str], gab: _Gabungan) -> _Judul | None:
    """Header row with the most expected names (at least half of them, or all when ≤ 2)."""
    want = {normalize_header(k) for k in kenali}
    need = len(want) if len(want) <= 2 else math.ceil(len(want) / 2)
    best: tuple[int, _Judul] | None = None
    for t in range(min(BARIS_CARI, len(rows))):
        single = _nama_judul(rows, t, False, gab)
        choice = (_skor(single.nama, want), single)
        if t + 1 < len(rows):
            grup = _grup(rows[t], rows[t + 1], gab.mendatar(t))
            dua = _Judul(t, t + 1, tuple(_nama_gabung(rows[t], rows[t + 1], grup)))
            score = _skor(dua.nama, want)
            if score > choice[0] or (score == choice[0] > 0 and _dua_baris(rows, t, gab)):
                choice = (score, dua)
        if best is None or choice[0] > best[0]:
            best = choice
    if best is None or best[0] < need:
        return None
    return best[1]


def _judul_heuristik(rows: list[list[str]], gab: _Gabungan) -> _Judul | None:
    """Header without expected names, among the first 30 rows.

    Candidates have at least two text cells, at least as much text as values, and fill more
    than half of the columns used by the rows below them (which rules out ``Periode: |
    Januari 2025`` title rows). The earliest candidate with the most text cells is the
    header: data rows carry numbers. Fallback: the first row with two non-empty cells and
    some text. A two-row header is recognised around the chosen row.
    """
    limit = min(BARIS_CARI, len(rows))
    best, best_text = -1, 1
    for r in range(limit):
        isi, text = _hitung(rows[r])
        if text > best_text and 2 * text >= isi and _cakupan(rows, r) > 0.5:
            best, best_text = r, text
    if best < 0:
        best = next((r for r in range(limit) if _cukup(rows[r])), -1)
    if best < 0:
        return None
    if best > 0 and _hitung(rows[best - 1])[1] >= 1 and _dua_baris(rows, best - 1, gab):
        return _nama_judul(rows, best - 1, True, gab)
    return _nama_judul(rows, best, _dua_baris(rows, best, gab), gab)


def _cakupan(rows: list[list[str]], r: int) -> float:
    """Share of the columns used by the 10 rows below row ``r`` that ``r`` fills."""
    cols = {j for j, c in enumerate(rows[r]) if c.strip()}
    below: set[int] = set()
    seen = 0
    for row in rows[r + 1 : r + 41]:
        used = {j for j, c in enumerate(row) if c.strip()}
        if used:
            below |= used
            seen += 1
            if seen == 10:
                break
    if not below:
        return 1.0
    return len(cols & below) / len(below)


def _cukup(row: Sequence[str]) -> bool:
    isi, text = _hitung(row)
    return isi >= 2 and text >= 1


def _cari_judul(rows: list[list[str]], kenali: Sequence[str], gab: _Gabungan, nama: str) -> _Judul:
    judul = _judul_kenali(rows, kenali, gab) if kenali else None
    judul = judul or _judul_heuristik(rows, gab)
    if judul is None:
        raise BerkasTidakTerbaca(
            f"{nama}: baris judul kolom tidak ditemukan di {BARIS_CARI} baris pertama"
        )
    return judul


def _nama_akhir(nama: Sequence[str]) -> list[str]:
    """Unnamed columns become ``KOLOM <letter>``; repeated names get ``_2``, ``_3``…"""
    out: list[str] = []
    for j, name in enumerate(nama):
        base = name or f"KOLOM {_huruf(j)}"
        unik, k = base, 1
        while unik in out:
            k += 1
            unik = f"{base}_{k}"
        out.append(unik)
    return out


# --------------------------------------------------------------------------- assembly


@dataclass
class _Grid:
    """A sheet or CSV file as rows of text cells (row index + 1 = physical row number)."""

    rows: list[list[str]]
    nama: str
    sheet: str | None = None
    encoding: str | None = None
    pemisah: str | None = None
    rumus: list[tuple[int, int, str]] = field(default_factory=list)
    gabungan: _Gabungan = field(default_factory=_Gabungan)


def _pilah(
    rows: list[list[str]], judul: _Judul, rumus: frozenset[int] = frozenset()
) -> tuple[list[int], list[tuple[int, str]]]:
    """Split the rows below the header into data rows and (row, reason) non-data rows.

    A row holding a formula without cached value (``rumus``) is never taken as blank.
    """
    lebar = sum(1 for n in judul.nama if n)
    refs = [rows[judul.atas]] + ([rows[judul.bawah]] if judul.bawah is not None else [])
    ulang = _JudulBerulang(refs)
    data: list[int] = []
    bukan: list[tuple[int, str]] = []
    for i in range(judul.akhir + 1, len(rows)):
        row = rows[i]
        joined = "\x1f".join(row)
        if not joined.strip(_KOSONG) and i not in rumus:
            bukan.append((i, "baris_kosong"))
        elif not _SATU.isdisjoint(row) and _mungkin_nomor(joined) and _nomor_kolom(row, lebar):
            bukan.append((i, "nomor_kolom"))
        elif ulang.cocok(row):
            bukan.append((i, "judul_berulang"))
        elif _ada_kata_total(joined) and _baris_total(row):
            bukan.append((i, "baris_total"))
        else:
            data.append(i)
    return data, bukan


def _frame(
    rows: list[list[str]], idx: list[int], cols: list[int], names: list[str]
) -> pd.DataFrame:
    if not idx:
        return pd.DataFrame({n: pd.Series(dtype="str") for n in names})
    picked = np.array([rows[i] for i in idx], dtype=object)[:, cols]
    return pd.DataFrame(picked, columns=names, dtype="str")


def _kolom_dipakai(rows: list[list[str]], idx: list[int], nama: Sequence[str]) -> list[int]:
    """Columns to keep: named ones, and unnamed ones holding something in a kept row."""
    return [j for j, n in enumerate(nama) if n or any(rows[i][j].strip() for i in idx)]


def _tabel(grid: _Grid, kenali: Sequence[str]) -> TabelTeks:
    rows = grid.rows
    judul = _cari_judul(rows, kenali, grid.gabungan, grid.nama)
    data_idx, bukan = _pilah(rows, judul, frozenset(r for r, _, _ in grid.rumus))
    total_idx = [i for i, alasan in bukan if alasan == "baris_total"]
    cols = _kolom_dipakai(rows, data_idx + total_idx, judul.nama)
    semua = _nama_akhir(judul.nama)
    names = [semua[j] for j in cols]
    data = _frame(rows, data_idx, cols, names)
    total = _frame(rows, total_idx, cols, names)
    total["baris"] = pd.Series([i + 1 for i in total_idx], index=total.index, dtype="int64")
    bukan_data = pd.DataFrame(
        {
            "baris": pd.Series([i + 1 for i, _ in bukan], dtype="int64"),
            "alasan": pd.Series([a for _, a in bukan], dtype="str"),
            "teks": pd.Series([_ringkas(rows[i]) for i, _ in bukan], dtype="str"),
        }
    )
    sel_rumus = pd.DataFrame(
        {
            "baris": pd.Series([r + 1 for r, _, _ in grid.rumus], dtype="int64"),
            "kolom": pd.Series(
                [semua[c] if c < len(semua) else f"KOLOM {_huruf(c)}" for _, c, _ in grid.rumus],
                dtype="str",
            ),
            "rumus": pd.Series([f"={f}" for _, _, f in grid.rumus], dtype="str"),
        }
    )
    baris = pd.Series([i + 1 for i in data_idx], index=data.index, name="baris", dtype="int64")
    return TabelTeks(
        data,
        baris,
        grid.sheet,
        grid.encoding,
        grid.pemisah,
        baris_judul=judul.akhir + 1,
        bukan_data=bukan_data,
        total=total,
        sel_rumus=sel_rumus,
    )


# --------------------------------------------------------------------------- CSV


def _decode(raw: bytes, nama: str = "berkas") -> tuple[str, str]:
    """Text and encoding: BOM first (UTF-8, UTF-16), UTF-16 without BOM, UTF-8, cp1252."""
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return _decode_as(raw[len(bom) :], enc.replace("-sig", ""), nama), enc
    head = raw[:4096]
    if len(head) >= 4 and head.count(0) > len(head) // 4:
        enc = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        return _decode_as(raw, enc, nama), enc
    if b"\x00" in head:
        raise BerkasTidakTerbaca(f"{nama}: berkas biner, bukan teks CSV atau tabel Excel")
    for enc in ENCODINGS:
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise BerkasTidakTerbaca(
        f"{nama}: pengodean teks tidak dikenali (bukan UTF-8, UTF-16 atau Windows-1252)"
    )


def _decode_as(raw: bytes, enc: str, nama: str) -> str:
    try:
        return raw.decode(enc)
    except UnicodeDecodeError as exc:
        raise BerkasTidakTerbaca(f"{nama}: teks tidak sah untuk pengodean {enc}") from exc


def _cek_teks(text: str, nama: str) -> None:
    """Refuse binary junk and HTML tables saved under a CSV/XLS name."""
    head = text[:65536]
    if "\x00" in head or len(_KONTROL.findall(head)) > max(2, len(head) // 100):
        raise BerkasTidakTerbaca(f"{nama}: berkas biner, bukan teks CSV atau tabel Excel")
    if _HTML.match(head):
        raise BerkasTidakTerbaca(
            f"{nama}: berkas ini HTML/XML (ekspor web), bukan CSV atau Excel; "
            "buka di Excel lalu simpan sebagai .xlsx"
        )


def _sniff_separator(text: str, nama: str = "berkas") -> str:
    """Separator giving the same field count (> 1) on most of the first 30 records.

    Title rows above the header have a single field (or the same count when exported with
    trailing separators), so the header and data rows decide. Ties go to more fields.
    """
    sample = text[:65536]
    best, best_key = "", (0, 0)
    for sep in SEPARATORS:
        records = islice(csv.reader(io.StringIO(sample, newline=""), delimiter=sep), BARIS_CARI)
        counts = [len(rec) for rec in records if len(rec) > 1]
        if not counts:
            continue
        mode = max(set(counts), key=lambda n: (counts.count(n), n))
        key = (counts.count(mode), mode)
        if key > best_key:
            best, best_key = sep, key
    if not best:
        raise BerkasTidakTerbaca(f"{nama}: pemisah kolom tidak dikenali (; , TAB |)")
    return best


def _memisah(text: str, sep: str) -> bool:
    """True when ``sep`` splits at least one of the first 30 records (a layout's separator
    that does not fit the file is replaced by the sniffed one)."""
    records = islice(csv.reader(io.StringIO(text[:65536], newline=""), delimiter=sep), BARIS_CARI)
    return any(len(rec) > 1 for rec in records)


def baca_baris_csv(
    path: Path, pemisah: str | None = None, batas: int | None = None, *, ketat: bool = True
) -> list[list[str]]:
    """The physical records of a CSV file as text cells, decoded and split as the reader does.

    Record ``i`` (0-based) is row ``i + 1`` of the file, so other modules (source recognition,
    the sender's report) locate cells exactly where :func:`read_table` numbered them.
    ``ketat=False`` tolerates a quote left open (enough to recognise a header); reading for
    data is strict, so such a file is refused there with one clear message.
    """
    return _grid_csv(path, pemisah, batas, ketat=ketat).rows


def _grid_csv(
    path: Path, pemisah: str | None, batas: int | None = None, *, ketat: bool = True
) -> _Grid:
    text, encoding = _decode(path.read_bytes(), path.name)
    if not text.strip():
        raise BerkasTidakTerbaca(f"berkas {path.name} kosong")
    _cek_teks(text, path.name)
    sep = pemisah if pemisah and _memisah(text, pemisah) else _sniff_separator(text, path.name)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=ketat)
        rows = list(islice(reader, batas) if batas else reader)
    except csv.Error as exc:
        raise BerkasTidakTerbaca(f"{path.name}: berkas CSV tidak dapat dibaca ({exc})") from exc
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return _Grid(rows, path.name, encoding=encoding, pemisah=sep)


# --------------------------------------------------------------------------- Excel


def _sel_teks(value: Any) -> str:
    """One calamine value as text: ``3.0`` → ``3``, no exponent, dates in ISO form."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        if math.isfinite(value):
            return np.format_float_positional(value, trim="-")
        return str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


@dataclass
class _Buku:
    """An open workbook, with the sheet XML paths when it is an XLSX/XLSM package."""

    path: Path
    wb: Any
    xml: dict[str, str]


@contextmanager
def _buka_excel(path: Path) -> Iterator[_Buku]:
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
        yield _Buku(path, wb, _peta_sheet_xml(path) if zipped else {})
    finally:
        wb.close()


def _peta_sheet_xml(path: Path) -> dict[str, str]:
    """Sheet name → worksheet XML member, from ``xl/workbook.xml`` and its relationships."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        with zipfile.ZipFile(path) as zf:
            book = fromstring(zf.read("xl/workbook.xml"))
            rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, zipfile.BadZipFile):
        return {}  # not an XLSX package (e.g. ODS): no formula scan
    except (ParseError, DefusedXmlException) as exc:
        raise BerkasTidakTerbaca(
            f"{path.name}: struktur buku kerja tidak dapat diperiksa ({exc})"
        ) from exc
    target = {el.get("Id"): el.get("Target", "") for el in rels}
    out: dict[str, str] = {}
    for el in book.iter():
        if el.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
        tgt = target.get(rid, "")
        if tgt:
            member = tgt.lstrip("/") if tgt.startswith("/") else "xl/" + tgt
            out[el.get("name", "")] = posixpath.normpath(member)
    return out


def _ada_rumus(data: bytes) -> bool:
    """Cheap byte test: a formula element closes (``</f>``) or opens with attributes."""
    return b"f>" in data or b"<f " in data


def _ada_galat(data: bytes) -> bool:
    return (b't="e"' in data or b"t='e'" in data) and bool(_SEL_GALAT.search(data))


def _pindai_xml(data: bytes) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """Formula cells without cached value and error cells of one worksheet XML.

    A byte scan decides first whether there is anything to find; only then the XML is walked
    with ``defusedxml`` ``iterparse``. Returns 0-based ``(row, col, formula)`` and
    ``(row, col, error text)`` lists.
    """
    if not (_ada_rumus(data) and _RUMUS_TANPA_NILAI.search(data)) and not _ada_galat(data):
        return [], []
    from defusedxml.ElementTree import iterparse

    rumus: list[tuple[int, int, str]] = []
    galat: list[tuple[int, int, str]] = []
    shared: dict[str, str] = {}
    r = c = -1
    for event, el in iterparse(io.BytesIO(data), events=("start", "end")):
        tag = el.tag.rsplit("}", 1)[-1]
        if event == "start" and tag == "row":
            r = int(el.get("r", r + 2)) - 1
            c = -1
        elif event == "end" and tag == "c":
            ref = _REF.fullmatch(el.get("r", ""))
            c = _indeks_kolom(ref.group(1)) if ref else c + 1
            _periksa_sel(el, r, c, shared, rumus, galat)
        elif event == "end" and tag == "row":
            el.clear()
    return rumus, galat


def _periksa_sel(
    el: Any,
    r: int,
    c: int,
    shared: dict[str, str],
    rumus: list[tuple[int, int, str]],
    galat: list[tuple[int, int, str]],
) -> None:
    parts = {child.tag.rsplit("}", 1)[-1]: child for child in el}
    f, v, t = parts.get("f"), parts.get("v"), el.get("t", "n")
    if t == "e" and v is not None and v.text:
        galat.append((r, c, v.text))
    if f is None:
        return
    text = f.text or ""
    if f.get("t") == "shared" and f.get("si") is not None:
        text = shared.setdefault(f.get("si", ""), text) if text else shared.get(f.get("si", ""), "")
    cached = "is" in parts or (v is not None and (bool(v.text) or t == "str"))
    if not cached:
        rumus.append((r, c, text))


def _sheet_xml(buku: _Buku, sheet: str) -> tuple[list[tuple[int, int, str]], ...]:
    member = buku.xml.get(sheet)
    if not member:
        return [], []
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError

    try:
        with zipfile.ZipFile(buku.path) as zf:
            data = zf.read(member)
        return _pindai_xml(data)
    except (KeyError, zipfile.BadZipFile, ParseError, DefusedXmlException) as exc:
        raise BerkasTidakTerbaca(
            f"{buku.path.name}: isi XML sheet {sheet!r} tidak dapat diperiksa ({exc})"
        ) from exc


def _grid_excel(buku: _Buku, sheet: str, nrows: int | None = None) -> _Grid:
    try:
        sh = buku.wb.get_sheet_by_name(sheet)
        values = sh.to_python(skip_empty_area=False, nrows=nrows)
        merged = sh.merged_cell_ranges or []
    except Exception as exc:  # calamine error types vary by format
        raise BerkasTidakTerbaca(
            f"{buku.path.name}: sheet {sheet!r} tidak dapat dibaca ({str(exc)[:200]})"
        ) from exc
    rows = [[v if type(v) is str else _sel_teks(v) for v in row] for row in values]
    grid = _Grid(rows, f"{buku.path.name} [{sheet}]", sheet=sheet)
    grid.gabungan = _Gabungan(tuple((tuple(a), tuple(b)) for a, b in merged))
    if nrows is None:
        rumus, galat = _sheet_xml(buku, sheet)
        _perluas(rows, [(r, c) for r, c, _ in rumus + galat])
        for r, c, text in galat:
            rows[r][c] = text
        grid.rumus = rumus
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


def _lembar(buku: _Buku) -> list[str]:
    """Worksheets to consider: the visible ones, or all when every one is hidden."""
    meta = [m for m in buku.wb.sheets_metadata if "WorkSheet" in str(m.typ)]
    tampak = [m.name for m in meta if str(m.visible).endswith("Visible")]
    return tampak or [m.name for m in meta]


def _nama_sheet(buku: _Buku, sheet: int | str) -> str:
    names = list(buku.wb.sheet_names)
    if isinstance(sheet, int) and 0 <= sheet < len(names):
        return names[sheet]
    if isinstance(sheet, str) and sheet in names:
        return sheet
    raise BerkasTidakTerbaca(f"{buku.path.name}: sheet {sheet!r} tidak ada")


def _kosong(grid: _Grid) -> bool:
    return not any("".join(row).strip() for row in grid.rows)


def _tabel_lembar(buku: _Buku, kenali: Sequence[str]) -> Iterator[TabelTeks]:
    """Tables of the considered non-empty sheets with a header, lazily, in workbook order.

    Raises :class:`BerkasTidakTerbaca` (the last sheet's reason) when no sheet has one.
    """
    error: BerkasTidakTerbaca | None = None
    found = False
    for sheet in _lembar(buku):
        grid = _grid_excel(buku, sheet)
        if _kosong(grid):
            continue
        try:
            tabel = _tabel(grid, kenali)
        except BerkasTidakTerbaca as exc:
            error = exc
            continue
        found = True
        yield tabel
    if not found:
        raise error or BerkasTidakTerbaca(f"{buku.path.name}: tidak ada sheet yang berisi tabel")


def _baca_lembar(buku: _Buku, kenali: Sequence[str]) -> list[TabelTeks]:
    """Every non-empty considered sheet that has a header, in workbook order."""
    return list(_tabel_lembar(buku, kenali))


def _pilih_lembar(buku: _Buku, kenali: Sequence[str]) -> TabelTeks:
    """Best-matching sheet for ``kenali``, else the first sheet with a recognisable header."""
    if kenali:
        want = {normalize_header(k) for k in kenali}
        tables = _baca_lembar(buku, kenali)
        return max(tables, key=lambda tb: _skor(tb.data.columns, want))
    return next(_tabel_lembar(buku, kenali))


# --------------------------------------------------------------------------- public API


def _excel(path: Path) -> bool:
    """True when the file content is an Excel (ZIP/OLE) package, whatever its extension."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise BerkasTidakTerbaca(f"{path.name}: berkas tidak dapat dibuka ({exc})") from exc
    if not head:
        raise BerkasTidakTerbaca(f"berkas {path.name} kosong")
    return head.startswith(_ZIP) or head.startswith(_OLE)


def read_csv_text(
    path: Path, pemisah: str | None = None, *, kenali: Sequence[str] = ()
) -> TabelTeks:
    """Read a CSV/TXT/TSV file with every cell as text.

    Encoding: BOM (UTF-8, UTF-16 LE/BE), UTF-16 without BOM, UTF-8, then Windows-1252. The
    separator is ``pemisah`` or the one of ``; , TAB |`` that splits the first 30 records
    most consistently (title rows do not disturb it). Quoted newlines stay inside their cell.
    ``baris`` is the 1-based record number in the file (not the line number).
    """
    return _tabel(_grid_csv(Path(path), pemisah), kenali)


def read_excel_text(
    path: Path, sheet: int | str | None = 0, *, kenali: Sequence[str] = ()
) -> TabelTeks:
    """Read one sheet (index, name, or ``None`` to choose) of an Excel file as text.

    Cells come from calamine: integral numbers without ``.0``, other numbers without exponent,
    dates in ISO form, errors (``#DIV/0!``) as their text. ``baris`` is the sheet row number.
    """
    with _buka_excel(Path(path)) as buku:
        if sheet is None:
            return _pilih_lembar(buku, kenali)
        grid = _grid_excel(buku, _nama_sheet(buku, sheet))
    if _kosong(grid):
        raise BerkasTidakTerbaca(f"{Path(path).name}: sheet {grid.sheet!r} kosong")
    return _tabel(grid, kenali)


def read_table(
    path: Path,
    pemisah: str | None = None,
    *,
    sheet: int | str | None = None,
    kenali: Sequence[str] = (),
) -> TabelTeks:
    """Read a CSV or Excel file as text.

    Excel (by content, whatever the extension): ``sheet`` or, when ``None``, the sheet best
    matching ``kenali`` or else the first visible sheet with a recognisable header. Anything
    else is read as delimited text with ``pemisah`` or a sniffed separator.
    """
    path = Path(path)
    if _excel(path):
        return read_excel_text(path, sheet, kenali=kenali)
    return read_csv_text(path, pemisah, kenali=kenali)


def read_sheets(path: Path, *, kenali: Sequence[str] = ()) -> list[TabelTeks]:
    """Every non-empty sheet that has a header (hidden sheets only when all are hidden).

    A CSV file gives a one-element list. Sheets without a recognisable header are skipped;
    :class:`BerkasTidakTerbaca` when none is left.
    """
    path = Path(path)
    if not _excel(path):
        return [read_csv_text(path, kenali=kenali)]
    with _buka_excel(path) as buku:
        return _baca_lembar(buku, kenali)


def read_header(path: Path, *, kenali: Sequence[str] = ()) -> list[str]:
    """Normalised header names of a file (after title rows), for source recognition.

    Only the first rows are read (the first sheet with a header, or the sheet best matching
    ``kenali``); the names are those :func:`read_table` would give.
    """
    path = Path(path)
    peek = BARIS_CARI + 12
    if not _excel(path):
        return _nama_kolom(_grid_csv(path, None, batas=peek), kenali)
    want = {normalize_header(k) for k in kenali}
    found: list[list[str]] = []
    error: BerkasTidakTerbaca | None = None
    with _buka_excel(path) as buku:
        for sheet in _lembar(buku):
            grid = _grid_excel(buku, sheet, nrows=peek)
            if _kosong(grid):
                continue
            try:
                found.append(_nama_kolom(grid, kenali))
            except BerkasTidakTerbaca as exc:
                error = exc
                continue
            if not want:
                break
    if not found:
        raise error or BerkasTidakTerbaca(f"{path.name}: tidak ada sheet yang berisi tabel")
    return max(found, key=lambda names: _skor(names, want))


def _calon_grid(grid: _Grid) -> list[list[str]]:
    rows, gab = grid.rows, grid.gabungan
    calon = [[normalize_header(c) for c in row] for row in rows]
    calon += [
        list(_nama_judul(rows, t, True, gab).nama)
        for t in range(len(rows))
        if _dua_baris(rows, t, gab)
    ]
    return calon


def calon_judul(path: Path, n: int = BARIS_CARI) -> list[list[str]]:
    """Every header a file could have in its first ``n`` rows, for source recognition.

    Each row of every sheet (title rows may come first), and each two-row header the reader
    would combine there (merged cells honoured). A quote left open is tolerated here.
    """
    path = Path(path)
    if not _excel(path):
        return _calon_grid(_grid_csv(path, None, batas=n, ketat=False))
    calon: list[list[str]] = []
    with _buka_excel(path) as buku:
        for sheet in _lembar(buku):
            calon += _calon_grid(_grid_excel(buku, sheet, nrows=n))
    return calon


def _nama_kolom(grid: _Grid, kenali: Sequence[str]) -> list[str]:
    judul = _cari_judul(grid.rows, kenali, grid.gabungan, grid.nama)
    data, bukan = _pilah(grid.rows, judul)
    total = [i for i, alasan in bukan if alasan == "baris_total"]
    semua = _nama_akhir(judul.nama)
    return [semua[j] for j in _kolom_dipakai(grid.rows, data + total, judul.nama)]
