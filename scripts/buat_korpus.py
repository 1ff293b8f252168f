"""Generate the bad-input corpus: small broken and hostile files plus their expected outcome.

Every case is one small file in ``tests/korpus/`` and one entry in ``tests/korpus/harapan.yaml``:
the ingest parameters, the expected outcome (``diterima``: every data row used, ``sebagian``:
some rows quarantined, ``ditolak``: the whole file rejected), the exit code of
``indikator validate``, the expected problems ``(baris, aturan, tingkat_masalah)`` and the row
accounting ``dibaca = dipakai + karantina + bukan_data``. ``tests/test_korpus.py`` checks all
of it against :func:`transforms.run.validasi_berkas`, the CLI and one end-to-end run.

The valid content is a slice of real region names (desa of Kecamatan Grabag, Kabupaten
Purworejo 33.06, from the 2025 Kemendagri master) in the real SIGA export layouts
(``data_pus``, ``data_mix_kontra``, ``data_bkb``, ``data_verval_krs``) and a generic dinas
table. Numbers come from a seeded generator.

Deterministic: fixed seeds, no timestamps (workbook properties and zip entry times are fixed),
so running the script again writes the same bytes.

Usage: ``uv run python scripts/buat_korpus.py [--keluaran tests/korpus]``
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import re
import shutil
import struct
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

from transforms.wilayah import load_master

ROOT = Path(__file__).resolve().parents[1]
KELUARAN = ROOT / "tests" / "korpus"
HARAPAN = "harapan.yaml"
TAHUN = 2025
KECAMATAN = "33.06.01"  # Grabag, Kabupaten Purworejo
JUMLAH_DESA = 8
SEED = 3306
WAKTU_ZIP = (2025, 1, 1, 0, 0, 0)
WAKTU_XML = "2025-01-01T00:00:00Z"

Baris = list[str]
Penulis = Callable[[Path], None]

PUS_JUDUL = ["NO", "PROVINSI", "KABUPATEN", "KECAMATAN", "KELURAHAN", "PUS", "UNMET NEED", "BULAN"]
METODE = ["SUNTIK", "PIL", "KONDOM", "IMPLAN", "IUD", "VASEKTOMI", "TUBEKTOMI", "MAL"]
MIX_JUDUL = [
    "NO",
    "PROVINSI",
    "KABUPATEN",
    "KECAMATAN",
    "KELURAHAN",
    "PA",
    *METODE,
    "KB MODERN",
    "KB TRADISIONAL",
    "BULAN",
]
MATERI = [
    "MATERI ORANG TUA HEBAT",
    "MATERI 1000 HPK",
    "MATERI KKB LAINNYA",
    "MATERI KESPRO",
    "MATERI LAINNYA",
]
BKB_JUDUL = [
    "PROVINSI",
    "KABUPATEN",
    "KECAMATAN",
    "KODE",
    "KELURAHAN",
    "YANG ADA",
    "YANG LAPOR",
    "PERSENTASE LAPOR",
    *MATERI,
    "BULAN",
]
SEJAHTERA = [f"KESEJAHTERAAN {i}" for i in range(1, 5)] + ["KESEJAHTERAAN > 4"]
VERVAL_JUDUL = [
    "PROVINSI",
    "KABUPATEN",
    "KECAMATAN",
    "KODE",
    "KELURAHAN",
    "JUMLAH KELUARGA SASARAN",
    *SEJAHTERA,
    "JUMLAH KRS",
    "JUMLAH TIDAK BERESIKO",
    "SUMBER AIR MINUM TIDAK LAYAK",
    "JAMBAN TIDAK LAYAK",
    "PERIODE",
]
DINAS_JUDUL = ["NO", "KODE WILAYAH", "NAMA DESA", "JUMLAH PUS", "PESERTA KB AKTIF"]
DINAS_KOLOM = ("JUMLAH PUS=pus", "PESERTA KB AKTIF=peserta_kb_aktif")


# --------------------------------------------------------------------------- regions


@dataclass(frozen=True)
class Desa:
    """One desa of the slice: Kemendagri code and the name as SIGA writes it (upper case)."""

    kode: str
    nama: str

    @property
    def suffix(self) -> str:
        return self.kode.rsplit(".", 1)[-1]


def ambil_desa(jumlah: int = JUMLAH_DESA) -> list[Desa]:
    """The first desa of Kecamatan Grabag (33.06.01) in the 2025 master, by code."""
    frame = load_master("2025").frame
    anak = frame[(frame["kode_induk"] == KECAMATAN) & (frame["tingkat"] == "desa")]
    anak = anak.sort_values("kode_wilayah").head(jumlah)
    return [
        Desa(str(k), str(n).upper())
        for k, n in zip(anak["kode_wilayah"], anak["nama_wilayah"], strict=True)
    ]


PROV, KAB, KEC = "JAWA TENGAH", "PURWOREJO", "GRABAG"


# --------------------------------------------------------------------------- valid rows


def baris_pus(desa: Sequence[Desa], bulan: str = "JANUARI", seed: int = SEED) -> list[Baris]:
    """SIGA ``data_pus`` rows (without header): PUS and unmet need per desa."""
    rng = random.Random(seed)
    out = []
    for i, d in enumerate(desa, start=1):
        pus = rng.randint(250, 900)
        out.append([str(i), PROV, KAB, KEC, d.nama, str(pus), str(rng.randint(5, pus // 8)), bulan])
    return out


def baris_mix(desa: Sequence[Desa], seed: int = SEED) -> list[Baris]:
    """SIGA ``data_mix_kontra`` rows: PA = KB MODERN + KB TRADISIONAL, MODERN = sum of methods."""
    rng = random.Random(seed + 1)
    out = []
    for i, d in enumerate(desa, start=1):
        metode = [rng.randint(0, 120) for _ in METODE]
        modern, trad = sum(metode), rng.randint(0, 6)
        row = [str(i), PROV, KAB, KEC, d.nama, str(modern + trad), *map(str, metode)]
        out.append([*row, str(modern), str(trad), "JANUARI"])
    return out


def baris_bkb(desa: Sequence[Desa], seed: int = SEED) -> list[Baris]:
    """SIGA ``data_bkb`` rows: groups existing / reporting, percentage written like SIGA."""
    rng = random.Random(seed + 2)
    out = []
    for d in desa:
        ada = rng.randint(1, 4)
        lapor = rng.randint(0, ada)
        materi = [str(rng.randint(0, 1)) for _ in MATERI]
        persen = f"{100 * lapor / ada:.2f}"
        out.append(
            [PROV, KAB, KEC, d.suffix, d.nama, str(ada), str(lapor), persen, *materi, "JANUARI"]
        )
    return out


def baris_verval(
    desa: Sequence[Desa], periode: str = "Sem 2 2024", seed: int = SEED
) -> list[Baris]:
    """Verval KRS rows: sasaran = KRS + tidak berisiko, KRS = sum of the welfare groups."""
    rng = random.Random(seed + 3)
    out = []
    for d in desa:
        sejahtera = [rng.randint(5, 60) for _ in SEJAHTERA]
        krs, tidak = sum(sejahtera), rng.randint(100, 400)
        air, jamban = rng.randint(0, krs // 2), rng.randint(0, krs // 2)
        row = [PROV, KAB, KEC, d.suffix, d.nama, str(krs + tidak), *map(str, sejahtera)]
        out.append([*row, str(krs), str(tidak), str(air), str(jamban), periode])
    return out


def baris_dinas(desa: Sequence[Desa], seed: int = SEED) -> list[Baris]:
    """A dinas table: Kemendagri code, desa name, PUS and peserta KB aktif (PA <= PUS)."""
    rng = random.Random(seed + 4)
    out = []
    for i, d in enumerate(desa, start=1):
        pus = rng.randint(250, 900)
        out.append([str(i), d.kode, d.nama.title(), str(pus), str(rng.randint(100, pus))])
    return out


# --------------------------------------------------------------------------- writers


def teks_csv(rows: Sequence[Sequence[str]], pemisah: str = ";", akhir: str = "\n") -> str:
    """Rows as delimited text (minimal quoting, fixed line ending)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=pemisah, lineterminator=akhir)
    writer.writerows(rows)
    return buffer.getvalue()


