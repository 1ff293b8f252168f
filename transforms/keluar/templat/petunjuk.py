"""The instructions sheet (``Petunjuk``): summary, filling rules and the component table."""

from __future__ import annotations

from typing import Final

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from schemas.model import Katalog, Komponen
from transforms.baca.kalender import NAMA_BULAN
from transforms.keluar.templat.gaya import BUNGKUS, HURUF_JUDUL, HURUF_TEBAL, ISI_JUDUL, tulis_sel
from transforms.keluar.templat.rencana import (
    LABEL_TINGKAT,
    TINGKAT_TEMPLATE,
    Rencana,
    buat_teks_periode,
)
from transforms.terima.templat_bentuk import BARIS_JUDUL, BARIS_LABEL, SHEET_DATA
from transforms.wilayah.edisi import muat_daftar_edisi

_JUDUL_TABEL: Final = (
    ("Kolom di sheet Data", 34),
    ("Judul", 40),
    ("Definisi", 60),
    ("Satuan", 12),
    ("Jenis (stok/arus)", 12),
    ("Yang diisi untuk periode ini", 36),
    ("Dipakai sampai tingkat", 16),
    ("Dipakai oleh indikator", 60),
)


def buat_aturan_isian(jenis: str, tahun: int, bulan: int | None) -> str:
    """What to fill for a component of ``jenis`` (stok/arus) for the template's period."""
    if bulan is None:
        if jenis == "stok":
            return f"keadaan pada akhir tahun {tahun} (atau posisi terakhir yang tersedia)"
        return f"jumlah selama tahun {tahun} (Januari sampai Desember)"
    nama = f"{NAMA_BULAN[bulan]} {tahun}"
    if jenis == "stok":
        return f"keadaan pada akhir bulan {nama}"
    return f"jumlah selama bulan {nama} saja (bukan kumulatif sejak Januari)"


def _ringkasan(r: Rencana) -> list[tuple[str, str]]:
    """Label/value lines at the top of the instructions sheet."""
    info_edisi = muat_daftar_edisi().get(r.edisi, {})
    dasar = f"{info_edisi.get('jenis', '')} {info_edisi.get('nomor', '')}".strip()
    if r.bulan is None:
        arti = (
            "Nilai untuk satu tahun penuh. Komponen stok: "
            f"{buat_aturan_isian('stok', r.tahun, None)}. "
            f"Komponen arus: {buat_aturan_isian('arus', r.tahun, None)}."
        )
    else:
        arti = (
            "Nilai untuk satu bulan. Komponen stok: "
            f"{buat_aturan_isian('stok', r.tahun, r.bulan)}. "
            f"Komponen arus: {buat_aturan_isian('arus', r.tahun, r.bulan)}."
        )
    return [
        ("Instansi pengisi", r.instansi.nama),
        ("Wilayah", f"{r.nama_wilayah} (kode {r.kode_wilayah})"),
        ("Baris data", f"{len(r.baris)} {LABEL_TINGKAT[r.tingkat]}, urut menurut kode wilayah"),
        ("Periode", buat_teks_periode(r.tahun, r.bulan)),
        ("Arti periode", arti),
        ("Kirim ke", r.instansi.kirim_ke),
        ("Kode wilayah", f"Kemendagri edisi {r.edisi}" + (f" ({dasar})" if dasar else "")),
    ]


def _cara_mengisi(r: Rencana) -> list[str]:
    """Numbered filling rules (Bahasa)."""
    tetap = ", ".join(r.kolom_tetap)
    return [
        f"1. Buka sheet {SHEET_DATA}. Kolom {tetap} sudah terisi dan dikunci; jangan diubah.",
        f"2. Isi sel berwarna kuning: satu kolom per komponen. Judul kolom (baris {BARIS_JUDUL}) "
        f"adalah nama komponen; artinya ada di baris {BARIS_LABEL}, di komentar sel judul, dan "
        "di tabel di bawah ini.",
        "3. Isi dengan angka bulat 0 atau lebih: tanpa titik/koma pemisah ribuan, tanpa desimal, "
        "tanpa satuan.",
        "4. Kosongkan sel bila tidak ada data atau tidak tahu. Jangan isi 0 bila tidak tahu: "
        "angka 0 berarti memang tidak ada (nol).",
        "5. Jangan menambah, menghapus atau mengurutkan ulang baris dan kolom, dan jangan "
        "mengganti nama sheet. Sheet dikunci tanpa kata sandi hanya agar tidak berubah tanpa "
        "sengaja.",
        "6. Bila menyalin-tempel (paste) dari berkas lain, pakai Paste Special > Values lalu "
        "periksa kembali: data tempelan tidak diperiksa oleh validasi Excel.",
        f"7. Simpan tetap dalam format .xlsx lalu kirim ke {r.instansi.kirim_ke}. "
        "Satu berkas untuk satu wilayah dan satu periode.",
    ]


def _tingkat_terdalam(nama: str, katalog: Katalog) -> str:
    """Deepest level at which some indicator using component ``nama`` is published."""
    dipakai = {
        t for ind in katalog.indikator.values() if nama in ind.komponen for t in ind.kedalaman
    }
    urut = [t for t in TINGKAT_TEMPLATE if t in dipakai]
    return urut[-1] if urut else "-"


def _baris_komponen(k: Komponen, r: Rencana) -> tuple[str, ...]:
    """One row of the component table of the instructions sheet."""
    indikator = [ind for ind in r.katalog.indikator.values() if k.nama in ind.komponen]
    return (
        k.nama,
        k.judul,
        k.definisi,
        k.satuan,
        k.jenis,
        buat_aturan_isian(k.jenis, r.tahun, r.bulan),
        LABEL_TINGKAT.get(_tingkat_terdalam(k.nama, r.katalog), "-"),
        "\n".join(f"{ind.kode} — {ind.judul}" for ind in indikator),
    )


def tulis_petunjuk(ws: Worksheet, r: Rencana) -> None:
    """Fill the instructions sheet: summary, filling rules, component table."""
    tulis_sel(ws, 1, 1, f"Petunjuk pengisian template data — {r.instansi.nama}", font=HURUF_JUDUL)
    baris = 3
    for label, nilai in _ringkasan(r):
        tulis_sel(ws, baris, 1, label, font=HURUF_TEBAL, alignment=BUNGKUS)
        tulis_sel(ws, baris, 2, nilai, alignment=BUNGKUS)
        baris += 1
    baris += 1
    tulis_sel(ws, baris, 1, "Cara mengisi", font=HURUF_TEBAL)
    for langkah in _cara_mengisi(r):
        baris += 1
        tulis_sel(ws, baris, 1, langkah)
    baris += 2
    tulis_sel(ws, baris, 1, "Arti setiap kolom isian", font=HURUF_TEBAL)
    baris += 1
    for j, (judul, lebar) in enumerate(_JUDUL_TABEL, start=1):
        tulis_sel(ws, baris, j, judul, font=HURUF_TEBAL, fill=ISI_JUDUL, alignment=BUNGKUS)
        ws.column_dimensions[get_column_letter(j)].width = lebar
    for nama in r.instansi.komponen:
        baris += 1
        for j, nilai in enumerate(_baris_komponen(r.katalog.komponen[nama], r), start=1):
            tulis_sel(ws, baris, j, nilai, alignment=BUNGKUS)
