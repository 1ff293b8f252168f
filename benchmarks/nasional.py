"""National benchmark: the floor, a naive baseline and indikator end to end, side by side.

One command generates SIGA monthly exports (``scripts/buat_nasional.py``), then for each format
and each number of months measures, each as its own process (wall clock, CPU = user + sys of
the process and the children it reaped, peak RSS):

* ``lantai`` (floor): fastexcel / pyarrow.csv + the same sums in DuckDB + zstd Parquet;
* ``naif`` (naive): pandas ``read_excel`` (openpyxl) / ``read_csv``, ``groupby``, ``to_parquet``;
* ``indikator ingest`` (one process per month, as an office would run it) and
  ``indikator run --tanpa-prefect``, then ``indikator run`` with Prefect (for the first month
  count only, unless ``--prefect-semua``);
* a second run with nothing changed; a run computing every province again into the published
  generation (as a month's scheduled run: every province has new files; the year's memory
  peak); and the rerun after a correction: one ``data_pus`` file of
  the last month sent again with one value changed, ingested and run, and the same month's
  ``data_pus`` sent as one file per province then one province's file corrected
  (``benchmarks/nasional_koreksi.py``), each as a share of the full ingest + run;

checks that the published province and kabupaten values equal the generator's expected values,
measures region-name matching before/after (``benchmarks/nasional_cocok.py``), profiles
``indikator run`` and one ``indikator ingest`` with cProfile, and writes ``benchmarks/RESULTS.md``.

Usage::

    uv run python -m benchmarks.nasional --cepat        # Sulbar (76), 1 month, XLSX, no Prefect
    uv run python -m benchmarks.nasional --bulan 1,3 --format xlsx,csv
    uv run python -m benchmarks.nasional --bulan 1,3,12 --provinsi semua   # all Indonesia (heavy)
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.nasional_hasil import bandingkan_harapan, tulis_hasil
from benchmarks.nasional_koreksi import (
    buat_koreksi,
    nilai_provinsi,
    periksa_koreksi,
    pisah_per_provinsi,
)
from benchmarks.nasional_profil import profil
from benchmarks.nasional_ukur import (
    ROOT,
    Ukuran,
    jalankan,
    jumlahkan,
    mesin,
    perintah_indikator,
    siapkan_bytecode,
    ukur_ingest_bulanan,
    ukur_koreksi,
    ukur_run,
)
from scripts.nasional.angka import TABEL
from scripts.nasional.utama import TAHUN, buat_nasional, folder_bulan, urai_bulan
from transforms.langkah.simpanan import Simpanan, cari_folder_simpanan
from transforms.langkah.simpanan_hitung import SimpananHitung
from transforms.terima.simpan import cari_berkas_aktif


def _berkas(data: Path, fmt: str, n: int) -> list[Path]:
    return [
        folder_bulan(data, fmt, TAHUN, b) / f"{s}.{fmt}" for b in range(1, n + 1) for s in TABEL
    ]


def _ingest(data: Path, fmt: str, n: int, raw: Path, kerja: Path) -> Ukuran:
    """``indikator ingest`` of each month's folder (one process per month), added up."""
    return jumlahkan("ingest", ukur_ingest_bulanan(data, fmt, n, raw, kerja))


def _lupakan_provinsi(raw: Path) -> None:
    """Remove the kept province-year indicators of ``raw``'s cache, so that the next run
    computes every province as the first run did (the file results stay: ingest made them)."""
    simpanan = Simpanan(cari_folder_simpanan(raw), True)
    shutil.rmtree(SimpananHitung.dari(simpanan).folder, ignore_errors=True)


def _pembanding(cara: str, nama: str, tempat: Path, berkas: list[str], judul: str) -> Ukuran:
    """One baseline of ``benchmarks.nasional_lantai`` (``cara``: lantai or naif) over
    ``berkas`` as its own process, writing ``<nama>.parquet`` in ``tempat``; ``judul`` is
    printed first."""
    print(f"{judul} …", flush=True)
    keluaran = str(tempat / f"{nama}.parquet")
    perintah = [sys.executable, "-m", "benchmarks.nasional_lantai", cara, keluaran, *berkas]
    return jalankan(f"{nama}-{tempat.name}", perintah, cwd=tempat)


