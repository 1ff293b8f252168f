"""``indikator run``: read the raw store, compute every indicator, publish Parquet.

Prefect is imported only here, and only without ``--tanpa-prefect`` (it costs seconds to start).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from flows.cli.app import OUT_DEFAULT, RAW_DEFAULT, app, console, err
from flows.cli.log import catat_galat
from schemas.galat import KatalogTidakValid

if TYPE_CHECKING:
    from transforms.langkah.ringkasan import Ringkasan


def _cetak_ringkasan(ringkasan: Ringkasan, out: Path) -> None:
    """The run summary: one row per file, then the totals and where the outputs are."""
    from transforms.langkah.ringkasan import (
        KOLOM_RINGKASAN,
        buat_baris_ringkasan,
        buat_teks_ringkasan,
    )

    table = Table(title=f"Run {ringkasan.id_run}")
    for col in KOLOM_RINGKASAN:
        table.add_column(col)
    for baris in buat_baris_ringkasan(ringkasan):
        table.add_row(*baris)
    console.print(table)
    console.print(buat_teks_ringkasan(ringkasan, out))


@app.command()
def run(
    raw: Annotated[Path, typer.Option(help="Folder penyimpanan raw.")] = RAW_DEFAULT,
    out: Annotated[Path, typer.Option(help="Folder keluaran Parquet.")] = OUT_DEFAULT,
    tahun: Annotated[int | None, typer.Option(help="Hanya tahun ini.")] = None,
    target: Annotated[
        Path, typer.Option(help="Folder target daerah (CSV, kolom seperti catalog/target).")
    ] = Path("data/target"),
    tanpa_prefect: Annotated[
        bool, typer.Option("--tanpa-prefect", help="Jalankan langkah yang sama tanpa Prefect.")
    ] = False,
) -> None:
    """Baca penyimpanan raw, hitung semua indikator, terbitkan Parquet (alur Prefect)."""
    if not raw.is_dir():
        err.print(
            f"[red]Folder raw {str(raw)!r} tidak ada. Jalankan 'indikator ingest' dulu.[/red]"
        )
        raise typer.Exit(1)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        ringkasan = _jalankan(raw, out, tahun, target, tanpa_prefect)
    except KatalogTidakValid as exc:  # e.g. catalog/presedensi.yaml names an unknown source
        log_path = catat_galat(exc)
        err.print(
            f"[red]Katalog tidak valid, tidak ada yang diterbitkan: {exc}. Perbaiki berkas "
            f"katalog itu lalu jalankan lagi. Rincian teknis di {log_path}.[/red]"
        )
        raise typer.Exit(1) from None
    _cetak_ringkasan(ringkasan, out)


def _jalankan(
    raw: Path, out: Path, tahun: int | None, target: Path, tanpa_prefect: bool
) -> Ringkasan:
    """The run, with or without Prefect."""
    if tanpa_prefect:
        from transforms.langkah.jalankan import jalankan

        return jalankan(raw, out, tahun, target=target)
    from flows.pipeline import pipeline

    return pipeline(raw, out, tahun, target)
