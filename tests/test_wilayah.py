"""Region codes and names (transforms.wilayah.kode, transforms.wilayah.nama)."""

from __future__ import annotations

import pandas as pd
import pytest

from transforms.wilayah import kode
from transforms.wilayah.kode import TINGKAT, cari_tingkat, kode_induk, normalkan_kode
from transforms.wilayah.nama import normalkan_nama


@pytest.mark.parametrize(
    ("nilai", "harapan"),
    [
        ("76.03.01.2001", "76.03.01.2001"),
        ("7603012001", "76.03.01.2001"),
        (" 76.03.01.2001 ", "76.03.01.2001"),
        ("76 03 01 2001", "76.03.01.2001"),
        (7603012001, "76.03.01.2001"),
        (7603012001.0, "76.03.01.2001"),
        (7603, "76.03"),
        (7603.0, "76.03"),
        ("7603.0", "76.03"),
        ("76 03", "76.03"),
        ("76", "76"),
        (76, "76"),
        ("760301", "76.03.01"),
        ("76.3", "76.03"),  # text with a lost leading zero
        ("76.3.1.2001", "76.03.01.2001"),
        (11.1, "11.10"),  # a float drops the trailing zero of 11.10
        ("76.03.01.2001.0", None),
        ("760", None),
        ("76030120011", None),
        ("7.03", None),
        ("76.03.01.201", None),
        ("00", None),
        ("76.00", None),
        ("abc", None),
        ("", None),
        ("   ", None),
        (None, None),
        (float("nan"), None),
        (pd.NA, None),
        (-7603, None),
        (True, None),
    ],
)
def test_normalize_kode(nilai, harapan):
    assert normalkan_kode(nilai) == harapan


def test_tingkat_and_parent():
    assert [cari_tingkat(k) for k in ("76", "7603", "76.03.01", 7603011001)] == list(TINGKAT)
    assert kode_induk("7603011001") == "76.03.01"
    assert kode_induk("76.03") == "76"
    assert kode_induk(76) is None
    with pytest.raises(ValueError, match="tidak valid"):
        cari_tingkat("abc")


def test_code_layout_derives_from_panjang_kode():
    """The code layout is stated once (PANJANG_KODE); the rest is derived from it."""
    assert kode.PANJANG_KODE == {"provinsi": 2, "kabupaten": 5, "kecamatan": 8, "desa": 13}
    assert TINGKAT == ("provinsi", "kabupaten", "kecamatan", "desa")
    assert kode._LEBAR_SEGMEN == (2, 2, 2, 4)
    assert kode.PANJANG_DIGIT == {"provinsi": 2, "kabupaten": 4, "kecamatan": 6, "desa": 10}
    assert kode.TINGKAT_DIGIT == {2: "provinsi", 4: "kabupaten", 6: "kecamatan", 10: "desa"}
    assert kode._PANJANG_DIGIT == {2: 1, 4: 2, 6: 3, 10: 4}
    assert kode.LEBAR_SUFFIX_DESA == 4
    assert kode._RE_KODE_MASTER.pattern == r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?"
    for contoh in ("76", "76.03", "76.03.01", "76.03.01.2001"):
        assert len(contoh) == kode.PANJANG_KODE[cari_tingkat(contoh)]
        assert kode._RE_KODE_MASTER.fullmatch(contoh)
    assert [kode._adalah_kota(k) for k in ("32.71", "32.01", "32.71.01.1001")] == [
        True,
        False,
        True,
    ]


@pytest.mark.parametrize(
    ("nama", "tingkat", "harapan"),
    [
        ("KAB. PURWOREJO", "kabupaten", "PURWOREJO"),
        ("Kabupaten  Purworejo", "kabupaten", "PURWOREJO"),
        ("KOTA ADM. JAKARTA PUSAT", "kabupaten", "JAKARTA PUSAT"),
        ("Kota Administrasi Jakarta Pusat", "kabupaten", "JAKARTA PUSAT"),
        ("KAB. ADM. KEP. SERIBU", "kabupaten", "KEPULAUAN SERIBU"),
        ("KAB. TOLI TOLI", "kabupaten", "TOLI TOLI"),
        ("Kabupaten Toli-Toli", "kabupaten", "TOLI TOLI"),
        ("Kota Kotamobagu", "kabupaten", "KOTAMOBAGU"),
        ("PROVINSI SULAWESI BARAT", "provinsi", "SULAWESI BARAT"),
        ("DKI JAKARTA", "provinsi", "DAERAH KHUSUS IBUKOTA JAKARTA"),
        ("KEP. BALA BALAKANG", "kecamatan", "KEPULAUAN BALA BALAKANG"),
        ("BA'BA TAPUA", "desa", "BABA TAPUA"),
        ("LIMBORO RAMBU-\nRAMBU", "desa", "LIMBORO RAMBU RAMBU"),
        ("Kota Baru", "desa", "KOTA BARU"),
        ("Kota Baru", None, "KOTA BARU"),
    ],
)
def test_normalize_nama(nama, tingkat, harapan):
    assert normalkan_nama(nama, tingkat) == harapan
