"""The very hidden metadata sheet (``_indikator``): key/value text the reader recognises."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from transforms.keluar.templat.rencana import Rencana
from transforms.keluar.tulis_aman import amankan_sel
from transforms.terima.templat_bentuk import BARIS_JUDUL, KUNCI_META, PENANDA, VERSI


def _isi_meta(r: Rencana) -> list[tuple[str, str]]:
    """Key/value metadata of the hidden sheet, all as text."""
    isi = {
        "penanda": PENANDA,
        "versi": str(VERSI),
        "instansi": r.instansi.id,
        "sumber": r.instansi.sumber,
        "kode_wilayah": r.kode_wilayah,
        "nama_wilayah": r.nama_wilayah,
        "tingkat": r.tingkat,
        "tahun": str(r.tahun),
        "bulan": "" if r.bulan is None else str(r.bulan),
        "baris_judul": str(BARIS_JUDUL),
        "edisi_wilayah": r.edisi,
        "komponen": ",".join(r.instansi.komponen),
    }
    return [(k, isi[k]) for k in KUNCI_META]


def tulis_meta(ws: Worksheet, r: Rencana) -> None:
    """Write the key/value metadata sheet and make it very hidden."""
    ws.append(["kunci", "nilai"])
    for kunci, nilai in _isi_meta(r):
        ws.append([amankan_sel(kunci), amankan_sel(nilai)])
    ws.sheet_state = "veryHidden"
