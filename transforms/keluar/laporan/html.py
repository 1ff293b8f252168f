"""The HTML page of the sender's report, rendered by jinja2 from ``templat/laporan.html.j2``.

The page is self-contained (inline CSS from ``templat/laporan.css``, no script, no external
resource) and in Bahasa Indonesia; its text is edited in the template, not here. Autoescape is
on: every value is HTML-escaped, spelled as :func:`html.escape` spells entities (``&#x27;``,
``&quot;``) so the page stays as it was before the template. Values taken from the sender's
file also pass the ``sel`` filter first (formula-escaped, control characters dropped, capped).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime
from html import escape as escape_html
from pathlib import Path
from typing import NamedTuple

import jinja2
import pandas as pd
from markupsafe import Markup

from transforms.baca.tolak import tampilkan_ribuan
from transforms.keluar.laporan.masalah import (
    buat_baris_akuntansi,
    buat_vonis,
    cari_alasan_tolak,
    hitung_per_aturan,
    hitung_tingkat,
    normalkan_masalah,
    periksa_seimbang,
)
from transforms.keluar.laporan.teks import normalkan_teks_xml, ubah_tanggal, ubah_teks
from transforms.keluar.tulis_aman import amankan_sel

BATAS_HTML = 5_000  # problems listed in the HTML page; the XLSX has them all
BATAS_NILAI_HTML = 300  # characters of a cell value shown in the HTML page
TEMPLAT = "laporan.html.j2"


class _BarisMasalah(NamedTuple):
    """One row of the problem list (values as they are in the problem frame)."""

    baris: object
    kolom: object
    nilai: object
    aturan: object
    tingkat: object
    kelas: str
    pesan: object
    wilayah: object = None


def _sel(value: object, batas: int | None = None) -> str:
    """Filter ``sel``: a value from the file as text, formula-escaped, cleaned and capped."""
    text = normalkan_teks_xml(ubah_teks(value))
    if batas is not None and len(text) > batas:
        text = text[:batas] + "…"
    return str(amankan_sel(text))


def _escape(value: object) -> object:
    """Finalize hook: HTML-escape as :func:`html.escape` does (markup, e.g. macros, kept)."""
    if hasattr(value, "__html__"):
        return value
    return Markup(escape_html(str(value), quote=True))


@functools.cache
def _lingkungan() -> jinja2.Environment:
    """The jinja2 environment; templates are read from the ``templat`` folder of this package."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(__package__ or "transforms.keluar.laporan", "templat"),
        autoescape=True,
        finalize=_escape,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["sel"] = _sel
    env.filters["ribuan"] = lambda n: tampilkan_ribuan(int(n))
    return env


def _per_aturan(m: pd.DataFrame) -> list[dict[str, object]]:
    """The rows of the per-rule table, each with the registry's explanation and advice."""
    return [
        {
            "aturan": r.aturan,
            "tingkat": r.tingkat,
            "jumlah": r.jumlah,
            "penjelasan": r.penjelasan,
            "tindakan": r.tindakan,
        }
        for r in hitung_per_aturan(m).itertuples(index=False)
    ]


def _daftar(m: pd.DataFrame, batas: int) -> list[_BarisMasalah]:
    """The first ``batas`` problems (sorted by row) for the problem list."""
    tampil = m.head(batas)
    return [
        _BarisMasalah(
            baris,
            kolom,
            nilai,
            aturan,
            tingkat,
            "galat" if tingkat == "galat" else "peringatan",
            pesan,
            wilayah,
        )
        for baris, kolom, nilai, aturan, tingkat, pesan, wilayah in zip(
            tampil["baris"].tolist(),
            tampil["kolom"].tolist(),
            tampil["nilai"].tolist(),
            tampil["aturan"].tolist(),
            tampil["tingkat_masalah"].tolist(),
            tampil["pesan"].tolist(),
            tampil.reindex(columns=["wilayah"])["wilayah"].tolist(),
            strict=True,
        )
    ]


def buat_laporan_html(
    masalah: pd.DataFrame,
    akuntansi: Mapping[str, object],
    *,
    judul_berkas: str,
    tanggal: datetime,
    batas: int = BATAS_HTML,
) -> str:
    """The HTML report page as text (see :func:`tulis_laporan_html`)."""
    m = normalkan_masalah(masalah)
    dapat, kata, alasan = buat_vonis(m, akuntansi)
    galat, peringatan = hitung_tingkat(m)
    return (
        _lingkungan()
        .get_template(TEMPLAT)
        .render(
            judul_berkas=judul_berkas,
            diperiksa=ubah_tanggal(tanggal),
            dapat=dapat,
            kata=kata,
            alasan=alasan,
            ditolak=cari_alasan_tolak(m, akuntansi),
            akuntansi=buat_baris_akuntansi(akuntansi),
            seimbang=periksa_seimbang(akuntansi),
            galat=galat,
            peringatan=peringatan,
            per_aturan=_per_aturan(m),
            kosong=m.empty,
            daftar=_daftar(m, batas),
            jumlah=len(m),
            batas=batas,
            batas_nilai=BATAS_NILAI_HTML,
        )
    )


def tulis_laporan_html(
    masalah: pd.DataFrame,
    akuntansi: Mapping[str, object],
    out: Path,
    *,
    judul_berkas: str,
    tanggal: datetime | None = None,
    batas: int = BATAS_HTML,
) -> Path:
    """Write the self-contained HTML report (Bahasa Indonesia) and return its path.

    Args:
        masalah: the problems (karantina contract columns).
        akuntansi: the file's row accounting.
        out: the HTML file to write.
        judul_berkas: the file name shown to the officer.
        tanggal: when the check ran (default: now).
        batas: at most this many problems are listed (the XLSX report has them all).
    """
    doc = buat_laporan_html(
        masalah,
        akuntansi,
        judul_berkas=judul_berkas,
        tanggal=tanggal or datetime.now(),
        batas=batas,
    )
    out.write_text(doc, encoding="utf-8")
    return out
