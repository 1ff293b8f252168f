"""The technical log file of the console command: tracebacks and log records, never the screen."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

NAMA_LOG = "indikator-galat.log"
LOGGER_KEMAJUAN = "indikator.kemajuan"
"""The logger of the run's plain progress lines (always written to the log file)."""


def _log_path() -> Path:
    """``INDIKATOR_LOG`` (a file), else ``indikator-galat.log`` in the settings' log folder
    (``log`` / ``INDIKATOR_FOLDER_LOG``), else in the working directory."""
    if berkas := os.environ.get("INDIKATOR_LOG"):
        return Path(berkas)
    from transforms.langkah.pengaturan import PengaturanSalah, baca_jalur

    try:
        folder = baca_jalur().log
    except PengaturanSalah:  # said by the command itself; the log must still be written
        folder = None
    if folder is None:
        return Path(NAMA_LOG)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / NAMA_LOG


@contextlib.contextmanager
def catat_log_ke_berkas() -> Iterator[None]:
    """While a command runs, technical log records (and the run's progress lines) go to the
    log file, not the screen."""
    handler = logging.FileHandler(_log_path(), encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    loggers = [logging.getLogger("transforms"), logging.getLogger(LOGGER_KEMAJUAN)]
    sebelum = [(lg.propagate, lg.level) for lg in loggers]
    loggers[1].setLevel(logging.INFO)
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield
    finally:
        for logger, (propagate, level) in zip(loggers, sebelum, strict=True):
            logger.removeHandler(handler)
            logger.propagate = propagate
            logger.setLevel(level)
        handler.close()


def catat_galat(exc: BaseException) -> Path:
    """Write the traceback of an unexpected error to the log file; return its path."""
    import traceback

    return catat_teks_galat("".join(traceback.format_exception(exc)))


def catat_teks_galat(teks: str) -> Path:
    """Write a traceback's text (from a worker process) to the log file; return its path."""
    import datetime as dt

    log_path = _log_path()
    with log_path.open("a", encoding="utf-8") as fh:
        fh.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n")
        fh.write(teks)
    return log_path
