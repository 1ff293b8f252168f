"""``indikator tarik``: withdraw a stored file (nothing is deleted), or list the raw store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.cli.app import RAW_DEFAULT, app, console, err
from flows.cli.log import catat_galat
from schemas.katalog import muat_katalog


def _cetak_daftar(raw: Path) -> None:
    """Every stored file with its status, regions and receipt (two lines each)."""
    from transforms.terima.tarik import buat_daftar_tersimpan

    baris = buat_daftar_tersimpan(raw)
    berlaku = sum(b["status"] == "berlaku" for b in baris)
    console.print(f"Penyimpanan raw {raw}: {len(baris)} berkas, {berlaku} berlaku", highlight=False)
    for b in baris:
        console.print(f"{b['berkas']}: [bold]{b['status']}[/bold]", highlight=False)
        console.print(
            f"    {b['wilayah']} · asal {b['asal']}, diterima {b['diterima']}", highlight=False
        )


def _tarik_satu(raw: Path, teks: str) -> bool:
    """Withdraw one stored file and say what is in force now; False after a Bahasa message."""
    from transforms.terima.tarik import tarik_berkas
    from transforms.terima.tersimpan import BerkasTersimpanTidakDitemukan

    try:
        hasil = tarik_berkas(raw, teks, muat_katalog())
    except BerkasTersimpanTidakDitemukan as exc:
        err.print(f"[red]{exc}[/red]", highlight=False)
        return False
    except Exception as exc:  # never a traceback: log it, say it in Bahasa
        log_path = catat_galat(exc)
        err.print(f"[red]{teks!r} tidak dapat ditarik: {exc}. Rincian di {log_path}.[/red]")
        return False
    if not hasil.ditarik:
        console.print(
            f"[yellow]{hasil.berkas} sudah tidak berlaku; tidak ada yang diubah.[/yellow]"
        )
        return True
    console.print(f"[green]Ditarik[/green] {hasil.berkas} (tidak dipakai lagi, tidak dihapus).")
    for berkas in hasil.dipulihkan:
        console.print(f"  berlaku lagi: {berkas}")
    for berkas, alasan in hasil.tidak_dipulihkan:
        console.print(f"  tidak dipulihkan: {berkas} ({alasan})")
    return True


@app.command()
def tarik(
    berkas: Annotated[
        list[str] | None,
        typer.Argument(
            help="Berkas tersimpan yang ditarik: lokasinya di raw (seperti dicetak saat "
            "ingest), namanya bila hanya satu, atau berkas yang dulu dikirim."
        ),
    ] = None,
    daftar: Annotated[
        bool, typer.Option("--daftar", help="Tampilkan semua berkas tersimpan dan statusnya.")
    ] = False,
    raw: Annotated[Path, typer.Option(help="Folder penyimpanan raw.")] = RAW_DEFAULT,
) -> None:
    """Tarik berkas tersimpan (tidak dihapus; yang digantikannya berlaku lagi), atau --daftar."""
    if not berkas and not daftar:
        err.print("[red]Sebutkan berkas yang ditarik, atau --daftar untuk melihat isinya.[/red]")
        raise typer.Exit(1)
    gagal = sum(not _tarik_satu(raw, teks) for teks in berkas or [])
    if daftar:
        _cetak_daftar(raw)
    raise typer.Exit(1 if gagal else 0)
