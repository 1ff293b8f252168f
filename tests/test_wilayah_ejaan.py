"""Desa names as senders write them where the 2025 master differs: old spellings, the
"Desa Adat" label, and a name that disagrees with the file's desa code.

Found by an independent national generator (not the project's): 11 desa written in the old
spelling (SOEKAMAJOE for Sukamaju, LURAM for Loeram) and 12 of Kabupaten Jayapura's desa adat
written without "Desa Adat" were quarantined in names-only SIGA files, so their kabupaten and
province sums came out short.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from transforms.wilayah.cocok import cocokkan_wilayah
from transforms.wilayah.master import muat_master
from transforms.wilayah.nama import EJAAN_LAMA, _ejaan_kini, _kunci_longgar, normalkan_nama
from transforms.wilayah.pencocok import _jenis_varian

KOLOM = {"provinsi": "prov", "kabupaten": "kab", "kecamatan": "kec", "desa": "desa"}
KE_LAMA = tuple((kini, lama) for lama, kini in EJAAN_LAMA)
"""The current spelling → the old one, as a sender might write it."""


def _desa(pilih: pd.Series | None = None) -> pd.DataFrame:
    """Desa of the 2025 master with their province, kabupaten and kecamatan names (SIGA
    style: upper case, bare kabupaten name)."""
    frame = muat_master("2025").frame
    nama = frame.set_index("kode_wilayah")["nama_wilayah"]
    desa = frame[frame["tingkat"] == "desa"]
    desa = desa[pilih.reindex(desa.index, fill_value=False)] if pilih is not None else desa
    kab = desa["kode_kabupaten"].map(nama).str.replace(r"^Kabupaten ", "", regex=True)
    return pd.DataFrame(
        {
            "prov": desa["kode_provinsi"].map(nama).str.upper().to_numpy(),
            "kab": kab.str.upper().to_numpy(),
            "kec": desa["kode_kecamatan"].map(nama).str.upper().to_numpy(),
            "desa": desa["nama_wilayah"].str.upper().to_numpy(),
            "kode": desa["kode_wilayah"].to_numpy(),
            "induk": desa["kode_kecamatan"].to_numpy(),
        }
    )


def _ke_lama(nama: str) -> str:
    for kini, lama in KE_LAMA:
        nama = nama.replace(kini, lama)
    return nama


@pytest.mark.parametrize(
    ("ditulis", "master"),
    [
        ("SOEKAMAJOE", "Sukamaju"),
        ("LURAM", "Loeram"),
        ("TALOEN KOELON", "Talun Kulon"),
        ("TJIBADAK", "Cibadak"),
        ("DJATIMULJA", "Jatimulja"),
        ("SJAMSUDIN", "Syamsudin"),
        ("ACHIR", "Akhir"),
    ],
)
def test_old_and_current_spelling_share_the_loose_key(ditulis, master):
    assert _longgar(ditulis) == _longgar(master)


def _longgar(nama: str) -> str:
    return _kunci_longgar(normalkan_nama(nama, "desa"))


@pytest.mark.parametrize(
    ("ditulis", "master"),
    [
        ("KRAMAT JATI", "Kramatjati"),  # a space between T and J: still only a space
        ("BUKITJAYA", "Bukit Jaya"),
        ("LUT JAYA", "Lutjaya"),
        ("COT JAMBO", "Cotjambo"),
    ],
)
def test_a_space_inside_a_digraph_changes_nothing(ditulis, master):
    assert _longgar(ditulis) == _longgar(master)
    assert _jenis_varian(normalkan_nama(ditulis, "desa"), normalkan_nama(master, "desa")) == (
        "hanya beda spasi"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [("BANJAR", "BANYAR"), ("SUKAMAJU", "SUKAMAYU"), ("CIBADAK", "SIBADAK"), ("KOTA", "KUTA")],
)
def test_what_the_spelling_fold_leaves_apart(a, b):
    """Letters current names hold in both roles are not folded (NJ/NY, J/Y), nor other
    vowels or consonants."""
    assert _longgar(a) != _longgar(b)


def test_a_current_name_is_its_own_current_spelling():
    assert _ejaan_kini("SUKAMAJU") == "SUKAMAJU"
    assert _ejaan_kini("SOEKAMADJOE") == "SUKAMAJU"


@pytest.mark.parametrize(
    ("ditulis", "master", "jenis"),
    [
        ("SOEKAMAJOE", "SUKAMAJU", "ejaan lama/baru (OE = U, DJ = J, TJ = C, SJ = SY, CH = KH)"),
        ("OESSAO", "OESAO", "varian ejaan huruf ganda/kata ulang"),  # OE in both: not the cause
        ("MESJID TUHHA", "MESJID TUHA", "varian ejaan huruf ganda/kata ulang"),
        (
            "TALOEN  KOELON",
            "TALUN KULON",
            "ejaan lama/baru (OE = U, DJ = J, TJ = C, SJ = SY, CH = KH)",
        ),
    ],
)
def test_the_note_names_the_difference(ditulis, master, jenis):
    assert _jenis_varian(normalkan_nama(ditulis, "desa"), master) == jenis


def test_desa_adat_label_is_a_type_word():
    assert normalkan_nama("Desa Adat Yoboi", "desa") == "YOBOI"
    assert normalkan_nama("DESA ADAT YOBOI", "desa") == normalkan_nama("YOBOI", "desa")


@pytest.mark.parametrize("cepat", [True, False])
def test_every_desa_adat_without_its_label_matches_itself(cepat):
    frame = muat_master("2025").frame
    adat = frame["nama_wilayah"].str.startswith("Desa Adat ") & (frame["tingkat"] == "desa")
    assert adat.sum() == 14  # SOURCE.md of wilayah-cahyadsn: 14 desa adat in 2430/2025
    df = _desa(adat)
    df["desa"] = df["desa"].str.replace(r"^DESA ADAT ", "", regex=True)
    hasil = cocokkan_wilayah(df, KOLOM, nama_kabupaten="siga", cepat=cepat)
    assert hasil["kode_wilayah"].tolist() == df["kode"].tolist()
    assert (hasil["status"] == "cocok").all()


@pytest.mark.parametrize("cepat", [True, False])
def test_every_desa_of_two_kabupaten_in_old_spelling_matches_itself(cepat):
    """Every desa of Cianjur (32.03) and Jombang (35.17) written in the old spelling: a name
    whose loose key is its own within its kecamatan gets its code (a "mirip" match saying
    why); one sharing its key with another desa there is never given another desa's code."""
    frame = muat_master("2025").frame
    asli = _desa(frame["kode_wilayah"].str.match(r"^(?:32\.03|35\.17)\.\d\d\.\d{4}$"))
    df = asli.assign(desa=asli["desa"].map(_ke_lama))
    berubah = (df["desa"] != asli["desa"]).to_numpy()
    assert berubah.sum() > 400  # most names hold one of the letters
    kunci = asli["desa"].map(lambda n: _kunci_longgar(normalkan_nama(n, "desa")))
    sendiri = ~pd.DataFrame({"induk": asli["induk"], "kunci": kunci}).duplicated(keep=False)
    sendiri = sendiri.to_numpy()
    hasil = cocokkan_wilayah(df, KOLOM, nama_kabupaten="siga", cepat=cepat)
    benar = hasil["kode_wilayah"].to_numpy() == df["kode"].to_numpy()
    assert benar[sendiri].all()
    desa_lain = hasil["kode_wilayah"].str.len().eq(13).to_numpy() & ~benar
    assert not desa_lain.any()
    ejaan = hasil["catatan"].fillna("").str.contains("ejaan lama/baru").to_numpy()
    assert ejaan[berubah & sendiri].all()
    assert (hasil["status"].to_numpy()[berubah & sendiri] == "mirip").all()
    assert re.search(r"kemiripan \d\.\d\d", hasil["catatan"].dropna().iloc[0])


