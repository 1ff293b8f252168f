"""Zip checks of the preflight: an ``.xlsx`` archive is inspected before any reader opens it.

Structure first, cheaply, from the end record and the central directory (member count,
directory size, member names, encryption, compression method, declared sizes and ratios);
then every member is streamed in small chunks from its raw data, never read fully into
memory, so the real size is measured whatever the archive declares, and XML members are
scanned: small ones by :class:`~transforms.baca.xml.PemindaiXml` (expat), large ones (the
sheets and shared strings) by the byte-level :class:`~transforms.baca.xml_cepat.PemindaiBita`.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO
from xml.parsers import expat

from schemas.batas import Batas
from transforms.baca.tolak import tampilkan_nama, tampilkan_ribuan, tampilkan_ukuran, tolak_berkas
from transforms.baca.xml import PemindaiXml, XmlDitolak
from transforms.baca.xml_cepat import PemindaiBita, PerluPindaiPenuh

_POTONG = 1 << 20  # chunk size for streaming members
_CD_PER_ANGGOTA = 1024  # central-directory bytes allowed per member (a real entry is ~100)
_EOCD = b"PK\x05\x06"
_EOCD64_LOKATOR = b"PK\x06\x07"
_HEADER_LOKAL = b"PK\x03\x04"
_FOLDER_LEMBAR = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/")
# XML parts up to this size (uncompressed) get the exact expat scan; larger ones the byte scan
UKURAN_PINDAI_PENUH = 1 << 20


def periksa_zip(fh: BinaryIO, ukuran: int, nama: str, batas: Batas) -> None:
    """Structure first (cheap, from the central directory), then every member streamed."""
    _periksa_eocd(fh, ukuran, nama, batas)
    fh.seek(0)
    try:
        with zipfile.ZipFile(fh) as arsip:
            daftar = arsip.infolist()
    except Exception:  # hostile archives raise many error types
        raise tolak_berkas(nama, "bukan arsip zip yang sah atau arsipnya rusak") from None
    _periksa_daftar(daftar, nama, batas)
    for info in daftar:
        _periksa_isi(fh, info, nama, batas)


def _periksa_eocd(fh: BinaryIO, ukuran: int, nama: str, batas: Batas) -> None:
    """Member count and central-directory size from the end record, before ``ZipFile``."""
    ekor_mulai = max(0, ukuran - (22 + 0xFFFF))
    fh.seek(ekor_mulai)
    ekor = fh.read()
    posisi = ekor.rfind(_EOCD)
    if posisi < 0 or len(ekor) - posisi < 22:
        raise tolak_berkas(
            nama, "bukan arsip zip yang sah (akhir arsip tidak ada; berkas terpotong?)"
        )
    jumlah, ukuran_cd = struct.unpack_from("<HI", ekor, posisi + 10)
    lokator = posisi - 20
    if (jumlah == 0xFFFF or ukuran_cd == 0xFFFFFFFF) and lokator >= 0:
        (awal64,) = struct.unpack_from("<Q", ekor, lokator + 8)
        if ekor[lokator : lokator + 4] == _EOCD64_LOKATOR and awal64 < ukuran:
            fh.seek(awal64)
            rekaman = fh.read(56)
            if len(rekaman) == 56 and rekaman[:4] == b"PK\x06\x06":
                jumlah, ukuran_cd = struct.unpack_from("<QQ", rekaman, 32)
    _periksa_jumlah_anggota(jumlah, nama, batas)
    if ukuran_cd > batas.anggota_zip_maks * _CD_PER_ANGGOTA:
        raise tolak_berkas(
            nama,
            f"daftar isi arsip {tampilkan_ukuran(ukuran_cd)} melebihi batas "
            f"{tampilkan_ukuran(batas.anggota_zip_maks * _CD_PER_ANGGOTA)}",
        )


def _periksa_jumlah_anggota(jumlah: int, nama: str, batas: Batas) -> None:
    if jumlah > batas.anggota_zip_maks:
        raise tolak_berkas(
            nama,
            f"arsip berisi {tampilkan_ribuan(jumlah)} bagian, melebihi batas "
            f"{tampilkan_ribuan(batas.anggota_zip_maks)}",
        )


def _nama_anggota_berbahaya(nama: str) -> bool:
    """Absolute, drive-qualified or ``..`` member names could escape an extraction folder."""
    bagian = re.split(r"[\\/]", nama)
    return (
        nama.startswith(("/", "\\"))
        or re.match(r"[A-Za-z]:", nama) is not None
        or ".." in bagian
        or "\x00" in nama
    )


def _periksa_daftar(daftar: list[zipfile.ZipInfo], nama: str, batas: Batas) -> None:
    _periksa_jumlah_anggota(len(daftar), nama, batas)
    nama_anggota = [info.filename for info in daftar]
    berbahaya = [n for n in nama_anggota if _nama_anggota_berbahaya(n)]
    if berbahaya:
        raise tolak_berkas(
            nama, f"nama bagian arsip keluar dari folder: {tampilkan_nama(repr(berbahaya[0]))}"
        )
    if len(set(nama_anggota)) != len(nama_anggota):
        ganda = next(n for n in nama_anggota if nama_anggota.count(n) > 1)
        raise tolak_berkas(nama, f"nama bagian arsip ganda: {tampilkan_nama(repr(ganda))}")
    for info in daftar:
        if info.flag_bits & 0x1:
            raise tolak_berkas(nama, "berkas dilindungi kata sandi (bagian arsip terenkripsi)")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise tolak_berkas(
                nama, f"metode kompresi {info.compress_type} tidak lazim untuk berkas Excel"
            )
    _periksa_ukuran_isi(daftar, nama, batas)
    if "[Content_Types].xml" not in nama_anggota:
        raise tolak_berkas(nama, "bukan berkas Excel yang sah (tidak ada [Content_Types].xml)")


def _rasio(isi: int, mampat: int) -> float:
    return isi / max(mampat, 1)


def _periksa_ukuran_isi(daftar: list[zipfile.ZipInfo], nama: str, batas: Batas) -> None:
    """Declared uncompressed total and compression ratios (per member and overall)."""
    total = sum(info.file_size for info in daftar)
    if total > batas.isi_zip_maks:
        raise tolak_berkas(
            nama,
            f"ukuran isi setelah dibuka {tampilkan_ukuran(total)} melebihi batas "
            f"{tampilkan_ukuran(batas.isi_zip_maks)} (kemungkinan zip bomb)",
        )
    for info in daftar:
        rasio = _rasio(info.file_size, info.compress_size)
        if info.file_size > batas.ambang_rasio and rasio > batas.rasio_kompresi_maks:
            raise tolak_berkas(
                nama,
                f"bagian '{tampilkan_nama(info.filename)}' dimampatkan {rasio:.0f}:1 "
                f"({tampilkan_ukuran(info.file_size)} dari "
                f"{tampilkan_ukuran(info.compress_size)}), melebihi "
                f"batas {batas.rasio_kompresi_maks:g}:1 (kemungkinan zip bomb)",
            )
    rasio = _rasio(total, sum(info.compress_size for info in daftar))
    if total > batas.ambang_rasio and rasio > batas.rasio_kompresi_maks:
        raise tolak_berkas(
            nama,
            f"arsip dimampatkan {rasio:.0f}:1 secara keseluruhan, melebihi batas "
            f"{batas.rasio_kompresi_maks:g}:1 (kemungkinan zip bomb)",
        )


def _alirkan(fh: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """Decompressed bytes of one member in chunks of at most ``_POTONG``, from the raw data.

    Reads the local header itself, so the amount produced is what the data really holds,
    whatever the central directory declares. Raises ``ValueError`` on truncated data.
    """
    fh.seek(info.header_offset)
    lokal = fh.read(30)
    if len(lokal) < 30 or lokal[:4] != _HEADER_LOKAL:
        raise ValueError("header lokal tidak ditemukan")
    panjang_nama, panjang_extra = struct.unpack_from("<HH", lokal, 26)
    fh.seek(info.header_offset + 30 + panjang_nama + panjang_extra)
    pembuka = zlib.decompressobj(-zlib.MAX_WBITS)
    sisa = info.compress_size
    while sisa > 0 and not pembuka.eof:
        mentah = fh.read(min(_POTONG, sisa))
        if not mentah:
            raise ValueError("data terpotong")
        sisa -= len(mentah)
        if info.compress_type == zipfile.ZIP_STORED:
            yield mentah
        else:
            yield from _inflate(pembuka, mentah)
    if info.compress_type != zipfile.ZIP_STORED:
        yield from _inflate(pembuka, b"")
        if not pembuka.eof:
            raise ValueError("aliran deflate tidak selesai")


def _inflate(pembuka: Any, data: bytes) -> Iterator[bytes]:
    """Feed ``data`` to a zlib decompressor, yielding bounded chunks until nothing is pending."""
    while True:
        hasil = pembuka.decompress(data, _POTONG)
        if hasil:
            yield hasil
        data = pembuka.unconsumed_tail
        if not data and len(hasil) < _POTONG:
            return


def _tampak_xml(awal: bytes) -> bool:
    if awal.startswith((b"\xff\xfe<", b"\xfe\xff\x00<")):
        return True
    return awal.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


def _perlu_dipindai(nama_anggota: str, awal: bytes) -> bool:
    """Whether a member is XML a reader may parse (VML drawings are legacy, not parsed)."""
    kecil = nama_anggota.lower()
    if kecil.endswith(".vml") and not kecil.startswith(_FOLDER_LEMBAR):
        return False
    return kecil.endswith((".xml", ".rels")) or _tampak_xml(awal)


def _periksa_isi(fh: BinaryIO, info: zipfile.ZipInfo, nama: str, batas: Batas) -> None:
    """Stream one member: real size against the declared one, and XML checks."""
    bagian = f"bagian '{tampilkan_nama(info.filename)}'"
    try:
        terbaca = _pindai_anggota(fh, info, nama, batas)
    except XmlDitolak as exc:
        raise tolak_berkas(nama, f"{bagian} {exc}") from None
    except expat.ExpatError as exc:
        raise tolak_berkas(nama, f"{bagian} berisi XML yang rusak (baris {exc.lineno})") from None
    except zlib.error:
        raise tolak_berkas(nama, f"{bagian} rusak (data terkompresinya tidak sah)") from None
    except ValueError as exc:
        raise tolak_berkas(nama, f"{bagian} rusak ({exc})") from None
    except OSError as exc:
        raise tolak_berkas(nama, f"{bagian} tidak dapat dibaca ({exc.strerror})") from None
    if terbaca != info.file_size:
        raise tolak_berkas(
            nama,
            f"{bagian} rusak (terbaca {tampilkan_ukuran(terbaca)}, "
            f"dinyatakan {tampilkan_ukuran(info.file_size)})",
        )


def _pindai_anggota(fh: BinaryIO, info: zipfile.ZipInfo, nama: str, batas: Batas) -> int:
    """Bytes really held by one member; XML members are scanned on the way.

    Small XML parts go through the exact expat scanner (:class:`PemindaiXml`, which also
    checks well-formedness); larger ones through the byte-level :class:`PemindaiBita`, and
    again through the exact scanner if they are not in the canonical form it trusts.
    """
    cepat = info.file_size > UKURAN_PINDAI_PENUH
    try:
        return _alirkan_pindai(fh, info, nama, batas, cepat=cepat)
    except PerluPindaiPenuh:
        return _alirkan_pindai(fh, info, nama, batas, cepat=False)


def _alirkan_pindai(
    fh: BinaryIO, info: zipfile.ZipInfo, nama: str, batas: Batas, *, cepat: bool
) -> int:
    terbaca = 0
    pemindai: PemindaiXml | PemindaiBita | None = None
    for potong in _alirkan(fh, info):
        if terbaca == 0 and _perlu_dipindai(info.filename, potong):
            pemindai = PemindaiBita(batas) if cepat else PemindaiXml(batas)
        terbaca += len(potong)
        if terbaca > info.file_size:
            raise tolak_berkas(
                nama,
                f"isi bagian '{tampilkan_nama(info.filename)}' lebih besar dari yang dinyatakan "
                f"({tampilkan_ukuran(info.file_size)}) (kemungkinan zip bomb)",
            )
        if pemindai is not None:
            pemindai.isi(potong)
    if pemindai is not None:
        pemindai.isi(b"", akhir=True)
    return terbaca
