"""``id_run_ubah``: the run that last changed a row's value, carried over while it is unchanged.

A run computes every row anew and writes its own id in ``id_run``. ``id_run_ubah`` says more:
the run that last changed the VALUE. At publish time the new rows of each recomputed year are
matched on the key columns with the same year of the previous generation (the keys of both are
numbered together: integer arrays, no per-row text): where the value is the same the previous
``id_run_ubah`` is kept, where it is new or changed it is this run. So
``WHERE id_run_ubah = '<last run>'`` lists exactly what the last run changed.

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

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from transforms.keluar.baca_provinsi import BacaProvinsi
from transforms.keluar.parquet_provinsi import provinsi_berkas
from transforms.komponen.ramping import buat_kategori_terpakai, kolom_tetap, samakan_kategori
from transforms.wilayah.cocok import gabung_kode
from transforms.wilayah.provinsi import kelompokkan_provinsi

UBAH = "id_run_ubah"
TABEL_DIBANDING = ("indikator", "komponen")
"""The tables whose ``id_run_ubah`` is set against the previous generation (the others are
this run's rows as they are)."""
KUNCI_INDIKATOR = ("kode_indikator", "kode_wilayah", "tahun", "semester", "bulan")
NILAI_INDIKATOR = ("pembilang", "penyebut", "nilai")
KUNCI_KOMPONEN = ("kode_wilayah", "tahun", "semester", "bulan", "komponen")
TOLERANSI = 1e-9
_TEKS = ("kode_wilayah", "kode_indikator", "komponen")
_KAMUS = (*_TEKS, UBAH, "id_run")
"""Columns read as dictionaries (pandas categories): the key texts and the run ids."""


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


def _kolom_baca(path: str, kolom: tuple[str, ...]) -> list[str]:
    """The columns to read of one previous file: ``kolom`` and the run column it has (the
    first of ``id_run_ubah``, ``id_run``; neither in the oldest schema)."""
    ada = set(pq.read_schema(path).names)
    return [*kolom, *[k for k in (UBAH, "id_run") if k in ada][:1]]


def _dengan_asal(
    frame: pd.DataFrame, kolom: tuple[str, ...], id_run_tahun: dict[int, str]
) -> pd.DataFrame:
    """``kolom`` of previous rows (a column missing from an older file as nulls) plus
    ``_ubah``: per row, the run that last changed it (older schemas: the run that wrote it)."""
    for nama in (UBAH, "id_run"):
        if nama in frame.columns:
            asal = pd.Categorical(frame[nama])
            break
    else:
        asal = pd.Categorical([id_run_tahun.get(int(t), "-") for t in frame["tahun"]])
    return frame.reindex(columns=list(kolom)).assign(_ubah=asal)


def _lama_provinsi(
    pembaca: list[tuple[str | None, BacaProvinsi]],
    prov: str,
    kolom: tuple[str, ...],
    id_run_tahun: dict[int, str],
) -> pd.DataFrame | None:
    """The previous rows of one province from every file that may hold it (its own file, or
    a file of every province: ``pembaca`` pairs each reader with the province its file holds
    alone, or None) (None: none)."""
    bagian = [
        _dengan_asal(f, kolom, id_run_tahun)
        for milik, p in pembaca
        if milik in (None, prov) and len(f := p.ambil(prov))
    ]
    if len(bagian) <= 1:
        return bagian[0] if bagian else None
    return pd.concat(samakan_kategori(bagian), ignore_index=True)  # categories of several files


def _seragam(kolom: pd.Series) -> pd.Series:
    """Period columns as float (NaN for null) so both tables factorise alike."""
    if not pd.api.types.is_numeric_dtype(kolom.dtype):
        return kolom
    return pd.Series(pd.to_numeric(kolom).to_numpy(dtype="float64", na_value=np.nan))


_RENTANG_BILANGAN = 1 << 16  # whole-number columns coded by arithmetic up to this range


def _kode_bilangan(a: pd.Series, b: pd.Series) -> tuple[np.ndarray, np.ndarray, int] | None:
    """:func:`_kode_bersama` of two whole-number columns of a small range (year, month,
    semester) by arithmetic: the value less the smallest, null one past the largest; no
    hashing. None for other columns."""
    if not (pd.api.types.is_numeric_dtype(a.dtype) and pd.api.types.is_numeric_dtype(b.dtype)):
        return None
    fa, fb = (_seragam(k).to_numpy() for k in (a, b))
    isi = np.concatenate([fa[~np.isnan(fa)], fb[~np.isnan(fb)]])
    if not len(isi):
        return np.zeros(len(fa), np.int64), np.zeros(len(fb), np.int64), 1
    rendah, tinggi = isi.min(), isi.max()
    if tinggi - rendah > _RENTANG_BILANGAN or not np.array_equal(isi, np.floor(isi)):
        return None
    m = int(tinggi - rendah) + 1  # code m: null

    def kode(f: np.ndarray) -> np.ndarray:
        return np.where(np.isnan(f), m, f - rendah).astype(np.int64)

    return kode(fa), kode(fb), m + 1


def _kode_bersama(a: pd.Series, b: pd.Series) -> tuple[np.ndarray, np.ndarray, int]:
    """Codes of two columns in one numbering (null is a value too), and its size."""
    bilangan = _kode_bilangan(a, b)
    if bilangan is not None:
        return bilangan
    ka, ua = pd.factorize(_seragam(a), use_na_sentinel=False)
    kb, ub = pd.factorize(_seragam(b), use_na_sentinel=False)
    peta = pd.Index(np.asarray(ua, dtype=object)).get_indexer(np.asarray(ub, dtype=object))
    asing = peta < 0
    peta[asing] = len(ua) + np.arange(int(asing.sum()))
    return ka.astype(np.int64), peta[kb].astype(np.int64), len(ua) + int(asing.sum())


_RUANG_PER_BARIS = 8
"""Key numbers without renumbering (a hash pass over every row) while there are at most
this many possible combinations per row: the arrays sized by them stay small."""


def nomori_kunci(
    baru: pd.DataFrame, lama: pd.DataFrame, kunci: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray, int]:
    """One number per distinct key in both tables (rows of either with the same key get the
    same number): per row of ``baru``, per row of ``lama``, and the size of the numbering
    (every number is below it). Each column is coded in one numbering for both tables and the
    codes combined in mixed radix; only when the combinations could be many
    (:data:`_RUANG_PER_BARIS`) are they renumbered (:func:`transforms.wilayah.cocok.gabung_kode`).
    The numbers need not be consecutive."""
    kode = []
    for k in kunci:
        kb, kl, m = _kode_bersama(baru[k], lama[k])
        kode.append((np.concatenate([kb, kl]), m))
    baris = len(baru) + len(lama)
    nomor, n = gabung_kode(kode, baris, ruang=_RUANG_PER_BARIS * max(baris, 1 << 17))
    return nomor[: len(baru)], nomor[len(baru) :], n


def sama_nilai(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Two float arrays equal per element: both null, or within the relative tolerance."""
    kosong_a, kosong_b = np.isnan(a), np.isnan(b)
    with np.errstate(invalid="ignore"):
        dekat = np.abs(a - b) <= TOLERANSI * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
    return (kosong_a & kosong_b) | (~kosong_a & ~kosong_b & dekat)


def _angka(frame: pd.DataFrame, nama: str) -> np.ndarray:
    return pd.to_numeric(frame[nama]).to_numpy(dtype="float64", na_value=np.nan)


def _sumber_indikator(
    baru: pd.DataFrame, lama: pd.DataFrame, gb: np.ndarray, gl: np.ndarray, n: int
) -> np.ndarray:
    """Per new row, the previous row of its key whose values are the same (-1: none)."""
    baris_lama = np.full(n, -1, dtype=np.int64)
    baris_lama[gl] = np.arange(len(lama))
    j = baris_lama[gb]
    ada = j >= 0
    sama = ada.copy()
    for c in NILAI_INDIKATOR:
        sama[ada] &= sama_nilai(_angka(baru, c)[ada], _angka(lama, c)[j[ada]])
    return np.where(sama, j, -1)


def _sumber_komponen(
    baru: pd.DataFrame, lama: pd.DataFrame, gb: np.ndarray, gl: np.ndarray, n: int
) -> np.ndarray:
    """Per new row, a previous row of its key when the key's sum and row count are the same
    (-1: none); of several previous rows, the one with the latest ``_ubah``."""
    s_b = np.bincount(gb, weights=np.nan_to_num(_angka(baru, "nilai")), minlength=n)
    s_l = np.bincount(gl, weights=np.nan_to_num(_angka(lama, "nilai")), minlength=n)
    n_b, n_l = np.bincount(gb, minlength=n), np.bincount(gl, minlength=n)
    tetap = (n_l > 0) & (n_l == n_b) & sama_nilai(s_b, s_l)
    urut = np.argsort(_peringkat(lama["_ubah"]), kind="stable")
    terakhir = np.full(n, -1, dtype=np.int64)
    terakhir[gl[urut]] = urut  # the row with the greatest _ubah is written last
    return np.where(tetap[gb], terakhir[gb], -1)


def _peringkat(asal: pd.Series) -> np.ndarray:
    """Per row, the rank of its run id among the distinct ones (run ids sort by time)."""
    kode = asal.cat.codes.to_numpy()
    urutan = np.argsort(np.asarray(asal.cat.categories, dtype=object))
    peringkat = np.empty(len(urutan), dtype=np.int64)
    peringkat[urutan] = np.arange(len(urutan))
    return peringkat[kode]


def _kunci_nilai(tabel: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The key and value columns of ``indikator`` or ``komponen``."""
    if tabel == "indikator":
        return KUNCI_INDIKATOR, NILAI_INDIKATOR
    return KUNCI_KOMPONEN, ("nilai",)


def _kode_asal(
    tabel: str,
    baru: pd.DataFrame,
    pembaca: list[tuple[str | None, BacaProvinsi]],
    id_run_tahun: dict[int, str],
    id_run: str,
) -> tuple[np.ndarray, list[str]]:
    """Per new row, the code of its ``id_run_ubah`` among the returned run ids (0: ``id_run``,
    new or changed). A key holds its region, so the two years are compared province by
    province, the previous one read a province at a time (:class:`BacaProvinsi`): numbering a
    national year's keys at once took twice the memory of the tables themselves, and reading
    the previous ``komponen`` year whole 0.9 GB."""
    kunci, nilai = _kunci_nilai(tabel)
    cari = _sumber_indikator if tabel == "indikator" else _sumber_komponen
    baru = baru[[*kunci, *nilai]]  # a province's rows taken without the other columns
    kode = np.zeros(len(baru), dtype=np.int32)
    kategori = {id_run: 0}
    for prov, pb in kelompokkan_provinsi(baru["kode_wilayah"]).items():
        lama = _lama_provinsi(pembaca, prov, (*kunci, *nilai), id_run_tahun)
        if lama is None:
            continue
        b = baru.take(pb)
        gb, gl, n = nomori_kunci(b, lama, kunci)
        jj = cari(b, lama, gb, gl, n)
        asal = lama["_ubah"]
        peta = [kategori.setdefault(str(c), len(kategori)) for c in asal.cat.categories]
        per_baris = np.asarray([*peta, 0], dtype=np.int32)[asal.cat.codes.to_numpy()]  # null: 0
        kode[pb] = np.where(jj >= 0, per_baris[np.maximum(jj, 0)], 0)
    return kode, list(kategori)


class PemasangUbah:
    """``id_run_ubah`` of one table's recomputed years, set part by part (:meth:`pasang`):
    the previous generation's files of those years are opened once and read province by
    province as the parts come (a run writing each province as it is computed).

    Args:
        tabel: ``indikator`` or ``komponen`` (other tables are returned unchanged).
        lama: the table folder of the previous generation (None: every row is this run's).
        tahun_list: the years this run publishes (only those are compared).
        id_run: this run.
        id_run_tahun: for a previous generation without ``id_run`` in a table, the run that
            wrote each year (from its manifest).
    """

    def __init__(
        self,
        tabel: str,
        lama: Path | None,
        tahun_list: list[int],
        id_run: str,
        id_run_tahun: dict[int, str] | None = None,
    ) -> None:
        self.tabel, self.id_run, self.id_run_tahun = tabel, id_run, id_run_tahun or {}
        dibanding = lama is not None and tabel in TABEL_DIBANDING
        files = berkas_tahun(lama, tahun_list) if dibanding else []
        kolom = tuple(k for bagian in _kunci_nilai(tabel) for k in bagian)
        self.pembaca = [
            (provinsi_berkas(f), BacaProvinsi(f, _kolom_baca(f, kolom), _KAMUS)) for f in files
        ]

    def pasang(self, baru: pd.DataFrame) -> pd.DataFrame:
        """``baru`` (rows of whole provinces) with ``id_run_ubah`` set: the previous
        generation's where the value of the key is unchanged, ``id_run`` where new or
        changed. The keys of both tables are numbered together (no per-row text, no hash
        join), so the cost is a few passes over integer arrays of the rows."""
        if self.tabel not in TABEL_DIBANDING or UBAH not in baru.columns:
            return baru
        hasil = baru.assign(**{UBAH: kolom_tetap(self.id_run, len(baru))})  # one category
        if not self.pembaca or baru.empty:
            return hasil
        argumen = (self.tabel, baru, self.pembaca, self.id_run_tahun, self.id_run)
        kode, kategori = _kode_asal(*argumen)
        return hasil.assign(**{UBAH: buat_kategori_terpakai(kode, kategori)})


def pasang_id_run_ubah(
    tabel: str,
    baru: pd.DataFrame,
    lama: Path | None,
    tahun_list: list[int],
    id_run: str,
    id_run_tahun: dict[int, str] | None = None,
) -> pd.DataFrame:
    """``baru`` (table ``indikator`` or ``komponen``, the whole of its years) with
    ``id_run_ubah`` set (:class:`PemasangUbah`, arguments as there)."""
    if tabel not in TABEL_DIBANDING or UBAH not in baru.columns:
        return baru
    return PemasangUbah(tabel, lama, tahun_list, id_run, id_run_tahun).pasang(baru)
