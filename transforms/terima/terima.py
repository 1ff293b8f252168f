"""Receive one file: plan it, decide its identity, then copy it unchanged into the raw store.

The identity of a file is its source, period and the regions it covers
(:mod:`transforms.terima.identitas`): a correction (same regions) replaces the file in force,
a file of other regions is stored beside it, an overlap is refused unless ``ganti`` names the
file to replace. Bytes already stored are not stored twice: when that copy is no longer in
force (a correction replaced it, or it was withdrawn) sending it again puts it back in force.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from schemas.model import Katalog
from transforms.baca.nama import nama_aman
from transforms.terima.identitas import (
    CakupanTumpangTindih,
    Keputusan,
    buat_pesan_tumpang,
    putuskan,
)
from transforms.terima.rencana import Permintaan, Rencana, buat_rencana
from transforms.terima.riwayat import PULIHKAN, TERIMA, Peristiwa, buat_waktu, tulis_peristiwa
from transforms.terima.simpan import (
    SIDECAR,
    Provenans,
    ProvenansRusak,
    SidecarRusak,
    baca_isi_raw,
    baca_sidecar,
    buat_folder_periode,
    cari_status_raw,
    hitung_sha256,
    kunci_raw,
    tulis_berkas_raw,
    tulis_sidecar,
)
from transforms.terima.tersimpan import Entri, cari_ganti, cari_sejenis
from transforms.terima.wilayah_berkas import CakupanWilayah, baca_cakupan, ringkas_cakupan

Perencana = Callable[[Path, Katalog, Permintaan], tuple[Rencana, str]]
"""Gives a file's plan (:func:`~transforms.terima.rencana.buat_rencana`) and its sha256."""


def rencanakan_berkas(src: Path, katalog: Katalog, minta: Permintaan) -> tuple[Rencana, str]:
    """The file checked and planned, then its sha256 (a refused file is never hashed)."""
    return buat_rencana(src, katalog, minta), hitung_sha256(src)


@dataclass(frozen=True)
class HasilTerima:
    """Outcome of one ingest: where the file is, whether it was new, what changed in force."""

    path: Path
    provenans: Provenans
    baru: bool
    dipulihkan: bool = False  # bytes already stored, put back in force
    diganti: tuple[str, ...] = ()  # stored files this ingest took out of force
    samping: tuple[str, ...] = ()  # files in force of the same source and period, kept
    diperbaiki: bool = False  # same bytes were stored with an unreadable sidecar: rewritten


def _cari_salinan(semua: list[Entri], digest: str, folder: str) -> Entri | None:
    """The intact stored copy of the same bytes in the same ``sumber/periode`` folder, if any:
    the same file (source, period and bytes). The same bytes sent for another period (a month
    stored in the year's folder before months were read from the file) are another file."""
    for path, prov in semua:
        if isinstance(prov, ProvenansRusak) or prov.sha256 != digest:
            continue
        sama = prov.folder == folder
        if sama and path.is_file() and hitung_sha256(path) == digest:
            return path, prov
    return None


def _ada_salinan(raw: Path, digest: str, folder: str) -> bool:
    """Whether the same bytes are stored in ``folder``, in force or not (read without the
    lock: a hint only, the locked part decides); their regions are then read there. Only
    that folder of the store is listed."""
    if not raw.is_dir():
        return False
    with kunci_raw(raw, bersama=True):
        baik, _ = baca_isi_raw(raw, folder)
    return _cari_salinan(baik, digest, folder) is not None


def _tentukan_tujuan(folder: Path, name: str, digest: str) -> tuple[Path, bool]:
    """Where new bytes go in ``folder``; True when it is a stored copy of the same bytes
    whose sidecar is missing or unreadable (an interrupted ingest or a damaged record)."""
    stem, suffix = Path(name).stem, Path(name).suffix
    lain = (f"{stem}__{digest[:8]}_{n}{suffix}" for n in range(2, 1000))
    for calon in (name, f"{stem}__{digest[:8]}{suffix}", *lain):
        target = folder / calon
        if not target.exists():
            return target, False
        try:
            baca_sidecar(target)
        except SidecarRusak:
            if target.is_file() and hitung_sha256(target) == digest:
                return target, True
    raise FileExistsError(f"tidak ada nama bebas untuk {name!r} di {folder}")


def _simpan_sidecar_rusak(target: Path) -> None:
    """Keep an unreadable sidecar aside (never deleted) before its record is written again."""
    meta = Path(str(target) + SIDECAR)
    if meta.exists():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        meta.rename(meta.with_name(f"{meta.name}.rusak-{stamp}"))


def _tolak_tumpang(keputusan: Keputusan, nama: str, prov: Provenans) -> None:
    if keputusan.tumpang:
        raise CakupanTumpangTindih(buat_pesan_tumpang(nama, prov, keputusan.tumpang))


def _pulihkan(
    raw: Path,
    salinan: Entri,
    sejenis: list[Entri],
    ganti: set[str],
    katalog: Katalog,
    now: dt.datetime | None,
) -> Keputusan:
    """Put a stored copy sent again back in force, if its regions allow (logged)."""
    path, prov = salinan
    keputusan = putuskan(baca_cakupan(path, prov, katalog), sejenis, ganti, katalog)
    _tolak_tumpang(keputusan, prov.nama_asli, prov)
    peristiwa = Peristiwa(
        buat_waktu(now),
        PULIHKAN,
        prov.berkas,
        aktifkan=(prov.berkas,),
        nonaktifkan=tuple(b.prov.berkas for b in keputusan.diganti),
        keterangan=f"dikirim ulang ({prov.nama_asli})",
    )
    tulis_peristiwa(raw, peristiwa)
    return keputusan


