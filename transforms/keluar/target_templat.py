"""``indikator target --templat``: an Excel sheet a dinas fills with its own targets.

One row per region x indicator x year (the region asked for and, optionally, its child
regions; the indicators published at that level). The codes, names and the targets in force
are locked (sheet protection); the cells to fill (target, berlaku_untuk, dasar hukum, catatan)
are open and yellow. A second sheet explains, in Bahasa Indonesia, what to fill and how the
sheet goes back (``indikator target --baca``). Targets already kept for the region (CSV files
of the target folder) are filled in, so the sheet is kept current rather than retyped.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from schemas.model import Katalog
from transforms.keluar.templat.gaya import (
    BUNGKUS,
    HURUF_JUDUL,
    HURUF_TEBAL,
    ISI_BEBAS,
    ISI_JUDUL,
    ISI_TERKUNCI,
    TERBUKA,
    tulis_sel,
)
from transforms.wilayah.kode import cari_tingkat

LEMBAR = "Target"
LEMBAR_PETUNJUK = "Petunjuk"
PENANDA = "templat-target-indikator v1"
KOLOM = (
    ("kode_indikator", 14, False),
    ("judul", 48, False),
    ("satuan", 10, False),
    ("arah", 7, False),
    ("kode_wilayah", 15, False),
    ("nama_wilayah", 26, False),
    ("tahun", 7, False),
    ("target_berlaku", 12, False),
    ("dasar_hukum_berlaku", 36, False),
    ("target", 11, True),
    ("berlaku_untuk", 13, True),
    ("dasar_hukum", 40, True),
    ("catatan", 30, True),
)
PETUNJUK = (
    "Templat target daerah (Perbup / RPJMD / Renstra) untuk indikator.",
    "1. Isi kolom kuning di lembar 'Target': target (angka; desimal boleh dengan koma), "
    "dasar_hukum (wajib bila target diisi, mis. 'Perbup Purworejo 12/2025 (RPJMD 2025-2029)'), "
    "catatan (boleh kosong).",
    "2. berlaku_untuk: 'nilai' (target persen/rasio, dibandingkan dengan nilai indikator) atau "
    "'pembilang' (target jumlah absolut, dibandingkan dengan pembilang). Kosong = nilai.",
    "3. Baris yang targetnya kosong tidak dipakai: keluaran menulis 'tidak ada target untuk tahun "
    "ini' untuk tahun itu. Jangan menghapus atau menyisipkan baris; kolom abu-abu terkunci.",
    "4. Kolom target_berlaku dan dasar_hukum_berlaku menunjukkan target yang berlaku sekarang "
    "(katalog nasional atau target daerah yang sudah ada) sebagai pembanding.",
    "5. Kirim kembali berkas ini; petugas pipeline menjalankan: "
    "indikator target --baca BERKAS.xlsx (memeriksa isinya dan menyimpannya di folder "
    "target), lalu indikator run.",
    "Lembar dilindungi tanpa kata sandi hanya agar kode tidak berubah tanpa sengaja.",
)


def _arah(arah: str) -> str:
    return "naik" if arah == "naik" else "turun"


def _berlaku(target: pd.DataFrame) -> dict[tuple[str, str, int], tuple]:
    """(indicator, region or "", year) → (target, berlaku_untuk, dasar_hukum, catatan)."""
    part = target[target["berlaku_untuk"].isin(["nilai", "pembilang"])]
    hasil = {}
    for row in part.to_dict("records"):
        kunci = (str(row["kode_indikator"]), str(row["kode_wilayah"]), int(row["tahun"]))
        hasil[kunci] = (
            row["target"],
            row["berlaku_untuk"],
            row.get("dasar_hukum") or "",
            row.get("catatan") or "",
        )
    return hasil


def buat_baris_templat(
    katalog: Katalog,
    wilayah: list[tuple[str, str]],
    tahun: list[int],
    target_daerah: pd.DataFrame | None = None,
) -> list[dict]:
    """The rows of the sheet: every (region, indicator published at its level, year)."""
    nasional = _berlaku(katalog.target)
    daerah = _berlaku(target_daerah) if target_daerah is not None else {}
    baris = []
    for kode, nama in wilayah:
        tingkat = cari_tingkat(kode) if kode else None
        for ind in katalog.indikator.values():
            if tingkat and tingkat not in ind.kedalaman:
                continue
            for th in tahun:
                kini = daerah.get((ind.kode, kode, th)) or nasional.get((ind.kode, "", th))
                isi = daerah.get((ind.kode, kode, th))
                baris.append(
                    {
                        "kode_indikator": ind.kode,
                        "judul": ind.judul,
                        "satuan": ind.satuan,
                        "arah": _arah(ind.arah),
                        "kode_wilayah": kode,
                        "nama_wilayah": nama,
                        "tahun": th,
                        "target_berlaku": kini[0] if kini else None,
                        "dasar_hukum_berlaku": kini[2] if kini else "",
                        "target": isi[0] if isi else None,
                        "berlaku_untuk": isi[1] if isi else "nilai",
                        "dasar_hukum": isi[2] if isi else "",
                        "catatan": isi[3] if isi else "",
                    }
                )
    return baris


def _lembar_target(wb: Workbook, baris: list[dict]) -> None:
    ws = wb.active
    ws.title = LEMBAR
    for j, (nama, lebar, _) in enumerate(KOLOM, start=1):
        tulis_sel(ws, 1, j, nama, font=HURUF_TEBAL, fill=ISI_JUDUL)
        ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = lebar
    for i, row in enumerate(baris, start=2):
        for j, (nama, _, bebas) in enumerate(KOLOM, start=1):
            gaya = {"fill": ISI_BEBAS, "protection": TERBUKA} if bebas else {"fill": ISI_TERKUNCI}
            tulis_sel(ws, i, j, row[nama], **gaya)
    pilihan = DataValidation(type="list", formula1='"nilai,pembilang"', allow_blank=True)
    pilihan.error = "Isi 'nilai' atau 'pembilang'."
    ws.add_data_validation(pilihan)
    kolom_berlaku = [k[0] for k in KOLOM].index("berlaku_untuk") + 1
    huruf = ws.cell(row=1, column=kolom_berlaku).column_letter
    pilihan.add(f"{huruf}2:{huruf}{max(len(baris) + 1, 2)}")
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.formatColumns = False


def _lembar_petunjuk(wb: Workbook, judul: str) -> None:
    ws = wb.create_sheet(LEMBAR_PETUNJUK)
    tulis_sel(ws, 1, 1, judul, font=HURUF_JUDUL)
    for i, teks in enumerate(PETUNJUK, start=3):
        tulis_sel(ws, i, 1, teks, alignment=BUNGKUS)
    tulis_sel(ws, len(PETUNJUK) + 4, 1, PENANDA)
    ws.column_dimensions["A"].width = 120
    ws.protection.sheet = True


def tulis_templat_target(
    path: Path,
    katalog: Katalog,
    wilayah: list[tuple[str, str]],
    tahun: list[int],
    target_daerah: pd.DataFrame | None = None,
) -> int:
    """Write the template to ``path`` (xlsx); return the number of rows to fill."""
    baris = buat_baris_templat(katalog, wilayah, tahun, target_daerah)
    wb = Workbook()
    _lembar_target(wb, baris)
    nama = ", ".join(f"{n} ({k})" if k else n for k, n in wilayah)
    _lembar_petunjuk(wb, f"Target {nama}, tahun {tahun[0]}-{tahun[-1]}")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return len(baris)
