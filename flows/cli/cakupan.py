"""``indikator cakupan``: per indicator, the regions and periods with a value, what is missing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from flows.cli.app import OUT_DEFAULT, app, console, err


@app.command()
def cakupan(
    keluaran: Annotated[Path, typer.Option(help="Folder keluaran run.")] = OUT_DEFAULT,
    wilayah: Annotated[
        list[str] | None, typer.Option(help="Kode wilayah cakupan (boleh berulang).")
    ] = None,
    tahun: Annotated[
        int | None, typer.Option(help="Tahun (tanpa ini: tahun terakhir yang diterbitkan).")
    ] = None,
    semua: Annotated[bool, typer.Option("--semua", help="Satu tabel per tahun.")] = False,
    out: Annotated[Path | None, typer.Option(help="Folder untuk cakupan.csv/.xlsx.")] = None,
) -> None:
    """Per indikator: wilayah dan periode yang sudah punya nilai, dan sumber yang kurang."""
    from transforms.keluar.cakupan import (
        KOLOM_CAKUPAN,
        buat_baris_cakupan,
        buat_judul_cakupan,
        buat_teks_lengkap,
        hitung_cakupan_keluaran,
        pisah_per_tahun,
        tulis_cakupan,
    )
    from transforms.keluar.galat import KeluaranGagal
    from transforms.keluar.penunjuk import cari_folder_terbit

    try:
        folder = cari_folder_terbit(keluaran)
    except KeluaranGagal as exc:
        err.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(1) from None
    if folder is None:
        err.print(f"[red]Belum ada keluaran di {keluaran}; jalankan 'indikator run' dulu.[/red]")
        raise typer.Exit(1)
    hasil = hitung_cakupan_keluaran(folder, wilayah, tahun, semua)
    for t, ringkas in pisah_per_tahun(hasil.ringkas):
        table = Table(title=buat_judul_cakupan(hasil, t))
        for col in KOLOM_CAKUPAN:
            table.add_column(col)
        for baris in buat_baris_cakupan(ringkas):
            table.add_row(*baris)
        console.print(table)
        console.print(buat_teks_lengkap(ringkas))
    if hasil.tahun_lain:
        lain = ", ".join(map(str, hasil.tahun_lain))
        console.print(f"Tahun lain yang diterbitkan: {lain} (pakai --tahun TAHUN atau --semua).")
    if out is not None:
        ditulis = tulis_cakupan(hasil, out)
        console.print(f"Ditulis: {', '.join(str(p) for p in ditulis)}")
