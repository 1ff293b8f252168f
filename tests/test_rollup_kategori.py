"""The compute's keys as categories: the roll-up gives the same rows as on plain text codes,
and every level equals an independent sum of the desa rows under it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from transforms.hitung.rollup import (
    hitung_rollup,
    isi_seperti,
    kategori_kunci,
    kenali_tingkat_kode,
    naik_tingkat,
)


def _komponen(seed: int, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    desa = [
        f"7{p}.0{k}.0{c}.200{d}" for p in (1, 6) for k in (1, 2) for c in (1, 3) for d in range(4)
    ]
    kode = rng.choice(desa, n).astype(object)
    langsung = rng.random(n) < 0.05  # a few recap rows reported at the kecamatan itself
    kode[langsung] = [k[:8] for k in kode[langsung]]
    bulan = rng.choice([1.0, 2.0, np.nan], n)
    return pd.DataFrame(
        {
            "kode_wilayah": pd.array(kode, dtype="str"),
            "tahun": 2025,
            "bulan": pd.array(bulan, dtype="Float64").astype("Int64"),
            "semester": pd.array(np.where(np.isnan(bulan), 1.0, np.nan)).astype("Int64"),
            "komponen": pd.array(rng.choice(["pus", "kb", "unmet"], n), dtype="str"),
            "nilai": rng.integers(0, 50, n).astype(float),
            "sumber": pd.array(rng.choice(["siga", "dinas", "siga,dinas"], n), dtype="str"),
        }
    )


def _teks(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({"kode_wilayah": str, "komponen": str, "sumber": str})


@pytest.mark.parametrize("seed", range(8))
def test_the_rollup_on_categories_equals_the_rollup_on_text(seed):
    komponen = _komponen(seed)
    teks = _teks(hitung_rollup(komponen))
    kategori = kategori_kunci(komponen, ["jumlah_desa"])
    assert isinstance(kategori["kode_wilayah"].dtype, pd.CategoricalDtype)
    hasil = hitung_rollup(kategori)
    assert isinstance(hasil["kode_wilayah"].dtype, pd.CategoricalDtype)  # never object
    pd.testing.assert_frame_equal(_teks(hasil), teks)
    assert komponen["kode_wilayah"].dtype == "str"  # the input is not changed


@pytest.mark.parametrize("seed", range(4))
def test_each_kabupaten_is_the_sum_of_its_rows(seed):
    komponen = _komponen(seed)
    hasil = _teks(hitung_rollup(kategori_kunci(komponen, [])))
    kab = hasil[hasil["kode_wilayah"].str.len() == 5]
    for (kode, b, s, k), nilai in kab.set_index(["kode_wilayah", "bulan", "semester", "komponen"])[
        "nilai"
    ].items():
        pilih = (
            komponen["kode_wilayah"].str.startswith(kode)
            & komponen["komponen"].eq(k)
            & (komponen["bulan"].isna() if pd.isna(b) else komponen["bulan"].eq(b).fillna(False))
            & (
                komponen["semester"].isna()
                if pd.isna(s)
                else komponen["semester"].eq(s).fillna(False)
            )
        )
        baris = komponen[pilih]
        # a kecamatan recap counts only where none of its desa reported for that key
        kec_desa = set(baris.loc[baris["kode_wilayah"].str.len() > 8, "kode_wilayah"].str[:8])
        pakai = baris[(baris["kode_wilayah"].str.len() > 8) | ~baris["kode_wilayah"].isin(kec_desa)]
        assert nilai == pakai["nilai"].sum(), (kode, b, s, k)


def test_ancestors_levels_and_constants_stay_categorical():
    kode = pd.Series(
        pd.Categorical(
            ["76.01.01.2001", "76.01.02", "76.01.01.2001"],
            categories=["76", "76.01", "76.01.01", "76.01.01.2001", "76.01.02"],
        )
    )
    naik = naik_tingkat(kode, 5)
    assert naik.astype(str).tolist() == ["76.01"] * 3
    assert naik.dtype == kode.dtype
    assert kenali_tingkat_kode(kode).tolist() == ["desa", "kecamatan", "desa"]
    assert naik_tingkat(kode.astype(str), 2).tolist() == ["76"] * 3
    tetap = isi_seperti(kode, "76", 2)
    assert list(tetap) == ["76", "76"] and tetap.dtype == kode.dtype
    assert isi_seperti(kode.astype(str), "76", 2) == "76"


def _komponen_teks() -> pd.DataFrame:
    """Three component rows as text, in the contract's column order."""
    from schemas.kontrak import kolom

    return pd.DataFrame(
        {
            "kode_wilayah": ["76.01.01.2001", "76.01.01.2002", "76.01"],
            "tahun": 2025,
            "bulan": pd.array([1, 2, None], dtype="Int64"),
            "semester": pd.array([None, None, 1], dtype="Int64"),
            "komponen": ["pus", "pus", "kb"],
            "nilai": [1.0, 2.0, 3.0],
            "sumber": ["siga", "siga", "dinas"],
            "berkas": ["a.csv", "a.csv", "b.xlsx"],
            "lembar": [None, None, "Data"],
            "sha256": ["ab" * 32, "ab" * 32, "cd" * 32],
            "baris": [2, 3, 2],
            "id_run_ubah": "20251201T000000Z-abcdef",
        }
    )[list(kolom("komponen"))]


