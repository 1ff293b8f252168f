"""The Typer application of the console command ``indikator`` and what its commands share."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from schemas.model import Katalog

app = typer.Typer(
    help="indikator: laporan Excel/CSV → indikator KB-KS, RAN PASTI dan SIPD dalam Parquet.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

RAW_DEFAULT = Path("data/raw")
OUT_DEFAULT = Path("data/processed")


def baca_peta_kolom(kolom: list[str] | None, katalog: Katalog) -> dict[str, str] | None:
    """The ``--kolom JUDUL=komponen`` options as a map; an unknown one ends the command (1)."""
    from transforms.komponen.umum import KolomTidakDikenal, baca_kolom

    try:
        return baca_kolom(kolom, katalog) if kolom else None
    except KolomTidakDikenal as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
