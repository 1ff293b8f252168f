"""Give memory freed between the steps of a run back to the operating system.

A national run frees gigabytes between its steps (the per-file rows once stacked, the roll-up
once the indicators are made), but glibc's allocator and Arrow's pool keep freed pages for
reuse, so the process's resident size (what the machine and an out-of-memory killer see)
only grows. Returning them between steps keeps the peak at what one step needs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
from typing import Any

import pyarrow as pa

log = logging.getLogger(__name__)


@functools.cache
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS, Windows)."""
    nama = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(nama).malloc_trim if nama else None
    except (OSError, AttributeError):
        return None


def kembalikan_memori() -> None:
    """Return the freed pages of the C heap and of Arrow's memory pool (best effort)."""
    try:
        pa.default_memory_pool().release_unused()
    except Exception:  # an older pool without the call: nothing to return
        log.debug("kolam memori Arrow tidak dapat dikembalikan", exc_info=True)
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
