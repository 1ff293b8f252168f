"""Generate the bundled demo data: synthetic reports for Kab. Purworejo (33.06), 2025.

Every source format the pipeline reads for a kabupaten gets one synthetic file, written in the
real format (header spellings, separators, unnamed index columns, SIGA's 4-digit ``KODE``, the
SIMONEP column-number rows, numbers stored as text), and every agency template
(``indikator template``) is generated and filled. All values come from one seeded model of a
kabupaten of about 770,000 people, so the files agree with each other (PA <= PUS, KRS-based
numerators <= KRS, ...) and satisfy every ``periksa`` rule of their layouts.

Deterministic: a seeded numpy generator per file, fixed workbook timestamps and a fixed receive
time, so running the script again writes the same bytes and ingesting them again is a no-op
("sudah ada"). Raw files of an earlier demo with the same name but other content are removed
before the new version is ingested, so the raw store holds one version of each demo file.

Usage: ``uv run python scripts/buat_demo.py [--raw data/raw] [--keluaran data/demo]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook, load_workbook

from transforms.catalog import Katalog, load_katalog
from transforms.ingest import SIDECAR, HasilIngest, daftar_raw, ingest_file, sha256_file
from transforms.parse import BULAN
from transforms.template import BARIS_JUDUL, KOLOM_KODE, SHEET_DATA, buat_template, daftar_instansi
from transforms.wilayah import load_master

ROOT = Path(__file__).resolve().parents[1]
KABUPATEN = "33.06"
TAHUN = 2025
SEED = 3306
PENDUDUK = 770_000
DITERIMA = dt.datetime(2025, 12, 31, 9, 0, tzinfo=dt.UTC)
NAMA_BULAN = list(BULAN)  # JANUARI..DESEMBER
N_BULAN = len(NAMA_BULAN)
WAKTU_ZIP = (2025, 12, 31, 9, 0, 0)
WAKTU_XML = "2025-12-31T09:00:00Z"

METODE_SIGA = ["SUNTIK", "PIL", "KONDOM", "IMPLAN", "IUD", "VASEKTOMI", "TUBEKTOMI", "MAL"]
BOBOT_METODE = np.array([0.50, 0.12, 0.03, 0.17, 0.11, 0.006, 0.055, 0.009])
METODE_FASKES = [
    "1 BULANAN",
    "3 BULANAN KOMBINASI",
    "3 BULANAN PROGESTIN",
    "KOMBINASI",
    "PROGESTIN",
    "KONDOM",
    "1 BATANG",
    "2 BATANG",
    "IUD",
    "VASEKTOMI",
    "TUBEKTOMI",
]
BOBOT_FASKES = np.array([0.05, 0.08, 0.40, 0.10, 0.04, 0.04, 0.06, 0.10, 0.10, 0.005, 0.025])
LAYANAN_PPKS = [
    "DATA DAN INFORMASI BANGGA KENCANA",
    "KELUARGA BALITA DAN ANAK",
    "KELUARGA REMAJA DAN REMAJA",
    "KELUARGA LANSIA DAN LANSIA",
    "PRA NIKAH",
    "KB DAN KESEHATAN REPRODUKSI",
    "KELUARGA HARMONIS",
    "PEMBINAAN PEMBERDAYAAN EKONOMI PRODUKTIF",
    "LAINNYA",
]

# Level of each agency's template: desa unless the figures only exist higher up.
# PUPR reports household access to water/sanitation per kabupaten (the indicators it feeds on
# households only go down to kabupaten); a KUA serves a whole kecamatan.
TINGKAT_TEMPLATE = {"pupr": "kabupaten", "kemenag": "kecamatan"}

# How each template component is drawn per desa: (basis, lowest, highest share). The basis is a
# demographic or export quantity (see ``basis_template``) or a component listed earlier. A share
# <= 1 draws binomially (never above the basis); a share above 1 multiplies (units per person).
ISIAN: dict[str, tuple[str, float, float]] = {
    "remaja_putri": ("penduduk", 0.07, 0.09),
    "remaja_putri_ttd": ("remaja_putri", 0.50, 0.80),
    "remaja_putri_periksa_hb": ("remaja_putri", 0.30, 0.60),
    "catin": ("penduduk", 0.012, 0.018),
    "catin_ttd": ("catin", 0.50, 0.85),
    "catin_pemeriksaan_kesehatan": ("catin", 0.60, 0.90),
    "catin_pendampingan_kespro_gizi": ("catin", 0.50, 0.85),
    "catin_bimbingan_perkawinan": ("catin", 0.60, 0.95),
    "catin_tatalaksana_kesehatan_gizi": ("catin", 0.10, 0.30),
    "catin_anemia": ("catin", 0.15, 0.30),
    "catin_anemia_ttd_90": ("catin_anemia", 0.40, 0.80),
    "catin_periksa_3_bulan_pranikah": ("catin", 0.50, 0.85),
    "pus_isteri_bawah_20": ("pus_min", 0.01, 0.03),
    "pus_miskin": ("pus_min", 0.08, 0.15),
    "pus_miskin_pmks_bantuan_tunai_bersyarat": ("pus_miskin", 0.20, 0.40),
    "pus_miskin_bantuan_tunai_bersyarat": ("pus_miskin", 0.30, 0.60),
    "pus_miskin_pbi": ("pus_miskin", 0.70, 0.95),
    "pus_bpnt": ("pus_min", 0.06, 0.12),
    "ibu_hamil_kek": ("ibu_hamil", 0.08, 0.15),
    "ibu_hamil_kek_tambahan_gizi": ("ibu_hamil_kek", 0.60, 0.95),
    "ibu_hamil_ttd_90": ("ibu_hamil", 0.60, 0.90),
    "ibu_hamil_pjt": ("ibu_hamil", 0.02, 0.06),
    "ibu_hamil_pjt_tatalaksana": ("ibu_hamil_pjt", 0.60, 1.00),
    "kehamilan": ("penduduk", 0.013, 0.017),
    "kehamilan_tidak_diinginkan": ("kehamilan", 0.05, 0.12),
    "persalinan": ("penduduk", 0.012, 0.015),
    "pelayanan_kb_pasca_persalinan": ("persalinan", 0.40, 0.70),
    "balita": ("balita", 1.00, 1.00),
    "baduta": ("balita", 0.38, 0.42),
    "bayi_bawah_6_bulan": ("baduta", 0.22, 0.27),
    "bayi_bawah_6_bulan_asi_eksklusif": ("bayi_bawah_6_bulan", 0.55, 0.80),
    "anak_6_23_bulan": ("baduta", 0.70, 0.76),
    "anak_6_23_bulan_mpasi": ("anak_6_23_bulan", 0.70, 0.95),
    "baduta_bb_pb_sesuai_standar": ("baduta", 0.80, 0.92),
    "baduta_dipantau_perkembangan": ("baduta", 0.70, 0.95),
    "keluarga_baduta": ("baduta", 0.93, 0.99),
    "keluarga_baduta_idl": ("keluarga_baduta", 0.80, 0.95),
    "keluarga_baduta_gizi_kurang": ("keluarga_baduta", 0.04, 0.09),
    "keluarga_baduta_gizi_kurang_tambahan_gizi": ("keluarga_baduta_gizi_kurang", 0.60, 0.95),
    "keluarga_baduta_gizi_buruk": ("keluarga_baduta", 0.005, 0.02),
    "keluarga_baduta_gizi_buruk_tatalaksana": ("keluarga_baduta_gizi_buruk", 0.70, 1.00),
    "keluarga_baduta_infeksi_kronis": ("keluarga_baduta", 0.01, 0.04),
    "keluarga_baduta_infeksi_kronis_tatalaksana": ("keluarga_baduta_infeksi_kronis", 0.50, 0.90),
    "balita_gizi_buruk": ("balita", 0.003, 0.01),
    "balita_gizi_buruk_tatalaksana": ("balita_gizi_buruk", 0.70, 1.00),
    "balita_gizi_kurang": ("balita", 0.04, 0.08),
    "balita_gizi_kurang_tambahan_gizi": ("balita_gizi_kurang", 0.60, 0.95),
    "balita_idl": ("balita", 0.80, 0.95),
    "balita_dipantau_tumbuh_kembang": ("balita", 0.70, 0.95),
    "balita_bb_pb_sesuai_standar": ("balita", 0.80, 0.92),
    "keluarga_bayi_panjang_kurang_48cm": ("persalinan", 0.03, 0.08),
    "keluarga_bayi_panjang_kurang_48cm_tatalaksana": (
        "keluarga_bayi_panjang_kurang_48cm",
        0.60,
        1.00,
    ),
    "keluarga_bayi_bb_kurang_2500g": ("persalinan", 0.04, 0.09),
    "keluarga_bayi_bb_kurang_2500g_tatalaksana": ("keluarga_bayi_bb_kurang_2500g", 0.60, 1.00),
    "anak_24_59_bulan_gizi_buruk": ("balita", 0.002, 0.006),
    "anak_24_59_bulan_gizi_buruk_tatalaksana": ("anak_24_59_bulan_gizi_buruk", 0.70, 1.00),
    "anak_24_59_bulan_infeksi_kronis": ("balita", 0.005, 0.02),
    "anak_24_59_bulan_infeksi_kronis_tatalaksana": (
        "anak_24_59_bulan_infeksi_kronis",
        0.50,
        0.90,
    ),
    "anak_24_59_bulan_gizi_kurang": ("balita", 0.02, 0.05),
    "anak_24_59_bulan_gizi_kurang_tambahan_gizi": ("anak_24_59_bulan_gizi_kurang", 0.60, 0.95),
    "keluarga": ("keluarga", 1.00, 1.00),
    "keluarga_stop_babs": ("keluarga", 0.85, 0.98),
    "keluarga_phbs": ("keluarga", 0.60, 0.85),
    "rumah_tangga": ("keluarga", 0.93, 0.98),
    "rumah_tangga_air_minum_layak": ("rumah_tangga", 0.85, 0.96),
    "rumah_tangga_sanitasi_layak": ("rumah_tangga", 0.75, 0.92),
    "kpm_pkh": ("keluarga", 0.06, 0.10),
    "kpm_pkh_p2k2_kesehatan_gizi": ("kpm_pkh", 0.50, 0.85),
    "kpm_bumil_busui_baduta_variasi_pangan": ("kpm_pkh", 0.10, 0.25),
    "keluarga_miskin_rentan": ("keluarga", 0.12, 0.20),
    "keluarga_miskin_rentan_bantuan_tunai_bersyarat": ("keluarga_miskin_rentan", 0.30, 0.60),
    "keluarga_miskin_rentan_bansos_pangan": ("keluarga_miskin_rentan", 0.50, 0.80),
    "keluarga_prasejahtera": ("keluarga", 0.08, 0.14),
    "keluarga_prasejahtera_variasi_pangan": ("keluarga_prasejahtera", 0.20, 0.50),
    "keluarga_berisiko_stunting_promosi_ikan": ("krs_min", 0.40, 0.70),
    "keluarga_berisiko_stunting_pendampingan": ("krs_min", 0.60, 0.90),
    "keluarga_berisiko_stunting_manfaat_pekarangan": ("krs_min", 0.20, 0.40),
    "keluarga_berisiko_stunting_rumah_layak_huni": ("krs_min", 0.75, 0.92),
    "keluarga_berisiko_stunting_kie_interpersonal": ("krs_min", 0.50, 0.80),
    "kkks": ("penduduk", 0.0002, 0.0005),
    "anggota_uppks_pus": ("anggota_uppka", 0.75, 0.90),
    "anggota_uppks_ber_kb": ("anggota_uppks_pus", 0.80, 0.95),
    "ppkbd": ("satu", 0.95, 1.00),
    "kebutuhan_alokon": ("pa_akhir", 3.5, 4.5),
    "alokon_pemda": ("kebutuhan_alokon", 0.25, 0.35),
    "desa_data_mikro": ("satu", 0.90, 1.00),
}


# ---------------------------------------------------------------------------
# Regions and the random model
# ---------------------------------------------------------------------------


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
    master = load_master(str(TAHUN))
    frame = master.frame.set_index("kode_wilayah")
    nama = frame["nama_wilayah"].astype(str)
    desa = frame.loc[master.descendants(KABUPATEN, "desa")].reset_index()
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
    kecamatan = master.descendants(KABUPATEN, "kecamatan")
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


def _bagian(rng: np.random.Generator, n: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """A share of ``n`` (binomial with a per-row probability in [lo, hi]); never above ``n``."""
    n = np.asarray(n, dtype=np.int64)
    return rng.binomial(n, rng.uniform(lo, hi, size=n.shape)).astype(np.int64)


def _seri(rng: np.random.Generator, awal: np.ndarray, tren: float, sd: float) -> np.ndarray:
    """Twelve months of a slowly moving stock (months x rows), starting near ``awal``."""
    bulan = np.arange(N_BULAN)[:, None]
    faktor = 1 + tren * bulan + rng.normal(0, sd, size=(N_BULAN, len(awal)))
    return np.rint(np.asarray(awal)[None, :] * faktor).astype(np.int64)


def _per_kec(w: Wilayah, nilai: np.ndarray) -> np.ndarray:
    """Per-desa values summed per kecamatan (kecamatan order of ``w.kecamatan``)."""
    jumlah = pd.Series(nilai).groupby(w.desa["kode_kecamatan"].to_numpy()).sum()
    return jumlah.reindex(w.kecamatan["kode"]).to_numpy()


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
    pus = _seri(rng, _bagian(rng, keluarga, 0.52, 0.60), 0.001, 0.002)
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
        balita=_bagian(rng, penduduk, 0.062, 0.072),
        pus=pus,
        pa=pa,
        unmet=unmet,
        metode=_metode(rng, pa - tradisional),
        tradisional=tradisional,
        kelompok=kelompok,
        kampung_kb=kampung_kb,
        rumah_dataku=rumah_dataku,
    )


# ---------------------------------------------------------------------------
# SIGA monthly exports (one row per desa per month, months stacked)
# ---------------------------------------------------------------------------


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
    return _bagian(rng, np.broadcast_to(ada, (N_BULAN, len(ada))), 0.80, 1.00)


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
    target = _seri(rng, _bagian(rng, keluarga, *sasaran), 0.0005, 0.002)
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


# ---------------------------------------------------------------------------
# Per-desa yearly exports
# ---------------------------------------------------------------------------


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


def _pecah(rng: np.random.Generator, total: np.ndarray, p: Sequence[float]) -> np.ndarray:
    """Split each total into len(p) parts that add up to it (rows x parts)."""
    return np.stack([rng.multinomial(int(t), p) for t in total]).astype(np.int64)


def tabel_elsimil_bumil(w: Wilayah, d: Dasar) -> pd.DataFrame:
    """``2025-elsimil-bumil``: pregnant women mentored; every "X / TIDAK X" pair adds up."""
    rng = rng_untuk("2025-elsimil-bumil")
    jumlah = _bagian(rng, d.penduduk, 0.011, 0.015)
    damping = _bagian(rng, jumlah, 0.75, 0.97)
    minggu32 = _bagian(rng, damping, 0.30, 0.45)
    info = _bagian(rng, minggu32, 0.80, 1.00)
    kbpp = _bagian(rng, info, 0.60, 0.90)
    ttd = _bagian(rng, damping, 0.85, 1.00)
    minum = _bagian(rng, ttd, 0.85, 1.00)
    kie = _pecah(rng, damping, [0.6, 0.15, 0.2, 0.05])
    rujuk, bansos = _bagian(rng, damping, 0.1, 0.2), _bagian(rng, damping, 0.2, 0.4)
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
    jumlah = _bagian(rng, d.penduduk, 0.009, 0.013)
    risiko, normal = _bagian(rng, jumlah, 0.1, 0.2), _bagian(rng, jumlah, 0.6, 0.8)
    komplikasi = _bagian(rng, jumlah, 0.03, 0.08)
    jenis = _pecah(rng, komplikasi, [0.35, 0.3, 0.15, 0.2])
    meninggal = rng.binomial(jumlah, 0.005)
    minum, kie = _bagian(rng, jumlah, 0.85, 0.98), _pecah(rng, jumlah, [0.6, 0.15, 0.2, 0.05])
    rujuk, bansos = _bagian(rng, jumlah, 0.05, 0.15), _bagian(rng, jumlah, 0.1, 0.3)
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


# ---------------------------------------------------------------------------
# Verval KRS (two semesters) and the SIMONEP / dinas recaps
# ---------------------------------------------------------------------------


def verval_krs(w: Wilayah, d: Dasar) -> dict[int, pd.DataFrame]:
    """Verval KRS per desa for semester 1 and 2 (KRS + TIDAK = SASARAN, Σ KESEJAHTERAAN = KRS)."""
    rng = rng_untuk("verval_krs")
    p_krs = rng.uniform(0.15, 0.28, size=w.n)
    p_air, p_jamban = rng.uniform(0.05, 0.20, size=w.n), rng.uniform(0.05, 0.25, size=w.n)
    hasil = {}
    for semester in (1, 2):
        keluarga = np.rint(d.keluarga * (1 + 0.003 * (semester - 1))).astype(np.int64)
        sasaran = _bagian(rng, keluarga, 0.55, 0.65)
        krs = rng.binomial(sasaran, p_krs * (1 - 0.04 * (semester - 1)))
        hasil[semester] = _tabel_verval(w, rng, keluarga, sasaran, krs, (p_air, p_jamban), semester)
    return hasil


def _tabel_verval(
    w: Wilayah,
    rng: np.random.Generator,
    keluarga: np.ndarray,
    sasaran: np.ndarray,
    krs: np.ndarray,
    p_layak: tuple[np.ndarray, np.ndarray],
    semester: int,
) -> pd.DataFrame:
    """One semester's Verval KRS table in the SIGA column order."""
    sejahtera = _pecah(rng, krs, [0.2, 0.2, 0.15, 0.15, 0.3])
    pus = rng.binomial(sasaran, 0.9)
    empat_t = [rng.binomial(pus, p) for p in (0.02, 0.2, 0.02, 0.15)]
    kolom = {
        "JUMLAH KELUARGA": keluarga,
        "JUMLAH KELUARGA SASARAN": sasaran,
        **{
            f"KESEJAHTERAAN {k}": sejahtera[:, j] for j, k in enumerate(["1", "2", "3", "4", "> 4"])
        },
        "JUMLAH KRS": krs,
        "JUMLAH TIDAK BERESIKO": sasaran - krs,
        "PUNYA BADUTA": rng.binomial(sasaran, 0.12),
        "PUNYA BALITA": rng.binomial(sasaran, 0.3),
        "PUS": pus,
        "PUS HAMIL": rng.binomial(pus, 0.04),
        "SUMBER AIR MINUM TIDAK LAYAK": rng.binomial(krs, p_layak[0]),
        "JAMBAN TIDAK LAYAK": rng.binomial(krs, p_layak[1]),
        "TERLALU MUDA": empat_t[0],
        "TERLALU TUA": empat_t[1],
        "TERLALU DEKAT": empat_t[2],
        "TERLALU BANYAK": empat_t[3],
        "PUS 4T": np.minimum(pus, np.rint(0.8 * sum(empat_t)).astype(np.int64)),
        "BUKAN PESERTA KB MODERN": rng.binomial(pus, 0.35),
        "PERIODE": f"Sem {semester} {TAHUN}",
    }
    return w.nama_siga_kode().assign(**kolom).reset_index(names="")


