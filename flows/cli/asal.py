"""``indikator asal``: the chain from a published value down to desa rows and file rows."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from flows.cli.app import OUT_DEFAULT, app, console, err
from flows.cli.log import catat_galat, catat_log_ke_berkas


@app.command()
def asal(
    kode_indikator: Annotated[str, typer.Argument(help="Kode indikator, mis. spm.02.")],
    kode_wilayah: Annotated[str, typer.Argument(help="Kode wilayah Kemendagri, mis. 76.")],
    tahun: Annotated[int, typer.Option(help="Tahun data.")],
    bulan: Annotated[
        int | None, typer.Option(min=1, max=12, help="Bulan (tanpa ini: nilai tahunan).")
    ] = None,
    semester: Annotated[int | None, typer.Option(min=1, max=2, help="Semester.")] = None,
    out: Annotated[Path, typer.Option(help="Folder keluaran run.")] = OUT_DEFAULT,
    maks: Annotated[
        int, typer.Option(min=1, help="Wilayah anak per tingkat yang ditampilkan.")
    ] = 5,
) -> None:
    """Asal-usul nilai terbit: wilayah yang dijumlahkan, sampai desa dan baris berkasnya."""
    from schemas.katalog import muat_katalog
    from transforms.keluar.asal import AsalTidakDitemukan, telusuri_asal
    from transforms.keluar.asal_teks import buat_teks_asal
    from transforms.keluar.galat import KeluaranGagal
    from transforms.keluar.penunjuk import cari_folder_terbit
    from transforms.wilayah.kode import normalkan_kode

    kode = normalkan_kode(kode_wilayah) or kode_wilayah
    try:
        with catat_log_ke_berkas():
            folder = cari_folder_terbit(out)
            if folder is None:
                err.print(f"[red]Belum ada keluaran di {out}; jalankan 'indikator run' dulu.[/red]")
                raise typer.Exit(1)
            katalog = muat_katalog()
            hasil = telusuri_asal(
                folder, katalog, kode_indikator, kode, tahun, bulan, semester, maks
            )
    except (AsalTidakDitemukan, KeluaranGagal) as exc:
        err.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(1) from None
    except typer.Exit:
        raise
    except Exception as exc:  # never a traceback: log it, say it in Bahasa
        log_path = catat_galat(exc)
        err.print(f"[red]Asal-usul tidak dapat dibaca: {exc}. Rincian di {log_path}.[/red]")
        raise typer.Exit(1) from None
    for line in buat_teks_asal(hasil, katalog, maks):
        console.print(line, highlight=False, soft_wrap=True, markup=False)
