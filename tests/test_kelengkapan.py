"""Completeness (transforms.hitung.kelengkapan): children and desa with a value under each
region row, and how many the master has."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from transforms.hitung.kelengkapan import _INDUK, hitung_kelengkapan
from transforms.wilayah.master import muat_master


def _kelengkapan_per_baris(rows: pd.DataFrame, jumlah_anak, jumlah_desa=None) -> pd.DataFrame:
    """Completeness as the per-row version counted it: parent text per row, a join back;
    desa: each desa row once under each of its ancestors' code texts, a join back."""
    per = ["tahun", "bulan", "semester"]
    anak = rows[rows["kode_wilayah"].str.len().isin(list(_INDUK))]
    induk = pd.Series(
        [k[: _INDUK[len(k)]] for k in anak["kode_wilayah"]], index=anak.index, dtype=object
    )
    counts = (
        anak.assign(kode_wilayah=induk)
        .groupby(["kode_wilayah", *per], dropna=False)
        .size()
        .rename("jumlah_wilayah_lapor")
        .reset_index()
    )
    out = rows.merge(counts, on=["kode_wilayah", *per], how="left")
    lapor = out["jumlah_wilayah_lapor"].astype("Int64")
    jumlah = jumlah_anak(out["kode_wilayah"].unique())
    seharusnya = out["kode_wilayah"].map(jumlah).astype("Int64").where(lapor.notna())
    out = out.assign(jumlah_wilayah_lapor=lapor, jumlah_wilayah_seharusnya=seharusnya)
    desa = rows[rows["kode_wilayah"].str.len() == 13]
    leluhur = pd.concat([desa.assign(kode_wilayah=desa["kode_wilayah"].str[:n]) for n in (2, 5, 8)])
    per_desa = leluhur.groupby(["kode_wilayah", *per], dropna=False).size()
    out = out.merge(per_desa.rename("jumlah_desa_lapor").reset_index(), how="left")
    desa_lapor = out["jumlah_desa_lapor"].astype("Int64")
    semua = jumlah_desa(out["kode_wilayah"].unique()) if jumlah_desa else None
    desa_harus = out["kode_wilayah"].map(semua) if semua is not None else pd.NA
    desa_harus = pd.Series(desa_harus, index=out.index).astype("Int64").where(desa_lapor.notna())
    return out.assign(jumlah_desa_lapor=desa_lapor, jumlah_desa_seharusnya=desa_harus)


def test_completeness_by_numbers_equals_the_per_row_join():
    master = muat_master("2025").frame
    pohon = master[master["kode_wilayah"].str.startswith("76.01")]["kode_wilayah"].tolist()
    acak = np.random.default_rng(5)
    kode = [k for k in pohon if acak.random() < 0.7] + ["76", "99.99.99"]  # a parent missing
    periode = [(2025, 1, None), (2025, 2, None), (2025, None, None), (2024, None, 2)]
    rows = pd.DataFrame(
        [(k, *p) for k in kode for p in periode if acak.random() < 0.8],
        columns=["kode_wilayah", "tahun", "bulan", "semester"],
    ).astype({"kode_wilayah": object, "tahun": "int64", "bulan": "Int64", "semester": "Int64"})
    rows.index = rows.index + 100
    anak = master["kode_induk"].value_counts()

    def jumlah_anak(k):
        return anak.reindex(list(k))

    desa = muat_master("2025").hitung_jumlah_desa_semua()

    def jumlah_desa(k):
        return desa.reindex(list(k))

    baru = hitung_kelengkapan(rows.assign(nilai=1.0), jumlah_anak, jumlah_desa)
    lama = _kelengkapan_per_baris(rows.assign(nilai=1.0), jumlah_anak, jumlah_desa)
    pd.testing.assert_frame_equal(baru, lama)
    assert baru["jumlah_wilayah_lapor"].notna().any() and baru["jumlah_wilayah_lapor"].isna().any()
    # 30 % of 76.01's desa left out: provinsi, kabupaten and kecamatan rows count those there
    ada = baru[baru["jumlah_desa_lapor"].notna()]
    assert {2, 8} <= set(ada["kode_wilayah"].str.len()) <= {2, 5, 8}
    assert (ada["jumlah_desa_lapor"] <= ada["jumlah_desa_seharusnya"]).all()
    assert (ada["jumlah_desa_lapor"] < ada["jumlah_desa_seharusnya"]).any()
    tanpa = hitung_kelengkapan(rows.assign(nilai=1.0), None)
    assert tanpa["jumlah_wilayah_seharusnya"].isna().all()
    assert tanpa["jumlah_desa_seharusnya"].isna().all()
    pd.testing.assert_series_equal(tanpa["jumlah_desa_lapor"], lama["jumlah_desa_lapor"])
    pd.testing.assert_series_equal(tanpa["jumlah_wilayah_lapor"], lama["jumlah_wilayah_lapor"])


