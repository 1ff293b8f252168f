"""Benchmark the pipeline steps on the real Sulbar SIGA exports, as ratios to a same-run floor.

Floor: ``pandas.read_csv`` of the three files with every cell as text (what any reader pays).
Each step is timed as the median of ``--repeat`` runs in this process and reported as seconds
and as a multiple of the floor, so numbers stay comparable on a noisy shared machine.

Usage: ``uv run python benchmarks/bench_pipeline.py [--repeat 5]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from schemas.katalog import muat_katalog
from transforms.baca.aman import periksa_berkas
from transforms.baca.berkas import baca_tabel
from transforms.keluar.laporan.tulis import tulis_laporan
from transforms.keluar.templat.tulis import buat_template
from transforms.langkah.hitung import gabung_komponen
from transforms.langkah.jalankan import pilih_berkas
from transforms.langkah.per_provinsi import hitung_per_tahun
from transforms.langkah.proses import proses_berkas
from transforms.terima.terima import terima_berkas
from transforms.wilayah.master import muat_master

ROOT = Path(__file__).resolve().parents[1]
SIGA = ROOT.parent / "shared" / "realdata" / "bkkbn-sulbar-siga"
FILES = ("data_pus.csv", "data_mix_kontra.csv", "data_bkb_keluarga.csv")
SIMONEP_XLSX = (
    ROOT.parent / "shared" / "realdata" / "bkkbn-sulbar-simonep" / ("faskes-pelayanan-2024-1.xlsx")
)


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _masalah(n: int) -> pd.DataFrame:
    """A synthetic problem table (one per row) to time the sender's report."""
    return pd.DataFrame(
        {
            "berkas": "data_pus.csv",
            "sheet": None,
            "baris": range(2, n + 2),
            "kolom": "PUS",
            "nilai": "x",
            "aturan": "angka_tidak_valid",
            "tingkat_masalah": "galat",
            "pesan": "isi kolom 'PUS' bukan angka",
            "sumber": "siga.pus",
            "tahun": 2025,
        }
    )


def main() -> None:
    """Time floor, read+match+parse, compute and publish; print a table of ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    katalog = muat_katalog()
    muat_master("2025")  # region master load is a one-off per process, not per file
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        for name in FILES:
            terima_berkas(SIGA / name, raw, katalog, 2025)
        inputs, _ = pilih_berkas(raw, 2025)
        floor = _median(
            lambda: [pd.read_csv(p, sep=";", dtype=str) for p, _ in inputs], args.repeat
        )
        hasil = [proses_berkas(p, prov, katalog) for p, prov in inputs]
        komponen, _ = gabung_komponen(hasil, [p.diterima for _, p in inputs])
        steps = {
            "baca + cocokkan wilayah + parse (3 berkas)": lambda: [
                proses_berkas(p, prov, katalog) for p, prov in inputs
            ],
            "roll-up + semua indikator": lambda: hitung_per_tahun(komponen, katalog, "bench"),
            "pemeriksaan keamanan XLSX SIMONEP (10k baris)": lambda: periksa_berkas(SIMONEP_XLSX),
            "baca XLSX SIMONEP (10k baris, nomor kolom)": lambda: baca_tabel(SIMONEP_XLSX),
            "templat kemenkes 494 desa x 50 kolom": lambda: buat_template(
                "kemenkes", "33.06", 2025, out=Path(tmp) / "t.xlsx"
            ),
            "laporan HTML+XLSX, 5.832 baris, 5.000 masalah": lambda: tulis_laporan(
                inputs[0][0], _masalah(5_000), hasil[0].akuntansi, Path(tmp) / "lap"
            ),
        }
        rows = [("lantai: pandas read_csv teks (3 berkas)", floor)]
        rows += [(name, _median(fn, args.repeat)) for name, fn in steps.items()]
    print(f"{'langkah':<52} {'detik':>8} {'x lantai':>9}")
    for name, seconds in rows:
        print(f"{name:<52} {seconds:>8.3f} {seconds / floor:>9.1f}")
    print(f"komponen: {len(komponen):,} baris")


if __name__ == "__main__":
    main()