def _satu(a: argparse.Namespace, data: Path, kerja: Path, fmt: str, n: int, pertama: bool) -> dict:
    """All measurements for one format and one number of months."""
    berkas = _berkas(data, fmt, n)
    tempat = kerja / f"{fmt}-{n}"
    tempat.mkdir(parents=True, exist_ok=True)
    berkas_teks = [str(p) for p in berkas]
    hasil: dict[str, Ukuran] = {}
    judul = f"[{fmt}, {n} bulan]"
    hasil["lantai"] = _pembanding("lantai", "lantai", tempat, berkas_teks, f"{judul} lantai")
    if not a.tanpa_naif and n <= a.naif_maks:
        hasil["naif"] = _pembanding("naif", "naif", tempat, berkas_teks, f"{judul} naif")
    print(f"[{fmt}, {n} bulan] indikator ingest …", flush=True)
    hasil["ingest"] = _ingest(data, fmt, n, tempat / "raw", tempat)
    print(f"[{fmt}, {n} bulan] indikator run --tanpa-prefect …", flush=True)
    hasil["run"] = ukur_run(tempat / "raw", tempat / "out", tempat, False, f"run-{fmt}-{n}")
    # the floor again: the ratios divide by the mean of both (nasional_hasil.lantai_acuan)
    hasil["lantai_sesudah"] = _pembanding(
        "lantai", "lantai-sesudah", tempat, berkas_teks, f"{judul} lantai lagi"
    )
    if a.prefect_semua or (pertama and a.prefect):
        print(f"[{fmt}, {n} bulan] indikator run (Prefect) …", flush=True)
        nama = f"run-prefect-{fmt}-{n}"
        _lupakan_provinsi(tempat / "raw")  # the same work as the run without Prefect
        hasil["run_prefect"] = ukur_run(tempat / "raw", tempat / "out-prefect", tempat, True, nama)
    benar = bandingkan_harapan(tempat / "out", data / "harapan.parquet", n)
    koreksi = koreksi_provinsi = None
    if a.koreksi:
        koreksi = _koreksi(data, tempat, fmt, n, hasil)
        koreksi_provinsi = _koreksi_provinsi(data, tempat, fmt, n, hasil)
    return {
        "format": fmt,
        "bulan": n,
        "berkas": len(berkas),
        "ukuran": hasil,
        "benar": benar,
        "koreksi": koreksi,
        "koreksi_provinsi": koreksi_provinsi,
    }


def _koreksi(data: Path, tempat: Path, fmt: str, n: int, hasil: dict[str, Ukuran]) -> bool:
    """A second run with nothing changed, a run computing every province again into the
    published generation (as a month's scheduled run does), then one file of month ``n``
    corrected (one value),
    ingested (it replaces the stored one by coverage) and run again; True when exactly that
    value moved in the published output."""
    raw, out = tempat / "raw", tempat / "out"
    print(f"[{fmt}, {n} bulan] indikator run kedua (tanpa perubahan) …", flush=True)
    hasil["run_kedua"] = ukur_run(raw, out, tempat, False, f"run-kedua-{fmt}-{n}")
    # a scheduled month's run: every province has new files, so every province is computed
    # again and compared with the generation already published (the memory peak of the year);
    # --hitung-ulang: the year is computed although its files are those of the generation
    print(f"[{fmt}, {n} bulan] indikator run, semua provinsi dihitung ulang …", flush=True)
    _lupakan_provinsi(raw)
    nama = f"run-ulang-semua-{fmt}-{n}"
    hasil["run_ulang_semua"] = ukur_run(raw, out, tempat, False, nama, "--hitung-ulang")
    # the first run after a code update: no cached file result or province applies (as with
    # --tanpa-cache), so every file is processed again (by worker processes, then read back)
    print(f"[{fmt}, {n} bulan] indikator run --tanpa-cache …", flush=True)
    nama = f"run-tanpa-cache-{fmt}-{n}"
    hasil["run_tanpa_cache"] = ukur_run(raw, out, tempat, False, nama, "--tanpa-cache")
    sebelum = nilai_provinsi(out, n)
    src = folder_bulan(data, fmt, TAHUN, n) / f"data_pus.{fmt}"
    berkas, _ = buat_koreksi(src, tempat / "koreksi")
    print(f"[{fmt}, {n} bulan] koreksi satu berkas: ingest + run …", flush=True)
    hasil["ingest_koreksi"], hasil["run_koreksi"] = ukur_koreksi(
        berkas, n, raw, out, tempat, f"koreksi-{fmt}-{n}"
    )
    return periksa_koreksi(sebelum, nilai_provinsi(out, n))


def _berkas_berlaku(raw: Path, sumber: str, n: int) -> str:
    """The stored file in force of ``sumber`` for month ``n`` (its path in the raw store)."""
    aktif, _ = cari_berkas_aktif(raw, TAHUN)
    folder = f"{TAHUN}-{n:02d}"
    cocok = [p for p, _ in aktif if p.parent.name == folder and p.parent.parent.name == sumber]
    return cocok[0].relative_to(raw).as_posix()


