"""``indikator status``: the raw store, the current generation and the last run in one view.

Everything here is read from small records: the raw store's sidecars and history
(:mod:`transforms.terima.status`), the periods each file produced in the published ``komponen``
table (one DuckDB scan of two columns), the generation's manifest and ``OUT/runs/*.json``. No raw
data file is opened.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from transforms.hitung.cakupan import cari_wilayah_harus
from transforms.keluar.galat import KeluaranGagal
from transforms.keluar.manifest import baca_manifest
from transforms.keluar.penunjuk import GENERASI, baca_id_terkini, cari_folder_terbit
from transforms.keluar.riwayat import baca_runs
from transforms.terima.simpan import cari_status_raw, kunci_raw
from transforms.terima.status import (
    AKTIF,
    BerkasRaw,
    Periode,
    buat_berkas_raw,
    cari_berkas_perkiraan,
    cari_berkas_rusak,
    cari_berkas_tanpa_periode,
    cari_tahun_raw,
    hitung_grid_status,
)

log = logging.getLogger(__name__)


@dataclass
class StatusTahun:
    """The store for one year: grid, region coverage per source, files without a period."""

    tahun: int
    grid: pd.DataFrame
    cakupan: pd.DataFrame
    tanpa_periode: list[str] = field(default_factory=list)
    perkiraan: list[str] = field(default_factory=list)  # periods from the files they replaced


@dataclass
class Status:
    """What ``indikator status`` shows."""

    tahun: list[StatusTahun]
    generasi: dict[str, Any] | None
    run_terakhir: dict[str, Any] | None
    catatan: list[str] = field(default_factory=list)
    rusak: list[tuple[str, str]] = field(default_factory=list)  # (berkas, why) unusable files


def _sql_daftar(nilai: list[str]) -> str:
    """A SQL list literal of hex strings (sha256 values are checked to be hex)."""
    return ", ".join(f"'{v}'" for v in nilai if v.isalnum())


def baca_periode_terbit(folder: Path, sha256: list[str] | None = None) -> dict[str, set[Periode]]:
    """sha256 → periods its rows produced in the ``komponen`` table under ``folder``."""
    import duckdb

    files = sorted(str(p) for p in (folder / "komponen").glob("**/*.parquet"))
    if not files:
        return {}
    where = f"WHERE sha256 IN ({_sql_daftar(sha256)})" if sha256 else ""
    if sha256 is not None and not sha256:
        return {}
    rows = duckdb.sql(
        f"SELECT DISTINCT sha256, tahun, bulan, semester FROM read_parquet({files!r}) {where}"
    ).fetchall()
    out: dict[str, set[Periode]] = {}
    for sha, tahun, bulan, semester in rows:
        out.setdefault(sha, set()).add((int(tahun), bulan, semester))
    return out


def _periode_semua_generasi(out: Path, sha_perlu: set[str]) -> dict[str, set[Periode]]:
    """Periods from the current generation, then older kept ones for files not found there."""
    periode: dict[str, set[Periode]] = {}
    kini = cari_folder_terbit(out)
    if kini is not None:
        periode = baca_periode_terbit(kini)
    sisa = sorted(sha_perlu - set(periode))
    gen = out / GENERASI
    for folder in sorted(gen.iterdir(), reverse=True) if gen.is_dir() and sisa else ():
        if folder.name.startswith(".") or folder == kini:
            continue
        for sha, p in baca_periode_terbit(folder, sisa).items():
            periode.setdefault(sha, p)
        sisa = sorted(set(sisa) - set(periode))
        if not sisa:
            break
    return periode


def hitung_cakupan_sumber(berkas: list[BerkasRaw], tahun: int, master: Any) -> pd.DataFrame:
    """Per source: kabupaten, kecamatan and region codes its files in force cover in a year,
    against the master's regions under every kabupaten the store covers that year.

    Read from the sidecars' ``cakupan`` summary. The code count of a source is the largest
    per period of the sum over its files in force (files in force for one period never share
    a region), so monthly files covering the same desa are not counted twice.
    """
    aktif = [b for b in berkas if b.keadaan == AKTIF and _milik_tahun(b, tahun)]
    scope = sorted({k for b in aktif for k in (b.cakupan or {}).get("kabupaten", [])})
    harus = cari_wilayah_harus(master, scope, ["kabupaten", "kecamatan", "desa"])
    n_harus = harus["tingkat"].value_counts()
    rows = []
    for sumber in sorted({b.sumber for b in aktif}):
        mine = [b for b in aktif if b.sumber == sumber]
        kab = {k for b in mine for k in (b.cakupan or {}).get("kabupaten", [])}
        kec = {k for b in mine for k in (b.cakupan or {}).get("kecamatan", [])}
        per_periode: dict[Any, int] = {}
        for b in mine:
            for p in b.periode or {None}:
                per_periode[p] = per_periode.get(p, 0) + int(
                    (b.cakupan or {}).get("jumlah_kode", 0)
                )
        kode = max(per_periode.values(), default=0)
        rows.append(
            {
                "sumber": sumber,
                "kabupaten": len(kab),
                "kabupaten_harus": int(n_harus.get("kabupaten", 0)),
                "kecamatan": len(kec),
                "kecamatan_harus": int(n_harus.get("kecamatan", 0)),
                # a source reporting at kecamatan level has as many codes as kecamatan
                "desa": kode if kode > len(kec) else 0,
                "desa_harus": int(n_harus.get("desa", 0)),
                "tercatat": all(b.cakupan is not None for b in mine),
            }
        )
    return pd.DataFrame(rows)


def _milik_tahun(b: BerkasRaw, tahun: int) -> bool:
    """Whether a file holds data of ``tahun``."""
    return tahun in b.tahun or any(p[0] == tahun for p in b.periode or ())


def baca_run_terakhir(out: Path) -> dict[str, Any] | None:
    """The last run's record (``OUT/runs/<id>.json``, latest id), read defensively: only the
    fields status shows, an unreadable record is skipped for the one before it."""
    for data in reversed(baca_runs(out)):
        if data.get("status") == "tidak terbaca" and len(data) == 2:
            log.warning("catatan run %s tidak terbaca, dilewati", data["id_run"])
            continue
        masukan = data.get("masukan")
        ditolak = data.get("daftar_berkas_ditolak")
        return {
            "id_run": data["id_run"],
            "selesai": data.get("selesai"),
            "status": data.get("status"),
            "kode_keluar": data.get("kode_keluar"),
            "pemicu": data.get("pemicu"),
            "berkas": len(masukan) if isinstance(masukan, list) else None,
            "jumlah_ditolak": len(ditolak) if isinstance(ditolak, list) else None,
            "jumlah_indikator": data.get("jumlah_indikator"),
            "jumlah_wilayah": data.get("jumlah_wilayah"),
            "tahun_diterbitkan": data.get("tahun_diterbitkan"),
            "generasi": data.get("generasi"),
        }
    return None


def baca_generasi_terkini(out: Path) -> dict[str, Any] | None:
    """The current generation: id, finish time, years (from its manifest)."""
    id_kini = baca_id_terkini(out)
    if id_kini is None:
        return None
    manifest = baca_manifest(out / GENERASI / id_kini) or {}
    tahun = sorted({int(t) for t in (manifest.get("keluaran") or {}).get("indikator", {})})
    return {
        "id": id_kini,
        "selesai": manifest.get("selesai"),
        "tahun": tahun or manifest.get("tahun_diterbitkan"),
        "tahun_dibawa": sorted(manifest.get("tahun_dibawa") or []),
    }


def buat_status(raw: Path, out: Path, tahun: int | None = None, semua: bool = False) -> Status:
    """The status of a raw store and its output folder.

    Args:
        raw: the raw store.
        out: the output folder of ``indikator run``.
        tahun: the year to show; the latest year in the store when None.
        semua: one grid per year of the store.
    """
    from transforms.wilayah.edisi import cari_edisi_untuk_tahun
    from transforms.wilayah.master import muat_master

    catatan: list[str] = []
    semua_berkas: list = []
    status_raw: dict = {}
    if raw.is_dir():
        with kunci_raw(raw, bersama=True):
            semua_berkas, status_raw = cari_status_raw(raw)
    try:
        generasi = baca_generasi_terkini(out)
        periode = _periode_semua_generasi(out, {p.sha256 for _, p in semua_berkas if p.sha256})
    except KeluaranGagal as exc:
        generasi, periode = None, {}
        catatan.append(str(exc))
    berkas = buat_berkas_raw(semua_berkas, status_raw, periode)
    ada = cari_tahun_raw(berkas)
    pilih = ada if semua else ([tahun] if tahun else ada[-1:])
    per_tahun = []
    for t in pilih:
        master = muat_master(cari_edisi_untuk_tahun(t))
        per_tahun.append(
            StatusTahun(
                t,
                hitung_grid_status(berkas, t),
                hitung_cakupan_sumber(berkas, t, master),
                [b.berkas for b in cari_berkas_tanpa_periode(berkas, t)],
                [b.berkas for b in cari_berkas_perkiraan(berkas, t)],
            )
        )
    rusak = [(b.berkas, b.galat) for b in cari_berkas_rusak(berkas)]
    return Status(per_tahun, generasi, baca_run_terakhir(out), catatan, rusak)
