"""The national SIGA generator (scripts/buat_nasional.py): deterministic, in the real export
format, and its expected values equal sums computed independently from the files it wrote."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scripts.nasional.angka import buat_bulan
from scripts.nasional.harapan import hitung_harapan
from scripts.nasional.utama import SEED, buat_nasional, urai_bulan
from scripts.nasional.wilayah import buat_desa

SIGA = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "bkkbn-sulbar-siga"


def _sidik(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "ringkasan.json"  # the summary holds the elapsed time
    }


def test_same_arguments_write_the_same_bytes(tmp_path: Path):
    a = buat_nasional(tmp_path / "a", [1], ["76"], ("csv", "xlsx"))
    buat_nasional(tmp_path / "b", [1], ["76"], ("csv", "xlsx"))
    sidik = _sidik(tmp_path / "a")
    assert len(sidik) == 7  # 3 CSV + 3 XLSX + harapan.parquet
    assert sidik == _sidik(tmp_path / "b")
    assert a["desa"] == 648
    # the XLSX holds the same cells as the CSV
    csv = pd.read_csv(tmp_path / "a/csv/2025-01/data_pus.csv", sep=";", dtype=str)
    xlsx = pd.read_excel(tmp_path / "a/xlsx/2025-01/data_pus.xlsx", dtype=str, engine="calamine")
    pd.testing.assert_frame_equal(csv, xlsx)


def test_a_province_is_the_same_whatever_else_is_generated():
    satu = buat_bulan(SEED, "76", 648, 3)
    buat_bulan(SEED, "75", 729, 3)  # another province in between
    lagi = buat_bulan(SEED, "76", 648, 3)
    assert np.array_equal(satu.pus, lagi.pus)
    assert np.array_equal(satu.bkb["STATUS BER KB"], lagi.bkb["STATUS BER KB"])
    assert not np.array_equal(satu.pus, buat_bulan(SEED, "76", 648, 4).pus)


def test_numbers_satisfy_the_layout_checks():
    b = buat_bulan(SEED, "32", 5957, 7)
    assert (b.pa <= b.pus).all() and (b.unmet <= b.pus - b.pa).all()
    assert np.array_equal(b.metode.sum(axis=1), b.pa - b.tradisional)
    assert (b.bkb["STATUS BER KB"] <= b.bkb["STATUS PUS"]).all()


def test_siga_names_pairs_admin_prefixes_duplicates_and_variants():
    desa = buat_desa(["31", "32", "53"])
    kab = dict(zip(desa["kode_kabupaten"], desa["KABUPATEN"], strict=False))
    assert kab["32.01"] == "BOGOR" and kab["32.71"] == "KOTA BOGOR"
    assert kab["53.01"] == "KUPANG" and kab["53.71"] == "KOTA KUPANG"
    assert kab["31.01"] == "ADMINISTRASI KEPULAUAN SERIBU"
    assert kab["31.71"] == "KOTA ADM. JAKARTA PUSAT"
    assert set(desa.loc[desa["kode_provinsi"] == "31", "PROVINSI"]) == {"DKI JAKARTA"}
    assert desa.loc[desa["kode"].str.startswith("31.01.01"), "KECAMATAN"].iloc[0].startswith("KEP.")
    oesao = desa[desa["kode_kecamatan"].eq("53.01.06") & desa["KELURAHAN"].eq("OESAO")]
    assert oesao["kode"].tolist() == ["53.01.06.1004", "53.01.06.2015"]
    assert oesao["ganda"].all()
    varian = desa[desa["varian"]]
    assert len(varian) > 5
    assert (varian["KELURAHAN"] != varian["nama"].str.upper()).all()


def test_header_lines_are_those_of_the_real_exports(tmp_path: Path):
    buat_nasional(tmp_path, [9], ["76"], ("csv",))
    for nama in ("data_pus", "data_mix_kontra", "data_bkb_keluarga"):
        asli = SIGA / f"{nama}.csv"
        if not asli.exists():
            pytest.skip(f"data nyata tidak ada: {asli}")
        buat = (tmp_path / f"csv/2025-09/{nama}.csv").read_text().splitlines()
        nyata = asli.read_text().splitlines()
        assert buat[0] == nyata[0]
        assert buat[1].split(";")[-1] == "SEPTEMBER" == nyata[-1].split(";")[-1]


def test_expected_values_equal_independent_sums_on_one_kecamatan(tmp_path: Path):
    """Kupang Timur (53.01.06) holds the duplicate name OESAO: left out of PA/PUS and
    unmet/PUS (names-only files), counted in BKB (the file has the KODE suffix)."""
    buat_nasional(tmp_path, [2], ["53"], ("csv",))
    folder = tmp_path / "csv" / "2025-02"
    baca = {
        n: pd.read_csv(folder / f"{n}.csv", sep=";", dtype={"KODE": str})
        for n in ("data_pus", "data_mix_kontra", "data_bkb_keluarga")
    }
    kec = {
        k: v[(v["KABUPATEN"] == "KUPANG") & (v["KECAMATAN"] == "KUPANG TIMUR")]
        for k, v in baca.items()
    }
    nama = kec["data_pus"]["KELURAHAN"]
    unik = nama[~nama.duplicated(keep=False)]
    assert len(unik) == len(nama) - 2
    pus = kec["data_pus"][nama.isin(unik)].set_index("KELURAHAN")
    mix = kec["data_mix_kontra"].set_index("KELURAHAN").loc[pus.index]
    bkb = kec["data_bkb_keluarga"]
    desa = buat_desa(["53"])
    pilih = (desa["kode_kecamatan"] == "53.01.06").to_numpy()
    b = buat_bulan(SEED, "53", len(desa), 2).pilih(pilih)
    h = hitung_harapan(desa[pilih], b, 2025, 2).set_index(["tingkat", "kode_indikator"])
    kab = h.loc["kabupaten"]
    assert (kab.loc["spm.02", "pembilang"], kab.loc["spm.02", "penyebut"]) == (
        mix["PA"].sum(),
        pus["PUS"].sum(),
    )
    assert kab.loc["spm.03", "pembilang"] == pus["UNMET NEED"].sum()
    assert (kab.loc["spm.04", "pembilang"], kab.loc["spm.04", "penyebut"]) == (
        bkb["STATUS BER KB"].sum(),
        bkb["STATUS PUS"].sum(),
    )
    assert kab.loc["spm.04", "jumlah_desa"] == kab.loc["spm.02", "jumlah_desa"] + 2
    assert (h["kode_wilayah"].unique().tolist()) == ["53", "53.01"]


@pytest.mark.parametrize(
    ("teks", "bulan"),
    [("1-12", list(range(1, 13))), ("1,3,12", [1, 3, 12]), ("3", [3]), ("2-4,9", [2, 3, 4, 9])],
)
def test_month_arguments(teks, bulan):
    assert urai_bulan(teks) == bulan


def test_per_kabupaten_files_hold_the_national_rows_each_file_one_kabupaten(tmp_path: Path):
    """``--per-kabupaten``: one export per kabupaten/kota, all named alike (as a provincial
    office receives them); together exactly the rows of the national file."""
    buat_nasional(tmp_path / "nas", [4], ["76"], ("csv",))
    r = buat_nasional(tmp_path / "kab", [4], ["76"], ("csv",), per_kabupaten=True)
    desa = buat_desa(["76"])
    kab = sorted(desa["kode_kabupaten"].unique())
    assert len(kab) == 6 and len(r["berkas"]) == 6 * 3
    for sumber in ("data_pus", "data_mix_kontra", "data_bkb_keluarga"):
        nas = pd.read_csv(tmp_path / f"nas/csv/2025-04/{sumber}.csv", sep=";", dtype=str)
        bagian = []
        for k in kab:
            f = pd.read_csv(tmp_path / f"kab/csv/2025-04/76/{k}/{sumber}.csv", sep=";", dtype=str)
            assert f.iloc[:, 0].tolist() == [str(i) for i in range(len(f))]  # numbered per file
            nama = desa.loc[desa["kode_kabupaten"] == k, "KABUPATEN"].unique().tolist()
            assert f["KABUPATEN"].unique().tolist() == nama
            bagian.append(f)
        gabung = pd.concat(bagian, ignore_index=True)
        assert list(gabung.columns) == list(nas.columns)
        isi = nas.columns[1:].tolist()  # the index column aside
        urut = gabung[isi].sort_values(isi).reset_index(drop=True)
        assert urut.equals(nas[isi].sort_values(isi).reset_index(drop=True))
