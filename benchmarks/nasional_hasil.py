"""The national benchmark's check against the expected values and its RESULTS.md."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from benchmarks.nasional_ukur import Ukuran

KUNCI = ["tingkat", "kode_wilayah", "bulan", "kode_indikator"]
LANGKAH = {
    "lantai": "lantai (fastexcel/pyarrow + DuckDB + Parquet zstd)",
    "lantai_sesudah": "lantai lagi, sesudah indikator ingest + run",
    "naif": "naif (pandas read_excel openpyxl / read_csv, groupby, to_parquet)",
    "ingest": "indikator ingest (1 proses per bulan)",
    "run": "indikator run --tanpa-prefect",
    "run_prefect": "indikator run (dengan Prefect)",
    "run_kedua": "indikator run kedua, tanpa perubahan (--tanpa-prefect; tahun tidak dihitung)",
    "run_ulang_semua": "run ke generasi yang ada, semua provinsi dihitung ulang (run bulanan, "
    "--hitung-ulang)",
    "run_tanpa_cache": "run --tanpa-cache ke generasi yang ada (seperti sesudah kode diperbarui)",
    "ingest_koreksi": "koreksi: ingest satu berkas data_pus yang dikoreksi",
    "run_koreksi": "koreksi: run sesudahnya (--tanpa-prefect --pemicu koreksi)",
    "ingest_provinsi": "data_pus bulan terakhir dikirim per provinsi: ingest (38 berkas)",
    "run_provinsi": "run sesudahnya (semua provinsi dihitung)",
    "ingest_koreksi_provinsi": "koreksi satu berkas provinsi: ingest",
    "run_koreksi_provinsi": "koreksi satu berkas provinsi: run (provinsi lain dibawa)",
}


def bandingkan_harapan(out: Path, harapan: Path, n: int) -> dict[str, int]:
    """Province and kabupaten rows of months 1..n: published vs the generator's values."""
    h = pd.read_parquet(harapan)
    h = h[h["bulan"] <= n]
    try:
        o = pd.read_parquet(out / "indikator")
    except (OSError, ValueError):
        return {"baris": len(h), "sama": 0, "beda": len(h)}
    o = o[o["bulan"].notna() & o["kode_indikator"].isin(h["kode_indikator"].unique())]
    o = o.assign(bulan=o["bulan"].astype("int64"))
    m = h.merge(o[[*KUNCI, "pembilang", "penyebut"]], on=KUNCI, how="left", suffixes=("", "_p"))
    sama = (m["pembilang"] == m["pembilang_p"]) & (m["penyebut"] == m["penyebut_p"])
    return {"baris": len(h), "sama": int(sama.sum()), "beda": int((~sama).sum())}


def tanda_benar(b: dict[str, int]) -> str:
    """``sama/baris ✔`` (every expected value published) or ``✘`` (:func:`bandingkan_harapan`)."""
    return f"{b['sama']}/{b['baris']}" + (" ✔" if b["beda"] == 0 else " ✘")


def _f(x: float, d: int = 1) -> str:
    return f"{x:,.{d}f}"


def lantai_acuan(u: dict[str, Ukuran]) -> Ukuran:
    """The floor the ratios divide by: the mean of the floor measured before and after
    indikator's ingest + run (on a shared machine the speed drifts: one floor taken before
    minutes of pipeline measured the machine of that moment; two samples of the same code were
    10.4× and 8.4× so); the one floor when only it was measured."""
    a, b = u["lantai"], u.get("lantai_sesudah")
    if b is None:
        return a
    acuan = Ukuran(
        "lantai", (a.wall + b.wall) / 2, (a.cpu + b.cpu) / 2, max(a.puncak_mb, b.puncak_mb), 1
    )
    acuan.puncak_semua_mb = max(a.puncak_semua_mb, b.puncak_semua_mb)
    return acuan


def _puncak(x: Ukuran) -> str:
    """Peak MB of the largest process / of all the step's processes at once."""
    return f"{_f(x.puncak_mb, 0)} / {_f(x.puncak_semua_mb, 0)}"


