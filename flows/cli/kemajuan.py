"""The run's progress in the console: rich bars on a terminal, plain timed lines elsewhere.

On a terminal each step (read files, compute, publish) gets a bar; the read step advances per
file and names it. Elsewhere (cron, a pipe, a CI log) each step and each file is one plain line
on stderr (:func:`transforms.langkah.kemajuan.buat_baris_kemajuan`). Either way every line
also goes to the log file (logger :data:`flows.cli.log.LOGGER_KEMAJUAN`).
"""

from __future__ import annotations

import logging
from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from flows.cli.log import LOGGER_KEMAJUAN
from transforms.langkah.kemajuan import JUDUL_LANGKAH, Kemajuan, buat_baris_kemajuan


class PelaporKonsol:
    """A progress reporter (a callable for ``jalankan(lapor=...)``) used as a context manager."""

    def __init__(self, konsol: Console) -> None:
        self.konsol = konsol
        self.log = logging.getLogger(LOGGER_KEMAJUAN)
        self.progress: Progress | None = None
        self.tugas: dict[str, tuple[TaskID, int]] = {}
        if konsol.is_terminal:
            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[berkas]}"),
                console=konsol,
            )

    def __enter__(self) -> PelaporKonsol:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(
        self,
        jenis: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, k: Kemajuan) -> None:
        baris = buat_baris_kemajuan(k)
        self.log.info(baris)
        if self.progress is None:
            self.konsol.print(escape(baris), soft_wrap=True, highlight=False)
            return
        if k.tahap == "mulai":
            total = max(k.dari, 1)
            judul = JUDUL_LANGKAH[k.langkah].capitalize()
            self.tugas[k.langkah] = (self.progress.add_task(judul, total=total, berkas=""), total)
        elif k.tahap == "berkas":
            tolak = " [red]DITOLAK[/red]" if k.ditolak else ""
            berkas = escape(k.berkas or "") + tolak
            self.progress.update(self.tugas[k.langkah][0], advance=1, berkas=berkas)
        elif k.langkah in self.tugas:
            tugas, total = self.tugas[k.langkah]
            self.progress.update(tugas, completed=total, berkas="")
