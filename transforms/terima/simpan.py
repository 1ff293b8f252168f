"""Raw store: unchanged copies of received files, each with its provenance sidecar.

Layout of the store: ``RAW/<sumber>/<periode>/<file>`` plus ``<file>.meta.json``, and the
history ``RAW/riwayat.jsonl`` (:mod:`transforms.terima.riwayat`). Files are never overwritten
or deleted. Which files are in force is decided at ingest by what each file covers (source,
period and regions, :mod:`transforms.terima.identitas`) and replayed from the history here
(:func:`cari_berkas_aktif`).

A file whose sidecar is missing, empty or corrupt, or whose data file is gone, is listed as a
:class:`ProvenansRusak`: the run rejects it with the message it carries, it never blocks
anything else.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from transforms.baca.ingat import hitung_sha256
from transforms.terima.jelajah import jelajahi_raw
from transforms.terima.riwayat import RIWAYAT, baca_riwayat, buat_penerimaan, hitung_status

SIDECAR = ".meta.json"
_WAJIB = {"sha256": str, "nama_asli": str, "diterima": str, "sumber": str, "tahun": int}
_BOLEH_KOSONG = {
    "bulan": int,
    "semester": int,
    "wilayah": str,
    "ukuran": int,
    "berkas": str,
    "menggantikan": (list, str),
    "tahun_data": list,
    "kolom": dict,
    "cakupan": dict,
    "judul_cocok": dict,
}
_RE_SHA = re.compile(r"[0-9a-f]{64}")
_SIDECAR_DIBACA: dict[str, tuple[tuple[int, int, int], Provenans]] = {}
"""Sidecars read by this process, each with the inode, size and modification time it had:
every ingested file lists its folder of the store, then the whole store, so an unchanged
sidecar is parsed once per process, not once per file received (a sidecar is rewritten
through a new file)."""
_SIDECAR_MAKS = 1 << 16
_KUNCI_SIDECAR = threading.Lock()
_RE_PERIODE = re.compile(r"(?:\d{4}_)?(\d{4})(?:-.*)?")


@dataclass(frozen=True)
class Provenans:
    """What the sidecar of a raw file says."""

    sha256: str
    nama_asli: str
    diterima: str
    sumber: str
    tahun: int
    bulan: int | None
    wilayah: str | None
    ukuran: int
    berkas: str
    menggantikan: list[str] | None = None
    semester: int | None = None
    tahun_data: list[int] | None = None
    kolom: dict[str, str] | None = None
    cakupan: dict[str, Any] | None = None
    judul_cocok: dict[str, str] | None = None  # layout column (or component) -> file header

    @property
    def folder(self) -> str:
        """The ``sumber/periode`` folder of the stored file (with the bytes, its identity)."""
        return Path(self.berkas).parent.as_posix()


@dataclass(frozen=True)
class ProvenansRusak(Provenans):
    """A raw file that cannot be used as stored; ``galat`` says why and what to do (Bahasa)."""

    galat: str = ""


class SidecarRusak(Exception):
    """A sidecar that is missing, empty or not a valid record (message in Bahasa Indonesia)."""


@contextlib.contextmanager
def kunci_raw(raw: Path, *, bersama: bool = False) -> Iterator[None]:
    """Hold the raw store's lock: one ingest or withdrawal decides at a time (exclusive), and
    a run lists the store (``bersama``: shared) never in the middle of one."""
    raw.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock (one officer, one command at a time)
        yield
        return
    fd = os.open(raw, os.O_RDONLY)  # the folder itself: the lock leaves no file behind
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if bersama else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def buat_folder_periode(
    tahun: int, bulan: int | None, semester: int | None = None, tahun_data: list[int] | None = None
) -> str:
    """Period folder name: ``2025``, ``2025-09``, ``2024-S2`` or ``2020_2024`` (multi-year)."""
    if tahun_data and len(tahun_data) > 1:
        return f"{min(tahun_data)}_{max(tahun_data)}"
    if bulan is not None:
        return f"{tahun}-{bulan:02d}"
    if semester is not None:
        return f"{tahun}-S{semester}"
    return f"{tahun}"


def _periksa_isi_sidecar(data: object) -> dict[str, Any]:
    """The sidecar's fields, or :class:`SidecarRusak` saying what is wrong (no location)."""
    if not isinstance(data, dict):
        raise SidecarRusak("bukan catatan JSON yang berisi kunci-kunci asal-usul")
    salah = [k for k, jenis in _WAJIB.items() if not isinstance(data.get(k), jenis)]
    salah += [
        k
        for k, jenis in _BOLEH_KOSONG.items()
        if data.get(k) is not None and not isinstance(data[k], jenis)
    ]
    if salah:
        raise SidecarRusak(f"kunci {', '.join(salah)} tidak ada atau tidak valid")
    if not _RE_SHA.fullmatch(data["sha256"]):
        raise SidecarRusak("sha256 yang tercatat tidak valid")
    nama = {f.name for f in fields(Provenans)}
    isi = {k: v for k, v in data.items() if k in nama}
    isi.setdefault("bulan", None)
    isi.setdefault("wilayah", None)
    isi.setdefault("ukuran", 0)
    isi.setdefault("berkas", "")
    if isinstance(isi.get("menggantikan"), str):  # sidecars before coverage named one file
        isi["menggantikan"] = [isi["menggantikan"]]
    if isi.get("cakupan") is not None and not _cakupan_sah(isi["cakupan"]):
        isi["cakupan"] = None  # a summary only: the regions are read again from the file
    return isi


