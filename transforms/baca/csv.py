"""CSV/TXT/TSV files: decode (BOM, UTF-16, UTF-8, cp1252), sniff the separator, split records.

Row numbers are 1-based record numbers: a record may span several lines when a quoted cell
holds a newline.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any

from transforms.baca.grid import Grid, buat_grid_kolom
from transforms.baca.ingat import ambil_ingatan
from transforms.baca.judul import BARIS_CARI
from transforms.baca.susun import ambil_tabel, buat_tabel_ingat
from transforms.baca.tabel import BerkasTidakTerbaca, TabelTeks

PENGODEAN = ("utf-8", "cp1252")  # tried in this order when there is no BOM
PEMISAH = (";", ",", "\t", "|")  # separators the sniffer chooses from

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_HTML = re.compile(r"\s*<(?:!doctype\s+html|html|table|\?xml)", re.I)
_KONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


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
    for enc in PENGODEAN:
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
    for sep in PEMISAH:
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
    the sender's report) locate cells exactly where
    :func:`~transforms.baca.berkas.baca_tabel` numbered them.
    ``ketat=False`` tolerates a quote left open (enough to recognise a header); reading for
    data is strict, so such a file is refused there with one clear message.
    """
    return baca_grid_csv(path, pemisah, batas, ketat=ketat).rows


def _teks(path: Path, pemisah: str | None, ingatan: dict[Any, Any]) -> tuple[str, str, str]:
    """The file decoded (memoised per file's bytes), refused when empty, binary or HTML, and
    its separator: ``pemisah`` when it splits the first records, else the sniffed one."""
    if "teks" not in ingatan:
        ingatan["teks"] = _decode(path.read_bytes(), path.name)
    text, encoding = ingatan["teks"]
    if not text.strip():
        raise BerkasTidakTerbaca(f"berkas {path.name} kosong")
    _cek_teks(text, path.name)
    sep = pemisah if pemisah and _memisah(text, pemisah) else _sniff_separator(text, path.name)
    return text, encoding, sep


def baca_grid_csv(
    path: Path,
    pemisah: str | None,
    batas: int | None = None,
    *,
    ketat: bool = True,
    ingatan: dict[Any, Any] | None = None,
) -> Grid:
    """A CSV file as a grid: decoded, checked for binary/HTML, split, rows padded to one width.

    ``batas`` keeps only the first records; ``ketat=False`` tolerates a quote left open. The
    whole file's grid is memoised per file's bytes (:mod:`transforms.baca.ingat`): its rows
    may be shared with other reads, never write into them. ``ingatan``: the file's memo when
    the caller already has it.
    """
    ingatan = ambil_ingatan(path) if ingatan is None else ingatan
    text, encoding, sep = _teks(path, pemisah, ingatan)
    kunci = ("grid", None, sep) if ketat else ("grid", None, sep, "longgar")
    if batas is None and kunci in ingatan:
        return replace(ingatan[kunci], nama=path.name)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=ketat)
        rows = list(islice(reader, batas) if batas else reader)
    except csv.Error as exc:
        raise BerkasTidakTerbaca(f"{path.name}: {_pesan_csv(exc)}") from exc
    terbuka = None
    if rows and batas is None and not text.endswith(("\n", "\r")):
        terbuka = (len(rows) - 1, len(rows[-1]))
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    grid = Grid(rows, path.name, encoding=encoding, pemisah=sep, akhir_terbuka=terbuka)
    if batas is None:
        ingatan[kunci] = grid
    return grid


def _grid_kolom(path: Path, sep: str, ingatan: dict[Any, Any]) -> Grid | None:
    """The whole file as a column grid (:mod:`transforms.baca.csv_kolom`), or None when the
    row-wise reader must split it (quotes, NUL, very long lines)."""
    from transforms.baca.csv_kolom import pisah_kolom_csv

    text, encoding = ingatan["teks"]
    hasil = pisah_kolom_csv(text, sep)
    if hasil is None:
        return None
    kolom, lebar_akhir = hasil
    terbuka = None if text.endswith(("\n", "\r")) else (len(kolom[0]) - 1, lebar_akhir)
    return buat_grid_kolom(kolom, path.name, encoding=encoding, pemisah=sep, akhir_terbuka=terbuka)


def _pesan_csv(exc: csv.Error) -> str:
    """Why the CSV reader stopped, in Bahasa (a quote left open is named as such)."""
    if "unexpected end of data" in str(exc):
        return (
            "berkas CSV berakhir di dalam tanda kutip yang tidak ditutup (ada tanda kutip "
            "tanpa pasangan, atau berkas terpotong); perbaiki tanda kutipnya atau ekspor ulang"
        )
    return f"berkas CSV tidak dapat dibaca ({exc})"


def baca_csv(path: Path, pemisah: str | None = None, *, kenali: Sequence[str] = ()) -> TabelTeks:
    """Read a CSV/TXT/TSV file with every cell as text.

    Encoding: BOM (UTF-8, UTF-16 LE/BE), UTF-16 without BOM, UTF-8, then Windows-1252. The
    separator is ``pemisah`` or the one of ``; , TAB |`` that splits the first 30 records
    most consistently (title rows do not disturb it). Quoted newlines stay inside their cell.
    ``baris`` is the 1-based record number in the file (not the line number).
    """
    path = Path(path)
    ingatan = ambil_ingatan(path)
    sep = _teks(path, pemisah, ingatan)[2]
    tabel = ambil_tabel(ingatan, None, sep, kenali)
    if tabel is None:
        grid = _grid_kolom(path, sep, ingatan) or baca_grid_csv(path, sep, ingatan=ingatan)
        tabel = buat_tabel_ingat(grid, kenali, ingatan)
    return tabel
