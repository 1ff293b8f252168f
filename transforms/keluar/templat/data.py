"""The ``Data`` sheet: titles, locked region cells, unlocked value cells, validation."""

from __future__ import annotations

from copy import copy
from typing import Final

from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from transforms.keluar.templat.gaya import (
    BUNGKUS,
    FORMAT_ANGKA,
    HURUF_JUDUL,
    HURUF_KECIL,
    HURUF_TEBAL,
    ISI_BEBAS,
    ISI_JUDUL,
    ISI_TERKUNCI,
    TERBUKA,
    buat_gaya_sel,
    tulis_sel,
)
from transforms.keluar.templat.rencana import LABEL_TINGKAT, Rencana, buat_teks_periode
from transforms.keluar.tulis_aman import amankan_sel
from transforms.terima.templat_bentuk import (
    BARIS_JUDUL,
    BARIS_LABEL,
    KOLOM_KABUPATEN,
    KOLOM_KECAMATAN,
    KOLOM_KODE,
    KOLOM_NAMA,
    SHEET_PETUNJUK,
)

PESAN_VALIDASI: Final = (
    "Isi dengan angka bulat 0 atau lebih, tanpa titik/koma dan tanpa satuan. "
    "Kosongkan sel bila tidak ada data (jangan isi 0 bila tidak tahu)."
)


def _label_kolom(header: str, r: Rencana) -> str:
    """Human title of a Data column (shown above the header row)."""
    label_tetap = {
        KOLOM_KODE: "Kode wilayah Kemendagri",
        KOLOM_NAMA: f"Nama {LABEL_TINGKAT[r.tingkat]}",
        KOLOM_KABUPATEN: "Nama kabupaten/kota",
        KOLOM_KECAMATAN: "Nama kecamatan",
    }
    if header in label_tetap:
        return label_tetap[header]
    return r.katalog.komponen[header].judul


def _lebar_kolom(header: str) -> float:
    """Column width: fixed for region columns, from the name's length for components."""
    lebar_tetap = {KOLOM_KODE: 16, KOLOM_NAMA: 28, KOLOM_KABUPATEN: 26, KOLOM_KECAMATAN: 22}
    return lebar_tetap.get(header, min(max(len(header), 12) + 3, 48))


def _tulis_judul_data(ws: Worksheet, r: Rencana) -> None:
    """The three title rows above the column labels."""
    judul = f"Data {r.instansi.nama} — {buat_teks_periode(r.tahun, r.bulan)}"
    tulis_sel(ws, 1, 1, judul, font=HURUF_JUDUL)
    tulis_sel(
        ws,
        2,
        1,
        f"Wilayah: {r.nama_wilayah} ({r.kode_wilayah}) · {len(r.baris)} "
        f"{LABEL_TINGKAT[r.tingkat]} · kode wilayah Kemendagri edisi {r.edisi}",
    )
    tulis_sel(
        ws,
        3,
        1,
        "Isi sel kuning dengan angka bulat 0 atau lebih; kosongkan bila tidak ada data (jangan "
        f"isi 0 bila tidak tahu). Petunjuk lengkap di sheet {SHEET_PETUNJUK}.",
        font=HURUF_KECIL,
    )


def _tulis_kepala_data(ws: Worksheet, r: Rencana) -> None:
    """Title rows, the label row and the header row of the Data sheet."""
    _tulis_judul_data(ws, r)
    tinggi = 15.0
    for j, header in enumerate(r.kolom, start=1):
        label = _label_kolom(header, r)
        lebar = _lebar_kolom(header)
        ws.column_dimensions[get_column_letter(j)].width = lebar
        tinggi = max(tinggi, 15.0 * (len(label) // max(int(lebar) - 2, 1) + 1))
        tulis_sel(ws, BARIS_LABEL, j, label, alignment=BUNGKUS, fill=ISI_JUDUL)
        tulis_sel(ws, BARIS_JUDUL, j, header, font=HURUF_TEBAL, fill=ISI_JUDUL)
        if header in r.katalog.komponen:
            ws.cell(row=BARIS_JUDUL, column=j).comment = Comment(
                amankan_sel(label), "indikator", width=320, height=90
            )
    ws.row_dimensions[BARIS_LABEL].height = min(tinggi, 160.0)


def buat_rentang_isian(jumlah_tetap: int, jumlah_komponen: int, jumlah_baris: int) -> str:
    """A1 range of the value cells of the Data sheet (``D7:E500``)."""
    awal = get_column_letter(jumlah_tetap + 1)
    akhir = get_column_letter(jumlah_tetap + jumlah_komponen)
    return f"{awal}{BARIS_JUDUL + 1}:{akhir}{BARIS_JUDUL + jumlah_baris}"


def _validasi() -> DataValidation:
    """Whole numbers >= 0, blanks allowed, with a Bahasa error message."""
    return DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop",
        errorTitle="Isian tidak sah",
        error=PESAN_VALIDASI,
        promptTitle="Isian",
        prompt="Angka bulat 0 atau lebih; kosongkan bila tidak ada data.",
    )


def tulis_data(ws: Worksheet, r: Rencana) -> None:
    """Fill the Data sheet: headers, locked region cells, unlocked value cells, protection."""
    _tulis_kepala_data(ws, r)
    tetap = r.kolom_tetap
    n_komponen = len(r.instansi.komponen)
    terkunci = buat_gaya_sel(ws, fill=ISI_TERKUNCI, number_format="@")
    bebas = buat_gaya_sel(ws, fill=ISI_BEBAS, number_format=FORMAT_ANGKA, protection=TERBUKA)
    for i, nilai_baris in enumerate(r.baris.itertuples(index=False, name=None)):
        baris = BARIS_JUDUL + 1 + i
        for j, nilai in enumerate(nilai_baris, start=1):
            ws.cell(row=baris, column=j, value=amankan_sel(nilai))._style = copy(terkunci)
        for j in range(len(tetap) + 1, len(tetap) + n_komponen + 1):
            ws.cell(row=baris, column=j)._style = copy(bebas)
    validasi = _validasi()
    validasi.add(buat_rentang_isian(len(tetap), n_komponen, len(r.baris)))
    ws.add_data_validation(validasi)
    ws.freeze_panes = ws.cell(row=BARIS_JUDUL + 1, column=len(tetap) + 1)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
