"""The floor and the naive baseline of the national benchmark (each run as its own process).

Both compute the same three indicators as the pipeline (``spm.02`` PA/PUS, ``spm.03`` unmet
need/PUS, ``spm.04`` BKB ber-KB / BKB PUS) per month at four levels and write them as one
Parquet file:

* ``lantai`` (floor): fastexcel (XLSX) or pyarrow.csv (CSV) straight into Arrow, names as
  strings; the sums in DuckDB with grouping sets over the region names; zstd Parquet. It does
  no checking, no master lookup, no quarantine: a lower bound for the same reading, summing
  and writing.
* ``naif`` (naive): what a hand-written pandas script does: ``read_excel`` (openpyxl, pandas'
  default engine) or ``read_csv``, ``merge``, ``groupby().sum()`` per level, ``to_parquet``.

Usage: ``python -m benchmarks.nasional_lantai {lantai,naif} KELUARAN.parquet BERKAS...``
"""

from __future__ import annotations

import sys
from pathlib import Path

NAMA = ["PROVINSI", "KABUPATEN", "KECAMATAN", "KELURAHAN"]
TINGKAT = ("provinsi", "kabupaten", "kecamatan", "desa")
INDIKATOR = {"spm.02": ("pa", "pus"), "spm.03": ("unmet", "pus"), "spm.04": ("bk", "bp")}


def _sumber(path: Path) -> str:
    return path.stem  # data_pus, data_mix_kontra, data_bkb_keluarga


def _baca_arrow(path: Path):  # -> pa.Table
    import pyarrow as pa
    import pyarrow.csv as pcsv

    teks = {"PROVINSI", "KABUPATEN", "KECAMATAN", "KELURAHAN", "KODE", "BULAN"}
    if path.suffix == ".xlsx":
        import fastexcel

        lembar = fastexcel.read_excel(path).load_sheet(0, dtypes=dict.fromkeys(teks, "string"))
        return pa.Table.from_batches([lembar.to_arrow()])
    opsi = pcsv.ConvertOptions(column_types=dict.fromkeys(teks, pa.string()))
    return pcsv.read_csv(path, parse_options=pcsv.ParseOptions(delimiter=";"), convert_options=opsi)


_SQL = """
with d as (
  select p.PROVINSI, p.KABUPATEN, p.KECAMATAN, p.KELURAHAN, p.BULAN,
         p.PUS::double pus, p."UNMET NEED"::double unmet, m.PA::double pa
  from pus p join mix m using (PROVINSI, KABUPATEN, KECAMATAN, KELURAHAN, BULAN)
), a as (
  select BULAN, PROVINSI, KABUPATEN, KECAMATAN, KELURAHAN,
         sum(pa) pa, sum(pus) pus, sum(unmet) unmet, grouping_id(KABUPATEN, KECAMATAN, KELURAHAN) g
  from d group by grouping sets ((BULAN, PROVINSI), (BULAN, PROVINSI, KABUPATEN),
    (BULAN, PROVINSI, KABUPATEN, KECAMATAN), (BULAN, PROVINSI, KABUPATEN, KECAMATAN, KELURAHAN))
), b as (
  select BULAN, PROVINSI, KABUPATEN, KECAMATAN, KODE as KELURAHAN,
         sum("STATUS BER KB")::double bk, sum("STATUS PUS")::double bp,
         grouping_id(KABUPATEN, KECAMATAN, KODE) g
  from bkb group by grouping sets ((BULAN, PROVINSI), (BULAN, PROVINSI, KABUPATEN),
    (BULAN, PROVINSI, KABUPATEN, KECAMATAN), (BULAN, PROVINSI, KABUPATEN, KECAMATAN, KODE))
)
select 'spm.02' kode_indikator, {k}, pa pembilang, pus penyebut from a
union all select 'spm.03', {k}, unmet, pus from a
union all select 'spm.04', {k}, bk, bp from b
""".format(k="BULAN, PROVINSI, KABUPATEN, KECAMATAN, KELURAHAN, g")


def lantai(keluaran: Path, berkas: list[Path]) -> int:
    """The floor: Arrow readers, one DuckDB query, zstd Parquet. Returns the output rows."""
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq

    tabel: dict[str, list[pa.Table]] = {}
    for path in berkas:
        tabel.setdefault(_sumber(path), []).append(_baca_arrow(path))
    con = duckdb.connect()
    for nama, alias in (
        ("data_pus", "pus"),
        ("data_mix_kontra", "mix"),
        ("data_bkb_keluarga", "bkb"),
    ):
        con.register(alias, pa.concat_tables(tabel[nama], promote_options="permissive"))
    hasil = con.sql(_SQL).to_arrow_table()
    pq.write_table(hasil, keluaran, compression="zstd")
    return hasil.num_rows


def naif(keluaran: Path, berkas: list[Path]) -> int:
    """The naive baseline: pandas read_excel (openpyxl) / read_csv, merge, groupby, to_parquet."""
    import pandas as pd

    tabel: dict[str, list[pd.DataFrame]] = {}
    for path in berkas:
        if path.suffix == ".xlsx":
            frame = pd.read_excel(path, engine="openpyxl", dtype={"KODE": str})
        else:
            frame = pd.read_csv(path, sep=";", dtype={"KODE": str})
        tabel.setdefault(_sumber(path), []).append(frame)
    pus, mix, bkb = (
        pd.concat(tabel[n]) for n in ("data_pus", "data_mix_kontra", "data_bkb_keluarga")
    )
    d = pus.merge(mix, on=[*NAMA, "BULAN"])
    d = d.rename(columns={"PA": "pa", "PUS": "pus", "UNMET NEED": "unmet"})
    b = bkb.rename(columns={"STATUS BER KB": "bk", "STATUS PUS": "bp", "KODE": "desa_kode"})
    bagian = []
    for i, tingkat in enumerate(TINGKAT):
        kunci = ["BULAN", *NAMA[: i + 1]]
        kunci_b = ["BULAN", *NAMA[: i + 1]] if i < 3 else ["BULAN", *NAMA[:3], "desa_kode"]
        a = d.groupby(kunci, as_index=False)[["pa", "pus", "unmet"]].sum()
        c = b.groupby(kunci_b, as_index=False)[["bk", "bp"]].sum()
        for kode, (p, q) in INDIKATOR.items():
            sumber = c if kode == "spm.04" else a
            bagian.append(
                sumber.assign(
                    kode_indikator=kode, tingkat=tingkat, pembilang=sumber[p], penyebut=sumber[q]
                )
            )
    hasil = pd.concat(bagian, ignore_index=True)
    hasil.to_parquet(keluaran, index=False)
    return len(hasil)


def main(argv: list[str] | None = None) -> None:
    argumen = argv if argv is not None else sys.argv[1:]
    cara, keluaran, berkas = argumen[0], Path(argumen[1]), [Path(p) for p in argumen[2:]]
    baris = {"lantai": lantai, "naif": naif}[cara](keluaran, berkas)
    print(f"{cara}: {len(berkas)} berkas -> {baris} baris indikator")


if __name__ == "__main__":
    main()
