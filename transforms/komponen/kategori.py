"""Rows whose component is named by a category: long layouts and tables with a category column."""

from __future__ import annotations

import pandas as pd

from schemas.aturan import ATURAN
from schemas.model import Katalog, Layout
from transforms.baca.angka import ubah_angka
from transforms.baca.tabel import TabelTeks
from transforms.komponen.asal import Asal
from transforms.komponen.karantina import buat_karantina_sel


def baca_komponen_panjang(
    tabel: TabelTeks, layout: Layout, asal: Asal
) -> tuple[pd.Series, pd.Series, pd.DataFrame, pd.DataFrame]:
    """Long layout: the component of each row (from its category) and its parsed value.

    Returns:
        The component of each row (None when the category is unknown), the parsed value,
        the unreadable values (one column) and the problems (unknown categories).
    """
    spec = layout.panjang or {}
    peta = {" ".join(str(k).upper().split()): v for k, v in spec["komponen"].items()}
    jenis = tabel.data[spec["jenis"]].astype(str).str.upper().str.split().str.join(" ")
    komponen = jenis.map(peta)
    values, invalid = ubah_angka(tabel.data[spec["nilai"]])
    tak = komponen.isna()
    problems = buat_karantina_sel(
        tabel,
        asal,
        spec["jenis"],
        tak,
        ATURAN.kategori_tidak_dikenal,
        f"kategori tidak dikenal; yang dikenal: {', '.join(spec['komponen'])}",
    )
    return komponen, values, invalid.to_frame(spec["nilai"]), problems


def _slug(teks: pd.Series) -> pd.Series:
    return teks.astype(str).str.strip().str.lower().str.replace(r"[^a-z0-9]+", "_", regex=True)


def cocokkan_kategori(
    tabel: TabelTeks, layout: Layout, katalog: Katalog, asal: Asal
) -> tuple[pd.Series, pd.DataFrame, pd.Series]:
    """Rows of a table with a category column (one row per region and category).

    Component names in the layout carry ``{kategori}``, replaced by the row's category
    (lower case); a category that gives no known component is an error on that row.

    Returns:
        The category of each row (as it goes into component names), the problems, and
        which rows have a known category.
    """
    kol = layout.kategori or ""
    slug = _slug(tabel.data[kol])
    nama = [n for n in layout.komponen.values() if "{kategori}" in n]
    dikenal = pd.Series(
        [all(n.replace("{kategori}", s) in katalog.komponen for n in nama) for s in slug],
        index=slug.index,
    )
    problems = buat_karantina_sel(
        tabel,
        asal,
        kol,
        ~dikenal,
        ATURAN.kategori_tidak_dikenal,
        f"kategori pada kolom {kol!r} tidak dikenal oleh format {layout.id}",
    )
    return slug, problems, dikenal
