"""Console command ``indikator``: ingest, run, katalog. Thin: it calls transforms and flows.

Prefect is imported only by ``indikator run`` (it costs seconds to start).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from transforms.catalog import aturan_tahunan, indikator_as_dict, load_katalog

app = typer.Typer(
    help="indikator: laporan Excel/CSV → indikator KB-KS, RAN PASTI dan SIPD dalam Parquet.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

RAW_DEFAULT = Path("data/raw")
OUT_DEFAULT = Path("data/processed")


@app.command()
def ingest(
    berkas: Annotated[list[Path], typer.Argument(help="Berkas CSV/XLSX yang diterima.")],
    tahun: Annotated[int, typer.Option(help="Tahun data (wajib).")],
    bulan: Annotated[
        int | None, typer.Option(min=1, max=12, help="Bulan data, bila satu bulan.")
    ] = None,
    sumber: Annotated[
        str | None, typer.Option(help="Id sumber; tanpa ini dikenali dari judul kolom.")
    ] = None,
    wilayah: Annotated[
        str | None, typer.Option(help="Kode wilayah cakupan berkas (mis. 33.06).")
    ] = None,
    raw: Annotated[Path, typer.Option(help="Folder penyimpanan raw.")] = RAW_DEFAULT,
) -> None:
    """Simpan berkas apa adanya ke penyimpanan raw, dengan catatan asal-usul (sidecar)."""
    from transforms.ingest import SumberTidakDikenal, ingest_file

    katalog = load_katalog()
    gagal = 0
    for path in berkas:
        if not path.is_file():
            err.print(f"[red]Berkas {str(path)!r} tidak ditemukan.[/red]")
            gagal += 1
            continue
        try:
            hasil = ingest_file(path, raw, katalog, tahun, bulan, sumber, wilayah)
        except SumberTidakDikenal as exc:
            err.print(f"[red]{exc}[/red]")
            gagal += 1
            continue
        if hasil.baru:
            pengganti = (
                f" (menggantikan {hasil.provenans.menggantikan})"
                if hasil.provenans.menggantikan
                else ""
            )
            console.print(
                f"[green]Diterima[/green] {path.name} → {hasil.path} "
                f"(sumber {hasil.provenans.sumber}, sha256 {hasil.provenans.sha256[:12]}…)"
                f"{pengganti}"
            )
        else:
            console.print(
                f"[yellow]Sudah ada[/yellow] {path.name}: isi yang sama sudah tersimpan di "
                f"{hasil.path}; tidak ada yang diubah."
            )
    raise typer.Exit(1 if gagal else 0)


def _print_ringkasan(ringkasan, out: Path) -> None:
    table = Table(title=f"Run {ringkasan.id_run}")
    for col in ("berkas", "sumber", "dibaca", "dipakai", "karantina", "bukan data", "peringatan"):
        table.add_column(col)
    for a in ringkasan.berkas:
        table.add_row(
            str(a["berkas"]),
            str(a["sumber"]),
            str(a["baris_dibaca"]),
            str(a["baris_dipakai"]),
            str(a["baris_karantina"]),
            str(a["baris_bukan_data"]),
            str(a["peringatan"]) if "ditolak" not in a else f"DITOLAK: {a['ditolak']}",
        )
    console.print(table)
    dibaca = sum(int(a["baris_dibaca"]) for a in ringkasan.berkas)
    dipakai = sum(int(a["baris_dipakai"]) for a in ringkasan.berkas)
    wil = ", ".join(f"{v} {k}" for k, v in ringkasan.jumlah_wilayah.items())
    console.print(
        f"Berkas: {len(ringkasan.berkas)} · baris dibaca: {dibaca:,} · baris dipakai: {dipakai:,}"
        f"\nIndikator dihitung: {ringkasan.jumlah_indikator} · wilayah: {wil or '-'}"
        f" · baris keluaran: {ringkasan.baris_indikator:,}"
        f"\nKeluaran: {out / 'indikator'} (tahun {', '.join(map(str, ringkasan.tahun)) or '-'})"
        f" · manifest: {out / 'manifest.json'}"
    )


@app.command()
def run(
    raw: Annotated[Path, typer.Option(help="Folder penyimpanan raw.")] = RAW_DEFAULT,
    out: Annotated[Path, typer.Option(help="Folder keluaran Parquet.")] = OUT_DEFAULT,
    tahun: Annotated[int | None, typer.Option(help="Hanya tahun ini.")] = None,
    tanpa_prefect: Annotated[
        bool, typer.Option("--tanpa-prefect", help="Jalankan langkah yang sama tanpa Prefect.")
    ] = False,
) -> None:
    """Baca penyimpanan raw, hitung semua indikator, terbitkan Parquet (alur Prefect)."""
    if not raw.is_dir():
        err.print(
            f"[red]Folder raw {str(raw)!r} tidak ada. Jalankan 'indikator ingest' dulu.[/red]"
        )
        raise typer.Exit(1)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    if tanpa_prefect:
        from transforms.run import jalankan

        ringkasan = jalankan(raw, out, tahun)
    else:
        from flows.pipeline import pipeline

        ringkasan = pipeline(raw, out, tahun)
    _print_ringkasan(ringkasan, out)


def _kartu(kode: str) -> None:
    katalog = load_katalog()
    ind = katalog.indikator[kode]
    table = Table(show_header=False, title=f"{ind.kode} — {ind.judul}", title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    rows = [
        ("NAMA INDIKATOR", ind.judul),
        ("KODE", ind.kode),
        ("KONSEP / DEFINISI", ind.definisi),
        ("RUMUS", _rumus(ind)),
    ]
    for peran, nama in (("PEMBILANG", ind.pembilang), ("PENYEBUT", ind.penyebut)):
        if nama:
            k = katalog.komponen[nama]
            rows.append((peran, f"{k.judul} [{nama}] — {k.definisi} ({aturan_tahunan(k)})"))
    rows += [
        ("SATUAN", ind.satuan),
        (
            "ARAH",
            "naik (semakin tinggi semakin baik)"
            if ind.arah == "naik"
            else "turun (semakin rendah semakin baik)",
        ),
        ("PERIODE", ind.frekuensi),
        ("KEDALAMAN DATA", ", ".join(ind.kedalaman)),
        ("SUMBER DATA", ind.sumber_data),
        ("WALI DATA", ind.wali_data),
        ("TARGET", ind.target_teks or "-"),
        ("RUJUKAN", ind.rujukan),
    ]
    if ind.alias:
        rows.append(("ALIAS", "; ".join(f"{a['sistem']} {a['kode']}" for a in ind.alias)))
    if ind.catatan:
        rows.append(("CATATAN", ind.catatan))
    for label, value in rows:
        table.add_row(label, value)
    console.print(table)


def _rumus(ind) -> str:
    if ind.penyebut is None:
        return f"Σ {ind.pembilang}"
    kali = f" × {ind.pengali:g}" if ind.pengali != 1 else ""
    return f"Σ {ind.pembilang} / Σ {ind.penyebut}{kali}"


@app.command()
def katalog(
    kode: Annotated[str | None, typer.Argument(help="Kode indikator, mis. spm.02.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON.")] = False,
) -> None:
    """Daftar indikator, atau kartu metadata satu indikator."""
    kat = load_katalog()
    if kode is not None and kode not in kat.indikator:
        err.print(f"[red]Kode indikator {kode!r} tidak ada di katalog.[/red]")
        raise typer.Exit(1)
    if as_json:
        chosen = [kat.indikator[kode]] if kode else list(kat.indikator.values())
        data = [indikator_as_dict(i, kat.komponen) for i in chosen]
        sys.stdout.write(json.dumps(data[0] if kode else data, ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
        return
    if kode:
        _kartu(kode)
        return
    table = Table(title=f"Katalog indikator ({len(kat.indikator)})")
    for col in ("kode", "judul", "rumus", "satuan", "arah"):
        table.add_column(col)
    for ind in kat.indikator.values():
        table.add_row(ind.kode, ind.judul, _rumus(ind), ind.satuan, ind.arah)
    console.print(table)


if __name__ == "__main__":
    app()
