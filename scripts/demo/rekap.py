"""Verval KRS (two semesters), KRS deciles and the SIMONEP / e-PPGBM / dinas recaps."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from scripts.demo.model import (
    METODE_SIGA,
    NAMA_BULAN,
    TAHUN,
    Dasar,
    Wilayah,
    bagian,
    pecah,
    per_kec,
    rng_untuk,
)

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


def verval_krs(w: Wilayah, d: Dasar) -> dict[int, pd.DataFrame]:
    """Verval KRS per desa for semester 1 and 2 (KRS + TIDAK = SASARAN, Σ KESEJAHTERAAN = KRS)."""
    rng = rng_untuk("verval_krs")
    p_krs = rng.uniform(0.15, 0.28, size=w.n)
    p_air, p_jamban = rng.uniform(0.05, 0.20, size=w.n), rng.uniform(0.05, 0.25, size=w.n)
    hasil = {}
    for semester in (1, 2):
        keluarga = np.rint(d.keluarga * (1 + 0.003 * (semester - 1))).astype(np.int64)
        sasaran = bagian(rng, keluarga, 0.55, 0.65)
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
    sejahtera = pecah(rng, krs, [0.2, 0.2, 0.15, 0.15, 0.3])
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
    jumlah = bagian(rng, krs_min, 0.40, 0.70)
    desil = pecah(rng, jumlah, [0.40, 0.33, 0.27])
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
        layanan = pecah(rng, klien, [0.1, 0.15, 0.15, 0.05, 0.15, 0.25, 0.05, 0.05, 0.05])
        hasil = pecah(rng, klien, [0.2, 0.1, 0.7])
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
    sasaran = np.rint(per_kec(w, d.balita)[pkm["k"]] * _bagian_puskesmas(rng, pkm))
    prevalensi = rng.uniform(0.08, 0.14, size=len(pkm))
    rows: list[dict[str, object]] = []
    for bulan, turun in (("Februari", 1.0), ("Agustus", 0.94)):
        diukur = bagian(rng, sasaran.astype(np.int64), 0.85, 0.95)
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
    akhir = {m: per_kec(w, d.metode[-1, :, j]) for j, m in enumerate(METODE_SIGA)}
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
