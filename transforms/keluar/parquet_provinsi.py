"""A year of ``indikator`` or ``komponen`` as one Parquet file per province.

``<tabel>/<tahun>/<provinsi>.parquet`` (``indikator/2025/33.parquet``): a reader of the table
or of the year folder (pandas, DuckDB, Power BI's folder connector, Polars) sees one table, the
provinces in code order; a reader of one province opens its file. A run that finds a province's
inputs unchanged since the generation in force links that province's files from there instead
of writing them (:meth:`PenulisProvinsi.tautkan`), so a correction in one province rewrites that
province only. A year with no rows gets one empty file with the contract's schema
(``part-0.parquet``), as every table's empty year does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from transforms.keluar.latar import Latar
from transforms.keluar.parquet import BERKAS, PenulisParquet
from transforms.keluar.samakan import tautkan_berkas
from transforms.wilayah.provinsi import ambil_baris, kelompokkan_provinsi, nomori_provinsi

_NAMA = re.compile(r"^\d{2}$")


def berkas_provinsi(folder: Path, prov: str) -> Path:
    """The file of province ``prov`` in a year folder."""
    return folder / f"{prov}.parquet"


def provinsi_berkas(path: str | Path) -> str | None:
    """The province a file of a year folder holds alone (None: a file of every province)."""
    stem = Path(path).stem
    return stem if _NAMA.match(stem) else None


def _per_provinsi(frame: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """``frame``'s rows per province, in code order (a province's rows in their order); a
    frame of one province as it is."""
    kode = frame["kode_wilayah"]
    _, nama = nomori_provinsi(kode)  # per category: no text per row
    if len(nama) == 1:
        yield str(nama[0]), frame
        return
    for prov, posisi in kelompokkan_provinsi(kode).items():
        yield prov, ambil_baris(frame, posisi)


class PenulisProvinsi:
    """One year folder of a table written one file per province, part by part (:meth:`tambah`:
    rows of whole provinces, provinces in code order; each province's file is finished when
    the next province begins), or a province's file linked from an earlier generation
    (:meth:`tautkan`). Use as a context manager: the file being written is closed on any exit.

    Args:
        folder: the year folder (``<staging>/<tabel>/<tahun>``).
        tabel: the table (its contract).
    """

    def __init__(self, folder: Path, tabel: str) -> None:
        self.folder, self.tabel = folder, tabel
        self.baris = 0
        self.provinsi: dict[str, int] = {}  # province → rows, written or linked
        self._kini: tuple[str, PenulisParquet] | None = None
        self._latar = Latar()  # the files written while the next province is computed

    def __enter__(self) -> PenulisProvinsi:
        return self

    def __exit__(self, jenis: type[BaseException] | None, *rinci: object) -> None:
        if jenis is None:
            self.tutup()
            return
        try:
            if self._kini is not None:
                self._kini[1].__exit__(jenis, *rinci)
        finally:
            self._latar.selesai(jenis)  # every file sent ended, the thread stopped

    def _penulis(self, prov: str) -> PenulisParquet:
        if self._kini is not None and self._kini[0] == prov:
            return self._kini[1]
        self._selesaikan()
        if prov in self.provinsi:
            raise RuntimeError(f"{self.folder}: provinsi {prov} datang dua kali")
        self.provinsi[prov] = 0
        path = berkas_provinsi(self.folder, prov)
        self._kini = (prov, PenulisParquet(path, self.tabel, self._latar))
        return self._kini[1]

    def _selesaikan(self) -> None:
        if self._kini is not None:
            self._kini[1].tutup()
            self._kini = None

    def tambah(self, frame: pd.DataFrame) -> None:
        """Write ``frame``'s rows, each into its province's file."""
        if frame.empty:
            return
        for prov, bagian in _per_provinsi(frame):
            self._penulis(prov).tambah(bagian)
            self.provinsi[prov] += len(bagian)
            self.baris += len(bagian)

    def tautkan(self, prov: str, src: Path) -> int:
        """Province ``prov``'s file: ``src`` (a file of the generation in force) linked, not
        written; returns its rows."""
        self._selesaikan()
        if prov in self.provinsi:
            raise RuntimeError(f"{self.folder}: provinsi {prov} datang dua kali")
        tautkan_berkas(src, berkas_provinsi(self.folder, prov))
        n = pq.ParquetFile(src).metadata.num_rows
        self.provinsi[prov] = n
        self.baris += n
        return n

    def tutup(self) -> None:
        """Finish the file being written; a year without any province gets one empty file.
        Every file is complete and synced to disk when this returns (a write's error is
        raised here)."""
        try:
            self._selesaikan()
            if not self.provinsi:
                with PenulisParquet(self.folder / BERKAS, self.tabel):
                    pass
        except BaseException as exc:
            self._latar.selesai(type(exc))
            raise
        self._latar.selesai()
