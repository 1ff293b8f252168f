"""Components side by side per period (``lebarkan_jumlah``): the rows the pivot gave, without
building every combination of key values first."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.test_rollup_kategori import _komponen
from transforms.hitung.rollup import PERIODE, kategori_kunci, lebarkan_jumlah


def _pivot(frame: pd.DataFrame) -> pd.DataFrame:
    """The former code: the pivot over the Cartesian product of the key levels."""
    return frame.pivot_table(
        index=PERIODE, columns="komponen", values="nilai", aggfunc="sum", dropna=False
    )


def _dengan_kosong(seed: int) -> pd.DataFrame:
    """Rows of a few regions with missing values, annual and semester keys, some components
    missing for some periods."""
    komponen = _komponen(seed, 300)
    rng = np.random.default_rng(seed + 100)
    nilai = komponen["nilai"].where(rng.random(len(komponen)) > 0.1)
    return komponen.assign(nilai=nilai)


@pytest.mark.parametrize("kategori", [False, True])
@pytest.mark.parametrize("seed", range(6))
def test_the_same_rows_as_the_pivot_without_its_empty_combinations(seed, kategori):
    frame = _dengan_kosong(seed)
    if kategori:
        frame = kategori_kunci(frame, [])
    lama, baru = _pivot(frame), lebarkan_jumlah(frame)
    kosong = lama.isna().all(axis=1)
    assert kosong.any()  # the pivot made rows of key combinations that no row has
    pd.testing.assert_frame_equal(baru, lama[~kosong], check_names=True)
    assert len(baru) == len(frame[PERIODE].drop_duplicates())  # one row per key present


def test_values_are_sums_missing_components_nan_and_all_missing_groups_zero():
    frame = pd.DataFrame(
        {
            "kode_wilayah": ["76.01", "76.01", "76.01", "76.02", "76.02"],
            "tahun": 2025,
            "bulan": pd.array([1, 1, None, 1, 1], dtype="Int64"),
            "semester": pd.array([None, None, None, None, None], dtype="Int64"),
            "komponen": ["pus", "pus", "pus", "kb", "pus"],
            "nilai": [2.0, 3.0, np.nan, 4.0, 1.0],
        }
    )
    hasil = lebarkan_jumlah(frame).reset_index()
    assert hasil["kode_wilayah"].tolist() == ["76.01", "76.01", "76.02"]
    bulan = hasil["bulan"]
    assert bulan.iloc[0] == 1 and pd.isna(bulan.iloc[1]) and bulan.iloc[2] == 1  # missing last
    assert hasil["pus"].tolist() == [5.0, 0.0, 1.0]  # 2 + 3; only a missing value: 0
    assert pd.isna(hasil["kb"].iloc[0]) and hasil["kb"].iloc[2] == 4.0
