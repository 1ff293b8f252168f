"""The compute one province at a time: the same table as the whole country at once, and a
province's values independent of other provinces' data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from schemas.katalog import muat_katalog
from tests.bantu_bagian import PROVINSI, komponen_acak, normalkan
from tests.bantu_benih import benih_cepat
from transforms.hitung.bagian import susun_bagian
from transforms.hitung.indikator import URUTAN_INDIKATOR, hitung_indikator
from transforms.komponen.lonjakan import KOLOM_LONJAKAN, _cari_bagian, cari_lonjakan
from transforms.komponen.ramping import samakan_kategori
from transforms.langkah.per_provinsi import _alat_tahun, hitung_per_tahun, hitung_provinsi
from transforms.wilayah.provinsi import (
    bagi_per_provinsi,
    cari_urutan_provinsi,
    kelompokkan_provinsi,
)


def _sekaligus(komponen: pd.DataFrame) -> pd.DataFrame:
    """The whole table at once, year by year (the compute before it went by province)."""
    katalog = muat_katalog()
    parts = []
    for tahun in sorted(komponen["tahun"].unique()):
        desa, nama, anak = _alat_tahun(int(tahun))
        satu = komponen[komponen["tahun"] == tahun]
        parts.append(hitung_indikator(satu, katalog, desa, nama, "uji", anak))
    semua = pd.concat(samakan_kategori(parts), ignore_index=True)
    semua = semua.sort_values(URUTAN_INDIKATOR, na_position="first", ignore_index=True)
    urut = cari_urutan_provinsi(semua["kode_wilayah"])  # province order, as the files are
    return semua if urut is None else semua.take(urut).reset_index(drop=True)


@pytest.mark.parametrize("benih", benih_cepat(3))
def test_per_provinsi_sama_dengan_sekaligus(benih):
    komponen = komponen_acak(benih)
    per_provinsi = hitung_per_tahun(komponen, muat_katalog(), "uji")
    sekaligus = _sekaligus(komponen)
    assert len(per_provinsi) > 1000
    assert set(per_provinsi["kode_wilayah"].str[:2]) == set(PROVINSI)
    assert {2024, 2025} <= set(per_provinsi["tahun"])
    pd.testing.assert_frame_equal(normalkan(per_provinsi), normalkan(sekaligus))


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
@pytest.mark.parametrize("jendela", [8, 1])
def test_provinsi_dipetakan_sama_dengan_satu_per_satu(tmp_path, monkeypatch, jendela):
    """The per-province-year step as the Dask flow maps it: every call submitted at once,
    arguments and results through pickle (as to and from a worker), results put back in
    order. (Real worker processes: the slow Dask test, ``tests/test_dask.py``.)"""
    import pickle

    import transforms.langkah.per_provinsi as per_provinsi
    from transforms.langkah.simpanan_hitung import SimpananHitung

    monkeypatch.setattr(per_provinsi, "JENDELA", jendela)  # provinces submitted at once
    komponen = komponen_acak(4, ("33", "76"))
    panggilan: list[tuple[str, int]] = []
    peta: list[int] = []

    def petakan(hitung, *daftar):
        assert hitung is hitung_provinsi and len({len(d) for d in daftar}) == 1
        peta.append(len(daftar[0]))
        panggilan.extend(
            (str(s["kode_wilayah"].iloc[0])[:2], int(s["tahun"].iloc[0])) for s in daftar[0]
        )
        kirim = pickle.loads(pickle.dumps((hitung, daftar)))
        hasil = [kirim[0](*args) for args in zip(*kirim[1], strict=True)]
        return pickle.loads(pickle.dumps(hasil))

    simpanan = SimpananHitung(tmp_path / "hitung")
    dipetakan = hitung_per_tahun(
        komponen, muat_katalog(), "uji", simpanan, langkah=(hitung_provinsi, petakan)
    )
    # one call per province-year, provinces in code order, each province's years in order
    assert panggilan == [(p, t) for p in ("33", "76") for t in (2024, 2025)]
    assert peta == ([4] if jendela == 8 else [2, 2])  # one map per window of provinces
    pd.testing.assert_frame_equal(
        normalkan(dipetakan), normalkan(hitung_per_tahun(komponen, muat_katalog(), "uji"))
    )
    # each province-year kept for the next run by the step itself (on Dask: by the worker)
    assert len(list((tmp_path / "hitung").glob("*.parquet"))) == len(panggilan)


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_provinsi_tidak_bergantung_pada_provinsi_lain():
    semua = hitung_per_tahun(komponen_acak(7), muat_katalog(), "uji")
    sendiri = hitung_per_tahun(komponen_acak(7, ("76",)), muat_katalog(), "uji")
    dari_semua = semua[semua["kode_wilayah"].str.startswith("76")].reset_index(drop=True)
    assert len(sendiri) > 300
    pd.testing.assert_frame_equal(normalkan(dari_semua), normalkan(sendiri))


def test_bagi_per_provinsi_membagi_semua_baris():
    kode = pd.Series(["76.01.02.2001", "33", "76", "11.01", "33.06.01.2001", "76.01"] * 3)
    tahun = pd.Series([2025, 2024] * 9)
    bagian = bagi_per_provinsi(kode, tahun)
    assert [sorted({kode[b].str[:2].iloc[0] for b in p}) for p in bagian] == [
        ["11"],
        ["33"],
        ["76"],
    ]
    semua = np.concatenate([b for p in bagian for b in p])
    assert sorted(semua.tolist()) == list(range(len(kode)))
    for per_tahun in bagian:
        th = [int(tahun[b].iloc[0]) for b in per_tahun]
        assert th == sorted(th)
        for b in per_tahun:
            assert (np.diff(b) > 0).all() and (tahun[b] == tahun[b].iloc[0]).all()
    assert [len(p) for p in bagi_per_provinsi(kode)] == [1, 1, 1]
    per = kelompokkan_provinsi(kode.astype("category"))
    assert sorted(per) == ["11", "33", "76"]
    for prov, baris in per.items():
        assert baris.tolist() == np.flatnonzero(kode.str[:2] == prov).tolist()


def test_provinsi_dari_kategori_sama_dengan_dari_teks():
    """Categorical codes are grouped from their category codes: the same groups, in the same
    order, as the text, with a null as a group of its own and unused categories ignored."""
    kode = pd.Series(["76.01", None, "33.06.01.2001", "11", "76", None, "33"], dtype="str")
    kategori = kode.astype(pd.CategoricalDtype(["11", "33", "33.06.01.2001", "76", "76.01", "94"]))
    teks, dari_kategori = kelompokkan_provinsi(kode), kelompokkan_provinsi(kategori)
    assert list(teks) == list(dari_kategori) == ["11", "33", "76", "nan"]
    for prov in teks:
        assert teks[prov].tolist() == dari_kategori[prov].tolist()
    assert dari_kategori["nan"].tolist() == [1, 5]


@pytest.mark.parametrize("benih", range(4))
def test_susun_bagian_menumpuk_bagian_berurutan(benih):
    """Parts one after another (no sort), categories a union, the parts' columns let go one
    column at a time."""
    acak = np.random.default_rng(benih)
    parts = []
    for prov in ("11", "33", "76"):
        n = int(acak.integers(0, 60))
        part = pd.DataFrame(
            {
                "kode_indikator": pd.Categorical(acak.choice(["b", "a", "c"], n)),
                "kode_wilayah": [f"{prov}.{i:02d}" for i in acak.integers(0, 9, n)],
                "bulan": pd.array(acak.choice([1, 2, None], n), dtype="Int64"),
                "nilai": acak.random(n),
                "nama": pd.Categorical(acak.choice([prov, "x"], n)),
            }
        )
        parts.append(part.sort_values(["kode_indikator", "kode_wilayah"], kind="stable"))
    panggil = []
    hasil = susun_bagian(iter(parts), lambda: panggil.append(1))
    harap = pd.concat(samakan_kategori(parts), ignore_index=True)
    pd.testing.assert_frame_equal(hasil, harap)
    assert hasil["kode_wilayah"].tolist() == [k for p in parts for k in p["kode_wilayah"]]
    assert isinstance(hasil["nama"].dtype, pd.CategoricalDtype)
    assert len(panggil) == (len(harap.columns) if len(harap) else 0)  # once per column


def test_lonjakan_per_provinsi_sama_dengan_sekaligus():
    komponen = komponen_acak(3)
    lompat = komponen["komponen"].eq("pus") & komponen["bulan"].ge(10) & komponen["tahun"].eq(2025)
    komponen = komponen.assign(nilai=komponen["nilai"].where(~lompat, 5000.0))
    hasil = cari_lonjakan(komponen, lambda kode: kode)
    sekaligus = _cari_bagian(komponen)
    harap = pd.concat([sekaligus[a] for a in ("lonjakan_bulanan", "di_luar_riwayat")])
    harap = harap.reset_index(drop=True).assign(nama_wilayah=lambda f: f["kode_wilayah"])
    assert set(hasil["aturan"]) == {"lonjakan_bulanan", "di_luar_riwayat"}
    assert set(hasil["kode_wilayah"].str[:2]) == set(PROVINSI)
    pd.testing.assert_frame_equal(hasil, harap.reindex(columns=KOLOM_LONJAKAN))


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_komponen_kategori_sama_dengan_teks():
    """The run holds region, component and source as categories: the same indicators as
    from text columns; region codes out as a category of their texts (names and levels are
    made per code), the same whether they came in as text or as categories."""
    from transforms.komponen.ramping import KOLOM_KATEGORI_KOMPONEN, buat_ramping

    teks = komponen_acak(11)
    kategori = buat_ramping(teks, KOLOM_KATEGORI_KOMPONEN)
    assert kategori["kode_wilayah"].dtype == "category" and kategori["sumber"].dtype == "category"
    dari_kategori = hitung_per_tahun(kategori, muat_katalog(), "uji")
    dari_teks = hitung_per_tahun(teks, muat_katalog(), "uji")
    for hasil in (dari_kategori, dari_teks):
        kode = hasil["kode_wilayah"]
        assert kode.dtype == "category" and str(kode.cat.categories.dtype) == "str"
        assert kode.cat.categories.is_monotonic_increasing  # sorting codes sorts the texts
    assert len(dari_teks) > 1000
    pd.testing.assert_frame_equal(normalkan(dari_kategori), normalkan(dari_teks))
    lonjakan = cari_lonjakan(kategori, lambda kode: kode.astype("str"))
    pd.testing.assert_frame_equal(
        normalkan(lonjakan), normalkan(cari_lonjakan(teks, lambda kode: kode.astype("str")))
    )
