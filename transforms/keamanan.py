"""Defences against hostile input and output files.

No file, however broken or hostile, may take the pipeline down or leak into the output:

* :func:`periksa_berkas` is a preflight that runs BEFORE any parser. It refuses (with
  :class:`BerkasBerbahaya`, a Bahasa Indonesia message naming the file, the measured value and
  the limit) files that are missing or not regular, too large, zip bombs (declared or actual
  uncompressed size, compression ratio, member count), zips with absolute or ``..`` member
  names, XML parts that declare a DTD or entities, worksheets whose cell bounding box would make
  calamine allocate gigabytes (one cell at ``XFD1048576`` is enough to abort the process), a
  ``sharedStrings.xml`` whose ``uniqueCount`` would do the same, password-protected workbooks,
  and files named ``.xlsx`` that are really HTML, CSV text or old ``.xls``. Members are streamed
  in small chunks, never read fully into memory. Limits are :class:`Batas`, loaded from
  ``catalog/batas.yaml`` and overridable with ``INDIKATOR_BATAS_<NAME>`` environment variables.
* XML: openpyxl uses defusedxml automatically when it is installed; :func:`pastikan_defusedxml`
  checks that it really does. Any XML the project parses itself must use
  ``defusedxml.ElementTree`` (never ``xml.etree`` directly); nothing here monkeypatches the
  standard library globally.
* :func:`nama_aman`: a file name taken from inside a file or from a user never becomes a path.
* Formula escaping: every CSV/XLSX cell the project writes goes through :func:`escape_sel` when
  it is text, so a value such as ``=HYPERLINK(...)`` coming from a reported file is shown, never
  executed. Use :func:`tulis_csv_aman` and :func:`tulis_xlsx_aman` to write.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import math
import os
import re
import stat
import struct
import typing
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, BinaryIO
from xml.parsers import expat

import numpy as np
import pandas as pd
import yaml

from transforms.read import BerkasTidakTerbaca

AWALAN_RUMUS = ("=", "+", "-", "@", "\t", "\r")

BATAS_YAML = Path(__file__).resolve().parents[1] / "catalog" / "batas.yaml"
AWALAN_ENV = "INDIKATOR_BATAS_"

MAGIC_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
MAGIC_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EKSTENSI_EXCEL = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls"})

_POTONG = 1 << 20  # chunk size for streaming members
_CD_PER_ANGGOTA = 1024  # central-directory bytes allowed per member (a real entry is ~100)
_EOCD = b"PK\x05\x06"
_EOCD64_LOKATOR = b"PK\x06\x07"
_HEADER_LOKAL = b"PK\x03\x04"
_FOLDER_LEMBAR = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/")
_DIGIT = "0123456789"
_TANPA_BATAS = 1 << 62  # stands for "absurdly large" when a reference is too long to parse
_NAMA_WINDOWS = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{dev}{i}" for dev in ("COM", "LPT") for i in range(10)}
)
_NAMA_PANJANG_MAKS = 120
_EKSTENSI_PANJANG_MAKS = 16


class BerkasBerbahaya(BerkasTidakTerbaca):
    """A file refused by the preflight (message in Bahasa Indonesia)."""


def _tolak(nama: str, alasan: str) -> BerkasBerbahaya:
    return BerkasBerbahaya(f"Berkas '{nama}' ditolak: {alasan}.")


# --------------------------------------------------------------------------- limits


def _dari_katalog(nama: str) -> Any:
    """Dataclass field whose default is read (once) from ``catalog/batas.yaml``."""
    return field(default_factory=lambda: _bawaan()[nama])


@dataclass(frozen=True)
class Batas:
    """Limits for incoming files; defaults come from ``catalog/batas.yaml``.

    Sizes are in bytes. ``rasio_kompresi_maks`` is checked only for members (or archives)
    larger than ``ambang_rasio`` once uncompressed. ``sel_maks`` bounds the rectangle
    (furthest row x furthest column) of one worksheet and the declared shared-string count.
    """

    ukuran_maks_csv: int = _dari_katalog("ukuran_maks_csv")
    ukuran_maks_xlsx: int = _dari_katalog("ukuran_maks_xlsx")
    anggota_zip_maks: int = _dari_katalog("anggota_zip_maks")
    isi_zip_maks: int = _dari_katalog("isi_zip_maks")
    rasio_kompresi_maks: float = _dari_katalog("rasio_kompresi_maks")
    ambang_rasio: int = _dari_katalog("ambang_rasio")
    baris_maks: int = _dari_katalog("baris_maks")
    kolom_maks: int = _dari_katalog("kolom_maks")
    sel_maks: int = _dari_katalog("sel_maks")

    def __post_init__(self) -> None:
        for f in fields(self):
            nilai = _angka(getattr(self, f.name), f.name)
            object.__setattr__(self, f.name, nilai)


@functools.cache
def _jenis_batas() -> dict[str, type]:
    """Field name -> ``int`` or ``float``."""
    hints = typing.get_type_hints(Batas)
    return {f.name: hints[f.name] for f in fields(Batas)}


_SATUAN = {"": 1, "B": 1} | {
    awalan + akhiran: 1 << (10 * (i + 1))
    for i, awalan in enumerate("KMGT")
    for akhiran in ("", "B")
}
_POLA_ANGKA = re.compile(r"(\d+(?:\.\d+)?)\s*([A-Za-z]*)")


def _angka(nilai: object, nama: str) -> int | float:
    """A limit value as ``int`` (or ``float`` for the ratio); strings may carry KB/MB/GB."""
    jenis = _jenis_batas().get(nama)
    if jenis is None:
        raise ValueError(f"batas '{nama}' tidak dikenal; yang dikenal: {', '.join(_jenis_batas())}")
    hasil: float | None = None
    if isinstance(nilai, int | float) and not isinstance(nilai, bool):
        hasil = nilai
    elif isinstance(nilai, str):
        cocok = _POLA_ANGKA.fullmatch(nilai.strip().replace("_", ""))
        if cocok and cocok.group(2).upper() in _SATUAN:
            hasil = float(cocok.group(1)) * _SATUAN[cocok.group(2).upper()]
    if hasil is None or not math.isfinite(hasil) or hasil <= 0:
        raise ValueError(f"batas '{nama}' bernilai {nilai!r}: harus angka lebih besar dari nol")
    if jenis is float:
        return float(hasil)
    if float(hasil) != int(hasil):
        raise ValueError(f"batas '{nama}' bernilai {nilai!r}: harus bilangan bulat")
    return int(hasil)


def _baca_yaml(path: Path) -> dict[str, int | float]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: isi berkas batas harus berupa pemetaan nama: nilai")
    return {str(k): _angka(v, str(k)) for k, v in data.items()}


@functools.cache
def _bawaan() -> dict[str, int | float]:
    """The default limits of ``catalog/batas.yaml`` (every limit must be there)."""
    data = _baca_yaml(BATAS_YAML)
    hilang = sorted(set(_jenis_batas()) - set(data))
    if hilang:
        raise ValueError(f"{BATAS_YAML}: batas belum diisi: {', '.join(hilang)}")
    return data


def _dari_env(env: Mapping[str, str]) -> dict[str, int | float]:
    hasil = {}
    for kunci, nilai in env.items():
        if not kunci.startswith(AWALAN_ENV):
            continue
        nama = kunci.removeprefix(AWALAN_ENV).lower()
        if nama not in _jenis_batas():
            dikenal = ", ".join(AWALAN_ENV + n.upper() for n in _jenis_batas())
            raise ValueError(f"variabel lingkungan {kunci} tidak dikenal; yang dikenal: {dikenal}")
        hasil[nama] = _angka(nilai, nama)
    return hasil


def muat_batas(path: Path | None = None) -> Batas:
    """Limits from ``catalog/batas.yaml`` (or ``path``), then ``INDIKATOR_BATAS_*`` overrides.

    A ``path`` may hold only some limits; the others keep the catalog defaults.
    """
    nilai = dict(_bawaan())
    if path is not None:
        nilai.update(_baca_yaml(path))
    nilai.update(_dari_env(os.environ))
    return Batas(**nilai)


# --------------------------------------------------------------------------- formatting


def _ukuran(n: float) -> str:
    """Human size with 1024 steps: ``500 MB``, ``2.1 GB``."""
    satuan = ("B", "KB", "MB", "GB", "TB")
    i = 0
    while n >= 1024 and i < len(satuan) - 1:
        n /= 1024
        i += 1
    teks = str(int(n)) if i == 0 else f"{n:.1f}".removesuffix(".0")
    return f"{teks} {satuan[i]}"


def _ribuan(n: int) -> str:
    """Integer with Indonesian thousands separators: ``1.048.576``."""
    return f"{n:,}".replace(",", ".")


def _nama_tampil(nama: str) -> str:
    """A file name fit for a message: no control characters, at most 120 characters."""
    bersih = "".join("?" if unicodedata.category(ch)[0] == "C" else ch for ch in nama)
    return bersih if len(bersih) <= _NAMA_PANJANG_MAKS else bersih[:_NAMA_PANJANG_MAKS] + "…"


# --------------------------------------------------------------------------- preflight


def periksa_berkas(path: Path, batas: Batas | None = None, *, akar: Path | None = None) -> None:
    """Refuse a hostile or broken file before any parser sees it.

    Raises :class:`BerkasBerbahaya` (a :class:`~transforms.read.BerkasTidakTerbaca`) with a
    Bahasa message. ``batas`` defaults to :func:`muat_batas`. A symbolic link must point inside
    ``akar`` (default: the folder holding the link); when ``akar`` is given, the resolved file
    itself must lie inside it too.
    """
    path = Path(path)
    batas = muat_batas() if batas is None else batas
    nama = _nama_tampil(path.name)
    with _buka(path, akar, nama) as fh:
        ukuran = os.fstat(fh.fileno()).st_size
        if ukuran == 0:
            raise _tolak(nama, "berkas kosong (0 bita)")
        awal = fh.read(4096)
        ekstensi = path.suffix.lower()
        jenis = _jenis(awal, ekstensi)
        maks = batas.ukuran_maks_csv if jenis == "teks" else batas.ukuran_maks_xlsx
        if ukuran > maks:
            raise _tolak(nama, f"ukuran {_ukuran(ukuran)} melebihi batas {_ukuran(maks)}")
        if jenis == "zip":
            _periksa_zip(fh, ukuran, nama, batas)
        elif jenis == "ole2":
            _periksa_ole2(fh, ekstensi, nama)
        elif jenis == "palsu":
            raise _tolak(
                nama,
                f"bukan berkas Excel yang sah: isinya tampak seperti {_tebak_isi(awal)}, "
                f"bukan {ekstensi}; buka di Excel lalu simpan ulang sebagai .xlsx",
            )


def _buka(path: Path, akar: Path | None, nama: str) -> BinaryIO:
    """Open a regular file for reading, refusing devices, pipes, folders and escaping links."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise _tolak(nama, "berkas tidak ditemukan") from None
    except OSError as exc:
        raise _tolak(nama, f"berkas tidak dapat diakses ({exc.strerror})") from None
    if stat.S_ISLNK(info.st_mode) or akar is not None:
        _periksa_tautan(path, akar, nama)
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise _tolak(nama, "bukan berkas biasa (folder, perangkat atau pipa)")
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
    except OSError as exc:
        raise _tolak(nama, f"berkas tidak dapat dibuka ({exc.strerror})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between the check and the open
        os.close(fd)
        raise _tolak(nama, "bukan berkas biasa (folder, perangkat atau pipa)")
    return os.fdopen(fd, "rb")


def _periksa_tautan(path: Path, akar: Path | None, nama: str) -> None:
    folder = (akar if akar is not None else path.parent).resolve()
    try:
        tujuan = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise _tolak(nama, "tautan simbolik rusak atau berputar") from None
    if not tujuan.is_relative_to(folder):
        raise _tolak(nama, f"menunjuk ke luar folder yang diizinkan ({_nama_tampil(str(folder))})")


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
        raise _tolak(
            nama,
            "berkas dilindungi kata sandi (terenkripsi); buka kuncinya di Excel lalu simpan "
            "ulang tanpa kata sandi",
        )
    if ekstensi != ".xls":
        raise _tolak(
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


# --------------------------------------------------------------------------- zip


def _periksa_zip(fh: BinaryIO, ukuran: int, nama: str, batas: Batas) -> None:
    """Structure first (cheap, from the central directory), then every member streamed."""
    _periksa_eocd(fh, ukuran, nama, batas)
    fh.seek(0)
    try:
        with zipfile.ZipFile(fh) as arsip:
            daftar = arsip.infolist()
    except Exception:  # hostile archives raise many error types
        raise _tolak(nama, "bukan arsip zip yang sah atau arsipnya rusak") from None
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
        raise _tolak(nama, "bukan arsip zip yang sah (akhir arsip tidak ada; berkas terpotong?)")
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
        raise _tolak(
            nama,
            f"daftar isi arsip {_ukuran(ukuran_cd)} melebihi batas "
            f"{_ukuran(batas.anggota_zip_maks * _CD_PER_ANGGOTA)}",
        )


def _periksa_jumlah_anggota(jumlah: int, nama: str, batas: Batas) -> None:
    if jumlah > batas.anggota_zip_maks:
        raise _tolak(
            nama,
            f"arsip berisi {_ribuan(jumlah)} bagian, melebihi batas "
            f"{_ribuan(batas.anggota_zip_maks)}",
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
        raise _tolak(
            nama, f"nama bagian arsip keluar dari folder: {_nama_tampil(repr(berbahaya[0]))}"
        )
    if len(set(nama_anggota)) != len(nama_anggota):
        ganda = next(n for n in nama_anggota if nama_anggota.count(n) > 1)
        raise _tolak(nama, f"nama bagian arsip ganda: {_nama_tampil(repr(ganda))}")
    for info in daftar:
        if info.flag_bits & 0x1:
            raise _tolak(nama, "berkas dilindungi kata sandi (bagian arsip terenkripsi)")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _tolak(
                nama, f"metode kompresi {info.compress_type} tidak lazim untuk berkas Excel"
            )
    _periksa_ukuran_isi(daftar, nama, batas)
    if "[Content_Types].xml" not in nama_anggota:
        raise _tolak(nama, "bukan berkas Excel yang sah (tidak ada [Content_Types].xml)")


def _rasio(isi: int, mampat: int) -> float:
    return isi / max(mampat, 1)


def _periksa_ukuran_isi(daftar: list[zipfile.ZipInfo], nama: str, batas: Batas) -> None:
    """Declared uncompressed total and compression ratios (per member and overall)."""
    total = sum(info.file_size for info in daftar)
    if total > batas.isi_zip_maks:
        raise _tolak(
            nama,
            f"ukuran isi setelah dibuka {_ukuran(total)} melebihi batas "
            f"{_ukuran(batas.isi_zip_maks)} (kemungkinan zip bomb)",
        )
    for info in daftar:
        rasio = _rasio(info.file_size, info.compress_size)
        if info.file_size > batas.ambang_rasio and rasio > batas.rasio_kompresi_maks:
            raise _tolak(
                nama,
                f"bagian '{_nama_tampil(info.filename)}' dimampatkan {rasio:.0f}:1 "
                f"({_ukuran(info.file_size)} dari {_ukuran(info.compress_size)}), melebihi "
                f"batas {batas.rasio_kompresi_maks:g}:1 (kemungkinan zip bomb)",
            )
    rasio = _rasio(total, sum(info.compress_size for info in daftar))
    if total > batas.ambang_rasio and rasio > batas.rasio_kompresi_maks:
        raise _tolak(
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
    bagian = f"bagian '{_nama_tampil(info.filename)}'"
    try:
        terbaca = _pindai_anggota(fh, info, nama, batas)
    except _XmlDitolak as exc:
        raise _tolak(nama, f"{bagian} {exc}") from None
    except expat.ExpatError as exc:
        raise _tolak(nama, f"{bagian} berisi XML yang rusak (baris {exc.lineno})") from None
    except zlib.error:
        raise _tolak(nama, f"{bagian} rusak (data terkompresinya tidak sah)") from None
    except ValueError as exc:
        raise _tolak(nama, f"{bagian} rusak ({exc})") from None
    except OSError as exc:
        raise _tolak(nama, f"{bagian} tidak dapat dibaca ({exc.strerror})") from None
    if terbaca != info.file_size:
        raise _tolak(
            nama,
            f"{bagian} rusak (terbaca {_ukuran(terbaca)}, dinyatakan {_ukuran(info.file_size)})",
        )


def _pindai_anggota(fh: BinaryIO, info: zipfile.ZipInfo, nama: str, batas: Batas) -> int:
    """Bytes really held by one member; XML members also go through :class:`_PemindaiXml`."""
    terbaca = 0
    pemindai: _PemindaiXml | None = None
    for potong in _alirkan(fh, info):
        if terbaca == 0 and _perlu_dipindai(info.filename, potong):
            pemindai = _PemindaiXml(batas)
        terbaca += len(potong)
        if terbaca > info.file_size:
            raise _tolak(
                nama,
                f"isi bagian '{_nama_tampil(info.filename)}' lebih besar dari yang dinyatakan "
                f"({_ukuran(info.file_size)}) (kemungkinan zip bomb)",
            )
        if pemindai is not None:
            pemindai.isi(potong)
    if pemindai is not None:
        pemindai.isi(b"", akhir=True)
    return terbaca


class _XmlDitolak(Exception):
    """Raised from inside an expat handler; the message completes a refusal sentence."""


@functools.lru_cache(maxsize=4096)
def _kolom_ke_angka(huruf: str) -> int:
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
    return baris, (_kolom_ke_angka(huruf) if huruf else 0)


class _PemindaiXml:
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
        raise _XmlDitolak(
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
        b = self.batas
        if self.baris_terjauh > b.baris_maks:
            raise _XmlDitolak(
                f"memakai baris ke-{_ribuan(self.baris_terjauh)}, melebihi batas "
                f"{_ribuan(b.baris_maks)} baris"
            )
        if self.kolom_terjauh > b.kolom_maks:
            raise _XmlDitolak(
                f"memakai kolom ke-{_ribuan(self.kolom_terjauh)}, melebihi batas "
                f"{_ribuan(b.kolom_maks)} kolom"
            )
        luas = self.baris_terjauh * self.kolom_terjauh
        if luas > b.sel_maks:
            raise _XmlDitolak(
                f"menjangkau {_ribuan(self.baris_terjauh)} baris x "
                f"{_ribuan(self.kolom_terjauh)} kolom = {_ribuan(luas)} sel, melebihi batas "
                f"{_ribuan(b.sel_maks)} sel (pembaca akan kehabisan memori)"
            )

    def _teks_unik(self, nilai: str) -> None:
        jumlah = int(nilai) if nilai.strip().isdigit() and len(nilai) < 19 else _TANPA_BATAS
        if jumlah > self.batas.sel_maks:
            raise _XmlDitolak(
                f"menyatakan {_ribuan(jumlah)} teks unik, melebihi batas "
                f"{_ribuan(self.batas.sel_maks)} (pembaca akan kehabisan memori)"
            )


# --------------------------------------------------------------------------- XML parsers


def pastikan_defusedxml() -> None:
    """Raise ``RuntimeError`` unless openpyxl parses XML through defusedxml."""
    import openpyxl.xml

    if openpyxl.xml.DEFUSEDXML is not True:
        raise RuntimeError(
            "openpyxl tidak memakai defusedxml: pastikan paket defusedxml terpasang dan "
            "variabel lingkungan OPENPYXL_DEFUSEDXML tidak diisi selain 'True'"
        )


# --------------------------------------------------------------------------- file names


def _tanpa_kendali(teks: str) -> str:
    return "".join(ch for ch in teks if unicodedata.category(ch)[0] != "C")


def _potong_nama(nama: str) -> str:
    """At most 120 characters, keeping a short extension."""
    if len(nama) <= _NAMA_PANJANG_MAKS:
        return nama
    batang, titik, ekstensi = nama.rpartition(".")
    if not titik or not batang or len(ekstensi) > _EKSTENSI_PANJANG_MAKS:
        return nama[:_NAMA_PANJANG_MAKS].rstrip("._-")
    batang = batang[: _NAMA_PANJANG_MAKS - len(ekstensi) - 1].rstrip("._-")
    return f"{batang}.{ekstensi}"


def nama_aman(name: str) -> str:
    """A file name that can never act as a path or surprise a shell or Windows.

    Keeps only the last path component (``/`` and ``\\`` both count), drops NUL and other
    control characters, folds accents to ASCII, replaces everything outside ``[A-Za-z0-9._-]``
    with ``_``, collapses ``..``, strips leading and trailing dots, dashes and underscores,
    defuses reserved Windows device names (``CON.csv`` -> ``CON_.csv``), caps the length at 120
    and falls back to ``berkas``. Idempotent.
    """
    teks = _tanpa_kendali(unicodedata.normalize("NFKC", str(name)))
    teks = re.split(r"[\\/]", teks)[-1]
    teks = "".join(
        ch if ch.isascii() else "" if unicodedata.combining(ch) else "_"
        for ch in unicodedata.normalize("NFKD", teks)
    )
    teks = re.sub(r"[^A-Za-z0-9._-]+", "_", teks)
    teks = _potong_nama(re.sub(r"\.{2,}", ".", teks).strip("._-"))
    depan, titik, belakang = teks.partition(".")
    if depan.upper() in _NAMA_WINDOWS:
        teks = _potong_nama(f"{depan}_{titik}{belakang}")
    return teks or "berkas"


# --------------------------------------------------------------------------- formula escaping


def escape_sel(value: object) -> object:
    """A text cell that would start a formula gets a leading apostrophe; others are unchanged."""
    if isinstance(value, str) and value.startswith(AWALAN_RUMUS):
        return "'" + value
    return value


def _dtype_teks(dtype: Any) -> bool:
    """Object, string or categorical: a column whose cells may be text."""
    return (
        pd.api.types.is_object_dtype(dtype)
        or pd.api.types.is_string_dtype(dtype)
        or isinstance(dtype, pd.CategoricalDtype)
    )


def escape_kolom_teks(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text (object/string) column escaped; numbers untouched.

    Works positionally, so duplicate or non-string column names are fine.
    """
    hasil = frame.copy()
    for i in range(frame.shape[1]):
        seri = frame.iloc[:, i]
        if _dtype_teks(seri.dtype):
            hasil.isetitem(i, seri.map(escape_sel))
    return hasil


def _escape_label(index: pd.Index) -> pd.Index:
    """Column or row labels escaped like cells (a header such as ``=cmd`` is text too)."""
    nama = [escape_sel(n) for n in index.names]
    if isinstance(index, pd.MultiIndex):
        tuples = [tuple(escape_sel(v) for v in t) for t in index]
        return pd.MultiIndex.from_tuples(tuples, names=nama)
    if not _dtype_teks(index.dtype):
        return index.set_names(nama)
    return pd.Index([escape_sel(v) for v in index], name=nama[0])


def tulis_csv_aman(frame: pd.DataFrame, path: Path, **to_csv_kwargs: Any) -> None:
    """Write ``frame`` as CSV with text cells, labels and headers formula-escaped.

    Keyword arguments go to :meth:`pandas.DataFrame.to_csv` unchanged (its defaults apply,
    including ``index=True``).
    """
    aman = escape_kolom_teks(frame)
    aman.columns = _escape_label(frame.columns)
    aman.index = _escape_label(frame.index)
    header = to_csv_kwargs.get("header")
    if isinstance(header, list | tuple):
        to_csv_kwargs["header"] = [escape_sel(h) for h in header]
    aman.to_csv(path, **to_csv_kwargs)


_JENIS_ANGKA_XLSX = (bool, int, float, decimal.Decimal, dt.date, dt.time, dt.timedelta)
_KARAKTER_ILEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_KARAKTER_SHEET = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def _nilai_xlsx(nilai: object) -> object:
    """A cell value openpyxl stores safely: text escaped, numbers as numbers, NA as empty."""
    if isinstance(nilai, np.generic) and not isinstance(nilai, np.datetime64 | np.timedelta64):
        nilai = nilai.item()
    if nilai is None or (pd.api.types.is_scalar(nilai) and pd.isna(nilai)):
        return None
    if isinstance(nilai, np.datetime64):
        nilai = pd.Timestamp(nilai)
    if isinstance(nilai, np.timedelta64):
        nilai = pd.Timedelta(nilai)
    if isinstance(nilai, pd.Timestamp):
        nilai = nilai.to_pydatetime()
    if isinstance(nilai, dt.datetime) and nilai.tzinfo is not None:
        nilai = nilai.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(nilai, float) and math.isinf(nilai):
        nilai = str(nilai)  # Excel has no infinity; as text it stays visible
    elif isinstance(nilai, _JENIS_ANGKA_XLSX):
        return nilai
    return escape_sel(_KARAKTER_ILEGAL_XML.sub("", str(nilai)))


def _label_xlsx(label: object) -> object:
    if isinstance(label, tuple):
        label = " / ".join(str(v) for v in label)
    return _nilai_xlsx(label)


def _judul_sheet(judul: str, dipakai: set[str]) -> str:
    """A valid, unique sheet title: no ``[]:*?/\\``, at most 31 characters."""
    dasar = _KARAKTER_SHEET.sub("_", str(judul)).strip("'").strip() or "Sheet"
    kandidat = dasar[:31]
    nomor = 2
    while kandidat.lower() in dipakai:
        akhiran = f" ({nomor})"
        kandidat = dasar[: 31 - len(akhiran)] + akhiran
        nomor += 1
    dipakai.add(kandidat.lower())
    return kandidat


def tulis_xlsx_aman(frames: dict[str, pd.DataFrame], path: Path) -> None:
    """Write each frame to its own sheet with openpyxl: text escaped, numbers as numbers.

    The header row is escaped too, missing values become empty cells, characters XML cannot
    hold are dropped and timezone-aware datetimes are written in UTC.
    """
    from openpyxl import Workbook

    if not frames:
        raise ValueError("tidak ada tabel untuk ditulis ke berkas Excel")
    buku = Workbook(write_only=True)
    dipakai: set[str] = set()
    for judul, frame in frames.items():
        lembar = buku.create_sheet(_judul_sheet(judul, dipakai))
        lembar.append([_label_xlsx(c) for c in frame.columns])
        for baris in frame.itertuples(index=False, name=None):
            lembar.append([_nilai_xlsx(v) for v in baris])
    buku.save(path)
