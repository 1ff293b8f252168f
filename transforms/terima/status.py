"""The raw store at a glance: which source delivered which period, and in what state.

Built from the sidecars and ``raw/riwayat.jsonl`` only
(:func:`transforms.terima.simpan.cari_status_raw`), never from the data files, so it is
instant on a national store. A file's periods come from its sidecar (``bulan``/``semester`` of
a one-period file) or, for a file whose rows carry the period (a SIGA export with a BULAN
column), from a caller-supplied map ``sha256 → periods`` (the periods its rows produced in a
published generation); a file in neither is listed as "period not known yet", never guessed.

A cell (source × period) is one of :data:`KEADAAN`: ``diterima`` (a file in force covers it),
``dikoreksi`` (a file in force covers it and replaced an earlier one), ``ditarik`` (only files no
longer in force covered it: withdrawn, or replaced by a file without this period) or ``kosong``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from transforms.terima.riwayat import TARIK

DITERIMA, DIKOREKSI, DITARIK, KOSONG = "diterima", "dikoreksi", "ditarik", "kosong"
KEADAAN = (DITERIMA, DIKOREKSI, DITARIK, KOSONG)
AKTIF, DIGANTI = "aktif", "diganti"

# one period of a source: (tahun, bulan or None, semester or None)
Periode = tuple[int, int | None, int | None]


@dataclass(frozen=True)
class BerkasRaw:
    """One stored file as the status sees it (from its sidecar and the history)."""

    berkas: str
    sumber: str
    sha256: str
    keadaan: str  # aktif | diganti | ditarik
    koreksi: bool  # it replaced an earlier file when received
    periode: frozenset[Periode] | None  # None: not known (no sidecar period, not yet run)
    tahun: tuple[int, ...]  # years it belongs to (sidecar)
    cakupan: dict[str, Any] | None
    perkiraan: bool = False  # periods taken from the files it replaced (not yet run)
    galat: str = ""  # why the stored file cannot be used (unusable sidecar, file gone)


def baca_tahun_sidecar(prov: Any) -> tuple[int, ...]:
    """The years of a file per its sidecar (several for a multi-year export)."""
    return tuple(sorted(set(prov.tahun_data or ()) or {prov.tahun}))


def cari_periode_sidecar(prov: Any) -> frozenset[Periode] | None:
    """The period a sidecar names (one month or one semester), or None."""
    if prov.bulan is not None:
        return frozenset({(prov.tahun, prov.bulan, None)})
    if prov.semester is not None:
        return frozenset({(prov.tahun, None, prov.semester)})
    return None


def buat_berkas_raw(
    semua: Iterable[tuple[Path, Any]],
    status: Mapping[str, tuple[bool, Any]],
    periode_terbit: Mapping[str, Iterable[Periode]],
) -> list[BerkasRaw]:
    """The stored files with their state and periods.

    Args:
        semua: ``(path, provenans)`` of every stored file (:func:`cari_status_raw`).
        status: berkas → (in force, deciding event) (:func:`cari_status_raw`).
        periode_terbit: sha256 → periods its rows produced in a published generation.
    """
    out = []
    semua = list(semua)
    for _, prov in semua:
        aktif, peristiwa = status.get(prov.berkas, (True, None))
        if aktif:
            keadaan = AKTIF
        else:
            keadaan = DITARIK if peristiwa is not None and peristiwa.aksi == TARIK else DIGANTI
        periode = cari_periode_sidecar(prov)
        if periode is None and prov.sha256 in periode_terbit:
            periode = frozenset(periode_terbit[prov.sha256])
        out.append(
            BerkasRaw(
                berkas=prov.berkas,
                sumber=prov.sumber,
                sha256=prov.sha256,
                keadaan=keadaan,
                koreksi=bool(prov.menggantikan),
                periode=periode,
                tahun=baca_tahun_sidecar(prov),
                cakupan=prov.cakupan,
                galat=getattr(prov, "galat", ""),
            )
        )
    return _perkirakan_periode(out, {p.berkas: p.menggantikan or [] for _, p in semua})


def _perkirakan_periode(berkas: list[BerkasRaw], ganti: Mapping[str, list[str]]) -> list[BerkasRaw]:
    """A correction not yet run takes the periods of the files it replaced: it replaced them
    because it covers the same source, period and regions (marked ``perkiraan``)."""
    periode = {b.berkas: b.periode for b in berkas}
    out = []
    for b in berkas:
        lama = [periode.get(g) for g in ganti.get(b.berkas, [])]
        if b.periode is None and lama and all(p is not None for p in lama):
            b = replace(b, periode=frozenset().union(*lama), perkiraan=True)
        out.append(b)
    return out


def cari_tahun_raw(berkas: Iterable[BerkasRaw]) -> list[int]:
    """Every year the store holds (from sidecars and known periods), ascending."""
    tahun: set[int] = set()
    for b in berkas:
        tahun |= set(b.tahun)
        tahun |= {p[0] for p in b.periode or ()}
    return sorted(tahun)


def _jenis_periode(periode: set[Periode]) -> str:
    """A source's granularity in a year: bulanan, semester or tahunan."""
    if any(p[1] is not None for p in periode):
        return "bulanan"
    if any(p[2] is not None for p in periode):
        return "semester"
    return "tahunan"