def _hasil(path: Path, prov: Provenans, keputusan: Keputusan, **kw: bool) -> HasilTerima:
    return HasilTerima(
        path,
        prov,
        diganti=tuple(b.prov.berkas for b in keputusan.diganti),
        samping=tuple(b.prov.berkas for b in keputusan.samping),
        **kw,
    )


def _buat_provenans(
    src: Path,
    sumber: str,
    minta: Permintaan,
    tahun: int,
    tahun_data: list[int] | None,
    digest: str,
    now: dt.datetime | None,
) -> Provenans:
    """The sidecar of new bytes before their regions and location are decided."""
    periode = buat_folder_periode(tahun, minta.bulan, minta.semester, tahun_data)
    return Provenans(
        sha256=digest,
        nama_asli=src.name,
        diterima=buat_waktu(now),
        sumber=sumber,
        tahun=tahun,
        bulan=minta.bulan,
        wilayah=minta.wilayah,
        ukuran=src.stat().st_size,
        berkas=f"{sumber}/{periode}/{nama_aman(src.name)}",
        semester=minta.semester,
        tahun_data=tahun_data,
        kolom=minta.kolom,
        judul_cocok=minta.judul_cocok or None,
    )


def _simpan_baru(
    src: Path,
    raw: Path,
    prov: Provenans,
    sejenis: list[Entri],
    ganti: set[str],
    katalog: Katalog,
    cakupan: CakupanWilayah | None,
) -> HasilTerima:
    """Store new bytes: regions read (unless ``cakupan`` holds them), identity decided, file
    and sidecar written, logged."""
    if cakupan is None:
        cakupan = baca_cakupan(src, prov, katalog)
    prov = replace(prov, cakupan=ringkas_cakupan(cakupan))
    keputusan = putuskan(cakupan, sejenis, ganti, katalog)
    _tolak_tumpang(keputusan, src.name, prov)
    folder = raw / Path(prov.berkas).parent
    target, perbaiki = _tentukan_tujuan(folder, nama_aman(src.name), prov.sha256)
    diganti = [b.prov.berkas for b in keputusan.diganti]
    prov = replace(prov, berkas=target.relative_to(raw).as_posix(), menggantikan=diganti or None)
    folder.mkdir(parents=True, exist_ok=True)
    if perbaiki:
        _simpan_sidecar_rusak(target)
        tulis_sidecar(target, prov)
    else:
        tulis_berkas_raw(src, target, prov)
    penerimaan = Peristiwa(prov.diterima, TERIMA, prov.berkas, (prov.berkas,), tuple(diganti))
    tulis_peristiwa(raw, penerimaan)
    return _hasil(target, prov, keputusan, baru=True, diperbaiki=perbaiki)


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
    ganti: Iterable[str] = (),
    giliran: contextlib.AbstractContextManager[object] | None = None,
    perencana: Perencana | None = None,
) -> HasilTerima:
    """Copy ``src`` unchanged into the raw store with its provenance sidecar.

    The file is checked first (size, zip bomb, not Excel at all): a hostile file never
    reaches a parser. Its source is given, read from a filled template, a generic table
    (``kolom``: header → component) or recognised from its header rows. Without ``tahun``,
    the years come from the file (its year column, or the template). Its regions are read
    as the run will read them; ``ganti`` names stored files in force (location in the
    store, or a unique name) it may replace although their regions differ. ``perencana``
    gives the plan and the sha256 (default :func:`rencanakan_berkas`: the file is checked and
    read every time).

    Raises:
        SumberTidakDikenal: the header matches no known layout and no ``sumber`` was given.
        TahunTidakDiketahui: no year given and none in the file.
        transforms.baca.tolak.BerkasBerbahaya: the file failed the preflight.
        CakupanTumpangTindih: some regions in common with a file in force, not all.
        BerkasTersimpanTidakDitemukan: a ``ganti`` names no stored file in force, or several.
    """
    minta = Permintaan(tahun, bulan, semester, sumber, wilayah, kolom)
    rencana, digest = (perencana or rencanakan_berkas)(src, katalog, minta)
    sumber, minta, tahun, tahun_data = rencana
    baru = _buat_provenans(src, sumber, minta, tahun, tahun_data, digest, now)
    # new bytes: their regions are read outside the lock (the slow part)
    tujuan = baru.folder  # sumber/periode
    cakupan = None if _ada_salinan(raw, digest, tujuan) else baca_cakupan(src, baru, katalog)
    with giliran or contextlib.nullcontext(), kunci_raw(raw):
        semua, status = cari_status_raw(raw)
        salinan = _cari_salinan(semua, digest, tujuan)
        if salinan is not None and status[salinan[1].berkas][0]:
            return HasilTerima(*salinan, baru=False)
        # received when decided: the history orders files by this time (files read in
        # parallel are decided in turn, not in the order their reading began)
        prov = salinan[1] if salinan else replace(baru, diterima=buat_waktu(now))
        aktif = [(f, p) for f, p in semua if status[p.berkas][0]]
        boleh = cari_ganti(raw, ganti, aktif, tujuan)  # a copy found is in ``tujuan`` too
        if salinan is None:
            sejenis = cari_sejenis(semua, status, tujuan)
            return _simpan_baru(src, raw, prov, sejenis, boleh, katalog, cakupan)
        sejenis = cari_sejenis(semua, status, tujuan, kecuali=prov.berkas)
        keputusan = _pulihkan(raw, salinan, sejenis, boleh, katalog, now)
        return _hasil(*salinan, keputusan, baru=False, dipulihkan=True)
