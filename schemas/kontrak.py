"""Output contracts derived from ``catalog/kolom.yaml``: one column list, two schemas.

The Arrow schema fixes the Parquet types BI tools see; the pandera schema checks a frame
before it is written. Neither is typed by hand: both come from the same column definitions.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
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


def _kolom_kategori(frame: pd.DataFrame, tabel: str) -> list[str]:
    """The contract's text columns that ``frame`` holds as categoricals."""
    teks = {k for k, spec in kolom(tabel).items() if spec["tipe"] == "string"}
    return [n for n, j in frame.dtypes.items() if n in teks and isinstance(j, pd.CategoricalDtype)]


def _teks_dari_kategori(frame: pd.DataFrame, tabel: str) -> pd.DataFrame:
    """Categorical text columns as text: the categories taken by code (one C++ take), not
    pandera's coercion through a Python object per row (a national year: 2× the write)."""
    ubah = {}
    for nama in _kolom_kategori(frame, tabel):
        seri = frame[nama]
        kategori = pd.array(seri.cat.categories.astype(str), dtype="str")
        kode = seri.cat.codes.to_numpy()
        ubah[nama] = pd.Series(kategori.take(kode, allow_fill=True), index=frame.index)
    return frame.assign(**ubah) if ubah else frame


@dataclass
class _Sah:
    """The values of one table column that passed its contract in this process, and for the
    last categories seen (held, so compared by identity: the slices of one frame share them)
    which of them are among those values."""

    nilai: set[str] = field(default_factory=set)
    kategori: pd.Index | None = None
    tanda: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def tandai(self, kategori: pd.Index) -> np.ndarray:
        """Per category, whether its value already passed."""
        if kategori is not self.kategori:  # a set lookup per category (not ``isin``, whose
            # string path walks the values passed in Python: per part of a year written
            # province by province, that was most of the write)
            self.kategori = kategori
            teks = kategori.astype(str)
            self.tanda = np.fromiter((v in self.nilai for v in teks), dtype=bool, count=len(teks))
        return self.tanda


_SAH: dict[tuple[str, str], _Sah] = {}
"""Per table and column, what passed its contract: a value is checked once per process, not
once per slice (the contract is a function of the value alone)."""


def _kategori_sah(seri: pd.Series, tabel: str) -> bool:
    """Whether the values a categorical column uses (its categories taken by a row, and its
    nulls) pass the column's contract: each distinct value checked once (per process)."""
    kode = seri.cat.codes.to_numpy()
    if not kolom(tabel)[str(seri.name)]["nullable"] and bool((kode < 0).any()):
        return False
    kategori = seri.cat.categories
    dipakai = np.bincount(kode[kode >= 0], minlength=len(kategori)) > 0
    sah = _SAH.setdefault((tabel, str(seri.name)), _Sah())
    perlu = dipakai & ~sah.tandai(kategori)
    if not perlu.any():
        return True
    baru = pd.array(kategori[perlu].astype(str), dtype="str")
    skema = pa.DataFrameSchema({seri.name: buat_skema_pandera(tabel).columns[seri.name]})
    try:
        skema.validate(pd.DataFrame({seri.name: baru}), lazy=True)
    except SchemaErrors:
        return False
    sah.nilai.update(baru)
    sah.tanda = sah.tanda | perlu
    return True


@functools.cache
def _skema_tanpa(tabel: str, tanpa: frozenset[str]) -> pa.DataFrameSchema:
    return buat_skema_pandera(tabel).remove_columns(sorted(tanpa))


_META: dict[tuple[str, tuple[str, ...]], Any] = {}


def _metadata_pandas(tabel: str, frame: pd.DataFrame) -> Any:
    """The pandas metadata the text path writes for a frame of these column types (it
    depends on the columns and their types only): made from an empty frame once per types."""
    kunci = (tabel, tuple(f"{n}:{j}" for n, j in frame.dtypes.items()))
    if kunci not in _META:
        kosong = buat_skema_pandera(tabel).validate(_teks_dari_kategori(frame.iloc[:0], tabel))
        skema = buat_skema_arrow(tabel)
        _META[kunci] = pa_arrow.Table.from_pandas(
            kosong, schema=skema, preserve_index=False
        ).schema.metadata
    return _META[kunci]


