"""The quarantine row: the ONE builder of problem rows (file, row, column, value, rule, advice).

Every problem and warning a run reports (a cell, a row, a whole rejected file, a run-level
warning) is built by :func:`buat_masalah`; its columns are the karantina contract
(``catalog/kolom.yaml``) without the run id, which the publish step adds. The rule id must be
in the rule registry (``catalog/aturan.yaml``); the builder takes the rule's default level and
what the sender should do (``tindakan``) from there.
"""

from __future__ import annotations

import pandas as pd

from schemas.aturan import muat_aturan, periksa_id_aturan
from schemas.kontrak import kolom as kolom_kontrak
from transforms.baca.tabel import TabelTeks
from transforms.komponen.asal import Asal

KOLOM_MASALAH = [c for c in kolom_kontrak("karantina") if c != "id_run"]
"""The columns of a problem row: the karantina contract without ``id_run``."""

Isi = pd.Series | str | int | None
"""A column's content: one value for every row, or one per row (a Series)."""


def _dari_registri(aturan: pd.Series | str, bidang: str) -> pd.Series | str:
    """A registry field (``tingkat``, ``tindakan``) of each row's rule (ids already checked)."""
    entri = muat_aturan()
    if isinstance(aturan, pd.Series):
        return aturan.map({k: getattr(e, bidang) for k, e in entri.items()})
    return getattr(entri[aturan], bidang)


def _bilangan(isi: Isi) -> Isi:
    """Row numbers and years as nullable integers (one value is left as it is)."""
    return isi.astype("Int64") if isinstance(isi, pd.Series) else isi


def buat_masalah(
    *,
    berkas: Isi,
    sheet: Isi,
    baris: pd.Series,
    kolom: Isi,
    nilai: Isi,
    aturan: pd.Series | str,
    pesan: Isi,
    sumber: Isi,
    tahun: Isi,
    tingkat: pd.Series | str | None = None,
    wilayah: Isi = None,
) -> pd.DataFrame:
    """Problem rows in the contract's columns (an empty frame when ``baris`` is empty).

    Each argument is one value for every row or a Series (aligned on ``baris``'s index).

    Args:
        berkas: the file name. sheet: its sheet (None for CSV or a whole file).
        baris: the row numbers in the file, as the reader numbered them (NA: whole file).
        kolom: the column named. nilai: the value shown (a Series is shown as text).
        aturan: the rule id (``ATURAN.<id>``); an id not in the registry is refused.
        pesan: the Bahasa message. sumber: the source id. tahun: the ingested year.
        tingkat: ``galat`` (row quarantined) or ``peringatan``; None: the rule's default.
        wilayah: the region as a person finds it, ``NAMA (kode)``; None when not known.

    Raises:
        AturanTidakDikenal: a rule id that ``catalog/aturan.yaml`` does not list.
    """
    periksa_id_aturan(aturan.unique() if isinstance(aturan, pd.Series) else [aturan])
    if not len(baris):
        return pd.DataFrame(columns=KOLOM_MASALAH)
    isi = {
        "berkas": berkas,
        "sheet": sheet,
        "baris": baris.astype("Int64"),
        "wilayah": wilayah,
        "kolom": kolom,
        "nilai": nilai.astype(str) if isinstance(nilai, pd.Series) else nilai,
        "aturan": aturan,
        "tingkat_masalah": _dari_registri(aturan, "tingkat") if tingkat is None else tingkat,
        "pesan": pesan,
        "tindakan": _dari_registri(aturan, "tindakan"),
        "sumber": sumber,
        "tahun": _bilangan(tahun),
    }
    return pd.DataFrame({k: isi[k] for k in KOLOM_MASALAH})


def buat_karantina(
    asal: Asal,
    sheet: str | None,
    baris: pd.Series,
    kolom: str | pd.Series,
    nilai: pd.Series,
    aturan: str | pd.Series,
    pesan: pd.Series | str,
    tingkat: str | pd.Series | None = None,
) -> pd.DataFrame:
    """Problem rows of one file (see :func:`buat_masalah`); provenance from ``asal``."""
    return buat_masalah(
        berkas=asal.berkas,
        sheet=sheet,
        baris=baris,
        kolom=kolom,
        nilai=nilai,
        aturan=aturan,
        pesan=pesan,
        sumber=asal.sumber,
        tahun=asal.tahun,
        tingkat=tingkat,
    )


def buat_karantina_sel(
    tabel: TabelTeks,
    asal: Asal,
    kolom: str,
    mask: pd.Series,
    aturan: str,
    pesan: pd.Series | str,
    tingkat: str | None = None,
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
