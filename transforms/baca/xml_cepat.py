"""Byte-level scan of a large XML part: the cheap path of the preflight.

:class:`PemindaiBita` is fed one zip member in chunks, like :class:`~transforms.baca.xml.
PemindaiXml`, and reaches the same verdicts without a Python call per element: it looks for
``<!DOCTYPE``/``<!ENTITY`` in the raw bytes and takes the furthest row and column from the
``r`` attributes with a few C-level ``bytes.count``/``re.findall`` passes per chunk.

It only trusts the canonical form every spreadsheet writer uses (``<c r="B7"``, ``<row
r="7"``, UTF-8). Anything else (a cell or row without ``r`` or with the attribute elsewhere,
a namespace prefix, single quotes, lower-case references, a UTF-16 part, a tag longer than
:data:`_TAG_MAKS`) raises :class:`PerluPindaiPenuh`, and the caller rescans that member
with the exact expat scanner. So the verdicts are the exact scanner's on every input; only
the time differs. Well-formedness is not checked here (the reader refuses broken XML);
small parts, where it is cheap, still go through expat (:mod:`transforms.baca.zip`).
"""

from __future__ import annotations

import functools
import re

from schemas.batas import Batas
from transforms.baca.xml import XmlDitolak, periksa_luas, periksa_teks_unik, ubah_kolom_ke_angka

_KEPALA = 512  # bytes that hold the XML declaration
_TAG_MAKS = 1 << 16  # an unfinished tag longer than this is not a spreadsheet writer's
_SEL = re.compile(rb'<c r="[A-Z]{1,4}(\d{1,12})"')  # canonical cell: its row
_SEL_KOLOM = re.compile(rb'<c r="([A-Z]{1,4})\d')  # canonical cell: its column letters
_SEL_LAIN = re.compile(rb'<c(?:[\t\n\r/>]| (?!r="[A-Z]{1,4}\d{1,12}"))')  # any other cell tag
_BARIS = re.compile(rb'<row r="(\d{1,12})"')  # canonical row
_BARIS_LAIN = re.compile(rb'<row(?:[\t\n\r/>]| (?!r="\d{1,12}"))')
_BERAWALAN = re.compile(rb":(?:c|row|sst)[\s/>]")  # maybe a namespace-prefixed tag
_SST = re.compile(rb"<sst[\s>][^>]*")
_UNIK = re.compile(rb'\suniqueCount="([^"]*)"')
_PENGKODEAN = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_PENGKODEAN_ASCII = frozenset({b"utf-8", b"utf8", b"us-ascii", b"ascii", b"iso-8859-1"})
_DTD = (b"<!doctype", b"<!entity")
# plain byte strings searched as compiled patterns: re scans for a literal 2-3x faster than `in`
_TANDA_SERU, _TAG_SST = re.compile(rb"<!"), re.compile(rb"<sst")


class PerluPindaiPenuh(Exception):
    """The member is not in the canonical form: scan it with the exact expat scanner."""