def csv_(
    rows: Sequence[Sequence[str]],
    pemisah: str = ";",
    pengodean: str = "utf-8",
    akhir: str = "\n",
    bom: bytes = b"",
) -> Penulis:
    """A writer of a CSV file."""

    def tulis(path: Path) -> None:
        path.write_bytes(bom + teks_csv(rows, pemisah, akhir).encode(pengodean))

    return tulis


def mentah(data: bytes) -> Penulis:
    """A writer of fixed bytes."""

    def tulis(path: Path) -> None:
        path.write_bytes(data)

    return tulis


def _xml_tetap(nama: str, data: bytes) -> bytes:
    """Fixed document times in ``docProps/core.xml`` (openpyxl writes the current time)."""
    if nama != "docProps/core.xml":
        return data
    teks = data.decode("utf-8")
    for tag in ("created", "modified"):
        teks = re.sub(
            rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)", rf"\g<1>{WAKTU_XML}\2", teks
        )
    return teks.encode("utf-8")


def zip_tetap(anggota: Sequence[tuple[str, bytes]]) -> bytes:
    """A zip archive with fixed entry times (equal content gives equal bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as arsip:
        for nama, data in anggota:
            info = zipfile.ZipInfo(nama, date_time=WAKTU_ZIP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            arsip.writestr(info, data)
    return buffer.getvalue()


Ubah = Callable[[str, bytes], bytes]


def _tetap(nama: str, data: bytes) -> bytes:
    return data


def simpan_xlsx(wb: Workbook, path: Path, ubah: Ubah = _tetap) -> None:
    """Save a workbook byte-identically on every run (fixed properties and zip times).

    ``ubah`` may rewrite a member (name, bytes) -> bytes, to plant something hostile.
    """
    wb.properties.creator = "scripts/buat_korpus.py"
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as asal:
        isi = [(i.filename, asal.read(i)) for i in asal.infolist()]
    path.write_bytes(zip_tetap([(n, ubah(n, _xml_tetap(n, d))) for n, d in isi]))


def _isi_sel(nilai: str, teks: bool) -> Any:
    """A cell value: numbers as numbers unless ``teks``; formulas and errors as written."""
    if teks or not re.fullmatch(r"\d+", nilai):
        return nilai if nilai != "" else None
    return int(nilai)


def xlsx_(
    rows: Sequence[Sequence[str]],
    *,
    teks: bool = False,
    gabung: Sequence[str] = (),
    sel: dict[str, Any] | None = None,
    format_sel: dict[str, str] | None = None,
    ubah: Ubah = _tetap,
) -> Penulis:
    """A writer of a one-sheet workbook: ``rows`` from A1, merged ranges, then fixed cells."""

    def tulis(path: Path) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = "Data"
        for row in rows:
            ws.append([_isi_sel(v, teks) for v in row])
        for rentang in gabung:
            ws.merge_cells(rentang)
        for ref, nilai in (sel or {}).items():
            ws[ref] = nilai
        for ref, bentuk in (format_sel or {}).items():
            ws[ref].number_format = bentuk
        simpan_xlsx(wb, path, ubah)

    return tulis


# --------------------------------------------------------------------------- hostile zips

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def zip_bom_rasio() -> bytes:
    """A tiny workbook whose sheet XML expands 2 MB of blanks (ratio far above 100:1)."""
    sheet = b'<?xml version="1.0"?><worksheet>' + b" " * (2 << 20) + b"</worksheet>"
    return zip_tetap([("[Content_Types].xml", CONTENT_TYPES), ("xl/worksheets/sheet1.xml", sheet)])


def zip_bom_deklarasi() -> bytes:
    """A tiny workbook whose central directory declares a member of almost 2 GB."""
    data = bytearray(
        zip_tetap(
            [("[Content_Types].xml", CONTENT_TYPES), ("xl/worksheets/sheet1.xml", b"<worksheet/>")]
        )
    )
    posisi = data.rfind(b"PK\x01\x02")  # central directory entry of the last member
    struct.pack_into("<I", data, posisi + 24, 0x7FFF_FFFF)  # uncompressed size
    return bytes(data)


def zip_titik_dua() -> bytes:
    """A workbook-looking zip with a member named ``../`` (escapes an extraction folder)."""
    return zip_tetap(
        [("[Content_Types].xml", CONTENT_TYPES), ("../../xl/worksheets/sheet1.xml", b"<w/>")]
    )


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


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def terpotong(desa: list[Desa]) -> bytes:
    """The first half of a valid workbook (no end-of-archive record)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as arsip:
        info = zipfile.ZipInfo("[Content_Types].xml", date_time=WAKTU_ZIP)
        arsip.writestr(info, CONTENT_TYPES)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=WAKTU_ZIP)
        arsip.writestr(info, teks_csv([PUS_JUDUL, *baris_pus(desa[:5])]).encode())
    data = buffer.getvalue()
    return data[: len(data) // 2]


HTML_XLSX = (
    b"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Ekspor</title></head><body>"
    b"<table><tr><th>KELURAHAN</th><th>PUS</th></tr><tr><td>GRABAG</td><td>512</td></tr>"
    b"</table></body></html>\n"
)


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Kasus:
    """One corpus file and what the pipeline must make of it."""

    berkas: str
    deskripsi: str
    tulis: Penulis
    hasil: str  # diterima | sebagian | ditolak
    akuntansi: tuple[int, int, int, int]  # dibaca, dipakai, karantina, bukan_data
    galat: tuple[tuple[int | None, str], ...] = ()  # the exact set of errors
    peringatan: tuple[tuple[int | None, str], ...] = ()  # warnings that must be there
    peringatan_tepat: bool = False  # the warnings are the exact set, not a subset
    kode_keluar: int | None = None  # default: 1 when rejected or nothing usable
    tahun: int | None = TAHUN
    bulan: int | None = 1
    semester: int | None = None
    sumber: str | None = None
    wilayah: str | None = None
    kolom: tuple[str, ...] = ()
    ingest: bool = True  # whether ``indikator ingest`` stores the file
    pesan: tuple[str, ...] = ()  # text the rejection (or problem) messages must contain
    kode_wilayah: dict[int, str] = field(default_factory=dict)  # row -> code it is used as
    alasan: str | None = None  # why a debatable expectation was chosen
    xfail: tuple[str, tuple[str, ...]] | None = None  # known pipeline bug: reason, tests hit
    lain: dict[str, Any] = field(default_factory=dict)  # report checks of one case

    def kode(self) -> int:
        """Expected exit code of ``indikator validate`` (1: rejected or nothing usable)."""
        if self.kode_keluar is not None:
            return self.kode_keluar
        return 1 if self.hasil == "ditolak" or self.akuntansi[1] == 0 else 0

    def parameter(self) -> dict[str, Any]:
        param = {
            "tahun": self.tahun,
            "bulan": self.bulan,
            "semester": self.semester,
            "sumber": self.sumber,
            "wilayah": self.wilayah,
            "kolom": list(self.kolom),
        }
        return {k: v for k, v in param.items() if v not in (None, [])}

    def sebagai_data(self) -> dict[str, Any]:
        """The harapan.yaml entry (optional keys only when set)."""
        dibaca, dipakai, karantina, bukan = self.akuntansi
        data: dict[str, Any] = {
            "berkas": self.berkas,
            "deskripsi": self.deskripsi,
            "parameter": self.parameter(),
            "hasil": self.hasil,
            "kode_keluar": self.kode(),
            "ingest": self.ingest,
            "galat": [_masalah(b, a, "galat") for b, a in self.galat],
            "peringatan": [_masalah(b, a, "peringatan") for b, a in self.peringatan],
            "peringatan_tepat": self.peringatan_tepat,
            "akuntansi": {
                "dibaca": dibaca,
                "dipakai": dipakai,
                "karantina": karantina,
                "bukan_data": bukan,
            },
        }
        pilihan = {
            "pesan_memuat": list(self.pesan),
            "kode_wilayah": dict(self.kode_wilayah),
            "alasan": self.alasan,
            "xfail": {"alasan": self.xfail[0], "uji": list(self.xfail[1])} if self.xfail else None,
            "laporan": self.lain,
        }
        return data | {k: v for k, v in pilihan.items() if v}


def _masalah(baris: int | None, aturan: str, tingkat: str) -> dict[str, Any]:
    return {"baris": baris, "aturan": aturan, "tingkat_masalah": tingkat}


TOLAK = ((None, "berkas_ditolak"),)


def ganti(rows: list[Baris], i: int, kolom: int, nilai: str) -> list[Baris]:
    """A copy of ``rows`` with one cell replaced."""
    out = [list(r) for r in rows]
    out[i][kolom] = nilai
    return out


def kasus_angka(desa: list[Desa]) -> list[Kasus]:
    """Indonesian numbers: fine forms, broken forms, negatives, decimals."""
    pus = baris_pus(desa[:5])
    p, u = PUS_JUDUL.index("PUS"), PUS_JUDUL.index("UNMET NEED")
    ok = ganti(ganti(ganti(pus, 0, p, "1.234"), 1, p, "1.234.567"), 2, p, "")
    ok = ganti(ganti(ok, 3, p, "-"), 3, u, "12")
    ok = ganti(ok, 4, u, "-")
    kosong = ganti(ganti(pus, 2, p, ""), 2, u, "-")
    return [
        Kasus(
            "angka_format_indonesia.csv",
            "Angka cara Indonesia yang sah: 1.234 (ribuan), 1.234.567, sel kosong dan '-'.",
            csv_([PUS_JUDUL, *ok]),
            "diterima",
            (5, 5, 0, 0),
        ),
        Kasus(
            "angka_semua_kosong.csv",
            "Satu baris tanpa angka sama sekali (kosong dan '-'): bukan data, tidak dikarantina.",
            csv_([PUS_JUDUL, *kosong]),
            "diterima",
            (5, 4, 0, 1),
        ),
        Kasus(
            "angka_huruf.csv",
            "PUS berisi '12a': baris dikarantina.",
            csv_([PUS_JUDUL, *ganti(pus, 1, p, "12a")]),
            "sebagian",
            (5, 4, 1, 0),
            galat=((3, "angka_tidak_valid"),),
        ),
        Kasus(
            "angka_koma_ganda.csv",
            "PUS berisi '1,2,3' (bukan ribuan maupun desimal): baris dikarantina.",
            csv_([PUS_JUDUL, *ganti(pus, 2, p, "1,2,3")]),
            "sebagian",
            (5, 4, 1, 0),
            galat=((4, "angka_tidak_valid"),),
        ),
        Kasus(
            "angka_galat_excel.csv",
            "Teks galat Excel '#DIV/0!' dan '#REF!' di kolom angka: kedua baris dikarantina.",
            csv_([PUS_JUDUL, *ganti(ganti(pus, 0, p, "#DIV/0!"), 3, u, "#REF!")]),
            "sebagian",
            (5, 3, 2, 0),
            galat=((2, "angka_tidak_valid"), (5, "angka_tidak_valid")),
        ),
        Kasus(
            "angka_negatif.csv",
            "UNMET NEED bernilai -3: jumlah tidak boleh negatif.",
            csv_([PUS_JUDUL, *ganti(pus, 1, u, "-3")]),
            "sebagian",
            (5, 4, 1, 0),
            galat=((3, "angka_negatif"),),
        ),
        Kasus(
            "angka_desimal.csv",
            "Pecahan di kolom jumlah: '300,5' (koma desimal) dan '40.5' (titik desimal).",
            csv_([PUS_JUDUL, *ganti(ganti(pus, 0, p, "300,5"), 4, u, "40.5")]),
            "sebagian",
            (5, 3, 2, 0),
            galat=((2, "bukan_bilangan_bulat"), (6, "bukan_bilangan_bulat")),
        ),
    ]


def kasus_wilayah(desa: list[Desa]) -> list[Kasus]:
    """Region names: unknown, fuzzy, from another kabupaten, duplicated."""
    pus = baris_pus(desa[:5])
    k = PUS_JUDUL.index("KELURAHAN")
    # a typo of a desa that is not otherwise in the file (a fuzzy match needs a free sibling)
    mirip = ganti(baris_pus(desa[:4]), 3, k, desa[6].nama[:-2] + desa[6].nama[-1:] * 2)
    dobel = [*pus, [str(len(pus) + 1), *pus[1][1:]]]
    jumlah = [str(sum(int(r[c]) for r in pus[:3])) for c in (5, 6)]
    kec = PUS_JUDUL.index("KECAMATAN")
    berawalan = ganti(ganti(pus[:2], 0, kec, "KEC. GRABAG"), 1, kec, "KECAMATAN GRABAG")
    berawalan = ganti(berawalan, 1, k, "DESA " + pus[1][k])
    subtotal = [*pus[:3], ["", PROV, KAB, KEC, "", *jumlah, "JANUARI"], *pus[3:4]]
    return [
        Kasus(
            "desa_tidak_dikenal.csv",
            "Nama desa yang tidak ada di master Kemendagri: baris dikarantina.",
            csv_([PUS_JUDUL, *ganti(pus, 2, k, "DESA ENTAH BERANTAH")]),
            "sebagian",
            (5, 4, 1, 0),
            galat=((4, "wilayah_tidak_dikenal"),),
        ),
        Kasus(
            "desa_salah_ketik.csv",
            "Nama desa salah ketik tetapi mirip satu desa di kecamatannya: dipakai, peringatan.",
            csv_([PUS_JUDUL, *mirip]),
            "diterima",
            (4, 4, 0, 0),
            peringatan=((5, "nama_wilayah_mirip"),),
            kode_wilayah={5: desa[6].kode},
        ),
        Kasus(
            "desa_kabupaten_lain.csv",
            "Desa Sumurarum ada di Kecamatan Grabag Kab. Magelang, bukan Grabag Purworejo.",
            csv_([PUS_JUDUL, *ganti(pus, 4, k, "SUMURARUM")]),
            "sebagian",
            (5, 4, 1, 0),
            galat=((6, "wilayah_tidak_dikenal"),),
        ),
        Kasus(
            "desa_ganda.csv",
            "Desa yang sama dua kali untuk bulan yang sama: kedua salinan dikarantina.",
            csv_([PUS_JUDUL, *dobel]),
            "sebagian",
            (6, 4, 2, 0),
            galat=((3, "baris_ganda"), (7, "baris_ganda")),
        ),
        Kasus(
            "nama_berawalan.csv",
            "Nama dengan awalan tingkat: 'KEC. GRABAG', 'KECAMATAN GRABAG', 'DESA PATUTREJO'.",
            csv_([PUS_JUDUL, *berawalan]),
            "diterima",
            (2, 2, 0, 0),
        ),
        Kasus(
            "desa_kosong_subtotal.csv",
            "Baris subtotal kecamatan (KELURAHAN kosong) di tengah ekspor per desa.",
            csv_([PUS_JUDUL, *subtotal]),
            "diterima",
            (5, 5, 0, 0),
            kode_wilayah={2: desa[0].kode, 5: KECAMATAN},
            alasan="Baris tanpa nama desa dibaca sebagai rekap kecamatan (33.06.01), bukan "
            "dikarantina; hitungan memakai rekap itu hanya bila tidak ada desa yang melapor, "
            "jadi tidak terhitung dua kali. Tidak ada peringatan bahwa angkanya tidak diperiksa.",
        ),
    ]


def kasus_periode(desa: list[Desa]) -> list[Kasus]:
    """Month and year columns that disagree with the ingest parameters or cannot be read."""
    pus = baris_pus(desa[:5])
    b = PUS_JUDUL.index("BULAN")
    verval = baris_verval(desa[:4])
    dinas = [[*r, "2025"] for r in baris_dinas(desa[:4])]
    dinas[2][-1] = "2024"
    periode = VERVAL_JUDUL.index("PERIODE")
    return [
        Kasus(
            "bulan_salah_eja.csv",
            "Nama bulan salah eja ('JANURAI'): baris dikarantina.",
            csv_([PUS_JUDUL, *ganti(pus, 3, b, "JANURAI")]),
            "sebagian",
            (5, 4, 1, 0),
            galat=((5, "bulan_tidak_dikenal"),),
        ),
        Kasus(
            "bulan_nopember.csv",
            "Ejaan lama 'NOPEMBER' di kolom BULAN (singkatan 'NOP' sudah dikenali).",
            csv_([PUS_JUDUL, *baris_pus(desa[:3], "NOPEMBER")]),
            "diterima",
            (3, 3, 0, 0),
            bulan=11,
        ),
        Kasus(
            "bulan_tanggal.xlsx",
            "Kolom BULAN berisi tanggal Excel (tampil 'Januari 2025') dan teks 'Januari 2025'.",
            xlsx_(
                [PUS_JUDUL, *ganti(pus[:2], 1, b, "Januari 2025")],
                sel={"H2": dt.datetime(2025, 1, 1)},
                format_sel={"H2": "mmmm yyyy"},
            ),
            "diterima",
            (2, 2, 0, 0),
        ),
        Kasus(
            "bulan_campur.csv",
            "Satu baris FEBRUARI di berkas yang di-ingest sebagai bulan 1.",
            csv_([PUS_JUDUL, *ganti(pus, 4, b, "FEBRUARI")]),
            "sebagian",
            (5, 4, 1, 0),
            galat=((6, "bulan_tidak_sesuai"),),
        ),
        Kasus(
            "bulan_berkas_lain.csv",
            "Berkas bulan Maret di-ingest dengan --bulan 1: semua baris dikarantina.",
            csv_([PUS_JUDUL, *baris_pus(desa[:3], "MARET")]),
            "sebagian",
            (3, 0, 3, 0),
            galat=((2, "bulan_tidak_sesuai"), (3, "bulan_tidak_sesuai"), (4, "bulan_tidak_sesuai")),
            alasan="Berkas tidak ditolak utuh (strukturnya benar), tetapi tidak ada baris yang "
            "dapat dipakai, sehingga validate keluar dengan kode 1.",
        ),
        Kasus(
            "tahun_kolom_beda.csv",
            "Tabel dinas dengan kolom TAHUN; satu baris 2024 di berkas yang di-ingest 2025.",
            csv_([[*DINAS_JUDUL, "TAHUN"], *dinas]),
            "sebagian",
            (4, 3, 1, 0),
            galat=((4, "tahun_tidak_sesuai"),),
            kolom=DINAS_KOLOM,
        ),
        Kasus(
            "semester_tahun_beda.csv",
            "Verval KRS 'Sem 2 2024' di-ingest sebagai tahun 2025: semua baris dikarantina.",
            csv_([VERVAL_JUDUL, *verval]),
            "sebagian",
            (4, 0, 4, 0),
            galat=tuple((i, "tahun_tidak_sesuai") for i in range(2, 6)),
            bulan=None,
            semester=2,
        ),
        Kasus(
            "semester_tidak_dikenal.csv",
            "Periode 'Sem 3 2024' (semester hanya 1 atau 2): baris dikarantina.",
            csv_([VERVAL_JUDUL, *ganti(verval, 1, periode, "Sem 3 2024")]),
            "sebagian",
            (4, 3, 1, 0),
            galat=((3, "semester_tidak_dikenal"),),
            tahun=2024,
            bulan=None,
            semester=2,
        ),
    ]


def kasus_aturan(desa: list[Desa]) -> list[Kasus]:
    """Layout and registry rules: parts = whole, numerator <= denominator, stated percentages."""
    mix = baris_mix(desa[:5])
    pa = MIX_JUDUL.index("PA")
    bkb = baris_bkb(desa[:5])
    ada, lapor, persen = (
        BKB_JUDUL.index(c) for c in ("YANG ADA", "YANG LAPOR", "PERSENTASE LAPOR")
    )
    bkb_ok = ganti(ganti(ganti(bkb, 0, ada, "7"), 0, lapor, "6"), 0, persen, "85,71")
    bkb_lebih = ganti(ganti(ganti(bkb, 1, ada, "2"), 1, lapor, "3"), 1, persen, "150.00")
    dinas = baris_dinas(desa[:4])
    dinas = ganti(dinas, 2, 4, str(int(dinas[2][3]) + 25))
    verval = baris_verval(desa[:4])
    return [
        Kasus(
            "mix_kontra_sah.csv",
            "Ekspor mix kontrasepsi yang benar (PA = KB MODERN + KB TRADISIONAL).",
            csv_([MIX_JUDUL, *mix]),
            "diterima",
            (5, 5, 0, 0),
        ),
        Kasus(
            "pa_tidak_sama.csv",
            "PA tidak sama dengan KB MODERN + KB TRADISIONAL: baris dikarantina.",
            csv_([MIX_JUDUL, *ganti(mix, 2, pa, str(int(mix[2][pa]) + 10))]),
            "sebagian",
            (5, 4, 1, 0),
            galat=((4, "jumlah_bagian_tidak_sama"),),
        ),
        Kasus(
            "bkb_persen_koma.csv",
            "BKB dengan persentase lapor '85,71' (koma desimal) yang benar: diterima.",
            csv_([BKB_JUDUL, *bkb_ok]),
            "diterima",
            (5, 5, 0, 0),
        ),
        Kasus(
            "bkb_lapor_lebih.csv",
            "YANG LAPOR (3) lebih besar dari YANG ADA (2): baris dikarantina.",
            csv_([BKB_JUDUL, *bkb_lebih]),
            "sebagian",
            (5, 4, 1, 0),
            galat=((3, "pembilang_melebihi_penyebut"),),
        ),
        Kasus(
            "bkb_persen_salah.csv",
            "PERSENTASE LAPOR tertulis salah (hitung ulang berbeda): peringatan, baris dipakai.",
            csv_(
                [
                    BKB_JUDUL,
                    *ganti(ganti(ganti(bkb, 2, ada, "4"), 2, lapor, "3"), 2, persen, "57.00"),
                ]
            ),
            "diterima",
            (5, 5, 0, 0),
            peringatan=((4, "persen_tertulis_berbeda"),),
        ),
        Kasus(
            "pa_lebih_pus.csv",
            "Tabel dinas: peserta KB aktif lebih besar dari PUS (spm.02): baris dikarantina.",
            csv_([DINAS_JUDUL, *dinas]),
            "sebagian",
            (4, 3, 1, 0),
            galat=((4, "pembilang_melebihi_penyebut"),),
            kolom=DINAS_KOLOM,
        ),
        Kasus(
            "verval_sah.csv",
            "Verval KRS per desa 'Sem 2 2024' yang benar, di-ingest sebagai semester 2 2024.",
            csv_([VERVAL_JUDUL, *verval]),
            "diterima",
            (4, 4, 0, 0),
            tahun=2024,
            bulan=None,
            semester=2,
        ),
    ]


def _pus_dengan_total(desa: list[Desa], selisih: int) -> list[Baris]:
    pus = baris_pus(desa[:4])
    total = [sum(int(r[c]) for r in pus) for c in (5, 6)]
    return [*pus, ["", "", "", "", "JUMLAH", str(total[0] + selisih), str(total[1]), ""]]


def kasus_bentuk(desa: list[Desa]) -> list[Kasus]:
    """The shape of real reports: title rows, column numbers, repeated headers, totals, blanks."""
    pus = baris_pus(desa[:5])
    judul = [["LAPORAN PUS DAN UNMET NEED"], ["KABUPATEN PURWOREJO - JANUARI 2025"], [""]]
    nomor = [[str(i) for i in range(1, len(PUS_JUDUL) + 1)]]
    kosong = [""] * len(PUS_JUDUL)
    return [
        Kasus(
            "judul_di_atas.csv",
            "Dua baris judul dan satu baris kosong di atas judul kolom.",
            csv_([*judul, PUS_JUDUL, *pus]),
            "diterima",
            (5, 5, 0, 0),
        ),
        Kasus(
            "nomor_kolom.csv",
            "Baris nomor kolom (1 2 3 ...) di bawah judul kolom: bukan data.",
            csv_([PUS_JUDUL, *nomor, *pus]),
            "diterima",
            (6, 5, 0, 1),
        ),
        Kasus(
            "judul_berulang.csv",
            "Judul kolom diulang di tengah tabel (tabel bertumpuk): bukan data.",
            csv_([PUS_JUDUL, *pus[:2], PUS_JUDUL, *pus[2:]]),
            "diterima",
            (6, 5, 0, 1),
        ),
        Kasus(
            "total_benar.csv",
            "Baris JUMLAH di bawah data dengan jumlah yang benar: bukan data, tanpa masalah.",
            csv_([PUS_JUDUL, *_pus_dengan_total(desa, 0)]),
            "diterima",
            (5, 4, 0, 1),
        ),
        Kasus(
            "total_salah.csv",
            "Baris JUMLAH yang tidak sama dengan jumlah baris datanya: peringatan di baris total.",
            csv_([PUS_JUDUL, *_pus_dengan_total(desa, 100)]),
            "diterima",
            (5, 4, 0, 1),
            peringatan=((6, "total_tidak_sesuai"),),
        ),
        Kasus(
            "total_dengan_karantina.csv",
            "Baris JUMLAH yang benar, tetapi satu baris datanya dikarantina ('40x').",
            csv_([PUS_JUDUL, *ganti(_pus_dengan_total(desa, 0), 1, 5, "40x")]),
            "sebagian",
            (5, 3, 1, 1),
            galat=((3, "angka_tidak_valid"),),
            peringatan_tepat=True,
        ),
        Kasus(
            "baris_kosong.csv",
            "Baris kosong di antara dan di bawah data (termasuk baris berisi ';' saja).",
            csv_([PUS_JUDUL, *pus[:2], kosong, *pus[2:], kosong, [""]]),
            "diterima",
            (8, 5, 0, 3),
        ),
        Kasus(
            "kolom_kosong_belakang.csv",
            "Kolom kosong tanpa judul di belakang tabel (';;;' di akhir setiap baris).",
            csv_([[*PUS_JUDUL, "", "", ""], *[[*r, "", "", ""] for r in pus]]),
            "diterima",
            (5, 5, 0, 0),
        ),
    ]


def kasus_teks(desa: list[Desa]) -> list[Kasus]:
    """Encodings, separators, line endings, quoted newlines, formula-looking names."""
    pus = baris_pus(desa[:5])
    k = PUS_JUDUL.index("KELURAHAN")
    ket = [[*PUS_JUDUL, "KETERANGAN"], *[[*r, ""] for r in pus]]
    ket[2][-1] = "diperiksa oleh André (PKB)"
    baru = ganti(ganti(pus, 1, k, f"{pus[1][k]}\n"), 3, 5, "12a")
    baris_kutip = [";".join(r) for r in [PUS_JUDUL, *pus]]
    baris_kutip[2] = baris_kutip[2].replace(f";{pus[1][k]};", f';"{pus[1][k]};')
    kutip = "\n".join(baris_kutip) + "\n"
    jahat = ganti(pus, 2, k, '=HYPERLINK("http://evil","klik")')
    return [
        Kasus(
            "bom_utf8.csv",
            "CSV UTF-8 dengan BOM (simpan 'CSV UTF-8' dari Excel).",
            csv_([PUS_JUDUL, *pus], bom=b"\xef\xbb\xbf"),
            "diterima",
            (5, 5, 0, 0),
        ),
        Kasus(
            "windows_1252.csv",
            "CSV Windows-1252 dengan 'é' di kolom keterangan (bukan UTF-8).",
            csv_(ket, pengodean="cp1252"),
            "diterima",
            (5, 5, 0, 0),
        ),
        Kasus(
            "utf16_tab.csv",
            "Teks Unicode dari Excel: UTF-16 LE dengan BOM, dipisah TAB.",
            csv_([PUS_JUDUL, *pus], "\t", "utf-16-le", "\r\n", b"\xff\xfe"),
            "diterima",
            (5, 5, 0, 0),
        ),
        Kasus(
            "utf16_tanpa_bom.csv",
            "UTF-16 LE tanpa BOM, dipisah titik koma.",
            csv_([PUS_JUDUL, *pus], pengodean="utf-16-le"),
            "diterima",
            (5, 5, 0, 0),
        ),
        Kasus(
            "pemisah_koma.csv",
            "Dipisah koma, bukan titik koma.",
            csv_([PUS_JUDUL, *pus], ","),
            "diterima",
            (5, 5, 0, 0),
        ),
        Kasus(
            "pemisah_tab.csv",
            "Dipisah TAB (UTF-8).",
            csv_([PUS_JUDUL, *pus], "\t"),
            "diterima",
            (5, 5, 0, 0),
        ),
        Kasus(
            "akhir_baris_crlf.csv",
            "Akhir baris Windows (CRLF).",
            csv_([PUS_JUDUL, *pus], akhir="\r\n"),
            "diterima",
            (5, 5, 0, 0),
        ),
        Kasus(
            "kutip_tidak_tertutup.csv",
            "Tanda kutip pembuka tanpa penutup di nama desa baris 3: sisa berkas masuk satu sel.",
            mentah(kutip.encode()),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            alasan="Pembaca CSV menelan baris 4-6 ke dalam satu sel, sehingga akuntansi hanya "
            "menghitung 2 dari 5 baris data; berkas seperti ini seharusnya ditolak dengan pesan "
            "yang menunjuk tanda kutip.",
        ),
        Kasus(
            "nama_baris_baru.csv",
            "Nama desa dalam tanda kutip berisi baris baru; nomor baris tetap nomor rekaman.",
            csv_([PUS_JUDUL, *baru]),
            "sebagian",
            (5, 4, 1, 0),
            galat=((5, "angka_tidak_valid"),),
        ),
        Kasus(
            "nama_rumus_hyperlink.csv",
            "Nama desa berupa rumus =HYPERLINK(...): wilayah tidak dikenal; di laporan XLSX "
            "sel itu teks yang diawali tanda petik.",
            csv_([PUS_JUDUL, *jahat]),
            "sebagian",
            (5, 4, 1, 0),
            galat=((4, "wilayah_tidak_dikenal"),),
            lain={"sel_laporan": {"baris": 4, "kolom": k + 1, "awalan": "'="}},
        ),
        Kasus(
            "nama_skrip_html.csv",
            "Nama desa berisi <script>: wilayah tidak dikenal; laporan HTML tidak memuatnya.",
            csv_([PUS_JUDUL, *ganti(pus, 0, k, "<script>alert(1)</script>")]),
            "sebagian",
            (5, 4, 1, 0),
            galat=((2, "wilayah_tidak_dikenal"),),
            lain={"html_tanpa": "<script>alert(1)</script>"},
        ),
        Kasus(
            "laporan januari (revisi).csv",
            "Nama berkas dengan spasi dan kurung: laporan memakai nama aman.",
            csv_([PUS_JUDUL, *pus]),
            "diterima",
            (5, 5, 0, 0),
            lain={"nama_laporan": "laporan_januari_revisi"},
        ),
    ]


URUTAN_DUA_BARIS = [
    *VERVAL_JUDUL[:5],
    "JUMLAH KELUARGA SASARAN",
    "JUMLAH KRS",
    "JUMLAH TIDAK BERESIKO",
    *SEJAHTERA,
    "SUMBER AIR MINUM TIDAK LAYAK",
    "JAMBAN TIDAK LAYAK",
    "PERIODE",
]


def verval_dua_baris(rows: list[Baris]) -> list[Baris]:
    """Verval rows under a two-row header: JUMLAH and KESEJAHTERAAN as merged group cells."""
    atas: Baris = []
    bawah: Baris = []
    sebelum = None
    for nama in URUTAN_DUA_BARIS:
        grup = next((g for g in ("JUMLAH", "KESEJAHTERAAN") if nama.startswith(g + " ")), None)
        if grup is None:
            atas.append(nama)
            bawah.append("")
        else:
            atas.append("" if grup == sebelum else grup)
            bawah.append(nama.removeprefix(grup + " "))
        sebelum = grup
    urut = [VERVAL_JUDUL.index(c) for c in URUTAN_DUA_BARIS]
    return [atas, bawah, *[[r[i] for i in urut] for r in rows]]


def kasus_xlsx(desa: list[Desa]) -> list[Kasus]:
    """Workbooks: formula without value, numbers as text, error cells, two-row merged header."""
    pus = baris_pus(desa[:5])
    verval = baris_verval(desa[:4])
    tegak = [f"{c}1:{c}2" for c in "ABCDENOP"]
    dua_baris = xlsx_(verval_dua_baris(verval), gabung=[*tegak, "F1:H1", "I1:M1"])
    # the same table for other desa: same shape, other bytes (same bytes would be "sudah ada")
    dua_baris_lain = xlsx_(
        verval_dua_baris(baris_verval(desa[4:8])), gabung=[*tegak, "F1:H1", "I1:M1"]
    )
    return [
        Kasus(
            "rumus_tanpa_nilai.xlsx",
            "Sel PUS berisi rumus tanpa nilai tersimpan (dibuat program, belum dibuka di Excel).",
            xlsx_([PUS_JUDUL, *pus], sel={"F3": "=D3+E3"}),
            "sebagian",
            (5, 4, 1, 0),
            galat=((3, "rumus_tanpa_nilai"),),
        ),
        Kasus(
            "angka_sebagai_teks.xlsx",
            "Semua angka disimpan sebagai teks (segitiga hijau di Excel): diterima.",
            xlsx_([PUS_JUDUL, *pus], teks=True),
            "diterima",
            (5, 5, 0, 0),
        ),
        Kasus(
            "sel_galat.xlsx",
            "Sel galat Excel sungguhan (#DIV/0! dan #REF!) di kolom angka.",
            xlsx_([PUS_JUDUL, *pus], sel={"F2": "#DIV/0!", "G5": "#REF!"}),
            "sebagian",
            (5, 3, 2, 0),
            galat=((2, "angka_tidak_valid"), (5, "angka_tidak_valid")),
        ),
        Kasus(
            "judul_dua_baris.xlsx",
            "Judul kolom dua baris: JUMLAH dan KESEJAHTERAAN digabung mendatar di atas "
            "sub-judulnya, kolom lain digabung tegak.",
            dua_baris,
            "diterima",
            (4, 4, 0, 0),
            tahun=2024,
            bulan=None,
            semester=2,
            sumber="siga.verval_krs",
        ),
        Kasus(
            "judul_dua_baris_dikenali.xlsx",
            "Berkas judul dua baris yang sama bentuknya (desa lain), tanpa --sumber: sumbernya "
            "harus dikenali.",
            dua_baris_lain,
            "diterima",
            (4, 4, 0, 0),
            tahun=2024,
            bulan=None,
            semester=2,
        ),
        Kasus(
            "judul_di_atas.xlsx",
            "Workbook dengan baris judul tergabung di atas tabel dan angka sebagai angka.",
            xlsx_([["LAPORAN PUS KABUPATEN PURWOREJO"], [""], PUS_JUDUL, *pus], gabung=["A1:H1"]),
            "diterima",
            (5, 5, 0, 0),
            kode_wilayah={4: desa[0].kode},
        ),
        Kasus(
            "xlsx_bernama_csv.csv",
            "Workbook XLSX yang tersimpan dengan nama .csv (isi menentukan, bukan ekstensi).",
            xlsx_([PUS_JUDUL, *pus]),
            "diterima",
            (5, 5, 0, 0),
        ),
    ]


def kasus_kode(desa: list[Desa]) -> list[Kasus]:
    """Generic dinas tables (--kolom): code systems and their usual damage."""
    dinas = baris_dinas(desa[:5])
    spasi = [[r[0], f" {r[1]} " if i % 2 else f"{r[1]}  ", *r[2:]] for i, r in enumerate(dinas)]
    tanpa_titik = [[r[0], r[1].replace(".", ""), *r[2:]] for r in dinas]
    bps = [
        ["1", "3306010", "GRABAG", "4512", "3120"],
        ["2", "3306020", "NGOMBOL", "3987", "2790"],
        ["3", "3306030", "PURWODADI", "4120", "2950"],
    ]
    hanya_nama = [["NO", "KECAMATAN", "DESA", "JUMLAH PUS", "PESERTA KB AKTIF"]]
    hanya_nama += [[r[0], "Grabag", r[2], r[3], r[4]] for r in dinas]
    return [
        Kasus(
            "dinas_kode_spasi.csv",
            "Tabel dinas dengan kode Kemendagri berspasi di depan/belakang ('33.06.01.2001 ').",
            csv_([DINAS_JUDUL, *spasi]),
            "diterima",
            (5, 5, 0, 0),
            kolom=DINAS_KOLOM,
            kode_wilayah={2: desa[0].kode, 6: desa[4].kode},
        ),
        Kasus(
            "dinas_kode_tanpa_titik.csv",
            "Tabel dinas dengan kode Kemendagri tanpa titik ('3306012001').",
            csv_([DINAS_JUDUL, *tanpa_titik]),
            "diterima",
            (5, 5, 0, 0),
            kolom=DINAS_KOLOM,
            kode_wilayah={2: desa[0].kode, 6: desa[4].kode},
        ),
        Kasus(
            "dinas_kode_angka.xlsx",
            "Workbook dinas dengan kode desa tersimpan sebagai angka (3306012001).",
            xlsx_([DINAS_JUDUL, *tanpa_titik]),
            "diterima",
            (5, 5, 0, 0),
            kolom=DINAS_KOLOM,
            kode_wilayah={2: desa[0].kode, 6: desa[4].kode},
        ),
        Kasus(
            "dinas_kode_bps.csv",
            "Rekap kecamatan dengan kode BPS 7 angka (3306010 = Grabag).",
            csv_(
                [["NO", "KODE KECAMATAN", "NAMA KECAMATAN", "JUMLAH PUS", "PESERTA KB AKTIF"], *bps]
            ),
            "diterima",
            (3, 3, 0, 0),
            kolom=DINAS_KOLOM,
            kode_wilayah={2: "33.06.01", 3: "33.06.02", 4: "33.06.03"},
        ),
        Kasus(
            "dinas_hanya_nama.csv",
            "Tabel dinas tanpa kode, hanya nama kecamatan dan desa; cakupan dengan --wilayah.",
            csv_(hanya_nama),
            "diterima",
            (5, 5, 0, 0),
            kolom=DINAS_KOLOM,
            wilayah="33.06",
            kode_wilayah={3: desa[1].kode},
        ),
        Kasus(
            "dinas_kolom_tidak_ada.csv",
            "--kolom menyebut judul 'JML PUS' yang tidak ada di berkas: berkas ditolak.",
            csv_([DINAS_JUDUL, *dinas]),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            kolom=("JML PUS=pus",),
            pesan=("JML PUS",),
        ),
    ]


def kasus_tolak(desa: list[Desa]) -> list[Kasus]:
    """Whole files that cannot be used: structure, recognition, content type, hostile zips."""
    pus = baris_pus(desa[:3])
    tanpa_unmet = [[c for j, c in enumerate(r) if j != 6] for r in [PUS_JUDUL, *pus]]
    asing = [
        ["Nama", "Alamat", "Telepon"],
        ["Budi", "Jl. Mawar 1", "0812"],
        ["Siti", "Jl. Melati", "0813"],
    ]
    return [
        Kasus(
            "kolom_wajib_hilang.csv",
            "Berkas data_pus tanpa kolom UNMET NEED, sumber disebut dengan --sumber: ditolak.",
            csv_(tanpa_unmet),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            pesan=("UNMET NEED",),
            sumber="siga.pus",
        ),
        Kasus(
            "tata_letak_asing.csv",
            "CSV yang bukan laporan mana pun (daftar alamat): sumber tidak dikenal, ditolak.",
            csv_(asing),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            pesan=("tata_letak_asing.csv", "tidak dikenali"),
            ingest=False,
        ),
        Kasus(
            "sumber_tidak_ada.csv",
            "--sumber menyebut sumber yang tidak ada di katalog: ditolak.",
            csv_([PUS_JUDUL, *pus]),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            sumber="siga.tidak_ada",
            ingest=False,
            pesan=("siga.tidak_ada",),
        ),
        Kasus(
            "tahun_tidak_diketahui.csv",
            "Tanpa --tahun dan tanpa kolom tahun di berkas: ditolak dengan permintaan --tahun.",
            csv_([PUS_JUDUL, *pus]),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            pesan=("--tahun",),
            tahun=None,
            ingest=False,
        ),
        Kasus(
            "kosong.csv",
            "Berkas kosong (0 bita): ditolak.",
            mentah(b""),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            pesan=("kosong",),
            ingest=False,
        ),
        Kasus(
            "hanya_judul.csv",
            "Hanya baris judul kolom, tanpa data.",
            csv_([PUS_JUDUL]),
            "diterima",
            (0, 0, 0, 0),
            alasan="Strukturnya benar, jadi tidak ditolak utuh dan tidak ada yang dikarantina; "
            "tetapi petugas perlu tahu berkasnya tidak berisi data: validate keluar dengan kode 1 "
            "('tidak ada satu baris pun yang dapat dipakai').",
        ),
        Kasus(
            "sampah_biner.csv",
            "Data biner acak bernama .csv (unduhan rusak): ditolak.",
            mentah(sampah_biner()),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            pesan=("biner", "sampah_biner.csv"),
            ingest=False,
        ),
        Kasus(
            "html_palsu.xlsx",
            "Halaman HTML 'ekspor ke Excel' yang dinamai .xlsx: ditolak sebelum dibaca.",
            mentah(HTML_XLSX),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            pesan=("HTML",),
            ingest=False,
        ),
        Kasus(
            "bom_zip_rasio.xlsx",
            "Zip bomb kecil: satu bagian 2 MB dimampatkan lebih dari 100:1: ditolak.",
            mentah(zip_bom_rasio()),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            pesan=("zip bomb", "100:1"),
            ingest=False,
        ),
        Kasus(
            "bom_zip_deklarasi.xlsx",
            "Zip yang menyatakan isi hampir 2 GB di daftar isinya: ditolak.",
            mentah(zip_bom_deklarasi()),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            pesan=("zip bomb", "2 GB"),
            ingest=False,
        ),
        Kasus(
            "zip_titik_dua.xlsx",
            "Bagian arsip bernama '../../xl/...' (keluar dari folder): ditolak.",
            mentah(zip_titik_dua()),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            pesan=("keluar dari folder",),
            ingest=False,
        ),
        Kasus(
            "sel_jauh.xlsx",
            "Workbook kecil dengan satu sel di XFD1048576 (pembaca akan memesan memori raksasa).",
            xlsx_([PUS_JUDUL, *pus], sel={"XFD1048576": 1}),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            pesan=("1.048.576 baris", "25.000.000 sel"),
            ingest=False,
        ),
        Kasus(
            "xml_entitas.xlsx",
            "XML lembar kerja dengan DTD dan entitas bersarang (awal 'billion laughs').",
            xlsx_([PUS_JUDUL, *pus], ubah=dtd_entitas),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            pesan=("DTD",),
            ingest=False,
        ),
        Kasus(
            "terpotong.xlsx",
            "Workbook yang terpotong di tengah (unduhan atau lampiran surel tidak lengkap).",
            mentah(terpotong(desa)),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            pesan=("terpotong",),
            ingest=False,
        ),
        Kasus(
            "xls_lama.xlsx",
            "Berkas Excel lama (OLE2, .xls) yang dinamai .xlsx: ditolak dengan saran simpan ulang.",
            mentah(OLE2 + bytes(1024)),
            "ditolak",
            (0, 0, 0, 0),
            galat=TOLAK,
            pesan=(".xls",),
            ingest=False,
        ),
    ]


def semua_kasus() -> list[Kasus]:
    """Every case of the corpus, in the order of harapan.yaml."""
    desa = ambil_desa()
    kelompok = (
        kasus_angka,
        kasus_wilayah,
        kasus_periode,
        kasus_aturan,
        kasus_bentuk,
        kasus_teks,
        kasus_xlsx,
        kasus_kode,
        kasus_tolak,
    )
    return [k for buat in kelompok for k in buat(desa)]


def tulis_korpus(keluaran: Path) -> list[Kasus]:
    """Write every case file and harapan.yaml into ``keluaran`` (emptied first)."""
    kasus = semua_kasus()
    nama = [k.berkas for k in kasus]
    if len(set(nama)) != len(nama) or HARAPAN in nama:
        raise ValueError("nama berkas korpus ganda")
    if keluaran.exists():
        shutil.rmtree(keluaran)
    keluaran.mkdir(parents=True)
    for k in kasus:
        k.tulis(keluaran / k.berkas)
    data = {
        "keterangan": (
            "Dibuat oleh scripts/buat_korpus.py; jangan diubah dengan tangan. hasil: diterima "
            "(semua baris data dipakai), sebagian (ada baris dikarantina), ditolak (seluruh "
            "berkas ditolak). galat: himpunan lengkap; peringatan: yang pasti ada."
        ),
        "kasus": [k.sebagai_data() for k in kasus],
    }
    teks = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    (keluaran / HARAPAN).write_text(teks, encoding="utf-8")
    return kasus


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Tulis korpus berkas rusak untuk pengujian.")
    parser.add_argument("--keluaran", type=Path, default=KELUARAN, help="folder korpus")
    args = parser.parse_args(argv)
    kasus = tulis_korpus(args.keluaran)
    print(f"{len(kasus)} kasus ditulis ke {args.keluaran}")


if __name__ == "__main__":
    main()