def tabel_desil(w: Wilayah, krs_min: np.ndarray) -> pd.DataFrame:
    """KRS in welfare deciles 1-3 per desa (desil_1 + desil_2 + desil_3 = jumlah_krs <= KRS)."""
    rng = rng_untuk("data_desil_krs")
    jumlah = _bagian(rng, krs_min, 0.40, 0.70)
    desil = _pecah(rng, jumlah, [0.40, 0.33, 0.27])
    return pd.DataFrame(
        {
            "nama_provinsi": w.provinsi,
            "nama_kabupaten": w.kabupaten,
            "nama_kecamatan": w.desa["KECAMATAN"].to_numpy(),
            "nama_kelurahan": w.desa["KELURAHAN"].to_numpy(),
            "desil_1": desil[:, 0],
            "desil_2": desil[:, 1],
            "desil_3": desil[:, 2],
            "jumlah_krs": jumlah,
            "Keterangan Akhir": np.where(rng.random(w.n) < 0.85, "AKTIF", "TIDAK AKTIF"),
        }
    )


def _persen_ringkas(pembilang: float, penyebut: float) -> str:
    """A percentage as SIMONEP writes it: at most two decimals, no trailing zeros (``100``)."""
    nilai = 100 * pembilang / penyebut if penyebut else 0.0
    return f"{nilai:.2f}".rstrip("0").rstrip(".")