@pytest.mark.parametrize("cepat", [True, False])
def test_a_name_that_disagrees_with_its_desa_code_is_never_silent(cepat):
    """SIGA's ``KODE`` (the desa code's last 4 digits) beside a name: where the two point at
    different desa, the row is used (by the code when the name is found nowhere, by the name
    when it is) and warned about (``mirip``: a ``nama_wilayah_mirip`` row for the sender),
    as a full code column's disagreeing name is. A code that resolves a misspelling or one
    of two equal names stays quiet."""
    nama = muat_master("2025").frame.set_index("kode_wilayah")["nama_wilayah"]
    kec = [nama[k].upper() for k in ("76.04.08", "76.04.10", "76.04.10", "76.04.08", "76.04.03")]
    df = pd.DataFrame(
        {
            "prov": ["SULAWESI BARAT"] * 5,
            "kab": ["POLEWALI MANDAR"] * 5,
            "kec": kec,
            "desa": ["MAPILLI BARAT", "MAMBU", "MAMBU", "BUKU", "GALESON"],
            "kode": ["2007", "2001", "2002", "2007", "2014"],
        }
    )
    kolom = {**KOLOM, "kode_desa_suffix": "kode"}
    hasil = cocokkan_wilayah(df, kolom, nama_kabupaten="siga", cepat=cepat)
    assert hasil["kode_wilayah"].tolist() == [
        "76.04.08.2007",  # "Buku": the name is no desa of Mapilli, the code is used
        "76.04.10.2001",
        "76.04.10.2001",  # Mambu by name although the code says 2002 (Tenggelang)
        "76.04.08.2007",
        "76.04.03.2014",  # Galeso (SIGA SOURCE.md: GALESON), resolved by the code
    ]
    assert nama["76.04.08.2007"] == "Buku" and nama["76.04.10.2002"] == "Tenggelang"
    assert hasil["status"].tolist() == ["mirip", "cocok", "mirip", "cocok", "kode"]
    assert "kemiripan 0.12" in hasil["catatan"].iloc[0]
    assert "kode desa di berkas (2002) berbeda" in hasil["catatan"].iloc[2]
