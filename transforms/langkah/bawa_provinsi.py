"""A province whose inputs did not change since the generation in force is carried over.

A run combines, writes and computes a year province by province
(:mod:`transforms.langkah.gabung_provinsi`). A province's tables are a function of its rows set
aside from every file, each with when its file was received (the fingerprint of
:meth:`~transforms.langkah.tumpahan.TumpahanProvinsi.sidik`), and of what every year's tables
depend on besides the files: the code, the catalog with the region master, the region's own
targets and the year (:func:`sidik_konteks`). The two together are the province's fingerprint
(:func:`sidik_provinsi`); the manifest keeps each province's (``sidik_provinsi``: year →
province → fingerprint) for the years written with every file used.

When a province's fingerprint is the one the generation in force was written with, the run
links that province's ``komponen`` and ``indikator`` files from there (hard links,
:class:`~transforms.keluar.parquet_provinsi.PenulisProvinsi`) instead of combining, writing and
computing them, and takes what the province adds to the year's small tables (replaced values,
value warnings, its share of each file's monthly values) from the result cache, where the run
that combined it kept them (:class:`SimpananGabung`). Rows of a carried province keep the
``id_run`` and ``id_run_ubah`` they were written with (their values are the same). Without the
cache entry, or without the files, the province is combined as always. ``--hitung-ulang`` and
``--tanpa-cache`` carry nothing.

So a correction in one province's file (a kabupaten sends its file again) recombines and
recomputes that province only; a national file changes every province.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from schemas.katalog import hitung_hash_katalog
from transforms.keluar.manifest import baca_manifest
from transforms.keluar.parquet_provinsi import berkas_provinsi
from transforms.langkah.simpanan import (
    Simpanan,
    baca_sidik_bagian,
    hitung_sidik_kode,
    pangkas_entri,
    simpan_sidik_bagian,
    tulis_entri,
)
from transforms.langkah.tabel_simpanan import (
    baca_tabel_simpanan,
    jenis_kolom,
    kategori_kolom,
    objek_aman,
)
from transforms.langkah.tumpahan import TumpahanProvinsi, sidik_provinsi_baris
from transforms.terima.simpan import Provenans

log = logging.getLogger(__name__)

KUNCI = "sidik_provinsi"
"""The manifest key: year (text) → province → fingerprint."""
FOLDER = "gabung"
"""Subfolder of the result cache for what a province adds to the year's small tables."""
VERSI = 2  # 2: a province's rows fingerprinted from its parts' (cached per file)
MAKS_ENTRI = 2
"""Entries kept per province and year (the current one and the one before)."""
TABEL_PROVINSI = ("komponen", "indikator")
"""The tables a carried province's files are linked for."""


def sidik_konteks(tahun: int, target: Path | None) -> str:
    """What a year's tables depend on besides its files: the code fingerprint (code, catalog
    with the region master, libraries), the region's own targets and the year."""
    h = hashlib.sha256(f"{VERSI} {int(tahun)} {hitung_sidik_kode()}\n".encode())
    ada_target = target is not None and Path(target).is_dir()
    h.update(f"target {hitung_hash_katalog(Path(target)) if ada_target else '-'}\n".encode())
    return h.hexdigest()


def sidik_provinsi(konteks: str, sidik_baris: str) -> str:
    """A province's fingerprint: the year's context and its rows' fingerprint."""
    return hashlib.sha256(f"{konteks}\n{sidik_baris}".encode()).hexdigest()


@dataclass
class HasilGabung:
    """What one province's combine adds to the year's small tables."""

    ganti: list[pd.DataFrame]  # rows of replaced values (:func:`gabung_bagian`)
    lonjakan: pd.DataFrame  # value warnings (:func:`cari_lonjakan`)
    bulanan: dict[tuple[str, str], int]  # monthly values per (file, component)


def _catat(frame: pd.DataFrame) -> dict[str, Any]:
    return {"jenis": jenis_kolom(frame), "kategori": kategori_kolom(frame), "baris": len(frame)}


