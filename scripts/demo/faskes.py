"""The SIMONEP faskes workbook: new KB users per facility, method and month."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from openpyxl import Workbook

from scripts.demo.berkas import simpan_xlsx
from scripts.demo.model import NAMA_BULAN, TAHUN, Wilayah, rng_untuk

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
