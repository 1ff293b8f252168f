"""Read any supported file into a frame of text cells, keeping the row numbers of the file.

Nothing is parsed here: numbers and codes stay text, so ``32.01.01`` stays a code and ``10.000``
stays ten thousand until :mod:`transforms.parse` decides per column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ENCODINGS = ("utf-8-sig", "cp1252")
SEPARATORS = (";", ",", "\t", "|")


class BerkasTidakTerbaca(Exception):
    """A file that cannot be read at all (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class TabelTeks:
    """A file read as text: cells, the file row number of each record, and how it was read."""

    data: pd.DataFrame
    baris: pd.Series
    sheet: str | None
    encoding: str | None
    pemisah: str | None


def normalize_header(name: object) -> str:
    """Header as compared with layouts: upper case, single spaces, no BOM or quotes."""
    text = str(name).replace("\ufeff", "").replace("\n", " ").strip().strip('"').upper()
    return " ".join(text.split())


def _decode(raw: bytes) -> tuple[str, str]:
    for enc in ENCODINGS:
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise BerkasTidakTerbaca("pengodean teks tidak dikenali (bukan UTF-8 atau Windows-1252)")


def _sniff_separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda s: counts[s])
    if counts[best] == 0:
        raise BerkasTidakTerbaca("pemisah kolom tidak dikenali pada baris judul")
    return best


def read_csv_text(path: Path, pemisah: str | None = None) -> TabelTeks:
    """Read a CSV/TXT file with every cell as text.

    Tries UTF-8 (with or without BOM) then Windows-1252; the separator is the layout's or
    the most frequent of ``; , TAB |`` in the header line. Quoted embedded newlines are kept
    inside their cell. Row numbers count records, the header being row 1.
    """
    text, encoding = _decode(path.read_bytes())
    first = text.split("\n", 1)[0]
    sep = pemisah or _sniff_separator(first)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            quoting=csv.QUOTE_MINIMAL,
            engine="c",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise BerkasTidakTerbaca(f"berkas CSV tidak dapat dibaca: {exc}") from exc
    frame.columns = [normalize_header(c) for c in frame.columns]
    baris = pd.Series(range(2, len(frame) + 2), index=frame.index, name="baris")
    return TabelTeks(frame, baris, None, encoding, sep)


def read_excel_text(path: Path, sheet: int | str = 0) -> TabelTeks:
    """Read one sheet of an XLSX file with calamine (fastexcel), every cell as text."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(path)
        loaded = reader.load_sheet(sheet, header_row=0, dtypes="string")
        frame = loaded.to_pandas()
    except Exception as exc:  # calamine raises several error types for broken files
        raise BerkasTidakTerbaca(f"berkas Excel tidak dapat dibaca: {exc}") from exc
    frame = frame.astype("str").where(frame.notna(), "")
    frame.columns = [normalize_header(c) for c in frame.columns]
    baris = pd.Series(range(2, len(frame) + 2), index=frame.index, name="baris")
    return TabelTeks(frame, baris, loaded.name, None, None)


def read_header(path: Path) -> list[str]:
    """Normalised header cells of a file (first row), for source recognition."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return list(read_excel_text(path).data.columns)
    text, _ = _decode(path.read_bytes()[:65536])
    first = text.split("\n", 1)[0].rstrip("\r")
    sep = _sniff_separator(first)
    return [normalize_header(c) for c in next(csv.reader([first], delimiter=sep))]


def read_table(path: Path, pemisah: str | None = None) -> TabelTeks:
    """Read a CSV or XLSX file as text (dispatch on the extension)."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return read_excel_text(path)
    return read_csv_text(path, pemisah)