def _periode_harus(jenis: str, tahun: int) -> list[Periode]:
    """Every period a source of this granularity should deliver in a year."""
    if jenis == "bulanan":
        return [(tahun, b, None) for b in range(1, 13)]
    if jenis == "semester":
        return [(tahun, None, s) for s in (1, 2)]
    return [(tahun, None, None)]


def _keadaan_sel(berkas: list[BerkasRaw]) -> str:
    """The state of one cell from the files that cover it."""
    aktif = [b for b in berkas if b.keadaan == AKTIF]
    if aktif:
        diganti = any(b.keadaan == DIGANTI for b in berkas)
        return DIKOREKSI if diganti or any(b.koreksi for b in aktif) else DITERIMA
    return DITARIK if berkas else KOSONG


def hitung_grid_status(berkas: Iterable[BerkasRaw], tahun: int) -> pd.DataFrame:
    """Source × period grid of one year, every expected period present (missing = kosong).

    A source is in the grid when a file (in force or not) has a known period in the year;
    files whose period is not known yet are listed by :func:`cari_berkas_tanpa_periode`.

    Returns:
        One row per source and period: ``sumber``, ``jenis`` (bulanan/semester/tahunan),
        ``tahun``, ``bulan``, ``semester``, ``keadaan`` (:data:`KEADAAN`), ``jumlah_berkas``
        (files in force for the cell) and ``berkas`` (their stored paths, ``; ``-joined).
    """
    per_sel: dict[tuple[str, Periode], list[BerkasRaw]] = {}
    sumber_tahun: set[str] = set()
    for b in berkas:  # a file whose period is not known yet places nothing (listed apart)
        for p in b.periode or ():
            if p[0] == tahun:
                sumber_tahun.add(b.sumber)
                per_sel.setdefault((b.sumber, p), []).append(b)
    rows = []
    for sumber in sorted(sumber_tahun):
        ada = {p for (s, p) in per_sel if s == sumber}
        jenis = _jenis_periode(ada)
        for p in sorted(set(_periode_harus(jenis, tahun)) | ada, key=_urut_periode):
            isi = per_sel.get((sumber, p), [])
            aktif = [b.berkas for b in isi if b.keadaan == AKTIF]
            rows.append(
                (sumber, jenis, *p, _keadaan_sel(isi), len(aktif), "; ".join(sorted(aktif)))
            )
    kolom = ["sumber", "jenis", "tahun", "bulan", "semester", "keadaan", "jumlah_berkas", "berkas"]
    grid = pd.DataFrame(rows, columns=kolom)
    return grid.astype({"bulan": "Int64", "semester": "Int64"})


def _urut_periode(p: Periode) -> tuple[int, int]:
    """Sort key of a period: annual first, then months (or a semester's end month)."""
    return (p[0], p[1] if p[1] is not None else (p[2] * 6 if p[2] is not None else 0))


def cari_berkas_tanpa_periode(berkas: Iterable[BerkasRaw], tahun: int) -> list[BerkasRaw]:
    """Files of the year in force whose period is not known yet (received after the last run)."""
    return [
        b
        for b in berkas
        if b.periode is None and b.keadaan == AKTIF and tahun in b.tahun and not b.galat
    ]


def cari_berkas_rusak(berkas: Iterable[BerkasRaw]) -> list[BerkasRaw]:
    """Files in force that cannot be used as stored (the run rejects them), any year."""
    return [b for b in berkas if b.galat and b.keadaan == AKTIF]


def cari_berkas_perkiraan(berkas: Iterable[BerkasRaw], tahun: int) -> list[BerkasRaw]:
    """Corrections of the year in force whose periods were taken from the files they replaced."""
    return [b for b in berkas if b.perkiraan and b.keadaan == AKTIF and tahun in b.tahun]
