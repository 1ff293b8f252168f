"""The lock of an output folder: one run at a time publishes into ``OUT``.

``OUT/.kunci`` is locked with an OS file lock (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on
Windows). The operating system releases it when the holder ends for any reason, so a lock left
by a killed run is taken over by the next run without anyone deleting a file. While held, the
file says who holds it (pid, host, start time, run id); a clean release empties it, so a
non-empty file found by the next holder names the run that died holding it (reported as taken
over). The file itself is never deleted: deleting a lock file lets two runs lock two different
files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from transforms.keluar.galat import jelaskan_galat_os

NAMA_KUNCI = ".kunci"
_JEDA = 0.2  # seconds between two attempts while waiting
_POS_WINDOWS = 1 << 20  # msvcrt locks a byte range: lock one byte far past the holder's text


@dataclass(frozen=True)
class PemegangKunci:
    """Who holds (or held) the lock."""

    pid: int
    host: str
    mulai: str
    id_run: str

    def __str__(self) -> str:
        return f"run {self.id_run} (pid {self.pid} di {self.host}, mulai {self.mulai})"


class KunciDipegang(Exception):
    """Another run holds the output lock and this run did not (or no longer) wait."""

    def __init__(self, folder: Path, pemegang: PemegangKunci | None, tunggu: float | None):
        self.pemegang = pemegang
        siapa = str(pemegang) if pemegang else "run lain"
        sudah = "tanpa menunggu" if not tunggu else f"setelah menunggu {tunggu:.0f} detik"
        super().__init__(
            f"Folder keluaran {folder} sedang dipakai oleh {siapa}; run ini berhenti {sudah} "
            "dan tidak mengubah apa pun. Jalankan lagi setelah run itu selesai (tanpa "
            "--tanpa-tunggu, run berikutnya menunggu sendiri). Bila proses itu sudah tidak ada, "
            "kuncinya lepas sendiri."
        )


def _coba_kunci(fd: int) -> bool:
    """One non-blocking attempt to lock ``fd``; True when this process now holds it."""
    if os.name == "nt":  # pragma: no cover - Windows only
        import msvcrt

        os.lseek(fd, _POS_WINDOWS, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _lepas_kunci(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover - Windows only
        import msvcrt

        os.lseek(fd, _POS_WINDOWS, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _baca_pemegang(fd: int) -> PemegangKunci | None:
    """The holder written in the lock file, if any (None when empty or unreadable)."""
    os.lseek(fd, 0, os.SEEK_SET)
    teks = os.read(fd, 4096).decode("utf-8", errors="replace").strip()
    try:
        return PemegangKunci(**json.loads(teks)) if teks else None
    except (ValueError, TypeError):
        return None


def baca_pemegang_kunci(out: Path) -> PemegangKunci | None:
    """Who the lock file of ``out`` names (the holder, or a run that died holding it)."""
    try:
        fd = os.open(out / NAMA_KUNCI, os.O_RDONLY)
    except OSError:
        return None
    try:
        return _baca_pemegang(fd)
    finally:
        os.close(fd)


def baca_pemegang_aktif(out: Path) -> PemegangKunci | None:
    """The holder of the lock of ``out`` when a live run holds it now, else None."""
    try:
        fd = os.open(out / NAMA_KUNCI, os.O_RDWR)
    except OSError:
        return None
    try:
        if _coba_kunci(fd):
            _lepas_kunci(fd)
            return None
        return _baca_pemegang(fd) or PemegangKunci(0, "?", "?", "?")
    finally:
        os.close(fd)


def _tulis_pemegang(fd: int, pemegang: PemegangKunci | None) -> None:
    os.ftruncate(fd, 0)
    if pemegang is not None:
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(asdict(pemegang)).encode("utf-8"))
        os.fsync(fd)


def _tunggu_kunci(
    fd: int,
    folder: Path,
    tunggu: float | None,
    saat_menunggu: Callable[[PemegangKunci | None], None] | None,
) -> None:
    """Lock ``fd``, waiting at most ``tunggu`` seconds (None: no limit, 0: not at all)."""
    batas = None if tunggu is None else time.monotonic() + tunggu
    sudah_bilang = False
    while not _coba_kunci(fd):
        if batas is not None and time.monotonic() >= batas:
            raise KunciDipegang(folder, _baca_pemegang(fd), tunggu)
        if not sudah_bilang and saat_menunggu is not None:
            saat_menunggu(_baca_pemegang(fd))
        sudah_bilang = True
        time.sleep(_JEDA)


@contextlib.contextmanager
def kunci_keluaran(
    out: Path,
    id_run: str,
    *,
    tunggu: float | None = None,
    saat_menunggu: Callable[[PemegangKunci | None], None] | None = None,
) -> Iterator[PemegangKunci | None]:
    """Hold the lock of ``out`` while the block runs.

    Args:
        out: the output folder (created if missing).
        id_run: this run, written into the lock file.
        tunggu: seconds to wait for another holder; None waits without limit, 0 not at all.
        saat_menunggu: called once, with the current holder, when this run has to wait.

    Yields:
        The holder named by a lock left by a run that died (taken over), else None.

    Raises:
        KunciDipegang: another run still holds the lock after ``tunggu`` seconds.
        KeluaranGagal: the folder or its lock file cannot be created.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / NAMA_KUNCI, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise jelaskan_galat_os(exc, out) from exc
    try:
        _tunggu_kunci(fd, out, tunggu, saat_menunggu)
        try:
            basi = _baca_pemegang(fd)
            mulai = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            try:
                kami = PemegangKunci(os.getpid(), socket.gethostname(), mulai, id_run)
                _tulis_pemegang(fd, kami)
            except OSError as exc:
                raise jelaskan_galat_os(exc, out) from exc
            yield basi
        finally:
            with contextlib.suppress(OSError):  # a full disk must not keep the lock held
                _tulis_pemegang(fd, None)
            _lepas_kunci(fd)
    finally:
        os.close(fd)
