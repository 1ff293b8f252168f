"""End to end on the national generator's data: the quick mode (Sulawesi Barat, XLSX) and the
provinces with kab/kota namesakes, ``ADMINISTRASI KEPULAUAN SERIBU`` and a duplicate desa name
(DKI Jakarta, Jawa Barat, NTT; CSV), ingested and run as the CLI runs it: every province and
kabupaten value equals the generator's expected value, duplicates stay quarantined and count as
missing in completeness."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.nasional_hasil import bandingkan_harapan
from benchmarks.nasional_ukur import perintah_indikator
from scripts.nasional.utama import buat_nasional, folder_bulan
from transforms.wilayah.master import muat_master

pytestmark = pytest.mark.lambat  # generator + ingest + run as child processes


def _cli(kerja: Path, *argumen: str) -> None:
    hasil = subprocess.run(
        perintah_indikator(*argumen), cwd=kerja, capture_output=True, text=True, timeout=900
    )
    assert hasil.returncode == 0, hasil.stdout[-3000:] + hasil.stderr[-3000:]


def _jalankan(tmp_path: Path, provinsi: list[str], fmt: str, bulan: list[int]) -> Path:
    data = tmp_path / "data"
    buat_nasional(data, bulan, provinsi, (fmt,))
    for b in bulan:
        folder = folder_bulan(data, fmt, 2025, b)
        _cli(tmp_path, "ingest", str(folder), "--tahun", "2025", "--bulan", str(b), "--raw", "raw")
    _cli(tmp_path, "run", "--tanpa-prefect", "--raw", "raw", "--out", "out")
    return data


def test_quick_mode_sulbar_xlsx_equals_expected_values(tmp_path: Path):
    data = _jalankan(tmp_path, ["76"], "xlsx", [1, 2])
    benar = bandingkan_harapan(tmp_path / "out", data / "harapan.parquet", 2)
    assert benar == {"baris": 2 * 3 * 7, "sama": 42, "beda": 0}


def test_pairs_admin_prefix_and_duplicates_csv(tmp_path: Path):
    data = _jalankan(tmp_path, ["31", "32", "53"], "csv", [1])
    benar = bandingkan_harapan(tmp_path / "out", data / "harapan.parquet", 1)
    kabupaten = 6 + 27 + 22
    assert benar == {"baris": 3 * (3 + kabupaten), "sama": 3 * (3 + kabupaten), "beda": 0}
    out = pd.read_parquet(tmp_path / "out" / "indikator")
    kec = out[(out["kode_wilayah"] == "53.01.06") & (out["bulan"] == 1)].set_index("kode_indikator")
    seharusnya = kec.loc["spm.04", "jumlah_wilayah_seharusnya"]
    assert kec.loc["spm.04", "jumlah_wilayah_lapor"] == seharusnya  # KODE resolves OESAO
    assert kec.loc["spm.02", "jumlah_wilayah_lapor"] == seharusnya - 2  # names only: missing
    # Kabupaten Kupang: every kecamatan reported, two of its desa did not (OESAO)
    kab = out[(out["kode_wilayah"] == "53.01") & (out["bulan"] == 1)].set_index("kode_indikator")
    desa = muat_master("2025").hitung_jumlah_desa_semua()["53.01"]
    assert (kab["jumlah_desa_seharusnya"] == desa).all() and desa == 177
    assert (
        kab.loc["spm.02", "jumlah_wilayah_lapor"] == kab.loc["spm.02", "jumlah_wilayah_seharusnya"]
    )
    assert kab.loc["spm.02", "jumlah_desa_lapor"] == desa - 2
    assert kab.loc["spm.04", "jumlah_desa_lapor"] == desa  # KODE resolves OESAO
    karantina = pd.read_parquet(tmp_path / "out" / "karantina")
    oesao = karantina[karantina["nilai"].astype(str).str.contains("OESAO")]
    assert len(oesao) == 4  # two rows in each of data_pus and data_mix_kontra
    assert oesao["pesan"].str.contains("lebih dari satu wilayah").all()
    bogor = out[out["kode_wilayah"].isin(["32.01", "32.71", "31.01"]) & (out["bulan"] == 1)]
    assert set(bogor.loc[bogor["kode_indikator"] == "spm.02", "kode_wilayah"]) == {
        "32.01",
        "32.71",
        "31.01",
    }


def test_kabupaten_files_and_province_files_publish_the_same_expected_values(tmp_path: Path):
    """``benchmarks/kiriman.py`` on Sulbar, one month: 3 province files and 18 kabupaten files
    (six kab, all named alike) both publish every expected value; the table says so. Then one
    kabupaten's ``data_pus`` is sent again with one value corrected: after its ingest + run,
    that kabupaten's published PUS is the generator's plus one and no other kabupaten moved."""
    from benchmarks.kiriman import main

    hasil = tmp_path / "kiriman.md"
    main(["--provinsi", "76", "--bulan", "1", "--kerja", str(tmp_path), "--hasil", str(hasil)])
    baris = [b for b in hasil.read_text(encoding="utf-8").splitlines() if b.startswith("| satu")]
    assert [b.split(" | ")[1] for b in baris] == ["3", "18"]
    # after the correction: every expected value but the corrected one (checked below) ...
    harap = bandingkan_harapan(
        tmp_path / "provinsi" / "out", tmp_path / "provinsi/data/harapan.parquet", 1
    )
    assert harap["baris"] > 0
    # ... and before it, in the table: every expected value, both ways
    assert all(f"| {harap['baris']}/{harap['baris']} ✔ |" in b for b in baris)
    assert all(b.endswith("✔ |") and " % / " in b for b in baris)  # the correction's column
    for cara in ("provinsi", "kabupaten"):
        harapan = pd.read_parquet(tmp_path / cara / "data/harapan.parquet")
        pilih = (harapan["kode_indikator"] == "spm.02") & (harapan["tingkat"] == "kabupaten")
        harapan = harapan[pilih].set_index("kode_wilayah")["penyebut"]
        out = pd.read_parquet(tmp_path / cara / "out/indikator")
        out = out[(out["kode_indikator"] == "spm.02") & (out["tingkat"] == "kabupaten")]
        out = out[out["bulan"] == 1].set_index("kode_wilayah")["penyebut"]
        selisih = out - harapan.reindex(out.index)
        # the corrected copy's first data row (file row 2), as published with its sha256
        sha = hashlib.sha256((tmp_path / cara / "koreksi" / "data_pus.csv").read_bytes())
        komp = pd.read_parquet(tmp_path / cara / "out/komponen")
        pertama = komp[(komp["sha256"] == sha.hexdigest()) & (komp["baris"] == 2)]
        kab = {str(k)[:5] for k in pertama["kode_wilayah"]}
        assert selisih[selisih != 0].to_dict() == {kab.pop(): 1.0} and not kab, cara
    asal = sorted((tmp_path / "kabupaten" / "data").rglob("data_pus.*"))[0].parent.name
    assert selisih[selisih != 0].index.tolist() == [asal]  # that kabupaten's own file
