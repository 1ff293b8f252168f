"""The report page as text, rendered by jinja2 from ``templat/laporan_wilayah.html.j2``.

Autoescape is on; only the SVG charts (made by vl-convert from our own data) are inserted as
markup. Templates are read from this package's ``templat`` folder (as the sender's report does).
"""

from __future__ import annotations

import functools
import math

import jinja2

from transforms.keluar.laporan_wilayah.susun import BATAS_RINCI, Laporan
from transforms.keluar.laporan_wilayah.teks import ubah_angka, ubah_nilai

TEMPLAT = "laporan_wilayah.html.j2"


def _urut(nilai: object) -> str:
    """A number for ``data-urut`` (full precision, ``repr`` of the float: what Parquet holds)."""
    angka = float(nilai)  # type: ignore[arg-type]
    return "" if math.isnan(angka) else repr(angka)


@functools.cache
def _lingkungan() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(__package__ or "transforms.keluar.laporan_wilayah", "templat"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
    )
    env.filters["angka"] = ubah_angka
    env.filters["nilai"] = ubah_nilai
    env.filters["urut"] = _urut
    return env


def buat_laporan_wilayah(laporan: Laporan) -> str:
    """The self-contained HTML page of a region report."""
    return (
        _lingkungan()
        .get_template(TEMPLAT)
        .render(lap=laporan, tahun=laporan.tahun, batas=BATAS_RINCI)
    )