def _koreksi_provinsi(data: Path, tempat: Path, fmt: str, n: int, hasil: dict[str, Ukuran]) -> bool:
    """Month ``n``'s ``data_pus`` sent again as one file per province (the first replacing
    the national file, ``--ganti``) and run; then one province's file corrected (one value),
    ingested (it replaces that province's file by coverage) and run again: the other
    provinces are carried over. True when exactly that value moved in the published output."""
    raw, out = tempat / "raw", tempat / "out"
    src = folder_bulan(data, fmt, TAHUN, n) / f"data_pus.{fmt}"
    berkas = pisah_per_provinsi(src, tempat / "per-provinsi")
    print(
        f"[{fmt}, {n} bulan] data_pus bulan {n} per provinsi ({len(berkas)} berkas) …", flush=True
    )
    umum = ["--tahun", str(TAHUN), "--bulan", str(n), "--raw", str(raw)]
    ganti = ["--ganti", _berkas_berlaku(raw, "siga.pus", n)]
    perintah = perintah_indikator("ingest", str(berkas[0]), *umum, *ganti)
    pertama = jalankan(f"ingest-provinsi-{fmt}-{n}-0", perintah, cwd=tempat)
    if berkas[1:]:  # one province (the quick mode's): its file replaced the national one
        perintah = perintah_indikator("ingest", *map(str, berkas[1:]), *umum)
        pertama.tambah(jalankan(f"ingest-provinsi-{fmt}-{n}", perintah, cwd=tempat))
    hasil["ingest_provinsi"] = pertama
    hasil["run_provinsi"] = ukur_run(raw, out, tempat, False, f"run-provinsi-{fmt}-{n}")
    sebelum = nilai_provinsi(out, n)
    dikoreksi, _ = buat_koreksi(berkas[0], tempat / "koreksi-provinsi")
    print(f"[{fmt}, {n} bulan] koreksi satu berkas provinsi: ingest + run …", flush=True)
    hasil["ingest_koreksi_provinsi"], hasil["run_koreksi_provinsi"] = ukur_koreksi(
        dikoreksi, n, raw, out, tempat, f"koreksi-prov-{fmt}-{n}"
    )
    return periksa_koreksi(sebelum, nilai_provinsi(out, n))


def _argumen(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cepat", action="store_true", help="Sulbar (76), 1 bulan, XLSX")
    p.add_argument("--bulan", default=None, help="jumlah bulan, mis. 1,3,12 (bawaan 1,3)")
    p.add_argument("--format", default=None, help="xlsx,csv (bawaan xlsx,csv; --cepat: xlsx)")
    p.add_argument("--provinsi", default=None, help="kode provinsi atau 'semua' (bawaan 76)")
    p.add_argument("--data", type=Path, default=None, help="data hasil buat_nasional.py")
    p.add_argument("--kerja", type=Path, default=None, help="folder kerja (bawaan: sementara)")
    p.add_argument("--hasil", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    p.add_argument("--tanpa-naif", action="store_true")
    p.add_argument("--naif-maks", type=int, default=3, help="naif hanya sampai N bulan")
    p.add_argument(
        "--prefect",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="run dengan Prefect untuk jumlah bulan pertama (bawaan: ya; --cepat: tidak)",
    )
    p.add_argument("--prefect-semua", action="store_true", help="run dengan Prefect di setiap N")
    p.add_argument(
        "--koreksi",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run kedua tanpa perubahan, lalu satu berkas dikoreksi: ingest + run (bawaan: ya)",
    )
    p.add_argument(
        "--profil",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="profil cProfile + pencocokan nama (bawaan: ya; --cepat: tidak)",
    )
    a = p.parse_args(argv)
    a.prefect = (not a.cepat) if a.prefect is None else a.prefect
    a.profil = (not a.cepat) if a.profil is None else a.profil
    a.bulan = urai_bulan(a.bulan or ("1" if a.cepat else "1,3"))
    a.format = tuple((a.format or ("xlsx" if a.cepat else "xlsx,csv")).split(","))
    prov = a.provinsi or "76"
    a.provinsi = None if prov == "semua" else prov.split(",")
    return a


def main(argv: list[str] | None = None) -> None:
    """Generate (unless ``--data``), measure, check, profile, write RESULTS.md."""
    a = _argumen(argv)
    info = mesin()
    siapkan_bytecode()  # as a user's installation has it after its first run
    mulai = time.perf_counter()
    kerja = a.kerja or Path(tempfile.mkdtemp(prefix="indikator-bench-"))
    kerja.mkdir(parents=True, exist_ok=True)
    data = a.data or kerja / "data"
    ringkasan = None
    if a.data is None:
        wilayah = ", ".join(a.provinsi) if a.provinsi else "semua provinsi"
        print(f"membuat data ({wilayah}, {max(a.bulan)} bulan) …", flush=True)
        bulan = list(range(1, max(a.bulan) + 1))
        ringkasan = buat_nasional(data, bulan, a.provinsi, a.format)
    hasil = [
        _satu(a, data, kerja, fmt, n, pertama=(i == 0))
        for fmt in a.format
        for i, n in enumerate(a.bulan)
    ]
    cocok = None
    if a.profil:
        fmt = "csv" if "csv" in a.format else a.format[0]
        cocok, prof = profil(data, kerja, fmt, max(a.bulan), a.format[0], min(a.bulan))
    else:
        prof = {}
    tulis_hasil(
        a.hasil,
        argv if argv is not None else sys.argv[1:],
        info,
        data,
        ringkasan,
        hasil,
        cocok,
        prof,
        time.perf_counter() - mulai,
    )
    print(f"ditulis: {a.hasil} ({time.perf_counter() - mulai:.0f} detik)")
    if a.kerja is None:
        shutil.rmtree(kerja, ignore_errors=True)


if __name__ == "__main__":
    main()
