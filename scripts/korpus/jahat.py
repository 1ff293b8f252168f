"""Hostile and broken files that no table recipe can describe: named byte builders.

A case of ``kasus/*.yaml`` names one with ``bahan`` (the whole file) or ``ubah_xml`` (a rewrite of
one member of a generated workbook).
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from collections.abc import Callable

from scripts.korpus.tabel import PUS_JUDUL, SEED, Desa, baris_pus
from scripts.korpus.tulis import WAKTU, teks_csv
from scripts.xlsx_tetap import Ubah, zip_tetap

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HTML_XLSX = (
    b"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Ekspor</title></head><body>"
    b"<table><tr><th>KELURAHAN</th><th>PUS</th></tr><tr><td>GRABAG</td><td>512</td></tr>"
    b"</table></body></html>\n"
)


def zip_bom_rasio() -> bytes:
    """A tiny workbook whose sheet XML expands 2 MB of blanks (ratio far above 100:1)."""
    sheet = b'<?xml version="1.0"?><worksheet>' + b" " * (2 << 20) + b"</worksheet>"
    anggota = [("[Content_Types].xml", CONTENT_TYPES), ("xl/worksheets/sheet1.xml", sheet)]
    return zip_tetap(anggota, WAKTU)


def zip_bom_deklarasi() -> bytes:
    """A tiny workbook whose central directory declares a member of almost 2 GB."""
    anggota = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("xl/worksheets/sheet1.xml", b"<worksheet/>"),
    ]
    data = bytearray(zip_tetap(anggota, WAKTU))
    posisi = data.rfind(b"PK\x01\x02")  # central directory entry of the last member
    struct.pack_into("<I", data, posisi + 24, 0x7FFF_FFFF)  # uncompressed size
    return bytes(data)


def zip_titik_dua() -> bytes:
    """A workbook-looking zip with a member named ``../`` (escapes an extraction folder)."""
    anggota = [("[Content_Types].xml", CONTENT_TYPES), ("../../xl/worksheets/sheet1.xml", b"<w/>")]
    return zip_tetap(anggota, WAKTU)


def dtd_entitas(nama: str, data: bytes) -> bytes:
    """Plant a DTD with nested entities (the start of a 'billion laughs') in the sheet XML."""
    if nama != "xl/worksheets/sheet1.xml":
        return data
    dtd = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    return dtd + data.replace(b"HARJOBINANGUN", b"&b;")


def sampah_biner() -> bytes:
    """Seeded random bytes with NULs (a corrupt download saved as .csv)."""
    rng = random.Random(SEED + 9)
    return b"\x00\x01\x02" + rng.randbytes(509)


def terpotong(desa: list[Desa]) -> bytes:
    """The first half of a valid workbook (no end-of-archive record)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as arsip:
        info = zipfile.ZipInfo("[Content_Types].xml", date_time=WAKTU.timetuple()[:6])
        arsip.writestr(info, CONTENT_TYPES)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=WAKTU.timetuple()[:6])
        arsip.writestr(info, teks_csv([PUS_JUDUL, *baris_pus(desa[:5])]).encode())
    data = buffer.getvalue()
    return data[: len(data) // 2]


BAHAN: dict[str, Callable[[list[Desa]], bytes]] = {
    "kosong": lambda desa: b"",
    "sampah_biner": lambda desa: sampah_biner(),
    "html_palsu": lambda desa: HTML_XLSX,
    "bom_zip_rasio": lambda desa: zip_bom_rasio(),
    "bom_zip_deklarasi": lambda desa: zip_bom_deklarasi(),
    "zip_titik_dua": lambda desa: zip_titik_dua(),
    "terpotong": terpotong,
    "xls_lama": lambda desa: OLE2 + bytes(1024),
}
"""Whole files by name (``bahan``), built from the desa slice where they need rows."""

UBAH_XML: dict[str, Ubah] = {"dtd_entitas": dtd_entitas}
"""Rewrites of a generated workbook's members by name (``ubah_xml``)."""
