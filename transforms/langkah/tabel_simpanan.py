"""Cached tables written and read back exactly: each column's type (a categorical's with its
categories' type), ``object`` columns of text and None, categories in their order, and a file's
component rows one row group per province (:mod:`transforms.langkah.simpanan_provinsi`).
Every cache of the run (:mod:`transforms.langkah.simpanan`,
:mod:`transforms.langkah.simpanan_hitung`, :mod:`transforms.langkah.bawa_provinsi`) reads
its tables through here; a table that differs from its record is refused (``ValueError``),
which its cache treats as a miss."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from transforms.langkah.simpanan_provinsi import baca_row_group


def jenis_kolom(df: pd.DataFrame) -> dict[str, str]:
    """Each column's exact dtype as text (a categorical's with its categories' dtype)."""
    return {
        str(k): f"category[{v.categories.dtype}, {v.ordered}]"
        if isinstance(v, pd.CategoricalDtype)
        else str(v)
        for k, v in df.dtypes.items()
    }


def _pulihkan_objek(df: pd.DataFrame, jenis: dict[str, str]) -> pd.DataFrame:
    """Columns that were ``object`` (text or None in each cell) back to ``object``: Parquet
    reads text as ``str``."""
    objek = [k for k, v in jenis.items() if v == "object" and str(df[k].dtype) != "object"]
    if not objek:
        return df
    ubah = {k: df[k].astype(object).where(df[k].notna(), None) for k in objek}
    return df.assign(**ubah)


def kategori_kolom(df: pd.DataFrame) -> dict[str, list[Any]]:
    """Each categorical column's categories: their type and the texts in order (Parquet keeps
    only those used, in order of use; the order decides how a categorical column sorts)."""
    return {
        str(k): [str(t.categories.dtype), [str(c) for c in t.categories]]
        for k, t in df.dtypes.items()
        if isinstance(t, pd.CategoricalDtype)
    }


def _pulihkan_kategori(df: pd.DataFrame, kategori: dict[str, list[Any]]) -> pd.DataFrame:
    """Categorical columns with the recorded categories (:func:`kategori_kolom`) back; a value
    outside them makes the table unusable (it would turn into a null)."""
    ubah = {}
    for nama, (jenis, daftar) in kategori.items():
        kini = df[nama].dtype
        if not isinstance(kini, pd.CategoricalDtype) or not set(map(str, kini.categories)) <= set(
            daftar
        ):
            raise ValueError(f"{nama}: kategori tidak sesuai catatannya")
        ubah[nama] = pd.CategoricalDtype(pd.Index(daftar, dtype=jenis), kini.ordered)
    return df.astype(ubah) if ubah else df


def _kosong_teks(path: Path, jenis: dict[str, str]) -> pd.DataFrame:
    """An empty cached table of ``object`` columns (the problem table of most files: 80 % of
    a province's kabupaten files) as :func:`baca_tabel_simpanan` reads it, without reading
    it (±2.5 ms a file): its file is only checked to be whole, by Parquet's magic bytes at
    both ends (a truncated or missing one is refused, so the entry is a miss as before)."""
    with path.open("rb") as fh:
        awal = fh.read(4)
        fh.seek(-4, os.SEEK_END)
        if awal != _PARQUET or fh.read(4) != _PARQUET:
            raise ValueError(f"{path.name}: bukan berkas Parquet yang utuh")
    kolom = pd.Index(list(jenis), dtype="str")
    return pd.DataFrame(index=pd.RangeIndex(0), columns=kolom, dtype=object)


_PARQUET = b"PAR1"


def baca_tabel_simpanan(
    path: Path, jenis: dict[str, str], baris: int, kategori: dict[str, list[Any]] | None = None
) -> pd.DataFrame:
    """A cached table, its ``object`` columns and (when recorded) its categories as they were
    written; refused (``ValueError``) when its types or row count differ from the record."""
    if baris == 0 and jenis and set(jenis.values()) == {"object"} and not kategori:
        return _kosong_teks(path, jenis)
    df = _pulihkan_kategori(_pulihkan_objek(pd.read_parquet(path), jenis), kategori or {})
    return _sesuai_catatan(df, path, jenis, baris)


def _sesuai_catatan(
    df: pd.DataFrame, path: Path, jenis: dict[str, str], baris: int
) -> pd.DataFrame:
    """``df`` when its column types and row count are the recorded ones, else ``ValueError``."""
    if jenis_kolom(df) != jenis or len(df) != baris:
        raise ValueError(f"{path.name}: kolom atau jumlah baris tidak sesuai catatannya")
    return df


def baca_komponen(path: Path, isi: dict[str, Any], lewati: frozenset[str]) -> pd.DataFrame:
    """A cached result's component rows: whole, or without the provinces of ``lewati`` when
    it was kept one row group per province (``isi["provinsi"]``); refused (``ValueError``)
    when they differ from the record."""
    jenis, baris = isi["jenis"]["komponen"], int(isi["baris"]["komponen"])
    batas = [(str(p), int(n)) for p, n in isi.get("provinsi") or []]
    pilih = [i for i, (p, _) in enumerate(batas) if p not in lewati]
    if len(pilih) == len(batas):
        return baca_tabel_simpanan(path, jenis, baris)
    df = _pulihkan_objek(baca_row_group(path, batas, pilih), jenis)
    return _sesuai_catatan(df, path, jenis, sum(batas[i][1] for i in pilih))


def objek_aman(df: pd.DataFrame) -> bool:
    """Whether every ``object`` column holds only text and None (what Parquet keeps exactly)."""
    return all(
        all(v is None or type(v) is str for v in df[k].to_numpy())
        for k, v in df.dtypes.items()
        if str(v) == "object"
    )
