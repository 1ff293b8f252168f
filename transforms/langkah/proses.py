"""Process step: one raw file → its components and problems (a bad file is rejected, alone)."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pandas as pd

from schemas.aturan import ATURAN
from schemas.katalog import muat_katalog
from schemas.kontrak import kolom
from schemas.model import Katalog, Layout
from transforms.baca.aman import periksa_berkas
from transforms.baca.tabel import BerkasTidakTerbaca, TabelTeks
from transforms.komponen.asal import BerkasDitolak, HasilBerkas
from transforms.komponen.karantina import buat_masalah
from transforms.komponen.ramping import buat_ramping_berkas, urutkan_baris
from transforms.komponen.ubah import ubah_ke_komponen
from transforms.langkah.simpanan import (
    Simpanan,
    ada_simpanan,
    baca_simpanan,
    cari_folder_simpanan,
    simpan_hasil,
    simpan_sidik_bagian,
)
from transforms.langkah.tumpahan import batas_provinsi, sidik_per_provinsi
from transforms.terima.simpan import Provenans, baca_sidecar_tersimpan, periksa_berkas_raw
from transforms.terima.wilayah_berkas import baca_tabel_raw, buat_asal
from transforms.wilayah.edisi import cari_edisi_untuk_tahun

log = logging.getLogger(__name__)


def _gabung_hasil(hasil: list[HasilBerkas]) -> HasilBerkas:
    """One file's result from the results of its sheets."""
    if len(hasil) == 1:
        return hasil[0]
    akuntansi: dict[str, int | str] = dict(hasil[0].akuntansi)
    akuntansi["sheet"] = ", ".join(str(h.akuntansi.get("sheet", "")) for h in hasil)
    for key in ("baris_dibaca", "baris_dipakai", "baris_karantina", "baris_bukan_data"):
        akuntansi[key] = sum(int(h.akuntansi[key]) for h in hasil)
    akuntansi["peringatan"] = sum(int(h.akuntansi["peringatan"]) for h in hasil)
    return HasilBerkas(
        pd.concat([h.komponen for h in hasil], ignore_index=True),
        pd.concat([h.masalah for h in hasil if len(h.masalah)] or [hasil[0].masalah]),
        akuntansi,
    )


def baca_berkas(
    path: Path, prov: Provenans, katalog: Katalog, *, sudah_aman: bool = False
) -> list[tuple[TabelTeks, Layout]]:
    """The tables of a raw file with the layout of each (see :func:`baca_tabel_raw`), after the
    preflight for files read through a layout.

    ``sudah_aman``: the caller has just checked that the file's bytes are those whose sha256
    the raw store's sidecar recorded at ingest, and ingest stores a file only after the
    preflight passed on those very bytes (:func:`~transforms.terima.rencana.buat_rencana`),
    so the preflight is not repeated (it is the costliest step of a large XLSX).
    """
    if prov.sumber in katalog.sumber and not sudah_aman:
        periksa_berkas(path)
    return baca_tabel_raw(path, prov.sumber, prov.kolom, katalog)


def proses_berkas(path: Path, prov: Provenans, katalog: Katalog) -> HasilBerkas:
    """Read one raw file with its layout; a structural problem rejects the file, not the run."""
    asal = buat_asal(prov)
    try:
        periksa_berkas_raw(path, prov)  # sidecar usable, bytes as received (sha256)
        edisi = cari_edisi_untuk_tahun(prov.tahun)
        hasil = [
            ubah_ke_komponen(tabel, layout, asal, edisi, katalog)
            for tabel, layout in baca_berkas(path, prov, katalog, sudah_aman=True)
        ]
        satu = _gabung_hasil(hasil)
        return replace(satu, komponen=urutkan_baris(buat_ramping_berkas(satu.komponen)))
    except (BerkasTidakTerbaca, BerkasDitolak) as exc:
        log.warning("berkas %s ditolak: %s", prov.berkas, exc)
        return buat_hasil_ditolak(prov.berkas, prov.sumber, prov.tahun, str(exc))
    except Exception as exc:  # a file must never take the run down: reject it, log why
        log.exception("berkas %s ditolak karena galat tak terduga", prov.berkas)
        alasan = (
            f"berkas tidak dapat diolah ({type(exc).__name__}: {exc}); rincian teknis di log. "
            "Periksa apakah berkas sesuai format sumbernya."
        )
        return buat_hasil_ditolak(prov.berkas, prov.sumber, prov.tahun, alasan)


