"""Files a run has no cached result for, processed first in worker processes.

The first run after a code update (or one with ``--tanpa-cache``) processes every raw file
inside the run. For a national year that was 36 XLSX files read in the run's own process, whose
heap stayed 0.3-0.5 GB larger for the rest of the run: 3.2 GB at its peak, where the same run
reading the cache peaks at 2.7 GB. Here such files are processed by worker processes first
(``spawn``: the same on Linux, macOS and Windows); each keeps its result in the cache
(:mod:`transforms.langkah.simpanan`) and the run then reads every file from the cache as usual.
With two cores two files are processed at once.

It is only a head start: a file a worker did not get into the cache (it crashed, the cache
could not be written, the file was rejected) is processed by the run itself as before, so the
run's results never depend on it. Small work (a few kabupaten files) stays in the run's
process: starting a worker costs about a second and a half of CPU. The workers' log records go
to the run's own handlers (the log file, Prefect's log), never to the screen.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transforms.keluar.memori import atur_memori
from transforms.langkah.kemajuan import Kemajuan, Pelapor, abaikan
from transforms.langkah.proses import langkah_proses
from transforms.langkah.simpanan import Simpanan, ada_simpanan, buat_nama_entri
from transforms.langkah.simpanan_cocok import FOLDER, GudangCocok
from transforms.terima.simpan import Provenans
from transforms.wilayah.ingat_cocok import pakai_gudang

log = logging.getLogger(__name__)

BYTE_MINIMUM = 8 << 20
"""Workers start only when the files to process hold at least this many bytes (two national
XLSX files of a source are ±7-13 MB): below it the run processes them itself."""
LOGGER = "transforms"
"""The logger tree whose records the workers send to the run (the log file's logger)."""


@dataclass(frozen=True)
class Disiapkan:
    """What a worker did with one file: its name, seconds, rows read, why it was rejected
    (None: not rejected), and whether its cache entry is there now."""

    berkas: str
    detik: float
    baris: int
    ditolak: str | None
    tersimpan: bool


def cari_belum_tersimpan(
    inputs: list[tuple[Path, Provenans]], simpanan: Simpanan
) -> list[tuple[Path, Provenans]]:
    """The files a run would process itself: those without a cache entry (every file when the
    cache is not read, ``--tanpa-cache``); never a file that is never cached (bad sidecar)."""
    bisa = [(f, p) for f, p in inputs if buat_nama_entri(p) is not None]
    if not simpanan.pakai:
        return bisa
    return [(f, p) for f, p in bisa if not ada_simpanan(simpanan, p)]


def perlu_pekerja(
    daftar: Sequence[Path], byte_minimum: int | None = None, berkas_minimum: int | None = None
) -> bool:
    """Whether the files are worth worker processes: two or more, of ``byte_minimum`` bytes
    (:data:`BYTE_MINIMUM` when None) or more in all, or ``berkas_minimum`` files or more
    whatever their size (ingest gives its
    :data:`~transforms.langkah.ingest.BERKAS_MINIMUM`)."""
    byte_minimum = BYTE_MINIMUM if byte_minimum is None else byte_minimum
    if len(daftar) < 2:
        return False
    if berkas_minimum is not None and len(daftar) >= berkas_minimum:
        return True
    total = 0
    for path in daftar:
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total >= byte_minimum


def olah_di_pekerja(path: Path, prov: Provenans, folder: Path) -> Disiapkan:
    """One file processed and its result kept in the cache ``folder`` (in a worker process).

    Region matches are read from and kept to the cache's match store, as ingest does."""
    mulai = time.perf_counter()
    with pakai_gudang(GudangCocok(folder / FOLDER)):
        hasil = langkah_proses(path, prov, Simpanan(folder, pakai=False))
    a = hasil.akuntansi
    ditolak = str(a["ditolak"]) if a.get("ditolak") else None
    tersimpan = ada_simpanan(Simpanan(folder), prov)
    detik = time.perf_counter() - mulai
    return Disiapkan(prov.berkas, detik, int(a.get("baris_dibaca", 0)), ditolak, tersimpan)


@contextlib.contextmanager
def _tanpa_main() -> Iterator[None]:
    """While workers start, the caller's main module is not named to them.

    A spawned process imports the main script (or ``-m`` module) of its parent before its
    work; a script that starts a run at its top level, without ``if __name__ ==
    "__main__":``, would start a second run in every worker, which then waits for the
    first's lock. The workers only need :func:`olah_di_pekerja` (this module), so they are
    started as if the parent had no main module (as from an interactive session).
    """
    main = sys.modules["__main__"]
    simpan = {k: main.__dict__[k] for k in ("__file__", "__spec__") if k in main.__dict__}
    main.__dict__.pop("__file__", None)
    main.__dict__["__spec__"] = None
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(simpan)


JEDA_INDUK = 1.0
"""Seconds between a worker's looks at whether the process that started it is still there."""


def _jaga_induk() -> None:
    """End this worker when the process that started it is gone (killed with ``kill -9``,
    out of memory): a worker does not notice by itself, and an orphan went on reading or
    computing (±0.8 GB each), then waited for work forever. Looked at every
    :data:`JEDA_INDUK` seconds in a thread of its own: the parent's pid changes when it dies."""
    induk = os.getppid()

    def jaga() -> None:
        while os.getppid() == induk:
            time.sleep(JEDA_INDUK)
        os._exit(1)

    threading.Thread(target=jaga, name="jaga-induk", daemon=True).start()


def _mulai_pekerja(
    antrian: Any, level: int, pasang: Callable[..., None] | None = None, argumen: tuple = ()
) -> None:
    """A worker's start: it ends with the process that started it; Ctrl-C is the run's to
    handle; log records go to the run; the memory thresholds as in the run's own process;
    then ``pasang(*argumen)``, if given."""
    _jaga_induk()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    atur_memori()
    logger = logging.getLogger(LOGGER)
    logger.handlers = [logging.handlers.QueueHandler(antrian)]
    logger.setLevel(level)
    logger.propagate = False
    if pasang is not None:
        pasang(*argumen)


@contextlib.contextmanager
def _teruskan_log(antrian: Any) -> Iterator[None]:
    """While the block runs, log records from the workers are handled by this process's
    loggers (as if logged here)."""

    def teruskan() -> None:
        while True:
            try:
                rekaman = antrian.get(timeout=0.2)
            except queue.Empty:
                if berhenti.is_set():
                    return
                continue
            except (EOFError, OSError):
                return
            logging.getLogger(rekaman.name).handle(rekaman)

    berhenti = threading.Event()
    benang = threading.Thread(target=teruskan, name="log-pekerja", daemon=True)
    benang.start()
    try:
        yield
    finally:
        berhenti.set()
        benang.join(timeout=5)


def _kumpulkan(
    tugas: dict[Future[Disiapkan], Provenans], lapor: Pelapor, dari: int
) -> dict[str, bool]:
    """Each worker's answer as it comes (reported); a crashed worker's files are not kept."""
    tersimpan: dict[str, bool] = {}
    for ke, selesai in enumerate(as_completed(tugas), start=1):
        prov = tugas[selesai]
        try:
            satu = selesai.result()
        except BrokenProcessPool:
            log.warning("pekerja berhenti saat mengolah %s; run mengolahnya sendiri", prov.berkas)
            satu = Disiapkan(prov.berkas, 0.0, 0, None, False)
        except Exception:  # a bug in a worker: the run processes the file itself, as before
            log.warning(
                "pekerja gagal mengolah %s; run mengolahnya sendiri", prov.berkas, exc_info=True
            )
            satu = Disiapkan(prov.berkas, 0.0, 0, None, False)
        tersimpan[prov.berkas] = satu.tersimpan
        lapor(
            Kemajuan(
                "siapkan", "berkas", ke, dari, prov.berkas, satu.detik, satu.baris, satu.ditolak
            )
        )
    return tersimpan


def siapkan_simpanan(
    daftar: list[tuple[Path, Provenans]],
    simpanan: Simpanan,
    pekerja: int,
    lapor: Pelapor = abaikan,
) -> dict[str, bool]:
    """Process ``daftar`` in ``pekerja`` worker processes, each result kept in the cache.

    Returns, per file name, whether its cache entry is there now (False: the run processes it
    itself). Never raises for a worker's failure; Ctrl-C stops the workers and is raised.
    """
    if not daftar or pekerja < 1:
        return {}
    lapor(Kemajuan("siapkan", "mulai", dari=len(daftar)))
    awal = time.perf_counter()
    with buka_pekerja(min(pekerja, len(daftar))) as kirim:
        tugas = {kirim(olah_di_pekerja, path, prov, simpanan.folder): prov for path, prov in daftar}
        tersimpan = _kumpulkan(tugas, lapor, len(daftar))
    lapor(Kemajuan("siapkan", "selesai", detik=time.perf_counter() - awal))
    return tersimpan


KONTEKS = multiprocessing.get_context("spawn")
"""How workers start: ``spawn``, the same on Linux, macOS and Windows. Objects a worker
shares with its parent (a lock, a counter) are made from it and given to :func:`buka_pekerja`."""


@contextlib.contextmanager
def buka_pekerja(
    jumlah: int, pasang: Callable[..., None] | None = None, argumen: tuple = ()
) -> Iterator[Callable[..., Future[Any]]]:
    """``jumlah`` worker processes for the block; yields the function that gives one of them a
    call (``kirim(fn, *args)`` → its future). Each worker starts as :func:`_mulai_pekerja`
    says (``pasang(*argumen)`` last); their log records are handled here. On leaving, waits
    for the calls given; on an error, calls not yet started are cancelled first."""
    antrian = KONTEKS.Queue()
    level = logging.getLogger(LOGGER).getEffectiveLevel()
    with _teruskan_log(antrian):
        pool = ProcessPoolExecutor(
            jumlah, KONTEKS, _mulai_pekerja, (antrian, level, pasang, argumen)
        )

        def kirim(fungsi: Callable[..., Any], *args: Any) -> Future[Any]:
            with _tanpa_main():  # a worker starts when a call is given
                return pool.submit(fungsi, *args)

        try:
            yield kirim
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    antrian.close()
