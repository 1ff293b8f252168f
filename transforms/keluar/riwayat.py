"""The history of an output folder: ``OUT/runs/<id_run>.json``, one record per run.

A record is the run's manifest (published, refused by the guard, failed) or, for a restore
(``indikator pulihkan``), what was made current again. What the history commands read:

* ``id_run``, ``selesai``, ``pemicu`` (manual, terjadwal, koreksi, pulihkan), ``parameter``;
* ``masukan``: every input file with its sidecar (``berkas``, ``sha256``, ``cakupan``,
  ``menggantikan``, ``diterima``) and its row accounting;
* ``status`` / ``kode_keluar``, ``generasi`` (the generation it made current, if any),
  ``generasi_sebelumnya``, ``keluaran`` (rows per table and year), ``jumlah_baris``;
* ``versi_paket``, ``hash_katalog``, ``git_sha``: the code and catalog that computed it.

Older records lack some of these fields; they are shown as ``-``.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import metadata
from pathlib import Path
from typing import Any

from schemas.katalog import hitung_hash_katalog
from transforms.keluar.manifest import RUNS
from transforms.keluar.penunjuk import GENERASI, daftar_generasi

KOSONG = "-"
PEMICU = ("manual", "terjadwal", "koreksi", "pulihkan")


class RiwayatGagal(Exception):
    """A history command cannot do what was asked (message in Bahasa, says what to do)."""


def buat_versi() -> dict[str, str]:
    """The code and catalog versions a run record keeps (``versi_paket``, ``hash_katalog``)."""
    try:
        versi = metadata.version("indikator")
    except metadata.PackageNotFoundError:
        versi = KOSONG
    return {"versi_paket": versi, "hash_katalog": hitung_hash_katalog()}


def baca_runs(out: Path) -> list[dict[str, Any]]:
    """Every run record of ``out``, oldest first (ids start with their UTC time).

    An unreadable record is listed with ``status = "tidak terbaca"``, never skipped.
    """
    folder = out / RUNS
    if not folder.is_dir():
        return []
    hasil = []
    for path in sorted(folder.glob("*.json")):
        if path.name.startswith("."):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("bukan objek JSON")
        except (OSError, ValueError):
            data = {"status": "tidak terbaca"}
        hasil.append({**data, "id_run": data.get("id_run") or path.stem})
    return sorted(hasil, key=lambda r: str(r["id_run"]))


def waktu_run(rec: dict[str, Any]) -> str:
    """When a run finished (``selesai``), else its start from the id, as ``YYYY-MM-DD HH:MM``."""
    teks = rec.get("selesai")
    try:
        if teks:
            return dt.datetime.fromisoformat(str(teks)).strftime("%Y-%m-%d %H:%M")
        return dt.datetime.strptime(str(rec["id_run"])[:16], "%Y%m%dT%H%M%SZ").strftime(
            "%Y-%m-%d %H:%M"
        )
    except (ValueError, KeyError):
        return KOSONG


def generasi_run(rec: dict[str, Any]) -> str | None:
    """The generation a run made current (published or restored); None when it made none."""
    if rec.get("generasi"):
        return str(rec["generasi"])
    return None


def _jumlah(rec: dict[str, Any], tabel: str) -> str:
    """Rows of a table: computed by the run (``jumlah_baris``), else in its generation."""
    jumlah = rec.get("jumlah_baris") or {}
    if tabel in jumlah:
        return f"{int(jumlah[tabel]):,}"
    keluaran = (rec.get("keluaran") or {}).get(tabel)
    if keluaran:
        return f"{sum(int(v.get('baris', 0)) for v in keluaran.values() if v):,}"
    return KOSONG


def _parameter(rec: dict[str, Any]) -> str:
    par = rec.get("parameter") or {}
    if rec.get("pemicu") == "pulihkan":
        return f"pulihkan {rec.get('generasi') or KOSONG}"
    if not par:
        return KOSONG
    tahun = par.get("tahun")
    return f"tahun {tahun}" if tahun is not None else "semua tahun"


def _masukan(rec: dict[str, Any]) -> str:
    masukan = rec.get("masukan")
    if masukan is None:
        return KOSONG
    ditolak = len(rec.get("daftar_berkas_ditolak") or [])
    return f"{len(masukan)}" + (f" ({ditolak} ditolak)" if ditolak else "")


def _hasil(rec: dict[str, Any]) -> str:
    status = rec.get("status") or KOSONG
    kode = rec.get("kode_keluar")
    return f"{status} ({kode})" if kode is not None else str(status)


def _generasi_tetap(rec: dict[str, Any]) -> str:
    """A run that changed nothing: the generation that stayed in force."""
    tetap = rec.get("generasi_berlaku")
    return f"{KOSONG} (tetap {tetap})" if tetap else KOSONG


def buat_baris_run(rec: dict[str, Any]) -> dict[str, str]:
    """One run as text columns for ``indikator runs`` (missing fields as ``-``)."""
    return {
        "id_run": str(rec["id_run"]),
        "waktu": waktu_run(rec),
        "pemicu": str(rec.get("pemicu") or KOSONG),
        "parameter": _parameter(rec),
        "berkas": _masukan(rec),
        "hasil": _hasil(rec),
        "generasi": generasi_run(rec) or _generasi_tetap(rec),
        "baris_indikator": _jumlah(rec, "indikator"),
        "indikator": str(rec.get("jumlah_indikator", KOSONG)),
        "karantina": _jumlah(rec, "karantina"),
    }


def cari_run(runs: list[dict[str, Any]], teks: str) -> dict[str, Any]:
    """The run named by its id or a unique start of it (Bahasa error otherwise)."""
    persis = [r for r in runs if r["id_run"] == teks]
    cocok = persis or [r for r in runs if str(r["id_run"]).startswith(teks)]
    if len(cocok) == 1:
        return cocok[0]
    if not cocok:
        akhir = ", ".join(r["id_run"] for r in runs[-5:]) or "belum ada run"
        raise RiwayatGagal(
            f"Run {teks!r} tidak ada di riwayat (runs/). Run terakhir: {akhir}. "
            "Lihat semuanya dengan: indikator runs"
        )
    raise RiwayatGagal(
        f"{teks!r} cocok dengan {len(cocok)} run ({', '.join(r['id_run'] for r in cocok[:5])}); "
        "tulis id run lebih panjang."
    )


def pilih_pasangan(
    runs: list[dict[str, Any]], a: str | None, b: str | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two runs to compare: the ones named, else the last two that made a generation
    current (published or restored); with one named, it is compared with the one before it."""
    terbit = [r for r in runs if generasi_run(r)]
    if a is not None and b is not None:
        return cari_run(runs, a), cari_run(runs, b)
    if a is not None:
        ra = cari_run(runs, a)
        lanjut = [r for r in terbit if r["id_run"] > ra["id_run"]]
        if lanjut:
            return ra, lanjut[0]
        sebelum = [r for r in terbit if r["id_run"] < ra["id_run"]]
        if sebelum:
            return sebelum[-1], ra
        raise RiwayatGagal(f"Tidak ada run lain yang menerbitkan untuk dibandingkan dengan {a}.")
    if len(terbit) < 2:
        raise RiwayatGagal(
            f"Baru {len(terbit)} run yang menerbitkan generasi; perbandingan butuh dua. "
            "Jalankan 'indikator run' lagi setelah ada perubahan."
        )
    return terbit[-2], terbit[-1]


def folder_generasi(out: Path, rec: dict[str, Any]) -> Path:
    """The generation folder of a run; a Bahasa error when it made none or it was pruned."""
    gen = generasi_run(rec)
    if gen is None:
        raise RiwayatGagal(
            f"Run {rec['id_run']} tidak menerbitkan generasi (hasil: {_hasil(rec)}); "
            "pilih run yang menerbitkan (lihat: indikator runs)."
        )
    folder = out / GENERASI / gen
    if not folder.is_dir():
        ada = daftar_generasi(out)
        raise RiwayatGagal(
            f"Generasi {gen} (run {rec['id_run']}) sudah dipangkas: hanya beberapa generasi "
            f"terakhir yang disimpan (INDIKATOR_SIMPAN_GENERASI, bawaan 5). Yang masih ada: "
            f"{', '.join(ada) or 'tidak ada'}; bandingkan run yang generasinya masih ada: "
            "indikator diff RUN_A RUN_B (id run dari 'indikator runs')."
        )
    return folder
