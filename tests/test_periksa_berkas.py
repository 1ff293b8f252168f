"""Preflight of a file: type by content, OLE2 and passwords, size, file system, real files pass."""

from __future__ import annotations

import os

import pytest

from schemas.batas import Batas
from tests.berkas_uji import buat_ole2, buat_xlsx_openpyxl, ditolak
from transforms.baca.aman import periksa_berkas
from transforms.baca.tabel import BerkasTidakTerbaca
from transforms.baca.tolak import BerkasBerbahaya

# --------------------------------------------------------------------------- exception


def test_berkas_berbahaya_is_an_unreadable_file():
    assert issubclass(BerkasBerbahaya, BerkasTidakTerbaca)


# --------------------------------------------------------------------------- not what they claim


def test_html_renamed_xlsx(tmp_path):
    path = tmp_path / "laporan.xlsx"
    path.write_text("<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table>", "utf-8")
    pesan = ditolak(path)
    assert "bukan berkas Excel yang sah" in pesan
    assert "HTML" in pesan


def test_csv_renamed_xlsx(tmp_path):
    path = tmp_path / "laporan.xlsx"
    path.write_text("KODE;NAMA;JUMLAH\n76.01;Majene;10\n", encoding="utf-8")
    assert "teks CSV" in ditolak(path)


def test_old_xls_renamed_xlsx(tmp_path):
    pesan = ditolak(buat_ole2(tmp_path / "lama.xlsx", ["Workbook"]))
    assert "Excel lama (.xls" in pesan


def test_old_xls_is_allowed_but_size_checked(tmp_path):
    path = buat_ole2(tmp_path / "lama.xls", ["Workbook"])
    periksa_berkas(path)
    assert "melebihi batas 1 KB" in ditolak(path, Batas(ukuran_maks_xlsx=1024))


@pytest.mark.parametrize("nama", ["rahasia.xlsx", "rahasia.xls"])
def test_password_protected_workbook(tmp_path, nama):
    path = buat_ole2(tmp_path / nama, ["EncryptionInfo", "EncryptedPackage"])
    assert "dilindungi kata sandi" in ditolak(path)


def test_oversized_csv_with_a_small_limit(tmp_path):
    path = tmp_path / "besar.csv"
    path.write_bytes(b"a;b\n" + b"1;2\n" * 24)  # 100 bytes
    periksa_berkas(path, Batas(ukuran_maks_csv=100))
    pesan = ditolak(path, Batas(ukuran_maks_csv=99))
    assert "ukuran 100 B melebihi batas 99 B" in pesan


@pytest.mark.parametrize("nama", ["kosong.csv", "kosong.xlsx"])
def test_empty_file(tmp_path, nama):
    path = tmp_path / nama
    path.write_bytes(b"")
    assert "berkas kosong" in ditolak(path)


def test_missing_file_and_folder(tmp_path):
    assert "tidak ditemukan" in ditolak(tmp_path / "tidak-ada.xlsx")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    assert "bukan berkas biasa" in ditolak(folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_named_pipe_is_refused_without_blocking(tmp_path):
    pipa = tmp_path / "pipa.csv"
    os.mkfifo(pipa)
    assert "bukan berkas biasa" in ditolak(pipa)


def test_symlink_must_stay_inside_its_folder(tmp_path):
    luar = tmp_path / "luar.csv"
    luar.write_text("a;b\n1;2\n", encoding="utf-8")
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    tautan = masuk / "data.csv"
    tautan.symlink_to(luar)
    assert "luar folder" in ditolak(tautan)
    periksa_berkas(tautan, akar=tmp_path)
    (masuk / "asli.csv").write_text("a;b\n", encoding="utf-8")
    (masuk / "dalam.csv").symlink_to(masuk / "asli.csv")
    periksa_berkas(masuk / "dalam.csv")


def test_file_name_in_message_is_defused(tmp_path):
    path = tmp_path / "a\x1b[31mb.xlsx"
    path.write_bytes(b"")
    with pytest.raises(BerkasBerbahaya, match=r"'a\?\[31mb\.xlsx'"):
        periksa_berkas(path)


# --------------------------------------------------------------------------- real files pass


@pytest.mark.parametrize(
    "relatif",
    [
        "bkkbn-sulbar-simonep/faskes-pelayanan-2024-1.xlsx",
        "jabar-2021-compiled/kesehatan balita di jawa barat 2021.xlsx",
    ],
)
def test_real_workbooks_pass_with_default_limits(realdata, relatif):
    periksa_berkas(realdata / relatif, Batas())


def test_openpyxl_workbook_passes(tmp_path):
    periksa_berkas(buat_xlsx_openpyxl(tmp_path / "biasa.xlsx"))
