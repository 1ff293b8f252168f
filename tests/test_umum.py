"""Generic dinas tables (``--kolom``): region column and code system detected, numbers named.

Files built here from real reference lists: BPS desa codes of Kota Bandung (BPS MFD 2023),
undotted Kemendagri codes with stray spaces, and a 2021 recap of Kab. Merauke with names only
(carried to the current codes through the dated crosswalk of the 2022 Papua split).
"""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from schemas.katalog import muat_katalog
from tests.conftest import realdata_path
from transforms.langkah.jalankan import jalankan
from transforms.terima.terima import terima_berkas
from transforms.wilayah.master import muat_master

KOLOM = {"PUS": "pus", "PESERTA KB": "peserta_kb_aktif"}


def _jalankan(tmp_path, src, **kw) -> dict:
    raw, out = tmp_path / "raw", tmp_path / "out"
    prov = terima_berkas(src, raw, muat_katalog(), kolom=KOLOM, **kw).provenans
    ringkasan = jalankan(raw, out)
    return {
        "prov": prov,
        "akuntansi": ringkasan.berkas[0],
        "hasil": pd.read_parquet(out / "indikator"),
        "karantina": pd.read_parquet(out / "karantina"),
    }


def _spm02(hasil: pd.DataFrame, tingkat: str) -> pd.DataFrame:
    return hasil[(hasil["kode_indikator"] == "spm.02") & (hasil["tingkat"] == tingkat)]


def test_bps_desa_codes_of_kota_bandung(tmp_path):
    mfd = pd.read_csv(
        realdata_path("bps-mfd-kota-bandung") / "mfd_23_1_32.csv", dtype=str, encoding="utf-8-sig"
    )
    sls = pd.to_numeric(mfd["jml_sls"])
    table = pd.DataFrame(
        {"IDDESA": mfd["iddesa"], "NMDESA": mfd["nmdesa"], "PUS": sls * 40, "PESERTA KB": sls * 25}
    )
    src = tmp_path / "rekap_kota_bandung.csv"
    table.to_csv(src, index=False)
    run = _jalankan(tmp_path, src, tahun=2025, wilayah="32.73")
    a = run["akuntansi"]
    assert (a["baris_dibaca"], a["baris_dipakai"], a["baris_karantina"]) == (151, 151, 0)
    desa = _spm02(run["hasil"], "desa")
    desa = desa[desa["bulan"].isna()]
    master = muat_master("2025")
    assert sorted(desa["kode_wilayah"]) == sorted(master.keturunan("32.73", "desa"))
    kota = _spm02(run["hasil"], "kabupaten").iloc[0]
    assert kota["kode_wilayah"] == "32.73"
    assert (kota["pembilang"], kota["penyebut"]) == (sls.sum() * 25, sls.sum() * 40)
    assert (kota["jumlah_wilayah_lapor"], kota["jumlah_wilayah_seharusnya"]) == (30, 30)


def test_undotted_kemendagri_codes_with_stray_spaces(tmp_path):
    master = muat_master("2025")
    desa = master.keturunan("33.06", "desa")
    table = pd.DataFrame(
        {
            "Kode Desa": [f" {k.replace('.', '')} " for k in desa],
            "Nama Desa": [master.get(k)["nama_wilayah"] for k in desa],
            "PUS": range(100, 100 + len(desa)),
            "Peserta KB": range(60, 60 + len(desa)),
        }
    )
    src = tmp_path / "rekap_desa.csv"
    table.to_csv(src, sep=";", index=False)
    run = _jalankan(tmp_path, src, tahun=2025, bulan=3)
    assert run["akuntansi"]["baris_dipakai"] == len(desa) == 494
    kab = _spm02(run["hasil"], "kabupaten")
    kab = kab[kab["bulan"] == 3].iloc[0]
    assert kab["penyebut"] == sum(range(100, 594))
    assert kab["pembilang"] == sum(range(60, 554))


def test_papua_2021_names_carried_to_current_codes(tmp_path):
    lama = muat_master("2021")
    kec = lama.anak("91.01")  # Kab. Merauke before the 2022 split
    assert kec and all(k.startswith("91.01.") for k in kec)
    table = pd.DataFrame(
        {
            "Kecamatan": [lama.get(k)["nama_wilayah"] for k in kec],
            "PUS": [1000 + i for i in range(len(kec))],
            "Peserta KB": [500 + i for i in range(len(kec))],
        }
    )
    src = tmp_path / "merauke_2021.csv"
    table.to_csv(src, index=False)
    run = _jalankan(tmp_path, src, tahun=2021, wilayah="91.01")
    hasil = run["hasil"]
    kab = _spm02(hasil, "kabupaten")
    assert list(kab["kode_wilayah"]) == ["93.01"]  # Merauke is 93.01 (Papua Selatan) since 2022
    assert kab.iloc[0]["penyebut"] == sum(1000 + i for i in range(len(kec)))
    kec_out = sorted(_spm02(hasil, "kecamatan")["kode_wilayah"])
    assert kec_out == sorted("93" + k[2:] for k in kec)
    assert set(_spm02(hasil, "provinsi")["kode_wilayah"]) == {"93"}


def _ingest_kolom(tmp_path, kolom: str):
    """``indikator ingest`` of a tiny kecamatan table with one ``--kolom`` option."""
    src = tmp_path / "x.csv"
    src.write_text("KECAMATAN,PUS\nBayan,10\n", encoding="utf-8")
    args = ["ingest", str(src), "--tahun", "2025", "--wilayah", "33.06", "--kolom", kolom]
    return CliRunner().invoke(app, [*args, "--raw", str(tmp_path / "raw")])


def test_unknown_component_in_kolom_is_refused_in_bahasa(tmp_path):
    result = _ingest_kolom(tmp_path, "PUS=pasangan")
    assert result.exit_code == 1
    assert "komponen 'pasangan' tidak ada di katalog" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("bad", ["PUS", "=pus"])
def test_malformed_kolom_option(tmp_path, bad):
    result = _ingest_kolom(tmp_path, bad)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "raw").exists()  # nothing stored
