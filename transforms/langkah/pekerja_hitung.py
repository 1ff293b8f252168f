"""Blocks of provinces computed in a worker process while the run combines the next ones.

A run without Prefect combined a province (read its rows from the spill, chose by precedence,
checked, wrote its components) and then computed its indicators, one after the other in one
process: on a national year 14 s of combining and 27 s of computing, on one of two cores.
Measured alternately on a national year (first run, file results cached, 3 pairs): 58.6-61.0
→ 47.5-48.4 s wall, CPU 64.8-67.6 → 69.4-70.6 s, peak of all processes 1.24 → 2.21-2.30 GB.
Here, from the second block of provinces on (:data:`~transforms.langkah.per_provinsi.
BARIS_BLOK` rows; a run computes one year at a time), each block is computed by a worker
process (``spawn``, as the file workers of :mod:`transforms.langkah.siapkan`) while the run
combines the next block. At most one block per worker is computed at once (one worker:
:data:`JUMLAH_MAKS`), so the rows waiting are bounded. A run-year of one block (a kabupaten,
a province, a correction of one province) never starts a worker: the first block is computed
in the run's own process, and so are the blocks left when the rows end (there is nothing
left to combine beside them).

The worker gets the catalog once, when it starts; it splits a block's result per province
and keeps each in the cache (:class:`~transforms.langkah.simpanan_hitung.SimpananHitung`),
as the run's process does with the blocks it computes. A block's rows and its result travel
as pickle files in a private folder (:data:`ANTAR`, mode 0700) inside the run's staging
folder, on the output's disk (:func:`~transforms.keluar.generasi.folder_staging`), removed
when the run-year ends; a killed run's goes with the rest of its staging folder, removed by
the next run under the output lock (:func:`~transforms.keluar.generasi.bersihkan_sisa`).
Not through the pipe: the pipe held each message whole twice over in the run's process (the
pickled bytes being sent, the bytes received before they became frames: 160 MB of a national
run's 770 MB peak of Python allocations); a file is written and read piece by piece. A
folder that cannot be made or written (a full disk) costs nothing but those bytes: no worker,
or the block computed in the run, or a result back through the pipe. The result is the one
the run's process would compute (the same function,
:func:`~transforms.langkah.per_provinsi.hitung_provinsi`); an error in it is raised in the
run as if raised there. A worker that dies (killed, out of memory) costs
nothing but time: its block, and every later one, is computed in the run's own process.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import shutil
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from schemas.model import Katalog

if TYPE_CHECKING:
    from transforms.langkah.simpanan_hitung import SimpananHitung

log = logging.getLogger(__name__)

JUMLAH_MAKS = 1
"""Compute workers at most, whatever the setting (``pekerja``): the run's own process, which
combines, writes and reads the results, is the slower side. Measured on a national year
(first run, file results cached; wall / CPU / peak of all processes): none 58.7 s / 64.8 s /
1.23 GB, one 47.0 s / 69.1 s / 2.24 GB, two 46.3 s / 73.5 s / 2.91 GB."""


def _inti() -> int:
    """The cores this process may run on (a container's limit, where the system says it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


_KATALOG: Katalog | None = None
"""The catalog of a worker's run (set when the worker starts)."""


def _pasang_katalog(katalog: Katalog) -> None:
    global _KATALOG
    _KATALOG = katalog


def tulis_antar(path: Path, isi: Any) -> Path:
    """``isi`` pickled into ``path`` (a file of the run's own private folder), streamed: no
    copy of the whole pickle in memory. A failed write leaves no file and raises ``OSError``."""
    fh = path.open("xb")  # a file already there is never touched
    try:
        with fh:
            pickle.dump(isi, fh, protocol=5)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def baca_antar(path: Path) -> Any:
    """What :func:`tulis_antar` wrote (the file removed once read). Only the run and its own
    workers write these files, in the run's private transfer folder (:data:`ANTAR`, mode 0700)."""
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    finally:
        path.unlink(missing_ok=True)


ANTAR = ".antar"
"""Name of a run-year's transfer folder inside the run's staging folder (as the spill,
:data:`~transforms.langkah.tumpahan.TUMPAHAN`)."""


def buka_folder_antar(folder: Path) -> Path:
    """``folder`` made private (mode 0700) and empty for a run-year's blocks and results;
    ``OSError`` when it cannot be (a full or read-only disk, no staging folder)."""
    shutil.rmtree(folder, ignore_errors=True)  # an earlier year's of this run, if left
    folder.mkdir(mode=0o700)
    return folder


def hitung_di_pekerja(
    satu: Path,
    id_run: str,
    milik: list[tuple[str, str | None]],
    simpanan: SimpananHitung | None,
) -> list[pd.DataFrame] | Path:
    """One block, in a worker (with the catalog it was started with):
    :func:`~transforms.langkah.per_provinsi.hitung_blok`. The block is read from its file
    (:func:`tulis_antar`) and its result written beside it (the file's path returned), or
    returned itself when the folder cannot take it."""
    from transforms.langkah.per_provinsi import hitung_blok

    if _KATALOG is None:
        raise RuntimeError("pekerja hitung dimulai tanpa katalog")
    hasil = hitung_blok(baca_antar(satu), _KATALOG, id_run, milik, simpanan)
    try:
        return tulis_antar(satu.with_suffix(".hasil"), hasil)
    except OSError as exc:
        log.info("hasil blok lewat pipa (%s)", exc)
        return hasil


class Hasil:
    """A block's indicators per province-year: computed already (``hasil``), or being
    computed by a worker (``tugas``; ``sendiri`` computes them here if the worker dies)."""

    def __init__(
        self,
        hasil: list[pd.DataFrame] | None = None,
        tugas: Future[list[pd.DataFrame] | Path] | None = None,
        sendiri: Callable[[], list[pd.DataFrame]] | None = None,
    ) -> None:
        self._hasil, self._tugas, self._sendiri = hasil, tugas, sendiri

    def siap(self) -> bool:
        """Whether asking for the result would not wait."""
        return self._tugas is None or self._tugas.done()

    def __call__(self) -> list[pd.DataFrame]:
        """The result (waited for)."""
        if self._tugas is not None and self._sendiri is not None:
            try:
                hasil = self._tugas.result()
                self._hasil = baca_antar(hasil) if isinstance(hasil, Path) else hasil
            except BrokenProcessPool:
                log.warning("pekerja hitung berhenti di tengah blok; run menghitung blok itu")
                self._hasil = self._sendiri()
            except OSError as exc:  # its result file could not be read back: computed here
                log.warning("hasil blok tidak terbaca (%s); run menghitung blok itu", exc)
                self._hasil = self._sendiri()
            self._tugas = self._sendiri = None
        if self._hasil is None:
            raise RuntimeError("hasil blok tidak ada")
        return self._hasil


class PekerjaHitung:
    """Up to ``jumlah`` (at most :data:`JUMLAH_MAKS`, none on one core) worker processes
    computing blocks for one run-year (0: none, every block in this process), their blocks
    and results passed through files in the folder ``antar`` (made when the first block goes
    to a worker, removed at the end; None: no worker). Use as a
    context manager: leaving it waits for the blocks given (on an error, cancels those not
    started)."""

    def __init__(
        self, jumlah: int, katalog: Katalog, id_run: str, antar: Path | None = None
    ) -> None:
        self.jumlah = min(max(jumlah, 0), JUMLAH_MAKS, _inti() - 1)  # one core: none
        self.jumlah = self.jumlah if antar is not None else 0  # nowhere for the blocks: none
        self._katalog, self._id_run, self._antar = katalog, id_run, antar
        self._blok = 0
        self._tumpuk = contextlib.ExitStack()
        self._kirim: Callable[..., Future[list[pd.DataFrame] | Path]] | None = None
        self._folder = Path()

    def __enter__(self) -> PekerjaHitung:
        return self

    def __exit__(self, *galat: object) -> None:
        self._tumpuk.__exit__(*galat)

    def mulai(
        self,
        satu: pd.DataFrame,
        milik: list[tuple[str, str | None]],
        hitung: Callable[..., pd.DataFrame],
        simpanan: SimpananHitung | None,
        lanjut: bool = True,
    ) -> Hasil:
        """Start one block (:func:`~transforms.langkah.per_provinsi.hitung_blok` of ``satu``,
        ``milik``, ``simpanan`` with the step ``hitung``): in a worker from the second block
        on while more rows follow (``lanjut``), else here, at once (the blocks left at the
        end are computed here while the worker computes its last)."""
        from transforms.langkah.per_provinsi import hitung_blok

        self._blok += 1

        def sendiri() -> list[pd.DataFrame]:
            return hitung_blok(satu, self._katalog, self._id_run, milik, simpanan, hitung)

        if self.jumlah < 1 or self._antar is None or self._blok < 2 or not lanjut:
            return Hasil(sendiri())
        if self._kirim is None:
            from transforms.langkah.siapkan import buka_pekerja  # (it imports the run's steps)

            try:
                self._folder = buka_folder_antar(self._antar)
            except OSError as exc:  # no transfer folder: no worker, every block here
                log.info("tanpa pekerja hitung: folder antar tidak dapat dibuat (%s)", exc)
                self.jumlah = 0
                return Hasil(sendiri())
            self._tumpuk.callback(shutil.rmtree, self._folder, ignore_errors=True)  # after the pool
            pekerja = buka_pekerja(self.jumlah, _pasang_katalog, (self._katalog,))
            self._kirim = self._tumpuk.enter_context(pekerja)
        try:
            blok = tulis_antar(self._folder / f"{self._blok}.blok", satu)
        except OSError as exc:  # a full disk: this block here
            log.info("blok %d dihitung di proses run (%s)", self._blok, exc)
            return Hasil(sendiri())
        try:
            tugas = self._kirim(hitung_di_pekerja, blok, self._id_run, milik, simpanan)
        except BrokenProcessPool:  # a worker died before: the rest here
            blok.unlink(missing_ok=True)
            return Hasil(sendiri())
        return Hasil(tugas=tugas, sendiri=sendiri)
