"""The ingest of several files: each received, stored and processed once, in worker processes
when the files are large enough, with the store's decisions taken in the order given.

Receiving a file is mostly reading it: the preflight, the source from its header, the regions
it covers, then the component step that keeps its result for the next run. Only the store's
decision (is it new, a correction, where it goes, the history line) needs the raw store's
lock. A national month sent per province (114 XLSX, ±0.4 s CPU each) took ±50 s one after
another; here two worker processes read two files at once, as a run's workers do
(:func:`transforms.langkah.siapkan.buka_pekerja`): ±31 s, for ±10 % more CPU.

The store must not depend on which worker is faster: six kabupaten files all named
``data_pus.csv`` get the same names in the store (``data_pus.csv``, ``data_pus__<sha>.csv``…)
as when received one after another. So each file takes its turn (:class:`Giliran`) for its
locked part: file *k* decides only after file *k − 1* did (or failed). The outcome of each file
comes back as :class:`HasilIngest`, printed by the console command in the order given. A worker
that dies leaves its file and the ones not started to this process, one after another.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import traceback
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemas.model import Katalog
from transforms.langkah.siapkan import KONTEKS, buka_pekerja, perlu_pekerja
from transforms.terima.rencana import Permintaan
from transforms.terima.terima import HasilTerima, terima_berkas

log = logging.getLogger(__name__)

BERKAS_PER_PEKERJA = 2
"""Workers start only when each gets this many files or more: a worker's start (imports, the
region master: ±2.5 s CPU) is paid once for several national files of ±5 s CPU each. A national
month (three files) is received here, one after another, as before."""
BENANG = 2
"""Threads that receive files side by side when workers do not pay (:func:`_terima_berbenang`)."""
BERKAS_MINIMUM = 32
"""Ingest also starts workers for this many files however small: receiving a file costs
±0.1 s CPU whatever its size (recognition, regions, the component step of a kabupaten's CSV),
so a month of a province's kabupaten files (105 for Jawa Tengah, 2.6 MB) repays a worker's
start (±1.1 s): wall 13.9 -> 9.6 s for 13.9 -> 16.8 s CPU."""


@dataclass(frozen=True)
class HasilIngest:
    """What became of one file: stored (``hasil``), or not, with the Bahasa reason ``pesan``
    (and ``teknis``, the traceback of an unexpected error, for the log file only); ``wilayah``:
    the regions it covers in words; ``lewat``: the numbers its format does not read (header,
    component). Both are found where the file was received (the region master is there)."""

    path: Path
    hasil: HasilTerima | None = None
    pesan: str | None = None
    teknis: str | None = None
    wilayah: str = ""
    lewat: tuple[tuple[str, str], ...] = ()


def _pesan_pengguna() -> tuple[type[BaseException], ...]:
    """The errors that are the file's (said as they are), not the program's."""
    from transforms.baca.tabel import BerkasTidakTerbaca
    from transforms.terima.identitas import CakupanTumpangTindih
    from transforms.terima.kenali import SumberTidakDikenal
    from transforms.terima.rencana import TahunTidakDiketahui
    from transforms.terima.tersimpan import BerkasTersimpanTidakDitemukan

    return (
        SumberTidakDikenal,
        TahunTidakDiketahui,
        BerkasTidakTerbaca,
        CakupanTumpangTindih,
        BerkasTersimpanTidakDitemukan,
    )


def siapkan_hasil(path: Path, raw: Path) -> None:
    """Process a stored file once now and keep its result, so the next run reads the cache
    only (a file that cannot be processed is left to the run; ingest never fails here)."""
    from transforms.langkah.pengaturan import PengaturanSalah, baca_jalur
    from transforms.langkah.proses import isi_simpanan

    try:
        folder = baca_jalur().cache
    except PengaturanSalah:  # 'indikator run' says what is wrong with the settings
        return
    isi_simpanan(path, raw, folder)


def terima_satu(
    path: Path,
    raw: Path,
    katalog: Katalog,
    minta: Permintaan,
    ganti: Sequence[str] = (),
    giliran: contextlib.AbstractContextManager[object] | None = None,
) -> HasilIngest:
    """Receive one file (:func:`~transforms.terima.terima.terima_berkas`), find the numbers
    its format leaves out, and process it for the next run. Never raises for a bad file."""
    from transforms.langkah.ingat_rencana import buat_perencana
    from transforms.terima.saran import cari_kolom_terlewat
    from transforms.terima.wilayah_berkas import sebut_cakupan

    if not path.is_file():  # a worker's turn passes on all the same (_terima_di_pekerja)
        return HasilIngest(path, pesan=f"Berkas {str(path)!r} tidak ditemukan.")
    try:
        hasil = terima_berkas(
            path,
            raw,
            katalog,
            minta.tahun,
            minta.bulan,
            minta.sumber,
            minta.wilayah,
            semester=minta.semester,
            kolom=minta.kolom,
            ganti=ganti,
            giliran=giliran,
            perencana=buat_perencana(raw),
        )
    except _pesan_pengguna() as exc:
        return HasilIngest(path, pesan=str(exc))
    except Exception as exc:  # never a traceback for a bad input: the log file gets it
        teknis = "".join(traceback.format_exception(exc))
        return HasilIngest(
            path, pesan=f"Berkas {path.name!r} tidak dapat diterima: {exc}.", teknis=teknis
        )
    prov, lewat = hasil.provenans, []
    if hasil.baru or hasil.dipulihkan:
        lewat = cari_kolom_terlewat(path, prov.sumber, katalog)
    siapkan_hasil(hasil.path, raw)
    wilayah = sebut_cakupan(prov.cakupan, prov.tahun)
    return HasilIngest(path, hasil, wilayah=wilayah, lewat=tuple(lewat))


class Giliran:
    """The turn of file ``nomor`` at the store: entering waits until every earlier file took
    its turn; leaving (or :meth:`lewati`) passes it on. Shared by the workers through a
    counter and a condition made by :data:`~transforms.langkah.siapkan.KONTEKS`."""

    def __init__(self, kondisi: Any, giliran: Any, nomor: int) -> None:
        self.kondisi, self.giliran, self.nomor = kondisi, giliran, nomor
        self.selesai = False

    def __enter__(self) -> Giliran:
        with self.kondisi:
            self.kondisi.wait_for(lambda: self.giliran.value >= self.nomor)
        return self

    def __exit__(self, *_: object) -> None:
        self.lewati()

    def lewati(self) -> None:
        """Pass the turn on (waiting for it first); only once."""
        if self.selesai:
            return
        with self.kondisi:
            self.kondisi.wait_for(lambda: self.giliran.value >= self.nomor)
            self.giliran.value = self.nomor + 1
            self.kondisi.notify_all()
        self.selesai = True


_BERSAMA: list[Any] = []
"""In a worker: the condition and the counter of the turns (:func:`_pasang_giliran`)."""


def _pasang_giliran(kondisi: Any, giliran: Any) -> None:
    _BERSAMA[:] = [kondisi, giliran]


def _terima_di_pekerja(
    nomor: int, path: Path, raw: Path, minta: Permintaan, ganti: Sequence[str]
) -> HasilIngest:
    """One file in a worker, its store decision at its turn; the turn passes on whatever
    happens (a file that failed before its turn passes it when the turn comes)."""
    from schemas.katalog import muat_katalog
    from transforms.langkah.simpanan_cocok import pakai_gudang_cocok

    giliran = Giliran(*_BERSAMA, nomor)
    try:
        with pakai_gudang_cocok(raw):
            return terima_satu(path, raw, muat_katalog(), minta, ganti, giliran)
    finally:
        giliran.lewati()


def terima_semua(
    daftar: Sequence[Path],
    raw: Path,
    katalog: Katalog,
    minta: Permintaan,
    ganti: Sequence[str] = (),
    pekerja: int = 0,
    byte_minimum: int | None = None,
) -> Iterator[HasilIngest]:
    """Every file's outcome, in the order given, each as soon as it and those before it are
    done: in up to ``pekerja`` worker processes when each gets :data:`BERKAS_PER_PEKERJA` files
    and they are large or many (:func:`~transforms.langkah.siapkan.perlu_pekerja`, with
    ``byte_minimum`` and :data:`BERKAS_MINIMUM`), else one after another here.

    The caller keeps the region matches (``pakai_gudang_cocok``) and the log file open."""
    berkas = [p for p in daftar if p.is_file()]
    jumlah = min(pekerja, len(berkas) // BERKAS_PER_PEKERJA)
    if jumlah < 2 or not perlu_pekerja(berkas, byte_minimum, BERKAS_MINIMUM):
        if min(pekerja, len(berkas)) >= 2 and perlu_pekerja(berkas, byte_minimum):
            yield from _terima_berbenang(daftar, raw, katalog, minta, ganti)
            return
        for path in daftar:
            yield terima_satu(path, raw, katalog, minta, ganti)
        return
    kondisi, giliran = KONTEKS.Condition(), KONTEKS.Value("q", 0)
    with buka_pekerja(jumlah, _pasang_giliran, (kondisi, giliran)) as kirim:
        tugas = [kirim(_terima_di_pekerja, i, p, raw, minta, ganti) for i, p in enumerate(daftar)]
        for path, satu in zip(daftar, tugas, strict=True):
            yield _hasil_pekerja(satu, path, raw, katalog, minta, ganti)


class _Angka:
    """A turn counter for threads (the ``value`` a worker's shared counter has)."""

    value = 0


def _terima_berbenang(
    daftar: Sequence[Path], raw: Path, katalog: Katalog, minta: Permintaan, ganti: Sequence[str]
) -> Iterator[HasilIngest]:
    """Every file's outcome in order, two files received at once in threads of this process.

    For a few large files, where a worker's start does not pay: fastexcel, zlib, Arrow and
    Parquet work without the GIL, so one file's reading overlaps the other's Python work.
    Each file's store decision waits for its turn (:class:`Giliran`), as in the workers; the
    two files running are always the earliest not done, so a turn never waits for a file that
    has not started. Interrupted, the files not started are dropped (the two running end)."""
    kondisi, angka, berhenti = threading.Condition(), _Angka(), threading.Event()

    def satu(nomor: int, path: Path) -> HasilIngest:
        giliran = Giliran(kondisi, angka, nomor)
        try:
            if berhenti.is_set():
                return HasilIngest(path, pesan=f"Berkas {path.name!r} tidak diterima: berhenti.")
            return terima_satu(path, raw, katalog, minta, ganti, giliran)
        except BaseException:
            berhenti.set()  # before this thread takes the next file
            raise
        finally:
            giliran.lewati()

    kolam = ThreadPoolExecutor(BENANG, thread_name_prefix="ingest")
    try:
        tugas = [kolam.submit(satu, i, p) for i, p in enumerate(daftar)]
        for t in tugas:
            yield t.result()
    finally:  # interrupted (Ctrl-C, a bug): the files not started are not started
        berhenti.set()
        kolam.shutdown(cancel_futures=True)


def _hasil_pekerja(
    satu: Future[HasilIngest],
    path: Path,
    raw: Path,
    katalog: Katalog,
    minta: Permintaan,
    ganti: Sequence[str],
) -> HasilIngest:
    """A worker's outcome; a file whose worker died (or failed) is received here instead
    (stored already, it is then found in force)."""
    try:
        return satu.result()
    except Exception:  # a dead worker (BrokenProcessPool) or a bug in one: done here, as before
        log.warning("pekerja gagal menerima %s; diterima oleh proses ini", path, exc_info=True)
        return terima_satu(path, raw, katalog, minta, ganti)
