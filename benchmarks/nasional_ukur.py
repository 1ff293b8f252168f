"""Measuring a child process: wall clock, CPU (user + sys) and peak RSS, and the machine."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import threading
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
    puncak_semua_mb: float = 0.0  # all its processes at once (workers too), sampled

    def tambah(self, lain: Ukuran) -> None:
        """Add another process of the same step."""
        self.wall += lain.wall
        self.cpu += lain.cpu
        self.puncak_mb = max(self.puncak_mb, lain.puncak_mb)
        self.puncak_semua_mb = max(self.puncak_semua_mb, lain.puncak_semua_mb)
        self.proses += lain.proses
        self.kode += lain.kode


WAKTU = Path("/usr/bin/time")
HALAMAN = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
JEDA_SAMPEL = 0.1  # seconds between two samples of a step's processes' memory


def _rss_pohon(akar: int) -> int:
    """Resident bytes of process ``akar`` and all its descendants now (Linux ``/proc``: every
    process's parent and resident pages; 0 elsewhere)."""
    induk: dict[int, int] = {}
    rss: dict[int, int] = {}
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            bidang = (folder / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended while listed
        pid = int(folder.name)
        induk[pid], rss[pid] = int(bidang[1]), int(bidang[21]) * HALAMAN
    total, antre = 0, [akar]
    anak: dict[int, list[int]] = {}
    for pid, ppid in induk.items():
        anak.setdefault(ppid, []).append(pid)
    while antre:
        pid = antre.pop()
        total += rss.get(pid, 0)
        antre += anak.get(pid, [])
    return total


def _sampel_memori(proses: subprocess.Popen, hasil: list[int]) -> threading.Thread:
    """A thread keeping in ``hasil[0]`` the largest sum of resident memory of ``proses`` and
    its descendants (workers) while it runs."""

    def sampel() -> None:
        while proses.poll() is None:
            hasil[0] = max(hasil[0], _rss_pohon(proses.pid))
            time.sleep(JEDA_SAMPEL)

    benang = threading.Thread(target=sampel, name="sampel-memori", daemon=True)
    benang.start()
    return benang


def jalankan(
    nama: str, perintah: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> Ukuran:
    """Run ``perintah`` as a child; wall, CPU and peak RSS of it and its reaped children.

    Through ``/usr/bin/time`` when present: a child forked from this (large) process starts
    with this process's resident pages, and Linux keeps that figure as the child's peak
    (``ru_maxrss`` survives ``execve``), so a small step would inherit the benchmark's own
    memory. ``time`` is small, forks the real command and reports that command's own peak
    (KiB) and user/sys time, including the descendants it waited for (the Prefect server of
    an ephemeral run). Without it, ``os.wait4`` is used (peaks then include the parent's).
    The output goes to ``.<nama>.log`` in ``cwd`` (the benchmark's work folder).
    """
    tempat = cwd or ROOT
    log = tempat / f".{nama.replace(' ', '_')}.log"
    catatan = tempat / f".{nama.replace(' ', '_')}.time"
    awal = [str(WAKTU), "-o", str(catatan), "-f", "%e %U %S %M"] if WAKTU.exists() else []
    with log.open("wb") as keluaran:
        mulai = time.perf_counter()
        proses = subprocess.Popen(
            [*awal, *perintah],
            stdout=keluaran,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
            cwd=tempat,
        )
        semua = [0]
        benang = _sampel_memori(proses, semua)
        _, status, pakai = os.wait4(proses.pid, 0)
        wall = time.perf_counter() - mulai
        benang.join()
    kode = os.waitstatus_to_exitcode(status)
    cpu, puncak = pakai.ru_utime + pakai.ru_stime, pakai.ru_maxrss
    if awal and catatan.exists():
        angka = catatan.read_text().split()[-4:]  # "Command exited with …" may precede
        wall = float(angka[0])
        cpu, puncak = float(angka[1]) + float(angka[2]), int(angka[3])
    ukuran = Ukuran(nama, wall=wall, cpu=cpu, puncak_mb=puncak / 1024, proses=1, kode=[kode])
    ukuran.puncak_semua_mb = max(semua[0] / 2**20, ukuran.puncak_mb)
    return ukuran


ENV_PREFECT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
}


def jumlahkan(nama: str, ukuran: list[Ukuran]) -> Ukuran:
    """Several processes of one step as one measure (times added, the highest peak)."""
    total = Ukuran(nama)
    for u in ukuran:
        total.tambah(u)
    return total


def ukur_ingest_bulanan(data: Path, fmt: str, n: int, raw: Path, kerja: Path) -> list[Ukuran]:
    """``indikator ingest`` of each month's folder of generated data (one process per month,
    as an office runs it), each month's measure."""
    from scripts.nasional.utama import TAHUN, folder_bulan

    hasil = []
    for b in range(1, n + 1):
        folder = str(folder_bulan(data, fmt, TAHUN, b))
        umum = ["--tahun", str(TAHUN), "--bulan", str(b), "--raw", str(raw)]
        perintah = perintah_indikator("ingest", folder, *umum)
        hasil.append(jalankan(f"ingest-{fmt}-{n}-{b}", perintah, cwd=kerja))
    return hasil


def ukur_run(raw: Path, out: Path, kerja: Path, prefect: bool, nama: str, *lain: str) -> Ukuran:
    """``indikator run`` of the generated year (``lain``: more options), measured; with
    ``prefect``, on Prefect's temporary server (no Prefect API is configured here)."""
    from scripts.nasional.utama import TAHUN

    argumen = ["run", "--raw", str(raw), "--out", str(out), "--tahun", str(TAHUN), *lain]
    if not prefect:
        argumen.append("--tanpa-prefect")
    env = {**ENV_PREFECT, "PREFECT_HOME": str(kerja / ".prefect")}
    if prefect:  # flows/ringan: ask for the temporary server
        env["INDIKATOR_PREFECT_SEMENTARA"] = "1"
    return jalankan(nama, perintah_indikator(*argumen), env=env, cwd=kerja)


def ukur_koreksi(
    berkas: Path, n: int, raw: Path, out: Path, kerja: Path, nama: str
) -> tuple[Ukuran, Ukuran]:
    """A corrected copy of a stored file of month ``n`` sent again: ``indikator ingest`` of it
    (it replaces the stored file by coverage), then ``indikator run --pemicu koreksi``; the
    measures of both."""
    from scripts.nasional.utama import TAHUN

    umum = ["--tahun", str(TAHUN), "--bulan", str(n), "--raw", str(raw)]
    ingest = jalankan(f"ingest-{nama}", perintah_indikator("ingest", str(berkas), *umum), cwd=kerja)
    argumen = ["run", "--raw", str(raw), "--out", str(out), "--tahun", str(TAHUN)]
    argumen += ["--tanpa-prefect", "--pemicu", "koreksi"]
    return ingest, jalankan(f"run-{nama}", perintah_indikator(*argumen), cwd=kerja)


KODE_PROYEK = ("flows", "transforms", "schemas")


def siapkan_bytecode() -> None:
    """Compile the project's modules once before measuring, as a user's Python does on its
    first run (it writes ``__pycache__``). Where writing bytecode is off
    (``PYTHONDONTWRITEBYTECODE=1``, as on the machine of record) every ``indikator`` process
    would compile its ±150 modules again: ±0.2-0.3 s CPU a process, 13 processes a national
    year. ``compileall`` writes them all the same; where it cannot (a read-only checkout) the
    processes compile as before."""
    folder = [str(ROOT / nama) for nama in KODE_PROYEK]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folder], check=False)


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