def tabel_cakupan(w: Wilayah, bumil: pd.DataFrame, pascasalin: pd.DataFrame) -> pd.DataFrame:
    """``cakupan_kab``: kecamatan, desa and TPK entering Elsimil, per target group."""
    rng = rng_untuk("cakupan_kab")
    n_kec, n_desa = len(w.kecamatan), w.n
    tpk = int((1 + rng.binomial(2, 0.2, size=n_desa)).sum())
    desa = {
        "BADUTA": round(n_desa * 0.93),
        "CATIN": round(n_desa * 0.71),
        "PASCASALIN": int((pascasalin["JUMLAH PASCASALIN"] > 0).sum()),
        "BUMIL": int((bumil["BUMIL TERDAMPINGI"] > 0).sum()),
    }
    rows = []
    for sasaran, n in desa.items():
        kec = n_kec if sasaran != "CATIN" else n_kec - 1
        tpk_isi = round(tpk * n / n_desa * 0.95)
        rows.append(
            {
                "provinsi": w.provinsi,
                "kota": w.kabupaten,
                "total_kec": n_kec,
                "total_kec_elsimil": kec,
                "persen_kec": _persen_ringkas(kec, n_kec),
                "total_desa": n_desa,
                "total_desa_elsimil": n,
                "persen_desa": _persen_ringkas(n, n_desa),
                "total_tpk": tpk,
                "total_tpk_elsimil": tpk_isi,
                "persen_tpk": _persen_ringkas(tpk_isi, tpk),
                "sasaran": sasaran,
            }
        )
    return pd.DataFrame(rows)


