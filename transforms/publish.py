"""Publish Parquet for BI tools: staged, checked, swapped into place, with a manifest.

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

import datetime as dt
import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from schemas.kontrak import to_arrow
from transforms.catalog import Katalog, indikator_as_dict

SCHEMA_VERSION = "1"
PARQUET_OPTS = {"compression": "zstd"}


def new_id_run(now: dt.datetime | None = None) -> str:
    """Sortable, unique run id, e.g. ``20251124T083000Z-1a2b3c``."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{uuid.uuid4().hex[:6]}"


def _write_year_tables(frame: pd.DataFrame, tabel: str, staging: Path) -> dict[int, int]:
    """Write one ``part-0.parquet`` per year under ``staging/<tahun>/``; rows per year."""
    counts = {}
    for tahun, part in frame.groupby("tahun", sort=True):
        folder = staging / str(int(tahun))
        folder.mkdir(parents=True, exist_ok=True)
        table = to_arrow(part.reset_index(drop=True), tabel)
        pq.write_table(table, folder / "part-0.parquet", **PARQUET_OPTS)
        counts[int(tahun)] = table.num_rows
    return counts


def _check_staged(staging: Path, counts: dict[int, int]) -> None:
    """Re-read what was staged; refuse to publish when a count differs."""
    for tahun, n in counts.items():
        got = pq.ParquetFile(staging / str(tahun) / "part-0.parquet").metadata.num_rows
        if got != n:
            raise RuntimeError(f"staging {tahun}: {got} baris terbaca, {n} ditulis")


def _swap(staging: Path, dest: Path, prev: Path, tahun_list: list[int]) -> None:
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


def publish_tables(
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
            counts = _write_year_tables(frame, tabel, staging_root / tabel)
            for tahun in tahun_list:
                if tahun not in counts:
                    empty = frame.iloc[0:0]
                    folder = staging_root / tabel / str(tahun)
                    folder.mkdir(parents=True, exist_ok=True)
                    pq.write_table(
                        to_arrow(empty, tabel), folder / "part-0.parquet", **PARQUET_OPTS
                    )
                    counts[tahun] = 0
            _check_staged(staging_root / tabel, counts)
            written[tabel] = counts
        for tabel in tables:
            _swap(staging_root / tabel, out / tabel, out / ".prev" / tabel, sorted(written[tabel]))
    finally:
        shutil.rmtree(staging_root, ignore_errors=True)
    return written


def write_kamus(out: Path, katalog: Katalog) -> None:
    """Data dictionary tables: the registry and the output columns."""
    folder = out / "kamus"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for ind in katalog.indikator.values():
        entry = indikator_as_dict(ind, katalog.komponen)
        entry.pop("komponen")
        entry["kedalaman"] = ",".join(entry["kedalaman"])
        entry["alias"] = json.dumps(entry["alias"], ensure_ascii=False)
        rows.append(entry)
    tmp = folder / "indikator.parquet.tmp"
    pd.DataFrame(rows).to_parquet(tmp, index=False, compression="zstd")
    os.replace(tmp, folder / "indikator.parquet")
    kolom = [
        {"tabel": tabel, "kolom": name, **{k: str(v) for k, v in spec.items()}}
        for tabel, cols in katalog.kolom.items()
        for name, spec in cols.items()
    ]
    tmp = folder / "kolom.parquet.tmp"
    pd.DataFrame(kolom).to_parquet(tmp, index=False, compression="zstd")
    os.replace(tmp, folder / "kolom.parquet")


def write_manifest(out: Path, manifest: dict[str, Any]) -> Path:
    """Write ``runs/<id_run>.json`` and replace ``manifest.json`` atomically."""
    runs = out / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    text = json.dumps(manifest, ensure_ascii=False, indent=2, default=str)
    (runs / f"{manifest['id_run']}.json").write_text(text, encoding="utf-8")
    tmp = out / "manifest.json.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, out / "manifest.json")
    return out / "manifest.json"
