"""What every XLSX costs before indikator does anything of its own: the byte-level safety scan
(:func:`~transforms.baca.aman.periksa_berkas`, required for hostile files) and the columnar read
the floor itself does (fastexcel to Arrow), each over all files, in CPU seconds. Their sum
beside the floor of ``benchmarks.nasional`` says how close to the floor any design that keeps
the scan can come.

Usage::

    uv run python -m benchmarks.wajib --data /tmp/nas12     # a scripts/buat_nasional.py folder
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import fastexcel

from transforms.baca.aman import periksa_berkas


def ukur_wajib(berkas: list[Path]) -> tuple[float, float]:
    """CPU seconds of the safety scan of every file, then of reading each file's first sheet
    into Arrow with fastexcel."""
    mulai = time.process_time()
    for path in berkas:
        periksa_berkas(path)
    periksa = time.process_time() - mulai
    mulai = time.process_time()
    for path in berkas:
        fastexcel.read_excel(path).load_sheet(0).to_arrow()
    return periksa, time.process_time() - mulai


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, required=True, help="folder data buat_nasional.py")
    a = p.parse_args()
    berkas = sorted(a.data.rglob("*.xlsx"))
    periksa, baca = ukur_wajib(berkas)
    print(
        f"{len(berkas)} berkas XLSX: pemeriksaan keamanan {periksa:.1f} s CPU, "
        f"bacaan fastexcel {baca:.1f} s CPU, jumlah {periksa + baca:.1f} s CPU"
    )


if __name__ == "__main__":
    main()
