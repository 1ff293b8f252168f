"""The regions a received file covers: with source and period, its identity in the raw store.

The regions are read the way the component step reads them: the same readers
(:mod:`transforms.baca`, filled templates, generic tables) and the same region matcher
(:func:`transforms.komponen.wilayah_baris.cocokkan_wilayah_baris`, which falls back to the
``--wilayah`` code for a file without region columns). A row counts when its region matched,
whatever its numbers: a correction that fixes a value covers the same regions as the original.

The sidecar keeps a compact summary (:func:`ringkas_cakupan`): the kabupaten and kecamatan
covered and a hash of the full code set; the full set is read again from the stored file when
the summary cannot decide (:func:`bandingkan_cakupan`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemas.model import Katalog, Layout
from transforms.baca.tabel import TabelTeks
from transforms.wilayah.kode import TINGKAT

log = logging.getLogger(__name__)

_KEDALAMAN_KEC = TINGKAT.index("kecamatan") + 1
_KEDALAMAN_KAB = TINGKAT.index("kabupaten") + 1


@dataclass(frozen=True)
class CakupanWilayah:
    """The Kemendagri codes of the rows of a file whose region matched.

    ``alasan`` says why the regions could not be read (the file would be rejected at run
    time); the set is then empty. An empty set is "unknown": such a file is identified by
    its name, as before coverage existed (see :mod:`transforms.terima.identitas`).
    """

    kode: frozenset[str]
    alasan: str | None = None

    @property
    def dikenal(self) -> bool:
        """Whether any region was read."""
        return bool(self.kode)


def potong_kode(kode: str, kedalaman: int) -> str:
    """Ancestor of a dotted code at ``kedalaman`` segments (the code itself when not deeper)."""
    return ".".join(kode.split(".")[:kedalaman])


def buat_sidik_kode(kode: Iterable[str]) -> str:
    """sha256 of the sorted code set: equal sets, equal hashes."""
    return hashlib.sha256("\n".join(sorted(kode)).encode()).hexdigest()


def ringkas_cakupan(cakupan: CakupanWilayah) -> dict[str, Any]:
    """The sidecar's summary: kabupaten and kecamatan covered, count and hash of all codes."""
    kecamatan = {potong_kode(k, _KEDALAMAN_KEC) for k in cakupan.kode}
    ringkas: dict[str, Any] = {  # a kabupaten is cut from its kecamatan (few) not every desa
        "kabupaten": sorted({potong_kode(k, _KEDALAMAN_KAB) for k in kecamatan}),
        "kecamatan": sorted(kecamatan),
        "jumlah_kode": len(cakupan.kode),
        "sidik_kode": buat_sidik_kode(cakupan.kode),
    }
    if cakupan.alasan:
        ringkas["tidak_terbaca"] = cakupan.alasan
    return ringkas


def _leluhur(kode: Iterable[str]) -> set[str]:
    """Every code with all its ancestors."""
    return {potong_kode(k, n) for k in kode for n in range(1, k.count(".") + 2)}


