"""``id_run_ubah`` by numbered keys equals the DuckDB join it replaced, on random generations.

The join (kept here as the oracle) matched the new rows of a year with the previous
generation's on the key columns in SQL; it needed ~5 GB for a national 12-month year. The
numbered-key version must give every row the same ``id_run_ubah``: values changed, within the
tolerance, null periods, keys gone and new, several rows per component key, several old runs.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from transforms.keluar.baca_provinsi import baca_rentang_provinsi
from transforms.keluar.ubah import (
    KUNCI_INDIKATOR,
    KUNCI_KOMPONEN,
    NILAI_INDIKATOR,
    UBAH,
    buat_kategori_terpakai,
    gabung_kunci_sql,
    nomori_kunci,
    pasang_id_run_ubah,
    sama_nilai,
    sama_sql,
)


def _oracle(tabel: str, baru: pd.DataFrame, lama: pd.DataFrame, id_run: str) -> list[str]:
    """The SQL of the previous implementation."""
    kunci = KUNCI_INDIKATOR if tabel == "indikator" else KUNCI_KOMPONEN
    nilai = NILAI_INDIKATOR if tabel == "indikator" else ("nilai",)
    b = baru[[*kunci, *nilai]].astype({"kode_wilayah": str}).assign(_i=range(len(baru)))
    b = b.astype({k: str for k in ("kode_indikator", "komponen") if k in b})
    l_ = lama.rename(columns={UBAH: "_ubah"})
    if tabel == "indikator":
        sama = " AND ".join(sama_sql(f"b.{c}", f"l.{c}") for c in nilai)
        on = gabung_kunci_sql(kunci, "b", "l")
        sql = f"SELECT b._i, l._ubah FROM b JOIN l_ l ON {on} WHERE {sama}"
    else:
        k = ", ".join(kunci)
        sql = (
            f"WITH bb AS (SELECT {k}, sum(nilai) s, count(*) n FROM b GROUP BY ALL), "
            f"ll AS (SELECT {k}, sum(nilai) s, count(*) n, max(_ubah) _ubah FROM l_ GROUP BY ALL), "
            f"t AS (SELECT bb.*, ll._ubah FROM bb JOIN ll ON {gabung_kunci_sql(kunci, 'bb', 'll')} "
            f"AND bb.n = ll.n AND {sama_sql('bb.s', 'll.s')}) "
            f"SELECT b._i, t._ubah FROM b JOIN t ON {gabung_kunci_sql(kunci, 'b', 't')}"
        )
    with duckdb.connect() as con:
        con.register("b", b)
        con.register("l_", l_)
        tetap = con.sql(sql).df()
    hasil = np.full(len(baru), id_run, dtype=object)
    hasil[tetap["_i"].to_numpy()] = tetap["_ubah"].astype(str).to_numpy()
    return hasil.tolist()


def _acak(
    rng: np.random.Generator, tabel: str, n: int, provinsi: tuple[str, ...] = ("76", "33", "11")
) -> pd.DataFrame:
    """Random rows over regions of several provinces (keys are compared province by
    province)."""
    wilayah = [f"{p}.0{i % 3 + 1}.0{i % 5 + 1}.200{i % 7}" for i in range(40) for p in provinsi]
    bulan = rng.choice([1.0, 2.0, 3.0, np.nan], n)
    frame = pd.DataFrame(
        {
            "kode_wilayah": pd.array(rng.choice(wilayah, n), dtype="str"),
            "tahun": 2025,
            "semester": np.where(np.isnan(bulan), rng.choice([1.0, np.nan], n), np.nan),
            "bulan": bulan,
        }
    )
    if tabel == "indikator":
        frame.insert(0, "kode_indikator", pd.Categorical(rng.choice(["a.1", "b.2", "c.3"], n)))
        frame = frame.drop_duplicates(list(KUNCI_INDIKATOR), ignore_index=True)
        p = rng.integers(0, 5, len(frame)).astype(float)
        q = rng.choice([0.0, 4.0, 8.0, np.nan], len(frame))
        with np.errstate(divide="ignore", invalid="ignore"):
            return frame.assign(pembilang=p, penyebut=q, nilai=np.where(q > 0, p / q, np.nan))
    frame["komponen"] = pd.Categorical(rng.choice(["pus", "kb", "unmet"], n))
    return frame.assign(nilai=rng.integers(0, 4, n).astype(float))


def _ubah_nilai(rng: np.random.Generator, tabel: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Some values changed (a few within the tolerance), some rows gone, a few new rows."""
    hasil = frame.copy()
    kolom = NILAI_INDIKATOR if tabel == "indikator" else ("nilai",)
    for c in kolom:
        pilih = rng.random(len(hasil)) < 0.15
        geser = rng.choice([1.0, 1e-12, -2.0], len(hasil))
        hasil.loc[pilih, c] = hasil.loc[pilih, c] + geser[pilih]
    # rows gone, a whole province gone, new rows (one province only in the new table)
    buang = (rng.random(len(hasil)) < 0.1) | hasil["kode_wilayah"].str.startswith("11")
    baru = _acak(rng, tabel, 8, ("76", "94"))
    return pd.concat([hasil[~buang], baru], ignore_index=True)


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
@pytest.mark.parametrize("urut", [False, True], ids=["acak", "urut-provinsi"])
@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("tabel", ["indikator", "komponen"])
def test_numbered_keys_equal_the_sql_join(tmp_path, tabel, seed, urut):
    """``urut``: the previous file in province order with row groups of 7 rows (read a
    province's row groups at a time, provinces sharing the groups at their edges); else in
    random order (read whole)."""
    rng = np.random.default_rng(seed)
    lama = _acak(rng, tabel, 300)
    lama[UBAH] = rng.choice(
        ["20250101T000000Z-a", "20250301T000000Z-b", "20250201T0Z-c"], len(lama)
    )
    if urut:
        lama = lama.sort_values("kode_wilayah", key=lambda k: k.str[:2], kind="stable")
    folder = tmp_path / tabel / "2025"
    folder.mkdir(parents=True)
    lama.to_parquet(folder / "part-0.parquet", row_group_size=7 if urut else None)
    if urut:  # read by row groups: each of a province or two
        assert len(baca_rentang_provinsi(pq.ParquetFile(folder / "part-0.parquet"))) > 10
    baru = _ubah_nilai(rng, tabel, lama.drop(columns=UBAH))
    if tabel == "indikator":
        baru = baru.drop_duplicates(list(KUNCI_INDIKATOR), ignore_index=True)
    baru[UBAH] = "x"
    hasil = pasang_id_run_ubah(tabel, baru, tmp_path / tabel, [2025], "20251130T000000Z-baru")
    harapan = _oracle(tabel, baru, lama, "20251130T000000Z-baru")
    assert hasil[UBAH].astype(str).tolist() == harapan
    assert set(harapan) - {"20251130T000000Z-baru"}, "some rows kept an old run"
    assert "20251130T000000Z-baru" in harapan, "some rows changed"
    assert baru[UBAH].eq("x").all()  # the input is not mutated


