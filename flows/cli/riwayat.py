"""``indikator runs`` (the run history), ``indikator diff`` (what changed between two runs, and
why) and ``indikator pulihkan`` (make an earlier run's generation current again)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from flows.cli.app import OUT_DEFAULT, app, console, err
from flows.cli.log import catat_galat

TAMPIL_MAKS = 60


def _gagal(exc: Exception) -> int:
    """One Bahasa line for a refusal or an error (details to the log); the exit code."""
    from transforms.keluar.galat import KeluaranGagal
    from transforms.keluar.kunci import KunciDipegang
    from transforms.keluar.riwayat import RiwayatGagal
    from transforms.langkah.keputusan import KodeKeluar

    if isinstance(exc, RiwayatGagal | KeluaranGagal):
        err.print(f"[red]{escape(str(exc))} Kode keluar 1.[/red]", soft_wrap=True)
        return int(KodeKeluar.GAGAL)
    if isinstance(exc, KunciDipegang):
        err.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)
        return int(KodeKeluar.SEDANG_DIPAKAI)
    log_path = catat_galat(exc)
    err.print(
        f"[red]GAGAL: galat tak terduga ({type(exc).__name__}: {escape(str(exc)[:300])}). "
        f"Rincian teknis di {log_path}. Kode keluar 1.[/red]",
        soft_wrap=True,
    )
    return int(KodeKeluar.GAGAL)


@app.command()
def runs(
    out: Annotated[Path, typer.Option(help="Folder keluaran.")] = OUT_DEFAULT,
    as_json: Annotated[
        bool, typer.Option("--json", help="Cetak catatan lengkap setiap run sebagai JSON.")
    ] = False,
) -> None:
    """Riwayat run: id, waktu, pemicu, parameter, berkas, hasil, jumlah baris."""
    from transforms.keluar.riwayat import baca_runs, buat_baris_run

    semua = baca_runs(out)
    if as_json:
        typer.echo(json.dumps(semua, ensure_ascii=False, indent=2, default=str))
        return
    if not semua:
        console.print(f"Belum ada run tercatat di {out / 'runs'}.", highlight=False)
        return
    console.print(f"Run di {out / 'runs'}: {len(semua)} (lama ke baru)", highlight=False)
    for rec in semua:  # two lines per run: never cut, whatever the width (cron logs)
        b = buat_baris_run(rec)
        console.print(
            f"[bold]{b['id_run']}[/bold]  {b['waktu']} UTC · pemicu {b['pemicu']} · "
            f"{escape(b['hasil'])}",
            highlight=False,
            soft_wrap=True,
        )
        console.print(
            f"    {escape(b['parameter'])} · berkas {b['berkas']} · generasi {b['generasi']} · "
            f"baris indikator {b['baris_indikator']} · indikator {b['indikator']} · "
            f"karantina {b['karantina']}",
            highlight=False,
            soft_wrap=True,
        )


def _angka(x: Any) -> str:
    """A value as the tables hold it: 6 significant digits, never a thousands separator (so
    16271 and 122698 look alike; whole numbers up to millions stay whole)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{float(x):.6g}" if abs(float(x)) < 1_000_000 else f"{float(x):.0f}"


def _periode(b: dict[str, Any]) -> str:
    tahun = str(int(b["tahun"]))
    if b.get("bulan") is not None and not _kosong(b["bulan"]):
        return f"{tahun}-{int(b['bulan']):02d}"
    if b.get("semester") is not None and not _kosong(b["semester"]):
        return f"{tahun}-S{int(b['semester'])}"
    return tahun


def _kosong(x: Any) -> bool:
    try:
        return bool(x != x) or x is None or str(x) == "<NA>"
    except (TypeError, ValueError):
        return str(x) == "<NA>"


def _baris_nilai(b: dict[str, Any]) -> str:
    lama = "(tidak ada)" if b["perubahan"] == "baru" else _angka(b["nilai_lama"])
    baru = "(tidak ada)" if b["perubahan"] == "hilang" else _angka(b["nilai_baru"])
    nama = "" if _kosong(b["nama_wilayah"]) else f" {b['nama_wilayah']}"
    return f"  {b['kode_indikator']} · {b['kode_wilayah']}{nama} · {_periode(b)} · {lama} → {baru}"


