"""Publish step: the guard decides which years may go out, then one generation is published."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd

from schemas.katalog import muat_katalog
from schemas.kontrak import kolom
from schemas.model import Katalog
from transforms.keluar.galat import jelaskan_galat_os
from transforms.keluar.generasi import IsiGenerasi, hapus_staging, terbitkan_generasi
from transforms.keluar.manifest import VERSI_SKEMA, VERSI_TATA_LETAK, baca_manifest, catat_run
from transforms.keluar.memori import kembalikan_memori
from transforms.keluar.penjaga import Susut, periksa_susut
from transforms.keluar.penunjuk import baca_id_terkini, cari_folder_terbit
from transforms.keluar.riwayat import buat_versi
from transforms.keluar.ubah import pasang_id_run_ubah
from transforms.komponen.asal import HasilBerkas
from transforms.langkah.bawa_provinsi import KUNCI as SIDIK_PROVINSI
from transforms.langkah.bawa_provinsi import sidik_provinsi_generasi
from transforms.langkah.keputusan import berkas_ditolak, tentukan_kode_keluar
from transforms.langkah.pengaturan import Pengaturan
from transforms.langkah.ringkasan import Ringkasan
from transforms.langkah.sidik_tahun import KUNCI as SIDIK
from transforms.langkah.sidik_tahun import sidik_generasi
from transforms.terima.simpan import Provenans

_AKAR = Path(__file__).resolve().parents[2]


def _git_sha() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=_AKAR,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def buat_tabel_karantina(
    hasil: list[HasilBerkas], id_run: str, lain: pd.DataFrame | None = None
) -> pd.DataFrame:
    """All problems of all files (and run-level warnings) as the karantina table."""
    names = list(kolom("karantina"))
    frames = [h.masalah for h in hasil if len(h.masalah)]
    if lain is not None and len(lain):
        frames.append(lain)
    if not frames:
        return pd.DataFrame(columns=names)
    return pd.concat(frames, ignore_index=True).assign(id_run=id_run)[names]


def _buat_manifest(
    ringkasan: Ringkasan,
    parameter: dict[str, Any],
    inputs: list[tuple[Path, Provenans]],
    diganti: list[tuple[Path, Provenans]],
) -> dict[str, Any]:
    """The manifest of a run: inputs with their accounting, outcome, parameters."""
    kode = tentukan_kode_keluar(ringkasan)
    return {
        "id_run": ringkasan.id_run,
        "selesai": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pemicu": ringkasan.pemicu,
        "status": kode.name.lower(),
        "kode_keluar": int(kode),
        "versi_skema": VERSI_SKEMA,
        "versi_tata_letak": VERSI_TATA_LETAK,
        "git_sha": _git_sha(),
        **buat_versi(),
        "parameter": parameter,
        "masukan": [
            {**vars(p), **next((a for a in ringkasan.berkas if a["berkas"] == p.berkas), {})}
            for _, p in inputs
        ],
        "daftar_berkas_ditolak": [
            {"berkas": a["berkas"], "alasan": a["ditolak"]} for a in berkas_ditolak(ringkasan)
        ],
        "digantikan_koreksi": [p.berkas for _, p in diganti],
        "generasi_sebelumnya": ringkasan.generasi_sebelumnya,
        "tahun_diterbitkan": ringkasan.tahun,
        "ditolak_penjaga": ringkasan.ditolak_penjaga,
        "susut_diizinkan": ringkasan.susut_diizinkan,
        "kunci_basi": ringkasan.kunci_basi,
        "jumlah_indikator": ringkasan.jumlah_indikator,
        "jumlah_wilayah": ringkasan.jumlah_wilayah,
        "masalah_per_aturan": ringkasan.masalah,
    }


TABEL_RUN = ("indikator", "komponen", "karantina", "penggantian", "lonjakan")
"""The tables a run computes (the publish step adds the dimensions and per-indicator files)."""


def buat_tabel_kosong() -> dict[str, pd.DataFrame]:
    """Every table of a run without rows (a run whose years are in its staging generation)."""
    return {nama: pd.DataFrame(columns=list(kolom(nama))) for nama in TABEL_RUN}


def pilih_tahun_terbit(
    tables: dict[str, pd.DataFrame], inputs: list[tuple[Path, Provenans]], tahun: int | None
) -> list[int]:
    """The years this run recomputes: the one asked for, else every year of its data and
    inputs (years of the current generation outside this list are carried over unchanged)."""
    if tahun is not None:
        return [int(tahun)]
    dari_data = {int(t) for t in tables["indikator"]["tahun"].dropna().unique()}
    return sorted(dari_data | {int(p.tahun) for _, p in inputs})


def jaga_penerbitan(
    indikator: pd.DataFrame,
    kini: Path | None,
    tahun_list: list[int],
    ringkasan: Ringkasan,
    pengaturan: Pengaturan,
) -> list[int]:
    """The years that may be published; the guard's refusals go into ``ringkasan``."""
    susut = periksa_susut(indikator, kini, tahun_list, pengaturan.batas_susut)
    return putuskan_susut(susut, tahun_list, ringkasan, pengaturan)


def putuskan_susut(
    susut: dict[int, Susut], tahun_list: list[int], ringkasan: Ringkasan, pengaturan: Pengaturan
) -> list[int]:
    """The years of ``tahun_list`` that may be published, given what the guard found
    (``susut``: the years it refuses); its refusals (or, with ``--izinkan-susut``, what is
    published anyway) go into ``ringkasan``."""
    catatan = [{**s.ke_dict(), "pesan": s.jelaskan()} for s in susut.values()]
    if pengaturan.izinkan_susut:
        ringkasan.susut_diizinkan = catatan
        return tahun_list
    ringkasan.ditolak_penjaga = catatan
    return [t for t in tahun_list if t not in susut]


