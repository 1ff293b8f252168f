"""The star schema and the per-indicator files of a generation, written from its fact table.

Runs after the carried-over years are in the staging folder, so both cover EVERY year of the
generation: ``dim_wilayah``, ``dim_periode`` and ``dim_indikator`` become tables of the
generation (read back, listed in the manifest and given a stable BI path like the others), and
``per_indikator/<kode>/<provinsi>.parquet`` holds one indicator of one province over all years
(``tahun`` inside), for tools that read one indicator at a time (Power BI, Superset, Excel):
:mod:`transforms.keluar.per_indikator`.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from schemas.kontrak import buat_skema_arrow, ubah_ke_arrow
from schemas.model import Katalog
from transforms.keluar.dimensi import (
    buat_dim_indikator,
    buat_dim_periode,
    buat_dim_wilayah,
    cari_kode_lama,
)
from transforms.keluar.parquet import BERKAS, daftar_tahun, tulis_parquet
from transforms.keluar.per_indikator import PER_INDIKATOR, tulis_per_indikator
from transforms.keluar.samakan import samakan_skema, tautkan_berkas
from transforms.wilayah.edisi import muat_daftar_edisi
from transforms.wilayah.katalog import KATALOG_WILAYAH

log = logging.getLogger(__name__)

SIDIK = b"indikator.sidik"
DIMENSI = ("dim_wilayah", "dim_periode", "dim_indikator")
_KUNCI = ["kode_wilayah", "tahun", "semester", "bulan", "kode_indikator", "target_sumber"]
_PERIODE = ["tahun", "semester", "bulan"]


def cari_berkas_fakta(folder: Path) -> list[tuple[int, Path]]:
    """Every file of every year of the fact table ``folder`` (``indikator``), years in order."""
    return [
        (tahun, path)
        for tahun in daftar_tahun(folder)
        for path in sorted((folder / str(tahun)).glob("*.parquet"))
    ]


def _kolom_kamus(skema: pa.Schema) -> list[str]:
    """The contract's text columns but the indicator code, read as dictionaries: a row group
    of a national year is ±420 MB decoded, 170 MB of it one repeated target note."""
    return [f.name for f in skema if pa.types.is_string(f.type) and f.name != "kode_indikator"]


def baca_potongan_fakta(
    berkas: list[tuple[int, Path]], kolom: list[str] | None = None, kamus: bool = False
) -> Iterator[tuple[int, pa.Table]]:
    """The fact files row group by row group (a national year is ±9 million rows: never all
    in memory at once), each brought to the contract; an empty file as one empty table.

    ``kolom``: only these columns (those a file has); a file that follows the contract
    already is read for them alone. ``kamus``: a file that follows the contract gives its
    text columns as dictionaries (the caller casts what it keeps).
    """
    skema = buat_skema_arrow("indikator")
    for tahun, path in berkas:
        sesuai = pq.read_schema(path).equals(skema, check_metadata=False)
        parquet = pq.ParquetFile(
            path, read_dictionary=_kolom_kamus(skema) if kamus and sesuai else None
        )
        baca = kolom if kolom is not None and sesuai else None
        bagian = (
            parquet.read_row_group(i, columns=baca) for i in range(parquet.metadata.num_row_groups)
        )
        for table in bagian if parquet.metadata.num_row_groups else [parquet.read(columns=baca)]:
            table = table if sesuai else samakan_skema(table, "indikator") or table
            if kolom is not None:
                table = table.select([k for k in kolom if k in table.column_names])
            yield tahun, table


def _beda(frame: pd.DataFrame) -> pd.DataFrame:
    """Distinct rows, first appearances in order."""
    return frame.drop_duplicates(ignore_index=True)


def buat_dimensi(berkas: list[tuple[int, Path]], katalog: Katalog) -> dict:
    """The three dimension frames from the fact table's files and the catalog
    (``dim_wilayah`` as the fact codes missing from the current edition: see
    :func:`tabel_dim_wilayah`). Key columns absent from any file are not used.

    Each row group gives only its distinct codes, periods and (indicator, legal basis) pairs:
    the key columns of a national year side by side were ±0.8 GB, twice (stacked, then
    copied), for a few hundred thousand distinct values.
    """
    bersama, kode, periode, sumber = set(_KUNCI), set(), [], []
    for _, table in baca_potongan_fakta(berkas, _KUNCI):
        bersama &= set(table.column_names)
        if "kode_wilayah" in table.column_names:
            kode.update(pc.unique(table["kode_wilayah"]).drop_null().to_pylist())
        ada = [c for c in _PERIODE if c in table.column_names]
        periode.append(_beda(table.select(ada).to_pandas()))
        if {"kode_indikator", "target_sumber"} <= set(table.column_names):
            pasangan = table.select(["kode_indikator", "target_sumber"])
            pasangan = pasangan.filter(pc.is_valid(pasangan["target_sumber"]))
            sumber.append(_beda(pasangan.to_pandas()))
    if "kode_wilayah" not in bersama:
        kode = set()
    kolom = [c for c in _PERIODE if c in bersama]
    periode = _beda(pd.concat([p[kolom] for p in periode], ignore_index=True)) if periode else None
    pakai = "target_sumber" in bersama and "kode_indikator" in bersama
    sumber = _beda(pd.concat(sumber, ignore_index=True)) if pakai and sumber else None
    return {
        "dim_wilayah": cari_kode_lama(kode),
        "dim_periode": buat_dim_periode(
            periode if periode is not None else pd.DataFrame(columns=_PERIODE)
        ),
        "dim_indikator": buat_dim_indikator(katalog, sumber),
    }


@functools.lru_cache(maxsize=4)
def tabel_dim_wilayah(kode_lama: tuple[str, ...]) -> tuple[pa.Table, pd.DataFrame]:
    """``dim_wilayah`` checked against its contract, as Arrow and as a frame (the master is the
    same in every generation of a process: built and checked once per set of old codes; the
    cached frame is shared, callers never change it). The Arrow table carries a fingerprint
    of what it was built from (:func:`sidik_dim_wilayah`) in its file metadata."""
    table = ubah_ke_arrow(buat_dim_wilayah(kode_lama), "dim_wilayah")
    meta = {**(table.schema.metadata or {}), SIDIK: sidik_dim_wilayah(kode_lama).encode()}
    return table.replace_schema_metadata(meta), table.to_pandas()


def sidik_dim_wilayah(kode_lama: tuple[str, ...]) -> str:
    """sha256 of the master edition file, the old codes and the contract of ``dim_wilayah``."""
    h = hashlib.sha256()
    for edisi, meta in sorted(muat_daftar_edisi().items()):
        h.update(edisi.encode() + (KATALOG_WILAYAH / meta["file"]).read_bytes())
    h.update(repr(kode_lama).encode())
    h.update(buat_skema_arrow("dim_wilayah").to_string(show_field_metadata=True).encode())
    return h.hexdigest()


def tulis_dim_wilayah(folder: Path, kini: Path | None, kode_lama: tuple) -> pd.DataFrame:
    """``folder/part-0.parquet``: a hard link to the current generation's file when it was
    built from the same master, old codes and contract (1 MB less per generation); else
    written."""
    table, frame = tabel_dim_wilayah(kode_lama)
    lama = kini / "dim_wilayah" / BERKAS if kini is not None else None
    if lama is not None and lama.is_file():
        meta = pq.read_schema(lama).metadata or {}
        if meta.get(SIDIK) == table.schema.metadata[SIDIK]:
            tautkan_berkas(lama, folder / BERKAS)
            return frame
    tulis_parquet(table, folder / BERKAS)
    return frame


def tulis_bintang(staging: Path, isi: Any) -> dict[str, Any]:
    """Write the dimensions (added to ``isi.tables``) and the per-indicator files.

    Returns what was written: rows per dimension and per indicator file.
    """
    berkas = cari_berkas_fakta(staging / "indikator")
    dimensi = buat_dimensi(berkas, isi.katalog)
    for nama, frame in dimensi.items():  # one file each, every year (not split by year)
        if nama == "dim_wilayah":
            frame = tulis_dim_wilayah(staging / nama, isi.kini, frame)
        else:
            tulis_parquet(ubah_ke_arrow(frame, nama), staging / nama / BERKAS)
        isi.tables[nama] = frame
        isi.ditulis[nama] = {None: len(frame)}
    per, dibawa = tulis_per_indikator(staging / PER_INDIKATOR, berkas, isi.kini)
    return {
        "dimensi": {k: len(v) for k, v in dimensi.items()},
        PER_INDIKATOR: per,
        f"{PER_INDIKATOR}_provinsi_dibawa": dibawa,
    }
