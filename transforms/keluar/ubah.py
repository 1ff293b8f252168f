"""``id_run_ubah``: the run that last changed a row's value, carried over while it is unchanged.

A run computes every row anew and writes its own id in ``id_run``. ``id_run_ubah`` says more:
the run that last changed the VALUE. At publish time the new rows of each recomputed year are
joined (DuckDB, on the key columns) with the same year of the previous generation: where the
value is the same the previous ``id_run_ubah`` is kept, where it is new or changed it is this
run. So ``WHERE id_run_ubah = '<last run>'`` lists exactly what the last run changed.

* ``indikator``: key = indicator, region, year, semester, month; value = pembilang, penyebut,
  nilai (two floats are equal within a relative 1e-9, the order of a sum may differ).
* ``komponen``: a component of a region and period may have several rows (several units of a
  file, e.g. faskes); its value is the sum and the number of rows, and every row of the key gets
  the same ``id_run_ubah``.

Rows of an older generation without the column (schema version 2) count as changed by the
run that wrote them (``id_run``, or the run the manifest names for that year).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from transforms.komponen.ramping import kolom_tetap

UBAH = "id_run_ubah"
KUNCI_INDIKATOR = ("kode_indikator", "kode_wilayah", "tahun", "semester", "bulan")
NILAI_INDIKATOR = ("pembilang", "penyebut", "nilai")
KUNCI_KOMPONEN = ("kode_wilayah", "tahun", "semester", "bulan", "komponen")
TOLERANSI = 1e-9


def sama_sql(a: str, b: str) -> str:
    """SQL: two doubles are equal (both null, or within the relative tolerance)."""
    return (
        f"(({a} IS NULL AND {b} IS NULL) OR ({a} IS NOT NULL AND {b} IS NOT NULL AND "
        f"abs({a} - {b}) <= {TOLERANSI} * greatest(1.0, abs({a}), abs({b}))))"
    )


def gabung_kunci_sql(kunci: tuple[str, ...], a: str, b: str) -> str:
    """SQL join condition on key columns that may be null (null matches null)."""
    return " AND ".join(f"{a}.{k} IS NOT DISTINCT FROM {b}.{k}" for k in kunci)


def teks_sql(teks: str) -> str:
    """A string literal for SQL (quotes doubled)."""
    return "'" + str(teks).replace("'", "''") + "'"


def berkas_tahun(folder: Path, tahun_list: list[int]) -> list[str]:
    """The Parquet files of the listed years of one table folder (those that exist)."""
    return [
        str(p)
        for t in tahun_list
        for p in sorted((folder / str(t)).glob("*.parquet"))
        if p.is_file()
    ]


def baca_ubah_lama(files: list[str], id_run_tahun: dict[int, str]) -> str:
    """SQL of the previous rows with their ``id_run_ubah`` (older schemas: who wrote them)."""
    nama = set(pq.read_schema(files[0]).names)
    if UBAH in nama:
        asal = UBAH
    elif "id_run" in nama:
        asal = "id_run"
    else:
        kasus = " ".join(f"WHEN {int(t)} THEN {teks_sql(r)}" for t, r in id_run_tahun.items())
        asal = f"CASE tahun {kasus} ELSE '-' END" if kasus else "'-'"
    daftar = ", ".join(teks_sql(f) for f in files)
    return f"SELECT *, {asal} AS _ubah FROM read_parquet([{daftar}], union_by_name=true)"


def _kunci_arrow(frame: pd.DataFrame, kolom: tuple[str, ...]) -> pa.Table:
    return pa.Table.from_pandas(frame[list(kolom)].reset_index(drop=True), preserve_index=False)


def _ubah_indikator(lama_sql: str) -> str:
    sama = " AND ".join(sama_sql(f"b.{c}", f"l.{c}") for c in NILAI_INDIKATOR)
    return (
        f"SELECT b._i, l._ubah FROM baru b JOIN ({lama_sql}) l "
        f"ON {gabung_kunci_sql(KUNCI_INDIKATOR, 'b', 'l')} WHERE {sama}"
    )


def _ubah_komponen(lama_sql: str) -> str:
    k = ", ".join(KUNCI_KOMPONEN)
    return (
        f"WITH bb AS (SELECT {k}, sum(nilai) AS s, count(*) AS n FROM baru GROUP BY ALL), "
        f"ll AS (SELECT {k}, sum(nilai) AS s, count(*) AS n, max(_ubah) AS _ubah "
        f"FROM ({lama_sql}) GROUP BY ALL), "
        f"tetap AS (SELECT bb.*, ll._ubah FROM bb JOIN ll ON "
        f"{gabung_kunci_sql(KUNCI_KOMPONEN, 'bb', 'll')} AND bb.n = ll.n AND "
        f"{sama_sql('bb.s', 'll.s')}) "
        f"SELECT b._i, t._ubah FROM baru b JOIN tetap t ON "
        f"{gabung_kunci_sql(KUNCI_KOMPONEN, 'b', 't')}"
    )


def pasang_id_run_ubah(
    tabel: str,
    baru: pd.DataFrame,
    lama: Path | None,
    tahun_list: list[int],
    id_run: str,
    id_run_tahun: dict[int, str] | None = None,
) -> pd.DataFrame:
    """``baru`` (table ``indikator`` or ``komponen``) with ``id_run_ubah`` set: the previous
    generation's where the value of the key is unchanged, ``id_run`` where new or changed.

    Args:
        tabel: ``indikator`` or ``komponen`` (other tables are returned unchanged).
        baru: the run's rows (with a provisional ``id_run_ubah``).
        lama: the table folder of the previous generation (None: every row is this run's).
        tahun_list: the years this run publishes (only those are compared).
        id_run: this run.
        id_run_tahun: for a previous generation without ``id_run`` in a table, the run that
            wrote each year (from its manifest).
    """
    if tabel not in ("indikator", "komponen") or UBAH not in baru.columns:
        return baru
    hasil = baru.assign(**{UBAH: kolom_tetap(id_run, len(baru))})  # one category, not n texts
    files = berkas_tahun(lama, tahun_list) if lama is not None else []
    if not files or baru.empty:
        return hasil
    kunci = KUNCI_INDIKATOR if tabel == "indikator" else KUNCI_KOMPONEN
    nilai = NILAI_INDIKATOR if tabel == "indikator" else ("nilai",)
    with duckdb.connect() as con:
        arrow = _kunci_arrow(baru.assign(_i=range(len(baru))), (*kunci, *nilai, "_i"))
        con.register("baru", arrow)
        lama_sql = baca_ubah_lama(files, id_run_tahun or {})
        sql = (_ubah_indikator if tabel == "indikator" else _ubah_komponen)(lama_sql)
        tetap = con.sql(sql).df()
    ubah = hasil[UBAH].to_numpy(dtype=object, copy=True)
    ubah[tetap["_i"].to_numpy(dtype="int64")] = tetap["_ubah"].astype(str).to_numpy()
    return hasil.assign(**{UBAH: pd.Categorical(ubah)})
