"""The per-indicator files of a generation: ``per_indikator/<kode>/<provinsi>.parquet``.

One indicator of one province over every year of the generation (``tahun`` inside), written
from the fact files (``indikator/<tahun>/<provinsi>.parquet``) once the carried-over years are
in the staging folder. A reader of ``per_indikator/<kode>/`` sees one indicator for every
province (pandas, DuckDB, Polars, Power BI's folder connector); a kabupaten's generation has
one file there.

A province whose fact files are, year by year, the very files of the generation in force
(hard links: the run carried the province or the year over, same device and inode) has the
same rows, so its per-indicator files are linked from there instead of read and written again
(a national year's 7.1 million rows took ±5.5 s to write on every run). A correction in one
province rewrites that province's only. Nothing is linked from a generation of another layout
(its manifest's ``versi_tata_letak``), nor while a year holds every province in one file (the
layout before provinces had files: its rows are cut by province as they are read).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from schemas.kontrak import buat_skema_arrow
from transforms.keluar.latar import Latar
from transforms.keluar.manifest import VERSI_TATA_LETAK, baca_manifest
from transforms.keluar.parquet import PARQUET_OPTS
from transforms.keluar.parquet_provinsi import berkas_provinsi, provinsi_berkas
from transforms.keluar.samakan import tautkan_berkas

log = logging.getLogger(__name__)

PER_INDIKATOR = "per_indikator"

Tanda = dict[str, tuple[tuple[int, str, int, int], ...]]
"""Per province: (year, file name, device, inode) of each fact file it is written from."""


def tanda_provinsi(berkas: list[tuple[int, Path]]) -> Tanda | None:
    """Which fact files each province's rows come from (files without rows left out); None
    when a file holds every province (nothing can be linked then)."""
    tanda: dict[str, list[tuple[int, str, int, int]]] = {}
    for tahun, path in berkas:
        if pq.ParquetFile(path).metadata.num_rows == 0:
            continue
        prov = provinsi_berkas(path)
        if prov is None:
            return None
        st = path.stat()
        tanda.setdefault(prov, []).append((tahun, path.name, st.st_dev, st.st_ino))
    return {p: tuple(t) for p, t in tanda.items()}


def _fakta(folder: Path) -> list[tuple[int, Path]]:
    from transforms.keluar.bintang import cari_berkas_fakta  # bintang builds on this module

    return cari_berkas_fakta(folder) if folder.is_dir() else []


def cari_provinsi_tetap(baru: Tanda | None, kini: Path | None) -> set[str]:
    """The provinces whose fact files are those of generation ``kini`` (same files, same
    years) and whose per-indicator files it has in this layout."""
    if baru is None or kini is None or not (kini / PER_INDIKATOR).is_dir():
        return set()
    if (baca_manifest(kini) or {}).get("versi_tata_letak") != VERSI_TATA_LETAK:
        return set()
    lama = tanda_provinsi(_fakta(kini / "indikator"))
    if lama is None:
        return set()
    return {p for p, t in baru.items() if lama.get(p) == t}


def _sesuaikan(table: pa.Table, skema: pa.Schema) -> pa.Table:
    """``table`` with the columns, order and types of ``skema`` (dictionaries decoded)."""
    if table.schema.equals(skema, check_metadata=False):
        return table
    return table.select(skema.names).cast(skema)


def _per_kode(table: pa.Table) -> Iterator[tuple[str, pa.Table]]:
    """The rows of each indicator of ``table``: slices (no copy) where the rows are sorted by
    ``kode_indikator``, as the fact files are written; a filter per code otherwise."""
    kode = table["kode_indikator"].combine_chunks()
    if len(kode) > 1 and kode.null_count == 0:
        beda = pc.not_equal(kode.slice(1), kode.slice(0, len(kode) - 1))
        awal = [0, *(pc.indices_nonzero(beda).to_numpy() + 1).tolist()]
        nama = [kode[i].as_py() for i in awal]
        if len(set(nama)) == len(nama):  # each code in one run of rows: sorted
            for i, (a, k) in enumerate(zip(awal, nama, strict=True)):
                akhir = awal[i + 1] if i + 1 < len(awal) else len(kode)
                yield k, table.slice(a, akhir - a)
            return
    for k in pc.unique(kode).to_pylist():
        yield k, table.filter(pc.equal(table["kode_indikator"], k))


def _per_provinsi(table: pa.Table, prov: str | None) -> Iterator[tuple[str, pa.Table]]:
    """``table``'s rows per province: a province's file as it is, a file of every province
    cut by the first two digits of the region code."""
    if prov is not None:
        yield prov, table
        return
    awal = pc.utf8_slice_codeunits(table["kode_wilayah"].cast(pa.string()), 0, 2)
    for p in sorted(pc.unique(awal).drop_null().to_pylist()):
        yield p, table.filter(pc.equal(awal, p))


class _Penulis:
    """The open per-indicator files, one per (indicator, province), years appended in order."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.skema = folder, buat_skema_arrow("indikator")
        self.baris: dict[tuple[str, str], int] = {}
        self._buka: dict[tuple[str, str], pq.ParquetWriter] = {}
        self._latar = Latar()  # written while the next slice is read and cut

    def tambah(self, kode: str, prov: str, table: pa.Table) -> None:
        kunci = (kode, prov)
        if kunci not in self._buka:
            path = berkas_provinsi(self.folder / kode, prov)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._buka[kunci] = pq.ParquetWriter(path, self.skema, **PARQUET_OPTS)
        self._latar.kirim(self._buka[kunci].write_table, _sesuaikan(table, self.skema))
        self.baris[kunci] = self.baris.get(kunci, 0) + table.num_rows

    def tutup(self, jenis: type[BaseException] | None = None) -> None:
        """Every write ended (its error raised unless ``jenis``, the caller's, goes on), then
        every file closed."""
        try:
            self._latar.selesai(jenis)
        finally:
            for w in self._buka.values():
                w.close()
            self._buka.clear()

    def periksa(self) -> None:
        """Every file written read back: its rows are those written."""
        for (kode, prov), n in self.baris.items():  # read back, as the tables are
            dibaca = pq.ParquetFile(berkas_provinsi(self.folder / kode, prov)).metadata.num_rows
            if dibaca != n:
                raise RuntimeError(f"{PER_INDIKATOR}/{kode}/{prov}.parquet: {dibaca} baris, {n}")


