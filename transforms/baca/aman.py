"""Preflight of an incoming file: it runs BEFORE any parser sees the file.

:func:`periksa_berkas` refuses (with :class:`~transforms.baca.tolak.BerkasBerbahaya`, a Bahasa
Indonesia message naming the file, the measured value and the limit) files that are missing or
not regular, symbolic links leaving their folder, empty or too large files, password-protected
workbooks, and files named ``.xlsx`` that are really HTML, CSV text or old ``.xls`` (the type
is recognised by content, not by name). Zip archives go on to :func:`periksa_zip` (zip bombs,
hostile member names, XML bombs). Limits are :class:`~schemas.batas.Batas`.
"""

from __future__ import annotations

import os
import stat
import struct
from pathlib import Path
from typing import BinaryIO

from schemas.batas import Batas, muat_batas
from transforms.baca.tolak import tampilkan_nama, tampilkan_ukuran, tolak_berkas
from transforms.baca.zip import periksa_zip

MAGIC_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
MAGIC_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EKSTENSI_EXCEL = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls"})


def periksa_berkas(path: Path, batas: Batas | None = None, *, akar: Path | None = None) -> None:
    """Refuse a hostile or broken file before any parser sees it.

    Raises :class:`~transforms.baca.tolak.BerkasBerbahaya` (a
    :class:`~transforms.baca.tabel.BerkasTidakTerbaca`) with a Bahasa message. ``batas`` defaults to
    :func:`~schemas.batas.muat_batas`. A symbolic link must point inside ``akar`` (default: the
    folder holding the link); when ``akar`` is given, the resolved file itself must lie inside
    it too.
    """
    path = Path(path)
    batas = muat_batas() if batas is None else batas
    nama = tampilkan_nama(path.name)
    with _buka(path, akar, nama) as fh:
        ukuran = os.fstat(fh.fileno()).st_size
        if ukuran == 0:
            raise tolak_berkas(nama, "berkas kosong (0 bita)")
        awal = fh.read(4096)
        ekstensi = path.suffix.lower()
        jenis = _jenis(awal, ekstensi)
        maks = batas.ukuran_maks_csv if jenis == "teks" else batas.ukuran_maks_xlsx
        if ukuran > maks:
            raise tolak_berkas(
                nama, f"ukuran {tampilkan_ukuran(ukuran)} melebihi batas {tampilkan_ukuran(maks)}"
            )
        if jenis == "zip":
            periksa_zip(fh, ukuran, nama, batas)
        elif jenis == "ole2":
            _periksa_ole2(fh, ekstensi, nama)
        elif jenis == "palsu":
            raise tolak_berkas(
                nama,
                f"bukan berkas Excel yang sah: isinya tampak seperti {_tebak_isi(awal)}, "
                f"bukan {ekstensi}; buka di Excel lalu simpan ulang sebagai .xlsx",
            )


def _buka(path: Path, akar: Path | None, nama: str) -> BinaryIO:
    """Open a regular file for reading, refusing devices, pipes, folders and escaping links."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise tolak_berkas(nama, "berkas tidak ditemukan") from None
    except OSError as exc:
        raise tolak_berkas(nama, f"berkas tidak dapat diakses ({exc.strerror})") from None
    if stat.S_ISLNK(info.st_mode) or akar is not None:
        _periksa_tautan(path, akar, nama)
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise tolak_berkas(nama, "bukan berkas biasa (folder, perangkat atau pipa)")
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
    except OSError as exc:
        raise tolak_berkas(nama, f"berkas tidak dapat dibuka ({exc.strerror})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between the check and the open
        os.close(fd)
        raise tolak_berkas(nama, "bukan berkas biasa (folder, perangkat atau pipa)")
    return os.fdopen(fd, "rb")


def _periksa_tautan(path: Path, akar: Path | None, nama: str) -> None:
    folder = (akar if akar is not None else path.parent).resolve()
    try:
        tujuan = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise tolak_berkas(nama, "tautan simbolik rusak atau berputar") from None
    if not tujuan.is_relative_to(folder):
        raise tolak_berkas(
            nama, f"menunjuk ke luar folder yang diizinkan ({tampilkan_nama(str(folder))})"
        )


def _jenis(awal: bytes, ekstensi: str) -> str:
    """``zip``, ``ole2``, ``palsu`` (an Excel name on something else) or ``teks``."""
    if awal.startswith(MAGIC_ZIP):
        return "zip"
    if awal.startswith(MAGIC_OLE2):
        return "ole2"
    return "palsu" if ekstensi in EKSTENSI_EXCEL else "teks"


def _tebak_isi(awal: bytes) -> str:
    """What a file that is not a real workbook looks like, in words."""
    if awal.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "teks UTF-16 (mis. 'Teks Unicode' dari Excel)"
    teks = awal.removeprefix(b"\xef\xbb\xbf").lstrip()
    kecil = teks[:2048].lower()
    if kecil.startswith(b"<!doctype html") or b"<html" in kecil or b"<table" in kecil:
        return "halaman HTML (mis. hasil 'ekspor ke Excel' dari aplikasi web)"
    if kecil.startswith(b"<"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in kecil:
            return "XML Spreadsheet 2003"
        return "dokumen XML"
    if teks.startswith(b"%PDF"):
        return "dokumen PDF"
    if b"\x00" in teks:
        return "data biner yang tidak dikenal"
    baris = teks.split(b"\n", 1)[0].decode("utf-8", "replace")
    if any(pemisah in baris for pemisah in (";", ",", "\t", "|")):
        return "teks CSV"
    return "teks biasa"


def _periksa_ole2(fh: BinaryIO, ekstensi: str, nama: str) -> None:
    if _ole2_terenkripsi(fh):
        raise tolak_berkas(
            nama,
            "berkas dilindungi kata sandi (terenkripsi); buka kuncinya di Excel lalu simpan "
            "ulang tanpa kata sandi",
        )
    if ekstensi != ".xls":
        raise tolak_berkas(
            nama,
            f"isinya berkas Excel lama (.xls, format OLE2) walau berekstensi '{ekstensi}'; "
            "buka di Excel lalu simpan ulang sebagai .xlsx",
        )


def _ole2_terenkripsi(fh: BinaryIO) -> bool:
    """Whether the first directory sectors of an OLE2 file name an ``EncryptedPackage``.

    Encrypted OOXML is an OLE2 container holding ``EncryptionInfo`` and ``EncryptedPackage``;
    their directory entries sit near the start of the directory, so reading the first few
    directory sectors (at most 16 KB) is enough in practice.
    """
    fh.seek(0)
    header = fh.read(512)
    if len(header) < 512:
        return False
    (geser,) = struct.unpack_from("<H", header, 0x1E)
    (sektor_dir,) = struct.unpack_from("<I", header, 0x30)
    if geser not in (9, 12) or sektor_dir >= 0xFFFFFFFA:
        return False
    ukuran_sektor = 1 << geser
    fh.seek((sektor_dir + 1) * ukuran_sektor)
    sektor = fh.read(min(4 * ukuran_sektor, 16384))
    nama = set()
    for i in range(0, len(sektor) - 127, 128):
        (panjang,) = struct.unpack_from("<H", sektor, i + 0x40)
        if 2 <= panjang <= 64:
            nama.add(sektor[i : i + panjang - 2].decode("utf-16-le", "replace"))
    return bool(nama & {"EncryptedPackage", "EncryptionInfo"})
