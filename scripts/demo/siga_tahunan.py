"""Per-desa yearly exports: Kampung KB, Rumah DataKu, profil poktan, Elsimil, PKB."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from scripts.demo.model import Dasar, Wilayah, bagian, pecah, rng_untuk


def _satu_dari(rng: np.random.Generator, ada: np.ndarray, pilihan: Sequence[str]) -> pd.DataFrame:
    """One-hot columns: for each row with ``ada`` = 1, exactly one of ``pilihan`` is 1."""
    pilih = rng.integers(0, len(pilihan), size=len(ada))
    return pd.DataFrame(
        {p: ((pilih == j) & (ada == 1)).astype(np.int64) for j, p in enumerate(pilihan)}
    )


def tabel_kkb(w: Wilayah, d: Dasar) -> pd.DataFrame:
    """``data_kkb``: Kampung KB per desa, year formed and status flags."""
    rng = rng_untuk("data_kkb")
    ada = d.kampung_kb
    tahun = _satu_dari(rng, ada, ["2016", "2017", "2018", "2019", "> 2019"])
    return pd.concat(
        [
            w.nama_siga_kode().assign(**{"JUMLAH KELURAHAN/DESA": 1, "JUMLAH KAMPUNG KB": ada}),
            tahun,
            pd.DataFrame(
                {
                    "KAMPUNG KB MANDIRI": ada * rng.binomial(1, 0.2, size=w.n),
                    "KAMPUNG KB PERCONTOHAN": ada * rng.binomial(1, 0.1, size=w.n),
                }
            ),
        ],
        axis=1,
    )


def tabel_rdk(w: Wilayah, d: Dasar) -> pd.DataFrame:
    """``data_rdk``: Rumah DataKu per desa, decree, funding and paripurna status."""
    rng = rng_untuk("data_rdk")
    ada = d.rumah_dataku
    sk = ada * rng.binomial(1, 0.85, size=w.n)
    dana = _satu_dari(rng, ada, ["APBN", "APBD", "ADD", "SWADAYA", "SWASTA/CSR", "LAINNYA"])
    paripurna = ada * rng.binomial(1, 0.4, size=w.n)
    return pd.concat(
        [
            w.nama_siga_kode().assign(
                **{"JUMLAH RUMAH DATAKU": ada, "SK ADA": sk, "SK TIDAK ADA": ada - sk}
            ),
            dana,
            pd.DataFrame(
                {
                    "JUMLAH RUMAH DATAKU PARIPURNA": paripurna,
                    "RUMAH DATAKU DI KAMPUNG KB": ada * d.kampung_kb,
                    "RUMAH DATAKU PARPURNA DI KAMPUNG KB": paripurna * d.kampung_kb,
                }
            ),
        ],
        axis=1,
    )


def _koordinat(nilai: np.ndarray) -> list[str]:
    """Coordinates as the profil export mangles them: ``-7.712345`` → ``-7.712.345``."""
    teks = [f"{x:.6f}" for x in nilai]
    return [re.sub(r"(\d)(\d{3})$", r"\1.\2", t) for t in teks]


def tabel_profil(w: Wilayah, d: Dasar) -> pd.DataFrame:
    """``profil_poktan``: Ada / Tidak ada flags agreeing with the Kampung KB, RDK, poktan files."""
    rng = rng_untuk("profil_poktan")

    def ada(x: np.ndarray) -> np.ndarray:
        return np.where(x > 0, "Ada", "Tidak ada")

    return w.nama_siga().assign(
        LATITUDE=_koordinat(rng.uniform(-7.85, -7.55, size=w.n)),
        LONGITUDE=_koordinat(rng.uniform(109.80, 110.15, size=w.n)),
        PUS=1,
        **{
            "Kampung KB": ada(d.kampung_kb),
            "Rumah DataKU": ada(d.rumah_dataku),
            "BKB": ada(d.kelompok["bkb"]),
            "BKR": ada(rng.binomial(1, 0.9, size=w.n)),
            "BKL": ada(rng.binomial(1, 0.85, size=w.n)),
            "UPPKA": ada(d.kelompok["uppka"]),
            "PIK-R": ada(d.kelompok["pikr"]),
        },
    )


def tabel_elsimil_bumil(w: Wilayah, d: Dasar) -> pd.DataFrame:
    """``2025-elsimil-bumil``: pregnant women mentored; every "X / TIDAK X" pair adds up."""
    rng = rng_untuk("2025-elsimil-bumil")
    jumlah = bagian(rng, d.penduduk, 0.011, 0.015)
    damping = bagian(rng, jumlah, 0.75, 0.97)
    minggu32 = bagian(rng, damping, 0.30, 0.45)
    info = bagian(rng, minggu32, 0.80, 1.00)
    kbpp = bagian(rng, info, 0.60, 0.90)
    ttd = bagian(rng, damping, 0.85, 1.00)
    minum = bagian(rng, ttd, 0.85, 1.00)
    kie = pecah(rng, damping, [0.6, 0.15, 0.2, 0.05])
    rujuk, bansos = bagian(rng, damping, 0.1, 0.2), bagian(rng, damping, 0.2, 0.4)
    kolom = {
        "JUMLAH BUMIL": jumlah,
        "BUMIL TERDAMPINGI": damping,
        "BUMIL TIDAK TERDAMPINGI": jumlah - damping,
        "JUMLAH BUMIL >=32 MINGGU": minggu32,
        "BUMIL >=32 MINGGU MENDAPAT INFORMASI KONTRASEPSI": info,
        "BUMIL >=32 MINGGU TIDAK MENDAPAT INFORMASI KONTRASEPSI": minggu32 - info,
        "BUMIL >=32 MINGGU AKAN KBPP": kbpp,
        "BUMIL >=32 MINGGU MEMUTUSKAN TIDAK KBPP": minggu32 - kbpp,
        "MENDAPATKAN TTD": ttd,
        "TIDAK MENDAPATKAN TTD": damping - ttd,
        "MENGKOMSUMSI TTD": minum,
        "TIDAK MENGKOMSUMSI TTD": ttd - minum,
        "KIE PERSEORANGAN": kie[:, 0],
        "KIE KELOMPOK": kie[:, 1],
        "KIE PERSEORANGAN DAN KELOMPOK": kie[:, 2],
        "TIDAK MENDAPAT KIE": kie[:, 3],
        "MENDAPAT FASILITASI RUJUKAN": rujuk,
        "TIDAK MENDAPAT FASILITASI RUJUKAN": damping - rujuk,
        "MENDAPAT FASILITASI BANSOS": bansos,
        "TIDAK MENDAPAT FASILITASI BANSOS": damping - bansos,
    }
    return w.nama_siga().assign(**kolom).reset_index(names="")


def tabel_elsimil_pascasalin(w: Wilayah, d: Dasar) -> pd.DataFrame:
    """``2025-elsimil-pascasalin``: mothers after delivery; KOMPLIKASI + TIDAK = JUMLAH."""
    rng = rng_untuk("2025-elsimil-pascasalin")
    jumlah = bagian(rng, d.penduduk, 0.009, 0.013)
    risiko, normal = bagian(rng, jumlah, 0.1, 0.2), bagian(rng, jumlah, 0.6, 0.8)
    komplikasi = bagian(rng, jumlah, 0.03, 0.08)
    jenis = pecah(rng, komplikasi, [0.35, 0.3, 0.15, 0.2])
    meninggal = rng.binomial(jumlah, 0.005)
    minum, kie = bagian(rng, jumlah, 0.85, 0.98), pecah(rng, jumlah, [0.6, 0.15, 0.2, 0.05])
    rujuk, bansos = bagian(rng, jumlah, 0.05, 0.15), bagian(rng, jumlah, 0.1, 0.3)
    kolom = {
        "JUMLAH PASCASALIN": jumlah,
        "BERISIKO": risiko,
        "TIDAK BERISIKO": jumlah - risiko,
        "MELAHIRKAN NORMAL": normal,
        "MELAHIRKAN CAESAR": jumlah - normal,
        "KOMPLIKASI SAAT NIFAS": komplikasi,
        "TIDAK KOMPLIKASI SAAT NIFAS": jumlah - komplikasi,
        "PENDARAHAN": jenis[:, 0],
        "HIPERTENSI": jenis[:, 1],
        "INFEKSI": jenis[:, 2],
        "KOMPLIKASI LAINNYA": jenis[:, 3],
        "MINIMAL 1 HIDUP PADA KEADAAN BAYI KEMBAR SAAT DILAHIRKAN": rng.binomial(jumlah, 0.01),
        "TIDAK ADA YANG HIDUP PADA KEADAAN BAYI KEMBAR SAAT DILAHIRKAN": 0,
        "LAHIR HIDUP SAAT DILAHIRKAN": jumlah - meninggal,
        "LAHIR MENINGGAL SAAT DILAHIRKAN": meninggal,
        "KEADAAN BAYI HIDUP": jumlah - meninggal,
        "KEADAAN BAYI MENINGGAL": meninggal,
        "MENDAPATKAN HIDUP": jumlah - meninggal,
        "MENDAPATKAN MENINGGAL": meninggal,
        "MENGKOMSUMSI YA": minum,
        "TMENGKOMSUMSI TIDAK": jumlah - minum,
        "KIE PERSEORANGAN": kie[:, 0],
        "KIE KELOMPOK": kie[:, 1],
        "KIE PERSEORANGAN DAN KELOMPOK": kie[:, 2],
        "TIDAK KIE": kie[:, 3],
        "MENDAPATKAN FASILITAS RUJUKAN": rujuk,
        "TIDAK MENDAPAT FASILITAS RUJUKAN": jumlah - rujuk,
        "MENDAPATKAN FASILITAS BANSOS": bansos,
        "TIDAK MENDAPAT FASILITAS BANSOS": jumlah - bansos,
    }
    return w.nama_siga().assign(**kolom).reset_index(names="")


def tabel_pkb(w: Wilayah) -> pd.DataFrame:
    """``pkb_per_kecamatan``: desa and distinct PKB/PLKB per kecamatan."""
    rng = rng_untuk("pkb_per_kecamatan")
    desa = w.kecamatan["jumlah_desa"].to_numpy()
    pkb = np.ceil(desa / rng.uniform(3.5, 6.0, size=len(desa))).astype(np.int64)
    return pd.DataFrame(
        {
            "PROVINSI": w.provinsi,
            "KABUPATEN": w.kabupaten,
            "KECAMATAN": w.kecamatan["KECAMATAN"].to_numpy(),
            "JUMLAH_DESA_KEL": desa,
            "JUMLAH_PKB_DISTINCT": pkb,
        }
    )
