"""Peak memory of a run: a file's component rows are let go once they are combined."""

from __future__ import annotations

import gc
import tracemalloc

import numpy as np
import pandas as pd

from transforms.komponen.asal import HasilBerkas
from transforms.langkah.masukan import lepas_komponen


def _hasil(n: int) -> HasilBerkas:
    komponen = pd.DataFrame(
        {
            "kode_wilayah": pd.Series(["76.01"] * n, dtype="str"),
            "nilai": np.arange(n, dtype="float64"),
            "bulan": pd.array(np.ones(n, dtype="int64"), dtype="Int64"),
        }
    )
    masalah = pd.DataFrame({"aturan": ["nama_wilayah_mirip"], "baris": [7]})
    return HasilBerkas(komponen, masalah, {"berkas": "a.csv", "baris_dibaca": n})


def test_lepas_komponen_keeps_problems_accounting_and_column_types():
    asli = _hasil(5)
    lepas = lepas_komponen(asli)
    assert len(lepas.komponen) == 0
    assert lepas.komponen.dtypes.to_dict() == asli.komponen.dtypes.to_dict()
    assert lepas.masalah is asli.masalah
    assert lepas.akuntansi == {"berkas": "a.csv", "baris_dibaca": 5}
    assert len(asli.komponen) == 5  # the input is not changed


def test_lepas_komponen_frees_the_rows_buffers():
    """An empty *slice* would keep the 8 MB of ``nilai`` alive; a new empty frame does not."""
    tracemalloc.start()
    try:
        hasil = [_hasil(1_000_000)]
        sebelum = tracemalloc.get_traced_memory()[0]
        hasil = [lepas_komponen(h) for h in hasil]
        gc.collect()
        sesudah = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(hasil[0].komponen) == 0
    assert sebelum - sesudah > 7_000_000  # 1M float64 + 1M Int64 values (and mask) freed


def test_lepas_komponen_lets_go_of_a_national_files_region_codes():
    """A national file's ±83,000 region codes are its ``kode_wilayah`` categories; the kept
    result of each file of the year held them (with pandas' lookup table: ±7 MB a file, 260 MB
    in a national 12-month run). The emptied column stays categorical, of the same text type
    and order, without them."""
    kode = [
        f"{p:02d}.{k:02d}.{c:02d}.{d:04d}"
        for p in range(11, 21)
        for k in range(1, 11)
        for c in range(1, 11)
        for d in range(2001, 2081)
    ]
    tracemalloc.start()
    try:
        asli = HasilBerkas(
            pd.DataFrame({"kode_wilayah": pd.Categorical(kode), "nilai": np.ones(len(kode))}),
            pd.DataFrame(),
            {"berkas": "nasional.xlsx"},
        )
        assert asli.komponen["kode_wilayah"].cat.categories.is_unique  # pandas' lookup built
        sebelum = tracemalloc.get_traced_memory()[0]
        asli = lepas_komponen(asli)
        gc.collect()
        sesudah = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    jenis = asli.komponen["kode_wilayah"].dtype
    assert isinstance(jenis, pd.CategoricalDtype) and len(jenis.categories) == 0
    assert jenis.categories.dtype == pd.Index(kode).dtype and jenis.ordered is False
    assert sebelum - sesudah > 5_000_000  # 80,000 code texts and their lookup let go
