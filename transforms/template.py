"""Excel templates for source agencies that have no export: build, recognise and read back.

The agencies and the components each one supplies are data (``catalog/template/instansi.yaml``);
the indicators a template feeds are derived here from the registry. This module offers:

* :func:`daftar_instansi` / :func:`cari_instansi`: the agencies, checked against the catalog;
* :func:`buat_template`: write a workbook an officer fills in Excel (sheets ``Petunjuk``,
  ``Data`` and the very hidden ``_indikator`` holding key/value metadata);
* :func:`kenali_template`: a cheap check whether a file is one of these templates;
* :func:`baca_template`: read a filled template (fastexcel) into a :class:`TabelTeks` plus the
  :class:`Layout` and metadata the ingest needs; :func:`layout_template` gives the same layout
  without a file.

Workbooks are written with openpyxl and read with fastexcel (calamine). Every text cell written
goes through :func:`transforms.keamanan.escape_sel`. User-facing text is Bahasa Indonesia.
"""

from __future__ import annotations

import fnmatch
import functools
import re
import zipfile
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from transforms import wilayah
from transforms.catalog import CATALOG_DIR, Katalog, Komponen, Layout, _read_yaml, load_katalog
from transforms.keamanan import escape_sel
from transforms.parse import NAMA_BULAN
from transforms.read import BerkasTidakTerbaca, TabelTeks, normalize_header

if TYPE_CHECKING:
    from fastexcel import ExcelReader

INSTANSI_YAML: Final = CATALOG_DIR / "template" / "instansi.yaml"

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

TINGKAT_TEMPLATE: Final = wilayah.TINGKAT
"""Levels a template can have rows for (at or below the level of the chosen region)."""

LABEL_TINGKAT: Final = {
    "provinsi": "provinsi",
    "kabupaten": "kabupaten/kota",
    "kecamatan": "kecamatan",
    "desa": "desa/kelurahan",
}

PESAN_VALIDASI: Final = (
    "Isi dengan angka bulat 0 atau lebih, tanpa titik/koma dan tanpa satuan. "
    "Kosongkan sel bila tidak ada data (jangan isi 0 bila tidak tahu)."
)