@dataclass(frozen=True)
class SimpananGabung:
    """:class:`HasilGabung` of earlier runs, in ``folder``: ``<nama>.<bagian>.parquet`` per
    frame and ``<nama>.json`` (written last: the frames' exact types, categories and rows,
    and the monthly counts). A damaged entry is a miss; nothing here ever fails a run."""

    folder: Path
    pakai: bool = True

    @classmethod
    def dari(cls, simpanan: Simpanan) -> SimpananGabung:
        """The entries beside a run's file results (same folder, same use)."""
        return cls(simpanan.folder / FOLDER, simpanan.pakai)

    def baca(self, nama: str) -> HasilGabung | None:
        """The entry ``nama``, or None."""
        if not self.pakai:
            return None
        try:
            isi = json.loads((self.folder / f"{nama}.json").read_text(encoding="utf-8"))
            frames = {
                bagian: baca_tabel_simpanan(
                    self.folder / f"{nama}.{bagian}.parquet", c["jenis"], c["baris"], c["kategori"]
                )
                for bagian, c in isi["frame"].items()
            }
            bulanan = {(str(b), str(k)): int(n) for b, k, n in isi["bulanan"]}
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged entry is a miss
            log.warning("gabungan tersimpan %s tidak terbaca (%s): digabung ulang", nama, exc)
            return None
        with contextlib.suppress(OSError):
            os.utime(self.folder / f"{nama}.json")  # recently used: kept by the pruning
        ganti = [frames[f"ganti-{i}"] for i in range(isi["ganti"])]
        return HasilGabung(ganti, frames["lonjakan"], bulanan)

    def simpan(self, nama: str, hasil: HasilGabung) -> None:
        """Keep one province's :class:`HasilGabung` (never raises), then prune."""
        frames = {f"ganti-{i}": g for i, g in enumerate(hasil.ganti)}
        frames["lonjakan"] = hasil.lonjakan
        if not all(objek_aman(f) for f in frames.values()):
            return
        isi = {
            "ganti": len(hasil.ganti),
            "frame": {bagian: _catat(f) for bagian, f in frames.items()},
            "bulanan": [[b, k, int(n)] for (b, k), n in hasil.bulanan.items()],
        }
        akhiran = {f".{bagian}.parquet": f for bagian, f in frames.items()}
        if tulis_entri(self.folder, nama, akhiran, isi):
            pangkas_entri(self.folder, nama, MAKS_ENTRI)


def baca_sidik_provinsi(kini: Path | None) -> dict[int, dict[str, str]]:
    """The province fingerprints kept in the manifest of generation folder ``kini``."""
    manifest = baca_manifest(kini) if kini is not None else None
    simpan = (manifest or {}).get(KUNCI)
    if not isinstance(simpan, dict):
        return {}
    return {
        int(t): {str(p): str(s) for p, s in per.items()}
        for t, per in simpan.items()
        if str(t).isdigit() and isinstance(per, dict)
    }


def sidik_provinsi_generasi(
    baru: dict[int, dict[str, str]], tahun_baru: list[int], kini: Path | None
) -> dict[str, dict[str, str]]:
    """The province fingerprints for a new generation's manifest: each year this run wrote
    with its own (``baru``: only years written with every file used), each year carried over
    from ``kini`` with the ones it had there."""
    ditulis = set(tahun_baru)
    hasil = {t: s for t, s in baca_sidik_provinsi(kini).items() if t not in ditulis}
    hasil.update({t: s for t, s in baru.items() if t in ditulis})
    return {str(t): dict(sorted(hasil[t].items())) for t in sorted(hasil)}


