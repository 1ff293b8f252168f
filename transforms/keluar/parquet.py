"""Parquet files of one table inside a generation folder, for BI tools.

A table with a ``tahun`` column is written as one ``<tabel>/<tahun>/part-0.parquet`` per year
(folder named by the year alone, ``tahun`` inside the file: pandas, DuckDB, Polars and a
single-file reader all see the same column), ``indikator`` and ``komponen`` as one file per
province in that folder (:mod:`transforms.keluar.parquet_provinsi`); a table without ``tahun``
as ``<tabel>/part-0.parquet``.
Every file follows the table's contract (``catalog/kolom.yaml``), is zstd-compressed and is
synced to disk before the generation is made current.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from schemas.kontrak import buat_skema_arrow, kolom, ubah_ke_arrow
from transforms.keluar.latar import Latar
from transforms.komponen.ramping import samakan_kategori

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


POTONGAN = 1 << 18
"""Rows validated, converted and written at a time: one row group each. The contract's copies
of a slice (text taken out of the categories, pandera's coercion, Arrow) cost about 1 KB a row
of ``indikator``: a national year's write peaked 1.1 GB above its frames with slices of
pyarrow's default row group (1,048,576 rows), 0.4 GB with these, in the same CPU time and a
file of about the same size (``indikator`` 48.3 MB instead of 49.6, ``komponen`` 44.7 instead
of 37.7). BI readers take row groups of this size as they come (DuckDB writes 122,880)."""


PER_PROVINSI = frozenset({"indikator", "komponen"})
"""Tables whose years are written one file per province, provinces in code order
(:mod:`transforms.keluar.parquet_provinsi`): a reader of one province (the next run's
``id_run_ubah``, a BI tool's filter) opens its file, and a province whose inputs did not change
is linked from the generation in force. Files written before that layout hold every province
in province order, so their row groups' ``kode_wilayah`` statistics name the provinces they
hold (:mod:`transforms.keluar.baca_provinsi`). The values are the same in any order."""


def _skema_tersimpan(tabel: str, meta: dict[bytes, bytes] | None) -> dict[bytes, bytes]:
    """The file metadata a writer of the contract's types stores (``ARROW:schema``: the
    contract's Arrow schema with the pandas metadata, base64 of its IPC form; ``pandas``), for
    a file written from dictionaries: readers see the contract's text columns, as always."""
    skema = buat_skema_arrow(tabel)
    skema = skema if meta is None else skema.with_metadata(meta)  # None: no metadata block
    return {**(meta or {}), b"ARROW:schema": base64.b64encode(skema.serialize().to_pybytes())}


class PenulisParquet:
    """One Parquet file of table ``tabel`` written part by part (:meth:`tambah`), checked
    against the contract slice by slice (:data:`POTONGAN` rows at a time, one row group
    each), then synced to disk (:meth:`tutup`; a file given no rows gets the contract's
    schema and no rows). Use as a context manager: the file is closed on any exit.

    A slice that breaks the contract raises pandera's error naming the rows by their position
    in the file (in ``frame`` for :func:`tulis_frame`); the file is then incomplete (it lives
    in a generation not yet made current).

    Categorical text columns are written from Arrow dictionaries of the values each slice
    uses (``ubah_ke_arrow(..., kamus=True)``): the writer stores their codes and values as
    they are instead of hashing every row's text (a national year's ``komponen``: 3.9 →
    3.4 s CPU, ``indikator`` 4.0 → 3.5 s). The file's stored schema is the contract's
    (text), so every reader sees what a file written from text gives: same values, types,
    schema and metadata.
    """

    def __init__(self, path: Path, tabel: str, latar: Latar | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.tabel, self.baris = tabel, 0
        self._fh = path.open("wb")
        self._penulis: pq.ParquetWriter | None = None
        self._latar = latar  # None: written here, as the caller sends each part
        self._dikirim = False  # a row group was sent to be written
        self._ditutup = False
        self._sisa: list[pd.DataFrame] = []  # rows short of a row group, waiting
        self._sisa_baris = 0
        self._posisi = 0  # rows written so far

    def __enter__(self) -> PenulisParquet:
        return self

    def __exit__(self, jenis: type[BaseException] | None, *_: object) -> None:
        if jenis is None:
            self.tutup()
        else:  # a failed write: closed as it is, the original error goes on (closing a
            # file on a full disk fails again: its buffered bytes cannot be written)
            if self._latar is not None:  # nothing still writes into the file
                self._latar.hentikan()
            with contextlib.suppress(Exception):
                if self._penulis is not None:
                    self._penulis.close()
            with contextlib.suppress(OSError):
                self._fh.close()

    def tambah(self, frame: pd.DataFrame, urut: np.ndarray | None = None) -> None:
        """Write ``frame``'s rows (``urut``: their positions in the order to write them; None:
        as they are). Each slice is taken in that order, the frame is never copied whole.

        Row groups are :data:`POTONGAN` rows of the file whatever the parts: rows short of a
        row group wait (a copy, at most that many rows) for the next part or :meth:`tutup`,
        so a year written province by province has the row groups of the year written whole
        (38 provinces do not make 38 small row groups, nor does each per-indicator file
        made from them)."""
        n = len(frame)

        def potong(a: int, b: int) -> pd.DataFrame:
            return frame.iloc[a:b] if urut is None else frame.take(urut[a:b])

        awal = 0
        if self._sisa:
            awal = min(POTONGAN - self._sisa_baris, n)
            self._simpan_sisa(potong(0, awal), salin=urut is None)
            if self._sisa_baris < POTONGAN:
                self.baris += n
                return
            self._tulis_sisa()
        while n - awal >= POTONGAN:
            self._tulis_frame(potong(awal, awal + POTONGAN))
            awal += POTONGAN
        if awal < n:
            self._simpan_sisa(potong(awal, n), salin=urut is None)
        self.baris += n

    def _simpan_sisa(self, bagian: pd.DataFrame, salin: bool) -> None:
        self._sisa.append(bagian.copy() if salin else bagian)  # not a view: the part can go
        self._sisa_baris += len(bagian)

    def _tulis_sisa(self) -> None:
        sisa = self._sisa
        self._sisa, self._sisa_baris = [], 0
        self._tulis_frame(sisa[0] if len(sisa) == 1 else pd.concat(samakan_kategori(sisa)))

    def _tulis_frame(self, bagian: pd.DataFrame) -> None:
        # the rows' positions in the file as labels in a contract error
        posisi = pd.RangeIndex(self._posisi, self._posisi + len(bagian))
        self._tulis(ubah_ke_arrow(bagian.set_axis(posisi), self.tabel, kamus=True))
        self._posisi += len(bagian)

    def _tulis(self, table: pa.Table) -> None:
        self._dikirim = True
        if self._latar is None:
            self._tulis_kini(table)
        else:  # Arrow encodes, compresses and writes without the GIL: beside the next part
            self._latar.kirim(self._tulis_kini, table)

    def _tulis_kini(self, table: pa.Table) -> None:
        if self._penulis is None:
            self._penulis = pq.ParquetWriter(
                self._fh, table.schema, store_schema=False, **PARQUET_OPTS
            )
            meta = _skema_tersimpan(self.tabel, table.schema.metadata)
            self._penulis.add_key_value_metadata(meta)
        self._penulis.write_table(table)

    def tutup(self) -> None:
        """Finish the file (the contract's schema when no row came) and sync it to disk
        (with a :class:`~transforms.keluar.latar.Latar`: sent to it, done by its
        :meth:`~transforms.keluar.latar.Latar.tunggu`)."""
        if self._ditutup:
            return
        self._ditutup = True
        try:
            if self._sisa:
                self._tulis_sisa()
            if not self._dikirim:
                kosong = pd.DataFrame(columns=list(kolom(self.tabel)))
                self._tulis(ubah_ke_arrow(kosong, self.tabel, kamus=True))
        except BaseException:
            if self._latar is not None:  # nothing still writes into the file
                self._latar.hentikan()
            self._akhiri()
            raise
        if self._latar is None:
            self._akhiri()
        else:
            self._latar.kirim(self._akhiri)

    def _akhiri(self) -> None:
        """Close the writer, sync the file to disk and close it."""
        if self._fh.closed:
            return
        if self._penulis is not None:
            self._penulis.close()
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()


def tulis_frame(frame: pd.DataFrame, tabel: str, path: Path, urut: np.ndarray | None = None) -> int:
    """Write ``frame`` as one Parquet file of table ``tabel`` (:class:`PenulisParquet`) and
    sync it to disk; returns its rows. ``urut``: the row positions in the order to write them
    (None: as they are)."""
    with PenulisParquet(path, tabel) as penulis:
        if len(frame):
            penulis.tambah(frame, urut)
        else:  # no rows: the frame's own types (the contract coerces them)
            penulis._tulis(ubah_ke_arrow(frame.reset_index(drop=True), tabel, kamus=True))
    return len(frame)


def tulis_tabel(folder: Path, tabel: str, frame: pd.DataFrame, tahun_list: list[int]) -> dict:
    """Write ``frame`` (table ``tabel``) under ``folder``; rows written per year (or ``None``).

    Only the listed years are written; a listed year with no rows gets an empty file, so a rerun
    after a correction that removed every row of a year leaves no stale rows behind.
    """
    if "tahun" not in frame.columns:
        return {None: tulis_frame(frame, tabel, folder / BERKAS)}
    tanpa_tahun = int(frame["tahun"].isna().sum())
    if tanpa_tahun:
        log.warning("%s: %d baris tanpa tahun tidak diterbitkan", tabel, tanpa_tahun)
    from transforms.keluar.parquet_provinsi import PenulisProvinsi  # built on this module

    counts: dict[int | None, int] = {}
    for tahun in tahun_list:
        pilih = (frame["tahun"] == tahun).fillna(False).to_numpy(dtype=bool)
        # every row in this year (a one-year run): the frame itself, not a copy of it
        part = frame if pilih.all() else frame[pilih]
        if tabel in PER_PROVINSI:
            with PenulisProvinsi(folder / str(tahun), tabel) as penulis:
                penulis.tambah(part)
            counts[tahun] = penulis.baris
        else:
            counts[tahun] = tulis_frame(part, tabel, folder / str(tahun) / BERKAS)
    return counts


def hitung_baris(folder: Path) -> int:
    """Rows in the Parquet files of one folder, from their footers (the files are read back)."""
    return sum(pq.ParquetFile(p).metadata.num_rows for p in sorted(folder.glob("*.parquet")))


def daftar_tahun(folder: Path) -> list[int]:
    """The year folders of a table folder."""
    if not folder.is_dir():
        return []
    return sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit())
