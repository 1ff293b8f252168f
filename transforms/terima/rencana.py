"""The ingest plan: check a file, decide its source and years, before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from schemas.model import Katalog, Layout
from transforms.terima.kenali import (
    SUMBER_UMUM,
    SumberGanda,
    SumberTidakDikenal,
    cari_ganda,
    nilai_berkas,
)
from transforms.terima.saran import buat_pesan_sumber_ganda, buat_pesan_sumber_tidak_dikenal


@dataclass(frozen=True)
class Permintaan:
    """What the person ingesting says about a file (all optional but the file itself)."""

    tahun: int | None = None
    bulan: int | None = None
    semester: int | None = None
    sumber: str | None = None
    wilayah: str | None = None
    kolom: dict[str, str] | None = None
    judul_cocok: dict[str, str] | None = None  # layout column -> the file's spelling

    @property
    def periode_diberikan(self) -> bool:
        """Whether the command line says the period (then period columns are optional)."""
        return any(v is not None for v in (self.tahun, self.bulan, self.semester))


Rencana = tuple[str, Permintaan, int, list[int] | None]
"""A file's plan (:func:`buat_rencana`): ``(sumber, permintaan, tahun, tahun_data)``."""


class KolomTidakCocok(SumberTidakDikenal):
    """A ``--kolom`` name matches no column of the file (message in Bahasa Indonesia)."""


class TahunTidakDiketahui(Exception):
    """No year given and none can be read from the file (message in Bahasa Indonesia)."""


def _tentukan_sumber(src: Path, katalog: Katalog, minta: Permintaan) -> tuple[str, Permintaan]:
    """Source id of a file: given, a filled template, a generic table, or recognised."""
    from transforms.terima.templat import kenali_template

    if minta.kolom:
        return SUMBER_UMUM, minta
    if minta.sumber is not None:
        if minta.sumber not in katalog.sumber:
            daftar = ", ".join(sorted(katalog.sumber))
            raise SumberTidakDikenal(
                f"Berkas {src.name!r}: sumber {minta.sumber!r} (dari --sumber) tidak ada di "
                f"katalog. Sumber yang dikenal: {daftar}"
            )
        return minta.sumber, minta
    meta = kenali_template(src) if src.suffix.lower() in {".xlsx", ".xlsm"} else None
    if meta is not None:
        return meta.sumber, Permintaan(
            tahun=minta.tahun or meta.tahun,
            bulan=minta.bulan if minta.bulan is not None else meta.bulan,
            wilayah=minta.wilayah or meta.kode_wilayah,
        )
    skor = nilai_berkas(src, katalog, minta.periode_diberikan)
    ganda = cari_ganda(skor)
    if ganda is not None:
        raise SumberGanda(buat_pesan_sumber_ganda(src.name, *ganda))
    if not skor or not skor[0].pas:
        pesan = buat_pesan_sumber_tidak_dikenal(src.name, skor, katalog, minta.tahun, minta.wilayah)
        raise SumberTidakDikenal(pesan)
    return skor[0].layout.id, minta


def _periksa_kolom_umum(src: Path, minta: Permintaan) -> Permintaan:
    """``--kolom`` names resolved to the file's own columns; refused here when one is not
    there (nothing is stored)."""
    from transforms.baca.berkas import baca_tabel
    from transforms.komponen.asal import BerkasDitolak
    from transforms.komponen.umum import cocokkan_kolom

    kolom = baca_tabel(src).data.columns
    try:
        peta = cocokkan_kolom(minta.kolom or {}, list(kolom))
    except BerkasDitolak as exc:
        raise KolomTidakCocok(f"Berkas {src.name!r}: {exc}. Berkas tidak disimpan.") from None
    cocok = {komp: col for col, komp in peta.items()}
    return replace(minta, kolom=peta, judul_cocok=cocok)


def cari_judul_cocok(src: Path, layout: Layout) -> dict[str, str]:
    """Which spelling of the file each column the layout reads matched (its role → the
    file's header as read), for the sidecar."""
    from transforms.baca.intip import baca_judul

    dipakai = {*layout.komponen, *layout.wilayah.values(), *layout.periode.values()}
    if layout.panjang:
        dipakai |= {layout.panjang["jenis"], layout.panjang["nilai"]}
    try:
        header = baca_judul(src, kenali=layout.kenali)
    except Exception:  # an unreadable file is refused by the run, with its own message
        return {}
    return {nama: col for col, nama in layout.peta_header(header).items() if nama in dipakai}


