"""The fixed shape of an agency template, shared by the writer and the reader.

Sheet names, the marker and version written into the very hidden metadata sheet, the rows of
the Data sheet, the region column headers, the metadata keys and what they say
(:class:`TemplateMeta`), and the error raised when a template cannot be built or read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

PENANDA: Final = "indikator-template"
VERSI: Final = 1
AWALAN_SUMBER: Final = "template."

SHEET_PETUNJUK: Final = "Petunjuk"
SHEET_DATA: Final = "Data"
SHEET_META: Final = "_indikator"

KOLOM_KODE: Final = "KODE WILAYAH"
KOLOM_NAMA: Final = "NAMA WILAYAH"
KOLOM_KABUPATEN: Final = "KABUPATEN/KOTA"
KOLOM_KECAMATAN: Final = "KECAMATAN"

BARIS_LABEL: Final = 5
"""Row of the Data sheet holding each column's title (wrapped), just above the header row."""
BARIS_JUDUL: Final = 6
"""Header row of the Data sheet (column names); data start on the next row."""

KUNCI_META: Final = (
    "penanda",
    "versi",
    "instansi",
    "sumber",
    "kode_wilayah",
    "nama_wilayah",
    "tingkat",
    "tahun",
    "bulan",
    "baris_judul",
    "edisi_wilayah",
    "komponen",
)
"""Keys of the metadata sheet, in the order they are written."""


class TemplateTidakValid(ValueError):
    """A template cannot be built or read as asked (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class TemplateMeta:
    """What the hidden ``_indikator`` sheet of a template says."""

    versi: int
    instansi: str
    sumber: str
    kode_wilayah: str
    nama_wilayah: str
    tingkat: str
    tahun: int
    bulan: int | None
    baris_judul: int
    edisi_wilayah: str
    komponen: tuple[str, ...]
