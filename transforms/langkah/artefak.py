"""A run's report for an orchestrator's run page: a markdown summary and a table of files with
their row accounting and problems (plain data; the Prefect flow publishes them as artifacts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from transforms.langkah.keputusan import buat_kalimat_status, tentukan_kode_keluar
from transforms.langkah.ringkasan import Ringkasan, buat_teks_ringkasan


def _masalah(a: dict[str, Any]) -> str:
    if a.get("ditolak"):
        return f"DITOLAK: {a['ditolak']}"
    bagian = []
    if int(a.get("baris_karantina", 0)):
        bagian.append(f"{a['baris_karantina']} baris dikarantina")
    if int(a.get("peringatan", 0)):
        bagian.append(f"{a['peringatan']} peringatan")
    return "; ".join(bagian)


def buat_tabel_berkas(ringkasan: Ringkasan) -> list[dict[str, Any]]:
    """One row per file: rows read, used, quarantined, not data, warnings, problems."""
    return [
        {
            "berkas": str(a["berkas"]),
            "sumber": str(a.get("sumber") or ""),
            "dibaca": int(a.get("baris_dibaca", 0)),
            "dipakai": int(a.get("baris_dipakai", 0)),
            "karantina": int(a.get("baris_karantina", 0)),
            "bukan_data": int(a.get("baris_bukan_data", 0)),
            "peringatan": int(a.get("peringatan", 0)),
            "masalah": _masalah(a),
        }
        for a in ringkasan.berkas
    ]


def buat_markdown_ringkasan(ringkasan: Ringkasan, out: Path) -> str:
    """The run summary in markdown (Bahasa): outcome and exit code, totals, rejected files,
    guard refusals, replaced values."""
    kode = tentukan_kode_keluar(ringkasan)
    baris = [
        f"# Run {ringkasan.id_run} ({ringkasan.pemicu})",
        "",
        f"**{buat_kalimat_status(ringkasan)}**",
        "",
        f"Kode keluar: **{int(kode)}** ({kode.name.lower()})",
        "",
        *(f"- {t}" for t in buat_teks_ringkasan(ringkasan, out).splitlines()),
    ]
    ditolak = [a for a in ringkasan.berkas if a.get("ditolak")]
    if ditolak:
        baris += ["", "## Berkas ditolak", ""]
        baris += [f"- `{a['berkas']}`: {a['ditolak']}" for a in ditolak]
    if ringkasan.ditolak_penjaga:
        baris += ["", "## Ditolak penjaga penerbitan", ""]
        baris += [f"- {d}" for d in ringkasan.ditolak_penjaga]
    if ringkasan.penggantian:
        baris += ["", "## Nilai yang diganti (berbeda)", ""]
        baris += [f"- {p}" for p in ringkasan.penggantian]
    return "\n".join(baris) + "\n"
