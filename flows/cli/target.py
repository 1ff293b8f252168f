"""``indikator target``: the target template a dinas fills, and reading it back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.cli.app import app, console, err

TARGET_DEFAULT = Path("data/target")


def _tahun(teks: str) -> list[int]:
    """``2025-2029`` or ``2025`` → the years; anything else ends the command (1)."""
    try:
        awal, _, akhir = teks.partition("-")
        tahun = list(range(int(awal), int(akhir or awal) + 1))
    except ValueError:
        tahun = []
    if not tahun or len(tahun) > 20 or tahun[0] < 2000:
        err.print(f"[red]--tahun {teks!r}: tulis satu tahun (2025) atau rentang (2025-2029).[/red]")
        raise typer.Exit(1)
    return tahun


def _wilayah(kode: str | None, anak: bool) -> list[tuple[str, str]]:
    """The regions of the sheet: (code, name); none = the national row (empty code)."""
    from transforms.wilayah.kode import normalkan_kode
    from transforms.wilayah.master import muat_master

    if not kode:
        return [("", "Nasional (semua wilayah)")]
    master = muat_master()
    baku = normalkan_kode(kode)
    info = master.get(baku) if baku else None
    if info is None:
        err.print(f"[red]--wilayah {kode!r} tidak ada di master wilayah Kemendagri.[/red]")
        raise typer.Exit(1)
    nama = master.frame.set_index("kode_wilayah")["nama_wilayah"]
    daftar = [baku] + (master.anak(baku) if anak else [])
    return [(k, str(nama[k])) for k in daftar]


def _templat(out: Path, wilayah: list[tuple[str, str]], tahun: list[int], folder: Path) -> None:
    from schemas.katalog import baca_target, muat_katalog
    from transforms.keluar.target_templat import tulis_templat_target

    daerah = baca_target(folder) if folder.is_dir() else None
    n = tulis_templat_target(out, muat_katalog(), wilayah, tahun, daerah)
    console.print(f"[green]Templat target ditulis[/green]: {out} ({n} baris untuk diisi)")
    console.print(f"Setelah diisi: indikator target --baca {out}")


def _baca(berkas: Path, folder: Path) -> None:
    from schemas.katalog import muat_katalog
    from transforms.keluar.target_terima import baca_templat_target, simpan_target

    if not berkas.is_file():
        err.print(f"[red]Berkas {berkas} tidak ada.[/red]")
        raise typer.Exit(1)
    hasil = baca_templat_target(berkas, muat_katalog())
    if hasil.masalah:
        err.print(
            f"[red]{berkas.name}: {len(hasil.masalah)} masalah; tidak ada yang disimpan.[/red]"
        )
        for pesan in hasil.masalah[:30]:
            err.print(f"  - {pesan}", markup=False)
        err.print("Perbaiki sel itu di berkas, lalu jalankan lagi perintah ini.")
        raise typer.Exit(1)
    if hasil.target.empty:
        err.print(
            f"[red]{berkas.name}: kolom target kosong di semua {hasil.baris_kosong} baris; "
            "tidak ada yang disimpan.[/red] Isi target (sel kuning), lalu jalankan lagi."
        )
        raise typer.Exit(1)
    path = simpan_target(hasil, folder, berkas.name)
    console.print(
        f"[green]{len(hasil.target)} target diterima[/green] ({hasil.baris_kosong} baris tanpa "
        f"target dilewati) → {path}. Berlaku pada run berikutnya: indikator run --target {folder}"
    )


@app.command()
def target(
    templat: Annotated[
        bool, typer.Option("--templat", help="Tulis templat Excel target untuk diisi dinas.")
    ] = False,
    baca: Annotated[
        Path | None, typer.Option(help="Baca templat yang sudah diisi, simpan di --folder.")
    ] = None,
    wilayah: Annotated[
        str | None, typer.Option(help="Kode wilayah (mis. 33.06); tanpa ini: target nasional.")
    ] = None,
    anak: Annotated[
        bool, typer.Option("--anak", help="Sertakan wilayah satu tingkat di bawahnya.")
    ] = False,
    tahun: Annotated[str, typer.Option(help="Tahun atau rentang, mis. 2025-2029.")] = "2025-2029",
    out: Annotated[Path, typer.Option(help="Berkas XLSX templat.")] = Path("target-templat.xlsx"),
    folder: Annotated[
        Path, typer.Option(help="Folder target daerah (dibaca indikator run --target).")
    ] = TARGET_DEFAULT,
) -> None:
    """Templat target daerah (Perbup/RPJMD/Renstra): tulis untuk diisi, lalu baca kembali."""
    if templat == (baca is not None):
        err.print("[red]Pilih salah satu: --templat (tulis templat) atau --baca BERKAS.[/red]")
        raise typer.Exit(1)
    if templat:
        _templat(out, _wilayah(wilayah, anak), _tahun(tahun), folder)
    else:
        _baca(baca, folder)
