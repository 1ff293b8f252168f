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
from pandera.errors import SchemaError, SchemaErrors

from schemas.katalog import muat_katalog

ARROW_TYPES = {
    "string": pa_arrow.string(),
    "int": pa_arrow.int32(),
    "double": pa_arrow.float64(),
    "bool": pa_arrow.bool_(),
}
PANDAS_TYPES = {"string": "str", "int": "Int64", "double": "float64", "bool": "boolean"}


def kolom(tabel: str) -> dict[str, dict[str, Any]]:
    """Column definitions of one output table (``indikator``, ``komponen``, ``karantina``)."""
    return muat_katalog().kolom[tabel]


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


def _kategori_sah(frame: pd.DataFrame, tabel: str) -> list[str]:
    """Categorical text columns whose rows need no check of their own: the categories in use
    pass every check of the column (the checks are per value, so each distinct value is
    checked once) and its nulls are allowed. Another column, or one that fails, takes the
    per-row path (whose error names the rows)."""
    skema = buat_skema_pandera(tabel)
    teks = {k for k, spec in kolom(tabel).items() if spec["tipe"] == "string"}
    sah = []
    for nama, jenis in frame.dtypes.items():
        if nama not in teks or not isinstance(jenis, pd.CategoricalDtype):
            continue
        if str(jenis.categories.dtype) not in ("str", "string"):
            continue
        kode = frame[nama].cat.codes.to_numpy()
        kolom_skema = skema.columns[nama]
        if not kolom_skema.nullable and (kode < 0).any():
            continue
        ada = np.bincount(kode[kode >= 0].astype(np.int64), minlength=len(jenis.categories))
        dipakai = jenis.categories.take(np.flatnonzero(ada))
        try:
            pa.DataFrameSchema({nama: kolom_skema}).validate(pd.DataFrame({nama: dipakai}))
        except (SchemaError, SchemaErrors):
            continue
        sah.append(str(nama))
    return sah


def _kategori_ke_arrow(seri: pd.Series) -> pa_arrow.Array:
    """A categorical text column as an Arrow string array: its categories taken by code in
    Arrow (no text per row in pandas); code -1 is null."""
    kode = seri.cat.codes.to_numpy()
    indeks = pa_arrow.array(kode.astype(np.int32), mask=kode < 0)
    kamus = pa_arrow.array(np.asarray(seri.cat.categories, dtype=object), pa_arrow.string())
    return kamus.take(indeks)


def ubah_ke_arrow(frame: pd.DataFrame, tabel: str) -> pa_arrow.Table:
    """Validate a frame against its contract and convert it with the contract's types.

    Categorical text columns whose categories in use pass the contract
    (:func:`_kategori_sah`) go to Arrow by code; the other columns are checked row by row.
    The table (values, types, metadata) is the one the same rows as text give.
    """
    skema_arrow = buat_skema_arrow(tabel)
    sah = _kategori_sah(frame, tabel)
    if not sah:
        checked = buat_skema_pandera(tabel).validate(_teks_dari_kategori(frame, tabel), lazy=True)
        return pa_arrow.Table.from_pandas(checked, schema=skema_arrow, preserve_index=False)
    lain = _teks_dari_kategori(frame.drop(columns=sah), tabel)
    checked = buat_skema_pandera(tabel).remove_columns(sah).validate(lain, lazy=True)
    sisa = pa_arrow.schema([f for f in skema_arrow if f.name not in sah])
    tabel_lain = pa_arrow.Table.from_pandas(checked, schema=sisa, preserve_index=False)
    kolom_arrow = [
        _kategori_ke_arrow(frame[f.name]) if f.name in sah else tabel_lain.column(f.name)
        for f in skema_arrow
    ]
    # the metadata the same rows as text give: pandas types after the contract's coercion
    contoh = buat_skema_pandera(tabel).validate(_teks_dari_kategori(frame.iloc[:0], tabel))
    meta = pa_arrow.Table.from_pandas(contoh, schema=skema_arrow, preserve_index=False)
    return pa_arrow.Table.from_arrays(kolom_arrow, schema=meta.schema)