def _cakupan_sah(cakupan: dict[str, Any]) -> bool:
    """Whether a sidecar's regions summary has the shape :mod:`wilayah_berkas` writes."""
    daftar = [cakupan.get("kabupaten"), cakupan.get("kecamatan")]
    return (
        all(isinstance(d, list) and all(isinstance(k, str) for k in d) for d in daftar)
        and isinstance(cakupan.get("jumlah_kode"), int)
        and isinstance(cakupan.get("sidik_kode"), str)
    )


def baca_sidecar(path: Path) -> Provenans:
    """Read the sidecar of a raw file.

    Raises:
        SidecarRusak: missing, empty, not JSON or without the fields of a receipt.
    """
    meta = str(path) + SIDECAR
    try:
        st = os.stat(meta)
        tanda = (st.st_ino, st.st_size, st.st_mtime_ns)
        if (ingat := _SIDECAR_DIBACA.get(meta)) is not None and ingat[0] == tanda:
            return ingat[1]
        teks = Path(meta).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SidecarRusak("tidak ada") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SidecarRusak(f"tidak dapat dibaca ({type(exc).__name__})") from None
    if not teks.strip():
        raise SidecarRusak("kosong")
    try:
        data = json.loads(teks)
    except (ValueError, RecursionError):
        raise SidecarRusak("bukan JSON yang utuh (terpotong atau tertimpa)") from None
    prov = Provenans(**_periksa_isi_sidecar(data))
    with _KUNCI_SIDECAR:  # Dask may run files in threads
        if len(_SIDECAR_DIBACA) >= _SIDECAR_MAKS:
            _SIDECAR_DIBACA.pop(next(iter(_SIDECAR_DIBACA)), None)
        _SIDECAR_DIBACA[meta] = (tanda, prov)
    return prov