def _tabel_ukuran(r: dict) -> list[str]:
    u: dict[str, Ukuran] = r["ukuran"]
    lantai = lantai_acuan(u)
    baris = [
        "| langkah | proses | wall s | CPU s | puncak MB (proses terbesar / semua proses) | "
        "× lantai (wall) | × lantai (CPU) |",
        "|---|---|---|---|---|---|---|",
    ]
    for k, label in LANGKAH.items():
        if k in u:
            x = u[k]
            baris.append(
                f"| {label} | {x.proses} | {_f(x.wall)} | {_f(x.cpu)} | {_puncak(x)} | "
                f"{_f(x.wall / lantai.wall)} | {_f(x.cpu / lantai.cpu)} |"
            )
    if "lantai_sesudah" in u:
        baris.append(
            f"| lantai acuan rasio: rata-rata kedua lantai | | {_f(lantai.wall)} | "
            f"{_f(lantai.cpu)} | {_puncak(lantai)} | 1.0 | 1.0 |"
        )
    e2e = _e2e(u)
    baris.append(
        f"| **indikator ingest + run (tanpa Prefect)** | | **{_f(e2e.wall)}** | **{_f(e2e.cpu)}** "
        f"| **{_puncak(e2e)}** | **{_f(e2e.wall / lantai.wall)}** | "
        f"**{_f(e2e.cpu / lantai.cpu)}** |"
    )
    return baris


def _e2e(u: dict[str, Ukuran], langkah: tuple[str, ...] = ("ingest", "run")) -> Ukuran:
    total = Ukuran("e2e")
    for k in langkah:
        total.tambah(u[k])
    return total


def _koreksi(r: dict, jenis: str = "koreksi") -> str:
    """A correction rerun (ingest + run; ``jenis``: ``koreksi`` a national file,
    ``koreksi_provinsi`` a province's file) as a share of the full ingest + run."""
    u = r["ukuran"]
    if f"run_{jenis}" not in u:
        return "-"
    k, e2e = _e2e(u, (f"ingest_{jenis}", f"run_{jenis}")), _e2e(u)
    tanda = " ✔" if r.get(jenis) else " ✘ (nilai koreksi tidak terbit)"
    return f"{100 * k.wall / e2e.wall:.0f} % / {100 * k.cpu / e2e.cpu:.0f} %{tanda}"


