"""``indikator ingest``: store received files unchanged in the raw store, with provenance."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flows.cli.app import RAW_DEFAULT, app, baca_peta_kolom, console, err
from flows.cli.log import catat_galat
from schemas.katalog import muat_katalog
from schemas.model import Katalog

if TYPE_CHECKING:
    from transforms.terima.rencana import Permintaan
    from transforms.terima.terima import HasilTerima


def _cetak_hasil(path: Path, hasil: HasilTerima) -> None:
    """Say where a received file went, or that the same content was already stored."""
    if hasil.baru:
        pengganti = (
            f" (menggantikan {hasil.provenans.menggantikan})"
            if hasil.provenans.menggantikan
            else ""
        )
        console.print(
            f"[green]Diterima[/green] {path.name} → {hasil.path} "
            f"(sumber {hasil.provenans.sumber}, tahun {hasil.provenans.tahun}, "
            f"sha256 {hasil.provenans.sha256[:12]}…){pengganti}"
        )
    else:
        console.print(
            f"[yellow]Sudah ada[/yellow] {path.name}: isi yang sama sudah tersimpan di "
            f"{hasil.path}; tidak ada yang diubah."
        )


def _terima_satu(path: Path, raw: Path, katalog: Katalog, minta: Permintaan) -> bool:
    """Receive one file and say so; False (after a Bahasa message) when it was not stored."""
    from transforms.baca.tabel import BerkasTidakTerbaca
    from transforms.terima.kenali import SumberTidakDikenal
    from transforms.terima.rencana import TahunTidakDiketahui
    from transforms.terima.terima import terima_berkas

    if not path.is_file():
        err.print(f"[red]Berkas {str(path)!r} tidak ditemukan.[/red]")
        return False
    try:
        hasil = terima_berkas(
            path,
            raw,
            katalog,
            minta.tahun,
            minta.bulan,
            minta.sumber,
            minta.wilayah,
            semester=minta.semester,
            kolom=minta.kolom,
        )
    except (SumberTidakDikenal, TahunTidakDiketahui, BerkasTidakTerbaca) as exc:
        err.print(f"[red]{exc}[/red]")
        return False
    except Exception as exc:  # never a traceback for a bad input: log it, say it in Bahasa
        log_path = catat_galat(exc)
        err.print(
            f"[red]Berkas {path.name!r} tidak dapat diterima: {exc}. "
            f"Rincian teknis di {log_path}.[/red]"
        )
        return False
    _cetak_hasil(path, hasil)
    return True


@app.command()
def ingest(
    berkas: Annotated[list[Path], typer.Argument(help="Berkas CSV/XLSX yang diterima.")],
    tahun: Annotated[
        int | None,
        typer.Option(
            help="Tahun data; boleh kosong bila berkas memuat kolom tahun (atau templat)."
        ),
    ] = None,
    bulan: Annotated[
        int | None, typer.Option(min=1, max=12, help="Bulan data, bila satu bulan.")
    ] = None,
    semester: Annotated[
        int | None, typer.Option(min=1, max=2, help="Semester data, bila satu semester.")
    ] = None,
    sumber: Annotated[
        str | None, typer.Option(help="Id sumber; tanpa ini dikenali dari judul kolom.")
    ] = None,
    wilayah: Annotated[
        str | None,
        typer.Option(help="Kode wilayah cakupan berkas (mis. 33.06), wajib bila hanya ada nama."),
    ] = None,
    kolom: Annotated[
        list[str] | None,
        typer.Option(help="Tabel umum: JUDUL_KOLOM=nama_komponen (boleh berulang)."),
    ] = None,
    raw: Annotated[Path, typer.Option(help="Folder penyimpanan raw.")] = RAW_DEFAULT,
) -> None:
    """Simpan berkas apa adanya ke penyimpanan raw, dengan catatan asal-usul (sidecar)."""
    from transforms.terima.rencana import Permintaan

    katalog = muat_katalog()
    peta = baca_peta_kolom(kolom, katalog)
    minta = Permintaan(tahun, bulan, semester, sumber, wilayah, peta)
    gagal = sum(not _terima_satu(path, raw, katalog, minta) for path in berkas)
    raise typer.Exit(1 if gagal else 0)
