"""Receive one file: plan it, then copy it unchanged into the raw store with its sidecar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from schemas.model import Katalog
from transforms.baca.nama import nama_aman
from transforms.terima.rencana import Permintaan, buat_rencana
from transforms.terima.simpan import (
    Provenans,
    baca_daftar_raw,
    buat_folder_periode,
    hitung_sha256,
    tulis_berkas_raw,
)


@dataclass(frozen=True)
class HasilTerima:
    """Outcome of one ingest: where the file went, and whether it was new."""

    path: Path
    provenans: Provenans
    baru: bool


def _cari_salinan(raw: Path, digest: str, sumber: str, tahun: int) -> HasilTerima | None:
    """The stored copy of the same bytes for the same source and year, if any."""
    for path, prov in baca_daftar_raw(raw):
        if prov.sha256 == digest and prov.sumber == sumber and prov.tahun == tahun:
            return HasilTerima(path, prov, baru=False)
    return None


def _tentukan_tujuan(raw: Path, folder: Path, name: str, digest: str) -> tuple[Path, str | None]:
    """Where the file goes in ``folder``, and which stored file it replaces (a correction)."""
    target = folder / name
    if not target.exists():
        return target, None
    # a correction replaces the latest earlier file of the same name, source and period
    earlier = [p for f, p in baca_daftar_raw(folder) if nama_aman(p.nama_asli) == name]
    menggantikan = earlier[-1].berkas if earlier else str(target.relative_to(raw))
    return folder / f"{Path(name).stem}__{digest[:8]}{Path(name).suffix}", menggantikan


def terima_berkas(
    src: Path,
    raw: Path,
    katalog: Katalog,
    tahun: int | None = None,
    bulan: int | None = None,
    sumber: str | None = None,
    wilayah: str | None = None,
    now: dt.datetime | None = None,
    *,
    semester: int | None = None,
    kolom: dict[str, str] | None = None,
) -> HasilTerima:
    """Copy ``src`` unchanged into the raw store with its provenance sidecar.

    The file is checked first (size, zip bomb, not Excel at all): a hostile file never
    reaches a parser. Its source is given, read from a filled template, a generic table
    (``kolom``: header → component) or recognised from its header rows. Without ``tahun``,
    the years come from the file (its year column, or the template).

    Raises:
        SumberTidakDikenal: the header matches no known layout and no ``sumber`` was given.
        TahunTidakDiketahui: no year given and none in the file.
        transforms.baca.tolak.BerkasBerbahaya: the file failed the preflight.
    """
    minta = Permintaan(tahun, bulan, semester, sumber, wilayah, kolom)
    sumber, minta, tahun, tahun_data = buat_rencana(src, katalog, minta)
    digest = hitung_sha256(src)
    salinan = _cari_salinan(raw, digest, sumber, tahun)
    if salinan is not None:
        return salinan
    folder = raw / sumber / buat_folder_periode(tahun, minta.bulan, minta.semester, tahun_data)
    target, menggantikan = _tentukan_tujuan(raw, folder, nama_aman(src.name), digest)
    folder.mkdir(parents=True, exist_ok=True)
    received = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="microseconds")
    prov = Provenans(
        sha256=digest,
        nama_asli=src.name,
        diterima=received,
        sumber=sumber,
        tahun=tahun,
        bulan=minta.bulan,
        wilayah=minta.wilayah,
        ukuran=src.stat().st_size,
        berkas=str(target.relative_to(raw)),
        menggantikan=menggantikan,
        semester=minta.semester,
        tahun_data=tahun_data,
        kolom=minta.kolom,
    )
    tulis_berkas_raw(src, target, prov)
    return HasilTerima(target, prov, baru=True)