def _cetak_komponen(komponen: Any) -> None:
    """The changed component values (the first :data:`TAMPIL_MAKS`)."""
    if not len(komponen):
        return
    console.print(f"Nilai komponen yang berubah: {len(komponen)}", highlight=False)
    for b in komponen.head(TAMPIL_MAKS).to_dict("records"):
        console.print(
            f"  {b['komponen']} · {b['kode_wilayah']} · {_periode(b)} · "
            f"{_angka(b['nilai_lama'])} → {_angka(b['nilai_baru'])}",
            highlight=False,
            soft_wrap=True,
        )
    if len(komponen) > TAMPIL_MAKS:
        console.print(f"  … {len(komponen) - TAMPIL_MAKS} lagi")


def _cetak_perubahan(hasil: Any) -> None:
    """The input changes, then the changed values grouped by their cause (the first
    :data:`TAMPIL_MAKS` of each cause; all of them with ``--simpan``)."""
    tabel = hasil.perubahan
    a, b = hasil.run_a["id_run"], hasil.run_b["id_run"]
    per_jenis = tabel["perubahan"].value_counts().to_dict() if len(tabel) else {}
    rinci = ", ".join(f"{n} {j}" for j, n in sorted(per_jenis.items())) or "tidak ada"
    console.print(
        f"Perbandingan run {a} → {b}: {len(tabel)} nilai indikator berbeda ({rinci}).",
        highlight=False,
        soft_wrap=True,
    )
    console.print("Perubahan masukan:" if hasil.masukan else "Perubahan masukan: tidak ada.")
    for m in hasil.masukan:
        console.print(f"  {escape(m['teks'])}", highlight=False, soft_wrap=True)
    _cetak_komponen(hasil.komponen)
    for sebab, kelompok in tabel.groupby("sebab", sort=True):
        console.print(
            f"Sebab: {escape(str(sebab))} — {len(kelompok)} nilai:", highlight=False, soft_wrap=True
        )
        for baris in kelompok.head(TAMPIL_MAKS).to_dict("records"):
            console.print(escape(_baris_nilai(baris)), highlight=False, soft_wrap=True)
        if len(kelompok) > TAMPIL_MAKS:
            console.print(f"  … {len(kelompok) - TAMPIL_MAKS} lagi (semuanya dengan --simpan DIR)")


@app.command()
def diff(
    run_a: Annotated[
        str | None, typer.Argument(help="Run lama (bawaan: run terbit sebelum yang terakhir).")
    ] = None,
    run_b: Annotated[
        str | None, typer.Argument(help="Run baru (bawaan: run terbit terakhir).")
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder keluaran.")] = OUT_DEFAULT,
    simpan: Annotated[
        Path | None,
        typer.Option(help="Tulis tabel perubahan ke folder ini (Parquet dan CSV)."),
    ] = None,
) -> None:
    """Setiap nilai indikator yang berubah antara dua run, dengan perubahan masukan penyebabnya."""
    from transforms.langkah.banding import bandingkan_run, tulis_perubahan

    try:
        hasil = bandingkan_run(out, run_a, run_b)
        _cetak_perubahan(hasil)
        if simpan is not None:
            parquet, csv = tulis_perubahan(hasil, simpan)
            console.print(f"Tabel perubahan: {parquet} dan {csv}", highlight=False)
    except Exception as exc:  # never a traceback on screen
        raise typer.Exit(_gagal(exc)) from None


@app.command()
def pulihkan(
    run: Annotated[str, typer.Argument(help="Run yang generasinya dijadikan berlaku lagi.")],
    out: Annotated[Path, typer.Option(help="Folder keluaran.")] = OUT_DEFAULT,
) -> None:
    """Jadikan generasi run terdahulu berlaku lagi (dicatat sebagai run, pemicu 'pulihkan')."""
    from transforms.langkah.pulihkan import pulihkan as pulihkan_run

    try:
        catatan = pulihkan_run(out, run)
    except Exception as exc:  # never a traceback on screen
        raise typer.Exit(_gagal(exc)) from None
    if catatan is None:
        console.print(f"Generasi run {escape(run)} sudah berlaku; tidak ada yang diubah.")
        return
    console.print(
        f"[green]Dipulihkan:[/green] generasi {catatan['generasi']} (run "
        f"{catatan['dipulihkan_dari_run']}) berlaku lagi untuk {out}, menggantikan "
        f"{catatan['generasi_sebelumnya'] or '-'}. Dicatat sebagai run {catatan['id_run']}; "
        f"lihat perubahannya dengan: indikator diff --out {out}",
        highlight=False,
        soft_wrap=True,
    )
