"""``indikator status`` as words: grid cells, one sentence per source, JSON for machines."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from transforms.keluar.status import Status
from transforms.terima.status import DIKOREKSI, DITARIK, DITERIMA, KOSONG

BULAN_PENDEK = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
SIMBOL = {DITERIMA: "✓", DIKOREKSI: "K", DITARIK: "T", KOSONG: "·"}
LEGENDA = "✓ diterima, K dikoreksi (berkas menggantikan yang lama), T ditarik, · kosong"


def sebut_periode(bulan: Any, semester: Any) -> str:
    """A period in words: ``Sep``, ``S2`` or ``tahunan``."""
    if pd.notna(bulan):
        return BULAN_PENDEK[int(bulan) - 1]
    if pd.notna(semester):
        return f"S{int(semester)}"
    return "tahunan"


def _rentang(nama: list[str]) -> str:
    """``Jan–Sep`` for a run of periods, the name alone for one."""
    return nama[0] if len(nama) == 1 else f"{nama[0]}–{nama[-1]}"


def buat_kalimat_sumber(grid: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Per source: (sumber, jenis, sentence), e.g. ``diterima Jan–Sep; kosong Okt–Des``.

    Consecutive periods in the same state are joined into one range, so every missing
    period is named explicitly.
    """
    out = []
    for sumber, part in grid.groupby("sumber", sort=True):
        runs: list[tuple[str, list[str]]] = []
        for _, r in part.iterrows():
            nama = sebut_periode(r["bulan"], r["semester"])
            if runs and runs[-1][0] == r["keadaan"]:
                runs[-1][1].append(nama)
            else:
                runs.append((r["keadaan"], [nama]))
        teks = "; ".join(f"{k} {_rentang(n)}" for k, n in runs)
        out.append((str(sumber), str(part["jenis"].iloc[0]), teks))
    return out


def buat_baris_bulanan(grid: pd.DataFrame) -> list[list[str]]:
    """Rows of the monthly grid: source, then one symbol per month (Jan–Des)."""
    rows = []
    bulanan = grid[grid["jenis"] == "bulanan"]
    for sumber, part in bulanan.groupby("sumber", sort=True):
        sel = {int(r["bulan"]): r["keadaan"] for _, r in part.iterrows() if pd.notna(r["bulan"])}
        rows.append([str(sumber), *[SIMBOL[sel.get(b, KOSONG)] for b in range(1, 13)]])
    return rows


def buat_baris_lain(grid: pd.DataFrame) -> list[list[str]]:
    """Rows of semester and annual sources: source, granularity, ``S1 ✓  S2 ·``."""
    rows = []
    lain = grid[grid["jenis"] != "bulanan"]
    for sumber, part in lain.groupby("sumber", sort=True):
        sel = "  ".join(
            f"{sebut_periode(r['bulan'], r['semester'])} {SIMBOL[r['keadaan']]}"
            for _, r in part.iterrows()
        )
        rows.append([str(sumber), str(part["jenis"].iloc[0]), sel])
    return rows


def buat_baris_cakupan_sumber(cakupan: pd.DataFrame) -> list[list[str]]:
    """Rows of the region coverage table: source, kabupaten, kecamatan, desa as ``n/N``."""
    rows = []
    for _, r in cakupan.iterrows():
        desa = f"{r['desa']}/{r['desa_harus']}" if r["desa"] else "- (tingkat kecamatan)"
        if not r["tercatat"]:
            desa += " (sebagian berkas tanpa catatan wilayah)"
        rows.append(
            [
                str(r["sumber"]),
                f"{r['kabupaten']}/{r['kabupaten_harus']}",
                f"{r['kecamatan']}/{r['kecamatan_harus']}",
                desa,
            ]
        )
    return rows


def sebut_generasi(gen: dict[str, Any] | None) -> str:
    """The current generation in one sentence."""
    if gen is None:
        return "Generasi berlaku: belum ada (jalankan 'indikator run')."
    tahun = ", ".join(str(t) for t in gen.get("tahun") or []) or "-"
    return f"Generasi berlaku: {gen['id']} (selesai {gen.get('selesai') or '?'}; tahun {tahun})."


def sebut_run(run: dict[str, Any] | None) -> str:
    """The last run's result in one sentence."""
    if run is None:
        return "Run terakhir: belum ada catatan run."
    bagian = [f"kode keluar {run.get('kode_keluar')}", str(run.get("status") or "?")]
    if run.get("pemicu"):
        bagian.append(f"pemicu {run['pemicu']}")
    if run.get("berkas") is not None:
        bagian.append(f"{run['berkas']} berkas, {run.get('jumlah_ditolak') or 0} ditolak")
    if run.get("jumlah_indikator") is not None:
        bagian.append(f"{run['jumlah_indikator']} indikator")
    return f"Run terakhir: {run['id_run']} (selesai {run.get('selesai') or '?'}): " + ", ".join(
        bagian
    )


def buat_json_status(status: Status) -> dict[str, Any]:
    """The status as plain JSON-able data (``indikator status --json``)."""

    def rekaman(frame: pd.DataFrame) -> list[dict[str, Any]]:
        return json.loads(frame.to_json(orient="records", force_ascii=False))

    return {
        "tahun": [
            {
                "tahun": t.tahun,
                "grid": rekaman(t.grid),
                "cakupan_wilayah": rekaman(t.cakupan),
                "berkas_tanpa_periode": t.tanpa_periode,
                "berkas_periode_perkiraan": t.perkiraan,
            }
            for t in status.tahun
        ],
        "generasi": status.generasi,
        "run_terakhir": status.run_terakhir,
        "catatan": status.catatan,
        "berkas_rusak": [{"berkas": b, "galat": g} for b, g in status.rusak],
    }
