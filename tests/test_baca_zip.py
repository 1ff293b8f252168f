"""Zip checks of the preflight: zip bombs, hostile member names, broken archives.

Every hostile file is built in ``tmp_path`` at test time; no binary fixture is committed.
"""

from __future__ import annotations

import os
import re
import zipfile

import pytest

import transforms.baca.zip as baca_zip
from schemas.batas import Batas
from tests.berkas_uji import (
    CONTENT_TYPES,
    MB,
    SHEET,
    buat_lembar,
    buat_zip,
    ditolak,
    ubah_ukuran_dinyatakan,
)
from transforms.baca.aman import periksa_berkas


def test_realistic_zip_bomb_is_refused_with_default_limits(tmp_path):
    path = tmp_path / "bom.xlsx"
    nol = bytes(MB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            for _ in range(200):  # 200 MB of zeros, about 200 KB on disk
                f.write(nol)
    assert path.stat().st_size < MB
    pesan = ditolak(path)  # decided while streaming: refused long before 200 MB are inflated
    assert "kemungkinan zip bomb" in pesan
    assert re.search(r"dimampatkan \d+:1 \(200 MB dari .*\), melebihi batas 100:1", pesan)


def test_declared_total_above_limit_is_refused(tmp_path):
    path = buat_lembar(tmp_path / "besar.xlsx")
    ubah_ukuran_dinyatakan(path, "xl/worksheets/sheet1.xml", int(2.1 * (1 << 30)))
    pesan = ditolak(path)
    assert "ukuran isi setelah dibuka 2.1 GB melebihi batas 500 MB (kemungkinan zip bomb)" in pesan


def test_total_with_a_lower_limit(tmp_path):
    # random bytes that never look like XML (1 in ~250 urandom draws began with "<")
    isi = b"\x00" + os.urandom(2 * MB - 1)
    path = buat_zip(tmp_path / "acak.xlsx", {"xl/media/a.bin": isi})
    assert "2 MB melebihi batas 1 MB" in ditolak(path, Batas(isi_zip_maks=MB))
    periksa_berkas(path, Batas(isi_zip_maks=3 * MB))


def test_overall_ratio_with_many_small_members(tmp_path):
    anggota = {f"xl/a{i}.bin": bytes(512 * 1024) for i in range(4)}  # each under the threshold
    path = buat_zip(tmp_path / "banyak.xlsx", anggota)
    assert "secara keseluruhan" in ditolak(path)


def test_member_larger_than_declared_is_refused(tmp_path):
    path = buat_zip(tmp_path / "bohong.xlsx", {"xl/a.bin": bytes(5 * MB)})
    ubah_ukuran_dinyatakan(path, "xl/a.bin", 1000)  # small enough to skip the ratio check
    pesan = ditolak(path)
    assert "lebih besar dari yang dinyatakan (1000 B)" in pesan


def test_too_many_members(tmp_path):
    path = buat_zip(tmp_path / "banyak.xlsx", {f"xl/a{i}.xml": b"<a/>" for i in range(10)})
    periksa_berkas(path, Batas(anggota_zip_maks=11))
    pesan = ditolak(path, Batas(anggota_zip_maks=10))
    assert "arsip berisi 11 bagian, melebihi batas 10" in pesan


def test_member_count_is_checked_before_the_archive_is_opened(tmp_path, monkeypatch):
    path = buat_zip(tmp_path / "banyak.xlsx", {f"xl/a{i}.xml": b"<a/>" for i in range(10)})

    def jangan_dibuka(*args, **kwargs):
        raise AssertionError("ZipFile must not read a central directory that is too large")

    monkeypatch.setattr(baca_zip.zipfile, "ZipFile", jangan_dibuka)
    assert "arsip berisi 11 bagian" in ditolak(path, Batas(anggota_zip_maks=10))


def test_duplicate_member_names_are_refused(tmp_path):
    path = tmp_path / "ganda.xlsx"
    with zipfile.ZipFile(path, "w") as z, pytest.warns(UserWarning, match="Duplicate"):
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", b"<a/>")
        z.writestr("xl/workbook.xml", b"<b/>")
    assert "nama bagian arsip ganda" in ditolak(path)


def test_unusual_compression_is_refused(tmp_path):
    path = tmp_path / "bzip.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
    assert "metode kompresi 12" in ditolak(path)


def test_stored_members_pass_and_are_measured(tmp_path):
    path = tmp_path / "simpan.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/worksheets/sheet1.xml", SHEET % b"")
    periksa_berkas(path)
    ubah_ukuran_dinyatakan(path, "xl/worksheets/sheet1.xml", 10)
    assert "lebih besar dari yang dinyatakan (10 B)" in ditolak(path)


@pytest.mark.parametrize("nama", ["../../evil.xml", "xl/../../evil.xml", "/etc/evil.xml"])
def test_member_escaping_the_folder_is_refused(tmp_path, nama):
    path = buat_zip(tmp_path / "jalan.xlsx", {nama: b"<a/>"})
    assert "keluar dari folder" in ditolak(path)


def test_zip_without_content_types_is_not_excel(tmp_path):
    path = buat_zip(tmp_path / "zip.xlsx", {"a.txt": b"halo"}, content_types=False)
    assert "bukan berkas Excel yang sah" in ditolak(path)


def test_truncated_zip_is_refused(tmp_path):
    utuh = buat_lembar(tmp_path / "utuh.xlsx").read_bytes()
    path = tmp_path / "potong.xlsx"
    path.write_bytes(utuh[: len(utuh) // 2])
    assert "bukan arsip zip yang sah" in ditolak(path)


def test_corrupt_deflate_data_is_refused(tmp_path):
    path = buat_zip(tmp_path / "rusak.xlsx", {"xl/a.bin": os.urandom(4096)})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/a.bin")
    awal = info.header_offset + 30 + len(info.filename)
    data[awal : awal + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    assert "rusak" in ditolak(path)
