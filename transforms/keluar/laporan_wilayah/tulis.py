"""Write the region report: ``laporan-<kode>-<tahun>.html`` in the chosen folder."""

from __future__ import annotations

import os
import uuid
from datetime import datetime
from pathlib import Path

from schemas.katalog import muat_katalog
from transforms.keluar.laporan_wilayah.bahan import baca_bahan
from transforms.keluar.laporan_wilayah.html import buat_laporan_wilayah
from transforms.keluar.laporan_wilayah.susun import Laporan, buat_laporan


def buat_nama_berkas(kode: str, tahun: int) -> str:
    """``laporan-76.01-2025.html``."""
    return f"laporan-{kode}-{tahun}.html"


def _tulis_atomik(path: Path, teks: str) -> None:
    """Write through a temporary file in the same folder, then rename (never half a page).
    The file gets the usual permissions (the umask), as any file the user writes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        tmp.write_text(teks, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def tulis_laporan_wilayah(
    keluaran: Path, kode: str, tahun: int, out: Path, dibuat: datetime | None = None
) -> tuple[Path, Laporan]:
    """Build the report of region ``kode`` for ``tahun`` from the current generation under
    ``keluaran`` and write it into ``out``; returns the file and what it shows."""
    bahan = baca_bahan(keluaran, kode, tahun)
    laporan = buat_laporan(bahan, muat_katalog(), dibuat or datetime.now())
    path = out / buat_nama_berkas(laporan.kode, tahun)
    _tulis_atomik(path, buat_laporan_wilayah(laporan))
    return path, laporan
