"""``indikator ingest``: store received files unchanged in the raw store, with provenance."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flows.cli.app import RAW_DEFAULT, app, baca_peta_kolom, console, err
from flows.cli.log import catat_galat, catat_log_ke_berkas
from schemas.katalog import muat_katalog
from schemas.model import Katalog

if TYPE_CHECKING:
    from transforms.terima.rencana import Permintaan
    from transforms.terima.terima import HasilTerima


def _cetak_hasil(path: Path, hasil: HasilTerima) -> None:
    """Say where a received file went and what changed among the files in force."""
    from transforms.terima.wilayah_berkas import sebut_cakupan

    prov = hasil.provenans
    if not hasil.baru and not hasil.dipulihkan:
        console.print(
            f"[yellow]Sudah ada[/yellow] {path.name}: isi yang sama sudah tersimpan dan berlaku "
            f"di {hasil.path}; tidak ada yang diubah."
        )
        return
    if hasil.dipulihkan:
        console.print(
            f"[green]Dipulihkan[/green] {path.name}: salinan tersimpan {prov.berkas} berlaku lagi."
        )
    else:
        console.print(
            f"[green]Diterima[/green] {path.name} → {hasil.path} (sumber {prov.sumber}, "
            f"tahun {prov.tahun}; {sebut_cakupan(prov.cakupan, prov.tahun)}; "
            f"sha256 {prov.sha256[:12]}…)"
        )
    if hasil.diperbaiki:
        console.print(
            "  isinya sudah tersimpan di sana dengan catatan asal-usul yang rusak: catatannya "
            "dibuat ulang (yang rusak disimpan di sampingnya, <nama>.meta.json.rusak-<waktu>)"
        )
    if hasil.diganti:
        console.print(
            f"  menggantikan {', '.join(hasil.diganti)} (tidak dipakai lagi, tidak dihapus; "
            f"kembalikan dengan 'indikator tarik {prov.berkas}')"
        )
    if hasil.samping:
        folder = Path(prov.berkas).parent.as_posix()
        lain = (
            hasil.samping
            if len(hasil.samping) <= 2
            else [f"{len(hasil.samping)} berkas di {folder}"]
        )
        console.print(f"  tetap dipakai bersamanya (wilayah berbeda): {', '.join(lain)}")
    if prov.cakupan is not None and not prov.cakupan.get("jumlah_kode"):
        _cetak_wilayah_kosong(path, prov.berkas, prov.cakupan.get("tidak_terbaca"))
    _cetak_kolom_terlewat(path, prov.sumber)


def _cetak_kolom_terlewat(path: Path, sumber: str) -> None:
    """Numbers the recognised format does not read, and how to read them (issue 12)."""
    from transforms.terima.saran import cari_kolom_terlewat

    lewat = cari_kolom_terlewat(path, sumber, muat_katalog())
    if lewat:
        kolom = " ".join(f'--kolom "{c}={k}"' for c, k in lewat)
        err.print(
            f"[yellow]Perhatian: format {sumber} tidak membaca kolom "
            f"{', '.join(c for c, _ in lewat)}. Untuk membacanya, kirim juga sebagai tabel "
            f"umum: indikator ingest '{path.name}' {kolom} (dengan --tahun/--wilayah yang "
            "sama).[/yellow]",
            highlight=False,
            soft_wrap=True,
        )


def _cetak_wilayah_kosong(path: Path, berkas: str, alasan: str | None) -> None:
    """The warning for a stored file whose regions could not be read."""
    akibat = (
        f"tidak dapat dibaca ({alasan}); berkas akan ditolak saat run"
        if alasan
        else "tidak satu pun cocok dengan master; semua barisnya akan masuk karantina saat run"
    )
    err.print(
        f"[yellow]Perhatian: wilayah berkas {path.name!r} {akibat}. Berkas tetap disimpan di "
        f"{berkas}. Perbaiki berkasnya lalu kirim lagi dengan --ganti {berkas}, atau tarik "
        f"dengan 'indikator tarik {berkas}'.[/yellow]",
        highlight=False,
    )


def _terima_satu(
    path: Path, raw: Path, katalog: Katalog, minta: Permintaan, ganti: list[str]
) -> bool:
    """Receive one file and say so; False (after a Bahasa message) when it was not stored."""
    from transforms.baca.tabel import BerkasTidakTerbaca
    from transforms.terima.identitas import CakupanTumpangTindih
    from transforms.terima.kenali import SumberTidakDikenal
    from transforms.terima.rencana import TahunTidakDiketahui
    from transforms.terima.terima import terima_berkas
    from transforms.terima.tersimpan import BerkasTersimpanTidakDitemukan

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
            ganti=ganti,
        )
    except (
        SumberTidakDikenal,
        TahunTidakDiketahui,
        BerkasTidakTerbaca,
        CakupanTumpangTindih,
        BerkasTersimpanTidakDitemukan,
    ) as exc:
        err.print(f"[red]{exc}[/red]", highlight=False, soft_wrap=True)  # commands stay whole
        return False
    except Exception as exc:  # never a traceback for a bad input: log it, say it in Bahasa
        log_path = catat_galat(exc)
        err.print(
            f"[red]Berkas {path.name!r} tidak dapat diterima: {exc}. "
            f"Rincian teknis di {log_path}.[/red]"
        )
        return False
    _cetak_hasil(path, hasil)
    siapkan_hasil(hasil.path, raw)
    return True


def siapkan_hasil(path: Path, raw: Path) -> None:
    """Process a stored file once now and keep its result, so the next run reads the cache
    only (a file that cannot be processed is left to the run; ingest never fails here)."""
    from transforms.langkah.pengaturan import PengaturanSalah, baca_jalur
    from transforms.langkah.proses import isi_simpanan

    try:
        folder = baca_jalur().cache
    except PengaturanSalah:  # 'indikator run' says what is wrong with the settings
        return
    with catat_log_ke_berkas():  # what goes wrong is for the log file, not the screen
        isi_simpanan(path, raw, folder)


def cetak_berkas_rusak(raw: Path) -> None:
    """One warning per stored file that cannot be used as stored (what to do included)."""
    from transforms.terima.simpan import baca_isi_raw

    for _, prov in baca_isi_raw(raw)[1]:
        err.print(f"[yellow]Perhatian: {prov.galat}[/yellow]", highlight=False)


def pakai_folder_raw(raw: Path) -> Path:
    """The raw store ``indikator run`` reads: the demo while ``data/raw`` is empty (said so)."""
    from transforms.terima.folder import pilih_folder_raw

    folder, catatan = pilih_folder_raw(raw, RAW_DEFAULT)
    if catatan:
        console.print(f"[yellow]{catatan}[/yellow]", highlight=False)
    return folder


@app.command()
def ingest(
    berkas: Annotated[
        list[Path],
        typer.Argument(help="Berkas CSV/XLSX yang diterima, atau folder (semua berkasnya)."),
    ],
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
    ganti: Annotated[
        list[str] | None,
        typer.Option(
            help="Berkas tersimpan (lokasi di raw) yang boleh digantikan walau wilayahnya "
            "hanya sebagian sama (boleh berulang)."
        ),
    ] = None,
    raw: Annotated[Path, typer.Option(help="Folder penyimpanan raw.")] = RAW_DEFAULT,
) -> None:
    """Simpan berkas apa adanya ke penyimpanan raw, dengan catatan asal-usul (sidecar)."""
    from transforms.langkah.simpanan_cocok import pakai_gudang_cocok
    from transforms.terima.folder import daftar_berkas_masukan
    from transforms.terima.rencana import Permintaan

    katalog = muat_katalog()
    peta = baca_peta_kolom(kolom, katalog)
    minta = Permintaan(tahun, bulan, semester, sumber, wilayah, peta)
    semua = [p for path in berkas for p in daftar_berkas_masukan(path)]
    if not semua:
        err.print(f"[red]Tidak ada berkas di {', '.join(map(str, berkas))}.[/red]")
        raise typer.Exit(1)
    with pakai_gudang_cocok(raw):  # the files of a month, and next month's, match once
        gagal = sum(not _terima_satu(path, raw, katalog, minta, ganti or []) for path in semua)
    if len(semua) > 1:
        ok = len(semua) - gagal
        console.print(f"{len(semua)} berkas: {ok} diterima atau sudah ada, {gagal} gagal")
    cetak_berkas_rusak(raw)
    raise typer.Exit(1 if gagal else 0)
