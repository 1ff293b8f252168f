"""The whole region report: header, summary, the indicator sections, problems, replacements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from schemas.model import Katalog
from transforms.keluar.laporan_wilayah.alasan import ANAK
from transforms.keluar.laporan_wilayah.bagian import Bagian, buat_bagian
from transforms.keluar.laporan_wilayah.bahan import Bahan
from transforms.keluar.laporan_wilayah.masalah import (
    ringkas_karantina,
    ringkas_penggantian,
    tempatkan_karantina,
)

BATAS_RINCI = 200  # quarantine / replacement rows listed one by one on the page


@dataclass(frozen=True)
class Laporan:
    """Everything the page shows (plain values; rendered by ``html.buat_laporan_wilayah``)."""

    kode: str
    nama: str
    tingkat: str
    tingkat_anak: str
    tahun: int
    id_run: str
    selesai: str
    dibuat: str
    bagian: tuple[Bagian, ...]
    tanpa_data: tuple[tuple[str, str], ...]  # catalog indicators with no row for the region
    karantina: pd.DataFrame  # the region's quarantine rows (placed)
    karantina_ringkas: pd.DataFrame
    penggantian: pd.DataFrame
    penggantian_ringkas: pd.DataFrame

    def hitung(self, status: str) -> list[Bagian]:
        """The sections with ``status`` (see :attr:`Bagian.status`)."""
        return [b for b in self.bagian if b.status == status]

    @property
    def belum_lengkap(self) -> list[Bagian]:
        """Sections whose value or a child's value is missing or incomplete."""
        return [b for b in self.bagian if b.belum_lengkap]

    @property
    def catatan_bulan(self) -> list[tuple[str, int]]:
        """The distinct notes on months without a value, each with its number of indicators."""
        hitung: dict[str, int] = {}
        for b in self.bagian:
            if b.bulan_kosong:
                hitung[b.bulan_kosong] = hitung.get(b.bulan_kosong, 0) + 1
        return list(hitung.items())

    @property
    def galat(self) -> int:
        """Quarantined rows (galat) placed in the region."""
        if self.karantina.empty:
            return 0
        return int((self.karantina["tingkat_masalah"] == "galat").sum())


def _tanpa_data(katalog: Katalog, ada: set[str]) -> tuple[tuple[str, str], ...]:
    return tuple((k, i.judul) for k, i in katalog.indikator.items() if k not in ada)


def urutkan_indikator(katalog: Katalog, kode: set[str]) -> list[str]:
    """The indicators in registry order (SPM first, as the catalog lists them); codes the
    registry does not know come last, by code."""
    urutan = {k: i for i, k in enumerate(katalog.indikator)}
    return sorted(kode, key=lambda k: (urutan.get(k, len(urutan)), k))


def buat_laporan(bahan: Bahan, katalog: Katalog, dibuat: datetime) -> Laporan:
    """Assemble the report of ``bahan`` (one region, one year)."""
    karantina = tempatkan_karantina(bahan.karantina, bahan.asal, bahan.kode)
    tahun_ini = bahan.sendiri[bahan.sendiri["tahun"] == bahan.tahun]
    kode_ada = urutkan_indikator(katalog, set(tahun_ini["kode_indikator"]))
    bagian = tuple(buat_bagian(bahan, katalog, kode, karantina) for kode in kode_ada)
    return Laporan(
        kode=bahan.kode,
        nama=bahan.nama,
        tingkat=bahan.tingkat,
        tingkat_anak=ANAK.get(bahan.tingkat, "wilayah"),
        tahun=bahan.tahun,
        id_run=bahan.id_run,
        selesai=bahan.selesai,
        dibuat=dibuat.strftime("%d-%m-%Y %H:%M"),
        bagian=bagian,
        tanpa_data=_tanpa_data(katalog, set(kode_ada)),
        karantina=karantina,
        karantina_ringkas=ringkas_karantina(karantina),
        penggantian=bahan.penggantian,
        penggantian_ringkas=ringkas_penggantian(bahan.penggantian),
    )
