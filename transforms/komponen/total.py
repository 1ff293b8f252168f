"""Stated totals: each total row compared with the sum of the data rows above it."""

from __future__ import annotations

import pandas as pd

from schemas.aturan import ATURAN
from schemas.model import Layout
from transforms.baca.angka import ubah_angka
from transforms.baca.tabel import TabelTeks
from transforms.komponen.asal import Asal
from transforms.komponen.karantina import KOLOM_MASALAH, buat_karantina, gabung_karantina


def _total_dinyatakan(
    tabel: TabelTeks, total_nama: pd.Series, values: pd.DataFrame, kol: list[str]
) -> pd.DataFrame | None:
    """Every stated total row (set aside by the reader, or named as a total), by row number."""
    totals = []
    reader_total = getattr(tabel, "total", None)
    if reader_total is not None and len(reader_total):
        rt = reader_total
        parsed = pd.DataFrame(
            {c: ubah_angka(rt[c])[0] for c in kol if c in rt.columns}, index=rt.index
        )
        baris = rt["baris"] if "baris" in rt.columns else pd.Series(pd.NA, index=rt.index)
        totals.append(parsed.assign(_baris=baris.to_numpy()))
    if total_nama.any():
        totals.append(values.loc[total_nama, kol].assign(_baris=tabel.baris[total_nama]))
    if not totals:
        return None
    semua = pd.concat(totals, ignore_index=True).dropna(subset=["_baris"])
    return semua.sort_values("_baris")


def _cek_blok(
    tabel: TabelTeks,
    asal: Asal,
    row: pd.Series,
    blok: pd.Series,
    values: pd.DataFrame,
    tak_terbaca: pd.DataFrame,
    kol: list[str],
) -> list[pd.DataFrame]:
    """Warnings for the columns where one total row differs from the sum of its block."""
    frames = []
    for c in kol:
        if c not in row or pd.isna(row[c]):
            continue
        if c in tak_terbaca and tak_terbaca.loc[blok, c].any():
            continue  # an unreadable cell above: the stated total cannot be checked
        jumlah = values.loc[blok, c].sum()
        if abs(jumlah - row[c]) > 0.5:
            frames.append(
                buat_karantina(
                    asal,
                    tabel.sheet,
                    pd.Series([int(row["_baris"])]),
                    c,
                    pd.Series([f"{row[c]:g}"]),
                    ATURAN.total_tidak_sesuai,  # a warning (the registry's level)
                    f"baris total menulis {row[c]:g}, padahal jumlah "
                    f"baris-baris datanya {jumlah:g} (dipakai: hasil penjumlahan)",
                )
            )
    return frames


def periksa_total(
    tabel: TabelTeks,
    total_nama: pd.Series,
    values: pd.DataFrame,
    dipakai: pd.Series,  # every data row (used or quarantined), not totals or blanks
    asal: Asal,
    layout: Layout,
    tak_terbaca: pd.DataFrame,
) -> pd.DataFrame:
    """Compare each stated total row with the sum of the data rows above it (its block)."""
    kol = [c for c in layout.komponen if c in values.columns]
    semua = _total_dinyatakan(tabel, total_nama, values, kol)
    if semua is None:
        return pd.DataFrame(columns=KOLOM_MASALAH)
    data_baris = tabel.baris[dipakai]
    frames, awal = [], 0
    for _, row in semua.iterrows():
        blok = dipakai & tabel.baris.between(awal + 1, int(row["_baris"]) - 1)
        awal = int(row["_baris"])
        if not blok.any() or data_baris.empty:
            continue
        frames += _cek_blok(tabel, asal, row, blok, values, tak_terbaca, kol)
    return gabung_karantina(frames)