def _ringkasan(hasil: list[dict], desa: int) -> list[str]:
    """One line per (format, months): ratios, per-row cost, Prefect cost, naive speed-up."""
    baris = [
        "| format | bulan | baris dibaca | indikator ÷ lantai wall / CPU | CPU µs per baris | "
        "puncak MB (terbesar / semua proses) | naif ÷ indikator (wall) | "
        "Prefect + (wall s / CPU s) | nilai = harapan | "
        "koreksi satu berkas nasional ÷ penuh (wall / CPU) | "
        "koreksi satu berkas provinsi ÷ penuh (wall / CPU) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in hasil:
        u, e2e = r["ukuran"], _e2e(r["ukuran"])
        lantai = lantai_acuan(u)
        n_baris = 3 * desa * r["bulan"]
        naif = f"{u['naif'].wall / e2e.wall:.1f}×" if "naif" in u else "-"
        prefect = "-"
        if "run_prefect" in u:
            prefect = (
                f"{_f(u['run_prefect'].wall - u['run'].wall)} / "
                f"{_f(u['run_prefect'].cpu - u['run'].cpu)}"
            )
        benar = tanda_benar(r["benar"])
        baris.append(
            f"| {r['format']} | {r['bulan']} | {n_baris:,} | "
            f"{e2e.wall / lantai.wall:.1f}× / {e2e.cpu / lantai.cpu:.1f}× | "
            f"{1e6 * e2e.cpu / n_baris:.0f} | {_puncak(e2e)} | {naif} | {prefect} | "
            f"{benar} | {_koreksi(r)} | {_koreksi(r, 'koreksi_provinsi')} |"
        )
    return baris


def _profil(prof: dict[str, dict]) -> list[str]:
    baris: list[str] = []
    for nama, p in prof.items():
        total = p["total"] or 1.0
        baris += [
            f"### `indikator {nama}` (cProfile, total {total:.1f} s, dengan overhead profil; "
            "satu utas satu proses: `INDIKATOR_PEKERJA=0`)",
            "",
            "Waktu sendiri terbesar:",
            "",
            "| fungsi | detik | % | panggilan |",
            "|---|---|---|---|",
        ]
        baris += [
            f"| `{f}` | {s:.2f} | {100 * s / total:.0f} | {n:,} |" for f, s, n in p["sendiri"]
        ]
        baris += ["", "Fungsi proyek, waktu kumulatif:", "", "| fungsi | detik | % | panggilan |"]
        baris += ["|---|---|---|---|"]
        baris += [
            f"| `{f}` | {s:.2f} | {100 * s / total:.0f} | {n:,} |" for f, s, n in p["kumulatif"]
        ]
        baris.append("")
    return baris


def _cocok(c: dict | None) -> list[str]:
    if not c:
        return []
    return [
        "## Pencocokan nama wilayah: sebelum / sesudah",
        "",
        f"{c['berkas']} berkas, {c['baris']:,} baris, kolom wilayah saja (dalam satu proses, "
        "memo dikosongkan dulu). Sebelum = semua kombinasi lewat tahap-tahap pencocok "
        "(`cocokkan_wilayah(..., cepat=False)`); sesudah = pencarian tepat sekali per kombinasi "
        "nama, dimemo antarberkas, tahap mirip (rapidfuzz) hanya untuk sisanya.",
        "",
        "| sebelum (CPU s) | sesudah (CPU s) | percepatan | hasil identik | status |",
        "|---|---|---|---|---|",
        f"| {c['detik_sebelum']:.2f} | {c['detik_sesudah']:.2f} | {c['percepatan']:.1f}× | "
        f"{'ya' if c['hasil_sama'] else 'TIDAK'} | {c['status']} |",
        "",
    ]


def tulis_hasil(
    path: Path,
    argv: list[str],
    info: dict[str, str],
    data: Path,
    ringkasan: dict | None,
    hasil: list[dict],
    cocok: dict | None,
    prof: dict[str, dict],
    detik: float,
) -> None:
    """Write RESULTS.md (plus the hand-written notes in ``catatan_nasional.md``, if present)."""
    if ringkasan is None:
        ringkasan = json.loads((data / "ringkasan.json").read_text(encoding="utf-8"))
    desa = int(ringkasan["desa"])
    teks = [
        "# Benchmark nasional",
        "",
        f"Ditulis oleh `uv run python -m benchmarks.nasional {' '.join(argv)}` pada "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC ({detik:.0f} detik).",
        "",
        "## Mesin dan versi",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in info.items()],
        "",
        "## Data",
        "",
    ]
    teks.append(
        f"`scripts/buat_nasional.py`: provinsi {', '.join(ringkasan['provinsi'])}; "
        f"{ringkasan['desa']:,} desa; bulan {ringkasan['bulan']}; "
        f"format {ringkasan['format']}; "
        f"{ringkasan['desa_nama_ganda']} desa bernama ganda dalam satu kecamatan; "
        f"{ringkasan['desa_ejaan_lain']} ejaan lain; dibuat dalam {ringkasan['detik']} detik."
    )
    teks += ["", "## Ringkasan", "", *_ringkasan(hasil, desa), ""]
    for r in hasil:
        teks += [f"## {r['format'].upper()}, {r['bulan']} bulan ({r['berkas']} berkas)", ""]
        teks += [*_tabel_ukuran(r), ""]
    teks += _cocok(cocok)
    if prof:
        teks += ["## Profil: ke mana waktunya", "", *_profil(prof)]
    catatan = path.parent / "catatan_nasional.md"
    if catatan.exists():
        teks += ["", catatan.read_text(encoding="utf-8")]
    path.write_text("\n".join(teks) + "\n", encoding="utf-8")
