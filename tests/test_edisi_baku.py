"""Region codes of older years carried to the current edition (``ubah_ke_edisi_baku``): the same
codes as carrying every row's text through the crosswalk (the way it was done before it went
by distinct code), for text and categorical input, years of several editions mixed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from transforms.komponen.ramping import buat_ramping
from transforms.langkah.hitung import ubah_ke_edisi_baku
from transforms.wilayah.edisi import EDISI_BAKU, cari_edisi_untuk_tahun
from transforms.wilayah.master import muat_master
from transforms.wilayah.perubahan import ubah_ke_edisi


def _per_baris(komponen: pd.DataFrame) -> pd.Series:
    """Every row's code as text through the crosswalk of its year's edition (the oracle)."""
    kode = komponen["kode_wilayah"].astype(str).to_numpy(dtype=object)
    for tahun in komponen["tahun"].unique():
        edisi = cari_edisi_untuk_tahun(int(tahun))
        if edisi == EDISI_BAKU:
            continue
        sel = (komponen["tahun"] == tahun).to_numpy()
        baru = ubah_ke_edisi(pd.Series(kode[sel]), edisi)["kode_wilayah"]
        kode[sel] = [b if isinstance(b, str) else a for a, b in zip(kode[sel], baru, strict=True)]
    return pd.Series(kode, dtype="str")


@pytest.mark.parametrize("benih", range(6))
def test_sama_dengan_per_baris(benih):
    acak = np.random.default_rng(benih)
    lama = muat_master(cari_edisi_untuk_tahun(2021)).frame
    papua = lama[lama["kode_wilayah"].str.startswith("91")]["kode_wilayah"].to_numpy()
    lain = lama[lama["kode_wilayah"].str.startswith("33")]["kode_wilayah"].to_numpy()
    n = 400
    kode = np.where(acak.random(n) < 0.5, acak.choice(papua, n), acak.choice(lain, n))
    kode[:3] = ["99.99", "91.01", "93.01"]  # no successor (kept), carried, current already
    tahun = acak.choice([2021, 2023, 2025], n)
    komponen = pd.DataFrame({"kode_wilayah": kode.astype(str), "tahun": tahun, "nilai": 1.0})
    harapan = _per_baris(komponen)
    for masuk in (komponen, buat_ramping(komponen, ["kode_wilayah"])):
        hasil = ubah_ke_edisi_baku(masuk)
        assert hasil["kode_wilayah"].astype(str).tolist() == harapan.tolist()
        kategori = hasil["kode_wilayah"].cat.categories
        assert kategori.tolist() == sorted(set(harapan))  # sorted, only those in use
        pd.testing.assert_frame_equal(
            buat_ramping(hasil, ["kode_wilayah"]),
            buat_ramping(komponen.assign(kode_wilayah=harapan), ["kode_wilayah"]),
        )
    assert ubah_ke_edisi_baku(komponen[komponen["tahun"] == 2025]) is not None


def test_tahun_baku_saja_tidak_disalin():
    komponen = pd.DataFrame({"kode_wilayah": ["33.06"], "tahun": [2025]})
    assert ubah_ke_edisi_baku(komponen) is komponen
