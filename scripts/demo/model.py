"""The demo's kabupaten and its seeded model: regions, population, PUS, KB users, groups.

Every file of the demo draws from one model of Kab. Purworejo (33.06) in 2025, so the files agree
with each other; each file has its own generator (:func:`rng_untuk`), seeded by the demo seed and
the file's name.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from transforms.baca.kalender import BULAN
from transforms.wilayah.master import muat_master

KABUPATEN = "33.06"
TAHUN = 2025
SEED = 3306
PENDUDUK = 770_000
DITERIMA = dt.datetime(2025, 12, 31, 9, 0, tzinfo=dt.UTC)
"""The fixed receive time of every demo file, also the time written into its workbooks."""
NAMA_BULAN = list(BULAN)  # JANUARI..DESEMBER
N_BULAN = len(NAMA_BULAN)

METODE_SIGA = ["SUNTIK", "PIL", "KONDOM", "IMPLAN", "IUD", "VASEKTOMI", "TUBEKTOMI", "MAL"]
BOBOT_METODE = np.array([0.50, 0.12, 0.03, 0.17, 0.11, 0.006, 0.055, 0.009])


@dataclass(frozen=True)
class Wilayah:
    """Names and codes of Kab. Purworejo from the 2025 region master."""

    provinsi: str
    """Province name as SIGA writes it (``JAWA TENGAH``)."""
    kabupaten: str
    """Kabupaten name as SIGA writes it, without ``KABUPATEN`` (``PURWOREJO``)."""
    desa: pd.DataFrame
    """One row per desa: kode, kode_kecamatan, KECAMATAN, KODE, KELURAHAN, nama, nama_kecamatan."""
    kecamatan: pd.DataFrame
    """One row per kecamatan: kode, KECAMATAN, nama, jumlah_desa."""

    @property
    def n(self) -> int:
        """Number of desa/kelurahan."""
        return len(self.desa)

    def nama_siga(self, i: np.ndarray | None = None) -> pd.DataFrame:
        """PROVINSI, KABUPATEN, KECAMATAN, KELURAHAN of the desa (all, or rows ``i``)."""
        desa = self.desa if i is None else self.desa.iloc[i]
        return pd.DataFrame(
            {
                "PROVINSI": self.provinsi,
                "KABUPATEN": self.kabupaten,
                "KECAMATAN": desa["KECAMATAN"].to_numpy(),
                "KELURAHAN": desa["KELURAHAN"].to_numpy(),
            }
        )

    def nama_siga_kode(self, i: np.ndarray | None = None) -> pd.DataFrame:
        """Like :meth:`nama_siga` with SIGA's ``KODE`` (last 4 digits) before KELURAHAN."""
        desa = self.desa if i is None else self.desa.iloc[i]
        nama = self.nama_siga(i)
        nama.insert(3, "KODE", desa["KODE"].to_numpy())
        return nama


def buat_wilayah() -> Wilayah:
    """Kab. Purworejo's kecamatan and desa (codes, names) from the region master."""
    master = muat_master(str(TAHUN))
    frame = master.frame.set_index("kode_wilayah")
    nama = frame["nama_wilayah"].astype(str)
    desa = frame.loc[master.keturunan(KABUPATEN, "desa")].reset_index()
    kode_kec = desa["kode_kecamatan"].astype(str).to_numpy()
    desa_frame = pd.DataFrame(
        {
            "kode": desa["kode_wilayah"].astype(str).to_numpy(),
            "kode_kecamatan": kode_kec,
            "KECAMATAN": nama.reindex(kode_kec).str.upper().to_numpy(),
            "KODE": desa["kode_wilayah"].astype(str).str.slice(9).to_numpy(),
            "KELURAHAN": desa["nama_wilayah"].astype(str).str.upper().to_numpy(),
            "nama": desa["nama_wilayah"].astype(str).to_numpy(),
            "nama_kecamatan": nama.reindex(kode_kec).to_numpy(),
        }
    )
    kecamatan = master.keturunan(KABUPATEN, "kecamatan")
    kec_frame = pd.DataFrame(
        {
            "kode": kecamatan,
            "KECAMATAN": nama.reindex(kecamatan).str.upper().to_numpy(),
            "nama": nama.reindex(kecamatan).to_numpy(),
            "jumlah_desa": desa_frame.groupby("kode_kecamatan")
            .size()
            .reindex(kecamatan)
            .to_numpy(),
        }
    )
    return Wilayah(
        provinsi=nama[KABUPATEN[:2]].upper(),
        kabupaten=nama[KABUPATEN].upper().removeprefix("KABUPATEN "),
        desa=desa_frame,
        kecamatan=kec_frame,
    )


def rng_untuk(nama: str) -> np.random.Generator:
    """A generator seeded by the demo seed and a name: each file draws independently."""
    return np.random.default_rng([SEED, zlib.crc32(nama.encode())])


