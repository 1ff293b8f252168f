"""One parse per sheet per process: a small memo of what the readers got from a file's bytes.

Recognising a file's source, reading its year column, its regions (ingest) and its data (the
process step) each read the same file; a national sheet costs about a second to parse. The
readers keep what they parsed (calamine sheets, whole-sheet text grids, decoded CSV text) in
a memo keyed by the sha256 of the file's bytes, so the file is parsed once whatever its name:
the copy ingest stores in the raw store, read right after, is the same entry.

Only the :data:`KAPASITAS` most recently read files are kept (a national sheet as Python text
is tens of MB); :func:`lupakan_bacaan` drops everything. What is memoised is never mutated
after it was built: readers hand out new :class:`~transforms.baca.grid.Grid` objects sharing
the same rows, and no caller writes into a grid's rows.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

KAPASITAS = 3  # files kept (ingest reads two at once); the least recently read goes first

_isi: OrderedDict[str, dict[Any, Any]] = OrderedDict()
_kunci = threading.Lock()


def hitung_sha256(path: Path) -> str:
    """sha256 of a file's bytes: the memo key here, and the raw store's identity of a file
    (:mod:`transforms.terima.simpan`)."""
    with Path(path).open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def ambil_ingatan(path: Path, sidik: str | None = None) -> dict[Any, Any]:
    """The memo of the file's bytes: an empty dict the first time, the same dict afterwards.

    ``sidik`` is the file's sha256 when the caller already knows it (not checked). A file that
    cannot be opened gets a fresh dict that is not kept (the reader then raises its own error).
    Getting the memo of a new file drops the least recently used one beyond :data:`KAPASITAS`
    before anything of the new file is read, so at most that many files are held.
    """
    try:
        kunci = sidik or hitung_sha256(path)
    except OSError:
        return {}
    with _kunci:
        isi = _isi.get(kunci)
        if isi is None:
            while len(_isi) >= KAPASITAS:
                _isi.popitem(last=False)
            isi = _isi[kunci] = {}
        else:
            _isi.move_to_end(kunci)
        return isi


def lupakan_bacaan() -> None:
    """Drop every memoised read (frees the memory; the next read parses again)."""
    with _kunci:
        _isi.clear()
