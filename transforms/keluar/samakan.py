"""Files of an older output schema brought to the current contract when carried over.

A year carried from the current generation is hard-linked when its file already follows the
contract of ``catalog/kolom.yaml``. A file written before a column was added (``VERSI_SKEMA``
went up) is rewritten instead: derivable columns are derived (``jenis_periode`` and
``kode_periode`` from ``bulan`` / ``semester``; ``id_run_ubah`` from ``id_run``, the run that
wrote the rows, else the run the manifest names for that year), other new columns are empty when
the contract allows it. A file that cannot be brought to the contract (a new non-empty column
with no derivation) is carried unchanged, and readers use ``union_by_name``.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.kontrak import buat_skema_arrow, kolom
from transforms.hitung.periode import tambah_periode
from transforms.keluar.parquet import tulis_parquet

log = logging.getLogger(__name__)

TURUNAN = {"jenis_periode", "kode_periode", "id_run_ubah"}
UBAH = "id_run_ubah"


def samakan_skema(table: pa.Table, tabel: str, id_run_asal: str | None = None) -> pa.Table | None:
    """``table`` with the columns, order and types of ``tabel``'s contract; None when a
    missing column can be neither derived nor left empty. ``id_run_asal``: the run that wrote
    the file (for ``id_run_ubah`` when the file has no ``id_run``)."""
    skema = buat_skema_arrow(tabel)
    if table.schema.equals(skema, check_metadata=False):
        return table
    spec = kolom(tabel)
    hilang = [c for c in skema.names if c not in table.column_names]
    if any(not spec[c]["nullable"] and c not in TURUNAN for c in hilang):
        return None
    frame = table.to_pandas()
    if TURUNAN & set(hilang) and {"tahun", "bulan", "semester"} <= set(frame.columns):
        frame = tambah_periode(frame)
    if UBAH in hilang:
        asal = frame["id_run"] if "id_run" in frame.columns else (id_run_asal or "-")
        frame = frame.assign(**{UBAH: asal})
    for c in skema.names:
        if c not in frame.columns:
            frame[c] = None
    try:
        return pa.Table.from_pandas(frame[skema.names], schema=skema, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError) as exc:
        log.warning("%s: berkas lama tidak dapat disamakan dengan kontrak (%s)", tabel, exc)
        return None


def tautkan_berkas(src: Path, dst: Path) -> None:
    """Hard-link ``src`` to ``dst`` (the same bytes, no copy); copy when the disk cannot."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def bawa_berkas(src: Path, dst: Path, tabel: str, id_run_asal: str | None = None) -> None:
    """Carry one Parquet file of ``tabel`` into the new generation (link, or upgrade)."""
    skema = buat_skema_arrow(tabel)
    if pq.read_schema(src).equals(skema, check_metadata=False):
        tautkan_berkas(src, dst)
        return
    baru = samakan_skema(pq.read_table(src), tabel, id_run_asal)
    if baru is None:
        tautkan_berkas(src, dst)
        return
    tulis_parquet(baru, dst)
