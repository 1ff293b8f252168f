"""Console command ``indikator``: ingest, run, katalog. Thin: it calls transforms and flows.

Prefect is imported only by ``indikator run`` (it costs seconds to start).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
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
    from transforms.ingest import SumberTidakDikenal, TahunTidakDiketahui, ingest_file
    from transforms.read import BerkasTidakTerbaca
    from transforms.umum import KolomTidakDikenal, baca_kolom

    katalog = load_katalog()
    gagal = 0
    try:
        peta = baca_kolom(kolom, katalog) if kolom else None
    except KolomTidakDikenal as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    for path in berkas:
        if not path.is_file():
            err.print(f"[red]Berkas {str(path)!r} tidak ditemukan.[/red]")
            gagal += 1
            continue
        try:
            hasil = ingest_file(
                path, raw, katalog, tahun, bulan, sumber, wilayah, semester=semester, kolom=peta
            )
        except (SumberTidakDikenal, TahunTidakDiketahui, BerkasTidakTerbaca) as exc:
            err.print(f"[red]{exc}[/red]")
            gagal += 1
            continue
        except Exception as exc:  # never a traceback for a bad input: log it, say it in Bahasa
            log_path = catat_galat(exc)
            err.print(
                f"[red]Berkas {path.name!r} tidak dapat diterima: {exc}. "
                f"Rincian teknis di {log_path}.[/red]"
            )
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
                f"(sumber {hasil.provenans.sumber}, tahun {hasil.provenans.tahun}, "
                f"sha256 {hasil.provenans.sha256[:12]}…){pengganti}"
            )
        else:
            console.print(
                f"[yellow]Sudah ada[/yellow] {path.name}: isi yang sama sudah tersimpan di "
                f"{hasil.path}; tidak ada yang diubah."
            )
    raise typer.Exit(1 if gagal else 0)


def _log_path() -> Path:
    return Path(os.environ.get("INDIKATOR_LOG", "indikator-galat.log"))


@contextlib.contextmanager
def _log_ke_berkas():
    """While a command runs, technical log records go to the log file, not the screen."""
    logger = logging.getLogger("transforms")
    handler = logging.FileHandler(_log_path(), encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        handler.close()
        logger.propagate = propagate


def catat_galat(exc: BaseException) -> Path:
    """Write the traceback of an unexpected error to the log file; return its path."""
    import datetime as dt
    import traceback

    log_path = _log_path()
    with log_path.open("a", encoding="utf-8") as fh:
        fh.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n")
        fh.write("".join(traceback.format_exception(exc)))
    return log_path


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
    target: Annotated[
        Path, typer.Option(help="Folder target daerah (CSV, kolom seperti catalog/target).")
    ] = Path("data/target"),
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

        ringkasan = jalankan(raw, out, tahun, target=target)
    else:
        from flows.pipeline import pipeline

        ringkasan = pipeline(raw, out, tahun, target)
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
        with _log_ke_berkas():
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
    from transforms.ingest import Permintaan
    from transforms.laporan import dapat_dipakai, ringkasan_validasi, tulis_laporan
    from transforms.run import validasi_berkas
    from transforms.umum import KolomTidakDikenal, baca_kolom

    if not berkas.is_file():
        err.print(f"[red]Berkas {str(berkas)!r} tidak ditemukan.[/red]")
        raise typer.Exit(1)
    katalog = load_katalog()
    try:
        peta = baca_kolom(kolom, katalog) if kolom else None
    except KolomTidakDikenal as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    minta = Permintaan(tahun, bulan, semester, sumber, wilayah, peta)
    hasil = validasi_berkas(berkas, katalog, minta)
    out.mkdir(parents=True, exist_ok=True)
    laporan = tulis_laporan(
        berkas,
        hasil.hasil.masalah,
        hasil.hasil.akuntansi,
        out,
        sheet=hasil.sheet,
        baris_judul=hasil.baris_judul,
    )
    ringkas = ringkasan_validasi(hasil.hasil.masalah, hasil.hasil.akuntansi, laporan=laporan)
    console.print(ringkas, markup=False, highlight=False)
    return dapat_dipakai(hasil.hasil.masalah, hasil.hasil.akuntansi)


@app.command()
def template(
    sumber: Annotated[
        str | None, typer.Option(help="Instansi (mis. kemenkes); lihat --list.")
    ] = None,
    wilayah: Annotated[str | None, typer.Option(help="Kode wilayah (mis. 33.06).")] = None,
    tahun: Annotated[int | None, typer.Option(help="Tahun data.")] = None,
    tingkat: Annotated[str, typer.Option(help="Tingkat baris: kecamatan atau desa.")] = "desa",
    bulan: Annotated[
        int | None, typer.Option(min=1, max=12, help="Bulan (tanpa ini: tahunan).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Berkas XLSX yang ditulis.")] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="Daftar instansi dan indikator yang diisi templatnya.")
    ] = False,
) -> None:
    """Tulis templat Excel untuk instansi yang belum punya ekspor (isi, lalu ingest kembali)."""
    from transforms.template import TemplateTidakValid, buat_template, teks_daftar_instansi

    if list_:
        console.print(teks_daftar_instansi(), markup=False)
        return
    if not (sumber and wilayah and tahun and out):
        err.print("[red]Sebutkan --sumber, --wilayah, --tahun dan --out (atau --list).[/red]")
        raise typer.Exit(1)
    try:
        path = buat_template(sumber, wilayah, tahun, tingkat, bulan, out=out)
    except (TemplateTidakValid, KeyError, ValueError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"[green]Templat ditulis[/green]: {path}")


@app.command()
def cakupan(
    keluaran: Annotated[Path, typer.Option(help="Folder keluaran run.")] = OUT_DEFAULT,
    wilayah: Annotated[
        list[str] | None, typer.Option(help="Kode wilayah cakupan (boleh berulang).")
    ] = None,
    tahun: Annotated[int | None, typer.Option(help="Tahun (tanpa ini: semua tahun).")] = None,
    out: Annotated[Path | None, typer.Option(help="Folder untuk cakupan.csv/.xlsx.")] = None,
) -> None:
    """Per indikator: wilayah dan periode yang sudah punya nilai, dan sumber yang kurang."""
    import pandas as pd

    from transforms import wilayah as wil
    from transforms.cakupan import hitung_cakupan
    from transforms.keamanan import tulis_csv_aman, tulis_xlsx_aman
    from transforms.template import daftar_instansi

    folder = keluaran / "indikator"
    if not folder.is_dir():
        err.print(f"[red]Belum ada keluaran di {folder}; jalankan 'indikator run' dulu.[/red]")
        raise typer.Exit(1)
    data = pd.read_parquet(folder)
    tahun_list = [tahun] if tahun else sorted(int(t) for t in data["tahun"].unique())
    if tahun:
        data = data[data["tahun"] == tahun]
    scope = wilayah or sorted(data.loc[data["tingkat"] == "kabupaten", "kode_wilayah"].unique())
    master = wil.load_master(wil.edisi_untuk_tahun(max(tahun_list)))
    template_komponen = {i.sumber: list(i.komponen) for i in daftar_instansi()}
    ringkas, rinci = hitung_cakupan(
        data, load_katalog(), master, list(scope), tahun_list, template_komponen
    )
    table = Table(title=f"Cakupan indikator ({', '.join(scope)}; tahun {tahun_list})")
    for col in ("kode", *wil.TINGKAT, "sumber yang kurang"):
        table.add_column(col)
    for _, r in ringkas.iterrows():
        table.add_row(
            r["kode_indikator"],
            *[str(r[t]) if pd.notna(r[t]) else "-" for t in wil.TINGKAT],
            "" if r["lengkap"] else str(r["dipasok_oleh"]),
        )
    console.print(table)
    lengkap = int(ringkas["lengkap"].sum())
    console.print(f"{lengkap} dari {len(ringkas)} indikator lengkap untuk semua wilayah.")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        tulis_csv_aman(ringkas, out / "cakupan.csv", index=False)
        tulis_csv_aman(rinci, out / "cakupan_rinci.csv", index=False)
        tulis_xlsx_aman({"ringkasan": ringkas, "rinci": rinci}, out / "cakupan.xlsx")
        console.print(
            f"Ditulis: {out / 'cakupan.csv'}, {out / 'cakupan_rinci.csv'}, {out / 'cakupan.xlsx'}"
        )