def _baris_2025(rows: list[tuple], periode: str) -> pd.DataFrame:
    """Rows (code, month or semester, ``bulan_acuan``) of 2025, the other period empty."""
    lain = "semester" if periode == "bulan" else "bulan"
    frame = pd.DataFrame(rows, columns=["kode_wilayah", periode, "bulan_acuan"])
    frame = frame.assign(tahun=2025, **{lain: pd.NA})
    return frame.astype({"bulan": "Int64", "bulan_acuan": "Int64", "semester": "Int64"})


def test_an_annual_stock_value_counts_the_children_of_its_month():
    """A desa that stopped reporting in November has an annual row of its own (its November
    value), but the kabupaten's annual stock value is its December sum: the annual row counts
    the December reporters; an annual flow (a sum of months, no ``bulan_acuan``) counts every
    child with a value in the year."""
    kec, a, b = "76.01.01", "76.01.01.2001", "76.01.01.2002"
    rows = [
        (kec, 11, None),
        (kec, 12, None),
        (kec, None, 12),
        (a, 11, None),
        (a, 12, None),
        (a, None, 12),
        (b, 11, None),
        (b, None, 11),
    ]
    frame = _baris_2025(rows, "bulan")
    stok = hitung_kelengkapan(frame, None).set_index(["kode_wilayah", "bulan"], drop=False)
    assert stok.loc[(kec, 11), "jumlah_wilayah_lapor"] == 2
    assert stok.loc[(kec, 12), "jumlah_wilayah_lapor"] == 1
    tahunan = stok[stok["bulan"].isna() & (stok["kode_wilayah"] == kec)].iloc[0]
    assert (tahunan["jumlah_wilayah_lapor"], tahunan["jumlah_desa_lapor"]) == (1, 1)
    arus = hitung_kelengkapan(
        frame.assign(bulan_acuan=pd.NA).astype({"bulan_acuan": "Int64"}), None
    )
    tahunan = arus[arus["bulan"].isna() & (arus["kode_wilayah"] == kec)].iloc[0]
    assert (tahunan["jumlah_wilayah_lapor"], tahunan["jumlah_desa_lapor"]) == (2, 2)


def test_an_annual_value_from_half_years_counts_the_children_of_its_semester():
    kec, a, b = "76.01.01", "76.01.01.2001", "76.01.01.2002"
    rows = [
        (kec, 1, None),
        (kec, 2, None),
        (kec, None, 12),
        (a, 1, None),
        (a, 2, None),
        (b, 1, None),
    ]
    frame = _baris_2025(rows, "semester")
    hasil = hitung_kelengkapan(frame, None)
    tahunan = hasil[hasil["semester"].isna() & (hasil["kode_wilayah"] == kec)].iloc[0]
    assert tahunan["jumlah_wilayah_lapor"] == 1  # semester 2: only desa a


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_counts_of_an_older_year_are_under_the_current_codes():
    """Data of 2021 is computed under the 2025 codes (Papua's kabupaten of 2021 moved to the
    new provinces 93-95), so what the master expects of Papua (91) that year is the 2021
    desa and kabupaten that are in 91 under the 2025 codes: 988 desa in 9 kabupaten, not the
    2021 province's 5,521 desa in 29 kabupaten (every row of 91 looked incomplete)."""
    from transforms.langkah.per_provinsi import _alat_tahun, hitung_wilayah_berlaku
    from transforms.wilayah.edisi import cari_edisi_untuk_tahun
    from transforms.wilayah.perubahan import ubah_ke_edisi

    lama = muat_master("2021")
    assert lama.hitung_jumlah_desa_semua()["91"] == 5521
    assert lama.frame["kode_induk"].value_counts()["91"] == 29
    assert cari_edisi_untuk_tahun(2021) == "2021"
    jumlah_desa, _, jumlah_anak = _alat_tahun(2021)
    assert jumlah_desa(["91", "93"]).tolist() == [988, 655]  # 93: Papua Selatan since 2022
    assert jumlah_anak(["91"]).tolist() == [9]
    # independently: the 2021 desa codes carried to 2025, counted by province prefix
    desa = lama.frame.loc[lama.frame["tingkat"] == "desa", "kode_wilayah"]
    kini = ubah_ke_edisi(desa, "2021")["kode_wilayah"].dropna().drop_duplicates()
    per_prov = kini.str.slice(0, 2).value_counts()
    hitung, _ = hitung_wilayah_berlaku("2021")
    assert hitung.reindex(per_prov.index).tolist() == per_prov.tolist()
    # the current edition's own counts are the master's
    kini_desa, kini_anak = hitung_wilayah_berlaku("2025")
    master = muat_master("2025")
    assert kini_desa.sort_index().equals(master.hitung_jumlah_desa_semua().sort_index())
    anak = master.frame["kode_induk"].value_counts().astype("int64")
    assert kini_anak.sort_index().equals(anak.sort_index())