def _tautkan(folder: Path, kini: Path, tetap: set[str]) -> dict[tuple[str, str], int]:
    """The per-indicator files of provinces ``tetap`` linked from generation ``kini``."""
    baris = {}
    for sub in sorted(p for p in (kini / PER_INDIKATOR).iterdir() if p.is_dir()):
        for prov in sorted(tetap):
            src = berkas_provinsi(sub, prov)
            if src.is_file():
                tautkan_berkas(src, berkas_provinsi(folder / sub.name, prov))
                baris[(sub.name, prov)] = pq.ParquetFile(src).metadata.num_rows
    return baris


def _tulis(folder: Path, berkas: list[tuple[int, Path]]) -> dict[tuple[str, str], int]:
    """The per-indicator files of the provinces in fact files ``berkas``, written."""
    from transforms.keluar.bintang import baca_potongan_fakta  # bintang builds on this module

    penulis = _Penulis(folder)
    try:
        for tahun, path in berkas:
            for _, table in baca_potongan_fakta([(tahun, path)], kamus=True):
                try:  # the types checked on no rows; each part's rows cast on their own
                    _sesuaikan(table.slice(0, 0), penulis.skema)
                except (KeyError, pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
                    log.warning("%s: tahun %s berskema lama, dilewati", PER_INDIKATOR, tahun)
                    break
                for prov, bagian in _per_provinsi(table, provinsi_berkas(path)):
                    for kode, part in _per_kode(bagian):
                        penulis.tambah(kode, prov, part)
    except BaseException as exc:
        penulis.tutup(type(exc))
        raise
    penulis.tutup()
    penulis.periksa()
    return penulis.baris


def tulis_per_indikator(
    folder: Path, berkas: list[tuple[int, Path]], kini: Path | None
) -> tuple[dict[str, int], list[str]]:
    """``folder/<kode>/<provinsi>.parquet`` from the fact files ``berkas`` (years in order):
    linked from generation ``kini`` for the provinces whose fact files are its own
    (:func:`cari_provinsi_tetap`), written for the others. Returns the rows per indicator
    and the provinces linked."""
    folder.mkdir(parents=True, exist_ok=True)
    tetap = cari_provinsi_tetap(tanda_provinsi(berkas), kini)
    baris = _tautkan(folder, kini, tetap) if tetap and kini is not None else {}
    baris |= _tulis(folder, [(t, p) for t, p in berkas if provinsi_berkas(p) not in tetap])
    per_kode: dict[str, int] = {}
    for (kode, _), n in sorted(baris.items()):
        per_kode[kode] = per_kode.get(kode, 0) + n
    return per_kode, sorted(tetap)
