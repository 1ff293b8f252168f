"""The plan of a template: every argument of ``buat_template`` resolved and checked once.

The agency, the period, the region master edition of the year and one row per region of the
chosen level: what the sheet writers (Petunjuk, Data, metadata) need.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import pandas as pd

from schemas.katalog import muat_katalog
from schemas.model import Katalog
from transforms.baca.kalender import NAMA_BULAN
from transforms.terima.instansi import Instansi, cari_instansi
from transforms.terima.templat_bentuk import (
    KOLOM_KABUPATEN,
    KOLOM_KECAMATAN,
    KOLOM_KODE,
    KOLOM_NAMA,
    TemplateTidakValid,
)
from transforms.wilayah.edisi import cari_edisi_untuk_tahun
from transforms.wilayah.kode import TINGKAT, cari_tingkat, normalkan_kode
from transforms.wilayah.master import Wilayah, muat_master

TINGKAT_TEMPLATE: Final = TINGKAT
"""Levels a template can have rows for (at or below the level of the chosen region)."""

LABEL_TINGKAT: Final = {
    "provinsi": "provinsi",
    "kabupaten": "kabupaten/kota",
    "kecamatan": "kecamatan",
    "desa": "desa/kelurahan",
}


@dataclass(frozen=True)
class Rencana:
    """Everything the sheet writers need, resolved and checked once."""

    instansi: Instansi
    katalog: Katalog
    kode_wilayah: str
    nama_wilayah: str
    tingkat: str
    tahun: int
    bulan: int | None
    edisi: str
    baris: pd.DataFrame
    """One row per region: KODE WILAYAH, NAMA WILAYAH and the context columns, as text."""

    @property
    def kolom_tetap(self) -> list[str]:
        """Locked, prefilled columns (code, name, context)."""
        return list(self.baris.columns)

    @property
    def kolom(self) -> list[str]:
        """Every column of the Data sheet, in order."""
        return [*self.kolom_tetap, *self.instansi.komponen]


def buat_teks_periode(tahun: int, bulan: int | None) -> str:
    """``Tahun 2025`` or ``Bulan Maret 2025``."""
    return f"Tahun {tahun}" if bulan is None else f"Bulan {NAMA_BULAN[bulan]} {tahun}"


def _kolom_konteks(tingkat_kode: str, tingkat: str) -> list[tuple[str, str]]:
    """Context columns (header, master column of the ancestor code) for the row level."""
    kolom = []
    if tingkat_kode == "provinsi" and tingkat in ("kecamatan", "desa"):
        kolom.append((KOLOM_KABUPATEN, "kode_kabupaten"))
    if tingkat == "desa":
        kolom.append((KOLOM_KECAMATAN, "kode_kecamatan"))
    return kolom


def _baris_wilayah(master: Wilayah, kode: str, tingkat: str) -> pd.DataFrame:
    """One row per region of ``tingkat`` at or under ``kode``, sorted by code, all text."""
    tingkat_kode = cari_tingkat(kode)
    kode_baris = [kode] if tingkat == tingkat_kode else master.keturunan(kode, tingkat)
    frame = master.frame
    nama = pd.Series(
        frame["nama_wilayah"].to_numpy(dtype=object), index=frame["kode_wilayah"].to_numpy()
    )
    pilih = frame[frame["kode_wilayah"].isin(kode_baris)].sort_values("kode_wilayah")
    data = {
        KOLOM_KODE: pilih["kode_wilayah"].to_numpy(dtype=object),
        KOLOM_NAMA: pilih["nama_wilayah"].to_numpy(dtype=object),
    }
    for header, kolom in _kolom_konteks(tingkat_kode, tingkat):
        data[header] = nama.reindex(pilih[kolom].to_numpy(dtype=object)).to_numpy(dtype=object)
    return pd.DataFrame(data)


def _cek_periode(tahun: int, bulan: int | None) -> None:
    """Raise :class:`TemplateTidakValid` for an implausible year or a month outside 1-12."""
    if isinstance(tahun, bool) or not isinstance(tahun, int) or not 1900 <= tahun <= 2100:
        raise TemplateTidakValid(f"tahun tidak valid: {tahun!r}")
    if bulan is not None and (isinstance(bulan, bool) or bulan not in NAMA_BULAN):
        raise TemplateTidakValid(f"bulan tidak valid: {bulan!r} (harus 1-12)")


def _cek_wilayah(master: Wilayah, kode_wilayah: str, tingkat: str) -> str:
    """The dotted code of ``kode_wilayah``, checked against the master and ``tingkat``."""
    kode = normalkan_kode(kode_wilayah)
    if kode is None:
        raise TemplateTidakValid(f"kode wilayah tidak valid: {kode_wilayah!r}")
    if kode not in master:
        raise TemplateTidakValid(
            f"kode wilayah {kode} tidak ada di master wilayah edisi {master.edisi}"
        )
    if tingkat not in TINGKAT_TEMPLATE:
        raise TemplateTidakValid(
            f"tingkat tidak dikenal: {tingkat!r} (pilihan: {', '.join(TINGKAT_TEMPLATE)})"
        )
    tingkat_kode = cari_tingkat(kode)
    if TINGKAT_TEMPLATE.index(tingkat) < TINGKAT_TEMPLATE.index(tingkat_kode):
        raise TemplateTidakValid(
            f"tingkat {tingkat} berada di atas wilayah {kode} ({tingkat_kode}); "
            "pilih tingkat yang sama atau lebih rendah"
        )
    return kode


def buat_rencana(
    instansi_id: str,
    kode_wilayah: str,
    tahun: int,
    tingkat: str,
    bulan: int | None,
    katalog: Katalog | None,
) -> Rencana:
    """Resolve and check every argument of ``buat_template``."""
    katalog = katalog or muat_katalog()
    instansi = cari_instansi(instansi_id, katalog)
    _cek_periode(tahun, bulan)
    edisi = cari_edisi_untuk_tahun(tahun)
    master = muat_master(edisi)
    kode = _cek_wilayah(master, kode_wilayah, tingkat)
    baris = _baris_wilayah(master, kode, tingkat)
    if baris.empty:
        raise TemplateTidakValid(
            f"tidak ada wilayah tingkat {tingkat} di bawah {kode} (master edisi {edisi})"
        )
    return Rencana(
        instansi=instansi,
        katalog=katalog,
        kode_wilayah=kode,
        nama_wilayah=str(master.get(kode)["nama_wilayah"]),
        tingkat=tingkat,
        tahun=tahun,
        bulan=bulan,
        edisi=edisi,
        baris=baris,
    )
