"""Formula escaping and the safe CSV/XLSX writers.

Every CSV/XLSX cell the project writes goes through :func:`amankan_sel` when it is text, so a
value such as ``=HYPERLINK(...)`` coming from a reported file is shown, never executed. Use
:func:`tulis_csv_aman` and :func:`tulis_xlsx_aman` to write.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

AWALAN_RUMUS = ("=", "+", "-", "@", "\t", "\r")


def amankan_sel(value: object) -> object:
    """A text cell that would start a formula gets a leading apostrophe; others are unchanged."""
    if isinstance(value, str) and value.startswith(AWALAN_RUMUS):
        return "'" + value
    return value


def _dtype_teks(dtype: Any) -> bool:
    """Object, string or categorical: a column whose cells may be text."""
    return (
        pd.api.types.is_object_dtype(dtype)
        or pd.api.types.is_string_dtype(dtype)
        or isinstance(dtype, pd.CategoricalDtype)
    )


def amankan_kolom_teks(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text (object/string) column escaped; numbers untouched.

    Works positionally, so duplicate or non-string column names are fine.
    """
    hasil = frame.copy()
    for i in range(frame.shape[1]):
        seri = frame.iloc[:, i]
        if _dtype_teks(seri.dtype):
            hasil.isetitem(i, seri.map(amankan_sel))
    return hasil


def _amankan_label(index: pd.Index) -> pd.Index:
    """Column or row labels escaped like cells (a header such as ``=cmd`` is text too)."""
    nama = [amankan_sel(n) for n in index.names]
    if isinstance(index, pd.MultiIndex):
        tuples = [tuple(amankan_sel(v) for v in t) for t in index]
        return pd.MultiIndex.from_tuples(tuples, names=nama)
    if not _dtype_teks(index.dtype):
        return index.set_names(nama)
    return pd.Index([amankan_sel(v) for v in index], name=nama[0])


def tulis_csv_aman(frame: pd.DataFrame, path: Path, **to_csv_kwargs: Any) -> None:
    """Write ``frame`` as CSV with text cells, labels and headers formula-escaped.

    Keyword arguments go to :meth:`pandas.DataFrame.to_csv` unchanged (its defaults apply,
    including ``index=True``).
    """
    aman = amankan_kolom_teks(frame)
    aman.columns = _amankan_label(frame.columns)
    aman.index = _amankan_label(frame.index)
    header = to_csv_kwargs.get("header")
    if isinstance(header, list | tuple):
        to_csv_kwargs["header"] = [amankan_sel(h) for h in header]
    aman.to_csv(path, **to_csv_kwargs)


_JENIS_ANGKA_XLSX = (bool, int, float, decimal.Decimal, dt.date, dt.time, dt.timedelta)
_KARAKTER_ILEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_KARAKTER_SHEET = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def _nilai_xlsx(nilai: object) -> object:
    """A cell value openpyxl stores safely: text escaped, numbers as numbers, NA as empty."""
    if isinstance(nilai, np.generic) and not isinstance(nilai, np.datetime64 | np.timedelta64):
        nilai = nilai.item()
    if nilai is None or (pd.api.types.is_scalar(nilai) and pd.isna(nilai)):
        return None
    if isinstance(nilai, np.datetime64):
        nilai = pd.Timestamp(nilai)
    if isinstance(nilai, np.timedelta64):
        nilai = pd.Timedelta(nilai)
    if isinstance(nilai, pd.Timestamp):
        nilai = nilai.to_pydatetime()
    if isinstance(nilai, dt.datetime) and nilai.tzinfo is not None:
        nilai = nilai.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(nilai, float) and math.isinf(nilai):
        nilai = str(nilai)  # Excel has no infinity; as text it stays visible
    elif isinstance(nilai, _JENIS_ANGKA_XLSX):
        return nilai
    return amankan_sel(_KARAKTER_ILEGAL_XML.sub("", str(nilai)))


def _label_xlsx(label: object) -> object:
    if isinstance(label, tuple):
        label = " / ".join(str(v) for v in label)
    return _nilai_xlsx(label)


def _judul_sheet(judul: str, dipakai: set[str]) -> str:
    """A valid, unique sheet title: no ``[]:*?/\\``, at most 31 characters."""
    dasar = _KARAKTER_SHEET.sub("_", str(judul)).strip("'").strip() or "Sheet"
    kandidat = dasar[:31]
    nomor = 2
    while kandidat.lower() in dipakai:
        akhiran = f" ({nomor})"
        kandidat = dasar[: 31 - len(akhiran)] + akhiran
        nomor += 1
    dipakai.add(kandidat.lower())
    return kandidat


def tulis_xlsx_aman(frames: dict[str, pd.DataFrame], path: Path) -> None:
    """Write each frame to its own sheet with openpyxl: text escaped, numbers as numbers.

    The header row is escaped too, missing values become empty cells, characters XML cannot
    hold are dropped and timezone-aware datetimes are written in UTC.
    """
    from openpyxl import Workbook

    if not frames:
        raise ValueError("tidak ada tabel untuk ditulis ke berkas Excel")
    buku = Workbook(write_only=True)
    dipakai: set[str] = set()
    for judul, frame in frames.items():
        lembar = buku.create_sheet(_judul_sheet(judul, dipakai))
        lembar.append([_label_xlsx(c) for c in frame.columns])
        for baris in frame.itertuples(index=False, name=None):
            lembar.append([_nilai_xlsx(v) for v in baris])
    buku.save(path)
