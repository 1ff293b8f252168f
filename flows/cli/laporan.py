"""``indikator laporan``: the region report for the dinas head (one self-contained HTML page)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from flows.cli.app import OUT_DEFAULT, app, console, err
from flows.cli.log import catat_galat, catat_log_ke_berkas


@app.command()
def laporan(
    wilayah: Annotated[
        str, typer.Option(help="Kode wilayah: provinsi (76), kabupaten (76.01) atau kecamatan.")
    ],
    tahun: Annotated[int, typer.Option(help="Tahun laporan.")],
    out: Annotated[Path, typer.Option(help="Folder tempat berkas HTML ditulis.")] = Path("laporan"),
    keluaran: Annotated[Path, typer.Option(help="Folder keluaran run.")] = OUT_DEFAULT,
) -> None:
    """Laporan indikator satu wilayah dan tahun untuk pimpinan: satu berkas HTML (luring),
    dengan grafik tren dan per wilayah di bawahnya, target, kelengkapan dan masalah data."""
    from transforms.keluar.galat import KeluaranGagal
    from transforms.keluar.laporan_wilayah.tulis import tulis_laporan_wilayah

    try:
        with catat_log_ke_berkas():
            path, isi = tulis_laporan_wilayah(keluaran, wilayah, tahun, out)
    except KeluaranGagal as exc:
        err.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(1) from None
    except Exception as exc:  # no traceback on screen: it goes to the log file
        log_path = catat_galat(exc)
        err.print(
            f"[red]Laporan {escape(wilayah)} {tahun} tidak dapat dibuat: {escape(str(exc))}. "
            f"Rincian teknis di {log_path}.[/red]",
            soft_wrap=True,
        )
        raise typer.Exit(1) from None
    jumlah = {s: len(isi.hitung(s)) for s in ("memenuhi", "belum", "tanpa_target", "kosong")}
    console.print(
        f"Laporan {isi.nama} ({isi.kode}) tahun {tahun}: {len(isi.bagian)} indikator — "
        f"{jumlah['memenuhi']} memenuhi target, {jumlah['belum']} belum, "
        f"{jumlah['tanpa_target']} tanpa target {tahun}, {jumlah['kosong']} tanpa nilai; "
        f"{len(isi.belum_lengkap)} data belum lengkap; {len(isi.karantina)} masalah validasi "
        f"({isi.galat} baris ditolak); {len(isi.penggantian)} nilai sumber diganti.",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    console.print(f"Ditulis: {path}", markup=False, highlight=False, soft_wrap=True)
