"""Kabupaten files against province files: one province's year sent both ways, side by side.

A provincial office receives each month one export per kabupaten/kota per source, all named
alike (``data_pus.csv`` …); the same rows can also come as one file per source. This measures
both, each step as its own process as the CLI runs it (``benchmarks/nasional_ukur.py``):
``indikator ingest`` of each month's folder (month 1 and the last month side by side show
whether a file's cost grows with the store), ``indikator run --tanpa-prefect`` and
``run --hitung-ulang``; and checks that both arrangements publish the generator's expected
values (``benchmarks/nasional_hasil.bandingkan_harapan``). Then the last month's first
``data_pus`` (one kabupaten's file, or the province's) is sent again with one value corrected
(``benchmarks/nasional_koreksi.buat_koreksi``), ingested and run: its cost as a share of the
full year's ingest + run, and whether exactly that value moved.

Usage::

    uv run python -m benchmarks.kiriman                       # Jawa Tengah (33), 12 months, CSV
    uv run python -m benchmarks.kiriman --provinsi 76 --bulan 3 --format xlsx
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.nasional_hasil import bandingkan_harapan, tanda_benar
from benchmarks.nasional_koreksi import buat_koreksi, nilai_provinsi, periksa_koreksi
from benchmarks.nasional_ukur import (
    jumlahkan,
    siapkan_bytecode,
    ukur_ingest_bulanan,
    ukur_koreksi,
    ukur_run,
)
from scripts.nasional.utama import TAHUN, buat_nasional, folder_bulan

CARA = {"provinsi": "satu berkas per sumber per bulan", "kabupaten": "satu berkas per kabupaten"}


def ukur_cara(data: Path, kerja: Path, fmt: str, bulan: int) -> dict[str, object]:
    """Ingest month by month, run, run --hitung-ulang of one arrangement, then one file of the
    last month corrected; its measures."""
    raw, out = kerja / "raw", kerja / "out"
    hasil = {
        "ingest": ukur_ingest_bulanan(data, fmt, bulan, raw, kerja),
        "run": ukur_run(raw, out, kerja, False, "run"),
        "ulang": ukur_run(raw, out, kerja, False, "ulang", "--hitung-ulang"),
        "benar": bandingkan_harapan(out, data / "harapan.parquet", bulan),
    }
    # the first data_pus of the last month (a kabupaten's file, or the province's) sent again
    src = sorted(folder_bulan(data, fmt, TAHUN, bulan).rglob(f"data_pus.{fmt}"))[0]
    berkas, _ = buat_koreksi(src, kerja / "koreksi")
    sebelum = nilai_provinsi(out, bulan)
    hasil["koreksi"] = ukur_koreksi(berkas, bulan, raw, out, kerja, "koreksi")
    hasil["koreksi_benar"] = periksa_koreksi(sebelum, nilai_provinsi(out, bulan))
    return hasil


def tabel(hasil: dict[str, dict], bulan: int) -> list[str]:
    """Markdown lines: one row per arrangement."""
    baris = [
        f"| cara | berkas | ingest bulan 1 (wall / CPU s) | ingest bulan {bulan} | "
        "ingest semua (wall / CPU s; CPU ms per berkas) | run | run --hitung-ulang | "
        "puncak MB | nilai = harapan | koreksi satu berkas data_pus: ingest + run | "
        "koreksi ÷ ingest + run penuh (wall / CPU) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for cara, r in hasil.items():
        i, semua = r["ingest"], jumlahkan("ingest", r["ingest"])
        puncak = max(semua.puncak_mb, r["run"].puncak_mb, r["ulang"].puncak_mb)
        benar = tanda_benar(r["benar"])
        koreksi = jumlahkan("koreksi", list(r["koreksi"]))
        penuh = jumlahkan("penuh", [semua, r["run"]])
        tanda = "✔" if r["koreksi_benar"] else "✘ (nilai koreksi tidak terbit)"
        baris.append(
            f"| {CARA[cara]} | {r['berkas']:,} | {i[0].wall:.1f} / {i[0].cpu:.1f} | "
            f"{i[-1].wall:.1f} / {i[-1].cpu:.1f} | {semua.wall:.1f} / {semua.cpu:.1f}; "
            f"{1000 * semua.cpu / r['berkas']:.0f} | {r['run'].wall:.1f} / {r['run'].cpu:.1f} | "
            f"{r['ulang'].wall:.1f} / {r['ulang'].cpu:.1f} | {puncak:,.0f} | {benar} | "
            f"{koreksi.wall:.1f} / {koreksi.cpu:.1f} | {100 * koreksi.wall / penuh.wall:.0f} % / "
            f"{100 * koreksi.cpu / penuh.cpu:.0f} % {tanda} |"
        )
    return baris


def main(argv: list[str] | None = None) -> None:
    """Generate both arrangements, measure, print (and write with ``--hasil``) the table."""
    p = argparse.ArgumentParser(description="Kiriman kabupaten vs kiriman provinsi.")
    p.add_argument("--provinsi", default="33")
    p.add_argument("--bulan", type=int, default=12)
    p.add_argument("--format", default="csv", choices=("csv", "xlsx"))
    p.add_argument("--kerja", type=Path, default=None, help="folder kerja (bawaan: sementara)")
    p.add_argument("--hasil", type=Path, default=None, help="tulis tabel ke berkas ini")
    a = p.parse_args(argv)
    siapkan_bytecode()
    mulai = time.perf_counter()
    kerja = a.kerja or Path(tempfile.mkdtemp(prefix="indikator-kiriman-"))
    bulan = list(range(1, a.bulan + 1))
    hasil = {}
    for cara in CARA:
        data = kerja / cara / "data"
        dibuat = buat_nasional(
            data, bulan, [a.provinsi], (a.format,), per_kabupaten=cara == "kabupaten"
        )
        print(f"[{cara}] ingest {a.bulan} bulan + run …", flush=True)
        hasil[cara] = ukur_cara(data, kerja / cara, a.format, a.bulan)
        hasil[cara]["berkas"] = len(dibuat["berkas"])
    judul = f"Provinsi {a.provinsi}, {a.bulan} bulan, {a.format.upper()}"
    teks = "\n".join([f"### {judul}", "", *tabel(hasil, a.bulan), ""])
    print(teks)
    if a.hasil:
        a.hasil.write_text(teks, encoding="utf-8")
    print(f"selesai dalam {time.perf_counter() - mulai:.0f} detik")
    if a.kerja is None:
        shutil.rmtree(kerja, ignore_errors=True)
    langkah = [
        u for r in hasil.values() for u in [*r["ingest"], r["run"], r["ulang"], *r["koreksi"]]
    ]
    if any(k for u in langkah for k in u.kode):
        raise SystemExit("ada langkah yang gagal (lihat log .<langkah>.log di folder kerja)")


if __name__ == "__main__":
    main()
