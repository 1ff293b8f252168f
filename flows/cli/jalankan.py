"""``indikator run`` (read the raw store, compute, publish one generation) and ``indikator
generasi`` (list the generations, choose the current one).

Prefect is imported only here, and only when a run goes through Prefect: a Prefect API is
configured (or ``INDIKATOR_PREFECT_SEMENTARA=1``) and ``--tanpa-prefect`` is not given (see
:mod:`flows.ringan`: a temporary server costs seconds of CPU per run).
Exit codes: :mod:`transforms.langkah.keputusan`; never a traceback on screen.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table

from flows.cli.app import OUT_DEFAULT, RAW_DEFAULT, app, console, err
from flows.cli.kemajuan import PelaporKonsol
from flows.cli.log import catat_galat, catat_log_ke_berkas

if TYPE_CHECKING:
    from transforms.keluar.kunci import PemegangKunci
    from transforms.langkah.ringkasan import Ringkasan


def _cetak_lebar(table: Table) -> None:
    """A table on the terminal's width (long names wrap); elsewhere (cron, a pipe, a log) as
    wide as its longest row, so no name is ever cut at 80 columns."""
    if console.is_terminal:
        console.print(table)
        return
    lebar = Measurement.get(console, console.options.update_width(100_000), table).maximum
    Console(file=console.file, width=max(lebar, console.width)).print(table)


def _cetak_ringkasan(ringkasan: Ringkasan, out: Path) -> int:
    """The outcome first (Bahasa), then one row per file, the totals; the exit code."""
    from transforms.langkah.keputusan import buat_kalimat_status, tentukan_kode_keluar
    from transforms.langkah.ringkasan import (
        KOLOM_RINGKASAN,
        buat_baris_ringkasan,
        buat_teks_masalah,
        buat_teks_ringkasan,
    )

    kode = tentukan_kode_keluar(ringkasan)
    warna = "green" if kode == 0 else "yellow" if kode == 2 else "red"
    console.print(f"[{warna}]{escape(buat_kalimat_status(ringkasan))}[/{warna}]", soft_wrap=True)
    if ringkasan.berkas:
        table = Table(title=f"Run {ringkasan.id_run}")
        for col in KOLOM_RINGKASAN:
            table.add_column(col, overflow="fold")  # a terminal wraps long names, never cuts
        for baris in buat_baris_ringkasan(ringkasan):
            table.add_row(*(escape(b) for b in baris))
        _cetak_lebar(table)
    console.print(escape(buat_teks_ringkasan(ringkasan, out)), soft_wrap=True)
    if ringkasan.masalah:
        console.print("Masalah dan peringatan per aturan (semuanya di tabel karantina):")
        for baris in buat_teks_masalah(ringkasan):
            console.print(f"  {escape(baris)}", soft_wrap=True)
    if ringkasan.penggantian:
        console.print("Nilai yang diganti (berbeda; semuanya di tabel penggantian):")
        for baris in ringkasan.penggantian:
            console.print(f"  {escape(baris)}", soft_wrap=True)
    return int(kode)


def _saat_menunggu(pemegang: PemegangKunci | None) -> None:
    siapa = str(pemegang) if pemegang else "run lain"
    err.print(f"Menunggu {escape(siapa)} selesai memakai folder keluaran …", soft_wrap=True)


def _jalankan(raw: Path, out: Path, tahun: int | None, target: Path, opsi: dict) -> Ringkasan:
    """The run itself, with Prefect or without, showing its progress; exceptions go to
    :func:`_akhiri`."""
    with PelaporKonsol(err) as lapor:
        return _jalankan_dengan(raw, out, tahun, target, opsi, lapor)


def _jalankan_dengan(
    raw: Path, out: Path, tahun: int | None, target: Path, opsi: dict, lapor: PelaporKonsol
) -> Ringkasan:
    from flows.ringan import pakai_prefect
    from transforms.langkah.pengaturan import baca_pengaturan

    tanpa_prefect, pemicu = not pakai_prefect(opsi.pop("tanpa_prefect")), opsi["pemicu"]
    if tanpa_prefect:
        from transforms.langkah.jalankan import jalankan

        pengaturan = baca_pengaturan(**{k: v for k, v in opsi.items() if k != "pemicu"})
        return jalankan(
            raw,
            out,
            tahun,
            target=target,
            pengaturan=pengaturan,
            saat_menunggu=_saat_menunggu,
            lapor=lapor,
            pemicu=pemicu,
        )
    from transforms.keluar.kunci import baca_pemegang_aktif

    baca_pengaturan(**{k: v for k, v in opsi.items() if k != "pemicu"})  # said before Prefect
    if opsi.get("tunggu_kunci") != 0 and (pemegang := baca_pemegang_aktif(out)) is not None:
        _saat_menunggu(pemegang)  # the flow cannot call back: say it before it starts waiting
    # Prefect's console log would print the traceback of a Failed flow run: the terminal gets
    # our summary instead (the Prefect server and the log file keep the details)
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
    from flows.pelaksana import pasang_pelaksana
    from flows.pipeline import dengan_pelapor, pipeline

    with dengan_pelapor(lapor):
        return pasang_pelaksana(pipeline)(raw, out, tahun, target, **opsi)


def _akhiri(exc: Exception, out: Path) -> int:
    """One Bahasa message for an exception of a run (details to the log); the exit code."""
    from schemas.galat import KatalogTidakValid
    from transforms.keluar.galat import KeluaranGagal
    from transforms.keluar.kunci import KunciDipegang
    from transforms.langkah.keputusan import KodeKeluar, RunTidakTerbit
    from transforms.langkah.pengaturan import PengaturanSalah

    if isinstance(exc, RunTidakTerbit):
        return _cetak_ringkasan(exc.ringkasan, out)
    log_path = catat_galat(exc)
    if isinstance(exc, KunciDipegang):
        err.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        return int(KodeKeluar.SEDANG_DIPAKAI)
    if isinstance(exc, KatalogTidakValid):  # e.g. catalog/presedensi.yaml names an unknown source
        err.print(
            f"[red]Katalog tidak valid, tidak ada yang diterbitkan: {escape(str(exc))}. Perbaiki "
            f"berkas katalog itu lalu jalankan lagi. Rincian teknis di {log_path}.[/red]",
            soft_wrap=True,
        )
        return int(KodeKeluar.GAGAL)
    if isinstance(exc, KeluaranGagal | PengaturanSalah):
        pesan = f"GAGAL: {escape(str(exc))} Rincian teknis di {log_path}. Kode keluar 1."
        err.print(f"[red]{pesan}[/red]", soft_wrap=True)
        return int(KodeKeluar.GAGAL)
    err.print(
        f"[red]GAGAL: run berhenti karena galat tak terduga ({type(exc).__name__}: "
        f"{escape(str(exc)[:300])}). Keluaran di {out} tidak berubah. Rincian teknis di "
        f"{log_path}; kirimkan berkas itu ke pengelola pipeline. Kode keluar 1.[/red]",
        soft_wrap=True,
    )
    return int(KodeKeluar.GAGAL)


def _jalur_pengaturan(
    ctx: typer.Context, raw: Path, out: Path, target: Path
) -> tuple[Path, Path, Path]:
    """Folders not given on the command line come from the settings (``INDIKATOR_PENGATURAN``,
    ``INDIKATOR_OUT``, ...), absolute, when they are set there (``--raw``: see ``_raw_run``)."""
    from transforms.langkah.pengaturan import baca_jalur

    jalur = baca_jalur()

    def pilih(nama: str, nilai: Path, dari: Path | None) -> Path:
        # by name: typer may bring its own copy of click's ParameterSource
        bawaan = getattr(ctx.get_parameter_source(nama), "name", "DEFAULT") == "DEFAULT"
        return dari if bawaan and dari is not None else nilai

    return raw, pilih("out", out, jalur.out), pilih("target", target, jalur.target)


TanpaCache = Annotated[
    bool,
    typer.Option(
        "--tanpa-cache",
        help="Olah ulang semua berkas raw dan hitung ulang semua provinsi, tanpa memakai "
        "hasil olahan yang tersimpan (simpanan tetap diperbarui).",
    ),
]


HitungUlang = Annotated[
    bool,
    typer.Option(
        "--hitung-ulang",
        help="Hitung ulang setiap tahun, juga tahun yang berkasnya tidak berubah sejak "
        "generasi yang berlaku (bawaan: tahun itu dibawa tanpa dihitung).",
    ),
]


@app.command()
def run(
    ctx: typer.Context,
    raw: Annotated[Path, typer.Option(help="Folder penyimpanan raw.")] = RAW_DEFAULT,
    out: Annotated[Path, typer.Option(help="Folder keluaran Parquet.")] = OUT_DEFAULT,
    tahun: Annotated[int | None, typer.Option(help="Hanya tahun ini.")] = None,
    target: Annotated[
        Path, typer.Option(help="Folder target daerah (CSV, kolom seperti catalog/target).")
    ] = Path("data/target"),
    tanpa_prefect: Annotated[
        bool, typer.Option("--tanpa-prefect", help="Jalankan langkah yang sama tanpa Prefect.")
    ] = False,
    izinkan_susut: Annotated[
        bool,
        typer.Option(
            "--izinkan-susut",
            help="Terbitkan walau suatu tahun kehilangan indikator, wilayah atau baris.",
        ),
    ] = False,
    batas_susut: Annotated[
        float | None,
        typer.Option(help="Persen baris indikator per tahun yang boleh hilang (bawaan 10)."),
    ] = None,
    simpan_generasi: Annotated[
        int | None, typer.Option(help="Jumlah generasi yang disimpan (bawaan 5).")
    ] = None,
    tanpa_tunggu: Annotated[
        bool,
        typer.Option("--tanpa-tunggu", help="Berhenti (kode 4) bila run lain sedang berjalan."),
    ] = False,
    pemicu: Annotated[
        str, typer.Option(help="manual, koreksi (run ulang setelah ingest --ganti) atau terjadwal.")
    ] = "manual",
    tanpa_cache: TanpaCache = False,
    hitung_ulang: HitungUlang = False,
) -> None:
    """Baca penyimpanan raw, hitung semua indikator, terbitkan satu generasi Parquet."""
    try:
        raw, out, target = _jalur_pengaturan(ctx, raw, out, target)
    except Exception as exc:  # a wrong settings file: one message
        raise typer.Exit(_akhiri(exc, out)) from None
    if not raw.is_dir():
        err.print(
            f"[red]Folder raw {str(raw)!r} tidak ada. Jalankan 'indikator ingest' dulu.[/red]"
        )
        raise typer.Exit(1)
    opsi = {
        "tanpa_prefect": tanpa_prefect,
        "izinkan_susut": izinkan_susut,
        "batas_susut": batas_susut,
        "simpan_generasi": simpan_generasi,
        "tunggu_kunci": 0.0 if tanpa_tunggu else None,
        "pemicu": pemicu,
    } | {"tanpa_cache": tanpa_cache, "hitung_ulang": hitung_ulang}
    try:
        with catat_log_ke_berkas():
            ringkasan = _jalankan(raw, out, tahun, target, opsi)
    except Exception as exc:  # never a traceback on screen: one message, details in the log
        raise typer.Exit(_akhiri(exc, out)) from None
    raise typer.Exit(_cetak_ringkasan(ringkasan, out))


@app.command()
def generasi(
    out: Annotated[Path, typer.Option(help="Folder keluaran.")] = OUT_DEFAULT,
    pakai: Annotated[
        str | None,
        typer.Option(help="Jadikan generasi ini yang berlaku (memulihkan penunjuk / mundur)."),
    ] = None,
) -> None:
    """Daftar generasi keluaran; --pakai ID menjadikan satu generasi yang berlaku."""
    from transforms.keluar.generasi import pakai_generasi, ringkas_generasi
    from transforms.keluar.kunci import kunci_keluaran
    from transforms.keluar.manifest import buat_id_run

    try:
        if pakai is not None:
            with kunci_keluaran(out, buat_id_run(), tunggu=0):
                pakai_generasi(out, pakai)
            console.print(f"Generasi {escape(pakai)} sekarang berlaku untuk {out}.")
        baris = ringkas_generasi(out)
    except Exception as exc:  # never a traceback on screen
        raise typer.Exit(_akhiri(exc, out)) from None
    table = Table(title=f"Generasi di {out / 'generasi'}")
    table.add_column("generasi", no_wrap=True, min_width=23)
    table.add_column("selesai", no_wrap=True, min_width=19)
    for col in ("tahun", "baris indikator", "tahun dihitung", "berlaku"):
        table.add_column(col)
    for b in baris:
        table.add_row(
            b["generasi"],
            str(b["selesai"])[:19],
            b["tahun"],
            f"{b['baris_indikator']:,}",
            b["tahun_baru"],
            "← berlaku" if b["berlaku"] else "",
        )
    console.print(table)
