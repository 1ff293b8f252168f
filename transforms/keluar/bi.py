"""The files a BI analyst opens first, written into the staging folder of a generation:
``indikator.duckdb`` (views with comments) and the readable dictionary ``kamus/kamus.md`` /
``kamus/kamus.html``, both from the tables the generation holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from transforms.keluar.basisdata import tulis_duckdb
from transforms.keluar.kamus_dokumen import tulis_kamus_dokumen
from transforms.keluar.manifest import VERSI_SKEMA


def _tabel_ada(generasi: Path, tabel: list[str]) -> list[str]:
    """The tables with at least one Parquet file in the generation folder."""
    return [t for t in tabel if any((generasi / t).rglob("*.parquet"))]


def tulis_berkas_bi(staging: Path, isi: Any) -> list[str]:
    """``indikator.duckdb`` and the dictionary documents; return the files written."""
    tabel = _tabel_ada(staging, list(isi.tables))
    duck = tulis_duckdb(staging, tabel, isi.katalog)
    versi = str(isi.manifest.get("versi_skema") or VERSI_SKEMA)
    dok = tulis_kamus_dokumen(
        staging / "kamus", isi.katalog, tabel, isi.id_run, versi, isi.tables.get("dim_indikator")
    )
    return [p.relative_to(staging).as_posix() for p in (duck, *dok)]
