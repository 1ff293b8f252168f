"""The quarantine row: the ONE builder of a file's problems (file, row, column, value, rule)."""

from __future__ import annotations

import pandas as pd

from schemas.kontrak import kolom as kolom_kontrak
from transforms.baca.tabel import TabelTeks
from transforms.komponen.asal import Asal

# the karantina contract (catalog/kolom.yaml) without the run id, which the run adds
KOLOM_MASALAH = [c for c in kolom_kontrak("karantina") if c != "id_run"]


def buat_karantina(
    asal: Asal,
    sheet: str | None,
    baris: pd.Series,
    kolom: str | pd.Series,
    nilai: pd.Series,
    aturan: str | pd.Series,
    pesan: pd.Series | str,
    tingkat: str | pd.Series = "galat",
) -> pd.DataFrame:
    """Problem rows of one file (empty frame when ``baris`` is empty).

    Args:
        asal: the file's provenance (file name, source, year).
        sheet: the sheet the rows come from (None for CSV).
        baris: the row numbers in the file, as the reader numbered them.
        kolom: the column named (one for all rows, or one per row).
        nilai: the value shown for each row (as text).
        aturan: the rule id (one, or one per row).
        pesan: the Bahasa message (one, or one per row).
        tingkat: ``galat`` (row quarantined) or ``peringatan`` (one, or one per row).
    """
    if not len(baris):
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "berkas": asal.berkas,
            "sheet": sheet,
            "baris": baris.astype("Int64"),
            "kolom": kolom,
            "nilai": nilai.astype(str),
            "aturan": aturan,
            "tingkat_masalah": tingkat,
            "pesan": pesan,
            "sumber": asal.sumber,
            "tahun": asal.tahun,
        }
    )


def buat_karantina_sel(
    tabel: TabelTeks,
    asal: Asal,
    kolom: str,
    mask: pd.Series,
    aturan: str,
    pesan: pd.Series | str,
    tingkat: str = "galat",
) -> pd.DataFrame:
    """Problems for the cells of one column where ``mask`` holds (their own text shown)."""
    nilai = tabel.data.loc[mask, kolom]
    return buat_karantina(
        asal, tabel.sheet, tabel.baris[mask], kolom, nilai, aturan, pesan, tingkat
    )


def gabung_karantina(frames: list[pd.DataFrame | None]) -> pd.DataFrame:
    """Stack problem frames (empty ones and None skipped) in the contract's column order."""
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return pd.DataFrame(columns=KOLOM_MASALAH)
    return pd.concat(frames, ignore_index=True)[KOLOM_MASALAH]