def tulis_sidecar(path: Path, prov: Provenans) -> None:
    """Write the sidecar of a raw file (through a temporary name)."""
    meta = Path(str(path) + SIDECAR)
    tmp = meta.with_name(meta.name + ".tmp")
    tmp.write_text(json.dumps(asdict(prov), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(meta)


def tulis_berkas_raw(src: Path, target: Path, prov: Provenans) -> None:
    """Copy ``src`` unchanged to ``target`` (via a temporary name), then write its sidecar."""
    tmp = target.with_name(target.name + ".tmp")
    shutil.copyfile(src, tmp)
    tmp.replace(target)
    tulis_sidecar(target, prov)


def _pesan_rusak(rel: str, masalah: str) -> str:
    """What the officer reads about a file that cannot be used as stored."""
    return (
        f"catatan asal-usul (sidecar) {rel}{SIDECAR} {masalah}, jadi berkas {rel} tidak dapat "
        f"dipakai. Kirim ulang berkas aslinya dengan 'indikator ingest' (catatannya dibuat "
        f"ulang), atau tarik berkas itu dengan 'indikator tarik {rel}'."
    )


def _buat_rusak(path: Path, raw: Path, galat: str, prov: Provenans | None = None) -> ProvenansRusak:
    """The placeholder of an unusable file; source and year read from its folders if needed."""
    rel = path.relative_to(raw).as_posix()
    if prov is not None:
        return ProvenansRusak(**{**asdict(prov), "berkas": rel, "galat": galat})
    parts = Path(rel).parts
    found = _RE_PERIODE.fullmatch(parts[1]) if len(parts) >= 3 else None
    return ProvenansRusak(
        sha256="",
        nama_asli=path.name,
        diterima="",
        sumber=parts[0] if len(parts) >= 3 else "tidak diketahui",
        tahun=int(found.group(1)) if found else 0,  # 0: unknown, see cari_berkas_aktif
        bulan=None,
        wilayah=None,
        ukuran=path.stat().st_size if path.is_file() else 0,
        berkas=rel,
        galat=galat,
    )


def baca_sidecar_tersimpan(path: Path, raw: Path) -> Provenans:
    """The sidecar of a file in the raw store, with its stored location as ``berkas`` (its
    identity: a sidecar copied with its store is taken from where it now lies).

    Raises:
        SidecarRusak: the sidecar is missing or unusable.
    """
    prov = baca_sidecar(path)
    try:
        rel = path.relative_to(raw).as_posix()
    except ValueError:  # one given absolute, the other relative
        rel = path.resolve().relative_to(raw.resolve()).as_posix()
    return _di_lokasi(prov, rel)


def _di_lokasi(prov: Provenans, rel: str) -> Provenans:
    """``prov`` with ``rel`` (the file's location in the store) as its identity."""
    return replace(prov, berkas=rel) if prov.berkas != rel else prov


def baca_isi_raw(
    raw: Path, bawah: str = ""
) -> tuple[list[tuple[Path, Provenans]], list[tuple[Path, Provenans]]]:
    """Every stored file (under the store's folder ``bawah`` when given): those with a valid
    sidecar, and the unusable ones (placeholders).

    Valid files are sorted by time received; the stored location is their identity (the
    ``berkas`` of a sidecar copied with its store is taken from where it now lies).
    """
    if not raw.is_dir():
        return [], []
    baik: list[tuple[Path, Provenans]] = []
    rusak: list[tuple[Path, Provenans]] = []
    daftar, daftar_meta = jelajahi_raw(raw, SIDECAR, RIWAYAT, bawah)
    for rel, path in daftar:
        try:
            baik.append((path, _di_lokasi(baca_sidecar(path), rel)))
        except SidecarRusak as exc:
            rusak.append((path, _buat_rusak(path, raw, _pesan_rusak(rel, str(exc)))))
    ada = {str(p) for _, p in daftar}
    for meta in daftar_meta:
        teks = meta[: -len(SIDECAR)]
        if teks not in ada and not (path := Path(teks)).exists():
            try:
                prov = baca_sidecar(path)
            except SidecarRusak:
                continue  # neither the file nor a readable record: nothing to use or list
            galat = (
                f"berkas raw {prov.berkas} tidak ada lagi (catatannya masih ada). Kirim ulang "
                f"berkas aslinya dengan 'indikator ingest', atau tarik dengan "
                f"'indikator tarik {prov.berkas}'."
            )
            rusak.append((path, _buat_rusak(path, raw, galat, prov)))
    baik.sort(key=lambda item: (item[1].diterima, str(item[0])))
    return baik, rusak


def baca_daftar_raw(raw: Path) -> list[tuple[Path, Provenans]]:
    """Every raw file with a valid sidecar, sorted by time received."""
    return baca_isi_raw(raw)[0]


def cari_status_raw(
    raw: Path,
) -> tuple[list[tuple[Path, Provenans]], dict[str, tuple[bool, Any]]]:
    """Every stored file (valid, then unusable) and whether each is in force (with why)."""
    baik, rusak = baca_isi_raw(raw)
    penerimaan = [buat_penerimaan(p.berkas, p.diterima, p.menggantikan or ()) for _, p in baik]
    semua = [*baik, *rusak]
    status = hitung_status([p.berkas for _, p in semua], penerimaan, baca_riwayat(raw))
    return semua, status


def cari_berkas_aktif(
    raw: Path, tahun_cadangan: int | None = None
) -> tuple[list[tuple[Path, Provenans]], list[tuple[Path, Provenans]]]:
    """Split the store into files in force and files replaced or withdrawn.

    Unusable files in force come last, as :class:`ProvenansRusak` (the run rejects them); one
    whose year cannot be read from its folder gets ``tahun_cadangan``, else the latest year of
    the files in force, else the current year, so its rejection is published with that year.
    """
    if not raw.is_dir():
        return [], []
    with kunci_raw(raw, bersama=True):
        semua, status = cari_status_raw(raw)
    aktif = [(f, p) for f, p in semua if status[p.berkas][0]]
    lama = [(f, p) for f, p in semua if not status[p.berkas][0]]
    tahun = tahun_cadangan or max((p.tahun for _, p in aktif if p.tahun), default=None)
    tahun = tahun or dt.datetime.now(dt.UTC).year
    aktif = [
        (f, replace(p, tahun=tahun) if isinstance(p, ProvenansRusak) and not p.tahun else p)
        for f, p in aktif
    ]
    return aktif, lama


def periksa_berkas_raw(path: Path, prov: Provenans) -> None:
    """Refuse a raw file that cannot be used as stored: the check of every run.

    Raises:
        transforms.komponen.asal.BerkasDitolak: unusable sidecar, data file gone, or bytes
            that no longer match the sha256 recorded at ingest.
    """
    from transforms.komponen.asal import BerkasDitolak

    if isinstance(prov, ProvenansRusak):
        raise BerkasDitolak(prov.galat)
    if not path.is_file():
        raise BerkasDitolak(f"berkas raw {prov.berkas} tidak ada lagi")
    sekarang = hitung_sha256(path)
    if sekarang != prov.sha256:
        raise BerkasDitolak(
            f"isi berkas raw {prov.berkas} berubah sejak diterima (sha256 sekarang "
            f"{sekarang[:12]}…, tercatat {prov.sha256[:12]}…); berkas raw tidak boleh diubah. "
            f"Kirim ulang berkas aslinya dengan 'indikator ingest' (disimpan sebagai salinan "
            f"baru yang menggantikannya), atau tarik dengan 'indikator tarik {prov.berkas}'."
        )
