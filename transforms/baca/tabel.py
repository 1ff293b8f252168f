"""The reader's result, a table of text cells, and the one error it raises in Bahasa."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

ALASAN = ("baris_kosong", "nomor_kolom", "judul_berulang", "baris_total")  # of bukan_data


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
class JudulGanda:
    """Columns whose headers share one header key (``PUS`` twice, ``JUMLAH_PUS``/``Jumlah PUS``).

    Attributes:
        judul: the header as the file writes it first (cleaned, :func:`bersihkan_judul`).
        kolom: the names the table gives those columns (``PUS``, ``PUS_2``), in file order.
        huruf: their column letters (``F``, ``I``), as a spreadsheet shows them.
    """

    judul: str
    kolom: tuple[str, ...]
    huruf: tuple[str, ...]


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
        judul_ganda: headers that appear more than once (:class:`JudulGanda`); the reader
            names the copies ``_2``, ``_3``…, so a caller must refuse a file whose duplicated
            header it would use, never take the first silently.
        baris_terpotong: physical row number of a last data record that ends mid-row (a CSV
            whose last record has fewer fields than the header and no line break after it:
            a truncated file), else None. The row stays in ``data``; a caller must
            quarantine it.

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
    judul_ganda: tuple[JudulGanda, ...] = ()
    baris_terpotong: int | None = None
