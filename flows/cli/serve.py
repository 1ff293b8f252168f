"""``indikator serve``: serve the monthly and annual deployments on a Prefect server.

Schedules need a Prefect server that keeps running (``prefect server start``) and
``PREFECT_API_URL`` pointing to it; a temporary server cannot schedule. The folders come from
the settings (``INDIKATOR_PENGATURAN`` or ``INDIKATOR_RAW``/``INDIKATOR_OUT``), absolute.
"""

from __future__ import annotations

import typer
from rich.markup import escape

from flows.cli.app import app, console, err
from flows.cli.log import catat_galat


@app.command()
def serve() -> None:
    """Layani run terjadwal: bulanan (tgl 5, 02.00 WIB) dan tahunan (31 Januari)."""
    from transforms.langkah.pengaturan import PengaturanSalah, baca_jalur

    try:
        jalur = baca_jalur()
    except PengaturanSalah as exc:
        err.print(f"[red]GAGAL: {escape(str(exc))}[/red]", soft_wrap=True)
        raise typer.Exit(1) from None
    if jalur.raw is None or jalur.out is None:
        err.print(
            "[red]GAGAL: folder raw dan keluaran belum diatur. Tulis berkas pengaturan (mis. "
            "indikator.toml dengan raw = ... dan out = ...) lalu set INDIKATOR_PENGATURAN ke "
            "jalur absolutnya, atau set INDIKATOR_RAW dan INDIKATOR_OUT (absolut).[/red]",
            soft_wrap=True,
        )
        raise typer.Exit(1)
    from flows.ringan import cari_api_prefect, pasang_pengaturan_prefect

    pasang_pengaturan_prefect()
    url = cari_api_prefect()
    if not url:
        err.print(
            "[red]GAGAL: jadwal butuh server Prefect yang terus berjalan. Jalankan "
            "'prefect server start' (terminal lain atau layanan), lalu set "
            "PREFECT_API_URL=http://127.0.0.1:4200/api dan jalankan lagi.[/red]",
            soft_wrap=True,
        )
        raise typer.Exit(1)
    _layani(jalur, url)


def _layani(jalur, url: str) -> None:
    from prefect import serve as layani

    from flows.jadwal import buat_deployment
    from transforms.langkah.jadwal import CRON, ZONA

    console.print(f"Server Prefect: {escape(url)}", soft_wrap=True)
    console.print(
        f"raw: {jalur.raw} · keluaran: {jalur.out} · target: {jalur.target or '-'}",
        soft_wrap=True,
    )
    for nama, cron in CRON.items():
        console.print(f"Deployment indikator-run/{nama}: cron '{cron}' ({ZONA})", soft_wrap=True)
    try:
        layani(*buat_deployment(jalur), pause_on_shutdown=False)
    except KeyboardInterrupt:
        console.print("Berhenti melayani; jadwal tetap tercatat di server Prefect.")
    except Exception as exc:  # never a traceback on screen
        log_path = catat_galat(exc)
        err.print(
            f"[red]GAGAL: deployment tidak dapat dilayani ({type(exc).__name__}: "
            f"{escape(str(exc)[:300])}). Rincian teknis di {log_path}.[/red]",
            soft_wrap=True,
        )
        raise typer.Exit(1) from None
