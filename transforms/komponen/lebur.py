"""Usable rows melted to the long component table: one row per region, period and component."""

from __future__ import annotations

import pandas as pd

from schemas.model import Layout
from transforms.baca.tabel import TabelTeks
from transforms.komponen.asal import Asal
from transforms.komponen.periode import KUNCI_PERIODE
from transforms.komponen.ramping import kolom_tetap


def _lebar(values: pd.DataFrame, layout: Layout, ok: pd.Series) -> tuple[pd.DataFrame, dict]:
    """The component columns present, renamed to their component names."""
    cols = {c: n for c, n in layout.komponen.items() if c in values.columns}
    return values.loc[ok, list(cols)].rename(columns=cols), cols


def _lebur_kategori(
    values: pd.DataFrame, kategori: pd.Series, layout: Layout, base: pd.DataFrame, ok: pd.Series
) -> pd.DataFrame:
    """Wide columns with ``{kategori}`` in their names, filled with each row's category."""
    wide, cols = _lebar(values, layout, ok)
    long = pd.concat([base.assign(_kat=kategori[ok]), wide], axis=1).melt(
        id_vars=["kode_wilayah", *KUNCI_PERIODE, "baris", "_kat"],
        value_vars=list(cols.values()),
        var_name="komponen",
        value_name="nilai",
    )
    long = long.assign(
        komponen=[
            k.replace("{kategori}", c) for k, c in zip(long["komponen"], long["_kat"], strict=True)
        ]
    ).drop(columns="_kat")
    return long.dropna(subset=["nilai"])


def _lebur_lebar(
    values: pd.DataFrame, layout: Layout, base: pd.DataFrame, ok: pd.Series
) -> pd.DataFrame:
    """One column per component."""
    wide, cols = _lebar(values, layout, ok)
    long = pd.concat([base, wide], axis=1).melt(
        id_vars=["kode_wilayah", *KUNCI_PERIODE, "baris"],
        value_vars=list(cols.values()),
        var_name="komponen",
        value_name="nilai",
    )
    return long.dropna(subset=["nilai"])


def ubah_ke_panjang(
    values: pd.DataFrame,
    komp_baris: pd.Series | None,
    layout: Layout,
    kode: pd.Series,
    periode: pd.DataFrame,
    tabel: TabelTeks,
    ok: pd.Series,
    asal: Asal,
) -> pd.DataFrame:
    """Usable rows → one row per region, period and component, with provenance.

    Args:
        komp_baris: the component (long layout) or category (category column) of each row;
            None for a plain wide layout.
    """
    base = periode.loc[ok, KUNCI_PERIODE].assign(kode_wilayah=kode[ok], baris=tabel.baris[ok])
    if layout.kategori and komp_baris is not None:
        long = _lebur_kategori(values, komp_baris, layout, base, ok)
    elif komp_baris is not None:
        long = base.assign(
            komponen=komp_baris[ok], nilai=values.loc[ok, layout.panjang["nilai"]]
        ).dropna(subset=["nilai", "komponen"])
    else:
        long = _lebur_lebar(values, layout, base, ok)
    # the provenance of every row as one category each (what the file's rows are kept as,
    # :func:`~transforms.komponen.ramping.buat_ramping_berkas`): a text repeated on each of
    # a national sheet's million long rows, then factorised back, was 15 % of its ingest
    n = len(long)
    return long.assign(
        sumber=kolom_tetap(asal.sumber, n),
        berkas=kolom_tetap(asal.berkas, n),
        lembar=None if tabel.sheet is None else kolom_tetap(tabel.sheet, n),
        sha256=kolom_tetap(asal.sha256, n),
        tahun=long["tahun"].astype("int64"),
        bulan=long["bulan"].astype("Int64"),
        semester=long["semester"].astype("Int64"),
        baris=long["baris"].astype("int64"),
    )
