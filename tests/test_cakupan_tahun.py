"""``indikator cakupan`` counts one year at a time: never regions of several years in one count."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from schemas.katalog import muat_katalog
from transforms.hitung.cakupan import cari_wilayah_harus, hitung_cakupan
from transforms.keluar.cakupan import buat_teks_lengkap, hitung_cakupan_keluaran, pisah_per_tahun
from transforms.wilayah.master import muat_master

SCOPE = "33.06"  # Purworejo: 494 desa, 16 kecamatan


@pytest.fixture(scope="module")
def master():
    return muat_master("2022")


@pytest.fixture(scope="module")
def katalog():
    """The catalog with two indicators (spm.02, spm.03): the count is per indicator anyway."""
    full = muat_katalog()
    pilih = {k: full.indikator[k] for k in ("spm.02", "spm.03")}
    return dataclasses.replace(full, indikator=pilih)


def _spm02(master, tahun: int) -> pd.DataFrame:
    """spm.02 annual rows for every region of Purworejo at every depth level, one year."""
    katalog = muat_katalog()
    harus = cari_wilayah_harus(master, [SCOPE], katalog.indikator["spm.02"].kedalaman)
    return harus.assign(
        kode_indikator="spm.02", tahun=tahun, bulan=pd.NA, semester=pd.NA, nilai=50.0
    )


def test_summary_rows_count_one_year_each(master, katalog):
    # complete in 2025, nothing in 2024: the old summary said "494/988 desa, not complete"
    data = _spm02(master, 2025)
    ringkas, rinci = hitung_cakupan(data, katalog, master, [SCOPE], [2024, 2025], {})
    spm02 = ringkas[ringkas["kode_indikator"] == "spm.02"].set_index("tahun")
    assert list(spm02.index) == [2024, 2025]
    assert spm02.loc[2025, "desa"] == "494/494" and spm02.loc[2025, "kecamatan"] == "16/16"
    assert bool(spm02.loc[2025, "lengkap"]) is True
    assert spm02.loc[2024, "desa"] == "0/494" and bool(spm02.loc[2024, "lengkap"]) is False
    n_ind = 2
    assert len(ringkas) == 2 * n_ind  # one row per indicator and year
    sentences = [buat_teks_lengkap(part) for _, part in pisah_per_tahun(ringkas)]
    assert sentences[1] == f"1 dari {n_ind} indikator lengkap untuk semua wilayah pada tahun 2025."
    assert sentences[0].startswith(f"0 dari {n_ind} ") and "2024" in sentences[0]
    with pytest.raises(ValueError):
        buat_teks_lengkap(ringkas)  # a count over two years is refused
    assert (
        len(rinci[(rinci["kode_indikator"] == "spm.02") & rinci["ada_nilai"]]) == 494 + 16 + 1 + 1
    )


def test_published_output_defaults_to_latest_year(master, katalog, tmp_path, monkeypatch):
    monkeypatch.setattr("transforms.keluar.cakupan.muat_katalog", lambda: katalog)
    # 2024: only 3 desa rows (the first of the table)
    data = pd.concat([_spm02(master, 2024).head(3), _spm02(master, 2025)], ignore_index=True)
    data = data.assign(tingkat=data["tingkat"].astype(str))
    folder = tmp_path / "indikator"
    folder.mkdir()
    data.astype({"bulan": "Int64", "semester": "Int64"}).to_parquet(folder / "part-0.parquet")
    hasil = hitung_cakupan_keluaran(tmp_path, [SCOPE])
    assert hasil.tahun == [2025] and hasil.tahun_lain == [2024]
    assert set(hasil.ringkas["tahun"]) == {2025}
    spm02 = hasil.ringkas.set_index("kode_indikator").loc["spm.02"]
    assert spm02["desa"] == "494/494" and bool(spm02["lengkap"]) is True
    semua = hitung_cakupan_keluaran(tmp_path, [SCOPE], semua=True)
    per_tahun = semua.ringkas[semua.ringkas["kode_indikator"] == "spm.02"].set_index("tahun")
    assert per_tahun.loc[2024, "desa"] == "3/494" and per_tahun.loc[2024, "kabupaten"] == "0/1"
    assert per_tahun.loc[2025, "desa"] == "494/494"
