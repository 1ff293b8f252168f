"""Editions over time: the dated crosswalk catalog/wilayah/perubahan_kode.csv
(transforms.wilayah.perubahan, built by scripts/perubahan_kode.py) and code carrying.
"""

from __future__ import annotations

import pandas as pd
import pytest

from scripts.perubahan_kode import bandingkan_edisi
from transforms.wilayah.master import muat_master
from transforms.wilayah.perubahan import KOLOM_PERUBAHAN, muat_perubahan_kode, ubah_ke_edisi


def test_perubahan_kode_file():
    tabel = muat_perubahan_kode()
    assert tuple(tabel.columns) == KOLOM_PERUBAHAN
    merauke = tabel.set_index("kode_lama").loc["91.01"]
    assert merauke["kode_baru"] == "93.01"
    assert (merauke["edisi_lama"], merauke["edisi_baru"]) == ("2021", "2022")
    assert merauke["berlaku_dari"] == "2022-07-25"
    assert merauke["dasar_hukum"].startswith("UU No. 14 Tahun 2022")
    for (lama, baru), langkah in tabel.groupby(["edisi_lama", "edisi_baru"]):
        assert langkah["kode_lama"].is_unique and langkah["kode_baru"].is_unique  # one to one
        assert langkah["kode_lama"].map(lambda k, e=lama: k in muat_master(e)).all()
        assert langkah["kode_baru"].map(lambda k, e=baru: k in muat_master(e)).all()
    per_tingkat = tabel.groupby(["edisi_lama", "tingkat"]).size().to_dict()
    assert per_tingkat[("2021", "kabupaten")] == 20  # Papua Selatan, Tengah, Pegunungan
    assert per_tingkat[("2022", "kabupaten")] == 6  # Papua Barat Daya
    assert ("2021", "provinsi") not in per_tingkat


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_perubahan_kode_is_current():
    tabel = muat_perubahan_kode()
    for lama, baru in (("2021", "2022"), ("2022", "2025")):
        dibuat = bandingkan_edisi(muat_master(lama), muat_master(baru))
        tersimpan = tabel[(tabel["edisi_lama"] == lama)].reset_index(drop=True)
        pd.testing.assert_frame_equal(dibuat, tersimpan)


def test_ke_edisi_merauke_and_sorong():
    kode = pd.Series(
        ["91.01", "9101", "91.01.01", "91.01.01.2001", "76.01", "92.01", "91.13.44", "xx", None],
        index=list("abcdefghi"),
    )
    asli = kode.copy()
    hasil = ubah_ke_edisi(kode, "2021")
    pd.testing.assert_series_equal(kode, asli)
    assert hasil.index.equals(kode.index)
    assert list(hasil.columns) == ["kode_wilayah", "diubah"]
    assert hasil["kode_wilayah"].tolist()[:6] == [
        "93.01",
        "93.01",
        "93.01.01",
        "93.01.01.2001",
        "76.01",  # unchanged
        "96.01",  # Sorong: 92.01 in 2021 and 2022, Papua Barat Daya in 2025
    ]
    assert hasil["diubah"].tolist() == [True, True, True, True, False, True, False, False, False]
    assert hasil["kode_wilayah"].iloc[6:].isna().all()  # Seredela: no successor; junk; blank
    assert muat_master("2021").get("91.01.01.2001")["nama_wilayah"] == "Nasem"
    assert muat_master("2025").get("93.01.01.2001")["nama_wilayah"] == "Nasem"
    assert ubah_ke_edisi(pd.Series(["92.01"]), "2021", "2022")["kode_wilayah"].tolist() == ["92.01"]
    mundur = ubah_ke_edisi(pd.Series(["93.01.01.2001", "96.01", "76.01"]), "2025", "2021")
    assert mundur["kode_wilayah"].tolist() == ["91.01.01.2001", "92.01", "76.01"]
    with pytest.raises(ValueError, match="tidak dikenal"):
        ubah_ke_edisi(kode, "1999")
