"""The key a column header is compared by, when a file's header meets a layout."""

from __future__ import annotations


def kunci_judul(name: str) -> str:
    """Header as compared with a layout: upper case, ``_`` as space, single spaces."""
    return " ".join(str(name).replace("_", " ").upper().split())
