"""A file's cached component rows one row group per province
(transforms/langkah/simpanan_provinsi.py): a whole read gives exactly the rows, types, categories
and index that were written; a read without the carried provinces gives exactly the parts
(rows, categories) a whole read gives for the others; a file that cannot be written so is
written as one row group, and a row group record that does not match its file is a miss."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import transforms.langkah.simpanan_provinsi as simpanan_provinsi
import transforms.langkah.tumpahan as tumpahan
from tests.bantu_simpanan import KATALOG, PUS
from transforms.langkah.proses import proses_berkas
from transforms.langkah.simpanan import Simpanan, baca_simpanan, buat_nama_entri, simpan_hasil
from transforms.langkah.tumpahan import batas_provinsi, potong_provinsi
from transforms.terima.simpan import cari_berkas_aktif
from transforms.terima.terima import terima_berkas

ACEH = "ACEH;ACEH SELATAN;BAKONGAN;KEUDE BAKONGAN"
ACEH_2 = "ACEH;ACEH SELATAN;BAKONGAN;UJONG PADANG"
JATENG = "JAWA TENGAH;PURWOREJO;GRABAG;GRABAG"
SULBAR = "SULAWESI BARAT;PASANGKAYU;BAMBALAMOTU;BAMBALAMOTU"
NASIONAL = [ACEH, ACEH_2, JATENG, SULBAR]
"""Rows of three provinces in region order, as a national export is."""


def _hasil(tmp_path: Path, wilayah: list[str]):
    """A SIGA PUS export of one row per region and month (January, February; two components
    each: PUS, unmet need), processed: its record and result."""
    kirim = tmp_path / "kirim"
    kirim.mkdir(exist_ok=True)
    isi = "".join(
        f"{i};{w};{100 + i};{i};{bulan}\n"
        for i, (w, bulan) in enumerate((w, b) for w in wilayah for b in ("JANUARI", "FEBRUARI"))
    )
    (kirim / "data_pus.csv").write_text(PUS + isi, encoding="utf-8")
    raw = tmp_path / "raw"
    terima_berkas(kirim / "data_pus.csv", raw, KATALOG, 2025)
    path, prov = cari_berkas_aktif(raw, None)[0][0]
    return prov, proses_berkas(path, prov, KATALOG)


def _simpan(tmp_path: Path, prov, hasil) -> tuple[Simpanan, dict]:
    simpanan = Simpanan(tmp_path / "cache")
    assert simpan_hasil(simpanan, prov, hasil, batas_provinsi(hasil.komponen))
    isi = json.loads((simpanan.folder / f"{buat_nama_entri(prov)}.json").read_text())
    return simpanan, isi


def _bagian(komponen: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return dict(potong_provinsi(komponen))


@pytest.fixture(params=[1024, 2], ids=["kategori-utuh", "kategori-dipotong"])
def banyak(request, monkeypatch):
    """As written (a test file's four region codes stay whole in each row group), and with
    more than two categories counted as many: the region codes (each row group keeps only its
    range of codes, as a national file's ±83,000 do), not the two components."""
    monkeypatch.setattr(simpanan_provinsi, "KATEGORI_BANYAK", request.param)
    monkeypatch.setattr(tumpahan, "KATEGORI_BANYAK", request.param)
    return request.param


def test_satu_row_group_per_provinsi_dibaca_utuh_dan_sebagian(tmp_path, banyak):
    prov, hasil = _hasil(tmp_path, NASIONAL)
    simpanan, isi = _simpan(tmp_path, prov, hasil)
    assert isi["provinsi"] == [["11", 8], ["33", 4], ["76", 4]]
    berkas = pq.ParquetFile(simpanan.folder / f"{buat_nama_entri(prov)}.komponen.parquet")
    assert berkas.metadata.num_row_groups == 3
    utuh = baca_simpanan(simpanan, prov)
    assert utuh is not None
    pd.testing.assert_frame_equal(utuh.komponen, hasil.komponen, check_exact=True)
    assert list(utuh.komponen["kode_wilayah"].cat.categories) == list(
        hasil.komponen["kode_wilayah"].cat.categories
    )
    harapan = _bagian(hasil.komponen)
    for lewati, sisa in (({"11", "76"}, ["33"]), ({"33"}, ["11", "76"]), ({"11", "33", "76"}, [])):
        sebagian = baca_simpanan(replace(simpanan, lewati=frozenset(lewati)), prov)
        assert sebagian is not None
        assert len(sebagian.komponen) == sum(n for p, n in isi["provinsi"] if p in sisa)
        dapat = _bagian(sebagian.komponen)
        assert sorted(dapat) == sisa
        for p in sisa:  # the same part, categories and all, as from a whole read
            pd.testing.assert_frame_equal(dapat[p], harapan[p], check_exact=True)
            assert list(dapat[p]["kode_wilayah"].cat.categories) == list(
                harapan[p]["kode_wilayah"].cat.categories
            )
        pd.testing.assert_frame_equal(sebagian.masalah, utuh.masalah)
        assert sebagian.akuntansi == utuh.akuntansi
    # a correction's file (``utuh``) is read whole whatever is carried
    semua = baca_simpanan(replace(simpanan, lewati=frozenset({"33"}), utuh={prov.berkas}), prov)
    pd.testing.assert_frame_equal(semua.komponen, hasil.komponen, check_exact=True)


def test_kategori_dipotong_per_row_group(tmp_path, banyak):
    """With many categories, each row group keeps only the codes its province uses."""
    prov, hasil = _hasil(tmp_path, NASIONAL)
    simpanan, _ = _simpan(tmp_path, prov, hasil)
    berkas = pq.ParquetFile(simpanan.folder / f"{buat_nama_entri(prov)}.komponen.parquet")
    kode = [
        len(berkas.read_row_group(i, columns=["kode_wilayah"]).column(0).chunk(0).dictionary)
        for i in range(3)
    ]
    assert kode == ([2, 1, 1] if banyak == 2 else [4, 4, 4])


def test_provinsi_yang_terpisah_satu_row_group(tmp_path):
    """Rows of a province apart (Aceh, Jawa Tengah, Aceh): written as one row group, read
    whole even when provinces are carried (the run cuts them as before)."""
    prov, hasil = _hasil(tmp_path, [ACEH, JATENG, ACEH_2])
    assert batas_provinsi(hasil.komponen) is None
    simpanan, isi = _simpan(tmp_path, prov, hasil)
    assert "provinsi" not in isi
    sebagian = baca_simpanan(replace(simpanan, lewati=frozenset({"11"})), prov)
    pd.testing.assert_frame_equal(sebagian.komponen, hasil.komponen, check_exact=True)


def test_satu_provinsi_tanpa_row_group(tmp_path):
    _prov, hasil = _hasil(tmp_path, [ACEH, ACEH_2])
    assert batas_provinsi(hasil.komponen) is None


def test_kategori_tidak_urut_satu_row_group(tmp_path, monkeypatch):
    """Categories not sorted: a row group cut to a range would not give them back; one row
    group, as before."""
    monkeypatch.setattr(simpanan_provinsi, "KATEGORI_BANYAK", 2)  # the region codes only
    _prov, hasil = _hasil(tmp_path, NASIONAL)
    komponen = hasil.komponen
    kode = komponen["kode_wilayah"].cat.reorder_categories(
        komponen["kode_wilayah"].cat.categories[::-1]
    )
    frame = komponen.assign(kode_wilayah=kode)
    tujuan = tmp_path / "k.parquet"
    assert simpanan_provinsi.tulis_per_provinsi(tujuan, frame, batas_provinsi(komponen)) is None
    assert pq.ParquetFile(tujuan).metadata.num_row_groups == 1
    pd.testing.assert_frame_equal(pd.read_parquet(tujuan), frame, check_exact=True)


def test_row_group_tidak_sesuai_catatan_adalah_miss(tmp_path, caplog):
    """A cached file whose row groups are not those recorded (rewritten by something else):
    a partial read refuses it; the entry is a miss (the file is processed again)."""
    prov, hasil = _hasil(tmp_path, NASIONAL)
    simpanan, _ = _simpan(tmp_path, prov, hasil)
    hasil.komponen.to_parquet(simpanan.folder / f"{buat_nama_entri(prov)}.komponen.parquet")
    assert baca_simpanan(replace(simpanan, lewati=frozenset({"11"})), prov) is None
    assert "rusak" in caplog.text


def test_kategori_banyak_yang_tidak_per_provinsi_satu_row_group(tmp_path, monkeypatch):
    """Many categories every province uses (here the two components, counted as many): no
    range per row group can give them back; one row group, read whole."""
    monkeypatch.setattr(simpanan_provinsi, "KATEGORI_BANYAK", 1)
    prov, hasil = _hasil(tmp_path, NASIONAL)
    simpanan, isi = _simpan(tmp_path, prov, hasil)
    assert "provinsi" not in isi
    sebagian = baca_simpanan(replace(simpanan, lewati=frozenset({"11"})), prov)
    pd.testing.assert_frame_equal(sebagian.komponen, hasil.komponen, check_exact=True)
