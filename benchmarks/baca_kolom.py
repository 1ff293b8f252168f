"""Reading one file's table by column (Arrow) and row-wise (Python cells), side by side.

    uv run python -m benchmarks.baca_kolom /tmp/nas12/xlsx/2025-02/data_pus.xlsx --ulang 3

Each round reads the file's table (``baca_tabel``: parse, cell text, header, non-data rows,
frames) from a cold memo both ways, alternately, and prints the CPU time of each (user + sys of
this process, fastexcel's threads included) and whether the tables are equal. The row-wise way
is the reader with the column readers switched off (``baca_grid_kolom`` and ``_grid_kolom``
giving None), which is what a sheet with booleans or dates, or a CSV with quotes, still uses.
"""

from __future__ import annotations

import argparse
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from transforms.baca import csv as csv_mod
from transforms.baca import excel as excel_mod
from transforms.baca.berkas import baca_tabel
from transforms.baca.ingat import lupakan_bacaan
from transforms.baca.tabel import TabelTeks


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


@contextmanager
def _per_baris() -> Iterator[None]:
    """The column readers switched off for the duration."""
    asli = excel_mod.baca_grid_kolom, csv_mod._grid_kolom
    excel_mod.baca_grid_kolom = lambda *a: None
    csv_mod._grid_kolom = lambda *a: None
    try:
        yield
    finally:
        excel_mod.baca_grid_kolom, csv_mod._grid_kolom = asli


def _baca(path: Path, kolom: bool) -> tuple[float, TabelTeks]:
    lupakan_bacaan()
    mulai = _cpu()
    if kolom:
        tabel = baca_tabel(path, None)
    else:
        with _per_baris():
            tabel = baca_tabel(path, None)
    return _cpu() - mulai, tabel


def _sama(a: TabelTeks, b: TabelTeks) -> bool:
    try:
        pd.testing.assert_frame_equal(a.data, b.data)
        pd.testing.assert_series_equal(a.baris, b.baris)
        pd.testing.assert_frame_equal(a.bukan_data, b.bukan_data)
    except AssertionError:
        return False
    return True


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("berkas", type=Path)
    ap.add_argument("--ulang", type=int, default=3, help="putaran bergantian (bawaan 3)")
    args = ap.parse_args(argv)
    _baca(args.berkas, True)  # imports and first-use caches out of the timing
    for i in range(args.ulang):
        cpu_baris, a = _baca(args.berkas, False)
        cpu_kolom, b = _baca(args.berkas, True)
        print(
            f"putaran {i + 1}: per baris {cpu_baris:.2f} s CPU, per kolom {cpu_kolom:.2f} s CPU, "
            f"{len(b.data):,} baris data, tabel {'sama' if _sama(a, b) else 'BERBEDA'}"
        )


if __name__ == "__main__":
    main()
