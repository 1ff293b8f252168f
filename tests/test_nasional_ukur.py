"""The benchmark's measuring helpers (benchmarks/nasional_ukur.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from benchmarks.nasional_ukur import KODE_PROYEK, ROOT, siapkan_bytecode


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
