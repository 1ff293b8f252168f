"""The ingest plan: check a file, decide its source and years, before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from schemas.model import Katalog, Layout
from transforms.terima.kenali import (
    SUMBER_UMUM,
    SumberTidakDikenal,
    buat_pesan_sumber_tidak_dikenal,
    kenali_berkas,
)


@dataclass(frozen=True)
class Permintaan:
    """What the person ingesting says about a file (all optional but the file itself)."""

    tahun: int | None = None
    bulan: int | None = None
    semester: int | None = None
    sumber: str | None = None
    wilayah: str | None = None
    kolom: dict[str, str] | None = None


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
    layout = kenali_berkas(src, katalog)
    if layout is None:
        raise SumberTidakDikenal(buat_pesan_sumber_tidak_dikenal(src.name, katalog))
    return layout.id, minta


def cari_tahun_berkas(src: Path, layout: Layout) -> list[int]:
    """Years found in a layout's year column (for files that span several years)."""
    from transforms.baca.berkas import baca_tabel
    from transforms.baca.kalender import ubah_tahun
    from transforms.komponen.kolom import normalkan_header

    kolom = layout.periode.get("tahun")
    if kolom is None:
        return []
    data = normalkan_header(baca_tabel(src, layout.pemisah, kenali=layout.kenali), layout).data
    if kolom not in data.columns:
        return []
    return sorted(set(ubah_tahun(data[kolom]).dropna().astype(int)))


def buat_rencana(
    src: Path, katalog: Katalog, minta: Permintaan
) -> tuple[str, Permintaan, int, list[int] | None]:
    """Check a file and decide its source and years, without storing anything.

    Returns:
        ``(sumber, permintaan, tahun, tahun_data)``; ``tahun_data`` lists the years of a file
        that spans several (else None).
    """
    from transforms.baca.aman import periksa_berkas

    periksa_berkas(src)
    sumber, minta = _tentukan_sumber(src, katalog, minta)
    tahun_data = None
    if sumber in katalog.sumber and "tahun" in katalog.sumber[sumber].periode:
        found = cari_tahun_berkas(src, katalog.sumber[sumber])
        tahun_data = [t for t in found if minta.tahun in (None, t)] or None
    tahun = minta.tahun or (max(tahun_data) if tahun_data else None)
    if tahun is None:
        raise TahunTidakDiketahui(
            f"Berkas {src.name!r}: tahun data tidak tertulis di berkas; sebutkan dengan --tahun."
        )
    return sumber, minta, tahun, tahun_data if tahun_data and len(tahun_data) > 1 else None
