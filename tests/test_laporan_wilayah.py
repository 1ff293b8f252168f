"""The region report (``indikator laporan``) on a small hand-made published output: the
numbers, the reasons for missing values, the charts, the page being offline; and its parts.

The end-to-end checks on the real Sulawesi Barat output and in a real browser are in
``tests/test_laporan_wilayah_sulbar.py`` (slow tier).
"""

from __future__ import annotations

import os
import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from schemas.katalog import muat_katalog
from transforms.keluar.laporan_wilayah.alasan import jelaskan_bulan_kosong, jelaskan_kosong
from transforms.keluar.laporan_wilayah.grafik import buat_grafik_anak
from transforms.keluar.laporan_wilayah.masalah import tempatkan_karantina
from transforms.keluar.laporan_wilayah.periode import cari_jenis_periode
from transforms.keluar.laporan_wilayah.target import buat_catatan_target
from transforms.keluar.laporan_wilayah.teks import ubah_angka, ubah_nilai

runner = CliRunner()


def _baris(kode, tingkat, nama, bulan=None, pembilang=None, penyebut=None, lapor=None, harus=None):
    nilai = pembilang / penyebut * 100 if penyebut else None
    return {
        "kode_indikator": "spm.02",
        "kode_wilayah": kode,
        "tingkat": tingkat,
        "nama_wilayah": nama,
        "tahun": 2025,
        "bulan": bulan,
        "semester": None,
        "bulan_acuan": 3 if bulan is None else None,
        "pembilang": pembilang,
        "penyebut": penyebut,
        "nilai": nilai,
        "satuan": "persen",
        "jumlah_wilayah_lapor": lapor,
        "jumlah_wilayah_seharusnya": harus,
        "target": None,
        "target_berlaku_untuk": None,
        "memenuhi_target": None,
        "capaian_target": None,
        "target_capaian": None,
        "sumber": "siga.mix_kontra,siga.pus",
        "id_run": "uji",
    }


def _tulis(folder, tabel, rows):
    path = folder / tabel / "2025"
    path.mkdir(parents=True)
    frame = pd.DataFrame(rows)
    for col in ("bulan", "semester", "bulan_acuan", "jumlah_wilayah_lapor", "tahun", "baris"):
        if col in frame:
            frame[col] = frame[col].astype("Int64")
    for col in ("pembilang", "penyebut", "nilai", "target", "capaian_target", "target_capaian"):
        if col in frame:
            frame[col] = frame[col].astype("float64")
    if "memenuhi_target" in frame:
        frame["memenuhi_target"] = frame["memenuhi_target"].astype("boolean")
    frame.to_parquet(path / "part-0.parquet", index=False)


@pytest.fixture
def keluaran(tmp_path):
    """A published output (the layout before generations: tables directly in the folder):
    province 76 with 2 of its 6 kabupaten; 76.02 has PUS 0; a quarantined row of siga.pus
    lies between two rows of 76.03; 76.04-76.06 sent nothing."""
    out = tmp_path / "processed"
    rows = [
        _baris("76", "provinsi", "Sulawesi Barat", None, 300.0, 500.0, 2, 6),
        _baris("76", "provinsi", "Sulawesi Barat", 1, 290.0, 500.0, 2, 6),
        _baris("76", "provinsi", "Sulawesi Barat", 2, 295.0, 500.0, 2, 6),
        _baris("76", "provinsi", "Sulawesi Barat", 3, 300.0, 500.0, 2, 6),
        _baris("76.01", "kabupaten", "Kabupaten Pasangkayu", None, 300.0, 500.0, 12, 12),
        _baris("76.02", "kabupaten", "Kabupaten Mamuju", None, 0.0, 0.0, 11, 11),
    ]
    _tulis(out, "indikator", rows)
    _tulis(
        out,
        "karantina",
        [
            {
                "berkas": "siga.pus/2025/data_pus.csv",
                "sheet": None,
                "baris": 5,
                "kolom": "PUS",
                "nilai": "-3",
                "aturan": "angka_negatif",
                "tingkat_masalah": "galat",
                "pesan": "nilai negatif",
                "tindakan": "perbaiki",
                "sumber": "siga.pus",
                "tahun": 2025,
                "id_run": "uji",
            }
        ],
    )
    asal = [("76.03.01.2001", 4), ("76.03.02.2001", 6), ("76.01.01.2001", 7)]
    _tulis(
        out,
        "komponen",
        [
            {
                "kode_wilayah": k,
                "tahun": 2025,
                "bulan": 3,
                "semester": None,
                "komponen": "pus",
                "nilai": 1.0,
                "sumber": "siga.pus",
                "berkas": "siga.pus/2025/data_pus.csv",
                "sha256": "0",
                "baris": b,
            }
            for k, b in asal
        ],
    )
    return out


