"""The benchmark's measuring helpers (benchmarks/nasional_ukur.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from benchmarks.nasional_ukur import KODE_PROYEK, ROOT, jalankan, siapkan_bytecode


def test_bytecode_is_there_before_measuring(tmp_path: Path, monkeypatch):
    """Every module of the project has its bytecode after ``siapkan_bytecode`` (also where
    ``PYTHONDONTWRITEBYTECODE`` keeps Python from writing it), so no measured process
    compiles the project again. Bytecode goes to an empty prefix here, so only that call
    can have written it."""
    monkeypatch.setenv("PYTHONPYCACHEPREFIX", str(tmp_path))
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path))
    modul = [p for nama in KODE_PROYEK for p in (ROOT / nama).rglob("*.py")]
    assert len(modul) > 150
    assert not any(tmp_path.iterdir())
    siapkan_bytecode()
    tidak_ada = [p for p in modul if not Path(importlib.util.cache_from_source(str(p))).is_file()]
    assert tidak_ada == []


@pytest.mark.lambat  # a worker process starts
def test_peak_of_all_processes_counts_the_workers(tmp_path: Path):
    """A step whose process starts a worker: ``puncak_mb`` is the largest process (the
    worker's 240 MB), ``puncak_semua_mb`` both at once (the parent's 160 MB too)."""
    skrip = tmp_path / "pekerja.py"
    skrip.write_text(
        "import multiprocessing, time\n"
        "import numpy as np\n"
        "def kerja():\n"
        "    b = np.ones(240 * 2**20 // 8)\n"
        "    time.sleep(1.0)\n"
        "if __name__ == '__main__':\n"
        "    a = np.ones(160 * 2**20 // 8)\n"
        "    p = multiprocessing.get_context('spawn').Process(target=kerja)\n"
        "    p.start()\n"
        "    p.join()\n",
        encoding="utf-8",
    )
    ukuran = jalankan("pekerja", [sys.executable, str(skrip)], cwd=tmp_path)
    assert ukuran.kode == [0]
    assert 240 < ukuran.puncak_mb < 380  # the worker: its array and an interpreter
    assert ukuran.puncak_semua_mb > ukuran.puncak_mb + 150  # the parent's array beside it
