"""An indicator's numerator and denominator summed over the same regions.

The roll-up sums each component up the tree on its own. When an indicator's components come
from different files, a region-period can have one and not the other (its ``PUS`` row was
quarantined, or its cell left empty, while its ``PA`` was reported): summed alone, every
level above it would divide the PA of all its desa by the PUS of some (a kabupaten rate of
136 %), while ``jumlah_desa_lapor`` counts only the desa with both. So, where the reported
components of an indicator do not cover the same region-periods, the indicator is computed
from its own roll-up of only the region-periods where all of them are reported
(:func:`baris_berpasangan`); where they do (every clean delivery), the shared roll-up is
the same thing and is used as it is.

Components of different kinds of period (a yearly target beside monthly counts) are not
paired here: they are put side by side per year by their own temporal rules
(:func:`transforms.hitung.waktu.hitung_tahunan_campuran`). Nor are components reported at
different levels (a kecamatan recap of one beside desa rows of the other): they meet only
above the desa, where the roll-up's own rule (a direct value only where no child reported)
already decides. Each province is decided alone (a run computes several together).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from schemas.model import Indikator, Katalog
from transforms.hitung.rollup import PERIODE, kenali_panjang
from transforms.wilayah.cocok import nomori_kombinasi
from transforms.wilayah.provinsi import nomori_provinsi


class KunciDasar:
    """The reported component rows of a compute, numbered once: each row's region-period
    key, province and shape (kind of period and level), and each component's rows."""

    def __init__(self, dasar: pd.DataFrame) -> None:
        self.nomor, self.jumlah = nomori_kombinasi(dasar, PERIODE)
        self.prov, self.nama_prov = nomori_provinsi(dasar["kode_wilayah"])
        bulan = dasar["bulan"].notna().to_numpy()
        periode = np.where(bulan, 2, 0) + dasar["semester"].notna().to_numpy()
        self.jenis = periode * 64 + kenali_panjang(dasar["kode_wilayah"]).to_numpy()
        self.baris = dasar.groupby("komponen", sort=False, observed=True).indices
        self.prov_kunci = np.empty(self.jumlah, dtype=np.int64)  # each key's province
        self.prov_kunci[self.nomor] = self.prov
        self._kunci: dict[str, np.ndarray] = {}

    def kunci(self, komponen: str) -> np.ndarray:
        """Which keys one component's rows have, as a mask over every key (found once; no
        sort: a national year's check costs one pass over each component's rows)."""
        if komponen not in self._kunci:
            ada = np.zeros(self.jumlah, dtype=bool)
            ada[self.nomor[self.baris[komponen]]] = True
            self._kunci[komponen] = ada
        return self._kunci[komponen]

    def bentuk(self, komponen: str) -> set[tuple[int, int]]:
        """The (province, shape) pairs of one component's rows."""
        baris = self.baris[komponen]
        pasangan = np.unique(self.prov[baris].astype(np.int64) * 1024 + self.jenis[baris])
        return {(int(x) // 1024, int(x) % 1024) for x in pasangan}


def baris_berpasangan(
    kunci: KunciDasar, ind: Indikator, katalog: Katalog
) -> tuple[np.ndarray, list[str]] | None:
    """The provinces where ``ind``'s reported components do not cover the same
    region-periods (but come at the same shapes), and the reported rows to roll up for it
    there: its reported components' (and its derived components' parts') rows at the
    region-periods where every reported component is present. None when there is no such
    province (the shared roll-up is used). Decided province by province, so a province's
    values never depend on the others computed with it."""
    dilapor = [c for c in dict.fromkeys(ind.komponen) if c in kunci.baris]
    if len(dilapor) < 2:
        return None
    semua = [kunci.kunci(c) for c in dilapor]
    if all(np.array_equal(k, semua[0]) for k in semua[1:]):
        return None
    bersama = functools.reduce(np.logical_and, semua)
    salah = functools.reduce(np.logical_or, semua) & ~bersama  # keys some lack
    beda = set(np.unique(kunci.prov_kunci[salah]).tolist())
    bentuk = [kunci.bentuk(c) for c in dilapor]
    for p in list(beda):
        per_komponen = [{j for q, j in b if q == p} for b in bentuk]
        if any(j != per_komponen[0] for j in per_komponen[1:]):
            beda.discard(p)  # other kinds of period or levels: as the roll-up always did
    if not beda:
        return None
    bagian = [
        b
        for c in ind.komponen
        if c not in kunci.baris and katalog.komponen[c].turunan
        for b in katalog.komponen[c].bagian
        if b in kunci.baris
    ]
    baris = np.concatenate([kunci.baris[c] for c in dict.fromkeys([*dilapor, *bagian])])
    pilih = bersama[kunci.nomor[baris]] & np.isin(kunci.prov[baris], list(beda))
    return np.sort(baris[pilih]), [str(kunci.nama_prov[p]) for p in sorted(beda)]
