"""The kept region matches: a second file with the same name combinations is not matched again,
and gets exactly what a fresh match gives; anything the match depends on changes the key."""

from __future__ import annotations

import pandas as pd
import pytest

from transforms.wilayah.cocok import cocokkan_wilayah
from transforms.wilayah.ingat_cocok import MAKS_INGAT, lupakan_cocok
from transforms.wilayah.master import muat_master

KOLOM = {"provinsi": "prov", "kabupaten": "kab", "kecamatan": "kec", "desa": "desa"}


def _desa_majene() -> pd.DataFrame:
    """Every desa of Kabupaten Majene (76.05) written as SIGA writes it, plus one misspelled
    desa and one unknown desa (they take the staged matcher)."""
    frame = muat_master("2025").frame
    nama = frame.set_index("kode_wilayah")["nama_wilayah"]
    desa = frame[frame["kode_wilayah"].str.startswith("76.05.") & (frame["tingkat"] == "desa")]
    tabel = pd.DataFrame(
        {
            "prov": "SULAWESI BARAT",
            "kab": "MAJENE",
            "kec": desa["kode_wilayah"].str.slice(0, 8).map(nama).str.upper().to_numpy(),
            "desa": desa["nama_wilayah"].str.upper().to_numpy(),
        }
    )
    extra = tabel.iloc[[0, 1]].copy()
    extra["desa"] = [extra["desa"].iloc[0] + "X", "DESA YANG TIDAK ADA"]
    return pd.concat([tabel, extra], ignore_index=True)


def test_kombinasi_sama_dicocokkan_sekali_dan_hasilnya_sama(hitungan):
    tabel = _desa_majene()
    pertama = cocokkan_wilayah(tabel, KOLOM, edisi="2025", nama_kabupaten="siga")
    # another file of the same month: other row order, repeated rows, another index
    lain = pd.concat([tabel.iloc[::-1], tabel.iloc[:5]]).reset_index(drop=True)
    kedua = cocokkan_wilayah(lain, KOLOM, edisi="2025", nama_kabupaten="siga")
    ketiga = cocokkan_wilayah(tabel, KOLOM, edisi="2025", nama_kabupaten="siga")
    assert hitungan["kali"] == 2  # the reordered file has other combinations in another order
    pd.testing.assert_frame_equal(pertama, ketiga)
    lupakan_cocok()
    segar = cocokkan_wilayah(lain, KOLOM, edisi="2025", nama_kabupaten="siga")
    pd.testing.assert_frame_equal(kedua, segar)
    assert (pertama["status"].iloc[:-2] == "cocok").all()
    assert pertama["kode_wilayah"].iloc[:-2].str.len().eq(13).all()
    assert pertama["status"].iloc[-1] == "tidak_cocok"  # the unknown desa: kecamatan only
    assert pertama["kode_wilayah"].iloc[-1] == "76.05.01"


@pytest.mark.parametrize(
    "ubah",
    [
        {"edisi": "2022"},
        {"scope": "76.05"},
        {"nama_kabupaten": None},
        {"cepat": False},
    ],
)
def test_yang_menentukan_cocok_mengubah_kunci(hitungan, ubah):
    tabel = _desa_majene()
    dasar = {"edisi": "2025", "nama_kabupaten": "siga"}
    cocokkan_wilayah(tabel, KOLOM, **dasar)
    cocokkan_wilayah(tabel, KOLOM, **{**dasar, **ubah})
    assert hitungan["kali"] == 2


def test_tabel_alias_sendiri_tidak_disimpan(hitungan):
    tabel = _desa_majene()
    kosong = pd.DataFrame(columns=["tingkat", "kode_induk", "nama", "kode_wilayah", "alasan"])
    for _ in range(2):
        cocokkan_wilayah(tabel, KOLOM, edisi="2025", alias=kosong)
    assert hitungan["kali"] == 2


def test_hanya_beberapa_disimpan_dan_yang_lama_dihitung_lagi(hitungan):
    tabel = _desa_majene()
    potongan = [tabel.iloc[i * 10 : i * 10 + 10] for i in range(MAKS_INGAT + 1)]
    for p in potongan:
        cocokkan_wilayah(p, KOLOM, edisi="2025")
    cocokkan_wilayah(potongan[-1], KOLOM, edisi="2025")  # kept
    assert hitungan["kali"] == MAKS_INGAT + 1
    cocokkan_wilayah(potongan[0], KOLOM, edisi="2025")  # the oldest was dropped
    assert hitungan["kali"] == MAKS_INGAT + 2


def test_tabel_yang_sama_dicocokkan_sekali_seluruhnya(hitungan, monkeypatch):
    """Ingest matches a file for its coverage, then for its components: the second match of
    equal region columns takes nothing again (no cleaning, grouping or spreading per row), comes
    with the caller's index, and is the caller's own copy; one changed name matches again."""
    from transforms.wilayah import cocok

    tabel = _desa_majene()
    asli, n = cocok._cocokkan_tabel, {"kali": 0}

    def dihitung(*args, **kwargs):
        n["kali"] += 1
        return asli(*args, **kwargs)

    monkeypatch.setattr(cocok, "_cocokkan_tabel", dihitung)
    pertama = cocokkan_wilayah(tabel, KOLOM, edisi="2025", nama_kabupaten="siga")
    pertama.loc[0, "kode_wilayah"] = "diubah pemanggil"
    lain = tabel.assign(angka=1).set_axis(tabel.index + 100)  # other columns, other index
    kedua = cocokkan_wilayah(lain, KOLOM, edisi="2025", nama_kabupaten="siga")
    assert n["kali"] == 1 and hitungan["kali"] == 1
    assert list(kedua.index) == list(lain.index)
    assert kedua["kode_wilayah"].iloc[0] != "diubah pemanggil"
    lupakan_cocok()
    segar = cocokkan_wilayah(tabel, KOLOM, edisi="2025", nama_kabupaten="siga")
    pd.testing.assert_frame_equal(kedua.set_axis(tabel.index), segar)
    ubah = tabel.copy()
    ubah.loc[3, "desa"] = "DESA LAIN SAMA SEKALI"
    beda = cocokkan_wilayah(ubah, KOLOM, edisi="2025", nama_kabupaten="siga")
    assert n["kali"] == 3
    assert beda.loc[3, "status"] == "tidak_cocok"


def test_ingatan_aman_dari_beberapa_thread():
    """Dask may run several files of one process in threads: tables matched at once from 6
    threads, more of them than are kept (so entries are dropped meanwhile), each get exactly
    their own fresh match and nothing raises."""
    from concurrent.futures import ThreadPoolExecutor

    tabel = _desa_majene()
    potongan = [tabel.iloc[i * 40 : i * 40 + 40].reset_index(drop=True) for i in range(4)]
    lupakan_cocok()
    harapan = [cocokkan_wilayah(p, KOLOM, edisi="2025") for p in potongan]

    def cocokkan(i: int) -> bool:
        hasil = cocokkan_wilayah(potongan[i % 4], KOLOM, edisi="2025")
        return hasil.equals(harapan[i % 4])

    with ThreadPoolExecutor(max_workers=6) as kolam:
        assert all(kolam.map(cocokkan, range(120)))
    lupakan_cocok()
