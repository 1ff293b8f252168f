"""The publish guard: a year is not published when it would lose what is published now.

Compared with the current generation, a year of the new indicator table is refused when it
would lose an indicator, a region (at any level), a region of one indicator (an indicator that
had 494 desa and would have 0), or more than a set share of its rows. A rerun
whose only file was rejected, a deleted sidecar, a correction quarantined whole: each would
otherwise publish a thinner (or empty) year over a good one. The refusal names what would
disappear; ``--izinkan-susut`` publishes anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from transforms.baca.angka import tampilkan_bilangan
from transforms.baca.tolak import tampilkan_ribuan
from transforms.keluar.parquet_provinsi import provinsi_berkas
from transforms.keluar.ubah import berkas_tahun
from transforms.komponen.ramping import samakan_kategori

BATAS_SUSUT_BAWAAN = 10.0  # percent of a year's indicator rows
_CONTOH_MAKS = 8
KOLOM_KUNCI = ("kode_indikator", "kode_wilayah", "tingkat")
"""The key columns the guard compares (a year's distinct indicator-region-level keys)."""
_KOLOM = list(KOLOM_KUNCI)


@dataclass
class Susut:
    """What a year would lose if published (empty lists/dicts and equal rows: nothing)."""

    tahun: int
    baris_lama: int
    baris_baru: int
    batas_persen: float
    indikator_hilang: list[str] = field(default_factory=list)
    wilayah_hilang: dict[str, int] = field(default_factory=dict)
    cakupan_hilang: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def persen_susut(self) -> float:
        if not self.baris_lama:
            return 0.0
        return max(0.0, 100.0 * (self.baris_lama - self.baris_baru) / self.baris_lama)

    @property
    def ditolak(self) -> bool:
        """True when publishing this year would lose something the guard protects."""
        return bool(
            self.indikator_hilang
            or self.wilayah_hilang
            or self.cakupan_hilang
            or self.persen_susut > self.batas_persen
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
        if self.cakupan_hilang:
            bagian.append(f"indikator yang kehilangan wilayah: {self._teks_cakupan()}")
        persen = tampilkan_bilangan(self.persen_susut, 1)
        bagian.append(
            f"baris indikator {tampilkan_ribuan(self.baris_lama)} → "
            f"{tampilkan_ribuan(self.baris_baru)} (susut {persen} %, batas "
            f"{self.batas_persen:g} %)"
        )
        return f"tahun {self.tahun}: " + "; ".join(bagian)

    def _teks_cakupan(self) -> str:
        def per_tingkat(n: dict[str, int]) -> str:
            return ", ".join(f"{tampilkan_ribuan(v)} {t}" for t, v in n.items())

        contoh = [f"{k} ({per_tingkat(n)})" for k, n in list(self.cakupan_hilang.items())]
        lagi = len(contoh) - _CONTOH_MAKS
        return "; ".join(contoh[:_CONTOH_MAKS]) + (f"; dan {lagi} lagi" if lagi > 0 else "")

    def ke_dict(self) -> dict:
        """For the manifest."""
        return {
            "tahun": self.tahun,
            "indikator_hilang": self.indikator_hilang,
            "wilayah_hilang": self.wilayah_hilang,
            "cakupan_hilang": self.cakupan_hilang,
            "baris_lama": self.baris_lama,
            "baris_baru": self.baris_baru,
            "persen_susut": round(self.persen_susut, 2),
            "batas_persen": self.batas_persen,
        }


def _baca_lama(
    kini: Path | None, tahun: int, lewati: frozenset[str] = frozenset()
) -> tuple[pd.DataFrame | None, int]:
    """The key columns of one year of the current generation, as categories (read as text, a
    national year's 7 million region codes took the guard to 0.96 GB above the run's tables at
    its peak; as categories 0.55-0.65 GB, in half the CPU time), but those of the provinces in
    ``lewati`` (files carried over as they are: only their rows counted); and the rows of all."""
    files = berkas_tahun(kini / "indikator", [tahun]) if kini is not None else []
    baca = [f for f in files if provinsi_berkas(f) not in lewati]
    dilewati = sum(pq.ParquetFile(f).metadata.num_rows for f in files if f not in baca)
    if not baca:
        return (None if not files else pd.DataFrame({k: [] for k in _KOLOM})), dilewati
    bagian = [pq.read_table(f, columns=_KOLOM, read_dictionary=_KOLOM).to_pandas() for f in baca]
    lama = bagian[0] if len(bagian) == 1 else pd.concat(samakan_kategori(bagian), ignore_index=True)
    return lama, dilewati + len(lama)


def baca_kunci_berkas(path: Path) -> pd.DataFrame:
    """The distinct keys (:data:`KOLOM_KUNCI`) of one indicator file, as text (grouped in
    Arrow: a province's rows are never turned into Python objects)."""
    table = pq.read_table(path, columns=_KOLOM, read_dictionary=_KOLOM).unify_dictionaries()
    beda = table.group_by(_KOLOM, use_threads=False).aggregate([])  # row groups: one dictionary
    return beda.select(_KOLOM).to_pandas().astype(str)


def _hilang(lama: pd.DataFrame, baru: pd.DataFrame, kolom: list[str]) -> pd.DataFrame:
    """The distinct combinations of ``kolom`` in ``lama`` that ``baru`` no longer has (as
    text; the distinct rows are compared, never the millions of rows one by one)."""
    a = lama[kolom].drop_duplicates().astype(str)
    b = baru[kolom].drop_duplicates().astype(str)
    gabung = a.merge(b, how="left", indicator=True)
    return gabung.loc[gabung["_merge"] == "left_only", kolom]


def _wilayah_hilang(lama: pd.DataFrame, baru: pd.DataFrame) -> dict[str, int]:
    hilang = _hilang(lama, baru, ["tingkat", "kode_wilayah"]).groupby("tingkat").size()
    return _urut_tingkat({str(t): int(n) for t, n in hilang.items() if n})


def _urut_tingkat(per_tingkat: dict[str, int]) -> dict[str, int]:
    urut = ["provinsi", "kabupaten", "kecamatan", "desa"]
    return dict(
        sorted(per_tingkat.items(), key=lambda kv: urut.index(kv[0]) if kv[0] in urut else 9)
    )


def _cakupan_hilang(
    lama: pd.DataFrame, baru: pd.DataFrame, indikator_hilang: list[str]
) -> dict[str, dict[str, int]]:
    """Per indicator still published: regions per level it had and would no longer have."""
    hilang = _hilang(lama, baru, _KOLOM)
    hilang = hilang[~hilang["kode_indikator"].isin(indikator_hilang)]
    hasil: dict[str, dict[str, int]] = {}
    for (kode, tingkat), n in hilang.groupby(["kode_indikator", "tingkat"]).size().items():
        hasil.setdefault(str(kode), {})[str(tingkat)] = int(n)
    return {k: _urut_tingkat(v) for k, v in sorted(hasil.items())}


def bandingkan_tahun(
    indikator: pd.DataFrame, kini: Path | None, tahun: int, batas_persen: float
) -> Susut | None:
    """What year ``tahun`` of ``indikator`` would lose against the current generation
    (None when the current generation has no rows for it)."""
    pilih = (indikator["tahun"] == tahun).fillna(False).to_numpy(dtype=bool)
    baru = indikator[_KOLOM] if pilih.all() else indikator.loc[pilih, _KOLOM]  # no copy
    return bandingkan_kunci(baru, len(baru), kini, tahun, batas_persen)


def bandingkan_kunci(
    kunci: pd.DataFrame,
    baris: int,
    kini: Path | None,
    tahun: int,
    batas_persen: float,
    dibawa: tuple[frozenset[str], set[str]] = (frozenset(), set()),
) -> Susut | None:
    """:func:`bandingkan_tahun` from a year's keys (indicator, region, level: its rows, or
    only their distinct combinations, :class:`KunciTahun`) and its number of rows.
    ``dibawa``: the provinces whose files of the generation in force are carried over as
    they are (their keys are not in ``kunci`` and not compared: a province's keys are in its
    own file), and the indicators they have."""
    lewati, kode_dibawa = dibawa
    lama, baris_lama = _baca_lama(kini, tahun, lewati)
    if lama is None or not baris_lama:
        return None
    hilang = sorted(
        set(map(str, lama["kode_indikator"].unique()))
        - set(map(str, kunci["kode_indikator"].unique()))
        - kode_dibawa
    )
    return Susut(
        tahun=tahun,
        baris_lama=baris_lama,
        baris_baru=baris,
        batas_persen=batas_persen,
        indikator_hilang=hilang,
        wilayah_hilang=_wilayah_hilang(lama, kunci),
        cakupan_hilang=_cakupan_hilang(lama, kunci, hilang),
    )


class KunciTahun:
    """What the guard needs of a year written province by province: the distinct keys
    (indicator, region, level) of every part, as text, and the number of rows; of a province
    carried over (its file in force linked as it is), only its rows and indicators."""

    def __init__(self) -> None:
        self.baris = 0
        self._bagian: list[pd.DataFrame] = []
        self._dibawa: set[str] = set()
        self._kode_dibawa: set[str] = set()

    def tambah(self, indikator: pd.DataFrame) -> None:
        """One part's rows (one year's)."""
        self.baris += len(indikator)
        if len(indikator):
            self._bagian.append(indikator[_KOLOM].drop_duplicates().astype(str))

    def bawa(self, prov: str, baris: int, kode_indikator: set[str]) -> None:
        """Province ``prov`` carried over: its rows and its indicators."""
        self.baris += baris
        self._dibawa.add(prov)
        self._kode_dibawa |= kode_indikator

    def bandingkan(self, kini: Path | None, tahun: int, batas_persen: float) -> Susut | None:
        """:func:`bandingkan_kunci` of every part added."""
        kunci = pd.concat(self._bagian, ignore_index=True) if self._bagian else None
        if kunci is None:
            kunci = pd.DataFrame({k: pd.Series(dtype="str") for k in _KOLOM})
        dibawa = (frozenset(self._dibawa), self._kode_dibawa)
        return bandingkan_kunci(kunci, self.baris, kini, tahun, batas_persen, dibawa)


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
