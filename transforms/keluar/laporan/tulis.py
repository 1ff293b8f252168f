"""Both report files for the sender of a file: ``<stem>.laporan.html`` and ``.laporan.xlsx``.

The officer at a dinas who sent a file gets back

* :func:`transforms.keluar.laporan.terminal.buat_ringkasan_validasi`: a short plain-text
  summary in Bahasa Indonesia for the terminal;
* :func:`transforms.keluar.laporan.html.tulis_laporan_html`: one self-contained HTML page
  (inline CSS, no script, no external resource) with the verdict, the row accounting, a
  per-rule summary and the problem list;
* :func:`transforms.keluar.laporan.xlsx.tulis_laporan_xlsx`: a copy of their own sheet with
  every failing cell filled (red for ``galat``, yellow for ``peringatan``) and commented, plus
  the sheets ``Masalah`` (every problem) and ``Ringkasan`` (accounting and legend).

Every cell value comes from a possibly hostile file: text written to XLSX goes through
:func:`transforms.keluar.tulis_aman.amankan_sel` (and loses the control characters XML cannot
hold), text
written to HTML is escaped as well (jinja2 autoescape), and text printed to the terminal loses
control characters (no ANSI escape sequences from a cell reach the terminal).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import pandas as pd

from transforms.baca.nama import nama_aman
from transforms.keluar.laporan.html import tulis_laporan_html
from transforms.keluar.laporan.teks import ubah_teks
from transforms.keluar.laporan.xlsx import tulis_laporan_xlsx


def tulis_laporan(
    path_asli: Path,
    masalah: pd.DataFrame,
    akuntansi: Mapping[str, object],
    folder_out: Path,
    *,
    sheet: str | None = None,
    baris_judul: int = 1,
    pemisah: str | None = None,
    tanggal: datetime | None = None,
) -> dict[str, Path]:
    """Write ``<stem>.laporan.html`` and ``<stem>.laporan.xlsx`` into ``folder_out``.

    Returns:
        ``{"html": path, "xlsx": path}``.
    """
    path_asli = Path(path_asli)
    folder_out.mkdir(parents=True, exist_ok=True)
    stem = nama_aman(path_asli.stem)
    tanggal = tanggal or datetime.now()
    judul = ubah_teks(akuntansi.get("berkas")) or path_asli.name
    return {
        "html": tulis_laporan_html(
            masalah,
            akuntansi,
            folder_out / f"{stem}.laporan.html",
            judul_berkas=judul,
            tanggal=tanggal,
        ),
        "xlsx": tulis_laporan_xlsx(
            path_asli,
            masalah,
            folder_out / f"{stem}.laporan.xlsx",
            sheet=sheet,
            baris_judul=baris_judul,
            akuntansi=akuntansi,
            pemisah=pemisah,
            tanggal=tanggal,
        ),
    }
