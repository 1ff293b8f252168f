"""Withdrawing a stored file (``indikator tarik``), and the store's files with their status.

Nothing is deleted: a withdrawal is an event in ``RAW/riwayat.jsonl``. The files the
withdrawn one had replaced (by a correction or ``--ganti``) are in force again, unless one
of them now shares regions with a file in force (it is then named, and stays out).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from schemas.model import Katalog
from transforms.terima.identitas import putuskan
from transforms.terima.riwayat import TARIK, Peristiwa, buat_waktu, tulis_peristiwa
from transforms.terima.simpan import Provenans, ProvenansRusak, cari_status_raw, kunci_raw
from transforms.terima.tersimpan import Entri, cari_sejenis, cari_tersimpan
from transforms.terima.wilayah_berkas import baca_cakupan, sebut_cakupan


@dataclass(frozen=True)
class HasilTarik:
    """Outcome of a withdrawal."""

    berkas: str
    ditarik: bool  # False: it was not in force
    dipulihkan: tuple[str, ...] = ()
    tidak_dipulihkan: tuple[tuple[str, str], ...] = ()  # (file, why it stays out)


def _bisa_dipulihkan(
    entri: Entri, semua: list[Entri], status: dict, ditarik: str, katalog: Katalog
) -> str | None:
    """Why a replaced file cannot be in force again (None: it can)."""
    path, prov = entri
    sejenis = cari_sejenis(semua, status, prov.folder, kecuali=ditarik)
    keputusan = putuskan(baca_cakupan(path, prov, katalog), sejenis, set(), katalog)
    bentrok = [b.prov.berkas for b in (*keputusan.diganti, *keputusan.tumpang)]
    if bentrok:
        return f"wilayahnya kini dicakup oleh {', '.join(bentrok)} yang berlaku"
    return None


def tarik_berkas(
    raw: Path, teks: str, katalog: Katalog, now: dt.datetime | None = None
) -> HasilTarik:
    """Withdraw the stored file ``teks`` names (location in the store, name, or the file sent).

    Raises:
        BerkasTersimpanTidakDitemukan: the name matches no stored file, or several.
    """
    with kunci_raw(raw):
        semua, status = cari_status_raw(raw)
        [(_, prov)] = cari_tersimpan(raw, teks, semua)
        aktif, oleh = status[prov.berkas]
        if not aktif:
            return HasilTarik(prov.berkas, ditarik=False)
        calon = [
            (f, p)
            for f, p in semua
            if oleh is not None
            and p.berkas in oleh.nonaktifkan
            and p.berkas != prov.berkas
            and status[p.berkas][1] is oleh
            and not isinstance(p, ProvenansRusak)
        ]
        pulih, tetap = [], []
        for entri in calon:
            alasan = _bisa_dipulihkan(entri, semua, status, prov.berkas, katalog)
            if alasan is None:
                pulih.append(entri[1].berkas)
                status[entri[1].berkas] = (True, None)  # later candidates see it in force
            else:
                tetap.append((entri[1].berkas, alasan))
        tulis_peristiwa(
            raw,
            Peristiwa(buat_waktu(now), TARIK, prov.berkas, tuple(pulih), (prov.berkas,)),
        )
    return HasilTarik(prov.berkas, True, tuple(pulih), tuple(tetap))


def _teks_status(prov: Provenans, aktif: bool, oleh: Peristiwa | None) -> str:
    """The status of one stored file in words."""
    if isinstance(prov, ProvenansRusak):
        return "RUSAK (ditolak saat run)" if aktif else "ditarik (rusak)"
    if aktif:
        return "berlaku"
    if oleh is not None and oleh.aksi == TARIK and oleh.berkas == prov.berkas:
        return f"ditarik {oleh.waktu[:16]}"
    return f"diganti oleh {oleh.berkas}" if oleh is not None else "tidak berlaku"


def buat_daftar_tersimpan(raw: Path) -> list[dict[str, str]]:
    """Every stored file with its source, period, regions and status (for ``--daftar``)."""
    semua, status = cari_status_raw(raw)
    return [
        {
            "berkas": prov.berkas,
            "asal": prov.nama_asli,
            "diterima": prov.diterima[:16],
            "wilayah": sebut_cakupan(prov.cakupan, prov.tahun or None)
            if not isinstance(prov, ProvenansRusak)
            else "-",
            "status": _teks_status(prov, *status[prov.berkas]),
        }
        for _, prov in sorted(semua, key=lambda e: e[1].berkas)
    ]