def _kolom_periode(src: Path, layout: Layout, peran: str) -> pd.Series | None:
    """The cells of a layout's period column (``tahun``, ``bulan``, ``semester``) in a file
    (None: the layout or the file has none)."""
    from transforms.baca.berkas import baca_tabel
    from transforms.komponen.kolom import normalkan_header

    kolom = layout.periode.get(peran)
    if kolom is None:
        return None
    data = normalkan_header(baca_tabel(src, layout.pemisah, kenali=layout.kenali), layout).data
    return data[kolom] if kolom in data.columns else None


def cari_tahun_berkas(src: Path, layout: Layout) -> list[int]:
    """Years found in a layout's year column (for files that span several years)."""
    from transforms.baca.kalender import ubah_tahun

    sel = _kolom_periode(src, layout, "tahun")
    return [] if sel is None else sorted(set(ubah_tahun(sel).dropna().astype(int)))


def cari_bulan_berkas(src: Path, layout: Layout) -> list[int]:
    """Months found in a layout's month column (names, numbers, ``JANUARI 2025``)."""
    from transforms.baca.kalender import ubah_bulan

    sel = _kolom_periode(src, layout, "bulan")
    return [] if sel is None else sorted(set(ubah_bulan(sel).dropna().astype(int)))


def cari_semester_berkas(src: Path, layout: Layout) -> list[int]:
    """Semesters found in a layout's semester column (``Sem 2 2024``, ``Semester II``)."""
    from transforms.baca.kalender import ubah_semester

    sel = _kolom_periode(src, layout, "semester")
    return [] if sel is None else sorted(set(ubah_semester(sel)["semester"].dropna().astype(int)))


def _periode_dari_berkas(src: Path, layout: Layout, minta: Permintaan) -> Permintaan:
    """Without ``--bulan``/``--semester``, a file whose month (or semester) column holds one
    month (semester) is that period's file, as if the command line had said it: stored in
    ``<tahun>-<bulan>`` (``<tahun>-S<n>``) and a correction only of that period. (Stored in the
    year's folder, every month sent without ``--bulan`` replaced the month before: same source,
    period and regions; likewise a Verval semester the semester before.)"""
    if minta.bulan is not None or minta.semester is not None:
        return minta
    try:
        bulan = cari_bulan_berkas(src, layout)
        semester = [] if bulan else cari_semester_berkas(src, layout)
    except Exception:  # an unreadable file is stored and refused by the run, with its reason
        return minta
    if len(bulan) == 1:
        return replace(minta, bulan=bulan[0])
    return replace(minta, semester=semester[0]) if len(semester) == 1 else minta


def buat_rencana(src: Path, katalog: Katalog, minta: Permintaan) -> Rencana:
    """Check a file and decide its source and years, without storing anything.

    Returns:
        ``(sumber, permintaan, tahun, tahun_data)``; ``tahun_data`` lists the years of a file
        that spans several (else None).
    """
    from transforms.baca.aman import periksa_berkas

    periksa_berkas(src)
    sumber, minta = _tentukan_sumber(src, katalog, minta)
    if sumber == SUMBER_UMUM:
        minta = _periksa_kolom_umum(src, minta)
    elif sumber in katalog.sumber:
        minta = replace(minta, judul_cocok=cari_judul_cocok(src, katalog.sumber[sumber]))
    tahun_data = None
    if sumber in katalog.sumber and "tahun" in katalog.sumber[sumber].periode:
        found = cari_tahun_berkas(src, katalog.sumber[sumber])
        tahun_data = [t for t in found if minta.tahun in (None, t)] or None
    banyak_tahun = bool(tahun_data and len(tahun_data) > 1)
    if sumber in katalog.sumber and not banyak_tahun:  # a month or semester of one year
        minta = _periode_dari_berkas(src, katalog.sumber[sumber], minta)
    tahun = minta.tahun or (max(tahun_data) if tahun_data else None)
    if tahun is None:
        raise TahunTidakDiketahui(
            f"Berkas {src.name!r}: tahun data tidak tertulis di berkas; sebutkan dengan --tahun."
        )
    return sumber, minta, tahun, tahun_data if banyak_tahun else None
