"""``indikator katalog``: the list of indicators, or the metadata card of one."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

from flows.cli.app import app, console, err
from schemas.katalog import muat_katalog, ubah_indikator_ke_dict
from schemas.model import Katalog


def _cetak_kartu(kode: str, kat: Katalog) -> None:
    """The metadata card of one indicator as a two-column table."""
    from transforms.keluar.kartu import buat_judul_kartu, buat_kartu

    ind = kat.indikator[kode]
    table = Table(show_header=False, title=buat_judul_kartu(ind), title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    for label, value in buat_kartu(ind, kat):
        table.add_row(label, value)
    console.print(table)


def _cetak_daftar(kat: Katalog) -> None:
    """Every indicator of the catalog, one row each."""
    from transforms.keluar.kartu import buat_rumus

    table = Table(title=f"Katalog indikator ({len(kat.indikator)})")
    for col in ("kode", "judul", "rumus", "satuan", "arah"):
        table.add_column(col)
    for ind in kat.indikator.values():
        table.add_row(ind.kode, ind.judul, buat_rumus(ind), ind.satuan, ind.arah)
    console.print(table)


def _cetak_sumber(kat: Katalog, as_json: bool) -> None:
    """Every known source format: id, description, signature columns, an example file."""
    from transforms.keluar.sumber import buat_daftar_sumber

    rows = buat_daftar_sumber(kat)
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"Format sumber yang dikenal ({len(rows)})")
    for col in ("id", "judul", "kolom penanda", "contoh berkas"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(row["id"], row["judul"], ", ".join(row["kenali"]), row["contoh"])
    console.print(table)


@app.command()
def katalog(
    kode: Annotated[str | None, typer.Argument(help="Kode indikator, mis. spm.02.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON.")] = False,
    sumber: Annotated[
        bool, typer.Option("--sumber", help="Daftar format sumber (kolom penanda, contoh berkas).")
    ] = False,
) -> None:
    """Daftar indikator, atau kartu metadata satu indikator; --sumber: daftar format sumber."""
    kat = muat_katalog()
    if sumber:
        _cetak_sumber(kat, as_json)
        return
    if kode is not None and kode not in kat.indikator:
        err.print(f"[red]Kode indikator {kode!r} tidak ada di katalog.[/red]")
        raise typer.Exit(1)
    if as_json:
        chosen = [kat.indikator[kode]] if kode else list(kat.indikator.values())
        data = [ubah_indikator_ke_dict(i, kat.komponen) for i in chosen]
        sys.stdout.write(json.dumps(data[0] if kode else data, ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
        return
    if kode:
        _cetak_kartu(kode, kat)
        return
    _cetak_daftar(kat)
