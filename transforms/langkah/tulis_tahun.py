"""One year of a run written into the run's staging generation as it is computed.

A run computes and writes one year at a time (:func:`transforms.langkah.jalankan.jalankan`).
The year's indicators come province by province
(:func:`~transforms.langkah.per_provinsi.hitung_per_provinsi`) and each province is written as
it comes: ``id_run_ubah`` set against the same province of the generation in force
(:class:`~transforms.keluar.ubah.PemasangUbah`), written as that province's file of the year
(:class:`~transforms.keluar.parquet_provinsi.PenulisProvinsi`), its keys kept for
the guard (:class:`~transforms.keluar.penjaga.KunciTahun`) and its counts for the run summary;
then it is let go. So a year's indicator table (a national year: 7.1 million rows, ±0.8 GB) is
never in memory whole. The year's components are written the same way, each province as it is
combined, before its indicators are computed (:class:`PenulisBagian`,
:mod:`~transforms.langkah.gabung_provinsi`); the year's small tables (problems, replaced values,
value warnings) after the last province. The guard decides on the keys of every province: a
refused year's files are removed (the publish step carries the year over from the generation in
force).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from transforms.keluar.galat import jelaskan_galat_os
from transforms.keluar.generasi import buka_staging
from transforms.keluar.memori import kembalikan_memori
from transforms.keluar.parquet import BERKAS, tulis_tabel
from transforms.keluar.parquet_provinsi import PenulisProvinsi
from transforms.keluar.penjaga import KunciTahun, baca_kunci_berkas
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


def _bawa_indikator(
    penulis: PenulisProvinsi,
    dibawa: list[tuple[str, Path]],
    kunci: KunciTahun,
    kumpulan: KumpulanTahun | None,
) -> None:
    """Link the carried provinces' indicator files; their rows and distinct keys counted as
    if written (the guard does not compare a carried province: its file is the one in
    force)."""
    for prov, src in dibawa:
        baris = penulis.tautkan(prov, src)
        beda = baca_kunci_berkas(src)
        if kumpulan is not None:
            kumpulan.tambah_indikator(beda, baris)
        kunci.bawa(prov, baris, {str(k) for k in beda["kode_indikator"].unique()})


def tulis_indikator_tahun(
    folder: Path,
    indikator: BagianIndikator,
    tahun: int,
    pemasang: PemasangUbah,
    kumpulan: KumpulanTahun | None = None,
    dibawa: list[tuple[str, Path]] | None = None,
) -> KunciTahun:
    """Write year ``tahun`` of ``indikator`` into ``folder/<tahun>/``, one file per province
    (:class:`~transforms.keluar.parquet_provinsi.PenulisProvinsi`), part by part, each with its
    ``id_run_ubah`` (``pemasang``); its counts go into ``kumpulan``. ``dibawa``: the carried
    provinces' files in force (province, file), linked once every part is written (the list
    is complete then: a run's is filled as its provinces are combined). Returns the year's
    keys for the guard (their ``baris``: the rows written or linked)."""
    kunci = KunciTahun()
    with PenulisProvinsi(folder / str(tahun), INDIKATOR) as penulis:
        for bagian in _per_bagian(indikator):
            bagian = _baris_tahun(bagian, tahun)
            if not len(bagian):
                continue
            if kumpulan is not None:
                kumpulan.tambah_indikator(bagian)
            kunci.tambah(bagian)
            penulis.tambah(pemasang.pasang(bagian))
            del bagian
        _bawa_indikator(penulis, dibawa or [], kunci, kumpulan)
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


def _pemasang(
    kini: Path | None, nama: str, tahun: int, id_run: str, asal: dict[str, dict[int, str]]
) -> PemasangUbah:
    """``id_run_ubah`` of table ``nama``'s year ``tahun`` against the generation in force
    (``asal``: its manifest's run per table and year, :func:`baca_asal_tahun`)."""
    lama = kini / nama if kini is not None else None
    return PemasangUbah(nama, lama, [tahun], id_run, asal.get(nama))


class PenulisBagian:
    """Tables of one year written part by part into the run's staging generation (a run's
    ``komponen``, one province after another as it is combined), each part with its
    ``id_run_ubah`` against the same province of the generation in force; a table given no
    rows gets an empty file. :func:`tulis_tahun_siap` closes it (:meth:`tutup`). Use as a
    context manager: the files are closed on any exit.

    Args:
        out: the output folder.
        tahun: the year.
        konteks: the generation in force, the year's summary (its run id) and the settings.
        tabel: the tables written so.
    """

    def __init__(
        self,
        out: Path,
        tahun: int,
        konteks: tuple[Path | None, Ringkasan, Pengaturan],
        tabel: tuple[str, ...],
    ) -> None:
        kini, ringkasan, pengaturan = konteks
        self.out, self.tahun = out, tahun
        try:
            staging = buka_staging(out, ringkasan.id_run, pengaturan.simpan_generasi)
        except OSError as exc:
            raise jelaskan_galat_os(exc, out) from exc
        self.staging = staging
        self.asal = asal = baca_asal_tahun(kini)  # the generation in force's manifest
        self._pemasang = {n: _pemasang(kini, n, tahun, ringkasan.id_run, asal) for n in tabel}
        self.indikator_dibawa: list[tuple[str, Path]] = []  # linked after the computed ones
        self._penulis = {n: PenulisProvinsi(staging / n / str(tahun), n) for n in tabel}

    def __enter__(self) -> PenulisBagian:
        return self

    def __exit__(self, jenis: type[BaseException] | None, *rinci: object) -> None:
        for penulis in self._penulis.values():  # finished (once), or closed as they are
            penulis.__exit__(jenis, *rinci)

    def tambah(self, nama: str, frame: pd.DataFrame) -> None:
        """Write a part of table ``nama`` (rows of whole provinces; only the year's rows)."""
        bagian = _baris_tahun(frame, self.tahun)
        if len(bagian):
            try:
                self._penulis[nama].tambah(self._pemasang[nama].pasang(bagian))
            except OSError as exc:
                raise jelaskan_galat_os(exc, self.out) from exc

    def bawa(self, prov: str, sumber: dict[str, Path]) -> None:
        """Province ``prov`` carried over: its files in force (``sumber``: table → file)
        linked, the indicators' once they are written (:func:`tulis_tahun_siap`)."""
        try:
            for nama, penulis in self._penulis.items():
                penulis.tautkan(prov, sumber[nama])
        except OSError as exc:
            raise jelaskan_galat_os(exc, self.out) from exc
        self.indikator_dibawa.append((prov, sumber[INDIKATOR]))

    def tutup(self) -> dict[str, dict[int, int]]:
        """Finish every file; the rows written per table and year."""
        for penulis in self._penulis.values():
            penulis.tutup()
        self._pemasang.clear()
        return {nama: {self.tahun: p.baris} for nama, p in self._penulis.items()}


def tulis_tahun_siap(
    out: Path,
    indikator: BagianIndikator,
    lain: Iterable[tuple[str, pd.DataFrame]],
    tahun: int,
    konteks: tuple[Path | None, Ringkasan, Pengaturan],
    kumpulan: KumpulanTahun | None = None,
    bagian: PenulisBagian | None = None,
) -> None:
    """One year of a run, into the run's staging generation
    (:func:`~transforms.keluar.generasi.buka_staging`): first the indicators province by
    province as they are computed (:func:`tulis_indikator_tahun`), then the year's other
    tables (``lain``: name and frame, each let go once written, taken only once the
    indicators are written: a run's are complete only when its last province is combined),
    then the guard. ``bagian``: the tables written part by part as the indicators were
    computed (closed here). Every table gets ``id_run_ubah``. A refused year's files are
    removed (the publish step carries it over). ``konteks``: the generation in force, the
    year's summary (the rows written go into its ``siap``, the guard's word into its
    refusals) and the settings; the indicators' counts go into ``kumpulan``."""
    kini, ringkasan, pengaturan = konteks
    ditulis: dict[str, dict] = {INDIKATOR: {}}
    try:
        if bagian is not None:  # opened the staging folder and read the manifest already
            staging, asal = bagian.staging, bagian.asal
        else:
            staging = buka_staging(out, ringkasan.id_run, pengaturan.simpan_generasi)
            asal = baca_asal_tahun(kini)  # the manifest of the generation in force, read once
        pemasang = _pemasang(kini, INDIKATOR, tahun, ringkasan.id_run, asal)
        dibawa = bagian.indikator_dibawa if bagian is not None else None
        argumen = (tahun, pemasang, kumpulan, dibawa)
        kunci = tulis_indikator_tahun(staging / INDIKATOR, indikator, *argumen)
        ditulis[INDIKATOR] = {tahun: kunci.baris}
        del pemasang, argumen
        if bagian is not None:
            ditulis |= bagian.tutup()
        kembalikan_memori()
        for nama, frame in lain:
            frame = _pemasang(kini, nama, tahun, ringkasan.id_run, asal).pasang(frame)
            ditulis[nama] = tulis_tabel(staging / nama, nama, frame, [tahun])
            del frame
            kembalikan_memori()  # the contract's copies of the slices written
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
