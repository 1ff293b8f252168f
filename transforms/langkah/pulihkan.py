"""Restore: make the generation of an earlier run current again, recorded as a run.

Under the output lock the pointer is switched to that generation
(:func:`transforms.keluar.generasi.pakai_generasi`, the same switch as ``indikator generasi
--pakai``) and ``runs/<new id>.json`` records it with ``pemicu = "pulihkan"``: which run's
generation was restored and which generation it replaced. The record carries the restored
generation's inputs and versions, so ``indikator diff`` against it explains the change back.
Nothing is recomputed and no generation is changed or deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from transforms.keluar.generasi import pakai_generasi
from transforms.keluar.kunci import PemegangKunci, kunci_keluaran
from transforms.keluar.manifest import baca_manifest, buat_id_run, catat_run
from transforms.keluar.penunjuk import GENERASI, baca_id_terkini
from transforms.keluar.riwayat import (
    RiwayatGagal,
    baca_runs,
    cari_run,
    generasi_run,
)

# what a restore record takes from the restored generation's manifest (it describes the data)
DARI_GENERASI = (
    "masukan",
    "keluaran",
    "tahun_diterbitkan",
    "jumlah_indikator",
    "jumlah_wilayah",
    "jumlah_baris",
    "versi_skema",
    "versi_paket",
    "hash_katalog",
    "git_sha",
    "digantikan_koreksi",
)


def cari_yang_dapat_dipulihkan(out: Path, runs: list[dict[str, Any]]) -> list[str]:
    """Runs whose generation still exists (newest last)."""
    return [r["id_run"] for r in runs if (g := generasi_run(r)) and (out / GENERASI / g).is_dir()]


def pilih_generasi_pulihkan(out: Path, runs: list[dict[str, Any]], teks: str) -> tuple[dict, str]:
    """The run named and its generation; Bahasa refusal when it has none or it was pruned."""
    rec = cari_run(runs, teks)
    gen = generasi_run(rec)
    bisa = cari_yang_dapat_dipulihkan(out, runs)
    daftar = ", ".join(bisa[-5:]) or "tidak ada"
    if gen is None:
        raise RiwayatGagal(
            f"Run {rec['id_run']} tidak menerbitkan generasi (status {rec.get('status', '-')}), "
            f"jadi tidak ada yang dapat dipulihkan. Run yang dapat dipulihkan: {daftar}."
        )
    if not (out / GENERASI / gen).is_dir():
        raise RiwayatGagal(
            f"Generasi run {rec['id_run']} sudah dipangkas (hanya beberapa generasi terakhir "
            f"yang disimpan, INDIKATOR_SIMPAN_GENERASI, bawaan 5) dan tidak dapat dipulihkan. "
            f"Run yang masih dapat dipulihkan: {daftar}."
        )
    return rec, gen


def buat_catatan_pulihkan(
    id_run: str, rec: dict[str, Any], gen: str, sebelumnya: str | None, out: Path
) -> dict[str, Any]:
    """The run record of a restore."""
    manifest = baca_manifest(out / GENERASI / gen) or {}
    return {
        "id_run": id_run,
        "selesai": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pemicu": "pulihkan",
        "status": "berhasil",
        "kode_keluar": 0,
        "parameter": {"out": str(out), "run": rec["id_run"]},
        "generasi": gen,
        "generasi_sebelumnya": sebelumnya,
        "dipulihkan_dari_run": rec["id_run"],
        **{k: manifest[k] for k in DARI_GENERASI if k in manifest},
    }


def pulihkan(
    out: Path,
    teks_run: str,
    *,
    tunggu: float | None = 0,
    saat_menunggu: Callable[[PemegangKunci | None], None] | None = None,
) -> dict[str, Any] | None:
    """Make the generation of run ``teks_run`` current again; return the restore record
    (None when it is current already: nothing is changed or recorded).

    Raises:
        RiwayatGagal: the run is unknown, made no generation, or its generation was pruned.
        KunciDipegang: another run holds the output folder.
        KeluaranGagal: the pointer could not be switched.
    """
    id_run = buat_id_run()
    with kunci_keluaran(out, id_run, tunggu=tunggu, saat_menunggu=saat_menunggu):
        runs = baca_runs(out)
        rec, gen = pilih_generasi_pulihkan(out, runs, teks_run)
        sebelumnya = baca_id_terkini(out)
        if sebelumnya == gen:
            return None
        pakai_generasi(out, gen)
        catatan = buat_catatan_pulihkan(id_run, rec, gen, sebelumnya, out)
        catat_run(out, catatan)
    return catatan
