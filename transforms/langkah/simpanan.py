"""Cache of each raw file's processed result, so a rerun reads only what changed.

A raw file's result (:class:`HasilBerkas`: components, problems, row accounting) depends only
on its bytes (sha256), its sidecar record, and the code and catalog that processed it. An
entry is named ``<sha256>_<code16>_<record16>``: the file's sha256, a fingerprint of the code
and catalog (:func:`hitung_sidik_kode`) and a hash of every field of its sidecar record
(:class:`Provenans`). A different file, a corrected file (new bytes), a new sidecar or a
change of code or catalog gives another name: an entry is never stale, only unused.

An entry is three files in the cache folder (default ``<raw>/.cache/hasil``; the raw store
skips hidden folders): ``<name>.komponen.parquet`` (one row group per province where its
rows allow, :mod:`transforms.langkah.simpanan_provinsi`), ``<name>.masalah.parquet`` and
``<name>.json`` (accounting, the exact dtype of every column, the row counts, the provinces of
the row groups; written last).
Each is written under a temporary name and renamed into place, so a reader sees a whole file
or none; two runs writing the same entry write the same content. An entry that cannot be read
or does not match what its JSON says is a miss (logged): the file is processed again and the
entry rewritten. Nothing here ever fails a run.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import sys
import time
import uuid
from dataclasses import asdict, dataclass, fields, is_dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from schemas.katalog import FOLDER_KATALOG, hitung_hash_katalog
from transforms.komponen.asal import HasilBerkas
from transforms.langkah.simpanan_provinsi import BatasProvinsi, tulis_per_provinsi
from transforms.langkah.tabel_simpanan import (
    baca_komponen,
    baca_tabel_simpanan,
    jenis_kolom,
    objek_aman,
)
from transforms.terima.simpan import Provenans, ProvenansRusak, baca_daftar_raw

log = logging.getLogger(__name__)

FOLDER_BAWAAN = Path(".cache") / "hasil"
"""The cache folder inside the raw store (hidden: no raw-store lister sees it)."""
VERSI = 1  # of the entry format; a reader refuses another
_AKAR = Path(__file__).resolve().parents[2]
_KODE = ("transforms", "schemas")
_PUSTAKA = ("pandas", "numpy", "pyarrow", "python-calamine", "fastexcel", "openpyxl", "rapidfuzz")
_BAGIAN = ("komponen.parquet", "masalah.parquet", "json")
_RE_ENTRI = re.compile(
    r"(?P<nama>[0-9a-f]{64}_[0-9a-f]{16}_[0-9a-f]{16})"
    r"\.(?:komponen\.parquet|masalah\.parquet|json|sidik-\d{4}\.json)"
)
_RE_SEMENTARA = re.compile(_RE_ENTRI.pattern + r"\.tmp-\d+-[0-9a-f]{32}")
_UMUR_SEMENTARA = 3600.0  # seconds: an older temporary file is left over from a crash
_JEDA = 5.0  # seconds: an entry this recent when the store is listed is never removed


@dataclass(frozen=True)
class Simpanan:
    """The cache a run uses: its folder, and whether entries are read (``pakai``; False for
    ``--tanpa-cache``: every file is processed again and its entry rewritten). ``segar``:
    entries written during this run (by its worker processes), read even when ``pakai`` is
    False. ``lewati``, ``utuh``: see below."""

    folder: Path
    pakai: bool = True
    segar: frozenset[str] = frozenset()
    lewati: frozenset[str] = frozenset()
    """Provinces whose rows the run does not need (carried over): a result kept one row group
    per province (:mod:`transforms.langkah.simpanan_provinsi`) is read without them, but
    the files of ``utuh`` (names in the raw store: a correction and the files it replaced,
    compared whole)."""
    utuh: frozenset[str] = frozenset()


def cari_folder_simpanan(raw: Path, folder: Path | None = None) -> Path:
    """The cache folder: the one set in the settings, else ``<raw>/.cache/hasil``."""
    return folder if folder is not None else raw / FOLDER_BAWAAN


@functools.cache
def hitung_sidik_kode() -> str:
    """Fingerprint of what processes a file: the bytes of the code (``transforms/``,
    ``schemas/``), the catalog (region master included), Python and the reading libraries'
    versions. Computed once per process."""
    digest = hashlib.sha256(f"{VERSI} {sys.version}".encode())
    for paket in _PUSTAKA:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{paket}={metadata.version(paket)}\n".encode())
    digest.update(hitung_hash_katalog(FOLDER_KATALOG).encode())
    for nama in _KODE:
        digest.update(hitung_hash_katalog(_AKAR / nama).encode())
    return digest.hexdigest()


def buat_nama_entri(prov: Provenans) -> str | None:
    """The entry name of a raw file's result; None for a file that is never cached (an
    unusable sidecar)."""
    if isinstance(prov, ProvenansRusak) or not re.fullmatch(r"[0-9a-f]{64}", prov.sha256):
        return None
    # the fields as they are (``asdict`` deep-copies a coverage of ±90 KB: 10 ms a call, and
    # a run names every file twice); the same JSON unless a field holds a dataclass
    isi = {f.name: getattr(prov, f.name) for f in fields(prov)}
    if any(is_dataclass(v) for v in isi.values()):
        isi = asdict(prov)
    catatan = json.dumps(isi, sort_keys=True, ensure_ascii=False, default=str)
    sidik = hashlib.sha256(catatan.encode("utf-8")).hexdigest()
    return f"{prov.sha256}_{hitung_sidik_kode()[:16]}_{sidik[:16]}"


def _bagian(folder: Path, nama: str) -> dict[str, Path]:
    return {b.split(".")[0]: folder / f"{nama}.{b}" for b in _BAGIAN}


def ada_simpanan(simpanan: Simpanan, prov: Provenans) -> bool:
    """Whether an entry for this file is there (complete: its JSON is written last)."""
    nama = buat_nama_entri(prov)
    return nama is not None and _bagian(simpanan.folder, nama)["json"].is_file()


def baca_simpanan(simpanan: Simpanan, prov: Provenans) -> HasilBerkas | None:
    """The cached result of a raw file, or None (no entry, or one that cannot be used: logged,
    the caller processes the file and rewrites the entry)."""
    nama = buat_nama_entri(prov)
    if nama is None or not (simpanan.pakai or nama in simpanan.segar):
        return None
    bagian = _bagian(simpanan.folder, nama)
    try:
        isi = json.loads(bagian["json"].read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("simpanan %s tidak terbaca (%s): berkas diolah ulang", nama, exc)
        return None
    try:
        if isi["versi"] != VERSI:
            raise ValueError(f"versi {isi['versi']}")
        lewati = simpanan.lewati if prov.berkas not in simpanan.utuh else frozenset()
        komponen = baca_komponen(bagian["komponen"], isi, lewati)
        masalah = baca_tabel_simpanan(
            bagian["masalah"], isi["jenis"]["masalah"], int(isi["baris"]["masalah"])
        )
        return HasilBerkas(komponen, masalah, dict(isi["akuntansi"]))
    except Exception as exc:  # a damaged entry is a miss, never a failed run
        log.warning(
            "simpanan %s rusak (%s: %s): berkas diolah ulang", nama, type(exc).__name__, exc
        )
        return None


def _path_sidik(simpanan: Simpanan, prov: Provenans, tahun: int) -> Path | None:
    """Where a raw file's parts' fingerprints for ``tahun`` are kept: beside its cached result
    only (None without one: a file whose result is not kept, a rejected one, may give other
    rows next time)."""
    nama = buat_nama_entri(prov)
    if nama is None or not _bagian(simpanan.folder, nama)["json"].is_file():
        return None
    return simpanan.folder / f"{nama}.sidik-{int(tahun):04d}.json"


def baca_sidik_bagian(simpanan: Simpanan, prov: Provenans, tahun: int) -> dict[str, str] | None:
    """The fingerprints of a raw file's parts per province for year ``tahun``
    (:func:`~transforms.langkah.tumpahan.sidik_bagian`), kept beside its cached result; None
    when not kept, when its result is not cached, or not to be read (``--tanpa-cache``)."""
    path = _path_sidik(simpanan, prov, tahun)
    if path is None or not simpanan.pakai:
        return None
    try:
        isi = json.loads(path.read_text(encoding="utf-8"))
        return {str(p): str(h) for p, h in isi.items()}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, AttributeError) as exc:  # damaged: computed again
        log.warning("sidik %s tidak terbaca (%s)", path.name, exc)
        return None


def simpan_sidik_bagian(
    simpanan: Simpanan, prov: Provenans, tahun: int, sidik: dict[str, str]
) -> None:
    """Keep a raw file's parts' fingerprints for year ``tahun`` beside its cached result (none
    without one; never raises); removed with its entry (:func:`pangkas_simpanan`)."""
    path = _path_sidik(simpanan, prov, tahun)
    if path is None:
        return
    teks = json.dumps(dict(sorted(sidik.items())))
    try:
        simpanan.folder.mkdir(parents=True, exist_ok=True)
        tulis_atomik(path, lambda p: p.write_text(teks, encoding="utf-8"))
    except OSError as exc:
        log.warning("sidik %s tidak disimpan (%s)", path.name, exc)


def _angka_asli(nilai: Any) -> Any:
    """A numpy scalar of the accounting as a plain number for JSON."""
    if hasattr(nilai, "item"):
        return nilai.item()
    raise TypeError(f"{type(nilai).__name__} tidak dapat disimpan sebagai JSON")


def tulis_atomik(path: Path, tulis: Any) -> Any:
    """Write through a temporary name beside ``path``, then rename it into place; returns
    what ``tulis`` returned."""
    sementara = path.with_name(f"{path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex}")
    try:
        hasil = tulis(sementara)
        os.replace(sementara, path)
        return hasil
    finally:
        sementara.unlink(missing_ok=True)


def tulis_entri(folder: Path, nama: str, frames: dict[str, pd.DataFrame], isi: dict) -> bool:
    """Write one cache entry of a province and year: each frame as ``<nama><akhiran>`` (the
    keys are the file endings, e.g. ``.parquet``), then ``<nama>.json`` holding ``isi``
    (written last: an entry without it is a miss). False when nothing was written (logged);
    never raises."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for akhiran, frame in frames.items():
            tulis_atomik(folder / f"{nama}{akhiran}", frame.to_parquet)
        teks = json.dumps(isi, ensure_ascii=False)
        tulis_atomik(folder / f"{nama}.json", lambda p: p.write_text(teks, "utf-8"))
    except Exception as exc:  # a full disk or a read-only store: computed again next time
        log.warning("simpanan %s tidak disimpan (%s: %s)", nama, type(exc).__name__, exc)
        return False
    return True