def tabel_ppks(w: Wilayah) -> pd.DataFrame:
    """``pelayanan_ppks``: PPKS existing / reporting and clients per kecamatan per month."""
    rng = rng_untuk("pelayanan_ppks")
    n_kec = len(w.kecamatan)
    ada = 1 + rng.binomial(1, 0.3, size=n_kec)
    rows = []
    for bulan in NAMA_BULAN:
        lapor = rng.binomial(ada, 0.9)
        klien = rng.poisson(6 * lapor)
        layanan = _pecah(rng, klien, [0.1, 0.15, 0.15, 0.05, 0.15, 0.25, 0.05, 0.05, 0.05])
        hasil = _pecah(rng, klien, [0.2, 0.1, 0.7])
        for k in range(n_kec):
            rows.append(
                {
                    "PROVINSI": w.provinsi,
                    "KABUPATEN": w.kabupaten,
                    "KECAMATAN": w.kecamatan["KECAMATAN"].iloc[k],
                    "YANG ADA": ada[k],
                    "YANG LAPOR": lapor[k],
                    "%": _persen_ringkas(lapor[k], ada[k]),
                    "JUMLAH KLIEN YANG MENDAPAT PELAYANAN KONSULTASI DAN KONSELING PADA PPKS": (
                        klien[k]
                    ),
                    **dict(zip(LAYANAN_PPKS, layanan[k], strict=True)),
                    "KONSULTASI LANJUTAN": hasil[k, 0],
                    "DIRUJUK": hasil[k, 1],
                    "SELESAI": hasil[k, 2],
                    "BULAN": bulan,
                    "TAHUN": TAHUN,
                }
            )
    return pd.DataFrame(rows)