def pilih_pendahulu_terbit(kini: Path | None, parameter: dict[str, Any]) -> Path | None:
    """The current generation, when it was published from the same raw store as this run.

    A generation made from another store (e.g. the bundled demo in ``data/demo`` before the
    first real file arrived in ``data/raw``) is no predecessor: its years are neither carried
    into the new generation nor compared by the guard, so demo values never mix with real ones.
    """
    if kini is None:
        return None
    try:
        lama = json.loads((kini / "manifest.json").read_text(encoding="utf-8"))
        raw_lama = lama.get("parameter", {}).get("raw")
    except (OSError, ValueError, AttributeError):
        return kini  # unreadable: keep the guard's caution
    if raw_lama is None or "raw" not in parameter:
        return kini
    sama = Path(raw_lama).resolve() == Path(parameter["raw"]).resolve()
    return kini if sama else None


def baca_asal_tahun(kini: Path | None) -> dict[str, dict[int, str]]:
    """Per table of the predecessor ``kini``, the run that wrote each year (its manifest)."""
    if kini is None:
        return {}
    keluaran = (baca_manifest(kini) or {}).get("keluaran") or {}
    return {
        t: {int(k): v.get("id_run") for k, v in d.items() if k.isdigit() and v}
        for t, d in keluaran.items()
    }


def pasang_ubah(
    tables: dict[str, pd.DataFrame], kini: Path | None, tahun_list: list[int], id_run: str
) -> dict[str, pd.DataFrame]:
    """Every table with ``id_run_ubah`` carried over from the predecessor ``kini`` where a
    value did not change (:func:`transforms.keluar.ubah.pasang_id_run_ubah`)."""
    dari = baca_asal_tahun(kini)
    return {
        nama: pasang_id_run_ubah(
            nama, frame, kini / nama if kini else None, tahun_list, id_run, dari.get(nama)
        )
        for nama, frame in tables.items()
    }


def terbitkan(
    out: Path,
    katalog: Katalog,
    tables: dict[str, pd.DataFrame],
    ringkasan: Ringkasan,
    parameter: dict[str, Any],
    inputs: list[tuple[Path, Provenans]],
    diganti: list[tuple[Path, Provenans]],
    pengaturan: Pengaturan | None = None,
) -> Path | None:
    """Publish every table of the run as one new generation (the guard permitting).

    Returns the manifest of the new generation, or None when the guard refused every year
    (the run is then recorded in ``runs/<id_run>.json`` only). The caller holds the lock.
    """
    pengaturan = pengaturan or Pengaturan()
    kini = pilih_pendahulu_terbit(cari_folder_terbit(out), parameter)
    ringkasan.generasi_sebelumnya = baca_id_terkini(out)
    if ringkasan.siap:  # written year by year, each year checked by the guard already
        tahun_baru = sorted({t for d in ringkasan.siap.values() for t in d})
        jumlah = {t: sum(ringkasan.siap.get(t, {}).values()) for t in tables}
    else:
        tahun_list = pilih_tahun_terbit(tables, inputs, parameter.get("tahun"))
        tahun_baru = jaga_penerbitan(tables["indikator"], kini, tahun_list, ringkasan, pengaturan)
        kembalikan_memori()  # the previous year's keys the guard read (±0.8 GB for a country)
        jumlah = {t: len(f) for t, f in tables.items()}
    ringkasan.tahun = tahun_baru
    ringkasan.generasi = ringkasan.id_run if tahun_baru else None
    manifest = _buat_manifest(ringkasan, parameter, inputs, diganti)
    manifest["jumlah_baris"] = jumlah
    manifest["tahun_tidak_berubah"] = ringkasan.tidak_berubah
    manifest[SIDIK] = sidik_generasi(ringkasan.sidik_tahun, tahun_baru, kini)
    manifest[SIDIK_PROVINSI] = sidik_provinsi_generasi(ringkasan.sidik_provinsi, tahun_baru, kini)
    manifest["provinsi_dibawa"] = {str(t): p for t, p in ringkasan.provinsi_dibawa.items() if p}
    if not tahun_baru:
        hapus_staging(out, ringkasan.id_run)  # what the refused years left in it
        try:
            catat_run(out, manifest)
        except OSError as exc:
            raise jelaskan_galat_os(exc, out) from exc
        return None
    if not ringkasan.siap:
        tables = pasang_ubah(tables, kini, tahun_baru, ringkasan.id_run)
        kembalikan_memori()
    isi = IsiGenerasi(
        ringkasan.id_run, tables, tahun_baru, kini, manifest, katalog, pengaturan.simpan_generasi
    )
    isi.siap = ringkasan.siap
    try:
        folder = terbitkan_generasi(out, isi)
    except BaseException:
        ringkasan.generasi = None
        raise
    ringkasan.ditulis = {
        t: {k: n for k, n in d.items() if k is not None} for t, d in isi.ditulis.items()
    }
    return folder / "manifest.json"


def langkah_terbitkan(out: Path, *args: Any) -> Path | None:
    """The publish step as the flow calls it (see :func:`terbitkan`), with the catalog."""
    return terbitkan(out, muat_katalog(), *args)