@pytest.mark.parametrize("ruang", [8, 0])  # combined codes as they are; renumbered
@pytest.mark.parametrize("b_lama", [[np.nan, 1.0, 1.0], [np.nan, 1.5, 1.0]])  # 1.5: hashed
def test_key_numbers_agree_across_tables_and_dtypes(monkeypatch, ruang, b_lama):
    import transforms.keluar.ubah as ubah

    monkeypatch.setattr(ubah, "_RUANG_PER_BARIS", ruang)
    monkeypatch.setattr(ubah, "_RENTANG_BILANGAN", 1 << 16 if ruang else -1)
    a = pd.DataFrame({"w": pd.array(["x", "y", "x"], dtype="str"), "b": [1.0, np.nan, 1.0]})
    b = pd.DataFrame({"w": pd.Categorical(["y", "z", "x"]), "b": b_lama})
    if b_lama[1] == 1.0:
        b["b"] = pd.array([pd.NA, 1, 1], "Int32")
    na, nb, n = nomori_kunci(a, b, ("w", "b"))
    assert na[0] == na[2] == nb[2]  # (x, 1) in both
    assert na[1] == nb[0]  # (y, null) in both: null matches null
    assert len({*na, *nb}) == 3 and nb[1] not in {*na, nb[0], nb[2]}  # (z, ·) only in b
    assert min(*na, *nb) >= 0 and max(*na, *nb) < n  # numbers index arrays of size n
    if ruang == 0:
        assert n == len({*na, *nb})  # renumbered: consecutive


def test_equal_values_within_the_tolerance_and_nulls():
    a = np.array([1.0, 1e12, np.nan, np.nan, 0.0])
    b = np.array([1.0 + 1e-12, 1e12 + 1.0, np.nan, 0.0, 1e-10])
    assert sama_nilai(a, b).tolist() == [True, True, True, False, True]


@pytest.mark.parametrize("seed", range(4))
def test_used_categories_as_pandas_keeps_them(seed):
    rng = np.random.default_rng(seed)
    kategori = [f"2025{i:02d}01T000000Z-{i}" for i in range(9)]
    kode = rng.choice([0, 2, 3, 7], 500).astype(np.int32)  # 1, 4, 5, 6, 8 never used
    hasil = buat_kategori_terpakai(kode, kategori)
    harapan = pd.Categorical.from_codes(kode, categories=kategori).remove_unused_categories()
    assert list(hasil.categories) == [kategori[i] for i in (0, 2, 3, 7)]
    assert hasil.astype(str).tolist() == harapan.astype(str).tolist()
