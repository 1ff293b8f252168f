"""``indikator validate``: check one file as a run would and write the sender's report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from flows.cli.app import app, baca_peta_kolom, console, err
from flows.cli.log import catat_galat, catat_log_ke_berkas
from schemas.katalog import muat_katalog


@app.command()
def validate(
    berkas: Annotated[Path, typer.Argument(help="Berkas CSV/XLSX yang akan diperiksa.")],
    tahun: Annotated[int | None, typer.Option(help="Tahun data.")] = None,
    bulan: Annotated[int | None, typer.Option(min=1, max=12, help="Bulan data.")] = None,
    semester: Annotated[int | None, typer.Option(min=1, max=2, help="Semester data.")] = None,
    sumber: Annotated[str | None, typer.Option(help="Id sumber (tanpa ini dikenali).")] = None,
    wilayah: Annotated[str | None, typer.Option(help="Kode wilayah cakupan berkas.")] = None,
    kolom: Annotated[
        list[str] | None, typer.Option(help="Tabel umum: JUDUL_KOLOM=nama_komponen.")
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder laporan untuk pengirim.")] = Path("laporan"),
) -> None:
    """Periksa satu berkas tanpa menyimpan atau menerbitkan apa pun; tulis laporan HTML + XLSX.

    Kode keluar 0 bila berkas dapat dipakai, 1 bila tidak.
    """
    try:
        with catat_log_ke_berkas():
            dapat = _validate(berkas, tahun, bulan, semester, sumber, wilayah, kolom, out)
    except typer.Exit:
        raise
    except Exception as exc:  # no traceback for a bad input: it goes to the log file
        log_path = catat_galat(exc)
        err.print(
            f"[red]Berkas {berkas.name!r} tidak dapat diperiksa: {exc}. "
            f"Rincian teknis di {log_path}.[/red]"
        )
        raise typer.Exit(1) from None
    raise typer.Exit(0 if dapat else 1)


def _validate(berkas, tahun, bulan, semester, sumber, wilayah, kolom, out) -> bool:
    """Check the file, write the report, print the summary; True when the file can be used."""
    from transforms.keluar.laporan.masalah import periksa_dapat_dipakai
    from transforms.keluar.laporan.terminal import buat_ringkasan_validasi
    from transforms.keluar.laporan.tulis import tulis_laporan
    from transforms.langkah.periksa import periksa_berkas_kiriman
    from transforms.terima.rencana import Permintaan

    if not berkas.is_file():
        err.print(f"[red]Berkas {str(berkas)!r} tidak ditemukan.[/red]")
        raise typer.Exit(1)
    katalog = muat_katalog()
    peta = baca_peta_kolom(kolom, katalog)
    minta = Permintaan(tahun, bulan, semester, sumber, wilayah, peta)
    hasil = periksa_berkas_kiriman(berkas, katalog, minta)
    out.mkdir(parents=True, exist_ok=True)
    laporan = tulis_laporan(
        berkas,
        hasil.hasil.masalah,
        hasil.hasil.akuntansi,
        out,
        sheet=hasil.sheet,
        baris_judul=hasil.baris_judul,
    )
    ringkas = buat_ringkasan_validasi(hasil.hasil.masalah, hasil.hasil.akuntansi, laporan=laporan)
    console.print(ringkas, markup=False, highlight=False)
    return periksa_dapat_dipakai(hasil.hasil.masalah, hasil.hasil.akuntansi)
