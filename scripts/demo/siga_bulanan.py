"""SIGA monthly exports: one row per desa per month, the twelve months stacked."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scripts.demo.model import (
    METODE_SIGA,
    N_BULAN,
    NAMA_BULAN,
    Dasar,
    Wilayah,
    bagian,
    rng_untuk,
    seri,
)


def _bulanan(nama: pd.DataFrame, kolom: dict[str, np.ndarray]) -> pd.DataFrame:
    """Stack months: the name columns, the months x desa value arrays, then BULAN."""
    blok = [
        nama.assign(**{k: v[b] for k, v in kolom.items()}, BULAN=NAMA_BULAN[b])
        for b in range(N_BULAN)
    ]
    return pd.concat(blok, ignore_index=True)


def tabel_pus(w: Wilayah, d: Dasar) -> pd.DataFrame:
    """``data_pus``: PUS and unmet need, with the ``NO`` index column."""
    frame = _bulanan(w.nama_siga(), {"PUS": d.pus, "UNMET NEED": d.unmet})
    return frame.rename_axis("NO").reset_index()


def tabel_mix(w: Wilayah, d: Dasar) -> pd.DataFrame:
    """``data_mix_kontra``: PA = KB MODERN + KB TRADISIONAL, KB MODERN = sum of methods."""
    kolom = {"PA": d.pa}
    kolom |= {m: d.metode[:, :, j] for j, m in enumerate(METODE_SIGA)}
    kolom |= {"KB MODERN": d.pa - d.tradisional, "KB TRADISIONAL": d.tradisional}
    return _bulanan(w.nama_siga(), kolom).rename_axis("NO").reset_index()


def _persen(lapor: np.ndarray, ada: np.ndarray) -> np.ndarray:
    """SIGA's PERSENTASE LAPOR: 100 x lapor / ada with two decimals, 0.00 when none exist."""
    nilai = np.divide(100 * lapor, ada, out=np.zeros(lapor.shape), where=ada > 0)
    return np.vectorize(lambda x: f"{x:.2f}")(nilai)


def _lapor(rng: np.random.Generator, ada: np.ndarray) -> np.ndarray:
    """Groups that reported in each month (months x desa), never more than exist."""
    return bagian(rng, np.broadcast_to(ada, (N_BULAN, len(ada))), 0.80, 1.00)


def tabel_bkb(w: Wilayah, d: Dasar) -> pd.DataFrame:
    """``data_bkb``: BKB groups existing / reporting and the topics of their meetings."""
    rng = rng_untuk("data_bkb")
    ada = np.broadcast_to(d.kelompok["bkb"], (N_BULAN, w.n))
    lapor = _lapor(rng, d.kelompok["bkb"])
    kolom = {"YANG ADA": ada, "YANG LAPOR": lapor, "PERSENTASE LAPOR": _persen(lapor, ada)}
    for materi, p in (("ORANG TUA HEBAT", 0.9), ("1000 HPK", 0.8), ("KKB LAINNYA", 0.2)):
        kolom[f"MATERI {materi}"] = rng.binomial(lapor, p)
    kolom["MATERI KESPRO"] = rng.binomial(lapor, 0.2)
    kolom["MATERI LAINNYA"] = rng.binomial(lapor, 0.4)
    return _bulanan(w.nama_siga_kode(), kolom)


def tabel_uppka(w: Wilayah, d: Dasar) -> pd.DataFrame:
    """``data_uppka``: UPPKA groups existing / reporting and their training topics."""
    rng = rng_untuk("data_uppka")
    ada = np.broadcast_to(d.kelompok["uppka"], (N_BULAN, w.n))
    lapor = _lapor(rng, d.kelompok["uppka"])
    kolom = {"YANG ADA": ada, "YANG LAPOR": lapor, "PERSENTASE LAPOR": _persen(lapor, ada)}
    kolom["MATERI USAHA EKONOMI KELUARGA"] = rng.binomial(lapor, 0.9)
    kolom["MATERI PENGELOLAAN KEUANGAN KELUARGA"] = rng.binomial(lapor, 0.3)
    kolom["MATERI KB KESPRO"] = rng.binomial(lapor, 0.6)
    return _bulanan(w.nama_siga_kode(), kolom)


