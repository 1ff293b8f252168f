"""Kab/kota names at national scale: the source's convention (SIGA: bare name = kabupaten,
``KOTA X`` = kota), administrative prefixes, duplicate desa names, and the exact-match path
(one lookup per distinct combination, memoised) agreeing with the staged matcher."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from schemas.galat import KatalogTidakValid
from schemas.katalog import FOLDER_KATALOG, muat_katalog
from transforms.wilayah.cocok import cocokkan_wilayah
from transforms.wilayah.master import muat_master

SIGA = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "bkkbn-sulbar-siga"
KOLOM = {"provinsi": "prov", "kabupaten": "kab"}


def _kabkota() -> pd.DataFrame:
    """Every kab/kota of the 2025 master with its province name and bare name (no type word)."""
    frame = muat_master("2025").frame
    prov = frame[frame["tingkat"] == "provinsi"].set_index("kode_wilayah")["nama_wilayah"]
    kab = frame[frame["tingkat"] == "kabupaten"].copy()
    kab["prov"] = kab["kode_provinsi"].map(prov).str.upper()
    kab["polos"] = (
        kab["nama_wilayah"]
        .str.replace(r"^(?:Kabupaten|Kota)(?: Administrasi)? ", "", regex=True)
        .str.upper()
    )
    kab["kota"] = kab["kode_wilayah"].str.slice(3, 5).astype(int) >= 71
    return kab.reset_index(drop=True)


def _pasangan(kab: pd.DataFrame) -> pd.DataFrame:
    """Kabupaten and kota of one province sharing a bare name (Bogor, Bandung, ...)."""
    dua = kab.groupby(["kode_provinsi", "polos"])["kota"].transform("nunique") == 2
    return kab[dua]


def test_the_master_has_25_kab_kota_pairs():
    pasangan = _pasangan(_kabkota())
    assert len(pasangan) == 50
    nama = set(pasangan["polos"])
    assert {"BOGOR", "BANDUNG", "BEKASI", "MALANG", "KEDIRI", "SEMARANG", "TANGERANG"} <= nama
    assert {"SERANG", "KUPANG", "JAYAPURA", "SORONG", "SOLOK", "BIMA"} <= nama


@pytest.mark.parametrize("cepat", [True, False])
def test_every_kab_kota_in_siga_style_matches_itself(cepat):
    """All 514: kabupaten by bare name, kota as ``KOTA X`` (SIGA), each to its own code."""
    kab = _kabkota()
    nama = kab["polos"].where(~kab["kota"], "KOTA " + kab["polos"])
    nama = nama.where(kab["kode_wilayah"] != "31.01", "ADMINISTRASI KEPULAUAN SERIBU")
    df = pd.DataFrame({"prov": kab["prov"], "kab": nama})
    hasil = cocokkan_wilayah(df, KOLOM, nama_kabupaten="siga", cepat=cepat)
    assert len(df) == 514
    salah = kab.loc[hasil["kode_wilayah"] != kab["kode_wilayah"], "nama_wilayah"].tolist()
    assert salah == []
    assert (hasil["status"] == "cocok").all()


@pytest.mark.parametrize("cepat", [True, False])
def test_every_pair_bare_is_kabupaten_and_kota_prefix_is_kota(cepat):
    pasangan = _pasangan(_kabkota())
    df = pd.concat(
        [
            pd.DataFrame({"prov": pasangan["prov"], "kab": pasangan["polos"]}),
            pd.DataFrame({"prov": pasangan["prov"], "kab": "KOTA " + pasangan["polos"]}),
        ],
        ignore_index=True,
    )
    hasil = cocokkan_wilayah(df, KOLOM, nama_kabupaten="siga", cepat=cepat)
    n = len(pasangan)
    kab_kode = pasangan.loc[~pasangan["kota"]].set_index("polos")["kode_wilayah"]
    kota_kode = pasangan.loc[pasangan["kota"]].set_index("polos")["kode_wilayah"]
    harapan = [
        *(kab_kode[p] for p in pasangan["polos"]),
        *(kota_kode[p] for p in pasangan["polos"]),
    ]
    assert hasil["kode_wilayah"].tolist() == harapan
    assert (hasil["status"] == "cocok").all()
    assert hasil["kode_wilayah"].iloc[:n].str.slice(3, 5).astype(int).lt(71).all()
    # without a declared convention a bare name of a pair stays ambiguous (quarantined)
    tanpa = cocokkan_wilayah(df.iloc[:n], KOLOM, cepat=cepat)
    assert (tanpa["status"] == "tidak_cocok").all()
    assert tanpa["catatan"].str.contains("lebih dari satu").all()


@pytest.mark.parametrize("cepat", [True, False])
def test_bare_misspelled_name_follows_the_convention_and_bare_kota_without_namesake(cepat):
    df = pd.DataFrame(
        {
            "prov": ["JAWA BARAT", "SULAWESI SELATAN", "JAWA TIMUR", "JAWA TIMUR"],
            "kab": ["BOGGOR", "MAKASSAR", "MALANG", "KOTA MALANG"],
        }
    )
    hasil = cocokkan_wilayah(df, KOLOM, nama_kabupaten="siga", cepat=cepat)
    assert hasil["kode_wilayah"].tolist() == ["32.01", "73.71", "35.07", "35.73"]
    assert hasil["status"].tolist() == ["mirip", "cocok", "cocok", "cocok"]


@pytest.mark.parametrize(
    ("nama", "kode"),
    [
        ("ADMINISTRASI KEPULAUAN SERIBU", "31.01"),
        ("ADM. KEP. SERIBU", "31.01"),
        ("KAB. ADM. KEP. SERIBU", "31.01"),
        ("KABUPATEN ADMINISTRASI KEPULAUAN SERIBU", "31.01"),
        ("KEPULAUAN SERIBU", "31.01"),
        ("KOTA ADM. JAKARTA PUSAT", "31.71"),
        ("KOTA ADMINISTRASI JAKARTA UTARA", "31.72"),
        ("ADMINISTRASI JAKARTA BARAT", "31.73"),
        ("JAKARTA SELATAN", "31.74"),
        ("KOTA JAKARTA TIMUR", "31.75"),
    ],
)
def test_administrative_prefixes(nama, kode):
    df = pd.DataFrame({"prov": ["DKI JAKARTA"], "kab": [nama]})
    for konvensi in (None, "siga"):
        hasil = cocokkan_wilayah(df, KOLOM, nama_kabupaten=konvensi)
        assert (hasil.loc[0, "kode_wilayah"], hasil.loc[0, "status"]) == (kode, "cocok")


def _desa_ganda() -> pd.DataFrame:
    """Desa names occurring twice in one kecamatan of the 2025 master."""
    frame = muat_master("2025").frame
    desa = frame[frame["tingkat"] == "desa"].copy()
    desa["kunci"] = desa["nama_wilayah"].str.upper()
    return desa[desa.duplicated(["kode_kecamatan", "kunci"], keep=False)]


@pytest.mark.parametrize("cepat", [True, False])
def test_duplicate_desa_names_quarantined_without_suffix_resolved_with_it(cepat):
    ganda = _desa_ganda()
    assert len(ganda) >= 2 * 16  # the issue counts sixteen names occurring twice
    frame = muat_master("2025").frame.set_index("kode_wilayah")["nama_wilayah"]
    df = pd.DataFrame(
        {
            "prov": ganda["kode_provinsi"].map(frame).str.upper().to_numpy(),
            "kab": ganda["kode_kabupaten"].map(frame).to_numpy(),
            "kec": ganda["kode_kecamatan"].map(frame).to_numpy(),
            "desa": ganda["nama_wilayah"].to_numpy(),
            "kode": ganda["kode_wilayah"].str.slice(9).to_numpy(),
        }
    )
    kolom = {**KOLOM, "kecamatan": "kec", "desa": "desa"}
    tanpa = cocokkan_wilayah(df, kolom, cepat=cepat)
    assert (tanpa["status"] == "tidak_cocok").all()
    assert tanpa["catatan"].str.contains("cocok dengan lebih dari satu wilayah").all()
    assert tanpa["kode_wilayah"].str.len().eq(8).all()  # kept at the kecamatan, never a desa
    dengan = cocokkan_wilayah(df, {**kolom, "kode_desa_suffix": "kode"}, cepat=cepat)
    assert dengan["kode_wilayah"].tolist() == ganda["kode_wilayah"].tolist()
    assert (dengan["status"] == "kode").all()


def _sulbar(nama: str) -> pd.DataFrame:
    if not (SIGA / nama).exists():
        pytest.skip(f"data nyata tidak ada: {SIGA / nama}")
    return pd.read_csv(SIGA / nama, sep=";", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("berkas", ["data_pus.csv", "data_bkb_keluarga.csv"])
def test_exact_path_equals_the_staged_matcher_on_real_exports(berkas):
    """Memoised exact lookups + staged rest give what the staged matcher alone gives."""
    df = _sulbar(berkas)
    # misspellings, a bare/KOTA pair, blanks and an unknown name, to exercise every stage
    ubah = df.copy()
    ubah.loc[0:3, "KELURAHAN"] = ["BAMBAIRAA", "", "TIDAK ADA SAMA SEKALI", "kasoloang"]
    ubah.loc[4, "KABUPATEN"] = "KAB. PASANGKAYU"
    kolom = {"provinsi": "PROVINSI", "kabupaten": "KABUPATEN", "kecamatan": "KECAMATAN"}
    kolom["desa"] = "KELURAHAN"
    if "KODE" in df.columns:
        kolom["kode_desa_suffix"] = "KODE"
    for data in (df, ubah, ubah):  # the second ``ubah`` is served from the memo
        cepat = cocokkan_wilayah(data, kolom, nama_kabupaten="siga")
        lambat = cocokkan_wilayah(data, kolom, nama_kabupaten="siga", cepat=False)
        pd.testing.assert_frame_equal(cepat, lambat)
    assert cepat["status"].value_counts()["cocok"] > 5000


def _salinan(tmp_path: Path) -> Path:
    folder = tmp_path / "catalog"
    shutil.copytree(FOLDER_KATALOG, folder)
    return folder


def test_siga_layouts_declare_the_convention():
    sumber = muat_katalog().sumber
    siga = [s for s in sumber.values() if s.id.startswith("siga.") and "kabupaten" in s.wilayah]
    assert len(siga) >= 10
    assert {s.id: s.nama_kabupaten for s in siga} == {s.id: "siga" for s in siga}
    assert sumber["dinas.kabkota_kb_balita"].nama_kabupaten is None


def test_unknown_convention_is_refused(tmp_path: Path):
    folder = _salinan(tmp_path)
    path = folder / "sumber" / "siga-pus.yaml"
    teks = path.read_text(encoding="utf-8").replace("nama_kabupaten: siga", "nama_kabupaten: bps")
    path.write_text(teks, encoding="utf-8")
    pesan = "sumber/siga-pus.yaml: kunci 'nama_kabupaten': nilai 'bps' tidak dikenal"
    with pytest.raises(KatalogTidakValid, match=re.escape(pesan)):
        muat_katalog(folder)