@dataclass
class Pembawa:
    """Which provinces of one year are carried over, and their cached :class:`HasilGabung`.

    Args:
        kini: the generation in force (None: nothing to carry).
        tahun: the year.
        lama: its province fingerprints in ``kini``'s manifest.
        simpanan: the cache of :class:`HasilGabung` (None: nothing kept nor carried).
        bawa: whether provinces may be carried at all (not with ``--hitung-ulang``).
    """

    kini: Path | None
    tahun: int
    lama: dict[str, str]
    simpanan: SimpananGabung | None
    bawa: bool = True
    _dicari: dict[tuple[str, str], HasilGabung | None] = field(default_factory=dict, repr=False)

    @classmethod
    def dari(cls, kini: Path | None, tahun: int, simpanan: Simpanan, bawa: bool) -> Pembawa:
        """For year ``tahun`` of a run: the fingerprints of generation ``kini``, the cache
        beside the run's file results."""
        lama = baca_sidik_provinsi(kini).get(tahun, {})
        return cls(kini, tahun, lama, SimpananGabung.dari(simpanan), bawa)

    def nama(self, prov: str, sidik: str) -> str:
        return f"{int(self.tahun)}_{prov}_{sidik[:40]}"

    def sumber(self, prov: str) -> dict[str, Path]:
        """Province ``prov``'s files of each table in the generation in force."""
        if self.kini is None:
            return {}
        return {t: berkas_provinsi(self.kini / t / str(self.tahun), prov) for t in TABEL_PROVINSI}

    def cari(self, prov: str, sidik: str) -> HasilGabung | None:
        """The cached :class:`HasilGabung` when province ``prov`` (fingerprint ``sidik``) is
        carried over: its fingerprint in force, its files there and its entry kept."""
        if not self.bawa or self.simpanan is None or self.lama.get(prov) != sidik:
            return None
        if (prov, sidik) in self._dicari:  # decided once (before the files were read)
            return self._dicari[(prov, sidik)]
        sumber = self.sumber(prov)
        hasil = None
        if sumber and all(p.is_file() for p in sumber.values()):
            hasil = self.simpanan.baca(self.nama(prov, sidik))
        self._dicari[(prov, sidik)] = hasil
        return hasil

    def simpan(self, prov: str, sidik: str, hasil: HasilGabung) -> None:
        if self.simpanan is not None:
            self.simpanan.simpan(self.nama(prov, sidik), hasil)


@dataclass
class SidikBerkas:
    """The year's files' parts' fingerprints per province
    (:func:`~transforms.langkah.tumpahan.sidik_bagian`), as kept beside their cached results
    (None: not kept; a file without a cached result is never trusted with one)."""

    simpanan: Simpanan
    berkas: list[Provenans]
    tahun: int
    diketahui: list[dict[str, str] | None]

    @classmethod
    def dari(cls, simpanan: Simpanan, berkas: list[Provenans], tahun: int) -> SidikBerkas:
        """The fingerprints kept for each of ``berkas`` (in file order)."""
        return cls(simpanan, berkas, tahun, [baca_sidik_bagian(simpanan, p, tahun) for p in berkas])

    def pilih_dibawa(self, pembawa: Pembawa, konteks: str, diterima: list[str]) -> frozenset[str]:
        """The provinces carried over, decided before any file is read: only when every
        file's fingerprints are known (each province's fingerprint is then known)."""
        if not pembawa.bawa or any(d is None for d in self.diketahui):
            return frozenset()
        bagian: dict[str, list[tuple[int, str]]] = {}
        for ke, sidik in enumerate(self.diketahui):
            for prov, h in (sidik or {}).items():
                bagian.setdefault(prov, []).append((ke, h))
        return frozenset(
            prov
            for prov, b in bagian.items()
            if pembawa.cari(prov, sidik_provinsi(konteks, sidik_provinsi_baris(diterima, b)))
        )

    def simpan(self, tumpahan: TumpahanProvinsi, ke: int, baris: pd.DataFrame) -> None:
        """File ``ke``'s rows set aside (those of provinces carried over left out, their
        known fingerprints recorded); its fingerprints kept when they were not known."""
        kenal = self.diketahui[ke]
        sidik = tumpahan.simpan(ke, baris, kenal)
        if kenal is None:
            simpan_sidik_bagian(self.simpanan, self.berkas[ke], self.tahun, sidik)
