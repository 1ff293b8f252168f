"""Memory freed between run steps goes back to the system: the call works where glibc has
``malloc_trim`` and is a no-op where the C library lacks it."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

import transforms.keluar.memori as memori


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        baris = next(b for b in fh if b.startswith("VmRSS"))
    return int(baris.split()[1]) / 1024


def test_memori_bebas_dikembalikan():
    besar = [np.ones(1_000, dtype=np.float64) for _ in range(200_000)]  # many small blocks
    del besar[::2]  # freed blocks scattered through the heap: not returned without a trim
    sisa = [b[:1].copy() for b in besar]
    del besar
    sebelum = _rss_mb()
    memori.kembalikan_memori()
    assert _rss_mb() < sebelum - 200, (sebelum, _rss_mb())
    assert len(sisa) == 100_000


def test_tanpa_malloc_trim_tidak_gagal(monkeypatch):
    monkeypatch.setattr(memori, "_malloc_trim", lambda: None)
    tabel = pa.table({"a": list(range(1000))})
    memori.kembalikan_memori()
    assert tabel.num_rows == 1000
