"""Give memory freed between the steps of a run back to the operating system, and let the
C heap reuse its pages and Python's collector run less often within a step (:func:`atur_memori`).

A national run frees gigabytes between its steps (the per-file rows once stacked, the roll-up
once the indicators are made), but glibc's allocator and Arrow's pool keep freed pages for
reuse, so the process's resident size (what the machine and an out-of-memory killer see)
only grows. Returning them between steps keeps the peak at what one step needs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import logging
import os
from typing import Any

log = logging.getLogger(__name__)


@functools.cache
def _fungsi_libc(nama_fungsi: str) -> Any:
    """A glibc function by name, or None where the C library has none (musl, macOS, Windows)."""
    nama = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(nama), nama_fungsi) if nama else None
    except (OSError, AttributeError):
        return None


def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or None."""
    return _fungsi_libc("malloc_trim")


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # mallopt parameters (glibc malloc.h)
ALOKATOR = {
    # the largest glibc accepts on 64-bit (HEAP_MAX_SIZE / 2): blocks up to 32 MB (a province's
    # column of a few million rows) come from the heap and are reused, not mapped afresh
    M_MMAP_THRESHOLD: ("MALLOC_MMAP_THRESHOLD_", 32 << 20),
    # free pages at the top of the heap are kept up to 256 MB between allocations; the run
    # still gives them back at its own points (kembalikan_memori), so its peak is the same
    M_TRIM_THRESHOLD: ("MALLOC_TRIM_THRESHOLD_", 256 << 20),
}
"""glibc's thresholds for a run: measured on a national year (first run, file results cached,
every province computed; three rounds, alternately): 88.4 / 82.2 / 100.6 s CPU with glibc's
own (a threshold that moves with the sizes freed, so blocks of a few MB are mapped, zeroed by
the kernel on first touch and unmapped again, over and over: ±15 s of system time), 73.6 /
76.6 / 87.8 s with these; peak 2.78 / 2.82 / 2.79 GB and 2.79 / 2.73 / 2.80 GB."""


GC_BAWAAN = (700, 10, 10)  # CPython 3.11's own thresholds
GC_AMBANG = (100_000, 50, 100)
"""Python's cyclic collector thresholds for a run: a young collection every 100,000 new
container objects (not 700), so the millions of short-lived row lists and frames of a file
are not scanned again and again, and the full collection (which walks every live object: the
region master, the catalog, the file's rows) comes once in 500 million instead of every
±70,000. Measured on a national month (3 XLSX, 251,286 rows; time inside the collector,
``gc.callbacks``): ingest 3.35 s of 22.5 s CPU with CPython's own (14 full collections, 2.72 s)
→ 0.48 s; ``run --tanpa-cache`` 3.68 s of 49.0 s → 0.44 s; peak the same (890–915 MB). Most
objects of a run are freed by reference counting; the collector only finds cycles."""


@functools.cache
def atur_memori() -> bool:
    """Set this process's memory policy once: Python's collector thresholds
    (:data:`GC_AMBANG`, unless something already changed CPython's own) and glibc's allocator
    thresholds (:data:`ALOKATOR`; one set in the environment, ``MALLOC_MMAP_THRESHOLD_`` /
    ``MALLOC_TRIM_THRESHOLD_``, is left as the user set it). False where the C library has no
    ``mallopt``."""
    if gc.get_threshold() == GC_BAWAAN:
        gc.set_threshold(*GC_AMBANG)
    mallopt = _fungsi_libc("mallopt")
    if mallopt is None:
        return False
    for parameter, (env, nilai) in ALOKATOR.items():
        if env not in os.environ:
            mallopt(ctypes.c_int(parameter), ctypes.c_int(nilai))
    return True


def kembalikan_memori() -> None:
    """Return the freed pages of the C heap and of Arrow's memory pool (best effort)."""
    import pyarrow as pa  # when used: every console command imports this module, --help too

    try:
        pa.default_memory_pool().release_unused()
    except Exception:  # an older pool without the call: nothing to return
        log.debug("kolam memori Arrow tidak dapat dikembalikan", exc_info=True)
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
