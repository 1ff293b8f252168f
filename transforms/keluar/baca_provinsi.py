"""One Parquet file of a generation read one province at a time.

``indikator`` and ``komponen`` are written one file per province
(:data:`transforms.keluar.parquet.PER_PROVINSI`); files of generations before that layout hold a
year's provinces in province order, so the ``kode_wilayah`` statistics of each row group say
which provinces it holds. A province's rows are then read from its file, or from those row
groups only:
the next run compares a national year with the previous one province by province without ever
holding the previous year whole (a national ``komponen`` year, 14 million rows, took about 0.9 GB
while being read whole; a province's row groups take a few tens of MB).

A file not in province order (written before the order, or brought from an older generation) is
read whole once and served province by province from memory, as before.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from transforms.komponen.ramping import samakan_kategori
from transforms.wilayah.kode import PANJANG_KODE
from transforms.wilayah.provinsi import kelompokkan_provinsi, nomori_provinsi

KODE = "kode_wilayah"
_PANJANG = PANJANG_KODE["provinsi"]


def baca_rentang_provinsi(berkas: pq.ParquetFile) -> list[tuple[str, str, int]] | None:
    """Per row group with rows: its first and last province (from the ``kode_wilayah``
    statistics) and its number; None when the file is not in province order (a row group
    starts before the previous one ends), has no statistics, or has null region codes."""
    md = berkas.metadata
    nama = [md.schema.column(i).name for i in range(md.num_columns)]
    if KODE not in nama:
        return None
    i = nama.index(KODE)
    rentang = []
    for g in range(md.num_row_groups):
        if md.row_group(g).num_rows == 0:
            continue
        s = md.row_group(g).column(i).statistics
        if s is None or not s.has_min_max or s.null_count != 0:
            return None
        rentang.append((str(s.min)[:_PANJANG], str(s.max)[:_PANJANG], g))
    urut = all(b[0] >= a[1] for a, b in pairwise(rentang))
    return rentang if urut else None


def _baris_provinsi(grup: tuple[pd.DataFrame, np.ndarray, pd.Index], prov: str) -> pd.DataFrame:
    """The rows in province ``prov`` of a row group (its frame, each row's province number and
    the province codes, :func:`~transforms.wilayah.provinsi.nomori_provinsi`)."""
    frame, nomor, nama = grup
    if prov not in nama:
        return frame.iloc[:0]
    return frame[nomor == nama.get_loc(prov)]


class BacaProvinsi:
    """One Parquet file, read province by province (:meth:`ambil`).

    Args:
        path: the file.
        kolom: the columns to read (``kode_wilayah`` among them); those the file lacks are
            left out.
        kamus: columns read as dictionaries (pandas categories).
    """

    def __init__(self, path: str | Path, kolom: list[str], kamus: tuple[str, ...]) -> None:
        ada = set(pq.read_schema(path).names)
        self.kolom = [k for k in kolom if k in ada]
        self._berkas = pq.ParquetFile(path, read_dictionary=[k for k in self.kolom if k in kamus])
        self._rentang = baca_rentang_provinsi(self._berkas)
        self._grup: dict[int, tuple] = {}  # the edge row group kept for the next province
        self._utuh: tuple[pd.DataFrame, dict[str, np.ndarray]] | None = None

    @property
    def per_grup(self) -> bool:
        """True when provinces are read from their row groups (the file is in province order)."""
        return self._rentang is not None

    def ambil(self, prov: str) -> pd.DataFrame:
        """The rows of province ``prov`` (none: an empty frame), in the file's order."""
        if self._rentang is None:
            return self._dari_utuh(prov)
        rentang = [(akhir, g) for awal, akhir, g in self._rentang if awal <= prov <= akhir]
        bagian = []
        for akhir, g in rentang:
            grup = self._grup.get(g) or self._baca_grup(g)
            bagian.append(_baris_provinsi(grup, prov))
            # kept only when it holds a later province (a row group at a province's edge);
            # a file of one province keeps nothing once read
            self._grup = {g: grup} if akhir > prov else {}
        if not bagian:
            return self._kosong()
        if len(bagian) == 1:
            return bagian[0]
        return pd.concat(samakan_kategori(bagian), ignore_index=True)  # categories kept

    def _baca_grup(self, g: int) -> tuple[pd.DataFrame, np.ndarray, pd.Index]:
        table = self._berkas.read_row_group(g, columns=self.kolom)
        frame = table.to_pandas(self_destruct=True, split_blocks=True)
        return (frame, *nomori_provinsi(frame[KODE]))

    def _kosong(self) -> pd.DataFrame:
        return self._berkas.schema_arrow.empty_table().select(self.kolom).to_pandas()

    def _dari_utuh(self, prov: str) -> pd.DataFrame:
        if self._utuh is None:
            table = self._berkas.read(columns=self.kolom)
            frame = table.to_pandas(self_destruct=True, split_blocks=True)
            del table
            self._utuh = (frame, kelompokkan_provinsi(frame[KODE]))
        frame, per = self._utuh
        baris = per.get(prov)
        return frame.iloc[:0] if baris is None else frame.take(baris)
