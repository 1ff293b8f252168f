"""The technical log file of the console command: tracebacks and log records, never the screen."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path


def _log_path() -> Path:
    return Path(os.environ.get("INDIKATOR_LOG", "indikator-galat.log"))


@contextlib.contextmanager
def catat_log_ke_berkas() -> Iterator[None]:
    """While a command runs, technical log records go to the log file, not the screen."""
    logger = logging.getLogger("transforms")
    handler = logging.FileHandler(_log_path(), encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        handler.close()
        logger.propagate = propagate


def catat_galat(exc: BaseException) -> Path:
    """Write the traceback of an unexpected error to the log file; return its path."""
    import datetime as dt
    import traceback

    log_path = _log_path()
    with log_path.open("a", encoding="utf-8") as fh:
        fh.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n")
        fh.write("".join(traceback.format_exception(exc)))
    return log_path
