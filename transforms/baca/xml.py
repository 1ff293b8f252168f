"""XML inside a workbook: the streaming scanner of the preflight, and the defusedxml check.

:class:`PemindaiXml` is fed one zip member in chunks (never held whole). It refuses DTDs and
entity declarations and stops worksheets or shared-string tables whose size would exhaust
the reader's memory. openpyxl uses defusedxml automatically when it is installed;
:func:`pastikan_defusedxml` checks that it really does. Any XML the project parses itself
must use ``defusedxml.ElementTree`` (never ``xml.etree`` directly); nothing here
monkeypatches the standard library globally.
"""

from __future__ import annotations

import functools
from xml.parsers import expat

from schemas.batas import Batas
from transforms.baca.tolak import tampilkan_ribuan

_DIGIT = "0123456789"
_TANPA_BATAS = 1 << 62  # stands for "absurdly large" when a reference is too long to parse


class XmlDitolak(Exception):
    """Raised from inside an expat handler; the message completes a refusal sentence."""


@functools.lru_cache(maxsize=4096)
def ubah_kolom_ke_angka(huruf: str) -> int:
    """Column number of ``A``..``XFD`` (case-insensitive, as calamine reads it)."""
    if len(huruf) > 4:
        return _TANPA_BATAS
    angka = 0
    for ch in huruf.upper():
        angka = angka * 26 + ord(ch) - 64
    return angka


def _baca_ref(nilai: str) -> tuple[int, int] | None:
    """``(row, column)`` of a cell reference such as ``XFD1048576`` (0 when a part is absent)."""
    teks = nilai.strip()
    huruf = teks.rstrip(_DIGIT)
    digit = teks[len(huruf) :]
    if huruf and not (huruf.isascii() and huruf.isalpha()):
        return None
    baris = (int(digit) if len(digit) <= 12 else _TANPA_BATAS) if digit else 0
    return baris, (ubah_kolom_ke_angka(huruf) if huruf else 0)


class PemindaiXml:
    """Streams one XML member through expat (fed in chunks, never held whole).

    Refuses DTDs and entity declarations (no legitimate Excel part has one) and tracks the
    furthest row and column the way calamine places cells, including cells and rows without
    an ``r`` attribute, to stop a sheet whose bounding box would exhaust memory.
    """

    def __init__(self, batas: Batas) -> None:
        self.batas = batas
        self.baris = 0
        self.kolom = 0
        self.baris_terjauh = 0
        self.kolom_terjauh = 0
        parser = expat.ParserCreate()
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._dtd
        parser.EntityDeclHandler = self._dtd
        parser.StartElementHandler = self._elemen
        self.parser = parser

    def isi(self, potong: bytes, akhir: bool = False) -> None:
        self.parser.Parse(potong, akhir)

    def _dtd(self, *_: object) -> None:
        raise XmlDitolak(
            "berisi deklarasi DTD/entitas XML, yang tidak pernah ada di berkas Excel yang sah "
            "(kemungkinan serangan 'billion laughs' atau XXE)"
        )

    def _elemen(self, nama: str, atribut: dict[str, str]) -> None:
        if ":" in nama:
            nama = nama.rpartition(":")[2]
        if nama == "c":
            r = atribut.get("r")
            ref = None if r is None else _baca_ref(r)
            if ref is None:
                self.kolom += 1
            else:
                self.baris = max(self.baris, ref[0])
                self.kolom = ref[1] or self.kolom + 1
        elif nama == "row":
            r = atribut.get("r")
            ref = None if r is None else _baca_ref(r)
            self.baris = ref[0] if ref and ref[0] else self.baris + 1
            self.kolom = 0
        else:
            if nama == "sst" and "uniqueCount" in atribut:
                self._teks_unik(atribut["uniqueCount"])
            return
        if self.baris > self.baris_terjauh or self.kolom > self.kolom_terjauh:
            self._catat()

    def _catat(self) -> None:
        self.baris_terjauh = max(self.baris_terjauh, self.baris)
        self.kolom_terjauh = max(self.kolom_terjauh, self.kolom)
        periksa_luas(self.baris_terjauh, self.kolom_terjauh, self.batas)

    def _teks_unik(self, nilai: str) -> None:
        periksa_teks_unik(nilai, self.batas)


def periksa_luas(baris: int, kolom: int, b: Batas) -> None:
    """Refuse a sheet whose furthest row, column or rectangle passes the limits."""
    if baris > b.baris_maks:
        raise XmlDitolak(
            f"memakai baris ke-{tampilkan_ribuan(baris)}, melebihi batas "
            f"{tampilkan_ribuan(b.baris_maks)} baris"
        )
    if kolom > b.kolom_maks:
        raise XmlDitolak(
            f"memakai kolom ke-{tampilkan_ribuan(kolom)}, melebihi batas "
            f"{tampilkan_ribuan(b.kolom_maks)} kolom"
        )
    luas = baris * kolom
    if luas > b.sel_maks:
        raise XmlDitolak(
            f"menjangkau {tampilkan_ribuan(baris)} baris x "
            f"{tampilkan_ribuan(kolom)} kolom = {tampilkan_ribuan(luas)} sel, "
            f"melebihi batas {tampilkan_ribuan(b.sel_maks)} sel (pembaca akan kehabisan memori)"
        )


def periksa_teks_unik(nilai: str, batas: Batas) -> None:
    """Refuse a shared-string table declaring more unique texts than ``sel_maks``."""
    jumlah = int(nilai) if nilai.strip().isdigit() and len(nilai) < 19 else _TANPA_BATAS
    if jumlah > batas.sel_maks:
        raise XmlDitolak(
            f"menyatakan {tampilkan_ribuan(jumlah)} teks unik, melebihi batas "
            f"{tampilkan_ribuan(batas.sel_maks)} (pembaca akan kehabisan memori)"
        )


def pastikan_defusedxml() -> None:
    """Raise ``RuntimeError`` unless openpyxl parses XML through defusedxml."""
    import openpyxl.xml

    if openpyxl.xml.DEFUSEDXML is not True:
        raise RuntimeError(
            "openpyxl tidak memakai defusedxml: pastikan paket defusedxml terpasang dan "
            "variabel lingkungan OPENPYXL_DEFUSEDXML tidak diisi selain 'True'"
        )