def bagian(rng: np.random.Generator, n: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """A share of ``n`` (binomial with a per-row probability in [lo, hi]); never above ``n``."""
    n = np.asarray(n, dtype=np.int64)
    return rng.binomial(n, rng.uniform(lo, hi, size=n.shape)).astype(np.int64)


def seri(rng: np.random.Generator, awal: np.ndarray, tren: float, sd: float) -> np.ndarray:
    """Twelve months of a slowly moving stock (months x rows), starting near ``awal``."""
    bulan = np.arange(N_BULAN)[:, None]
    faktor = 1 + tren * bulan + rng.normal(0, sd, size=(N_BULAN, len(awal)))
    return np.rint(np.asarray(awal)[None, :] * faktor).astype(np.int64)


def per_kec(w: Wilayah, nilai: np.ndarray) -> np.ndarray:
    """Per-desa values summed per kecamatan (kecamatan order of ``w.kecamatan``)."""
    jumlah = pd.Series(nilai).groupby(w.desa["kode_kecamatan"].to_numpy()).sum()
    return jumlah.reindex(w.kecamatan["kode"]).to_numpy()


def pecah(rng: np.random.Generator, total: np.ndarray, p: Sequence[float]) -> np.ndarray:
    """Split each total into len(p) parts that add up to it (rows x parts)."""
    return np.stack([rng.multinomial(int(t), p) for t in total]).astype(np.int64)


@dataclass(frozen=True)
class Dasar:
    """Per-desa quantities shared by several files (index = ``Wilayah.desa`` rows)."""

    penduduk: np.ndarray
    keluarga: np.ndarray
    balita: np.ndarray
    pus: np.ndarray  # months x desa
    pa: np.ndarray  # months x desa
    unmet: np.ndarray  # months x desa
    metode: np.ndarray  # months x desa x METODE_SIGA
    tradisional: np.ndarray  # months x desa
    kelompok: dict[str, np.ndarray]  # bkb / uppka / pikr groups per desa
    kampung_kb: np.ndarray  # 0/1
    rumah_dataku: np.ndarray  # 0/1


def _penduduk(w: Wilayah, rng: np.random.Generator) -> np.ndarray:
    """Population per desa adding up to PENDUDUK (kelurahan are larger)."""
    bobot = rng.lognormal(0.0, 0.4, size=w.n)
    bobot *= np.where(w.desa["KODE"].str.startswith("1").to_numpy(), 2.5, 1.0)
    penduduk = np.floor(bobot / bobot.sum() * PENDUDUK).astype(np.int64)
    penduduk[np.argmax(penduduk)] += PENDUDUK - penduduk.sum()
    return penduduk


def _metode(rng: np.random.Generator, modern: np.ndarray) -> np.ndarray:
    """Split KB modern users by method with fixed per-desa weights (months x desa x method)."""
    bobot = BOBOT_METODE[None, :] * rng.uniform(0.8, 1.2, size=(modern.shape[1], len(METODE_SIGA)))
    bobot /= bobot.sum(axis=1, keepdims=True)
    metode = np.floor(modern[:, :, None] * bobot[None, :, :]).astype(np.int64)
    metode[:, :, 0] += modern - metode.sum(axis=2)  # remainder to SUNTIK
    return metode


def buat_dasar(w: Wilayah) -> Dasar:
    """Draw the shared per-desa model: population, families, PUS and KB users, groups."""
    rng = rng_untuk("dasar")
    penduduk = _penduduk(w, rng)
    keluarga = np.rint(penduduk / rng.uniform(3.0, 3.3, size=w.n)).astype(np.int64)
    pus = seri(rng, bagian(rng, keluarga, 0.52, 0.60), 0.001, 0.002)
    pa = np.minimum(pus, np.rint(pus * rng.uniform(0.66, 0.80, size=w.n)).astype(np.int64))
    unmet = np.minimum(pus - pa, np.rint(pus * rng.uniform(0.05, 0.10, size=w.n)).astype(np.int64))
    tradisional = np.rint(pa * rng.uniform(0.005, 0.02, size=w.n)).astype(np.int64)
    kota = w.desa["KODE"].str.startswith("1").to_numpy().astype(np.int64)
    kelompok = {
        "bkb": 1 + rng.binomial(1, 0.3, size=w.n) + kota,
        "uppka": rng.binomial(2, 0.5, size=w.n) + kota,
        "pikr": rng.binomial(1, 0.7, size=w.n) + kota,
    }
    kampung_kb = rng.binomial(1, 0.85, size=w.n)
    rumah_dataku = np.where(
        kampung_kb == 1, rng.binomial(1, 0.75, size=w.n), rng.binomial(1, 0.2, size=w.n)
    )
    return Dasar(
        penduduk=penduduk,
        keluarga=keluarga,
        balita=bagian(rng, penduduk, 0.062, 0.072),
        pus=pus,
        pa=pa,
        unmet=unmet,
        metode=_metode(rng, pa - tradisional),
        tradisional=tradisional,
        kelompok=kelompok,
        kampung_kb=kampung_kb,
        rumah_dataku=rumah_dataku,
    )
