"""Recognising and reading a filled agency template.

* :func:`kenali_template`: a cheap check whether a file is one of our templates, giving its
  metadata (the very hidden ``_indikator`` sheet);
* :func:`baca_template`: read a filled template (fastexcel) into a :class:`TabelTeks` plus the
  :class:`Layout` and metadata the ingest needs.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pandas as pd

from schemas.judul import bersihkan_judul
from schemas.katalog import muat_katalog
from schemas.model import Katalog, Layout
from transforms.baca.angka import tampak_ambigu
from transforms.baca.tabel import BerkasTidakTerbaca, TabelTeks
from transforms.terima.instansi import buat_layout_instansi, cari_instansi
from transforms.terima.templat_bentuk import (
    KUNCI_META,
    PENANDA,
    SHEET_DATA,
    SHEET_META,
    VERSI,
    TemplateMeta,
    TemplateTidakValid,
)

if TYPE_CHECKING:
    from fastexcel import ExcelReader

_RE_DESIMAL: Final = re.compile(r"-?\d+\.\d+")


# ---------------------------------------------------------------------------
# Recognising: the metadata sheet
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
    kurang = [k for k in KUNCI_META if k not in kv]
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
    """The metadata of a template made by ``buat_template``, or None for any other file.

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


# ---------------------------------------------------------------------------
# Reading: the Data sheet
# ---------------------------------------------------------------------------


def ubah_angka_ke_teks_templat(nilai: float) -> str:
    """A number cell as text :func:`transforms.baca.angka.ubah_angka` reads back exactly.

    Integral values have no decimals (``12``); others use a decimal comma (``1,5``), because
    ``1.234`` would be read the Indonesian way, as one thousand two hundred thirty-four; and
    exactly three decimals get a fourth zero (``1,2340``), because ``1,234`` is ambiguous text
    (:func:`transforms.baca.angka.tampak_ambigu`: English thousands or a decimal) and is
    refused.
    """
    if float(nilai).is_integer():
        return str(int(nilai))
    teks = repr(float(nilai)).replace(".", ",")
    return f"{teks}0" if tampak_ambigu(teks) else teks


def _rapikan_desimal(
    reader: ExcelReader, meta: TemplateMeta, asli: list[str], teks: pd.DataFrame
) -> pd.DataFrame:
    """Rewrite non-integral number cells with a decimal comma.

    fastexcel renders the number 1.234 and the text ``1.234`` alike; a second, typed read of
    only the columns holding such cells tells them apart (a column of numbers is float).
    """
    nama_asli = dict(zip(teks.columns, asli, strict=True))
    komponen = [bersihkan_judul(k) for k in meta.komponen]
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
            ganti[c] = teks[c].where(
                ~ada, kolom.map(ubah_angka_ke_teks_templat, na_action="ignore")
            )
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
        teks.columns = [bersihkan_judul(c) for c in asli]
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

    Cells are text as :func:`transforms.baca.excel.baca_excel` gives them (integral numbers
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
    katalog = katalog or muat_katalog()
    instansi = cari_instansi(meta.instansi, katalog)
    asing = [k for k in meta.komponen if k not in katalog.komponen]
    if asing:
        raise TemplateTidakValid(
            f"template memuat komponen yang tidak dikenal lagi: {asing}; "
            "buat ulang template dengan `indikator template`"
        )
    return _baca_data(path, meta), buat_layout_instansi(instansi, meta.komponen), meta