def _puskesmas(w: Wilayah, rng: np.random.Generator) -> pd.DataFrame:
    """27 puskesmas: one per kecamatan, a second in 11 of them (named after a desa)."""
    kedua = set(rng.choice(len(w.kecamatan), size=11, replace=False).tolist())
    rows = []
    for k, kec in enumerate(w.kecamatan.itertuples(index=False)):
        rows.append({"k": k, "Kecamatan": kec.nama, "Puskesmas": kec.nama})
        if k in kedua:
            desa = w.desa.loc[w.desa["kode_kecamatan"] == kec.kode, "nama"].to_numpy()
            rows.append({"k": k, "Kecamatan": kec.nama, "Puskesmas": str(desa[len(desa) // 2])})
    return pd.DataFrame(rows)


def _bagian_puskesmas(rng: np.random.Generator, pkm: pd.DataFrame) -> np.ndarray:
    """Share of its kecamatan's balita each puskesmas serves (1 where it is the only one)."""
    bagian = np.ones(len(pkm))
    for idx in pkm.groupby("k").indices.values():
        if len(idx) == 2:
            s = rng.uniform(0.4, 0.6)
            bagian[idx] = (s, 1 - s)
    return bagian


def tabel_stunting(w: Wilayah, d: Dasar) -> pd.DataFrame:
    """``kesehatan_stunting``: e-PPGBM per puskesmas, Februari and Agustus.

    PENDEK + SANGAT PENDEK = STUNTING on every row; the stated prevalence matches the counts.
    """
    rng = rng_untuk("kesehatan_stunting")
    pkm = _puskesmas(w, rng)
    sasaran = np.rint(_per_kec(w, d.balita)[pkm["k"]] * _bagian_puskesmas(rng, pkm))
    prevalensi = rng.uniform(0.08, 0.14, size=len(pkm))
    rows: list[dict[str, object]] = []
    for bulan, turun in (("Februari", 1.0), ("Agustus", 0.94)):
        diukur = _bagian(rng, sasaran.astype(np.int64), 0.85, 0.95)
        stunting = rng.binomial(diukur, prevalensi * turun)
        sangat = rng.binomial(stunting, 0.3)
        for i, p in enumerate(pkm.itertuples(index=False)):
            rows.append(_baris_stunting(len(rows) + 1, p, bulan, diukur[i], stunting[i], sangat[i]))
    return pd.DataFrame(rows)


def _baris_stunting(
    no: int, p: Any, bulan: str, diukur: int, stunting: int, sangat: int
) -> dict[str, object]:
    """One puskesmas row; the stated prevalence is text with a spaced percent sign."""
    return {
        "No": no,
        "Kecamatan": p.Kecamatan,
        "Unit Kerja (Puskesmas)": p.Puskesmas,
        "Tanggal": f"01/01/{TAHUN}",
        "Tahun": TAHUN,
        "Bulan": bulan,
        "Pendek": stunting - sangat,
        "Sangat Pendek": sangat,
        "Stunting": stunting,
        "Jumlah Yang Diukur": diukur,
        "Prevalensi Stunting": f"{100 * stunting / diukur:.2f} %",
        "Jumlah Rumah Sakit": int(p.Puskesmas == "Purworejo"),
        "Jumlah Puskesmas": 1,
        "Jumlah Puskesmas Pembantu": 2 + no % 3,
        "Jumlah Klinik": no % 4,
        "Jumlah Pondak Bersalin Desa (Polindes)": 3 + no % 7,
        "Pos Kesehatan": 4 + no % 5,
    }


def tabel_kb_target(w: Wilayah, d: Dasar) -> pd.DataFrame:
    """Dinas recap per kecamatan (Bantul format): KB aktif by method (December) and target."""
    rng = rng_untuk("kb_aktif_target")
    akhir = {m: _per_kec(w, d.metode[-1, :, j]) for j, m in enumerate(METODE_SIGA)}
    metode = {
        "metode_kb_aktif_iud": akhir["IUD"],
        "metode_kb_aktif_mop": akhir["VASEKTOMI"],
        "metode_kb_aktif_mow": akhir["TUBEKTOMI"],
        "metode_kb_aktif_imp": akhir["IMPLAN"],
        "metode_kb_aktif_suntik": akhir["SUNTIK"],
        "metode_kb_aktif_pil": akhir["PIL"],
        "metode_kb_aktif_kondom": akhir["KONDOM"],
    }
    jumlah = sum(metode.values())
    target = np.rint(jumlah * rng.uniform(0.95, 1.12, size=len(jumlah))).astype(np.int64)
    persen = [f"{100 * j / t:.2f}".replace(".", ",") for j, t in zip(jumlah, target, strict=True)]
    return pd.DataFrame(
        {
            "kecamatan": w.kecamatan["nama"].to_numpy(),
            **metode,
            "jumlah_peserta_kb_aktif": jumlah,
            "target_kb_aktif": target,
            "persentase_trhdp_target_kb_aktif": persen,
        }
    )


# ---------------------------------------------------------------------------
# SIMONEP faskes workbook
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Faskes:
    """One health facility serving KB in a kecamatan."""

    k: int
    kode: str
    nama: str


def daftar_faskes(w: Wilayah, rng: np.random.Generator) -> list[Faskes]:
    """4-6 facilities per kecamatan: the puskesmas, then pustu/poskesdes/klinik in its desa."""
    hasil = []
    for k, kec in enumerate(w.kecamatan.itertuples(index=False)):
        desa = w.desa.loc[w.desa["kode_kecamatan"] == kec.kode, "KELURAHAN"].to_numpy()
        puskesmas = f"3306{kec.kode[-2:]}1"
        hasil.append(Faskes(k, puskesmas, f"UPT PUSKESMAS {kec.KECAMATAN}"))
        pilih = rng.choice(len(desa), size=int(rng.integers(3, 6)), replace=False)
        for j, i in enumerate(sorted(pilih.tolist()), start=1):
            jenis = ("PUSTU", "POSKESDES", "KLINIK PRATAMA")[j % 3]
            # most facility codes of the real export have a stray space before the last digit
            hasil.append(Faskes(k, f"{puskesmas}0 {j}", f"{jenis} {desa[i]}"))
    return hasil


def baris_faskes(w: Wilayah) -> list[list[object]]:
    """Header row, then per month and kecamatan: the column-number row and one row per faskes."""
    rng = rng_untuk("faskes-pelayanan")
    faskes = daftar_faskes(w, rng)
    judul = [None, "KODE", "NAMA FASKES", "JUMLAH PESERTA KB BARU", *METODE_FASKES]
    judul += [None, "BULAN", "KABUPATEN", "KECAMATAN", "TAHUN"]
    nomor = ["1", "2", "3= Σ (4-14)", *[str(i) for i in range(4, 15)]]
    rows: list[list[object]] = [judul]
    for bulan in NAMA_BULAN:
        for k, kec in enumerate(w.kecamatan["KECAMATAN"]):
            ekor = [None, bulan, w.kabupaten, kec, TAHUN]
            rows.append([len(rows) - 1, *nomor, *ekor])
            for f in (f for f in faskes if f.k == k):
                metode = rng.multinomial(
                    int(rng.integers(6, 20)), BOBOT_FASKES / BOBOT_FASKES.sum()
                )
                angka = [str(int(metode.sum())), *(str(int(x)) for x in metode)]
                rows.append([len(rows) - 1, f.kode, f.nama, *angka, *ekor])
    return rows


def tulis_faskes(w: Wilayah, path: Path) -> None:
    """The SIMONEP workbook: one sheet, numbers stored as text, TAHUN as a number."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in baris_faskes(w):
        ws.append(row)
    simpan_xlsx(wb, path)


# ---------------------------------------------------------------------------
# Deterministic workbooks
# ---------------------------------------------------------------------------


def _xml_tetap(nama: str, isi: bytes) -> bytes:
    """Fixed creation/modification times in the package properties (openpyxl writes now)."""
    if nama != "docProps/core.xml":
        return isi
    teks = isi.decode("utf-8")
    for tag in ("created", "modified"):
        teks = re.sub(
            rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)", rf"\g<1>{WAKTU_XML}\g<2>", teks
        )
    return teks.encode("utf-8")


def tetapkan_xlsx(path: Path) -> None:
    """Rewrite a workbook's zip with fixed entry times so equal content gives equal bytes."""
    with zipfile.ZipFile(path) as asal:
        isi = [(info.filename, asal.read(info.filename)) for info in asal.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as baru:
        for nama, data in isi:
            info = zipfile.ZipInfo(nama, date_time=WAKTU_ZIP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            baru.writestr(info, _xml_tetap(nama, data))
    path.write_bytes(buffer.getvalue())


def simpan_xlsx(wb: Workbook, path: Path) -> None:
    """Save a workbook with fixed timestamps (byte-identical on every run)."""
    tetap = dt.datetime(2025, 12, 31, 9, 0)
    wb.properties.creator = "scripts/buat_demo.py"
    wb.properties.created = tetap
    wb.properties.modified = tetap
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    tetapkan_xlsx(path)


# ---------------------------------------------------------------------------
# Agency templates
# ---------------------------------------------------------------------------


def basis_template(d: Dasar, verval: dict[int, pd.DataFrame], bumil: pd.DataFrame) -> dict:
    """Per-desa quantities template components are drawn from (exports bound the numerators)."""
    return {
        "penduduk": d.penduduk,
        "keluarga": verval[2]["JUMLAH KELUARGA"].to_numpy(),
        "balita": d.balita,
        "satu": np.ones_like(d.penduduk),
        "pus_min": d.pus.min(axis=0),
        "pa_akhir": d.pa[-1],
        "krs_min": np.minimum(verval[1]["JUMLAH KRS"], verval[2]["JUMLAH KRS"]).to_numpy(),
        "ibu_hamil": bumil["JUMLAH BUMIL"].to_numpy(),
        "anggota_uppka": d.kelompok["uppka"]
        * rng_untuk("anggota_uppka").integers(15, 26, d.pus.shape[1]),
    }


def isian_template(w: Wilayah, basis: dict[str, np.ndarray]) -> pd.DataFrame:
    """Every template component per desa (index = desa code), drawn as ``ISIAN`` says."""
    rng = rng_untuk("template")
    nilai = dict(basis)
    for komponen, (dari, lo, hi) in ISIAN.items():
        n = np.asarray(nilai[dari], dtype=np.int64)
        if hi <= 1:
            nilai[komponen] = _bagian(rng, n, lo, hi)
        else:
            nilai[komponen] = np.rint(n * rng.uniform(lo, hi, size=n.shape)).astype(np.int64)
    return pd.DataFrame({k: nilai[k] for k in ISIAN}, index=pd.Index(w.desa["kode"], name="kode"))


def cek_isian(isian: pd.DataFrame, katalog: Katalog, basis: dict[str, np.ndarray]) -> None:
    """Check numerator <= denominator for every registry indicator the filled values feed.

    Denominators from exports are checked against their smallest value over the year (the
    bounds in ``basis``); a violation is a bug in ``ISIAN``.
    """
    batas = {"pus": basis["pus_min"], "keluarga_berisiko_stunting": basis["krs_min"]}
    batas["ibu_hamil"] = basis["ibu_hamil"]
    for kode, ind in katalog.indikator.items():
        if ind.penyebut is None or ind.pembilang not in isian:
            continue
        penyebut = isian[ind.penyebut] if ind.penyebut in isian else batas.get(ind.penyebut)
        if penyebut is None:
            continue
        if (isian[ind.pembilang].to_numpy() > np.asarray(penyebut)).any():
            raise ValueError(f"isian template melanggar pembilang <= penyebut pada {kode}")


def _isi_data(path: Path, nilai: pd.DataFrame) -> None:
    """Fill every value cell of a template's Data sheet from ``nilai`` (index = region code)."""
    wb = load_workbook(path)
    ws = wb[SHEET_DATA]
    judul = [c.value for c in ws[BARIS_JUDUL]]
    kolom_kode = judul.index(KOLOM_KODE) + 1
    kolom = {j + 1: h for j, h in enumerate(judul) if h in nilai.columns}
    for r in range(BARIS_JUDUL + 1, ws.max_row + 1):
        kode = ws.cell(row=r, column=kolom_kode).value
        for c, komponen in kolom.items():
            ws.cell(row=r, column=c, value=int(nilai.loc[kode, komponen]))
    simpan_xlsx(wb, path)


def _agregat(isian: pd.DataFrame, tingkat: str) -> pd.DataFrame:
    """Desa values summed to the template's row level (``desa`` as is)."""
    panjang = {"desa": 13, "kecamatan": 8, "kabupaten": 5}[tingkat]
    if panjang == 13:
        return isian
    return isian.groupby(isian.index.str.slice(0, panjang)).sum()


def tulis_template(folder: Path, isian: pd.DataFrame, katalog: Katalog) -> list[Path]:
    """Write and fill the 2025 Purworejo template of every agency."""
    paths = []
    for instansi in daftar_instansi(katalog):
        tanpa_aturan = sorted(set(instansi.komponen) - set(isian.columns))
        if tanpa_aturan:
            raise ValueError(
                f"komponen template {instansi.id} tanpa aturan di ISIAN: {tanpa_aturan}"
            )
        tingkat = TINGKAT_TEMPLATE.get(instansi.id, "desa")
        path = folder / f"template_{instansi.id}_{KABUPATEN.replace('.', '')}_{TAHUN}.xlsx"
        buat_template(instansi.id, KABUPATEN, TAHUN, tingkat=tingkat, out=path, katalog=katalog)
        _isi_data(path, _agregat(isian[list(instansi.komponen)], tingkat))
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------
# Writing, ingesting, main
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Masukan:
    """A generated file and what its ingest needs beyond the year."""

    path: Path
    wilayah: str | None = KABUPATEN
    semester: int | None = None


def tulis_csv(frame: pd.DataFrame, path: Path, pemisah: str = ";") -> Path:
    """Write a CSV the way the exports are written (UTF-8, LF, no pandas index)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, sep=pemisah, index=False, lineterminator="\n")
    return path


def tulis_ekspor(w: Wilayah, d: Dasar, folder: Path) -> tuple[list[Masukan], dict]:
    """Write every export; return them with the tables the templates are bounded by."""
    poktan = sasaran_poktan(d)
    bumil, pasca = tabel_elsimil_bumil(w, d), tabel_elsimil_pascasalin(w, d)
    verval = verval_krs(w, d)
    csv: list[tuple[str, Callable[[], pd.DataFrame], str]] = [
        ("data_pus.csv", lambda: tabel_pus(w, d), ";"),
        ("data_mix_kontra.csv", lambda: tabel_mix(w, d), ";"),
        ("data_bkb_keluarga.csv", lambda: tabel_bkb_keluarga(w, d, poktan), ";"),
        ("data_bkb.csv", lambda: tabel_bkb(w, d), ";"),
        ("data_uppka.csv", lambda: tabel_uppka(w, d), ";"),
        ("data_pikr.csv", lambda: tabel_pikr(w, d), ";"),
        ("sasaran_poktan_gabung.csv", lambda: tabel_sasaran(w, poktan), ";"),
        ("data_kkb.csv", lambda: tabel_kkb(w, d), ";"),
        ("data_rdk.csv", lambda: tabel_rdk(w, d), ";"),
        ("profil_poktan.csv", lambda: tabel_profil(w, d), ";"),
        ("2025-elsimil-bumil.csv", lambda: bumil, ";"),
        ("2025-elsimil-pascasalin.csv", lambda: pasca, ";"),
        ("pkb_per_kecamatan.csv", lambda: tabel_pkb(w), ";"),
        ("pelayanan_ppks.csv", lambda: tabel_ppks(w), ","),
        ("cakupan_kab.csv", lambda: tabel_cakupan(w, bumil, pasca), ","),
        ("kesehatan_stunting.csv", lambda: tabel_stunting(w, d), ","),
        ("kb_aktif_target.csv", lambda: tabel_kb_target(w, d), ","),
    ]
    masukan = [Masukan(tulis_csv(buat(), folder / nama, sep)) for nama, buat, sep in csv]
    krs_min = np.minimum(verval[1]["JUMLAH KRS"], verval[2]["JUMLAH KRS"]).to_numpy()
    masukan.append(Masukan(tulis_csv(tabel_desil(w, krs_min), folder / "data_desil_krs.csv", ",")))
    for s, frame in verval.items():
        path = tulis_csv(frame, folder / f"data_verval_krs_{TAHUN}_sem{s}.csv")
        masukan.append(Masukan(path, semester=s))
    tulis_faskes(w, folder / f"faskes-pelayanan-{TAHUN}.xlsx")
    masukan.append(Masukan(folder / f"faskes-pelayanan-{TAHUN}.xlsx"))
    return masukan, {"verval": verval, "bumil": bumil}


def buang_usang(raw: Path, path: Path) -> list[Path]:
    """Remove earlier demo versions of ``path`` from the raw store (same name, other bytes).

    Only files received at the demo's fixed time are touched, never a user's file.
    """
    sha = sha256_file(path)
    diterima = DITERIMA.isoformat(timespec="microseconds")
    dibuang = []
    for lama, prov in daftar_raw(raw):
        if prov.nama_asli == path.name and prov.sha256 != sha and prov.diterima == diterima:
            lama.unlink()
            Path(str(lama) + SIDECAR).unlink()
            dibuang.append(lama)
    return dibuang


def masukkan(raw: Path, katalog: Katalog, item: Masukan) -> HasilIngest:
    """Ingest one generated file as a user would, with the demo's receive time."""
    buang_usang(raw, item.path)
    return ingest_file(
        item.path,
        raw,
        katalog,
        TAHUN,
        wilayah=item.wilayah,
        now=DITERIMA,
        semester=item.semester,
    )


def buat_demo(raw: Path, keluaran: Path) -> list[tuple[Path, HasilIngest]]:
    """Write every demo file under ``keluaran`` and ingest it into ``raw``."""
    katalog = load_katalog()
    keluaran.mkdir(parents=True, exist_ok=True)
    # generated copies of what data/raw holds: not meant for version control
    (keluaran / ".gitignore").write_text("*\n", encoding="utf-8")
    w = buat_wilayah()
    d = buat_dasar(w)
    masukan, ekspor = tulis_ekspor(w, d, keluaran / "ekspor")
    basis = basis_template(d, ekspor["verval"], ekspor["bumil"])
    isian = isian_template(w, basis)
    cek_isian(isian, katalog, basis)
    # a template says its own region and period: only the year is given, as a user would
    templates = tulis_template(keluaran / "template", isian, katalog)
    masukan += [Masukan(p, wilayah=None) for p in templates]
    return [(m.path, masukkan(raw, katalog, m)) for m in masukan]


def main(argv: Sequence[str] | None = None) -> None:
    """Write the demo files, ingest them and print one line per file."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--raw", type=Path, default=ROOT / "data/raw")
    parser.add_argument("--keluaran", type=Path, default=ROOT / "data/demo")
    args = parser.parse_args(argv)
    hasil = buat_demo(args.raw, args.keluaran)
    for path, h in hasil:
        status = "baru" if h.baru else "sudah ada"
        ukuran = path.stat().st_size
        print(f"{path.name}: {ukuran:,} bita → {h.path} [{h.provenans.sumber}] ({status})")
    baru = sum(h.baru for _, h in hasil)
    print(f"{len(hasil)} berkas: {baru} baru, {len(hasil) - baru} sudah ada")


if __name__ == "__main__":
    main()
