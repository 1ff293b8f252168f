"""``indikator`` and ``komponen`` are written one file per province; a file of every province
written in province order (generations before that layout) is read back a province at a time
from the row groups that hold it; a file in any other order is read whole, with the same rows
per province."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import transforms.keluar.parquet as parquet
from tests.bantu_generasi import buat_tabel
from transforms.keluar.baca_provinsi import BacaProvinsi, baca_rentang_provinsi
from transforms.keluar.parquet import tulis_frame, tulis_tabel
from transforms.keluar.ubah import PemasangUbah
from transforms.wilayah.provinsi import cari_urutan_provinsi

# desa of four provinces, interleaved as a file's rows come (not in code order)
DESA = tuple(
    (f"{p}.0{i % 2 + 1}.01.20{i:02d}", "desa") for i in range(6) for p in ("76", "11", "33", "94")
)


@pytest.fixture
def komponen() -> pd.DataFrame:
    frame = buat_tabel("r1", (2025,), wilayah=DESA)["komponen"]
    return frame.assign(nilai=np.arange(len(frame), dtype=float))  # each row told apart


def _per_provinsi(frame: pd.DataFrame) -> dict[str, list[float]]:
    """Independently: each province's values in the frame's order."""
    prov = frame["kode_wilayah"].astype(str).str[:2]
    return {p: frame.loc[prov == p, "nilai"].tolist() for p in sorted(prov.unique())}


def test_written_one_file_per_province_in_slices_with_every_row(tmp_path, komponen, monkeypatch):
    monkeypatch.setattr(parquet, "POTONGAN", 5)  # 6 rows a province: 2 row groups each
    assert tulis_tabel(tmp_path / "k", "komponen", komponen, [2025]) == {2025: 24}
    files = sorted((tmp_path / "k" / "2025").glob("*.parquet"))
    assert [f.name for f in files] == ["11.parquet", "33.parquet", "76.parquet", "94.parquet"]
    harapan = _per_provinsi(komponen)
    for f in files:
        berkas = pq.ParquetFile(f)
        ditulis = berkas.read().to_pandas()
        assert _per_provinsi(ditulis) == {f.stem: harapan[f.stem]}  # its rows, in order
        assert berkas.metadata.num_row_groups == 2
    # the year folder read as one table: every row, provinces in code order
    semua = pd.read_parquet(tmp_path / "k" / "2025")
    kode = semua["kode_wilayah"].astype(str)
    assert kode.str[:2].tolist() == sorted(kode.str[:2])
    assert _per_provinsi(semua) == harapan
    assert komponen["kode_wilayah"].iloc[0].startswith("76")  # the input keeps its order


def test_a_file_of_every_province_in_province_order_in_slices(tmp_path, komponen, monkeypatch):
    """The layout before one file per province (a generation in force may still have it)."""
    monkeypatch.setattr(parquet, "POTONGAN", 5)  # 24 rows: 5 row groups
    path = tmp_path / "k.parquet"
    tulis_frame(komponen, "komponen", path, cari_urutan_provinsi(komponen["kode_wilayah"]))
    berkas = pq.ParquetFile(path)
    ditulis = berkas.read().to_pandas()
    kode = ditulis["kode_wilayah"].astype(str)
    assert kode.str[:2].tolist() == sorted(kode.str[:2])  # provinces together, in code order
    assert _per_provinsi(ditulis) == _per_provinsi(komponen)  # same rows, same order within
    assert [r[:2] for r in baca_rentang_provinsi(berkas)] == [
        ("11", "11"),
        ("11", "33"),
        ("33", "76"),
        ("76", "94"),
        ("94", "94"),
    ]


@pytest.mark.parametrize("urut", [True, False], ids=["per-grup", "utuh"])
def test_each_province_read_alone_equals_its_rows(tmp_path, komponen, monkeypatch, urut):
    path = tmp_path / "k.parquet"
    if urut:  # a file of every province (the layout before one file per province)
        monkeypatch.setattr(parquet, "POTONGAN", 5)
        tulis_frame(komponen, "komponen", path, cari_urutan_provinsi(komponen["kode_wilayah"]))
    else:  # another writer's order: row groups of several provinces each
        komponen.to_parquet(path, row_group_size=5)
    pembaca = BacaProvinsi(path, ["kode_wilayah", "nilai", "tak_ada"], ("kode_wilayah",))
    assert pembaca.per_grup is urut and pembaca.kolom == ["kode_wilayah", "nilai"]
    dibaca_grup = []
    asli = pembaca._baca_grup
    monkeypatch.setattr(pembaca, "_baca_grup", lambda g: dibaca_grup.append(g) or asli(g))
    harapan = _per_provinsi(komponen)
    for prov in ("00", "11", "33", "52", "76", "94", "99"):  # 00, 99: before and after all
        frame = pembaca.ambil(prov)
        assert frame["nilai"].tolist() == harapan.get(prov, []), prov
        assert isinstance(frame["kode_wilayah"].dtype, pd.CategoricalDtype)
    # in province order each row group is read once (a shared edge group is kept for the next)
    assert dibaca_grup == ([0, 1, 2, 3, 4] if urut else [])


def test_no_province_order_without_statistics_or_with_null_codes(tmp_path, komponen):
    komponen.to_parquet(tmp_path / "a.parquet", write_statistics=False)
    assert baca_rentang_provinsi(pq.ParquetFile(tmp_path / "a.parquet")) is None
    kosong = komponen.assign(kode_wilayah=komponen["kode_wilayah"].where(komponen.index != 3))
    kosong.sort_values("kode_wilayah").to_parquet(tmp_path / "b.parquet")
    assert baca_rentang_provinsi(pq.ParquetFile(tmp_path / "b.parquet")) is None
    komponen.drop(columns="kode_wilayah").to_parquet(tmp_path / "c.parquet")
    assert baca_rentang_provinsi(pq.ParquetFile(tmp_path / "c.parquet")) is None


def test_a_province_file_keeps_nothing_once_compared(tmp_path, komponen):
    """One file per province is read once for id_run_ubah: its rows are not kept for a next
    province (kept, every previous province stayed in memory for the whole run: +0.47 GB on
    a national year)."""
    tulis_tabel(tmp_path / "k", "komponen", komponen.assign(id_run_ubah="A"), [2025])
    pemasang = PemasangUbah("komponen", tmp_path / "k", [2025], "B")
    hasil = pemasang.pasang(komponen.assign(id_run_ubah="B"))
    assert set(hasil["id_run_ubah"].astype(str)) == {"A"}  # every value unchanged
    assert len(pemasang.pembaca) == 4
    assert all(not p._grup and p._utuh is None for _, p in pemasang.pembaca)
