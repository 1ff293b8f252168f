"""Parquet writes of one table in a background thread, in the order they were sent.

Arrow encodes, compresses and writes a row group without holding the GIL, so a year's
``indikator`` files are written while the run computes the next province, and the
per-indicator files while the next fact slice is read and cut. At most :data:`ANTRI` writes
wait at a time (each holds its Arrow table), so memory stays bounded.

An error of a write (a full disk) is raised in the sending thread at its next :meth:`Latar.
kirim` or at :meth:`Latar.tunggu`, after every write already sent has ended: when the error
reaches the caller, nothing is still writing into the generation it is about to give up.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

ANTRI = 2
"""Writes waiting at most; the sender waits for the oldest beyond it."""


class Latar:
    """One thread that runs the writes sent to it (:meth:`kirim`) one after another.

    Use as a context manager: on exit every write sent has ended (the thread stops), and on a
    clean exit the first error of one is raised."""

    def __init__(self) -> None:
        self._kolam = ThreadPoolExecutor(1, thread_name_prefix="parquet")
        self._antri: deque[Future[Any]] = deque()

    def __enter__(self) -> Latar:
        return self

    def __exit__(self, jenis: type[BaseException] | None, *_: object) -> None:
        self.selesai(jenis)

    def selesai(self, jenis: type[BaseException] | None = None) -> None:
        """Every write sent ended and the thread stopped. Without ``jenis`` (the caller's
        error, which goes on) the first write error is raised; with it they are dropped."""
        try:
            if jenis is None:
                self.tunggu()
            else:
                self.hentikan()
        finally:
            self._kolam.shutdown(wait=True)

    def kirim(self, fungsi: Callable[..., Any], *args: Any) -> None:
        """Run ``fungsi(*args)`` after the writes sent before; an earlier write's error is
        raised here (once every write sent has ended)."""
        while self._antri and (self._antri[0].done() or len(self._antri) >= ANTRI):
            self._selesai(self._antri.popleft())
        self._antri.append(self._kolam.submit(fungsi, *args))

    def tunggu(self) -> None:
        """Wait for every write sent; the first error is raised once all have ended."""
        while self._antri:
            self._selesai(self._antri.popleft())

    def hentikan(self) -> None:
        """Wait for every write sent, dropping their errors (another error is on its way)."""
        while self._antri:
            tugas = self._antri.popleft()
            with contextlib.suppress(BaseException):  # the first error is the one reported
                tugas.result()

    def _selesai(self, tugas: Future[Any]) -> None:
        try:
            tugas.result()
        except BaseException:
            self.hentikan()
            raise
