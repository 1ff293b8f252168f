"""Column headers: the one header key every layout, `--kolom` and template is compared by.

A header passes two steps. :func:`bersihkan_judul` is the header as the reader keeps it and as
messages show it (no BOM, no line breaks or surrounding quotes, upper case, single spaces).
:func:`kunci_judul` is the comparison key built on it (``_`` also counts as a space), so
``jumlah_pus``, ``JUMLAH PUS`` and ``"Jumlah\\nPUS"`` all meet the layout's ``JUMLAH PUS``.
"""

from __future__ import annotations


def bersihkan_judul(name: object) -> str:
    """Header text as kept and shown: upper case, single spaces, no BOM, line break or quotes."""
    text = str(name).replace("\ufeff", "").replace("\n", " ").strip().strip('"').upper()
    return " ".join(text.split())


def kunci_judul(name: object) -> str:
    """Header as compared with a layout: :func:`bersihkan_judul`, with ``_`` as a space."""
    return " ".join(bersihkan_judul(name).replace("_", " ").split())