def test_categorical_text_columns_are_written_as_the_same_text():
    """The contract conversion takes a categorical column's categories by code: the Arrow
    table (values, nulls, types) equals the one from the same rows as text."""
    from schemas.kontrak import ubah_ke_arrow
    from transforms.komponen.ramping import KOLOM_BERULANG

    teks = _komponen_teks()
    kategori = teks.astype(dict.fromkeys([*KOLOM_BERULANG, "komponen", "sumber"], "category"))
    dari_kategori, dari_teks = ubah_ke_arrow(kategori, "komponen"), ubah_ke_arrow(teks, "komponen")
    assert dari_kategori.equals(dari_teks)
    assert dari_kategori.schema.equals(dari_teks.schema, check_metadata=True)  # pandas' too
    assert dari_kategori.column("lembar").null_count == 2
    # an unused category outside the contract is not a value of any row: no error
    kode = kategori["kode_wilayah"].astype("category").cat.add_categories(["bukan kode"])
    lebih = kategori.assign(kode_wilayah=kode)  # the pattern is checked on the values used
    assert ubah_ke_arrow(lebih, "komponen").equals(dari_teks)


def test_categorical_text_columns_are_checked_per_distinct_value(monkeypatch):
    """A categorical column whose used values pass is never expanded to one text per row
    (the fast path); a broken value sends the whole frame row by row (the error path)."""
    import schemas.kontrak as kontrak
    from transforms.komponen.ramping import KOLOM_BERULANG

    diperluas: list[int] = []
    asli = kontrak._teks_dari_kategori

    def lihat(frame, tabel):
        diperluas.append(len(frame))
        return asli(frame, tabel)

    monkeypatch.setattr(kontrak, "_teks_dari_kategori", lihat)
    monkeypatch.setattr(kontrak, "_META", {})  # what earlier tests left in this process
    monkeypatch.setattr(kontrak, "_SAH", {})
    kolom_kategori = dict.fromkeys([*KOLOM_BERULANG, "komponen", "sumber"], "category")
    kategori = _komponen_teks().astype(kolom_kategori)
    kontrak.ubah_ke_arrow(kategori, "komponen")
    assert diperluas == [0]  # only the empty frame that gives pandas' metadata
    rusak = kategori.assign(kode_wilayah=pd.Categorical(["76.01.01.2001", "76.1", "76.01"]))
    with pytest.raises(Exception, match="str_matches"):
        kontrak.ubah_ke_arrow(rusak, "komponen")
    assert diperluas == [0, 3]


def test_a_value_that_passed_is_not_checked_again(monkeypatch):
    """The contract of a categorical column is checked once per distinct value and process:
    the next slice with the same categories checks nothing, one with a new value only it;
    a new value that breaks the contract still sends the slice row by row."""
    import schemas.kontrak as kontrak
    from transforms.komponen.ramping import KOLOM_BERULANG

    monkeypatch.setattr(kontrak, "_SAH", {})
    diperiksa: list[list[str]] = []
    asli = kontrak.pa.DataFrameSchema.validate

    def lihat(self, frame, *args, **kwargs):
        if list(frame.columns) == ["kode_wilayah"]:
            diperiksa.append(list(frame["kode_wilayah"]))
        return asli(self, frame, *args, **kwargs)

    monkeypatch.setattr(kontrak.pa.DataFrameSchema, "validate", lihat)
    kolom_kategori = dict.fromkeys([*KOLOM_BERULANG, "kode_wilayah", "komponen"], "category")
    kategori = _komponen_teks().astype(kolom_kategori)
    pertama = kontrak.ubah_ke_arrow(kategori, "komponen")
    assert diperiksa == [["76.01", "76.01.01.2001", "76.01.01.2002"]]  # categories sorted
    assert kontrak.ubah_ke_arrow(kategori.iloc[1:], "komponen").equals(pertama.slice(1))
    assert len(diperiksa) == 1  # same categories: nothing checked again
    kode = pd.Categorical(["76.01.01.2001", "76.02", "76.01"])  # new categories, one new value
    kontrak.ubah_ke_arrow(kategori.assign(kode_wilayah=kode), "komponen")
    assert diperiksa[1:] == [["76.02"]]
    rusak = pd.Categorical(["76.01.01.2001", "76.1", "76.01"])
    with pytest.raises(Exception, match="str_matches"):
        kontrak.ubah_ke_arrow(kategori.assign(kode_wilayah=rusak), "komponen")


@pytest.mark.parametrize(
    "rusak",
    [
        {"kode_wilayah": ["76.01.01.2001", "76.1", "76.01"]},  # a used value breaks the pattern
        {"sumber": ["siga", None, "dinas"]},  # a null where the contract allows none
    ],
)
def test_categorical_column_outside_the_contract_fails_like_text(rusak):
    """A categorical column whose values break the contract raises what the same rows as
    text raise (checked row by row, so the error names the row)."""
    from pandera.errors import SchemaErrors

    from schemas.kontrak import ubah_ke_arrow

    teks = _komponen_teks().assign(**rusak)
    kategori = teks.astype({k: "category" for k in rusak})
    pesan = []
    for frame in (teks, kategori):
        with pytest.raises(SchemaErrors) as galat:
            ubah_ke_arrow(frame, "komponen")
        pesan.append(galat.value.failure_cases[["column", "index"]].to_dict("records"))
    assert pesan[0] == pesan[1] and pesan[0][0]["index"] == 1