_KUNCI_META: Final = (
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

_RE_DESIMAL: Final = re.compile(r"-?\d+\.\d+")

_HURUF_JUDUL: Final = Font(bold=True, size=14)
_HURUF_TEBAL: Final = Font(bold=True)
_HURUF_KECIL: Final = Font(italic=True, size=9)
_ISI_TERKUNCI: Final = PatternFill("solid", fgColor="E7E6E6")
_ISI_BEBAS: Final = PatternFill("solid", fgColor="FFF2CC")
_ISI_JUDUL: Final = PatternFill("solid", fgColor="DDEBF7")
_TERBUKA: Final = Protection(locked=False)
_BUNGKUS: Final = Alignment(wrap_text=True, vertical="top")
_FORMAT_ANGKA: Final = "#,##0"


class TemplateTidakValid(ValueError):
    """A template cannot be built or read as asked (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class Instansi:
    """One source agency that fills a template.

    Attributes:
        id: short id (``kemenkes``); the source id is ``template.<id>``.
        nama: agency name, worded as in the registry's ``wali_data``.
        kirim_ke: whom the officer sends the filled file to.
        komponen: components the template carries, in column order.
        indikator: registry codes of the indicators fed (derived: at least one component).
        wali_data: the registry ``wali_data`` parts that designate this agency.
    """

    id: str
    nama: str
    kirim_ke: str
    komponen: tuple[str, ...]
    indikator: tuple[str, ...]
    wali_data: tuple[str, ...]

    @property
    def sumber(self) -> str:
        """Source id of this agency's template (``template.<id>``)."""
        return AWALAN_SUMBER + self.id


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


@dataclass(frozen=True)
class _Rencana:
    """Everything the sheet writers need, resolved and checked once."""

    instansi: Instansi
    katalog: Katalog
    kode_wilayah: str
    nama_wilayah: str
    tingkat: str
    tahun: int
    bulan: int | None
    edisi: str
    baris: pd.DataFrame
    """One row per region: KODE WILAYAH, NAMA WILAYAH and the context columns, as text."""

    @property
    def kolom_tetap(self) -> list[str]:
        """Locked, prefilled columns (code, name, context)."""
        return list(self.baris.columns)

    @property
    def kolom(self) -> list[str]:
        """Every column of the Data sheet, in order."""
        return [*self.kolom_tetap, *self.instansi.komponen]


# ---------------------------------------------------------------------------
# Agencies
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _baca_yaml(path: Path) -> dict[str, Any]:
    """The agency file as read (cached; treat as read-only)."""
    return _read_yaml(path)


def komponen_dari_ekspor(path: Path = INSTANSI_YAML) -> tuple[str, ...]:
    """Components supplied by existing exports or the region master (never in a template)."""
    return tuple(_baca_yaml(path).get("komponen_dari_ekspor") or ())


def indikator_dari_ekspor(
    katalog: Katalog | None = None, path: Path = INSTANSI_YAML
) -> tuple[str, ...]:
    """Registry codes whose every component comes from an export (``indikator_dari_ekspor``).

    The file lists fnmatch patterns (``siga.*``); these indicators add no template column.
    """
    katalog = katalog or load_katalog()
    pola = tuple(_baca_yaml(path).get("indikator_dari_ekspor") or ())
    return tuple(k for k in katalog.indikator if any(fnmatch.fnmatchcase(k, p) for p in pola))


def indikator_diisi(komponen: Iterable[str], katalog: Katalog) -> tuple[str, ...]:
    """Registry codes (registry order) of the indicators using at least one of ``komponen``."""
    ada = set(komponen)
    return tuple(kode for kode, ind in katalog.indikator.items() if ada & set(ind.komponen))


def _cek_komponen(
    instansi_id: str, komponen: Sequence[str], katalog: Katalog, ekspor: set[str]
) -> None:
    """Raise ValueError when a template component is unknown, duplicated or not ours to ask."""
    if not komponen:
        raise ValueError(f"template {instansi_id!r}: daftar komponen kosong")
    asing = [k for k in komponen if k not in katalog.komponen]
    if asing:
        raise ValueError(
            f"template {instansi_id!r}: komponen tidak ada di catalog/komponen: {asing}"
        )
    ganda = sorted({k for k in komponen if komponen.count(k) > 1})
    if ganda:
        raise ValueError(f"template {instansi_id!r}: komponen ditulis dua kali: {ganda}")
    dilarang = [k for k in komponen if k in ekspor or katalog.komponen[k].dari_master]
    if dilarang:
        raise ValueError(
            f"template {instansi_id!r}: komponen {dilarang} datang dari ekspor atau master "
            "wilayah dan tidak boleh ditanyakan di template"
        )


def _instansi(raw: dict[str, Any], katalog: Katalog, ekspor: set[str]) -> Instansi:
    """One agency entry of the YAML file, checked, with its indicators derived."""
    komponen = tuple(raw["komponen"])
    _cek_komponen(raw["id"], komponen, katalog, ekspor)
    return Instansi(
        id=str(raw["id"]),
        nama=str(raw["nama"]),
        kirim_ke=str(raw["kirim_ke"]),
        komponen=komponen,
        indikator=indikator_diisi(komponen, katalog),
        wali_data=tuple(raw.get("wali_data") or ()),
    )


def daftar_instansi(katalog: Katalog | None = None, path: Path = INSTANSI_YAML) -> list[Instansi]:
    """Every agency of the template file, in file order, checked against the catalog.

    Raises:
        ValueError: an unknown, duplicated or export-supplied component, or a duplicated id.
    """
    katalog = katalog or load_katalog()
    raw = _baca_yaml(path)
    ekspor = set(raw.get("komponen_dari_ekspor") or ())
    hasil = [_instansi(entri, katalog, ekspor) for entri in raw.get("instansi") or ()]
    ids = [i.id for i in hasil]
    ganda = sorted({i for i in ids if ids.count(i) > 1})
    if ganda:
        raise ValueError(f"instansi template ditulis dua kali: {ganda}")
    return hasil


def cari_instansi(instansi_id: str, katalog: Katalog | None = None) -> Instansi:
    """The agency with this id (``kemenkes`` or ``template.kemenkes``).

    Raises:
        TemplateTidakValid: unknown id (the message lists the known ones).
    """
    kunci = instansi_id.removeprefix(AWALAN_SUMBER)
    semua = daftar_instansi(katalog)
    for instansi in semua:
        if instansi.id == kunci:
            return instansi
    pilihan = ", ".join(i.id for i in semua)
    raise TemplateTidakValid(f"instansi {instansi_id!r} tidak dikenal; pilihan: {pilihan}")


def teks_daftar_instansi(katalog: Katalog | None = None) -> str:
    """Bahasa listing of the agencies and the indicators each template feeds (for ``--list``)."""
    katalog = katalog or load_katalog()
    baris = []
    for i in daftar_instansi(katalog):
        baris.append(f"{i.id}: {i.nama} — {len(i.komponen)} komponen, {len(i.indikator)} indikator")
        baris.extend(f"    {k}  {katalog.indikator[k].judul}" for k in i.indikator)
    return "\n".join(baris)


# ---------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------


def _layout(instansi: Instansi, komponen: Sequence[str]) -> Layout:
    """The source layout of a template carrying ``komponen``."""
    return Layout(
        id=instansi.sumber,
        judul=f"Template isian Excel — {instansi.nama}",
        pemilik=instansi.nama,
        format="xlsx",
        kenali=(),
        wilayah={"kode": KOLOM_KODE},
        periode={},
        komponen={normalize_header(k): k for k in komponen},
        abaikan=(KOLOM_NAMA, KOLOM_KABUPATEN, KOLOM_KECAMATAN),
        catatan=(
            "Template buatan `indikator template`; dikenali lewat sheet tersembunyi "
            f"{SHEET_META}, bukan lewat judul kolom. Periode (tahun, bulan) ada di metadata."
        ),
    )


def layout_template(instansi_id: str, katalog: Katalog | None = None) -> Layout:
    """The source layout of an agency's template (``template.<id>``), without a file."""
    instansi = cari_instansi(instansi_id, katalog)
    return _layout(instansi, instansi.komponen)


def layouts_template(katalog: Katalog | None = None) -> dict[str, Layout]:
    """Layouts of every agency's template, keyed by source id (for the catalog listing)."""
    return {i.sumber: _layout(i, i.komponen) for i in daftar_instansi(katalog)}


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------


def teks_periode(tahun: int, bulan: int | None) -> str:
    """``Tahun 2025`` or ``Bulan Maret 2025``."""
    return f"Tahun {tahun}" if bulan is None else f"Bulan {NAMA_BULAN[bulan]} {tahun}"


def aturan_isian(jenis: str, tahun: int, bulan: int | None) -> str:
    """What to fill for a component of ``jenis`` (stok/arus) for the template's period."""
    if bulan is None:
        if jenis == "stok":
            return f"keadaan pada akhir tahun {tahun} (atau posisi terakhir yang tersedia)"
        return f"jumlah selama tahun {tahun} (Januari sampai Desember)"
    nama = f"{NAMA_BULAN[bulan]} {tahun}"
    if jenis == "stok":
        return f"keadaan pada akhir bulan {nama}"
    return f"jumlah selama bulan {nama} saja (bukan kumulatif sejak Januari)"


def _kolom_konteks(tingkat_kode: str, tingkat: str) -> list[tuple[str, str]]:
    """Context columns (header, master column of the ancestor code) for the row level."""
    kolom = []
    if tingkat_kode == "provinsi" and tingkat in ("kecamatan", "desa"):
        kolom.append((KOLOM_KABUPATEN, "kode_kabupaten"))
    if tingkat == "desa":
        kolom.append((KOLOM_KECAMATAN, "kode_kecamatan"))
    return kolom


def _baris_wilayah(master: wilayah.Wilayah, kode: str, tingkat: str) -> pd.DataFrame:
    """One row per region of ``tingkat`` at or under ``kode``, sorted by code, all text."""
    tingkat_kode = wilayah.tingkat_of(kode)
    kode_baris = [kode] if tingkat == tingkat_kode else master.descendants(kode, tingkat)
    frame = master.frame
    nama = pd.Series(
        frame["nama_wilayah"].to_numpy(dtype=object), index=frame["kode_wilayah"].to_numpy()
    )
    pilih = frame[frame["kode_wilayah"].isin(kode_baris)].sort_values("kode_wilayah")
    data = {
        KOLOM_KODE: pilih["kode_wilayah"].to_numpy(dtype=object),
        KOLOM_NAMA: pilih["nama_wilayah"].to_numpy(dtype=object),
    }
    for header, kolom in _kolom_konteks(tingkat_kode, tingkat):
        data[header] = nama.reindex(pilih[kolom].to_numpy(dtype=object)).to_numpy(dtype=object)
    return pd.DataFrame(data)


def _cek_periode(tahun: int, bulan: int | None) -> None:
    """Raise :class:`TemplateTidakValid` for an implausible year or a month outside 1-12."""
    if isinstance(tahun, bool) or not isinstance(tahun, int) or not 1900 <= tahun <= 2100:
        raise TemplateTidakValid(f"tahun tidak valid: {tahun!r}")
    if bulan is not None and (isinstance(bulan, bool) or bulan not in NAMA_BULAN):
        raise TemplateTidakValid(f"bulan tidak valid: {bulan!r} (harus 1-12)")


def _cek_wilayah(master: wilayah.Wilayah, kode_wilayah: str, tingkat: str) -> str:
    """The dotted code of ``kode_wilayah``, checked against the master and ``tingkat``."""
    kode = wilayah.normalize_kode(kode_wilayah)
    if kode is None:
        raise TemplateTidakValid(f"kode wilayah tidak valid: {kode_wilayah!r}")
    if kode not in master:
        raise TemplateTidakValid(
            f"kode wilayah {kode} tidak ada di master wilayah edisi {master.edisi}"
        )
    if tingkat not in TINGKAT_TEMPLATE:
        raise TemplateTidakValid(
            f"tingkat tidak dikenal: {tingkat!r} (pilihan: {', '.join(TINGKAT_TEMPLATE)})"
        )
    tingkat_kode = wilayah.tingkat_of(kode)
    if TINGKAT_TEMPLATE.index(tingkat) < TINGKAT_TEMPLATE.index(tingkat_kode):
        raise TemplateTidakValid(
            f"tingkat {tingkat} berada di atas wilayah {kode} ({tingkat_kode}); "
            "pilih tingkat yang sama atau lebih rendah"
        )
    return kode


def _rencana(
    instansi_id: str,
    kode_wilayah: str,
    tahun: int,
    tingkat: str,
    bulan: int | None,
    katalog: Katalog | None,
) -> _Rencana:
    """Resolve and check every argument of :func:`buat_template`."""
    katalog = katalog or load_katalog()
    instansi = cari_instansi(instansi_id, katalog)
    _cek_periode(tahun, bulan)
    edisi = wilayah.edisi_untuk_tahun(tahun)
    master = wilayah.load_master(edisi)
    kode = _cek_wilayah(master, kode_wilayah, tingkat)
    baris = _baris_wilayah(master, kode, tingkat)
    if baris.empty:
        raise TemplateTidakValid(
            f"tidak ada wilayah tingkat {tingkat} di bawah {kode} (master edisi {edisi})"
        )
    return _Rencana(
        instansi=instansi,
        katalog=katalog,
        kode_wilayah=kode,
        nama_wilayah=str(master.get(kode)["nama_wilayah"]),
        tingkat=tingkat,
        tahun=tahun,
        bulan=bulan,
        edisi=edisi,
        baris=baris,
    )


def _tulis(ws: Worksheet, baris: int, kolom: int, nilai: object, **gaya: Any) -> None:
    """Write one cell (text escaped) and apply the given style attributes."""
    sel = ws.cell(row=baris, column=kolom, value=escape_sel(nilai))
    for nama, isi in gaya.items():
        setattr(sel, nama, isi)


# -- Petunjuk ---------------------------------------------------------------


def _ringkasan(r: _Rencana) -> list[tuple[str, str]]:
    """Label/value lines at the top of the instructions sheet."""
    info_edisi = wilayah.daftar_edisi().get(r.edisi, {})
    dasar = f"{info_edisi.get('jenis', '')} {info_edisi.get('nomor', '')}".strip()
    if r.bulan is None:
        arti = (
            f"Nilai untuk satu tahun penuh. Komponen stok: {aturan_isian('stok', r.tahun, None)}. "
            f"Komponen arus: {aturan_isian('arus', r.tahun, None)}."
        )
    else:
        arti = (
            f"Nilai untuk satu bulan. Komponen stok: {aturan_isian('stok', r.tahun, r.bulan)}. "
            f"Komponen arus: {aturan_isian('arus', r.tahun, r.bulan)}."
        )
    return [
        ("Instansi pengisi", r.instansi.nama),
        ("Wilayah", f"{r.nama_wilayah} (kode {r.kode_wilayah})"),
        ("Baris data", f"{len(r.baris)} {LABEL_TINGKAT[r.tingkat]}, urut menurut kode wilayah"),
        ("Periode", teks_periode(r.tahun, r.bulan)),
        ("Arti periode", arti),
        ("Kirim ke", r.instansi.kirim_ke),
        ("Kode wilayah", f"Kemendagri edisi {r.edisi}" + (f" ({dasar})" if dasar else "")),
    ]


def _cara_mengisi(r: _Rencana) -> list[str]:
    """Numbered filling rules (Bahasa)."""
    tetap = ", ".join(r.kolom_tetap)
    return [
        f"1. Buka sheet {SHEET_DATA}. Kolom {tetap} sudah terisi dan dikunci; jangan diubah.",
        f"2. Isi sel berwarna kuning: satu kolom per komponen. Judul kolom (baris {BARIS_JUDUL}) "
        f"adalah nama komponen; artinya ada di baris {BARIS_LABEL}, di komentar sel judul, dan "
        "di tabel di bawah ini.",
        "3. Isi dengan angka bulat 0 atau lebih: tanpa titik/koma pemisah ribuan, tanpa desimal, "
        "tanpa satuan.",
        "4. Kosongkan sel bila tidak ada data atau tidak tahu. Jangan isi 0 bila tidak tahu: "
        "angka 0 berarti memang tidak ada (nol).",
        "5. Jangan menambah, menghapus atau mengurutkan ulang baris dan kolom, dan jangan "
        "mengganti nama sheet. Sheet dikunci tanpa kata sandi hanya agar tidak berubah tanpa "
        "sengaja.",
        "6. Bila menyalin-tempel (paste) dari berkas lain, pakai Paste Special > Values lalu "
        "periksa kembali: data tempelan tidak diperiksa oleh validasi Excel.",
        f"7. Simpan tetap dalam format .xlsx lalu kirim ke {r.instansi.kirim_ke}. "
        "Satu berkas untuk satu wilayah dan satu periode.",
    ]


def _tingkat_terdalam(nama: str, katalog: Katalog) -> str:
    """Deepest level at which some indicator using component ``nama`` is published."""
    dipakai = {
        t for ind in katalog.indikator.values() if nama in ind.komponen for t in ind.kedalaman
    }
    urut = [t for t in TINGKAT_TEMPLATE if t in dipakai]
    return urut[-1] if urut else "-"


def _baris_komponen(k: Komponen, r: _Rencana) -> tuple[str, ...]:
    """One row of the component table of the instructions sheet."""
    indikator = [ind for ind in r.katalog.indikator.values() if k.nama in ind.komponen]
    return (
        k.nama,
        k.judul,
        k.definisi,
        k.satuan,
        k.jenis,
        aturan_isian(k.jenis, r.tahun, r.bulan),
        LABEL_TINGKAT.get(_tingkat_terdalam(k.nama, r.katalog), "-"),
        "\n".join(f"{ind.kode} — {ind.judul}" for ind in indikator),
    )


_JUDUL_TABEL: Final = (
    ("Kolom di sheet Data", 34),
    ("Judul", 40),
    ("Definisi", 60),
    ("Satuan", 12),
    ("Jenis (stok/arus)", 12),
    ("Yang diisi untuk periode ini", 36),
    ("Dipakai sampai tingkat", 16),
    ("Dipakai oleh indikator", 60),
)


def _tulis_petunjuk(ws: Worksheet, r: _Rencana) -> None:
    """Fill the instructions sheet: summary, filling rules, component table."""
    _tulis(ws, 1, 1, f"Petunjuk pengisian template data — {r.instansi.nama}", font=_HURUF_JUDUL)
    baris = 3
    for label, nilai in _ringkasan(r):
        _tulis(ws, baris, 1, label, font=_HURUF_TEBAL, alignment=_BUNGKUS)
        _tulis(ws, baris, 2, nilai, alignment=_BUNGKUS)
        baris += 1
    baris += 1
    _tulis(ws, baris, 1, "Cara mengisi", font=_HURUF_TEBAL)
    for langkah in _cara_mengisi(r):
        baris += 1
        _tulis(ws, baris, 1, langkah)
    baris += 2
    _tulis(ws, baris, 1, "Arti setiap kolom isian", font=_HURUF_TEBAL)
    baris += 1
    for j, (judul, lebar) in enumerate(_JUDUL_TABEL, start=1):
        _tulis(ws, baris, j, judul, font=_HURUF_TEBAL, fill=_ISI_JUDUL, alignment=_BUNGKUS)
        ws.column_dimensions[get_column_letter(j)].width = lebar
    for nama in r.instansi.komponen:
        baris += 1
        for j, nilai in enumerate(_baris_komponen(r.katalog.komponen[nama], r), start=1):
            _tulis(ws, baris, j, nilai, alignment=_BUNGKUS)


# -- Data ---------------------------------------------------------------------


def _label_kolom(header: str, r: _Rencana) -> str:
    """Human title of a Data column (shown above the header row)."""
    label_tetap = {
        KOLOM_KODE: "Kode wilayah Kemendagri",
        KOLOM_NAMA: f"Nama {LABEL_TINGKAT[r.tingkat]}",
        KOLOM_KABUPATEN: "Nama kabupaten/kota",
        KOLOM_KECAMATAN: "Nama kecamatan",
    }
    if header in label_tetap:
        return label_tetap[header]
    return r.katalog.komponen[header].judul


def _lebar_kolom(header: str) -> float:
    """Column width: fixed for region columns, from the name's length for components."""
    lebar_tetap = {KOLOM_KODE: 16, KOLOM_NAMA: 28, KOLOM_KABUPATEN: 26, KOLOM_KECAMATAN: 22}
    return lebar_tetap.get(header, min(max(len(header), 12) + 3, 48))


def _tulis_kepala_data(ws: Worksheet, r: _Rencana) -> None:
    """Title rows, the label row and the header row of the Data sheet."""
    _tulis(
        ws, 1, 1, f"Data {r.instansi.nama} — {teks_periode(r.tahun, r.bulan)}", font=_HURUF_JUDUL
    )
    _tulis(
        ws,
        2,
        1,
        f"Wilayah: {r.nama_wilayah} ({r.kode_wilayah}) · {len(r.baris)} "
        f"{LABEL_TINGKAT[r.tingkat]} · kode wilayah Kemendagri edisi {r.edisi}",
    )
    _tulis(
        ws,
        3,
        1,
        "Isi sel kuning dengan angka bulat 0 atau lebih; kosongkan bila tidak ada data (jangan "
        f"isi 0 bila tidak tahu). Petunjuk lengkap di sheet {SHEET_PETUNJUK}.",
        font=_HURUF_KECIL,
    )
    tinggi = 15.0
    for j, header in enumerate(r.kolom, start=1):
        label = _label_kolom(header, r)
        lebar = _lebar_kolom(header)
        ws.column_dimensions[get_column_letter(j)].width = lebar
        tinggi = max(tinggi, 15.0 * (len(label) // max(int(lebar) - 2, 1) + 1))
        _tulis(ws, BARIS_LABEL, j, label, alignment=_BUNGKUS, fill=_ISI_JUDUL)
        _tulis(ws, BARIS_JUDUL, j, header, font=_HURUF_TEBAL, fill=_ISI_JUDUL)
        if header in r.katalog.komponen:
            ws.cell(row=BARIS_JUDUL, column=j).comment = Comment(
                escape_sel(label), "indikator", width=320, height=90
            )
    ws.row_dimensions[BARIS_LABEL].height = min(tinggi, 160.0)


def rentang_isian(jumlah_tetap: int, jumlah_komponen: int, jumlah_baris: int) -> str:
    """A1 range of the value cells of the Data sheet (``D7:E500``)."""
    awal = get_column_letter(jumlah_tetap + 1)
    akhir = get_column_letter(jumlah_tetap + jumlah_komponen)
    return f"{awal}{BARIS_JUDUL + 1}:{akhir}{BARIS_JUDUL + jumlah_baris}"


def _validasi() -> DataValidation:
    """Whole numbers >= 0, blanks allowed, with a Bahasa error message."""
    return DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop",
        errorTitle="Isian tidak sah",
        error=PESAN_VALIDASI,
        promptTitle="Isian",
        prompt="Angka bulat 0 atau lebih; kosongkan bila tidak ada data.",
    )


def _gaya_sel(ws: Worksheet, **gaya: Any) -> StyleArray:
    """The style of a cell with ``gaya`` applied, to copy onto many cells at once.

    Setting fill/protection/format cell by cell makes openpyxl hash every style object for
    every cell; copying one style array (as openpyxl's own sheet copier does) is ~10x faster.
    """
    contoh = Cell(ws)  # detached: registers the styles in the workbook, not on the sheet
    for nama, isi in gaya.items():
        setattr(contoh, nama, isi)
    return copy(contoh._style)


def _tulis_data(ws: Worksheet, r: _Rencana) -> None:
    """Fill the Data sheet: headers, locked region cells, unlocked value cells, protection."""
    _tulis_kepala_data(ws, r)
    tetap = r.kolom_tetap
    n_komponen = len(r.instansi.komponen)
    terkunci = _gaya_sel(ws, fill=_ISI_TERKUNCI, number_format="@")
    bebas = _gaya_sel(ws, fill=_ISI_BEBAS, number_format=_FORMAT_ANGKA, protection=_TERBUKA)
    for i, nilai_baris in enumerate(r.baris.itertuples(index=False, name=None)):
        baris = BARIS_JUDUL + 1 + i
        for j, nilai in enumerate(nilai_baris, start=1):
            ws.cell(row=baris, column=j, value=escape_sel(nilai))._style = copy(terkunci)
        for j in range(len(tetap) + 1, len(tetap) + n_komponen + 1):
            ws.cell(row=baris, column=j)._style = copy(bebas)
    validasi = _validasi()
    validasi.add(rentang_isian(len(tetap), n_komponen, len(r.baris)))
    ws.add_data_validation(validasi)
    ws.freeze_panes = ws.cell(row=BARIS_JUDUL + 1, column=len(tetap) + 1)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


# -- metadata -------------------------------------------------------------------


def _isi_meta(r: _Rencana) -> list[tuple[str, str]]:
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
    return [(k, isi[k]) for k in _KUNCI_META]


def _tulis_meta(ws: Worksheet, r: _Rencana) -> None:
    """Write the key/value metadata sheet and make it very hidden."""
    ws.append(["kunci", "nilai"])
    for kunci, nilai in _isi_meta(r):
        ws.append([escape_sel(kunci), escape_sel(nilai)])
    ws.sheet_state = "veryHidden"


def buat_template(
    instansi_id: str,
    kode_wilayah: str,
    tahun: int,
    tingkat: str = "desa",
    bulan: int | None = None,
    *,
    out: Path,
    katalog: Katalog | None = None,
) -> Path:
    """Write the template of ``instansi_id`` for the regions of ``tingkat`` under a region.

    Args:
        instansi_id: agency id (``kemenkes``; ``template.kemenkes`` also accepted).
        kode_wilayah: Kemendagri code of the region (any format ``normalize_kode`` accepts).
        tahun: data year; also selects the region master edition (``edisi_untuk_tahun``).
        tingkat: level of the rows, at or below the region's level (one row when equal).
        bulan: month 1-12 for a monthly template; None for the whole year.
        out: the ``.xlsx`` file to write (parent folders are created; replaced atomically).
        katalog: the catalog (loaded when None).

    Returns:
        ``out``.

    Raises:
        TemplateTidakValid: unknown agency, bad code, level or period (Bahasa message).
    """
    r = _rencana(instansi_id, kode_wilayah, tahun, tingkat, bulan, katalog)
    wb = Workbook()
    petunjuk = wb.active
    petunjuk.title = SHEET_PETUNJUK
    _tulis_petunjuk(petunjuk, r)
    _tulis_data(wb.create_sheet(SHEET_DATA), r)
    _tulis_meta(wb.create_sheet(SHEET_META), r)
    wb.security = WorkbookProtection(lockStructure=True)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sementara = out.with_name(out.name + ".tmp")
    wb.save(sementara)
    sementara.replace(out)
    return out


# ---------------------------------------------------------------------------
# Recognising and reading
# ---------------------------------------------------------------------------


def _mungkin_template(path: Path) -> bool:
    """Cheap pre-check on the zip: False when the file surely has no metadata sheet."""
    try:
        with zipfile.ZipFile(path) as arsip:
            workbook = arsip.read("xl/workbook.xml")
    except KeyError:
        return True  # unusual package layout: let fastexcel decide
    except (zipfile.BadZipFile, OSError):
        return False
    return f'"{SHEET_META}"'.encode() in workbook


def _baca_kv(path: Path) -> dict[str, str] | None:
    """The metadata sheet as a dict, or None when the workbook has none or cannot be read."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(path)
        if SHEET_META not in reader.sheet_names:
            return None
        frame = reader.load_sheet(SHEET_META, header_row=0, dtypes="string").to_pandas()
    except Exception:  # calamine raises several error types for broken files
        return None
    if frame.shape[1] < 2:
        return None
    teks = frame.iloc[:, :2].astype("str").where(frame.iloc[:, :2].notna(), "")
    return {str(k).strip(): str(v).strip() for k, v in teks.itertuples(index=False, name=None)}


def _int_meta(kv: dict[str, str], kunci: str) -> int:
    """An integer metadata value, or :class:`TemplateTidakValid`."""
    try:
        return int(kv[kunci])
    except (KeyError, ValueError) as exc:
        raise TemplateTidakValid(
            f"metadata template rusak: {kunci!r} tidak ada atau bukan angka; "
            "buat ulang template dengan `indikator template`"
        ) from exc


def _meta_dari_kv(kv: dict[str, str]) -> TemplateMeta:
    """Check and convert the metadata of a file that carries our marker."""
    versi = _int_meta(kv, "versi")
    if versi != VERSI:
        raise TemplateTidakValid(
            f"template versi {versi} belum didukung (didukung: versi {VERSI}); "
            "buat ulang template dengan `indikator template`"
        )
    kurang = [k for k in _KUNCI_META if k not in kv]
    if kurang:
        raise TemplateTidakValid(f"metadata template rusak: kunci {kurang} tidak ada")
    bulan = _int_meta(kv, "bulan") if kv["bulan"] else None
    return TemplateMeta(
        versi=versi,
        instansi=kv["instansi"],
        sumber=kv["sumber"],
        kode_wilayah=kv["kode_wilayah"],
        nama_wilayah=kv["nama_wilayah"],
        tingkat=kv["tingkat"],
        tahun=_int_meta(kv, "tahun"),
        bulan=bulan,
        baris_judul=_int_meta(kv, "baris_judul"),
        edisi_wilayah=kv["edisi_wilayah"],
        komponen=tuple(k for k in kv["komponen"].split(",") if k),
    )


def kenali_template(path: Path) -> TemplateMeta | None:
    """The metadata of a template made by :func:`buat_template`, or None for any other file.

    Never raises for a CSV, an ordinary or unreadable workbook: those give None. A workbook
    carrying our marker but with broken or newer metadata raises :class:`TemplateTidakValid`,
    so the officer is told to regenerate it instead of hearing "unknown source".
    """
    path = Path(path)
    if path.suffix.lower() not in {".xlsx", ".xlsm"} or not _mungkin_template(path):
        return None
    kv = _baca_kv(path)
    if kv is None or kv.get("penanda") != PENANDA:
        return None
    return _meta_dari_kv(kv)


def teks_angka(nilai: float) -> str:
    """A number cell as text :func:`transforms.parse.parse_angka` reads back exactly.

    Integral values have no decimals (``12``); others use a decimal comma (``1,5``), because
    ``1.234`` would be read the Indonesian way, as one thousand two hundred thirty-four.
    """
    if float(nilai).is_integer():
        return str(int(nilai))
    return repr(float(nilai)).replace(".", ",")


def _rapikan_desimal(
    reader: ExcelReader, meta: TemplateMeta, asli: list[str], teks: pd.DataFrame
) -> pd.DataFrame:
    """Rewrite non-integral number cells with a decimal comma (see :func:`teks_angka`).

    fastexcel renders the number 1.234 and the text ``1.234`` alike; a second, typed read of
    only the columns holding such cells tells them apart (a column of numbers is float).
    """
    nama_asli = dict(zip(teks.columns, asli, strict=True))
    komponen = [normalize_header(k) for k in meta.komponen]
    calon = [c for c in komponen if c in teks.columns and teks[c].str.fullmatch(_RE_DESIMAL).any()]
    if not calon:
        return teks
    angka = reader.load_sheet(
        SHEET_DATA,
        header_row=meta.baris_judul - 1,
        use_columns=[nama_asli[c] for c in calon],
        schema_sample_rows=None,
    ).to_pandas()
    ganti = {}
    for c in calon:
        kolom = angka[nama_asli[c]]
        if pd.api.types.is_float_dtype(kolom):
            ada = kolom.notna().to_numpy()
            ganti[c] = teks[c].where(~ada, kolom.map(teks_angka, na_action="ignore"))
    return teks.assign(**ganti) if ganti else teks


def _baca_data(path: Path, meta: TemplateMeta) -> TabelTeks:
    """Read the Data sheet from the header row down, every cell as text."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(path)
        frame = reader.load_sheet(
            SHEET_DATA, header_row=meta.baris_judul - 1, dtypes="string"
        ).to_pandas()
        asli = [str(c) for c in frame.columns]
        teks = frame.astype("str").where(frame.notna(), "")
        teks.columns = [normalize_header(c) for c in asli]
        teks = _rapikan_desimal(reader, meta, asli, teks)
    except Exception as exc:  # calamine raises several error types for broken files
        raise BerkasTidakTerbaca(f"sheet {SHEET_DATA} tidak dapat dibaca: {exc}") from exc
    teks = teks.reset_index(drop=True)
    awal = meta.baris_judul + 1
    baris = pd.Series(range(awal, awal + len(teks)), index=teks.index, name="baris")
    return TabelTeks(teks, baris, SHEET_DATA, None, None)


def baca_template(
    path: Path, katalog: Katalog | None = None
) -> tuple[TabelTeks, Layout, TemplateMeta]:
    """Read a filled template: its Data sheet as text, its source layout and its metadata.

    Cells are text as :func:`transforms.read.read_excel_text` gives them (integral numbers
    without ``.0``, empty cells ``""``, text typed into a number cell kept as typed); headers
    are normalised (``remaja_putri_ttd`` -> ``REMAJA_PUTRI_TTD``); ``baris`` are the Excel row
    numbers. Rows whose value cells are all empty are kept. The layout maps ``KODE WILAYAH``
    (full Kemendagri codes) and one column per component listed in the file's metadata.

    Raises:
        TemplateTidakValid: not a template, or its agency/components are no longer known.
        BerkasTidakTerbaca: the Data sheet cannot be read.
    """
    path = Path(path)
    meta = kenali_template(path)
    if meta is None:
        raise TemplateTidakValid(
            f"berkas {path.name!r} bukan template indikator (sheet {SHEET_META} tidak ada)"
        )
    katalog = katalog or load_katalog()
    instansi = cari_instansi(meta.instansi, katalog)
    asing = [k for k in meta.komponen if k not in katalog.komponen]
    if asing:
        raise TemplateTidakValid(
            f"template memuat komponen yang tidak dikenal lagi: {asing}; "
            "buat ulang template dengan `indikator template`"
        )
    return _baca_data(path, meta), _layout(instansi, meta.komponen), meta
