"""``indikator status``: raw store grid (source × month), region coverage, generation, last run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from flows.cli.app import OUT_DEFAULT, RAW_DEFAULT, app, console, err
from flows.cli.log import catat_galat, catat_log_ke_berkas

_WARNA = {"✓": "green", "K": "yellow", "T": "red", "·": "dim"}


def _tabel_bulanan(rows: list[list[str]], tahun: int) -> Table:
    from transforms.keluar.status_teks import BULAN_PENDEK

    table = Table(title=f"Penyimpanan raw {tahun}: sumber bulanan", padding=(0, 0))
    table.add_column("sumber", no_wrap=True)
    for b in BULAN_PENDEK:
        table.add_column(b, justify="center")
    for r in rows:
        table.add_row(f" {r[0]} ", *[f"[{_WARNA[s]}]{s}[/{_WARNA[s]}]" for s in r[1:]])
    return table


def _cetak_tahun_tty(t) -> None:
    """One year as rich tables (terminal)."""
    from transforms.keluar.status_teks import (
        LEGENDA,
        buat_baris_bulanan,
        buat_baris_cakupan_sumber,
        buat_baris_lain,
        buat_kalimat_sumber,
    )

    if rows := buat_baris_bulanan(t.grid):
        console.print(_tabel_bulanan(rows, t.tahun))
    if rows := buat_baris_lain(t.grid):
        table = Table(title=f"Raw {t.tahun}: semester/tahunan")
        for col in ("sumber", "jenis", "periode"):
            table.add_column(col)
        for r in rows:
            table.add_row(*r)
        console.print(table)
    console.print(LEGENDA, highlight=False)
    for sumber, _, teks in buat_kalimat_sumber(t.grid):
        if "kosong" in teks or "ditarik" in teks:
            console.print(f"  {sumber}: {teks}", highlight=False)
    _cetak_tanpa_periode(t)
    table = Table(title=f"Cakupan wilayah per sumber {t.tahun} (berkas berlaku / master)")
    for col in ("sumber", "kabupaten", "kecamatan", "desa"):
        table.add_column(col)
    for r in buat_baris_cakupan_sumber(t.cakupan):
        table.add_row(*r)
    console.print(table)


def _cetak_tanpa_periode(t) -> None:
    for berkas in t.perkiraan:
        console.print(
            f"  {berkas}: koreksi, periodenya diambil dari berkas yang digantikan "
            "(dipastikan pada 'indikator run' berikutnya).",
            highlight=False,
        )
    for berkas in t.tanpa_periode:
        console.print(
            f"  {berkas}: periode belum diketahui (diterima sesudah run terakhir; "
            "jalankan 'indikator run').",
            highlight=False,
        )


def _cetak_tahun_polos(t) -> None:
    """One year as plain lines (cron, logs): one sentence per source, every gap named."""
    from transforms.keluar.status_teks import buat_baris_cakupan_sumber, buat_kalimat_sumber

    console.print(f"Penyimpanan raw tahun {t.tahun}:", highlight=False)
    for sumber, jenis, teks in buat_kalimat_sumber(t.grid):
        console.print(f"  {sumber} ({jenis}): {teks}", highlight=False, soft_wrap=True)
    _cetak_tanpa_periode(t)
    console.print(f"Cakupan wilayah per sumber {t.tahun} (berkas berlaku / master):")
    for sumber, kab, kec, desa in buat_baris_cakupan_sumber(t.cakupan):
        console.print(
            f"  {sumber}: kabupaten {kab}, kecamatan {kec}, desa {desa}",
            highlight=False,
            soft_wrap=True,
        )


@app.command()
def status(
    raw: Annotated[Path, typer.Option(help="Folder penyimpanan raw.")] = RAW_DEFAULT,
    out: Annotated[Path, typer.Option(help="Folder keluaran run.")] = OUT_DEFAULT,
    tahun: Annotated[
        int | None, typer.Option(help="Tahun (tanpa ini: tahun terakhir di penyimpanan raw).")
    ] = None,
    semua: Annotated[bool, typer.Option("--semua", help="Satu tabel per tahun.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON untuk mesin.")] = False,
) -> None:
    """Penyimpanan raw per sumber × bulan, cakupan wilayah, generasi berlaku, run terakhir."""
    from transforms.keluar.status import buat_status
    from transforms.keluar.status_teks import buat_json_status, sebut_generasi, sebut_run

    try:
        with catat_log_ke_berkas():
            hasil = buat_status(raw, out, tahun, semua)
    except Exception as exc:  # never a traceback: log it, say it in Bahasa
        log_path = catat_galat(exc)
        err.print(f"[red]Status tidak dapat dibaca: {exc}. Rincian di {log_path}.[/red]")
        raise typer.Exit(1) from None
    if as_json:
        print(json.dumps(buat_json_status(hasil), ensure_ascii=False, indent=2))
        return
    if not hasil.tahun:
        console.print(f"Penyimpanan raw {raw} kosong (belum ada berkas diterima).")
    for t in hasil.tahun:
        (_cetak_tahun_tty if console.is_terminal else _cetak_tahun_polos)(t)
    for berkas, galat in hasil.rusak:
        console.print(f"[red]{berkas}: tidak dapat dipakai.[/red] {galat}", highlight=False)
    for catatan in hasil.catatan:
        console.print(f"[yellow]{catatan}[/yellow]", highlight=False)
    console.print(sebut_generasi(hasil.generasi), highlight=False, soft_wrap=True)
    console.print(sebut_run(hasil.run_terakhir), highlight=False, soft_wrap=True)