def _kamus_terpakai(seri: pd.Series) -> pa_arrow.DictionaryArray:
    """A categorical column as an Arrow dictionary of the values its rows use (in category
    order; a null row stays null): no text per row, and a Parquet dictionary page of what
    the slice holds, not of every category of the frame."""
    kode = seri.cat.codes.to_numpy()
    n = len(seri.cat.categories)
    dipakai = np.zeros(n + 1, dtype=bool)
    dipakai[kode] = True  # a null's code, -1, marks the extra last slot
    dipakai = dipakai[:n]
    nomor_baru = np.append(np.cumsum(dipakai, dtype=np.int32) - 1, np.int32(0))
    nilai = np.asarray(seri.cat.categories.astype(str), dtype=object)[dipakai]
    return pa_arrow.DictionaryArray.from_arrays(
        pa_arrow.array(nomor_baru[kode], mask=kode < 0), pa_arrow.array(nilai, pa_arrow.string())
    )


def _arrow_kategori(
    frame: pd.DataFrame, tabel: str, kategori: list[str], kamus: bool
) -> pa_arrow.Table:
    """The Arrow table of a frame whose categorical text columns passed their contract
    (:func:`_kategori_sah`): those taken from their categories by code in Arrow (``kamus``:
    left as dictionaries, :func:`_kamus_terpakai`), the other columns validated by pandera;
    otherwise the same table, schema and pandas metadata as the text path
    (:func:`ubah_ke_arrow`)."""
    skema = buat_skema_arrow(tabel)
    sisa = _skema_tanpa(tabel, frozenset(kategori)).validate(
        frame.drop(columns=kategori), lazy=True
    )
    skema_sisa = pa_arrow.schema([f for f in skema if f.name not in kategori])
    tabel_sisa = pa_arrow.Table.from_pandas(sisa, schema=skema_sisa, preserve_index=False)
    meta = _metadata_pandas(tabel, frame)
    kolom_arrow, medan = [], []
    for kolom_skema in skema:
        if kolom_skema.name not in kategori:
            kolom_arrow.append(tabel_sisa.column(kolom_skema.name))
        elif kamus:
            kolom_arrow.append(_kamus_terpakai(frame[kolom_skema.name]))
        else:
            seri = frame[kolom_skema.name]
            kode = seri.cat.codes.to_numpy()
            nilai = pa_arrow.array(seri.cat.categories.astype(str), pa_arrow.string())
            kolom_arrow.append(nilai.take(pa_arrow.array(kode, mask=kode < 0)))
        medan.append(kolom_skema.with_type(kolom_arrow[-1].type))
    return pa_arrow.Table.from_arrays(kolom_arrow, schema=pa_arrow.schema(medan, meta))


def ubah_ke_arrow(frame: pd.DataFrame, tabel: str, kamus: bool = False) -> pa_arrow.Table:
    """Validate a frame against its contract and convert it with the contract's types.

    Categorical text columns whose used values all pass are checked per distinct value and
    converted in Arrow (a national year's write: ±7 s less); otherwise every column is
    checked row by row, so pandera's error names the rows that break the contract.
    ``kamus``: such categorical columns come as Arrow dictionaries of the values used (the
    Parquet writer stores them without hashing every row's text again; the file's stored
    schema still says text, :func:`transforms.keluar.parquet.tulis_frame`)."""
    kategori = _kolom_kategori(frame, tabel)
    if (
        kategori
        and list(frame.columns) == list(kolom(tabel))
        and all(_kategori_sah(frame[n], tabel) for n in kategori)
    ):
        return _arrow_kategori(frame, tabel, kategori, kamus)
    frame = _teks_dari_kategori(frame, tabel)
    checked = buat_skema_pandera(tabel).validate(frame, lazy=True)
    return pa_arrow.Table.from_pandas(checked, schema=buat_skema_arrow(tabel), preserve_index=False)
