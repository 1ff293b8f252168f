"""Hostile files built at test time for the preflight tests (no binary fixture is committed)."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from schemas.batas import Batas
from transforms.baca.aman import periksa_berkas
from transforms.baca.tolak import BerkasBerbahaya

MB = 1 << 20
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)
SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    b"%s</sheetData></worksheet>"
)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def buat_zip(path: Path, anggota: dict[str, bytes], content_types: bool = True) -> Path:
    """A small OOXML-looking zip (deflated) with the given members."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if content_types:
            z.writestr("[Content_Types].xml", CONTENT_TYPES)
        for nama, isi in anggota.items():
            z.writestr(nama, isi)
    return path


def buat_lembar(path: Path, baris_tambahan: bytes = b"", awalan: bytes = b"") -> Path:
    return buat_zip(path, {"xl/worksheets/sheet1.xml": awalan + SHEET % baris_tambahan})


def buat_xlsx_openpyxl(path: Path) -> Path:
    buku = openpyxl.Workbook()
    buku.active["A1"] = "x"
    buku.active["A2"] = 1
    buku.save(path)
    return path


def ganti_anggota(src: Path, dst: Path, nama: str, isi: bytes) -> Path:
    with zipfile.ZipFile(src) as lama, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as baru:
        for info in lama.infolist():
            baru.writestr(info.filename, isi if info.filename == nama else lama.read(info))
    return dst


def ubah_ukuran_dinyatakan(path: Path, nama: str, ukuran: int) -> None:
    """Patch the uncompressed size a zip declares for one member (central and local headers)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(nama)
    struct.pack_into("<I", data, info.header_offset + 22, ukuran)
    nama_b = nama.encode()
    posisi = data.find(b"PK\x01\x02")
    while posisi >= 0:
        (panjang,) = struct.unpack_from("<H", data, posisi + 28)
        if data[posisi + 46 : posisi + 46 + panjang] == nama_b:
            struct.pack_into("<I", data, posisi + 24, ukuran)
        posisi = data.find(b"PK\x01\x02", posisi + 4)
    path.write_bytes(bytes(data))


def buat_ole2(path: Path, nama_stream: list[str]) -> Path:
    """Header of a compound file with one directory sector naming ``nama_stream``."""
    header = bytearray(512)
    header[:8] = OLE2
    struct.pack_into("<H", header, 0x1E, 9)  # 512-byte sectors
    struct.pack_into("<I", header, 0x30, 0)  # first directory sector
    sektor = bytearray(512)
    for i, nama in enumerate(["Root Entry", *nama_stream][:4]):
        kode = (nama + "\x00").encode("utf-16-le")
        sektor[i * 128 : i * 128 + len(kode)] = kode
        struct.pack_into("<H", sektor, i * 128 + 0x40, len(kode))
    path.write_bytes(bytes(header) + bytes(sektor) + bytes(1024))
    return path


def ditolak(path: Path, batas: Batas | None = None, **kwargs: object) -> str:
    with pytest.raises(BerkasBerbahaya) as info:
        periksa_berkas(path, batas, **kwargs)
    pesan = str(info.value)
    assert pesan.startswith(f"Berkas '{path.name}' ditolak: ")
    return pesan
