"""Measuring a child process: wall clock, CPU (user + sys) and peak RSS, and the machine."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAKET = ("pandas", "pyarrow", "duckdb", "fastexcel", "python-calamine", "openpyxl", "polars")
PAKET += ("prefect", "rapidfuzz", "numpy")


@dataclass
class Ukuran:
    """One measured step (possibly several processes: times add up, peak is the max)."""

    nama: str
    wall: float = 0.0
    cpu: float = 0.0
    puncak_mb: float = 0.0
    proses: int = 0
    kode: list[int] = field(default_factory=list)

    def tambah(self, lain: Ukuran) -> None:
        """Add another process of the same step."""
        self.wall += lain.wall
        self.cpu += lain.cpu
        self.puncak_mb = max(self.puncak_mb, lain.puncak_mb)
        self.proses += lain.proses
        self.kode += lain.kode


def jalankan(
    nama: str, perintah: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> Ukuran:
    """Run ``perintah`` as a child; wall, CPU and peak RSS of it and its reaped children.

    ``os.wait4`` returns the child's own resource usage including the descendants it waited
    for (the Prefect server of an ephemeral run, for instance); ``ru_maxrss`` is in KiB.
    """
    log = (cwd or ROOT) / f".{nama.replace(' ', '_')}.log"
    with log.open("wb") as keluaran:
        mulai = time.perf_counter()
        proses = subprocess.Popen(
            perintah,
            stdout=keluaran,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
            cwd=cwd or ROOT,
        )
        _, status, pakai = os.wait4(proses.pid, 0)
        wall = time.perf_counter() - mulai
    proses.returncode = os.waitstatus_to_exitcode(status)
    return Ukuran(
        nama,
        wall=wall,
        cpu=pakai.ru_utime + pakai.ru_stime,
        puncak_mb=pakai.ru_maxrss / 1024,
        proses=1,
        kode=[proses.returncode],
    )


def perintah_indikator(*argumen: str) -> list[str]:
    """The ``indikator`` console script of this environment, as the CLI runs it."""
    skrip = Path(sys.executable).parent / "indikator"
    return [str(skrip), *argumen] if skrip.exists() else [sys.executable, "-m", "flows.cli"]


def _cpu_model() -> str:
    try:
        for baris in Path("/proc/cpuinfo").read_text().splitlines():
            if baris.startswith("model name"):
                return baris.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _ram_gb() -> float:
    try:
        for baris in Path("/proc/meminfo").read_text().splitlines():
            if baris.startswith("MemTotal"):
                return int(baris.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _versi(paket: str) -> str:
    try:
        return metadata.version(paket)
    except metadata.PackageNotFoundError:
        return "-"


def mesin() -> dict[str, str]:
    """Machine, load, Python and library versions, git commit."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
    except OSError:
        commit = "?"
    beban = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return {
        "cpu": f"{_cpu_model()} × {os.cpu_count()}",
        "ram": f"{_ram_gb():.1f} GiB",
        "beban (loadavg 1/5/15 menit, saat mulai)": beban,
        "os": platform.platform(),
        "python": platform.python_version(),
        "commit": commit or os.environ.get("INDIKATOR_BENCH_COMMIT", "?"),
        **{p: _versi(p) for p in PAKET},
    }
