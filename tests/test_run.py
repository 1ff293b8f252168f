"""A run survives bad input: a broken file is rejected whole, an unknown region is quarantined."""

from __future__ import annotations

import pandas as pd
import pytest

from schemas.katalog import muat_katalog
from transforms.langkah.jalankan import jalankan
from transforms.terima.terima import terima_berkas

pytestmark = pytest.mark.lambat  # whole runs or publications: the slow tier

HEADER = "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PUS;UNMET NEED;BULAN\n"
GOOD = [
    "0;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;500;50;JANUARI",
    "1;JAWA TENGAH;PURWOREJO;GRABAG;DESA ENTAH BERANTAH;300;10;JANUARI",
    "2;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;abc;50;FEBRUARI",
    "3;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;510;52;BULAN13",
    "4;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;;;MARET",
]
MIX_HEADER = (
    "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PA;SUNTIK;PIL;KONDOM;IMPLAN;IUD;VASEKTOMI;"
    "TUBEKTOMI;MAL;KB MODERN;KB TRADISIONAL;BULAN\n"
)


def test_bad_rows_quarantined_bad_file_rejected_run_goes_on(tmp_path):
    katalog = muat_katalog()
    raw, out = tmp_path / "raw", tmp_path / "out"
    pus = tmp_path / "data_pus.csv"
    pus.write_text(HEADER + "\n".join(GOOD) + "\n", encoding="utf-8")
    terima_berkas(pus, raw, katalog, 2025)
    # recognised as mix_kontra by --sumber, but the PA column is missing: structural error
    broken = tmp_path / "mix.csv"
    broken.write_text(
        MIX_HEADER.replace(";PA;", ";XX;") + "0;a;b;c;d;1;1;1;1;1;1;1;1;1;1;1;JANUARI\n"
    )
    terima_berkas(broken, raw, katalog, 2025, sumber="siga.mix_kontra")

    ringkasan = jalankan(raw, out, 2025)

    akun = {a["sumber"]: a for a in ringkasan.berkas}
    assert akun["siga.pus"]["baris_dibaca"] == 5
    assert akun["siga.pus"]["baris_dipakai"] == 1
    assert akun["siga.pus"]["baris_karantina"] == 3
    assert akun["siga.pus"]["baris_bukan_data"] == 1  # the all-blank MARET row
    assert "PA" in akun["siga.mix_kontra"]["ditolak"]
    karantina = pd.read_parquet(out / "karantina")
    by_row = karantina.set_index("baris")["aturan"].dropna().to_dict()
    assert by_row[3] == "wilayah_tidak_dikenal"
    assert by_row[4] == "angka_tidak_valid"
    assert by_row[5] == "bulan_tidak_dikenal"
    rejected = karantina[karantina["aturan"] == "berkas_ditolak"]
    assert len(rejected) == 1 and "tidak ditemukan" in rejected["pesan"].iloc[0]
    assert karantina.loc[karantina["baris"] == 4, "kolom"].iloc[0] == "PUS"
    assert karantina.loc[karantina["baris"] == 4, "nilai"].iloc[0] == "abc"
    hasil = pd.read_parquet(out / "indikator")
    assert set(hasil["kode_indikator"]) == {"spm.03", "pasti.bumil.03"}
    grabag = hasil[(hasil["tingkat"] == "desa") & (hasil["kode_indikator"] == "spm.03")]
    assert grabag["pembilang"].tolist() == [50, 50]  # January, and the annual row


def test_correction_replaces_values_on_rerun(tmp_path):
    katalog = muat_katalog()
    raw, out = tmp_path / "raw", tmp_path / "out"
    for i, pus in enumerate((500, 400)):
        folder = tmp_path / f"v{i}"
        folder.mkdir()
        path = folder / "data_pus.csv"
        path.write_text(HEADER + f"0;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;{pus};40;JANUARI\n")
        terima_berkas(path, raw, katalog, 2025)
        jalankan(raw, out, 2025)
        hasil = pd.read_parquet(out / "indikator")
        row = hasil[(hasil["kode_indikator"] == "spm.03") & (hasil["kode_wilayah"] == "33.06")]
        assert row["penyebut"].tolist() == [pus, pus]


def test_unexpected_error_in_one_file_rejects_only_that_file(tmp_path, monkeypatch):
    import transforms.langkah.proses as proses_mod  # where proses_berkas looks it up

    katalog = muat_katalog()
    raw, out = tmp_path / "raw", tmp_path / "out"
    pus = tmp_path / "data_pus.csv"
    pus.write_text(HEADER + GOOD[0] + "\n", encoding="utf-8")
    terima_berkas(pus, raw, katalog, 2025)
    asli = proses_mod.ubah_ke_komponen

    def rusak(tabel, layout, *args, **kwargs):
        if layout.id == "siga.pus":
            raise KeyError("kolom hilang di tengah jalan")
        return asli(tabel, layout, *args, **kwargs)

    monkeypatch.setattr(proses_mod, "ubah_ke_komponen", rusak)
    ringkasan = jalankan(raw, out)
    (a,) = ringkasan.berkas
    assert "KeyError" in a["ditolak"] and a["baris_dipakai"] == 0
    karantina = pd.read_parquet(out / "karantina")
    assert list(karantina["aturan"]) == ["berkas_ditolak"]
    assert karantina.iloc[0]["pesan"].startswith("Seluruh berkas ditolak")