def tumpang_tindih(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether two code sets share a region (a code, or a region and one inside it)."""
    a, b = set(a), set(b)
    return bool(a & _leluhur(b)) or bool(b & _leluhur(a))


def baca_tabel_raw(
    path: Path, sumber: str, kolom: dict[str, str] | None, katalog: Katalog
) -> list[tuple[TabelTeks, Layout]]:
    """The tables of a file with the layout of each (templates, generic tables, layouts).

    Raises what the readers raise for an unreadable file (``BerkasTidakTerbaca``,
    ``BerkasDitolak``, ``TemplateTidakValid``).
    """
    from transforms.baca.berkas import baca_lembar, baca_tabel
    from transforms.komponen.asal import BerkasDitolak
    from transforms.komponen.umum import buat_layout_umum
    from transforms.terima.kenali import SUMBER_UMUM

    if sumber.startswith("template."):
        from transforms.terima.templat import baca_template

        tabel, layout, _ = baca_template(path)
        return [(tabel, layout)]
    if sumber == SUMBER_UMUM:
        tabel = baca_tabel(path)
        return [(tabel, buat_layout_umum(tabel, kolom or {}))]
    layout = katalog.sumber.get(sumber)
    if layout is None:
        raise BerkasDitolak(f"sumber {sumber!r} tidak ada di katalog")
    tabels = [
        t
        for t in baca_lembar(path, kenali=layout.kenali)
        if layout.cocok(list(t.data.columns), periode_diberikan=True)  # the ingest gave a year
    ]
    return [(t, layout) for t in tabels or [baca_tabel(path, layout.pemisah, kenali=layout.kenali)]]


def _kode_tabel(tabel: TabelTeks, layout: Layout, asal: Any, edisi: str) -> set[str]:
    """Region codes of one table's rows, matched as the component step matches them."""
    from transforms.komponen.ubah import siapkan_tabel
    from transforms.komponen.wilayah_baris import cocokkan_wilayah_baris

    tabel, _ = siapkan_tabel(tabel, layout, asal)  # the component step's preparation
    kode, _, _ = cocokkan_wilayah_baris(tabel, layout, asal, edisi)
    return {str(k) for k in kode.dropna().unique().tolist()}


def baca_cakupan(path: Path, prov: Any, katalog: Katalog) -> CakupanWilayah:
    """The regions ``path`` covers, read with what its sidecar (``prov``) says.

    Never raises for a bad file: the reason goes into :attr:`CakupanWilayah.alasan`.
    """
    from transforms.wilayah.edisi import cari_edisi_untuk_tahun

    asal = buat_asal(prov, path.name)
    try:
        edisi = cari_edisi_untuk_tahun(prov.tahun)
        kode: set[str] = set()
        for tabel, layout in baca_tabel_raw(path, prov.sumber, prov.kolom, katalog):
            kode |= _kode_tabel(tabel, layout, asal, edisi)
    except Exception as exc:  # an unreadable file has an unknown coverage, never a crash
        log.info("wilayah berkas %s tidak terbaca: %s", path, exc, exc_info=True)
        return CakupanWilayah(frozenset(), f"{type(exc).__name__}: {exc}")
    return CakupanWilayah(frozenset(kode))


def sebut_cakupan(ringkas: dict[str, Any] | None, tahun: int | None = None) -> str:
    """The regions of a summary in words: ``Kabupaten Majene (76.05), 412 kode wilayah``."""
    from transforms.wilayah.edisi import cari_edisi_untuk_tahun
    from transforms.wilayah.master import muat_master

    if ringkas is None:
        return "wilayah belum tercatat"
    if not ringkas.get("jumlah_kode"):
        if ringkas.get("tidak_terbaca"):
            return "wilayah tidak terbaca"
        return "tidak satu pun wilayah cocok dengan master"
    master = muat_master(cari_edisi_untuk_tahun(tahun)) if tahun else muat_master()
    kab = ringkas.get("kabupaten") or []
    nama = []
    for kode in kab[:6]:
        row = master.get(kode)
        nama.append(f"{row['nama_wilayah']} ({kode})" if row else kode)
    lain = f" dan {len(kab) - 6} lainnya" if len(kab) > 6 else ""
    return f"{', '.join(nama)}{lain}; {ringkas['jumlah_kode']} kode wilayah"


def buat_asal(prov: Any, berkas: str | None = None) -> Any:
    """Where a raw file's rows come from (:class:`transforms.komponen.asal.Asal`), from its
    sidecar ``prov``; ``berkas`` overrides the stored path shown in messages."""
    from transforms.komponen.asal import Asal

    return Asal(
        berkas or prov.berkas,
        prov.sha256,
        prov.sumber,
        prov.tahun,
        prov.bulan,
        prov.wilayah,
        tuple(prov.tahun_data or ()),
        prov.semester,
    )
