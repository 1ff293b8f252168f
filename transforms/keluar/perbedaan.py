"""``indikator diff``: every indicator value that differs between two generations, explained.

Both generations are read from their Parquet (``OUT/generasi/<id>/indikator/<tahun>/…``) by
DuckDB and joined on the key (indicator, region, year, semester, month; a full outer join, so
rows that appeared or disappeared are listed too). A row differs when ``pembilang``,
``penyebut`` or ``nilai`` differ (relative 1e-9; null equals null).

The cause: the ``komponen`` tables of both generations are compared the same way (per region,
period and component: sum and number of rows, and the files that gave them); each changed
component value is explained by the input changes of those files
(:func:`transforms.keluar.penjelasan.jelaskan_berkas`); an indicator row takes the
explanations of the changed component values it is built from: its indicator's components,
the region itself or any region below it (code prefix), the same year, and the same month or
semester (an annual row takes every month of its year). The joins are equi-joins on columns
(the region's ancestors are spelled out first), so a national table stays a DuckDB job.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from transforms.keluar.penjelasan import jelaskan_berkas, jelaskan_tanpa_berkas
from transforms.keluar.ubah import (
    KUNCI_INDIKATOR,
    KUNCI_KOMPONEN,
    NILAI_INDIKATOR,
    gabung_kunci_sql,
    sama_sql,
    teks_sql,
)

KOLOM_PERUBAHAN = (
    "kode_indikator",
    "kode_wilayah",
    "nama_wilayah",
    "tingkat",
    "tahun",
    "semester",
    "bulan",
    "perubahan",
    "nilai_lama",
    "nilai_baru",
    "pembilang_lama",
    "pembilang_baru",
    "penyebut_lama",
    "penyebut_baru",
    "sebab",
    "id_run_lama",
    "id_run_baru",
)


def _sumber_sql(folder: Path, tabel: str, kolom: list[str]) -> str:
    """SQL of one table of a generation (every year), or an empty relation of ``kolom``."""
    files = sorted((folder / tabel).glob("*/*.parquet")) + sorted(
        (folder / tabel).glob("*.parquet")
    )
    if not files:
        kosong = ", ".join(f"NULL AS {k}" for k in kolom)
        return f"(SELECT {kosong} WHERE false)"
    daftar = ", ".join(teks_sql(str(f)) for f in files)
    return f"(SELECT {', '.join(kolom)} FROM read_parquet([{daftar}], union_by_name=true))"


def bandingkan_indikator(
    con: duckdb.DuckDBPyConnection, folder_a: Path, folder_b: Path
) -> pd.DataFrame:
    """Indicator rows that differ, appeared (``baru``) or disappeared (``hilang``)."""
    kolom = [*KUNCI_INDIKATOR, "nama_wilayah", "tingkat", *NILAI_INDIKATOR]
    a, b = _sumber_sql(folder_a, "indikator", kolom), _sumber_sql(folder_b, "indikator", kolom)
    pilih = ", ".join(f"coalesce(b.{k}, a.{k}) AS {k}" for k in (*KUNCI_INDIKATOR, *kolom[5:7]))
    nilai = ", ".join(f"a.{c} AS {c}_lama, b.{c} AS {c}_baru" for c in NILAI_INDIKATOR)
    sama = " AND ".join(sama_sql(f"a.{c}", f"b.{c}") for c in NILAI_INDIKATOR)
    sql = (
        f"SELECT {pilih}, CASE WHEN a.kode_indikator IS NULL THEN 'baru' "
        f"WHEN b.kode_indikator IS NULL THEN 'hilang' ELSE 'berubah' END AS perubahan, {nilai} "
        f"FROM {a} a FULL OUTER JOIN {b} b ON {gabung_kunci_sql(KUNCI_INDIKATOR, 'a', 'b')} "
        f"WHERE a.kode_indikator IS NULL OR b.kode_indikator IS NULL OR NOT ({sama}) "
        "ORDER BY kode_indikator, kode_wilayah, tahun, semester NULLS FIRST, bulan NULLS FIRST"
    )
    return con.sql(sql).df()


def bandingkan_komponen(
    con: duckdb.DuckDBPyConnection, folder_a: Path, folder_b: Path
) -> pd.DataFrame:
    """Component values (per region, period, component) that differ, with their files."""
    k = ", ".join(KUNCI_KOMPONEN)
    kolom = [*KUNCI_KOMPONEN, "nilai", "berkas"]
    per = (
        "(SELECT {k}, sum(nilai) AS s, count(*) AS n, "
        "string_agg(DISTINCT berkas, '; ' ORDER BY berkas) AS berkas FROM {src} GROUP BY ALL)"
    )
    a = per.format(k=k, src=_sumber_sql(folder_a, "komponen", kolom))
    b = per.format(k=k, src=_sumber_sql(folder_b, "komponen", kolom))
    pilih = ", ".join(f"coalesce(b.{c}, a.{c}) AS {c}" for c in KUNCI_KOMPONEN)
    sql = (
        f"SELECT {pilih}, a.s AS nilai_lama, b.s AS nilai_baru, a.berkas AS berkas_lama, "
        f"b.berkas AS berkas_baru FROM {a} a FULL OUTER JOIN {b} b ON "
        f"{gabung_kunci_sql(KUNCI_KOMPONEN, 'a', 'b')} WHERE a.n IS NULL OR b.n IS NULL OR "
        f"a.n <> b.n OR NOT {sama_sql('a.s', 'b.s')}"
    )
    return con.sql(sql).df()


def pasang_sebab_komponen(komponen: pd.DataFrame, perubahan: list[dict[str, str]]) -> pd.DataFrame:
    """Each changed component value with its ``sebab`` (one explanation per pair of file
    lists, so a national file that changed every desa is explained once)."""
    if komponen.empty:
        return komponen.assign(sebab=pd.Series(dtype="str"))
    pasangan = komponen[["berkas_lama", "berkas_baru"]].astype("object").fillna("")
    unik = pasangan.drop_duplicates()
    teks = {
        (lama, baru): jelaskan_berkas(lama, baru, perubahan)
        for lama, baru in unik.itertuples(index=False)
    }
    sebab = [teks[p] for p in pasangan.itertuples(index=False, name=None)]
    return komponen.assign(sebab=sebab)


def _sql_leluhur() -> str:
    """Changed components under each region they roll up to (itself and its ancestors)."""
    pilih = "kc.komponen, kc.tahun, kc.semester, kc.bulan, kc.sebab"
    return " UNION ALL ".join(
        (
            f"SELECT left(kode_wilayah, 2) AS anc, {pilih} FROM kc",
            f"SELECT left(kode_wilayah, 5), {pilih} FROM kc WHERE length(kode_wilayah) >= 5",
            f"SELECT left(kode_wilayah, 8), {pilih} FROM kc WHERE length(kode_wilayah) >= 8",
            f"SELECT kode_wilayah, {pilih} FROM kc WHERE length(kode_wilayah) > 8",
        )
    )


def pasang_sebab_indikator(
    con: duckdb.DuckDBPyConnection,
    indikator: pd.DataFrame,
    komponen: pd.DataFrame,
    peta: list[tuple[str, str]],
    perubahan: list[dict[str, str]],
) -> pd.DataFrame:
    """Each changed indicator row with the explanations of the component values behind it."""
    if indikator.empty:
        return indikator.assign(sebab=pd.Series(dtype="str"))
    con.register("ci", indikator[list(KUNCI_INDIKATOR)].assign(_i=range(len(indikator))))
    con.register("kc", komponen[[*KUNCI_KOMPONEN, "sebab"]])
    con.register("peta", pd.DataFrame(peta, columns=["kode_indikator", "komponen"]))
    periode = (
        "((i.bulan IS NULL AND i.semester IS NULL) OR (k.bulan IS NULL AND k.semester IS NULL) "
        "OR i.bulan = k.bulan OR i.semester = k.semester)"
    )
    sql = (
        f"WITH kk AS ({_sql_leluhur()}) SELECT i._i, string_agg(DISTINCT k.sebab, '; ' "
        "ORDER BY k.sebab) AS sebab FROM ci i JOIN peta p ON p.kode_indikator = i.kode_indikator "
        "JOIN kk k ON k.komponen = p.komponen AND k.anc = i.kode_wilayah AND k.tahun = i.tahun "
        f"WHERE {periode} GROUP BY i._i"
    )
    per_baris = con.sql(sql).df().set_index("_i")["sebab"]
    sebab = pd.Series(range(len(indikator))).map(per_baris)
    sebab = sebab.astype("object").fillna(jelaskan_tanpa_berkas(perubahan))
    return indikator.assign(sebab=sebab.to_numpy())


def buat_perubahan(
    folder_a: Path,
    folder_b: Path,
    peta: list[tuple[str, str]],
    perubahan: list[dict[str, str]],
    id_run: tuple[str, str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``perubahan`` table (columns :data:`KOLOM_PERUBAHAN`) from generation A to B, and
    the changed component values behind it (region, period, component, old and new sum, the
    files on each side, ``sebab``)."""
    with duckdb.connect() as con:
        indikator = bandingkan_indikator(con, folder_a, folder_b)
        komponen = pasang_sebab_komponen(bandingkan_komponen(con, folder_a, folder_b), perubahan)
        hasil = pasang_sebab_indikator(con, indikator, komponen, peta, perubahan)
    hasil = hasil.assign(id_run_lama=id_run[0], id_run_baru=id_run[1])
    komponen = komponen.sort_values(list(KUNCI_KOMPONEN), na_position="first")
    return hasil[list(KOLOM_PERUBAHAN)].reset_index(drop=True), komponen.reset_index(drop=True)
