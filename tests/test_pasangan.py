"""An indicator's numerator and denominator are summed over the same region-periods: a desa
whose PUS row is missing (quarantined, or its cell left empty) while its PA came from
another file adds neither to the kecamatan, kabupaten and province above it; the counts of
desa say so. Where every component covers the same region-periods nothing changes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from schemas.katalog import muat_katalog
from tests.bantu_benih import benih_cepat
from transforms.hitung.indikator import hitung_indikator

KATALOG = muat_katalog()
DESA = [f"33.06.0{k}.200{d}" for k in (1, 2) for d in (1, 2, 3)]  # 2 kecamatan × 3 desa
LAIN = [f"76.01.0{k}.200{d}" for k in (1, 2) for d in (1, 2)]  # another province


def _komponen(rows: list[tuple[str, int, str, float, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["kode_wilayah", "bulan", "komponen", "nilai", "sumber"])
    n = len(frame)
    return frame.assign(
        tahun=2025,
        bulan=frame["bulan"].astype("Int64"),
        semester=pd.array([pd.NA] * n, dtype="Int64"),
        nilai=frame["nilai"].astype("float64"),
        berkas="uji.csv",
        sha256="0" * 64,
        baris=range(2, n + 2),
    )


def _hitung(komponen: pd.DataFrame) -> pd.DataFrame:
    def jumlah_desa(kode) -> pd.Series:
        kode = pd.Index(kode)
        semua = DESA + LAIN
        return pd.Series([float(sum(d.startswith(k) for d in semua)) for k in kode], index=kode)

    hasil = hitung_indikator(
        komponen, KATALOG, jumlah_desa, lambda kode: kode.astype(str), "uji", jumlah_desa
    )
    return hasil.astype({"kode_wilayah": str, "kode_indikator": str})


def _baris(pa: dict[str, float], pus: dict[str, float], bulan: int = 1) -> list[tuple]:
    return [(d, bulan, "peserta_kb_aktif", v, "siga.mix_kontra") for d, v in pa.items()] + [
        (d, bulan, "pus", v, "siga.pus") for d, v in pus.items()
    ]


def _spm02(hasil: pd.DataFrame, kode: str, bulan: int = 1) -> pd.Series:
    pilih = (hasil["kode_indikator"] == "spm.02") & (hasil["kode_wilayah"] == kode)
    baris = hasil[pilih & (hasil["bulan"] == bulan)]
    assert len(baris) == 1, baris
    return baris.iloc[0]


def test_a_desa_without_its_denominator_adds_to_no_level_above_it():
    pa = {d: 60.0 + i for i, d in enumerate(DESA)}
    pus = {d: 100.0 + 10 * i for i, d in enumerate(DESA) if i != 1}  # desa 2's PUS missing
    hasil = _hitung(_komponen(_baris(pa, pus)))
    ada = [d for i, d in enumerate(DESA) if i != 1]
    for kode in ("33.06.01", "33.06", "33"):
        baris = _spm02(hasil, kode)
        bawah = [d for d in ada if d.startswith(kode)]
        assert baris["pembilang"] == sum(pa[d] for d in bawah)  # not the lone PA of desa 2
        assert baris["penyebut"] == sum(pus[d] for d in bawah)
        assert baris["nilai"] == pytest.approx(100 * baris["pembilang"] / baris["penyebut"])
        assert baris["jumlah_desa_lapor"] == len(bawah)
        assert baris["jumlah_desa_seharusnya"] == sum(d.startswith(kode) for d in DESA)
    assert not ((hasil["kode_indikator"] == "spm.02") & (hasil["kode_wilayah"] == DESA[1])).any()
    # an indicator of one component keeps every desa that reported it
    aktif = hasil[
        (hasil["kode_indikator"] == "siga.peserta_kb_aktif") & (hasil["kode_wilayah"] == "33")
    ]
    assert aktif.loc[aktif["bulan"] == 1, "pembilang"].tolist() == [sum(pa.values())]


def test_pairing_is_per_month():
    pa = {d: 50.0 for d in DESA}
    pus = {d: 80.0 for d in DESA}
    rows = _baris(pa, pus, 1) + _baris(pa, {d: v for d, v in pus.items() if d != DESA[0]}, 2)
    hasil = _hitung(_komponen(rows))
    assert (
        _spm02(hasil, "33", 1)["penyebut"] == 6 * 80 and _spm02(hasil, "33", 1)["pembilang"] == 300
    )
    assert (
        _spm02(hasil, "33", 2)["penyebut"] == 5 * 80 and _spm02(hasil, "33", 2)["pembilang"] == 250
    )
    tahunan = hasil[(hasil["kode_indikator"] == "spm.02") & (hasil["kode_wilayah"] == "33")]
    tahunan = tahunan[tahunan["bulan"].isna()].iloc[0]  # a stock: the last month's, paired
    assert (tahunan["pembilang"], tahunan["penyebut"], tahunan["bulan_acuan"]) == (250, 400, 2)


@pytest.mark.parametrize("benih", benih_cepat(5))
def test_same_coverage_gives_what_the_shared_rollup_gives(benih, monkeypatch):
    acak = np.random.default_rng(benih)
    pa = {d: float(acak.integers(10, 90)) for d in DESA}
    pus = {d: float(acak.integers(100, 200)) for d in DESA}
    komponen = _komponen(_baris(pa, pus, 1) + _baris(pa, pus, 2))
    hasil = _hitung(komponen)
    import transforms.hitung.indikator as modul

    monkeypatch.setattr(modul, "baris_berpasangan", lambda *a: None)  # the shared roll-up only
    pd.testing.assert_frame_equal(hasil, _hitung(komponen))
    rows = hasil[(hasil["kode_indikator"] == "spm.02") & (hasil["kode_wilayah"] == "33")]
    assert rows.loc[rows["bulan"] == 1, "pembilang"].tolist() == [sum(pa.values())]


def test_components_at_different_levels_are_not_paired():
    """PUS recapped per kecamatan beside PA per desa: they meet at the kecamatan and above,
    as the roll-up always did (pairing desa keys with kecamatan keys would leave nothing)."""
    pa = {d: 40.0 for d in DESA}
    rekap = [("33.06.01", 1, "pus", 300.0, "dinas"), ("33.06.02", 1, "pus", 200.0, "dinas")]
    rows = [*_baris(pa, {}), *rekap]
    hasil = _hitung(_komponen(rows))
    for kode, pembilang, penyebut in (
        ("33.06.01", 120, 300),
        ("33.06", 240, 500),
        ("33", 240, 500),
    ):
        baris = _spm02(hasil, kode)
        assert (baris["pembilang"], baris["penyebut"]) == (pembilang, penyebut)


def test_a_province_is_paired_or_not_whatever_is_computed_with_it():
    """Provinces computed together (a block of a run) give each what it gives alone: one
    with a missing PUS is paired, one with a kecamatan recap is not, side by side."""
    pa = {d: 60.0 for d in DESA}
    pus = {d: 100.0 for d in DESA[1:]}
    lain = [(d, 1, "peserta_kb_aktif", 30.0, "siga.mix_kontra") for d in LAIN]
    lain += [("76.01.01", 1, "pus", 90.0, "dinas"), ("76.01.02", 1, "pus", 80.0, "dinas")]
    satu, dua = _komponen(_baris(pa, pus)), _komponen(lain)
    bersama = _hitung(pd.concat([satu, dua], ignore_index=True))
    for sendiri, awal in ((_hitung(satu), "33"), (_hitung(dua), "76")):
        dari = bersama[bersama["kode_wilayah"].str.startswith(awal)].reset_index(drop=True)
        pd.testing.assert_frame_equal(dari, sendiri.reset_index(drop=True), check_categorical=False)
    assert (_spm02(bersama, "33")["pembilang"], _spm02(bersama, "33")["penyebut"]) == (300, 500)
    assert (_spm02(bersama, "76")["pembilang"], _spm02(bersama, "76")["penyebut"]) == (120, 170)
