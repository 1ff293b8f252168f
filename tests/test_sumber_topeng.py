"""Source ids as a bit-mask categorical: every join equals the join of the texts, the output
has the categories the text would have had, and what cannot be masked stays text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from transforms.hitung.rollup import gabung_sumber, hitung_rollup, kategori_kunci
from transforms.hitung.sumber import (
    ATOM_MAKS,
    SUMBER_MASTER,
    gabung_sumber_grup,
    kategori_sumber,
    satukan_sumber,
    teks_sumber,
)

ID = ["siga.pus", "siga.mix_kontra", "dinas.kb", "elsimil"]


def _sumber(seed: int, n: int = 300) -> pd.Series:
    rng = np.random.default_rng(seed)
    pilihan = [*ID, "dinas.kb,siga.pus", "elsimil,siga.mix_kontra"]
    return pd.Series(pd.array(rng.choice(pilihan, n), dtype="str"), name="sumber")


def _gabung_teks(teks: list[str]) -> str:
    """The join as a reader would write it by hand: every id once, sorted."""
    return ",".join(sorted({i for t in teks for i in t.split(",")}))


def test_the_code_is_the_bit_mask_of_the_sorted_ids():
    sumber = pd.Series(["siga.pus", "dinas.kb,siga.pus", "dinas.kb"], dtype="str")
    topeng = kategori_sumber(sumber)
    atom = sorted(["siga.pus", "dinas.kb", SUMBER_MASTER])  # dinas.kb, master-wilayah, siga.pus
    assert atom == ["dinas.kb", "master-wilayah", "siga.pus"]
    assert topeng.cat.codes.tolist() == [4, 5, 1]
    assert topeng.astype(str).tolist() == sumber.tolist()
    assert len(topeng.cat.categories) == 8 and topeng.cat.categories[0] == ""
    assert sumber.dtype == "str"  # the input is not changed


@pytest.mark.parametrize("seed", range(6))
def test_group_join_of_masks_equals_the_join_of_texts(seed):
    sumber = _sumber(seed)
    nomor = np.random.default_rng(seed + 100).integers(0, 40, len(sumber))
    topeng = gabung_sumber_grup(kategori_sumber(sumber), nomor, 40)
    teks = gabung_sumber_grup(sumber, nomor, 40)
    assert isinstance(topeng, pd.Categorical)
    harapan = [_gabung_teks(sumber[nomor == g].tolist()) for g in range(40)]
    assert [str(t) for t in topeng] == harapan
    assert teks.tolist() == harapan


@pytest.mark.parametrize("seed", range(4))
def test_row_join_of_several_columns_equals_the_join_of_texts(seed):
    a, b = _sumber(seed), _sumber(seed + 50)
    topeng = satukan_sumber([kategori_sumber(a), kategori_sumber(b)])
    teks = satukan_sumber([a, b])
    harapan = [_gabung_teks([x, y]) for x, y in zip(a, b, strict=True)]
    assert isinstance(topeng.dtype, pd.CategoricalDtype)
    assert topeng.astype(str).tolist() == harapan
    assert teks.tolist() == harapan


def test_the_output_has_the_categories_of_the_text():
    sumber = _sumber(3)
    keluar = teks_sumber(kategori_sumber(sumber).iloc[::2])
    harapan = sumber.iloc[::2].astype("category")
    pd.testing.assert_series_equal(keluar, harapan)
    teks = sumber.astype("category")
    assert teks_sumber(teks) is teks  # any other column as it is


def test_what_cannot_be_masked_stays_text_and_joins_as_text():
    banyak = pd.Series([f"s{i:02d}" for i in range(ATOM_MAKS)], dtype="str")  # + master
    kosong = pd.Series(["siga.pus", ""], dtype="str")
    hilang = pd.Series(["siga.pus", None], dtype="str")
    for sumber in (banyak, kosong, hilang):
        assert kategori_sumber(sumber) is sumber
    assert not isinstance(gabung_sumber_grup(banyak, np.zeros(len(banyak), int), 1), pd.Categorical)
    cukup = banyak.iloc[:-1]
    assert isinstance(kategori_sumber(cukup).dtype, pd.CategoricalDtype)


def test_an_ordinary_categorical_is_never_taken_for_a_mask():
    # four categories, the first empty: the shape of a mask dtype, not its texts
    biasa = pd.Series(pd.Categorical(["a", "c", "b"], categories=["", "a", "b", "c"]))
    nomor = np.array([0, 0, 1])
    assert gabung_sumber_grup(biasa, nomor, 2).tolist() == ["a,c", "b"]
    # a mask dtype's categories in another order: equal as a dtype, not a mask
    topeng = kategori_sumber(pd.Series(["a", "b", "c"], dtype="str"), ())
    kategori = list(topeng.cat.categories)
    kategori[3], kategori[5] = kategori[5], kategori[3]  # "a,b" and "a,c" swapped
    lain = pd.Series(pd.Categorical(["a,b", "c"], categories=kategori))
    assert lain.dtype == topeng.dtype
    assert gabung_sumber_grup(lain, np.array([0, 0]), 1).tolist() == ["a,b,c"]
    assert satukan_sumber([lain, lain]).tolist() == ["a,b", "c"]


@pytest.mark.parametrize("seed", range(4))
def test_rollup_with_masks_equals_rollup_with_text(seed):
    rng = np.random.default_rng(seed)
    desa = [f"76.0{k}.0{c}.200{d}" for k in (1, 2) for c in (1, 3) for d in range(4)]
    n = 200
    komponen = pd.DataFrame(
        {
            "kode_wilayah": pd.array(rng.choice(desa, n), dtype="str"),
            "tahun": 2025,
            "bulan": pd.array(rng.choice([1, 2], n), dtype="Int64"),
            "semester": pd.array([None] * n, dtype="Int64"),
            "komponen": pd.array(rng.choice(["pus", "kb"], n), dtype="str"),
            "nilai": rng.integers(0, 50, n).astype(float),
            "sumber": _sumber(seed, n),
        }
    )
    kategori = kategori_kunci(komponen, [])
    assert isinstance(kategori["sumber"].dtype, pd.CategoricalDtype)
    teks = hitung_rollup(komponen).astype({"sumber": str})
    topeng = hitung_rollup(kategori)
    assert topeng["sumber"].dtype == kategori["sumber"].dtype  # one dtype through the steps
    pd.testing.assert_series_equal(topeng["sumber"].astype(str), teks["sumber"])
    per_periode = gabung_sumber(kategori, ["kode_wilayah", "bulan"])
    assert per_periode["sumber"].dtype == kategori["sumber"].dtype