def pangkas_entri(folder: Path, nama: str, maks: int) -> None:
    """Keep the newest ``maks`` entries (by their JSON's time: a read touches it) of the
    province and year of entry ``nama`` (``<tahun>_<provinsi>_<hash>``); an older entry's
    JSON goes first (an entry without it is a miss), then its other files."""
    awalan = nama.rsplit("_", 1)[0] + "_"
    try:
        ada = sorted(folder.glob(f"{awalan}*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for lama in ada[maks:]:
            lama.unlink(missing_ok=True)
            for berkas in folder.glob(f"{lama.stem}.*"):
                berkas.unlink(missing_ok=True)
    except OSError as exc:  # another run pruned meanwhile
        log.info("simpanan %s tidak dipangkas (%s)", folder.name, exc)


def simpan_hasil(
    simpanan: Simpanan, prov: Provenans, hasil: HasilBerkas, batas: BatasProvinsi | None = None
) -> bool:
    """Keep a raw file's result (not a rejected file's: a fixed environment retries it), its
    component rows one row group per province of ``batas`` where they can be
    (:func:`~transforms.langkah.simpanan_provinsi.tulis_per_provinsi`). False when nothing
    was written (logged); never raises."""
    nama = buat_nama_entri(prov)
    if nama is None or "ditolak" in hasil.akuntansi:
        return False
    tabel = {"komponen": hasil.komponen, "masalah": hasil.masalah}
    if not all(objek_aman(df) for df in tabel.values()):
        log.info("hasil %s tidak disimpan: kolom object berisi selain teks", prov.berkas)
        return False
    bagian = _bagian(simpanan.folder, nama)
    isi = {
        "versi": VERSI,
        "berkas": prov.berkas,
        "akuntansi": hasil.akuntansi,
        "jenis": {t: jenis_kolom(df) for t, df in tabel.items()},
        "baris": {t: len(df) for t, df in tabel.items()},
    }
    try:
        json.dumps(isi, ensure_ascii=False, default=_angka_asli)  # fails before any write
        simpanan.folder.mkdir(parents=True, exist_ok=True)
        tulis_atomik(bagian["masalah"], hasil.masalah.to_parquet)
        komponen = hasil.komponen
        ditulis = tulis_atomik(bagian["komponen"], lambda p: tulis_per_provinsi(p, komponen, batas))
        if ditulis:
            isi["provinsi"] = ditulis
        teks = json.dumps(isi, ensure_ascii=False, default=_angka_asli)
        tulis_atomik(bagian["json"], lambda p: p.write_text(teks, encoding="utf-8"))
    except Exception as exc:  # a full disk or a read-only store: the run goes on without it
        log.warning("hasil %s tidak disimpan (%s: %s)", prov.berkas, type(exc).__name__, exc)
        return False
    return True


def pangkas_simpanan(simpanan: Simpanan, raw: Path) -> int:
    """Remove the entries no file of the raw store can use (another code fingerprint, a
    sha256 or record no longer in the store) and temporary files left by a crash; the number
    of files removed. Only names of the entry scheme, only in the cache folder; an entry
    written while the store was listed (an ingest meanwhile) is kept. Never raises."""
    try:
        isi = list(simpanan.folder.iterdir())
        sejak = time.time() - _JEDA
        pakai = {n for _, p in baca_daftar_raw(raw) if (n := buat_nama_entri(p)) is not None}
    except OSError:
        return 0
    hapus = 0
    for path in isi:
        entri = _RE_ENTRI.fullmatch(path.name)
        sisa = entri is None and _RE_SEMENTARA.fullmatch(path.name) is not None
        try:
            umur = path.stat().st_mtime
            if (entri and entri["nama"] not in pakai and umur < sejak) or (
                sisa and umur < time.time() - _UMUR_SEMENTARA
            ):
                path.unlink()
                hapus += 1
        except OSError as exc:  # removed meanwhile, or not ours to remove
            log.info("simpanan %s tidak dihapus (%s)", path.name, exc)
    if hapus:
        log.info(
            "%d berkas simpanan yang tidak terpakai lagi dihapus dari %s", hapus, simpanan.folder
        )
    return hapus
