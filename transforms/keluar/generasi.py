"""Publish a run as ONE generation: written whole beside the current one, then switched to.

A generation is complete: every table of the run (``indikator``, ``komponen``, ``karantina``
and any other table handed over), every year (years this run did not recompute are carried
over from the current generation as hard links, copies where the disk cannot link), the data
dictionary and the manifest. It is written in ``generasi/.staging-<id_run>``, read back,
renamed to ``generasi/<id_run>`` and made current by one atomic pointer switch
(:func:`transforms.keluar.penunjuk.tukar_penunjuk`). Until that switch the readers see the old
generation whole; after it the new one whole.

Each step is a named function of this module, called through the module globals in the order of
:data:`LANGKAH_TERBIT`, so tests can stop a run after any step. The caller holds the output
lock (:mod:`transforms.keluar.kunci`): what a killed run left (staging, half-deleted
generations) is removed by the next one.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from schemas.model import Katalog
from transforms.keluar.bi import tulis_berkas_bi
from transforms.keluar.bintang import tulis_bintang
from transforms.keluar.galat import KeluaranGagal, jelaskan_galat_os
from transforms.keluar.kamus import tulis_kamus
from transforms.keluar.manifest import baca_manifest, catat_run, tulis_manifest
from transforms.keluar.memori import kembalikan_memori
from transforms.keluar.parquet import daftar_tahun, hitung_baris, tulis_tabel
from transforms.keluar.penunjuk import (
    GENERASI,
    baca_id_terkini,
    daftar_generasi,
    pasang_tautan_bi,
    siapkan_tautan_bi,
    tukar_penunjuk,
)
from transforms.keluar.samakan import bawa_berkas

log = logging.getLogger(__name__)

SIMPAN_BAWAAN = 5
STAGING = ".staging-"
HAPUS = ".hapus-"
LANGKAH_TERBIT = (
    "bersihkan_sisa",
    "beri_ruang",
    "tulis_tahun_baru",
    "bawa_tahun_lama",
    "tulis_bintang",
    "tulis_kamus",
    "tulis_berkas_bi",
    "periksa_generasi",
    "tulis_manifest",
    "resmikan_generasi",
    "siapkan_tautan_bi",
    "tukar_penunjuk",
    "pasang_tautan_bi",
    "catat_run",
    "pangkas_generasi",
)


@dataclass
class IsiGenerasi:
    """What goes into a generation.

    Attributes:
        id_run: the run, also the generation's name.
        tables: every table of the run (name → frame with the contract of ``catalog/kolom.yaml``).
        tahun_baru: years written from ``tables``; other years are carried over from ``kini``.
        kini: folder of the current published data (None when there is none).
        manifest: the run's manifest; ``keluaran`` is filled in here.
        katalog: for the data dictionary.
        simpan: how many generations to keep (the current one always).
        siap: rows per table and year already written into the staging folder (a run of
            several years writes each year as soon as it is computed, :func:`buka_staging`);
            those years are not written again.
    """

    id_run: str
    tables: dict[str, pd.DataFrame]
    tahun_baru: list[int]
    kini: Path | None
    manifest: dict[str, Any]
    katalog: Katalog
    simpan: int = SIMPAN_BAWAAN
    ditulis: dict[str, dict] = field(default_factory=dict)
    siap: dict[str, dict[int, int]] = field(default_factory=dict)


def folder_staging(out: Path, id_run: str) -> Path:
    """Where run ``id_run`` writes its generation before publishing it; everything a run sets
    aside while it computes (the spill, the compute worker's transfer files) lives inside it,
    so what a killed run leaves is removed with it (:func:`bersihkan_sisa`)."""
    return out / GENERASI / f"{STAGING}{id_run}"


def bersihkan_sisa(out: Path, kecuali: str | None = None) -> list[str]:
    """Remove what killed runs left: staging folders, half-deleted generations, temp links.

    Only called under the output lock, so nothing found here belongs to a live run, except
    the staging folder of run ``kecuali`` (the caller's own, when it wrote years already).
    """
    sendiri = folder_staging(out, kecuali) if kecuali else None
    sisa = [p for p in (out / GENERASI).glob(f"{STAGING}*") if p != sendiri]
    sisa += [*(out / GENERASI).glob(f"{HAPUS}*")]
    if baca_id_terkini(out) is None:  # generations never made current (a killed first run)
        sisa += [out / GENERASI / nama for nama in daftar_generasi(out)]
    sisa += [*out.glob(".staging-*"), *out.glob(".lama-*")]  # .staging-*: the layout before
    sisa += [*out.glob(".*.tmp"), *(out / "runs").glob(".*.tmp")]
    for path in sisa:
        _hapus(path)
    if sisa:
        log.warning("sisa run yang terhenti dibersihkan: %s", ", ".join(p.name for p in sisa))
    _lengkapi_riwayat(out)
    return sorted(p.name for p in sisa)


def _hapus(path: Path) -> None:
    """Remove a leftover: a link or a junction (never what it points to), a file, a folder."""
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
        return
    try:
        os.rmdir(path)  # an empty folder, or a Windows junction (only the junction goes)
    except OSError:
        shutil.rmtree(path, ignore_errors=True)


def _lengkapi_riwayat(out: Path) -> None:
    """``runs/<id>.json`` of the current generation, when its run was killed before writing it."""
    id_kini = baca_id_terkini(out)
    if id_kini and not (out / "runs" / f"{id_kini}.json").exists():
        manifest = baca_manifest(out / GENERASI / id_kini)
        if manifest:
            catat_run(out, manifest)


def tulis_tahun_baru(staging: Path, isi: IsiGenerasi) -> None:
    """Every table of the run, the years of ``tahun_baru``, as Parquet (the years already
    written, ``isi.siap``, are kept as they are)."""
    for tabel, frame in isi.tables.items():
        siap = isi.siap.get(tabel, {})
        tahun = [t for t in isi.tahun_baru if t not in siap]
        isi.ditulis[tabel] = {**siap, **tulis_tabel(staging / tabel, tabel, frame, tahun)}
        kembalikan_memori()  # the contract's copies of the slices written


def buka_staging(out: Path, id_run: str, simpan: int) -> Path:
    """The staging folder of run ``id_run``, made on first use (after what killed runs left
    is removed and room is made, as :func:`terbitkan_generasi` does) for a run that writes
    its years one at a time; :func:`terbitkan_generasi` then publishes it."""
    staging = folder_staging(out, id_run)
    if not staging.is_dir():
        bersihkan_sisa(out, id_run)
        beri_ruang(out, simpan)
        staging.mkdir(parents=True)
    return staging


def hapus_staging(out: Path, id_run: str) -> None:
    """Remove run ``id_run``'s staging folder (a run that failed before publishing)."""
    shutil.rmtree(folder_staging(out, id_run), ignore_errors=True)


def bawa_tahun_lama(staging: Path, isi: IsiGenerasi) -> dict[str, list[int]]:
    """Years of the current generation this run did not write, carried over unchanged
    (hard links; a file of an older output schema is brought to the contract)."""
    dibawa: dict[str, list[int]] = {}
    if isi.kini is None:
        return dibawa
    asal = _asal_dibawa(isi.kini)
    for tabel, frame in isi.tables.items():
        if "tahun" not in frame.columns:
            continue
        for tahun in daftar_tahun(isi.kini / tabel):
            if tahun in isi.tahun_baru:
                continue
            dari = asal.get(tabel, {}).get(str(tahun))
            for src in sorted((isi.kini / tabel / str(tahun)).glob("*.parquet")):
                bawa_berkas(src, staging / tabel / str(tahun) / src.name, tabel, dari)
            dibawa.setdefault(tabel, []).append(tahun)
    return dibawa


def _asal_dibawa(kini: Path | None) -> dict[str, dict[str, str]]:
    """For the current generation: the run that wrote each (table, year)."""
    manifest = baca_manifest(kini) if kini is not None else None
    if not manifest:
        return {}
    asal = {}
    for tabel, per_tahun in (manifest.get("keluaran") or {}).items():
        asal[tabel] = {
            t: v.get("id_run", manifest.get("id_run")) for t, v in per_tahun.items() if v
        }
    return asal


def periksa_generasi(staging: Path, isi: IsiGenerasi) -> dict[str, dict[str, dict]]:
    """Read every table back; refuse when a year written by this run has other row counts.

    Returns the ``keluaran`` of the manifest: per table and year, rows, file and the run that
    wrote them (this run, or the one a carried-over year came from).
    """
    asal = _asal_dibawa(isi.kini)
    keluaran: dict[str, dict[str, dict]] = {}
    for tabel in isi.tables:
        ditulis = isi.ditulis.get(tabel, {})
        # the year folders there, and every year counted as written (a missing one reads 0)
        ada = set(daftar_tahun(staging / tabel)) | {t for t in ditulis if t is not None}
        tahun_list = sorted(ada) if None not in ditulis else [None]
        keluaran[tabel] = {}
        for tahun in tahun_list:
            folder = staging / tabel if tahun is None else staging / tabel / str(tahun)
            baris = hitung_baris(folder)
            if tahun in ditulis and ditulis[tahun] != baris:
                raise RuntimeError(
                    f"{tabel}/{tahun}: {baris} baris terbaca, {ditulis[tahun]} ditulis"
                )
            kunci = "semua" if tahun is None else str(tahun)
            dari = isi.id_run if tahun in ditulis else asal.get(tabel, {}).get(kunci)
            berkas = _nama_berkas(staging, folder)
            keluaran[tabel][kunci] = {"baris": baris, "berkas": berkas, "id_run": dari}
    return keluaran


def _nama_berkas(staging: Path, folder: Path) -> str:
    """A table-year's file relative to the generation (its folder, ``/`` ended, when it holds
    several: one per province)."""
    files = sorted(folder.glob("*.parquet"))
    if len(files) == 1:
        return files[0].relative_to(staging).as_posix()
    return folder.relative_to(staging).as_posix() + "/"


def resmikan_generasi(staging: Path, out: Path, id_run: str) -> Path:
    """Rename the checked staging folder to ``generasi/<id_run>`` (not yet current)."""
    final = out / GENERASI / id_run
    if final.exists():  # an earlier attempt of this same run (a retried task) got this far
        shutil.rmtree(final)
    os.rename(staging, final)
    return final


def _pangkas(out: Path, simpan: int) -> list[str]:
    ada = daftar_generasi(out)
    kini = baca_id_terkini(out)
    simpan_set = (set(ada[-simpan:]) if simpan > 0 else set()) | {kini}
    dihapus = []
    for nama in ada:
        if nama in simpan_set:
            continue
        tujuan = out / GENERASI / f"{HAPUS}{nama}"
        try:
            os.rename(out / GENERASI / nama, tujuan)
        except OSError:  # e.g. a file of it open in Power BI on Windows: a later run retries
            log.warning("generasi %s belum dapat dihapus; dicoba lagi pada run berikutnya", nama)
            continue
        shutil.rmtree(tujuan, ignore_errors=True)
        dihapus.append(nama)
    return dihapus


def pangkas_generasi(out: Path, simpan: int) -> list[str]:
    """Delete all but the newest ``simpan`` generations and the current one.

    A generation is first renamed to ``generasi/.hapus-<id>`` (one rename: it is never seen
    half deleted), then removed; what cannot be removed now (a file open on Windows) is
    removed by a later run.
    """
    return _pangkas(out, simpan)


def beri_ruang(out: Path, simpan: int) -> list[str]:
    """Before writing: keep ``simpan - 1`` old generations besides the current one, so that
    after this run ``simpan`` remain and a nearly full disk has room for the new one."""
    return _pangkas(out, simpan - 1)


def _setelah_terbit(nama: str, *args: Any) -> None:
    """A step after the switch: the run is published; a failure here is only logged, and the
    next run repairs it (links, history, retention)."""
    try:
        globals()[nama](*args)
    except Exception:  # published already: a failure here must not turn the run into a failure
        log.exception("langkah %s setelah penerbitan gagal; diulang pada run berikutnya", nama)


def _batalkan(out: Path, staging: Path, id_run: str) -> bool:
    """After a failure: when the switch did not happen, remove what this run wrote (readers
    never saw it) and return True; False when the generation is current (published)."""
    shutil.rmtree(staging, ignore_errors=True)
    try:
        terkini = baca_id_terkini(out)
    except KeluaranGagal:
        terkini = None
    if terkini == id_run:
        return False
    shutil.rmtree(out / GENERASI / id_run, ignore_errors=True)
    return True


def terbitkan_generasi(out: Path, isi: IsiGenerasi) -> Path:
    """Publish ``isi`` as one generation and make it current; return its folder.

    Raises:
        KeluaranGagal: the disk refused (full, read-only, no permission); nothing changed for
            readers and the staging folder is removed.
    """
    staging = folder_staging(out, isi.id_run)
    try:
        bersihkan_sisa(out, isi.id_run)
        beri_ruang(out, isi.simpan)
        staging.mkdir(parents=True, exist_ok=bool(isi.siap))
        tulis_tahun_baru(staging, isi)
        isi.manifest["tahun_dibawa"] = bawa_tahun_lama(staging, isi)
        isi.manifest["bintang"] = tulis_bintang(staging, isi)
        tulis_kamus(staging, isi.katalog)
        isi.manifest["berkas_bi"] = tulis_berkas_bi(staging, isi)
        isi.manifest["keluaran"] = periksa_generasi(staging, isi)
        isi.manifest["generasi"] = isi.id_run
        tulis_manifest(staging, isi.manifest)
        final = resmikan_generasi(staging, out, isi.id_run)
        siapkan_tautan_bi(out, list(isi.tables), isi.id_run)
        tukar_penunjuk(out, isi.id_run)
    except BaseException as exc:
        if not _batalkan(out, staging, isi.id_run):
            log.exception("galat setelah penunjuk berpindah; generasi %s sudah terbit", isi.id_run)
        elif isinstance(exc, OSError):
            raise jelaskan_galat_os(exc, out) from exc
        else:
            raise
    _setelah_terbit("pasang_tautan_bi", out, list(isi.tables), isi.id_run)
    _setelah_terbit("catat_run", out, isi.manifest)
    _setelah_terbit("pangkas_generasi", out, isi.simpan)
    return final


def pakai_generasi(out: Path, id_generasi: str) -> None:
    """Make an existing generation current (restore a broken pointer, or go back one).

    The caller holds the output lock. The guard does not apply: the generation was complete
    and published before.
    """
    ada = daftar_generasi(out)
    if id_generasi not in ada:
        pilihan = ", ".join(ada[-5:]) or "tidak ada"
        raise KeluaranGagal(
            f"Generasi {id_generasi!r} tidak ada di {out / GENERASI} (yang ada: {pilihan})."
        )
    try:
        tukar_penunjuk(out, id_generasi)
        manifest = baca_manifest(out / GENERASI / id_generasi) or {}
        pasang_tautan_bi(out, list(manifest.get("keluaran") or ["indikator"]), id_generasi)
    except OSError as exc:
        raise jelaskan_galat_os(exc, out) from exc


def ringkas_generasi(out: Path) -> list[dict[str, Any]]:
    """One row per generation (oldest first): id, finished, years, indicator rows, current."""
    try:
        kini = baca_id_terkini(out)
    except KeluaranGagal:
        kini = None
    baris = []
    for nama in daftar_generasi(out):
        manifest = baca_manifest(out / GENERASI / nama) or {}
        indikator = (manifest.get("keluaran") or {}).get("indikator", {})
        baris.append(
            {
                "generasi": nama,
                "selesai": manifest.get("selesai", "?"),
                "tahun": ", ".join(sorted(indikator)),
                "baris_indikator": sum(int(v.get("baris", 0)) for v in indikator.values()),
                "tahun_baru": ", ".join(map(str, manifest.get("tahun_diterbitkan") or [])),
                "berlaku": nama == kini,
            }
        )
    return baris