def buat_hasil_ditolak(
    berkas: str, sumber: str | None, tahun: int | None, alasan: str
) -> HasilBerkas:
    """The result of a whole file rejected for a structural problem (one clear message)."""
    masalah = buat_masalah(
        berkas=berkas,
        sheet=None,
        baris=pd.Series([pd.NA]),  # the whole file, no row
        kolom=None,
        nilai=None,
        aturan=ATURAN.berkas_ditolak,
        pesan=f"Seluruh berkas ditolak: {alasan}",
        sumber=sumber,
        tahun=tahun,
    )
    akuntansi = {
        "berkas": berkas,
        "sumber": sumber,
        "ditolak": alasan,
        "baris_dibaca": 0,
        "baris_dipakai": 0,
        "baris_karantina": 0,
        "baris_bukan_data": 0,
        "peringatan": 0,
    }
    return HasilBerkas(pd.DataFrame(columns=list(kolom("komponen"))), masalah, akuntansi)


def saring_tahun(hasil: HasilBerkas, tahun: int | None) -> HasilBerkas:
    """Only one year's components of a (multi-year) file, when the run is for one year."""
    if tahun is None or hasil.komponen.empty:
        return hasil
    return replace(hasil, komponen=hasil.komponen[hasil.komponen["tahun"] == tahun])


def langkah_proses(path: Path, prov: Provenans, simpanan: Simpanan | None = None) -> HasilBerkas:
    """The process step as the flow calls it: one raw file, with the catalog.

    With ``simpanan``, a file processed before (same bytes, same sidecar, same code and
    catalog) is taken from the cache once its bytes are checked against the sidecar's sha256;
    otherwise it is processed and its result kept (:mod:`transforms.langkah.simpanan`), its
    component rows one row group per province where they can be (a run that carries
    provinces over reads only the others: ``simpanan.lewati``).
    """
    if simpanan is not None and (hasil := baca_simpanan(simpanan, prov)) is not None:
        try:
            periksa_berkas_raw(path, prov)
            return hasil
        except BerkasDitolak:  # bytes changed since ingest: rejected as the process step does
            log.info("berkas %s berubah sejak diterima: simpanan tidak dipakai", prov.berkas)
    hasil = proses_berkas(path, prov, muat_katalog())
    if simpanan is not None:
        simpan_hasil(simpanan, prov, hasil, batas_provinsi(hasil.komponen))
    return hasil


def isi_simpanan(path: Path, raw: Path, folder: Path | None = None) -> bool:
    """Process a file just stored in the raw store and keep its result for the next run
    (ingest calls it, so that run reads the cache only), with its parts' fingerprints per
    province for each year (so that run knows which provinces it carries over before it reads
    any file: :class:`~transforms.langkah.bawa_provinsi.SidikBerkas`). True when an entry is
    there after.

    Never raises: a file that cannot be processed only gets no entry (the run rejects or
    reports it as it always does).
    """
    try:
        simpanan = Simpanan(cari_folder_simpanan(raw, folder))
        prov = baca_sidecar_tersimpan(path, raw)  # as the run lists it
        if ada_simpanan(simpanan, prov):
            return True
        hasil = langkah_proses(path, prov, simpanan)
        if not ada_simpanan(simpanan, prov):
            return False
    except Exception:
        log.warning("hasil berkas %s tidak disiapkan saat ingest", path, exc_info=True)
        return False
    try:  # without them the run computes them as it reads the file (and keeps them)
        for tahun in sorted({int(t) for t in hasil.komponen["tahun"].dropna().unique()}):
            sidik = sidik_per_provinsi(saring_tahun(hasil, tahun).komponen)
            simpan_sidik_bagian(simpanan, prov, tahun, sidik)  # the run knows them beforehand
    except Exception:
        log.warning("sidik berkas %s tidak disiapkan saat ingest", path, exc_info=True)
    return True
