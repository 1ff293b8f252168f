"""Output contracts derived from ``catalog/kolom.yaml``: one column list, two schemas.

The Arrow schema fixes the Parquet types BI tools see; the pandera schema checks a frame
before it is written. Neither is typed by hand: both come from the same column definitions.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
from pandera.errors import SchemaErrors

from schemas.katalog import muat_katalog

ARROW_TYPES = {
    "string": pa_arrow.string(),
    "int": pa_arrow.int32(),
    "double": pa_arrow.float64(),
    "bool": pa_arrow.bool_(),
}
PANDAS_TYPES = {"string": "str", "int": "Int32", "double": "float64", "bool": "boolean"}
"""In-memory types of the contract's columns: integers as ``Int32``, the width Parquet stores
(``Int64`` cost 9 bytes a value instead of 5: 0.2 GB on a national year's components)."""


def kolom(tabel: str) -> dict[str, dict[str, Any]]:
    """Column definitions of one output table (``indikator``, ``komponen``, ``karantina``)."""
    return muat_katalog().kolom[tabel]


def lebar_bilangan(frame: pd.DataFrame, spek: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """``frame`` with the integer columns of a table's column definitions ``spek`` (those it
    has) at their in-memory type, :data:`PANDAS_TYPES` (the width Parquet stores)."""
    bilangan = [nama for nama, s in spek.items() if s["tipe"] == "int" and nama in frame.columns]
    return frame.astype(dict.fromkeys(bilangan, PANDAS_TYPES["int"]))


@functools.cache
def buat_skema_arrow(tabel: str) -> pa_arrow.Schema:
    """Arrow schema with each column's description as field metadata."""
    fields = [
        pa_arrow.field(
            name,
            ARROW_TYPES[spec["tipe"]],
            nullable=spec["nullable"],
            metadata={"deskripsi": spec["deskripsi"]},
        )
        for name, spec in kolom(tabel).items()
    ]
    return pa_arrow.schema(fields)


def _checks(spec: dict[str, Any]) -> list[pa.Check]:
    """Pandera checks from a column's optional rules (nilai, min, max, pola)."""
    checks = []
    if "nilai" in spec:
        checks.append(pa.Check.isin(spec["nilai"]))
    if "min" in spec:
        checks.append(pa.Check.ge(spec["min"]))
    if "max" in spec:
        checks.append(pa.Check.le(spec["max"]))
    if "pola" in spec:
        checks.append(pa.Check.str_matches(spec["pola"]))
    return checks


@functools.cache
def buat_skema_pandera(tabel: str) -> pa.DataFrameSchema:
    """Pandera schema: types, nullability and allowed values of every column."""
    columns = {}
    for name, spec in kolom(tabel).items():
        checks = _checks(spec)
        columns[name] = pa.Column(
            PANDAS_TYPES[spec["tipe"]],
            checks=checks,
            nullable=spec["nullable"],
            coerce=True,
            description=spec["deskripsi"],
        )
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=tabel)


def _teks_dari_kategori(frame: pd.DataFrame, tabel: str) -> pd.DataFrame:
    """Categorical text columns as text: the categories taken by code (one C++ take), not
    pandera's coercion through a Python object per row (a national year: 2× the write)."""
    teks = {k for k, spec in kolom(tabel).items() if spec["tipe"] == "string"}
    ubah = {}
    for nama, jenis in frame.dtypes.items():
        if nama in teks and isinstance(jenis, pd.CategoricalDtype):
            kategori = pd.array(jenis.categories.astype(str), dtype="str")
            kode = frame[nama].cat.codes.to_numpy()
            ubah[nama] = pd.Series(kategori.take(kode, allow_fill=True), index=frame.index)
    return frame.assign(**ubah) if ubah else frame


def _kolom_kategori(frame: pd.DataFrame, tabel: str) -> list[str]:
    """The contract's text columns that ``frame`` holds as categoricals."""
    teks = {k for k, spec in kolom(tabel).items() if spec["tipe"] == "string"}
    return [n for n, j in frame.dtypes.items() if n in teks and isinstance(j, pd.CategoricalDtype)]


def _kategori_sah(seri: pd.Series, tabel: str) -> bool:
    """Whether the values a categorical column uses (its categories taken by a row, and its
    nulls) pass the column's contract: each distinct value checked once."""
    kode = seri.cat.codes.to_numpy()
    if not kolom(tabel)[str(seri.name)]["nullable"] and bool((kode < 0).any()):
        return False
    dipakai = np.unique(kode[kode >= 0])
    nilai = pd.array(seri.cat.categories.astype(str)[dipakai], dtype="str")
    skema = pa.DataFrameSchema({seri.name: buat_skema_pandera(tabel).columns[seri.name]})
    try:
        skema.validate(pd.DataFrame({seri.name: nilai}), lazy=True)
    except SchemaErrors:
        return False
    return True


@functools.cache
def _skema_tanpa(tabel: str, tanpa: frozenset[str]) -> pa.DataFrameSchema:
    return buat_skema_pandera(tabel).remove_columns(sorted(tanpa))


def _arrow_kategori(frame: pd.DataFrame, tabel: str, kategori: list[str]) -> pa_arrow.Table:
    """The Arrow table of a frame whose categorical text columns passed their contract
    (:func:`_kategori_sah`): those taken from their categories by code in Arrow, the other
    columns validated by pandera; the same table, schema and pandas metadata as the text path
    (:func:`ubah_ke_arrow`)."""
    skema = buat_skema_arrow(tabel)
    sisa = _skema_tanpa(tabel, frozenset(kategori)).validate(
        frame.drop(columns=kategori), lazy=True
    )
    skema_sisa = pa_arrow.schema([f for f in skema if f.name not in kategori])
    tabel_sisa = pa_arrow.Table.from_pandas(sisa, schema=skema_sisa, preserve_index=False)
    kosong = buat_skema_pandera(tabel).validate(_teks_dari_kategori(frame.iloc[:0], tabel))
    meta = pa_arrow.Table.from_pandas(kosong, schema=skema, preserve_index=False).schema.metadata
    kolom_arrow = []
    for field in skema:
        if field.name not in kategori:
            kolom_arrow.append(tabel_sisa.column(field.name))
            continue
        seri = frame[field.name]
        kode = seri.cat.codes.to_numpy()
        nilai = pa_arrow.array(seri.cat.categories.astype(str), pa_arrow.string())
        kolom_arrow.append(nilai.take(pa_arrow.array(kode, mask=kode < 0)))
    return pa_arrow.Table.from_arrays(kolom_arrow, schema=skema.with_metadata(meta))


def ubah_ke_arrow(frame: pd.DataFrame, tabel: str) -> pa_arrow.Table:
    """Validate a frame against its contract and convert it with the contract's types.

    Categorical text columns whose used values all pass are checked per distinct value and
    converted in Arrow (a national year's write: ±7 s less); otherwise every column is
    checked row by row, so pandera's error names the rows that break the contract."""
    kategori = _kolom_kategori(frame, tabel)
    if (
        kategori
        and list(frame.columns) == list(kolom(tabel))
        and all(_kategori_sah(frame[n], tabel) for n in kategori)
    ):
        return _arrow_kategori(frame, tabel, kategori)
    frame = _teks_dari_kategori(frame, tabel)
    checked = buat_skema_pandera(tabel).validate(frame, lazy=True)
    return pa_arrow.Table.from_pandas(checked, schema=buat_skema_arrow(tabel), preserve_index=False)
