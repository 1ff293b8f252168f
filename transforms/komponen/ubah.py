"""Turn a text table read with a source layout into the long component table.

Transformations include:

* check the layout's columns are present (else the whole file is rejected, with one message);
* match region names (and SIGA's 4-digit desa suffix) to Kemendagri codes;
* parse the month column and every component column deliberately;
* quarantine rows that cannot be used, with file, row, column, value, rule and a Bahasa message
  (unreadable or non-finite numbers, values above the component's ceiling, periods other
  than the ingested one);
* melt to one row per region, year, month and component, with file and row provenance;
* account for every row read: used + quarantined + recognised as non-data.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from schemas.katalog import muat_katalog
from schemas.masukan import periksa_nilai
from schemas.model import Katalog, Layout
from transforms.baca.tabel import TabelTeks
from transforms.komponen.akuntansi import hitung_akuntansi
from transforms.komponen.asal import Asal, HasilBerkas
from transforms.komponen.batas_atas import cari_komponen_kolom, periksa_batas_atas
from transforms.komponen.ganda import periksa_ganda
from transforms.komponen.karantina import gabung_karantina
from transforms.komponen.kategori import baca_komponen_panjang, cocokkan_kategori
from transforms.komponen.kolom import (
    cari_kolom_wilayah,
    normalkan_header,
    normalkan_nama_wilayah,
    periksa_judul_ganda,
    periksa_kolom,
)
from transforms.komponen.lebur import ubah_ke_panjang
from transforms.komponen.nilai import (
    baca_nilai_lebar,
    buat_karantina_rumus,
    buat_karantina_tak_terbaca,
    buat_karantina_validasi,
    ganti_masalah_terpotong,
)
from transforms.komponen.periode import kenali_periode
from transforms.komponen.total import periksa_total
from transforms.komponen.wilayah_baris import cocokkan_wilayah_baris
from transforms.komponen.wilayah_masalah import isi_wilayah_masalah
from transforms.wilayah.kode import TINGKAT


@dataclass
class _Nilai:
    """The parsed numbers of a table and what the component step needs to know about them."""

    angka: pd.DataFrame
    invalid: pd.DataFrame  # unreadable cells
    komp_baris: pd.Series | None  # component of each row (long layouts)
    penting: set[str]  # columns that carry components (unreadable = error)
    masalah: pd.DataFrame  # unknown categories (long layouts)


def siapkan_tabel(tabel: TabelTeks, layout: Layout, asal: Asal) -> tuple[TabelTeks, dict[str, str]]:
    """Headers in the layout's spelling, columns checked, region names tidied; and the region
    columns found (the component step and the coverage read of ingest both start here)."""
    periksa_judul_ganda(tabel, layout)
    tabel = normalkan_header(tabel, layout)
    periksa_kolom(tabel, layout, asal)
    kolom = cari_kolom_wilayah(tabel, layout)
    names = [c for t, c in kolom.items() if t in TINGKAT]
    return replace(tabel, data=normalkan_nama_wilayah(tabel.data, names)), kolom


def _baca_nilai(tabel: TabelTeks, layout: Layout, asal: Asal) -> _Nilai:
    if layout.panjang:
        komp_baris, nilai1, invalid, p_kat = baca_komponen_panjang(tabel, layout, asal)
        kolom = layout.panjang["nilai"]
        return _Nilai(nilai1.to_frame(kolom), invalid, komp_baris, {kolom}, p_kat)
    values, invalid = baca_nilai_lebar(tabel, layout)
    penting = {c for c in layout.komponen if c in values.columns}
    return _Nilai(values, invalid, None, penting, pd.DataFrame())


def _masalah_sel(
    tabel: TabelTeks, layout: Layout, asal: Asal, katalog: Katalog, nilai: _Nilai
) -> list[pd.DataFrame]:
    """Problems of the cells: unreadable numbers, registry checks, formulas without value."""
    return [
        nilai.masalah,
        buat_karantina_tak_terbaca(tabel, nilai.invalid, asal, nilai.penting),
        buat_karantina_validasi(tabel, periksa_nilai(nilai.angka, layout, katalog), asal),
        buat_karantina_rumus(tabel, asal),
    ]


def ubah_ke_komponen(
    tabel: TabelTeks,
    layout: Layout,
    asal: Asal,
    edisi: str,
    katalog: Katalog | None = None,
) -> HasilBerkas:
    """Turn one file read as text into long components, problems and row accounting.

    Args:
        tabel: the file read as text (:mod:`transforms.baca`).
        layout: its source layout.
        asal: provenance (file, sha256, source, ingest period, region scope).
        edisi: region master edition used to match names.
        katalog: the catalog (registry rules for validation); the default catalog when None.
    """
    katalog = katalog or muat_katalog()
    tabel, kolom = siapkan_tabel(tabel, layout, asal)
    kode, p_wil, total_nama = cocokkan_wilayah_baris(tabel, layout, asal, edisi)
    periode, p_per = kenali_periode(tabel, layout, asal)
    nilai = _baca_nilai(tabel, layout, asal)
    early = gabung_karantina([p_wil, p_per, *_masalah_sel(tabel, layout, asal, katalog, nilai)])
    early = ganti_masalah_terpotong(tabel, asal, early)
    errors = early[early["tingkat_masalah"] == "galat"]
    is_bad = tabel.baris.isin(set(errors["baris"].dropna().astype(int)))
    komp_cols = [c for c in nilai.angka.columns if c in nilai.penting]
    kosong = nilai.angka[komp_cols].isna().all(axis=1) & ~is_bad & ~total_nama
    ok = ~is_bad & ~kosong & ~total_nama
    komp_baris, p_kat, p_dup = nilai.komp_baris, None, pd.DataFrame()
    if layout.kategori:
        komp_baris, p_kkat, ok_kat = cocokkan_kategori(tabel, layout, katalog, asal)
        p_kat = gabung_karantina([nilai.masalah, p_kkat])
        is_bad, ok = is_bad | (~ok_kat & ok), ok & ok_kat
    lebih, p_batas = periksa_batas_atas(
        tabel,
        asal,
        nilai.angka,
        cari_komponen_kolom(sorted(nilai.penting), layout, komp_baris),
        kode.where(~total_nama),
        katalog,
        edisi,
    )
    is_bad, ok = is_bad | lebih, ok & ~lebih
    if layout.per_wilayah == "satu":
        ganda, p_dup = periksa_ganda(tabel, asal, kolom, kode, periode, komp_baris, ok)
        is_bad, ok = is_bad | ganda, ok & ~ganda
    p_tot = periksa_total(tabel, total_nama, nilai.angka, ok | is_bad, asal, layout, nilai.invalid)
    problems = gabung_karantina([early, p_kat, p_batas, p_dup, p_tot])
    problems = isi_wilayah_masalah(problems, tabel, cari_kolom_wilayah(tabel, layout), kode, edisi)

    long = ubah_ke_panjang(nilai.angka, komp_baris, layout, kode, periode, tabel, ok, asal)
    bukan = kosong | total_nama
    return HasilBerkas(long, problems, hitung_akuntansi(tabel, asal, ok, is_bad, bukan, problems))
