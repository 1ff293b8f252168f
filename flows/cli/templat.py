"""``indikator template``: write an Excel template for an agency without an export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.cli.app import app, console, err


@app.command()
def template(
    sumber: Annotated[
        str | None, typer.Option(help="Instansi (mis. kemenkes); lihat --list.")
    ] = None,
    wilayah: Annotated[str | None, typer.Option(help="Kode wilayah (mis. 33.06).")] = None,
    tahun: Annotated[int | None, typer.Option(help="Tahun data.")] = None,
    tingkat: Annotated[str, typer.Option(help="Tingkat baris: kecamatan atau desa.")] = "desa",
    bulan: Annotated[
        int | None, typer.Option(min=1, max=12, help="Bulan (tanpa ini: tahunan).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Berkas XLSX yang ditulis.")] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="Daftar instansi dan indikator yang diisi templatnya.")
    ] = False,
) -> None:
    """Tulis templat Excel untuk instansi yang belum punya ekspor (isi, lalu ingest kembali)."""
    from transforms.keluar.templat.tulis import buat_template
    from transforms.terima.instansi import buat_teks_daftar_instansi
    from transforms.terima.templat_bentuk import TemplateTidakValid

    if list_:
        console.print(buat_teks_daftar_instansi(), markup=False)
        return
    if not (sumber and wilayah and tahun and out):
        err.print("[red]Sebutkan --sumber, --wilayah, --tahun dan --out (atau --list).[/red]")
        raise typer.Exit(1)
    try:
        path = buat_template(sumber, wilayah, tahun, tingkat, bulan, out=out)
    except (TemplateTidakValid, KeyError, ValueError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"[green]Templat ditulis[/green]: {path}")
