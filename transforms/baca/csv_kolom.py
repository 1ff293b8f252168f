"""A CSV file without quotes split by column in Arrow: the cells Python's csv reader gives.

Without a quote character, a record of Python's csv reader is one line (lines end at ``\\r\\n``,
``\\r`` or ``\\n``; a blank line is a record without fields) and its fields are the line split
at the separator. :func:`pisah_kolom_csv` does exactly that in Arrow, pads short records with
empty cells as :func:`~transforms.baca.csv.baca_grid_csv` does, and gives the columns. A file
holding a quote, a NUL or a line longer than the csv reader's field limit is left to the
row-wise reader (None): its rules, and its refusals, apply there.
"""

from __future__ import annotations

import csv

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_AKHIR_BARIS = ("\r\n", "\r", "\n")


def pisah_kolom_csv(teks: str, pemisah: str) -> tuple[tuple[pa.Array, ...], int] | None:
    """The records of ``teks`` split at ``pemisah`` as columns (short records padded with
    ``""``), and the field count of the last record; None when the text has a quote, a NUL or
    a line over :func:`csv.field_size_limit` (the row-wise reader decides those)."""
    if '"' in teks or "\x00" in teks or len(pemisah) != 1:
        return None
    baris = pc.split_pattern_regex(pa.array([teks], pa.large_string()), r"\r\n|\r|\n")
    baris = baris.flatten()
    if teks.endswith(_AKHIR_BARIS):
        baris = baris.slice(0, len(baris) - 1)  # no record after the last line end
    if not len(baris) or pc.max(pc.utf8_length(baris)).as_py() > csv.field_size_limit():
        return None
    sel = pc.split_pattern(baris, pemisah)
    panjang = pc.list_value_length(sel).to_numpy(zero_copy_only=False)
    awal = np.asarray(sel.offsets)[:-1]
    isi = sel.flatten().cast(pa.string())
    kolom = []
    for j in range(int(panjang.max())):
        ada = panjang > j
        ambil = pa.array(np.where(ada, awal + j, 0), mask=~ada)
        kolom.append(pc.fill_null(isi.take(ambil), ""))
    return tuple(kolom), int(panjang[-1])
