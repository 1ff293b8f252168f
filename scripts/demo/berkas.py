"""Writing demo files the way the exports are written, byte-identically on every run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from scripts.demo.model import DITERIMA
from scripts.xlsx_tetap import simpan_xlsx_tetap


def tulis_csv(frame: pd.DataFrame, path: Path, pemisah: str = ";") -> Path:
    """Write a CSV the way the exports are written (UTF-8, LF, no pandas index)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, sep=pemisah, index=False, lineterminator="\n")
    return path


def simpan_xlsx(wb: Workbook, path: Path) -> None:
    """Save a workbook with fixed timestamps (byte-identical on every run)."""
    simpan_xlsx_tetap(wb, path, pembuat="scripts/buat_demo.py", waktu=DITERIMA)
