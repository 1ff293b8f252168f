"""A fingerprint of everything one year's tables depend on, so a run skips the years whose
inputs did not change since the generation in force.

A year's tables (``indikator``, ``komponen``, ``karantina``, ``penggantian``, ``lonjakan``)
are a function of:

- the files in force with data of that year and the files they replaced: bytes and sidecar
  record (:func:`~transforms.langkah.simpanan.buat_nama_entri`, the names of their cached
  results);
- the code, the catalog with the region master and the reading libraries
  (:func:`~transforms.langkah.simpanan.hitung_sidik_kode`);
- the region's own targets (the ``--target`` folder, outside the catalog);
- the year itself.

Years are computed independently (each year of a run of several years equals a ``--tahun``
run of it, tested) and nothing depends on the clock. The manifest keeps each year's
fingerprint (``sidik_tahun``) when the run wrote that year with every file used. A later run
whose fingerprint of a year is the same carries that year over from the generation in force
(hard links), without reading or computing it, once its files' bytes are checked as every
run checks them (:func:`berkas_utuh`). When no year changed, nothing is published:
the generation in force stays, and the run says so (exit code 0). ``--hitung-ulang`` and
``--tanpa-cache`` compute every year again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from transforms.keluar.manifest import baca_manifest
from transforms.komponen.asal import BerkasDitolak
from transforms.langkah.bawa_provinsi import sidik_konteks
from transforms.langkah.simpanan import buat_nama_entri
from transforms.terima.simpan import Provenans, periksa_berkas_raw

KUNCI = "sidik_tahun"
"""The manifest key: year (text) → fingerprint."""
VERSI = 2  # 2: the context fingerprint shared with the provinces' (bawa_provinsi)
_TABEL_TAHUN = "indikator"  # a carried year must have this table's year folder


def hitung_sidik_tahun(
    aktif: Iterable[tuple[Path, Provenans]],
    diganti: Iterable[tuple[Path, Provenans]],
    tahun: int,
    target: Path | None,
) -> str | None:
    """The fingerprint of year ``tahun`` computed from ``aktif`` (files in force with data
    of that year) and ``diganti`` (the files they replaced); None when a file has no usable
    sidecar (such a year is always computed)."""
    nama = {
        "a": [buat_nama_entri(p) for _, p in aktif],
        "d": [buat_nama_entri(p) for _, p in diganti],
    }
    if any(n is None for daftar in nama.values() for n in daftar):
        return None
    h = hashlib.sha256(f"{VERSI} {sidik_konteks(tahun, target)}\n".encode())
    for jenis, daftar in nama.items():
        for n in sorted(str(x) for x in daftar):
            h.update(f"{jenis} {n}\n".encode())
    return h.hexdigest()


def baca_sidik_terbit(kini: Path | None) -> dict[int, str]:
    """The year fingerprints kept in the manifest of generation folder ``kini``."""
    manifest = baca_manifest(kini) if kini is not None else None
    simpan = (manifest or {}).get(KUNCI)
    if not isinstance(simpan, dict):
        return {}
    return {int(t): s for t, s in simpan.items() if str(t).isdigit() and isinstance(s, str)}


def cari_tahun_tetap(sidik: dict[int, str | None], kini: Path | None) -> list[int]:
    """The years of ``sidik`` whose fingerprint is the one generation ``kini`` was written
    with (and whose tables it holds): they need no computing."""
    if kini is None:
        return []
    lama = baca_sidik_terbit(kini)
    return sorted(
        t
        for t, s in sidik.items()
        if s is not None and lama.get(t) == s and (kini / _TABEL_TAHUN / str(t)).is_dir()
    )


def berkas_utuh(berkas: Iterable[tuple[Path, Provenans]]) -> bool:
    """Whether every file still has the bytes it was received with (the check each run makes
    of the files it reads, :func:`~transforms.terima.simpan.periksa_berkas_raw`): a year
    with a file changed on disk is computed, so the run rejects that file and says so."""
    try:
        for path, prov in berkas:
            periksa_berkas_raw(path, prov)
    except BerkasDitolak:
        return False
    return True


def sidik_generasi(
    baru: dict[int, str], tahun_baru: Iterable[int], kini: Path | None
) -> dict[str, str]:
    """The fingerprints for a new generation's manifest: each year this run wrote with its
    own (``baru``: only years written with every file used), each year carried over from
    ``kini`` with the one it had there. A year written without one gets none: it is
    computed again next time."""
    ditulis = set(tahun_baru)
    hasil = {t: s for t, s in baca_sidik_terbit(kini).items() if t not in ditulis}
    hasil.update({t: s for t, s in baru.items() if t in ditulis})
    return {str(t): hasil[t] for t in sorted(hasil)}
