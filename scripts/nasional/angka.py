"""The generator's numbers: one seeded model per province, the same whatever else is generated.

Every value of a desa depends only on the seed, its province and the month (numpy generators
seeded with ``(seed, province code, month)``), so ``--provinsi 76`` writes exactly the rows that
the national run writes for Sulawesi Barat, and month 3 is the same with or without months 1-2.
The numbers satisfy the layouts' checks (PA = KB MODERN + KB TRADISIONAL, KB MODERN = the eight
methods, PA <= PUS, unmet need <= PUS - PA, BKB ber-KB <= BKB PUS <= present <= members) and move
by a few percent from month to month (no jump warnings).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

METODE = ("SUNTIK", "PIL", "KONDOM", "IMPLAN", "IUD", "VASEKTOMI", "TUBEKTOMI", "MAL")
BOBOT_METODE = np.array([0.50, 0.12, 0.03, 0.17, 0.11, 0.006, 0.055, 0.009])


@dataclass(frozen=True)
class Bulan:
    """One month of one province: arrays aligned with its desa (master order)."""

    pus: np.ndarray
    unmet: np.ndarray
    pa: np.ndarray
    metode: np.ndarray  # desa x 8
    tradisional: np.ndarray
    bkb: dict[str, np.ndarray]

    def pilih(self, posisi: np.ndarray) -> Bulan:
        """The same month for a subset of the desa (positions or a boolean mask)."""
        return Bulan(
            self.pus[posisi],
            self.unmet[posisi],
            self.pa[posisi],
            self.metode[posisi],
            self.tradisional[posisi],
            {k: v[posisi] for k, v in self.bkb.items()},
        )


def _dasar(seed: int, provinsi: str, n: int) -> tuple[np.ndarray, ...]:
    """Per-desa levels of a province (month independent)."""
    rng = np.random.default_rng([seed, int(provinsi)])
    pus = np.clip(rng.lognormal(np.log(380), 0.7, n), 25, 6000)
    rasio_pa = rng.beta(12, 8, n)  # ~0.6
    rasio_unmet = rng.beta(2, 9, n)
    rasio_bkb = rng.beta(3, 20, n)
    return pus, rasio_pa, rasio_unmet, rasio_bkb


def buat_bulan(seed: int, provinsi: str, n: int, bulan: int) -> Bulan:
    """The numbers of one province in one month."""
    pus0, rasio_pa, rasio_unmet, rasio_bkb = _dasar(seed, provinsi, n)
    rng = np.random.default_rng([seed, int(provinsi), bulan])
    pus = np.rint(pus0 * (1 + 0.004 * bulan) * rng.normal(1, 0.01, n)).astype(np.int64)
    pa = rng.binomial(pus, np.clip(rasio_pa * rng.normal(1, 0.01, n), 0, 1))
    unmet = rng.binomial(pus - pa, np.clip(rasio_unmet, 0, 1))
    tradisional = rng.binomial(pa, 0.02)
    metode = rng.multinomial(pa - tradisional, BOBOT_METODE)
    anggota = rng.binomial(pus, rasio_bkb)
    hadir = rng.binomial(anggota, 0.6)
    status_pus = rng.binomial(hadir, 0.97)
    bkb = {
        "JUMLAH PERTEMUAN PENYULUHAN": rng.integers(0, 3, n),
        "JUMLAH KELUARGA ANGGOTA BKB": anggota,
        "JUMLAH KELUARGA ANGGOTA BKB HADIR PERTEMUAN": hadir,
        "STATUS PUS": status_pus,
        "STATUS BER KB": rng.binomial(status_pus, 0.92),
        "JUMLAH ANAK KELUARGA ANGGOTA BKB HADIR PERTEMUAN": hadir + rng.integers(0, 3, n),
    }
    tatap = rng.binomial(bkb["JUMLAH PERTEMUAN PENYULUHAN"], 0.9)
    bkb["TATAP MUKA"] = tatap
    bkb["VIRTUAL"] = bkb["JUMLAH PERTEMUAN PENYULUHAN"] - tatap
    anak = bkb["JUMLAH ANAK KELUARGA ANGGOTA BKB HADIR PERTEMUAN"]
    bkb["KKA"] = anak
    bkb["KMS"] = anak
    sesuai = rng.binomial(anak, 0.98)
    bkb["PERKEMBANGAN ANAK SESUAI"] = sesuai
    bkb["PERKEMBANGAN ANAK TIDAK SESUAI"] = anak - sesuai
    return Bulan(pus, unmet, pa, metode, tradisional, bkb)


NAMA_BULAN = (
    "JANUARI",
    "FEBRUARI",
    "MARET",
    "APRIL",
    "MEI",
    "JUNI",
    "JULI",
    "AGUSTUS",
    "SEPTEMBER",
    "OKTOBER",
    "NOVEMBER",
    "DESEMBER",
)
NAMA = ["PROVINSI", "KABUPATEN", "KECAMATAN", "KELURAHAN"]
KOLOM_BKB = (
    "JUMLAH PERTEMUAN PENYULUHAN",
    "TATAP MUKA",
    "VIRTUAL",
    "JUMLAH KELUARGA ANGGOTA BKB",
    "JUMLAH KELUARGA ANGGOTA BKB HADIR PERTEMUAN",
    "STATUS PUS",
    "STATUS BER KB",
    "JUMLAH ANAK KELUARGA ANGGOTA BKB HADIR PERTEMUAN",
    "KKA",
    "KMS",
    "PERKEMBANGAN ANAK SESUAI",
    "PERKEMBANGAN ANAK TIDAK SESUAI",
)


def tabel_pus(desa: pd.DataFrame, b: Bulan, bulan: int) -> pd.DataFrame:
    """``NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PUS;UNMET NEED;BULAN``."""
    frame = desa[NAMA].reset_index(drop=True)
    frame = frame.assign(PUS=b.pus, **{"UNMET NEED": b.unmet}, BULAN=NAMA_BULAN[bulan - 1])
    return frame.rename_axis("NO").reset_index()


def tabel_mix(desa: pd.DataFrame, b: Bulan, bulan: int) -> pd.DataFrame:
    """``NO;…;KELURAHAN;PA;SUNTIK;…;MAL;KB MODERN;KB TRADISIONAL;BULAN``."""
    kolom = {"PA": b.pa} | {m: b.metode[:, j] for j, m in enumerate(METODE)}
    kolom |= {"KB MODERN": b.pa - b.tradisional, "KB TRADISIONAL": b.tradisional}
    frame = desa[NAMA].reset_index(drop=True).assign(**kolom, BULAN=NAMA_BULAN[bulan - 1])
    return frame.rename_axis("NO").reset_index()


def tabel_bkb_keluarga(desa: pd.DataFrame, b: Bulan, bulan: int) -> pd.DataFrame:
    """``;PROVINSI;KABUPATEN;KECAMATAN;KODE;KELURAHAN;…;BULAN`` (unnamed index column)."""
    nama = desa[["PROVINSI", "KABUPATEN", "KECAMATAN", "KODE", "KELURAHAN"]]
    frame = nama.reset_index(drop=True).assign(**{k: b.bkb[k] for k in KOLOM_BKB})
    frame = frame.assign(BULAN=NAMA_BULAN[bulan - 1])
    return frame.rename_axis("").reset_index()


TABEL = {
    "data_pus": tabel_pus,
    "data_mix_kontra": tabel_mix,
    "data_bkb_keluarga": tabel_bkb_keluarga,
}
"""Source file name -> table builder (one row per desa for one month)."""