class PemindaiBita:
    """Streams one XML member as raw bytes; same refusals as the exact scanner.

    The furthest row and column are kept exactly but cheaply: each chunk is searched once for
    a cell beyond the furthest so far (:func:`_pola_baris_lebih`, :func:`_pola_kolom_lebih`),
    and only a chunk holding one is read cell by cell.
    """

    def __init__(self, batas: Batas) -> None:
        self.batas = batas
        self.baris_terjauh = 0
        self.kolom_terjauh = 0
        self.sisa = b""
        self.awal = True

    def isi(self, potong: bytes, akhir: bool = False) -> None:
        if self.awal:  # the encoding is decided on the first 512 bytes
            kepala = self.sisa + potong
            if len(kepala) < _KEPALA and not akhir:
                self.sisa = kepala
                return
            self.awal = False
            _periksa_pengkodean(kepala[:_KEPALA])
        buf = self.sisa + potong
        potongan = buf.rfind(b"<")
        if potongan < 0 or akhir or buf.find(b">", potongan) >= 0:
            self.sisa = b""
            self._pindai(buf)
        else:  # the last tag is unfinished: keep it for the next chunk
            self.sisa = buf[potongan:]
            if len(self.sisa) > _TAG_MAKS:
                raise PerluPindaiPenuh
            self._pindai(buf[:potongan])
        if akhir:
            periksa_luas(self.baris_terjauh, self.kolom_terjauh, self.batas)

    def _pindai(self, teks: bytes) -> None:
        if _TANDA_SERU.search(teks):
            _periksa_dtd(teks)
        if _BERAWALAN.search(teks) or _SEL_LAIN.search(teks) or _BARIS_LAIN.search(teks):
            raise PerluPindaiPenuh
        if _TAG_SST.search(teks):
            self._sst(teks)
        baris = _BARIS.findall(teks)
        if baris:
            self.baris_terjauh = max(self.baris_terjauh, *map(int, baris))
        if _pola_baris_lebih(self.baris_terjauh).search(teks):
            self.baris_terjauh = max(self.baris_terjauh, *map(int, set(_SEL.findall(teks))))
        if _pola_kolom_lebih(self.kolom_terjauh).search(teks):
            kolom = set(_SEL_KOLOM.findall(teks))
            self.kolom_terjauh = max(
                self.kolom_terjauh, *(ubah_kolom_ke_angka(k.decode()) for k in kolom)
            )

    def _sst(self, teks: bytes) -> None:
        for tag in _SST.findall(teks):
            if b"uniqueCount" in tag:
                unik = _UNIK.search(tag)
                if unik is None:
                    raise PerluPindaiPenuh
                periksa_teks_unik(unik.group(1).decode("ascii", "replace"), self.batas)


@functools.lru_cache(maxsize=256)
def _pola_baris_lebih(angka: int) -> re.Pattern[bytes]:
    """A canonical cell whose row number is greater than ``angka``."""
    s = str(angka)
    cabang = [rf"[1-9]\d{{{len(s)},11}}"]
    cabang += [
        rf"{s[:i]}[{int(d) + 1}-9]\d{{{len(s) - i - 1}}}" for i, d in enumerate(s) if d != "9"
    ]
    return re.compile(rf'<c r="[A-Z]{{1,4}}0*(?:{"|".join(cabang)})"'.encode())


@functools.lru_cache(maxsize=256)
def _pola_kolom_lebih(angka: int) -> re.Pattern[bytes]:
    """A canonical cell whose column is further right than column number ``angka``."""
    s = ubah_angka_ke_kolom(angka)
    cabang = [rf"[A-Z]{{{len(s) + 1},4}}"]
    cabang += [
        f"{s[:i]}[{chr(ord(h) + 1)}-Z][A-Z]{{{len(s) - i - 1}}}"
        for i, h in enumerate(s)
        if h != "Z"
    ]
    return re.compile(rf'<c r="(?:{"|".join(cabang)})\d'.encode())


def ubah_angka_ke_kolom(angka: int) -> str:
    """Column letters of column number ``angka`` (``""`` for 0, ``A`` for 1, ``AA`` for 27)."""
    huruf = ""
    while angka > 0:
        angka, sisa = divmod(angka - 1, 26)
        huruf = chr(65 + sisa) + huruf
    return huruf


def _periksa_pengkodean(awal: bytes) -> None:
    """Only ASCII-compatible parts are scanned as bytes (UTF-16 could hide a DOCTYPE)."""
    if awal.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in awal[:4]:
        raise PerluPindaiPenuh
    deklarasi = awal.removeprefix(b"\xef\xbb\xbf")
    if deklarasi.startswith(b"<?xml"):
        akhir = deklarasi.find(b"?>")
        if akhir < 0:  # a declaration longer than the first bytes: let expat read it
            raise PerluPindaiPenuh
        pengkodean = _PENGKODEAN.search(deklarasi[:akhir])
        if pengkodean and pengkodean.group(1).lower() not in _PENGKODEAN_ASCII:
            raise PerluPindaiPenuh


def _periksa_dtd(teks: bytes) -> None:
    """``<!DOCTYPE`` or ``<!ENTITY`` anywhere (any case; comments and CDATA also ``<!``)."""
    posisi = teks.find(b"<!")
    while posisi >= 0:
        if teks[posisi : posisi + 9].lower().startswith(_DTD):
            raise XmlDitolak(
                "berisi deklarasi DTD/entitas XML, yang tidak pernah ada di berkas Excel yang "
                "sah (kemungkinan serangan 'billion laughs' atau XXE)"
            )
        posisi = teks.find(b"<!", posisi + 2)
