"""The benchmark's corrected file: exactly one value (PUS of the first data row) plus one, in
CSV and XLSX, everything else read back the same; and the check of the published change."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from benchmarks.nasional_koreksi import buat_koreksi, periksa_koreksi
from scripts.nasional.utama import buat_nasional, folder_bulan
from transforms.baca.berkas import baca_tabel


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_corrected_copy_changes_one_value(tmp_path: Path, fmt: str):
    buat_nasional(tmp_path / "data", [1], ["76"], (fmt,))
    src = folder_bulan(tmp_path / "data", fmt, 2025, 1) / f"data_pus.{fmt}"
    dst, lama = buat_koreksi(src, tmp_path / "koreksi")
    assert dst.name == src.name and dst.read_bytes() != src.read_bytes()
    asli, baru = baca_tabel(src).data, baca_tabel(dst).data
    assert asli.shape == baru.shape
    assert int(asli.loc[asli.index[0], "PUS"]) == lama
    assert int(baru.loc[baru.index[0], "PUS"]) == lama + 1
    beda = (asli != baru).to_numpy()
    assert beda.sum() == 1  # nothing else moved


def test_check_of_published_correction():
    sebelum = pd.Series({"76": 100.0, "73": 50.0})
    assert periksa_koreksi(sebelum, sebelum.add(pd.Series({"76": 1.0}), fill_value=0))
    assert not periksa_koreksi(sebelum, sebelum)  # not used (e.g. a stale cache)
    assert not periksa_koreksi(sebelum, sebelum + 1)  # two provinces moved
    assert not periksa_koreksi(sebelum, sebelum.add(pd.Series({"76": 2.0}), fill_value=0))
