"""Where the time goes: cProfile of ``indikator run`` and one ``indikator ingest`` (each in one
thread of one process, :data:`SATU_PROSES`), summarised, and the region-name matching
before/after (:mod:`benchmarks.nasional_cocok`)."""

from __future__ import annotations

import io
import pstats
import sys
from pathlib import Path

from benchmarks.nasional_cocok import ukur_pencocokan
from benchmarks.nasional_ukur import ROOT, jalankan, perintah_indikator
from scripts.nasional.angka import TABEL
from scripts.nasional.utama import TAHUN, folder_bulan

KODE_SENDIRI = ("transforms/", "flows/", "schemas/")


def _nama_fungsi(kunci: tuple[str, int, str]) -> str:
    berkas, baris, fungsi = kunci
    path = Path(berkas)
    try:
        teks = str(path.resolve().relative_to(ROOT))
    except ValueError:
        bagian = path.parts
        teks = "/".join(bagian[-2:]) if len(bagian) >= 2 else berkas
    return f"{teks}:{baris} {fungsi}" if baris else fungsi


def ringkas_profil(path: Path, n: int = 15) -> dict[str, object]:
    """Total seconds, the top ``n`` by own time and the project's functions by cumulative time."""
    stat = pstats.Stats(str(path), stream=io.StringIO())
    data = stat.stats  # type: ignore[attr-defined]
    total = stat.total_tt  # type: ignore[attr-defined]
    sendiri = sorted(data.items(), key=lambda kv: -kv[1][2])[:n]
    kumulatif = sorted(
        (kv for kv in data.items() if any(k in kv[0][0] for k in KODE_SENDIRI)),
        key=lambda kv: -kv[1][3],
    )[:n]
    return {
        "total": total,
        "sendiri": [(_nama_fungsi(k), v[2], v[1]) for k, v in sendiri],
        "kumulatif": [(_nama_fungsi(k), v[3], v[1]) for k, v in kumulatif],
    }


SATU_PROSES = {"INDIKATOR_PEKERJA": "0"}
"""Profiled commands work in one thread of one process: cProfile sees only the thread it
started in, and an ingest of several files (utas) or a run's compute worker (a process)
would show up as time waiting on a lock."""


def _cprofile(nama: str, keluaran: Path, argumen: list[str], kerja: Path) -> Path:
    skrip = perintah_indikator()[0]
    perintah = [sys.executable, "-m", "cProfile", "-o", str(keluaran), skrip, *argumen]
    if not skrip.endswith("indikator"):
        perintah = [sys.executable, "-m", "cProfile", "-o", str(keluaran), "-m", "flows.cli"]
        perintah += argumen
    ukuran = jalankan(nama, perintah, env=SATU_PROSES, cwd=kerja)
    if ukuran.kode != [0] and not keluaran.exists():
        raise RuntimeError(f"profil {nama} gagal (kode {ukuran.kode}); lihat log di {kerja}")
    return keluaran


def profil(
    data: Path, kerja: Path, fmt_cocok: str, n: int, fmt: str, n_profil: int
) -> tuple[dict[str, object], dict[str, dict[str, object]]]:
    """Matching before/after on up to 3 of ``n`` months; profiles of the run of ``n_profil``
    months in ``fmt`` and of one month's ingest."""
    berkas = [
        folder_bulan(data, fmt_cocok, TAHUN, b) / f"{s}.{fmt_cocok}"
        for b in range(1, min(n, 3) + 1)
        for s in TABEL
    ]
    print(f"pencocokan nama sebelum/sesudah ({len(berkas)} berkas) …", flush=True)
    cocok = ukur_pencocokan(berkas)
    print("profil indikator run dan ingest …", flush=True)
    tempat = kerja / f"{fmt}-{n_profil}"
    run = _cprofile(
        "profil-run",
        kerja / "run.prof",
        ["run", "--tanpa-prefect", "--raw", str(tempat / "raw"), "--out", str(kerja / "prof-out")],
        kerja,
    )
    folder = folder_bulan(data, fmt, TAHUN, 1)
    ingest = _cprofile(
        "profil-ingest",
        kerja / "ingest.prof",
        [
            "ingest",
            str(folder),
            "--tahun",
            str(TAHUN),
            "--bulan",
            "1",
            "--raw",
            str(kerja / "prof-raw"),
        ],
        kerja,
    )
    return cocok, {"run": ringkas_profil(run), "ingest": ringkas_profil(ingest)}
