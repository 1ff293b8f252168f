"""The publish guard: a year is not published when it would lose what is published now.

Compared with the current generation, a year of the new indicator table is refused when it
would lose an indicator, a region (at any level) or more than a set share of its rows. A rerun
whose only file was rejected, a deleted sidecar, a correction quarantined whole: each would
otherwise publish a thinner (or empty) year over a good one. The refusal names what would
disappear; ``--izinkan-susut`` publishes anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from transforms.baca.tolak import tampilkan_ribuan

BATAS_SUSUT_BAWAAN = 10.0  # percent of a year's indicator rows
_CONTOH_MAKS = 8
_KOLOM = ["kode_indikator", "kode_wilayah", "tingkat"]


@dataclass
class Susut:
    """What a year would lose if published (empty lists/dicts and equal rows: nothing)."""

    tahun: int
    baris_lama: int
    baris_baru: int
    batas_persen: float
    indikator_hilang: list[str] = field(default_factory=list)
    wilayah_hilang: dict[str, int] = field(default_factory=dict)

    @property
    def persen_susut(self) -> float:
        if not self.baris_lama:
            return 0.0
        return max(0.0, 100.0 * (self.baris_lama - self.baris_baru) / self.baris_lama)

    @property
    def ditolak(self) -> bool:
        """True when publishing this year would lose something the guard protects."""
        return bool(
            self.indikator_hilang or self.wilayah_hilang or self.persen_susut > self.batas_persen
        )

    def jelaskan(self) -> str:
        """One Bahasa sentence: what the year would lose."""
        bagian = []
        if self.indikator_hilang:
            contoh = ", ".join(self.indikator_hilang[:_CONTOH_MAKS])
            lagi = len(self.indikator_hilang) - _CONTOH_MAKS
            contoh += f", dan {lagi} lagi" if lagi > 0 else ""
            bagian.append(f"{len(self.indikator_hilang)} indikator hilang ({contoh})")
        if self.wilayah_hilang:
            wil = ", ".join(f"{tampilkan_ribuan(n)} {t}" for t, n in self.wilayah_hilang.items())
            bagian.append(f"wilayah hilang: {wil}")
        persen = f"{self.persen_susut:.1f}".replace(".", ",")
        bagian.append(
            f"baris indikator {tampilkan_ribuan(self.baris_lama)} → "
            f"{tampilkan_ribuan(self.baris_baru)} (susut {persen} %, batas "
            f"{self.batas_persen:g} %)"
        )
        return f"tahun {self.tahun}: " + "; ".join(bagian)

    def ke_dict(self) -> dict:
        """For the manifest."""
        return {
            "tahun": self.tahun,
            "indikator_hilang": self.indikator_hilang,
            "wilayah_hilang": self.wilayah_hilang,
            "baris_lama": self.baris_lama,
            "baris_baru": self.baris_baru,
            "persen_susut": round(self.persen_susut, 2),
            "batas_persen": self.batas_persen,
        }


def _baca_lama(kini: Path | None, tahun: int) -> pd.DataFrame | None:
    folder = None if kini is None else kini / "indikator" / str(tahun)
    if folder is None or not any(folder.glob("*.parquet")):
        return None
    return pd.read_parquet(folder, columns=_KOLOM)


def _wilayah_hilang(lama: pd.DataFrame, baru: pd.DataFrame) -> dict[str, int]:
    hilang = {}
    for tingkat, kode in lama.groupby("tingkat", sort=False)["kode_wilayah"]:
        ada = set(baru.loc[baru["tingkat"] == tingkat, "kode_wilayah"])
        n = len(set(kode) - ada)
        if n:
            hilang[str(tingkat)] = n
    urut = ["provinsi", "kabupaten", "kecamatan", "desa"]
    return dict(sorted(hilang.items(), key=lambda kv: urut.index(kv[0]) if kv[0] in urut else 9))


def bandingkan_tahun(
    indikator: pd.DataFrame, kini: Path | None, tahun: int, batas_persen: float
) -> Susut | None:
    """What year ``tahun`` of ``indikator`` would lose against the current generation
    (None when the current generation has no rows for it)."""
    lama = _baca_lama(kini, tahun)
    if lama is None or lama.empty:
        return None
    baru = indikator.loc[indikator["tahun"] == tahun, _KOLOM]
    return Susut(
        tahun=tahun,
        baris_lama=len(lama),
        baris_baru=len(baru),
        batas_persen=batas_persen,
        indikator_hilang=sorted(set(lama["kode_indikator"]) - set(baru["kode_indikator"])),
        wilayah_hilang=_wilayah_hilang(lama, baru),
    )


def periksa_susut(
    indikator: pd.DataFrame, kini: Path | None, tahun_list: list[int], batas_persen: float
) -> dict[int, Susut]:
    """The years of ``tahun_list`` the guard refuses, with what each would lose."""
    hasil = {}
    for tahun in tahun_list:
        susut = bandingkan_tahun(indikator, kini, tahun, batas_persen)
        if susut is not None and susut.ditolak:
            hasil[tahun] = susut
    return hasil