def tabel_pikr(w: Wilayah, d: Dasar) -> pd.DataFrame:
    """``data_pikr``: PIK-Remaja existing / reporting, meetings and attendance."""
    rng = rng_untuk("data_pikr")
    ada = np.broadcast_to(d.kelompok["pikr"], (N_BULAN, w.n))
    lapor = _lapor(rng, d.kelompok["pikr"])
    pertemuan = lapor + rng.binomial(lapor, 0.3)
    kolom = {"YANG ADA": ada, "YANG LAPOR": lapor, "PERSENTASE LAPOR": _persen(lapor, ada)}
    kolom["MATERI PKBR"] = rng.binomial(lapor, 0.8)
    kolom["MATERI LAINNYA"] = rng.binomial(lapor, 0.3)
    kolom["JUMLAH PERTEMUAN"] = pertemuan
    kolom["JUMLAH REMAJA HADIR DALAM PERTEMUAN"] = pertemuan * rng.integers(12, 31, pertemuan.shape)
    kolom["JUMLAH PERTEMUAN MATERI PKBR OLEH PIK REMAJA"] = rng.binomial(pertemuan, 0.7)
    return _bulanan(w.nama_siga_kode(), kolom)


def _sasaran_peserta(
    rng: np.random.Generator, keluarga: np.ndarray, sasaran: tuple[float, float], ikut: tuple
) -> tuple[np.ndarray, np.ndarray]:
    """Target families and participating families (months x desa), participants <= target."""
    target = seri(rng, bagian(rng, keluarga, *sasaran), 0.0005, 0.002)
    share = rng.uniform(*ikut, size=len(keluarga))
    peserta = np.rint(target * share * (1 + rng.normal(0, 0.004, size=target.shape)))
    return target, np.minimum(target, peserta.astype(np.int64))


def sasaran_poktan(d: Dasar) -> dict[str, np.ndarray]:
    """SASARAN/KESERTAAN BKB, BKR, BKL per month and desa (shared with data_bkb_keluarga)."""
    rng = rng_untuk("sasaran_poktan_gabung")
    kolom: dict[str, np.ndarray] = {}
    for poktan, sasaran, ikut in (
        ("BKB", (0.17, 0.22), (0.55, 0.85)),
        ("BKR", (0.25, 0.32), (0.25, 0.50)),
        ("BKL", (0.28, 0.36), (0.25, 0.50)),
    ):
        target, peserta = _sasaran_peserta(rng, d.keluarga, sasaran, ikut)
        kolom[f"SASARAN {poktan}"], kolom[f"KESERTAAN {poktan}"] = target, peserta
    return kolom


def tabel_sasaran(w: Wilayah, poktan: dict[str, np.ndarray]) -> pd.DataFrame:
    """``sasaran_poktan_gabung``: no KODE, no index column."""
    return _bulanan(w.nama_siga(), poktan)


def tabel_bkb_keluarga(w: Wilayah, d: Dasar, poktan: dict[str, np.ndarray]) -> pd.DataFrame:
    """``data_bkb_keluarga``: BKB member families; STATUS BER KB <= STATUS PUS <= members."""
    rng = rng_untuk("data_bkb_keluarga")
    anggota = poktan["KESERTAAN BKB"]
    pertemuan = _lapor(rng, d.kelompok["bkb"])
    status_pus = np.rint(anggota * rng.uniform(0.80, 0.90, size=w.n)).astype(np.int64)
    ber_kb = np.rint(status_pus * rng.uniform(0.75, 0.95, size=w.n)).astype(np.int64)
    hadir = np.rint(anggota * rng.uniform(0.5, 0.8, size=w.n)).astype(np.int64)
    anak = np.rint(hadir * rng.uniform(1.0, 1.15, size=w.n)).astype(np.int64)
    tidak_sesuai = rng.binomial(anak, 0.03)
    kolom = {
        "JUMLAH PERTEMUAN PENYULUHAN": pertemuan,
        "TATAP MUKA": pertemuan,
        "VIRTUAL": np.zeros_like(pertemuan),
        "JUMLAH KELUARGA ANGGOTA BKB": anggota,
        "JUMLAH KELUARGA ANGGOTA BKB HADIR PERTEMUAN": hadir,
        "STATUS PUS": status_pus,
        "STATUS BER KB": ber_kb,
        "JUMLAH ANAK KELUARGA ANGGOTA BKB HADIR PERTEMUAN": anak,
        "KKA": anak - rng.binomial(anak, 0.02),
        "KMS": anak,
        "PERKEMBANGAN ANAK SESUAI": anak - tidak_sesuai,
        "PERKEMBANGAN ANAK TIDAK SESUAI": tidak_sesuai,
    }
    return _bulanan(w.nama_siga_kode(), kolom).reset_index(names="")
