"""One year of a run written into the run's staging generation as it is computed.

A run computes and writes one year at a time (:func:`transforms.langkah.jalankan.jalankan`).
The year's indicators come province by province
(:func:`~transforms.langkah.per_provinsi.hitung_per_provinsi`) and each province is written as
it comes: ``id_run_ubah`` set against the same province of the generation in force
(:class:`~transforms.keluar.ubah.PemasangUbah`), appended to the year's file (one writer, row
groups in province order, :class:`~transforms.keluar.parquet.PenulisParquet`), its keys kept for
the guard (:class:`~transforms.keluar.penjaga.KunciTahun`) and its counts for the run summary;
then it is let go. So a year's indicator table (a national year: 7.1 million rows, ±0.8 GB) is
never in memory whole. The year's other tables are written before the indicators (the compute
then keeps only its columns of the components). The guard decides on the keys of every
province: a refused year's files are removed (the publish step carries the year over from the
generation in force).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from transforms.keluar.galat import jelaskan_galat_os
from transforms.keluar.generasi import buka_staging
from transforms.keluar.memori import kembalikan_memori
from transforms.keluar.parquet import BERKAS, PenulisParquet, tulis_tabel
from transforms.keluar.penjaga import KunciTahun
from transforms.keluar.ubah import PemasangUbah
from transforms.langkah.pengaturan import Pengaturan
from transforms.langkah.ringkasan import KumpulanTahun, Ringkasan
from transforms.langkah.terbitkan import baca_asal_tahun, putuskan_susut

INDIKATOR = "indikator"

BagianIndikator = pd.DataFrame | Iterable[pd.DataFrame]
"""A year's indicators: one table, or its provinces one after another (in province order)."""


def _per_bagian(indikator: BagianIndikator) -> Iterable[pd.DataFrame]:
    return [indikator] if isinstance(indikator, pd.DataFrame) else indikator


def _baris_tahun(bagian: pd.DataFrame, tahun: int) -> pd.DataFrame:
    """The rows of ``tahun`` (a file of several years gives rows of the others too; rows
    without a year are not published)."""
    pilih = (bagian["tahun"] == tahun).fillna(False).to_numpy(dtype=bool)
    return bagian if pilih.all() else bagian[pilih]


def tulis_indikator_tahun(
    folder: Path,
    indikator: BagianIndikator,
    tahun: int,
    pemasang: PemasangUbah,
    kumpulan: KumpulanTahun | None = None,
) -> KunciTahun:
    """Write year ``tahun`` of ``indikator`` as ``folder/<tahun>/part-0.parquet``, part by
    part, each with its ``id_run_ubah`` (``pemasang``); its counts go into ``kumpulan``.
    Returns the year's keys for the guard (their ``baris``: the rows written)."""
    kunci = KunciTahun()
    with PenulisParquet(folder / str(tahun) / BERKAS, INDIKATOR) as penulis:
        for bagian in _per_bagian(indikator):
            bagian = _baris_tahun(bagian, tahun)
            if not len(bagian):
                continue
            if kumpulan is not None:
                kumpulan.tambah_indikator(bagian)
            kunci.tambah(bagian)
            penulis.tambah(pemasang.pasang(bagian))
            del bagian
    return kunci


def _hapus_tahun(staging: Path, ditulis: dict[str, dict]) -> None:
    """Remove what was written of a refused year (``ditulis``: per table, the years written;
    None for a table without years)."""
    for nama, baris in ditulis.items():
        for t in baris:
            path = staging / nama / (str(t) if t is not None else BERKAS)
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)


def tulis_tahun_siap(
    out: Path,
    indikator: BagianIndikator,
    lain: Iterable[tuple[str, pd.DataFrame]],
    tahun: int,
    konteks: tuple[Path | None, Ringkasan, Pengaturan],
    kumpulan: KumpulanTahun | None = None,
) -> None:
    """One year of a run, into the run's staging generation
    (:func:`~transforms.keluar.generasi.buka_staging`): first the year's other tables
    (``lain``: name and frame, each let go once written: pass an iterator that hands them
    over, so the components' wide columns are gone before the indicators are computed), then
    the indicators province by province as they are computed (:func:`tulis_indikator_tahun`),
    then the guard. Every table gets ``id_run_ubah``. A refused year's files are removed (the
    publish step carries it over). ``konteks``: the generation in force, the year's summary
    (the rows written go into its ``siap``, the guard's word into its refusals) and the
    settings; the indicators' counts go into ``kumpulan``."""
    kini, ringkasan, pengaturan = konteks
    ditulis: dict[str, dict] = {INDIKATOR: {}}
    asal = baca_asal_tahun(kini)  # the manifest of the generation in force, read once

    def pemasang_untuk(nama: str) -> PemasangUbah:
        lama = kini / nama if kini is not None else None
        return PemasangUbah(nama, lama, [tahun], ringkasan.id_run, asal.get(nama))

    try:
        staging = buka_staging(out, ringkasan.id_run, pengaturan.simpan_generasi)
        for nama, frame in lain:
            frame = pemasang_untuk(nama).pasang(frame)
            ditulis[nama] = tulis_tabel(staging / nama, nama, frame, [tahun])
            del frame
            kembalikan_memori()  # the contract's copies of the slices written
        pemasang = pemasang_untuk(INDIKATOR)
        kunci = tulis_indikator_tahun(staging / INDIKATOR, indikator, tahun, pemasang, kumpulan)
        ditulis[INDIKATOR] = {tahun: kunci.baris}
        del pemasang
        kembalikan_memori()
        susut = kunci.bandingkan(kini, tahun, pengaturan.batas_susut)
        del kunci
        ditolak = {tahun: susut} if susut is not None and susut.ditolak else {}
        if not putuskan_susut(ditolak, [tahun], ringkasan, pengaturan):
            _hapus_tahun(staging, ditulis)
            ditulis = {nama: {} for nama in ditulis}
        kembalikan_memori()  # the previous year's keys the guard read
    except OSError as exc:
        raise jelaskan_galat_os(exc, out) from exc
    for nama, baris in ditulis.items():
        ringkasan.siap.setdefault(nama, {}).update(baris)
