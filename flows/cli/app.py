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


def _raw_run() -> Path:
    """The default ``--raw`` of ``indikator run``: the settings' raw folder when set, else the
    demo store while ``data/raw`` is empty (the note is printed only then, and only when
    ``--raw`` is not given)."""
    from flows.cli.terima import pakai_folder_raw
    from transforms.langkah.pengaturan import PengaturanSalah, baca_jalur

    try:
        if (raw := baca_jalur().raw) is not None:
            return raw
    except PengaturanSalah:
        pass  # said by the command itself (indikator run reads the settings again)

    return pakai_folder_raw(RAW_DEFAULT)


@app.callback()
def _utama(ctx: typer.Context) -> None:
    from transforms.keluar.memori import atur_memori

    atur_memori()  # before a command allocates: heap and collector thresholds (see there)
    # Click calls a callable default of the default map only when the option is not given.
    ctx.default_map = {**(ctx.default_map or {}), "run": {"raw": _raw_run}}


def baca_peta_kolom(kolom: list[str] | None, katalog: Katalog) -> dict[str, str] | None:
    """The ``--kolom JUDUL=komponen`` options as a map; an unknown one ends the command (1)."""
    from transforms.komponen.umum import KolomTidakDikenal, baca_kolom

    try:
        return baca_kolom(kolom, katalog) if kolom else None
    except KolomTidakDikenal as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
