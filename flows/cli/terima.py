"""``indikator ingest``: store received files unchanged in the raw store, with provenance."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flows.cli.app import RAW_DEFAULT, app, baca_peta_kolom, console, err
from flows.cli.log import catat_log_ke_berkas, catat_teks_galat
from schemas.katalog import muat_katalog

if TYPE_CHECKING:
    from transforms.langkah.ingest import HasilIngest
    from transforms.terima.terima import HasilTerima


def _cetak_hasil(satu: HasilIngest, hasil: HasilTerima) -> None:
    """Say where a received file went (``hasil``, the stored outcome of ``satu``) and what
    changed among the files in force."""
    path, prov = satu.path, hasil.provenans
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
            f"tahun {prov.tahun}; {satu.wilayah}; "
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
        folder = prov.folder
        lain = (
            hasil.samping
            if len(hasil.samping) <= 2
            else [f"{len(hasil.samping)} berkas di {folder}"]
        )
        console.print(f"  tetap dipakai bersamanya (wilayah berbeda): {', '.join(lain)}")
    if prov.cakupan is not None and not prov.cakupan.get("jumlah_kode"):
        _cetak_wilayah_kosong(path, prov.berkas, prov.cakupan.get("tidak_terbaca"))
    _cetak_kolom_terlewat(path, prov.sumber, satu.lewat)


def _cetak_kolom_terlewat(path: Path, sumber: str, lewat: tuple[tuple[str, str], ...]) -> None:
    """Numbers the recognised format does not read, and how to read them (issue 12)."""
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


def _cetak_ingest(satu: HasilIngest) -> bool:
    """Say what became of one file; False (after a Bahasa message) when it was not stored."""
    if satu.hasil is None:
        pesan = satu.pesan or f"Berkas {satu.path.name!r} tidak dapat diterima."
        if satu.teknis:  # never a traceback for a bad input: it goes to the log file
            pesan += f" Rincian teknis di {catat_teks_galat(satu.teknis)}."
        err.print(f"[red]{pesan}[/red]", highlight=False, soft_wrap=True)  # commands stay whole
        return False
    _cetak_hasil(satu, satu.hasil)
    return True


def _jumlah_pekerja() -> int:
    """Worker processes of the settings (``pekerja``); none when the settings are wrong
    ('indikator run' says what is wrong with them; ingest goes on)."""
    from transforms.langkah.pengaturan import PengaturanSalah, baca_pengaturan

    try:
        return baca_pengaturan().pekerja
    except PengaturanSalah:
        return 0


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
    from transforms.langkah.ingest import terima_semua
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
    pekerja = _jumlah_pekerja()
    # the files of a month, and next month's, match once; technical records go to the log file
    with pakai_gudang_cocok(raw), catat_log_ke_berkas():
        hasil = terima_semua(semua, raw, katalog, minta, ganti or [], pekerja)
        gagal = sum(not _cetak_ingest(satu) for satu in hasil)
    if len(semua) > 1:
        ok = len(semua) - gagal
        console.print(f"{len(semua)} berkas: {ok} diterima atau sudah ada, {gagal} gagal")
    cetak_berkas_rusak(raw)
    raise typer.Exit(1 if gagal else 0)
