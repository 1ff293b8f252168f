"""Parquet files of one table inside a generation folder, for BI tools.

A table with a ``tahun`` column is written as one ``<tabel>/<tahun>/part-0.parquet`` per year
(folder named by the year alone, ``tahun`` inside the file: pandas, DuckDB, Polars and a
single-file reader all see the same column); a table without one as ``<tabel>/part-0.parquet``.
Every file follows the table's contract (``catalog/kolom.yaml``), is zstd-compressed and is
synced to disk before the generation is made current.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from schemas.kontrak import ubah_ke_arrow

log = logging.getLogger(__name__)

PARQUET_OPTS = {"compression": "zstd"}
BERKAS = "part-0.parquet"


def tulis_parquet(table: pa.Table, path: Path) -> None:
    """Write one Parquet file and sync it to disk (its folder is created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pq.write_table(table, fh, **PARQUET_OPTS)
        fh.flush()
        os.fsync(fh.fileno())


def tulis_tabel(folder: Path, tabel: str, frame: pd.DataFrame, tahun_list: list[int]) -> dict:
    """Write ``frame`` (table ``tabel``) under ``folder``; rows written per year (or ``None``).

    Only the listed years are written; a listed year with no rows gets an empty file, so a rerun
    after a correction that removed every row of a year leaves no stale rows behind.
    """
    if "tahun" not in frame.columns:
        table = ubah_ke_arrow(frame.reset_index(drop=True), tabel)
        tulis_parquet(table, folder / BERKAS)
        return {None: table.num_rows}
    tanpa_tahun = int(frame["tahun"].isna().sum())
    if tanpa_tahun:
        log.warning("%s: %d baris tanpa tahun tidak diterbitkan", tabel, tanpa_tahun)
    counts: dict[int | None, int] = {}
    for tahun in tahun_list:
        pilih = (frame["tahun"] == tahun).fillna(False).to_numpy(dtype=bool)
        # every row in this year (a one-year run): the frame itself, not a copy of it
        part = frame if pilih.all() else frame[pilih]
        part = part.reset_index(drop=True)
        table = ubah_ke_arrow(part, tabel)
        tulis_parquet(table, folder / str(tahun) / BERKAS)
        counts[tahun] = table.num_rows
    return counts


def hitung_baris(folder: Path) -> int:
    """Rows in the Parquet files of one folder, from their footers (the files are read back)."""
    return sum(pq.ParquetFile(p).metadata.num_rows for p in sorted(folder.glob("*.parquet")))


def daftar_tahun(folder: Path) -> list[int]:
    """The year folders of a table folder."""
    if not folder.is_dir():
        return []
    return sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit())
