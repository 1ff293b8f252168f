"""Publish Parquet for BI tools: each year of each table staged, checked, swapped into place.

Output layout under ``OUT``::

    indikator/<tahun>/part-0.parquet     the indicators (contract: catalog/kolom.yaml)
    komponen/<tahun>/part-0.parquet      the component values read, with file, sha256 and row
    karantina/<tahun>/part-0.parquet     rows refused or warned about, with reasons
    kamus/indikator.parquet              the registry as a table (data dictionary)
    kamus/kolom.parquet                  column descriptions
    manifest.json                        the last run; runs/<id_run>.json keeps every run

A year folder is replaced whole: the new one is written and checked in a staging folder,
the old one is moved to ``OUT/.prev/<tabel>/<tahun>`` and the new one renamed into place,
so a reader never sees a half-written year, and a rerun of the same inputs gives the same rows.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from schemas.kontrak import ubah_ke_arrow

PARQUET_OPTS = {"compression": "zstd"}


def _tulis_per_tahun(frame: pd.DataFrame, tabel: str, staging: Path) -> dict[int, int]:
    """Write one ``part-0.parquet`` per year under ``staging/<tahun>/``; rows per year."""
    counts = {}
    for tahun, part in frame.groupby("tahun", sort=True):
        folder = staging / str(int(tahun))
        folder.mkdir(parents=True, exist_ok=True)
        table = ubah_ke_arrow(part.reset_index(drop=True), tabel)
        pq.write_table(table, folder / "part-0.parquet", **PARQUET_OPTS)
        counts[int(tahun)] = table.num_rows
    return counts


def _tulis_tahun_kosong(
    frame: pd.DataFrame, tabel: str, staging: Path, tahun_list: list[int], counts: dict[int, int]
) -> None:
    """An empty ``part-0.parquet`` for each listed year with no rows (its count set to 0)."""
    for tahun in tahun_list:
        if tahun not in counts:
            empty = frame.iloc[0:0]
            folder = staging / str(tahun)
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(ubah_ke_arrow(empty, tabel), folder / "part-0.parquet", **PARQUET_OPTS)
            counts[tahun] = 0


def _periksa_staging(staging: Path, counts: dict[int, int]) -> None:
    """Re-read what was staged; refuse to publish when a count differs."""
    for tahun, n in counts.items():
        got = pq.ParquetFile(staging / str(tahun) / "part-0.parquet").metadata.num_rows
        if got != n:
            raise RuntimeError(f"staging {tahun}: {got} baris terbaca, {n} ditulis")


def _tukar(staging: Path, dest: Path, prev: Path, tahun_list: list[int]) -> None:
    """Move each staged year into ``dest``; the old year goes to ``prev`` (outside the dataset,
    so no glob or folder reader can count it twice)."""
    for tahun in tahun_list:
        target = dest / str(tahun)
        old = prev / str(tahun)
        if target.exists():
            old.parent.mkdir(parents=True, exist_ok=True)
            if old.exists():
                shutil.rmtree(old)
            os.replace(target, old)
        dest.mkdir(parents=True, exist_ok=True)
        os.replace(staging / str(tahun), target)


def terbitkan_tabel(
    out: Path, tables: dict[str, pd.DataFrame], tahun_list: list[int], id_run: str
) -> dict[str, dict[int, int]]:
    """Stage, check and swap every year of every table; years not listed are left alone.

    A year listed in ``tahun_list`` with no rows in a table gets an empty file, so a rerun
    after a correction that removed every row of a year does not leave stale rows behind.
    """
    staging_root = out / f".staging-{id_run}"
    written: dict[str, dict[int, int]] = {}
    try:
        for tabel, frame in tables.items():
            frame = frame[frame["tahun"].isin(tahun_list)]
            counts = _tulis_per_tahun(frame, tabel, staging_root / tabel)
            _tulis_tahun_kosong(frame, tabel, staging_root / tabel, tahun_list, counts)
            _periksa_staging(staging_root / tabel, counts)
            written[tabel] = counts
        for tabel in tables:
            _tukar(staging_root / tabel, out / tabel, out / ".prev" / tabel, sorted(written[tabel]))
    finally:
        shutil.rmtree(staging_root, ignore_errors=True)
    return written