def _sel_wilayah(html: str, kode: str) -> str:
    """The child table row of region ``kode``."""
    match = re.search(rf'<tr data-kode="{re.escape(kode)}">(.*?)</tr>', html, re.S)
    assert match, kode
    return match.group(1)


def test_report_of_a_province_from_a_published_output(keluaran, tmp_path):
    result = runner.invoke(
        app,
        [
            "laporan",
            "--wilayah",
            "76",
            "--tahun",
            "2025",
            "--keluaran",
            str(keluaran),
            "--out",
            str(tmp_path / "lap"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Sulawesi Barat (76) tahun 2025: 1 indikator" in result.output
    assert "1 tanpa target 2025" in result.output and "1 baris ditolak" in result.output
    berkas = tmp_path / "lap" / "laporan-76-2025.html"
    umask = os.umask(0)
    os.umask(umask)
    assert berkas.stat().st_mode & 0o777 == 0o666 & ~umask  # shareable like any file
    assert [p.name for p in berkas.parent.iterdir()] == [berkas.name]  # no temporary left
    html = berkas.read_text(encoding="utf-8")
    # the headline numbers are the published ones (data-* attributes hold the floats)
    assert 'data-nilai="60.0">60 %<' in html
    assert 'data-pembilang="300.0">300<' in html and 'data-penyebut="500.0">500<' in html
    # every child of the master, with its value or the reason it has none (never 0)
    assert 'data-urut="60.0">60 %<' in _sel_wilayah(html, "76.01")
    mamuju = _sel_wilayah(html, "76.02")
    assert "penyebut 0 (Pasangan usia subur (PUS) = 0)" in mamuju and "0 %" not in mamuju
    assert "dikarantina: 1 baris ditolak (aturan angka_negatif)" in _sel_wilayah(html, "76.03")
    assert "diperkirakan dari baris sebelum dan sesudahnya" in _sel_wilayah(html, "76.03")
    for kode in ("76.04", "76.05", "76.06"):
        assert "tidak ada masukan" in _sel_wilayah(html, kode)
    assert "Apr–Des 2025: tidak ada masukan" in html
    assert "Tidak ada target untuk tahun 2025; target terakhir 2015: 65 persen" in html
    assert "belum lengkap: 2 dari 6 kabupaten/kota melapor" in html
    # two charts drawn at build time; only the child with a value has a bar
    assert html.count("<svg ") == 2
    assert len(re.findall(r'aria-roledescription="bar"', html)) == 1
    assert "nama: Kabupaten Pasangkayu" in html
    # offline: no external resource, a policy that forbids fetching, the registry card
    assert not re.search(r'(src|href)="(https?:)?//', html) and "<link" not in html
    assert "default-src 'none'" in html
    assert "<details><summary>Kartu indikator" in html and "Jumlah peserta KB aktif" in html
    assert "@media print" in html and "break-before:page" in html


@pytest.mark.parametrize(
    ("wilayah", "tahun", "pesan"),
    [
        ("99.99", "2025", "tidak ada di master wilayah"),
        ("76.01.01.2003", "2025", "adalah desa/kelurahan"),
        ("76", "2024", "Tahun yang ada untuk wilayah ini: 2025"),
    ],
)
def test_refusals_are_sentences_without_traceback(keluaran, tmp_path, wilayah, tahun, pesan):
    result = runner.invoke(
        app,
        [
            "laporan",
            "--wilayah",
            wilayah,
            "--tahun",
            tahun,
            "--keluaran",
            str(keluaran),
            "--out",
            str(tmp_path / "lap"),
        ],
    )
    assert result.exit_code == 1
    assert pesan in result.output and "Traceback" not in result.output
    assert not (tmp_path / "lap").exists()


def test_no_output_yet(tmp_path):
    result = runner.invoke(
        app, ["laporan", "--wilayah", "76", "--tahun", "2025", "--keluaran", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "jalankan 'indikator run' dulu" in result.output


def test_numbers_the_indonesian_way():
    assert ubah_angka(59.304575) == "59,30"
    assert ubah_angka(119_867.0) == "119.867"
    assert ubah_angka(1_234.5) == "1.234,50"
    assert ubah_angka(None) == "" and ubah_angka(float("nan")) == ""
    assert ubah_nilai(59.304575, "persen") == "59,30 %"
    assert ubah_nilai(732.0, "kelompok") == "732 kelompok"


def test_period_kind_derived_or_taken_from_the_column():
    frame = pd.DataFrame({"bulan": [1, None, None], "semester": [None, 2, None]})
    assert cari_jenis_periode(frame).tolist() == ["bulanan", "semesteran", "tahunan"]
    frame["jenis_periode"] = ["x", "y", "z"]
    assert cari_jenis_periode(frame).tolist() == ["x", "y", "z"]


def test_missing_months_as_ranges():
    rows = pd.DataFrame({"bulan": [1, 2, 3, 5, 6], "nilai": [1.0, 2.0, None, 4.0, 5.0]})
    teks = jelaskan_bulan_kosong(rows, 2025)
    assert teks == (
        "Bulan tanpa nilai — Apr, Jul–Des 2025: tidak ada masukan (data bulan itu belum "
        "diterima); Mar 2025: penyebut 0."
    )
    assert jelaskan_bulan_kosong(rows.iloc[0:0], 2025) == ""


def _karantina(**kolom):
    dasar = {
        "berkas": "a.csv",
        "baris": 5,
        "aturan": "angka_negatif",
        "tingkat_masalah": "galat",
        "sumber": "s",
        "tindakan": "t",
    }
    return pd.DataFrame([{**dasar, **kolom}])


def test_quarantine_rows_placed_in_the_region():
    asal = pd.DataFrame(
        {
            "berkas": ["a.csv", "a.csv", "a.csv", "b.csv"],
            "baris": [4, 6, 9, 2],
            "kode_wilayah": ["76.03.01.2001", "76.03.01.2002", "76.03.02.2001", "76.05.01.2001"],
        }
    )
    # a warning row has its component row: the exact region
    tepat = tempatkan_karantina(_karantina(baris=6, tingkat_masalah="peringatan"), asal, "76.03")
    assert tepat[["kode_wilayah", "penempatan"]].to_numpy().tolist() == [["76.03.01.2002", "baris"]]
    # a quarantined row between two rows of one kecamatan lies in that kecamatan
    kira = tempatkan_karantina(_karantina(baris=5), asal, "76.03.01")
    assert kira[["kode_wilayah", "penempatan"]].to_numpy().tolist() == [["76.03.01", "perkiraan"]]
    # between two kecamatan: only the kabupaten is known; not placed in either kecamatan
    assert tempatkan_karantina(_karantina(baris=7), asal, "76.03.02").empty
    assert len(tempatkan_karantina(_karantina(baris=7), asal, "76.03")) == 1
    # a file of another region is not the region's problem
    assert tempatkan_karantina(_karantina(berkas="b.csv", baris=3), asal, "76.03").empty
    # a file refused whole has no row and no component: shown, saying its region is unknown
    seluruh = tempatkan_karantina(
        _karantina(berkas="c.csv", baris=None, aturan="berkas_ditolak"), asal, "76.03"
    )
    assert seluruh["penempatan"].tolist() == ["seluruh_berkas"]


def test_reasons_for_a_missing_value():
    kosong = pd.DataFrame(columns=["kode_wilayah", "tingkat_masalah", "sumber", "penempatan"])
    baris = pd.Series(
        {"nilai": None, "penyebut": 0.0, "jumlah_wilayah_lapor": 3, "jumlah_wilayah_seharusnya": 3}
    )
    assert jelaskan_kosong(baris, "76.01", "kabupaten", kosong, {"s"}, "PUS").jenis == (
        "penyebut_nol"
    )
    assert jelaskan_kosong(None, "76.01", "kabupaten", kosong, {"s"}, "PUS").jenis == (
        "tidak_ada_masukan"
    )
    ditolak = _karantina(kode_wilayah="76.01.02.2001", penempatan="perkiraan")
    alasan = jelaskan_kosong(None, "76.01", "kabupaten", ditolak, {"s"}, "PUS")
    assert alasan.jenis == "dikarantina" and "1 baris ditolak (aturan angka_negatif)" in alasan.teks
    # a quarantined row of another indicator's source is not the reason
    lain = jelaskan_kosong(None, "76.01", "kabupaten", ditolak, {"lain"}, "PUS")
    assert lain.jenis == "tidak_ada_masukan"
    sebagian = baris.copy()
    sebagian[["nilai", "penyebut", "jumlah_wilayah_lapor"]] = [50.0, 10.0, 2]
    alasan = jelaskan_kosong(sebagian, "76.01", "kabupaten", kosong, {"s"}, "PUS")
    assert alasan.teks == "belum lengkap: 2 dari 3 kecamatan melapor"
    sebagian["jumlah_wilayah_lapor"] = 3
    assert jelaskan_kosong(sebagian, "76.01", "kabupaten", kosong, {"s"}, "PUS") is None
    # every kecamatan reported, two desa did not (a quarantined duplicate name)
    desa = sebagian.copy()
    desa["jumlah_desa_lapor"], desa["jumlah_desa_seharusnya"] = 175, 177
    alasan = jelaskan_kosong(desa, "53.01", "kabupaten", kosong, {"s"}, "PUS")
    assert alasan.teks == "belum lengkap: 175 dari 177 desa melapor"
    desa["jumlah_wilayah_lapor"] = 2
    alasan = jelaskan_kosong(desa, "53.01", "kabupaten", kosong, {"s"}, "PUS")
    assert alasan.teks == "belum lengkap: 2 dari 3 kecamatan melapor, 175 dari 177 desa melapor"
    kec = jelaskan_kosong(desa, "53.01.06", "kecamatan", kosong, {"s"}, "PUS")
    assert kec.teks == "belum lengkap: 2 dari 3 desa/kelurahan melapor"  # its children: once


def test_target_note_names_the_last_target_and_its_basis():
    katalog = muat_katalog()
    baris = pd.Series({"target": None})
    teks = buat_catatan_target(baris, katalog, "spm.02", "76", 2025)
    assert teks.startswith("Tidak ada target untuk tahun 2025; target terakhir 2015: 65 persen")
    assert "Perbup Purworejo 32/2013" in teks
    assert "katalog tidak memuat target" in buat_catatan_target(
        baris, katalog, "siga.mkjp", "76", 2025
    )
    baris["catatan_target"] = "dari kolom catatan_target"
    assert buat_catatan_target(baris, katalog, "spm.02", "76", 2025) == (
        "dari kolom catatan_target"
    )


def test_bar_chart_never_draws_a_missing_value_as_zero():
    data = pd.DataFrame(
        {
            "nama": ["A", "B", "C"],
            "nilai": pd.array([50.0, None, 70.0], dtype="Float64"),
            "status": ["memenuhi target", "tanpa target", "belum memenuhi target"],
            "keterangan": ["", "tidak ada nilai — penyebut 0", ""],
        }
    )
    svg = buat_grafik_anak(data, "persen", 60.0, "uji")
    assert svg.startswith("<svg ") and 'data-grafik="uji"' in svg
    bars = re.findall(r'<path aria-label="([^"]*)"[^>]*aria-roledescription="bar"', svg)
    assert [re.search(r"nama: (\w)", b).group(1) for b in bars] == ["A", "C"]
    assert "tidak ada nilai — penyebut 0" in svg and "target 60" in svg
