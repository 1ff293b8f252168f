"""Hostile-file defences: preflight refusals, limits, defusedxml, safe names, formula escaping.

Every hostile file is built in ``tmp_path`` at test time; no binary fixture is committed.
"""

from __future__ import annotations

import csv
import os
import re
import struct
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml
import pandas as pd
import pytest
from defusedxml import EntitiesForbidden
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import keamanan
from transforms.keamanan import (
    Batas,
    BerkasBerbahaya,
    escape_kolom_teks,
    escape_sel,
    muat_batas,
    nama_aman,
    pastikan_defusedxml,
    periksa_berkas,
    tulis_csv_aman,
    tulis_xlsx_aman,
)
from transforms.read import BerkasTidakTerbaca

MB = 1 << 20
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)
SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    b"%s</sheetData></worksheet>"
)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --------------------------------------------------------------------------- builders


def _zip(path: Path, anggota: dict[str, bytes], content_types: bool = True) -> Path:
    """A small OOXML-looking zip (deflated) with the given members."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if content_types:
            z.writestr("[Content_Types].xml", CONTENT_TYPES)
        for nama, isi in anggota.items():
            z.writestr(nama, isi)
    return path


def _lembar(path: Path, baris_tambahan: bytes = b"", awalan: bytes = b"") -> Path:
    return _zip(path, {"xl/worksheets/sheet1.xml": awalan + SHEET % baris_tambahan})


def _xlsx_openpyxl(path: Path) -> Path:
    buku = openpyxl.Workbook()
    buku.active["A1"] = "x"
    buku.active["A2"] = 1
    buku.save(path)
    return path


def _ganti_anggota(src: Path, dst: Path, nama: str, isi: bytes) -> Path:
    with zipfile.ZipFile(src) as lama, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as baru:
        for info in lama.infolist():
            baru.writestr(info.filename, isi if info.filename == nama else lama.read(info))
    return dst


def _ubah_ukuran_dinyatakan(path: Path, nama: str, ukuran: int) -> None:
    """Patch the uncompressed size a zip declares for one member (central and local headers)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(nama)
    struct.pack_into("<I", data, info.header_offset + 22, ukuran)
    nama_b = nama.encode()
    posisi = data.find(b"PK\x01\x02")
    while posisi >= 0:
        (panjang,) = struct.unpack_from("<H", data, posisi + 28)
        if data[posisi + 46 : posisi + 46 + panjang] == nama_b:
            struct.pack_into("<I", data, posisi + 24, ukuran)
        posisi = data.find(b"PK\x01\x02", posisi + 4)
    path.write_bytes(bytes(data))


def _ole2(path: Path, nama_stream: list[str]) -> Path:
    """Header of a compound file with one directory sector naming ``nama_stream``."""
    header = bytearray(512)
    header[:8] = OLE2
    struct.pack_into("<H", header, 0x1E, 9)  # 512-byte sectors
    struct.pack_into("<I", header, 0x30, 0)  # first directory sector
    sektor = bytearray(512)
    for i, nama in enumerate(["Root Entry", *nama_stream][:4]):
        kode = (nama + "\x00").encode("utf-16-le")
        sektor[i * 128 : i * 128 + len(kode)] = kode
        struct.pack_into("<H", sektor, i * 128 + 0x40, len(kode))
    path.write_bytes(bytes(header) + bytes(sektor) + bytes(1024))
    return path


def _ditolak(path: Path, batas: Batas | None = None, **kwargs: object) -> str:
    with pytest.raises(BerkasBerbahaya) as info:
        periksa_berkas(path, batas, **kwargs)
    pesan = str(info.value)
    assert pesan.startswith(f"Berkas '{path.name}' ditolak: ")
    return pesan


# --------------------------------------------------------------------------- exception, limits


def test_berkas_berbahaya_is_an_unreadable_file():
    assert issubclass(BerkasBerbahaya, BerkasTidakTerbaca)


def test_default_limits_come_from_the_catalog_with_a_comment_each():
    teks = keamanan.BATAS_YAML.read_text(encoding="utf-8")
    batas = Batas()
    baris = teks.splitlines()
    for nama in Batas.__dataclass_fields__:
        i = next(i for i, b in enumerate(baris) if b.startswith(f"{nama}:"))
        assert baris[i - 1].startswith("#"), f"{nama} has no comment"
        assert float(baris[i].split(":", 1)[1]) == getattr(batas, nama)
    assert batas.ukuran_maks_xlsx == 50 * MB
    assert batas.rasio_kompresi_maks == 100.0


def test_environment_overrides_limits(monkeypatch, tmp_path):
    monkeypatch.setenv("INDIKATOR_BATAS_UKURAN_MAKS_XLSX", "100MB")
    monkeypatch.setenv("INDIKATOR_BATAS_UKURAN_MAKS_CSV", "10")
    batas = muat_batas()
    assert batas.ukuran_maks_xlsx == 100 * MB
    assert batas.ukuran_maks_csv == 10
    csv_path = tmp_path / "a.csv"
    csv_path.write_text("kode;nama\n01;x\n", encoding="utf-8")
    assert "batas 10 B" in _ditolak(csv_path)  # periksa_berkas uses muat_batas() by default


def test_limits_from_a_partial_file(tmp_path):
    path = tmp_path / "batas.yaml"
    path.write_text("anggota_zip_maks: 7\nrasio_kompresi_maks: 50.5\n", encoding="utf-8")
    batas = muat_batas(path)
    assert (batas.anggota_zip_maks, batas.rasio_kompresi_maks) == (7, 50.5)
    assert batas.isi_zip_maks == Batas().isi_zip_maks


@pytest.mark.parametrize(
    ("kunci", "nilai"),
    [("INDIKATOR_BATAS_ANGGOTA_ZIP_MAKS", "banyak"), ("INDIKATOR_BATAS_SEL_MAKS", "0")],
)
def test_bad_environment_value_is_refused(monkeypatch, kunci, nilai):
    monkeypatch.setenv(kunci, nilai)
    with pytest.raises(ValueError, match="harus angka"):
        muat_batas()


def test_unknown_environment_limit_is_refused(monkeypatch):
    monkeypatch.setenv("INDIKATOR_BATAS_UKURAN_MAKS_XSLX", "1")  # typo
    with pytest.raises(ValueError, match="tidak dikenal"):
        muat_batas()


@pytest.mark.parametrize("nilai", [0, -1, True, 1.5, "abc"])
def test_batas_rejects_nonsense(nilai):
    with pytest.raises(ValueError):
        Batas(anggota_zip_maks=nilai)


# --------------------------------------------------------------------------- zip bombs


def test_realistic_zip_bomb_is_refused_with_default_limits(tmp_path):
    path = tmp_path / "bom.xlsx"
    nol = bytes(MB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            for _ in range(200):  # 200 MB of zeros, about 200 KB on disk
                f.write(nol)
    assert path.stat().st_size < MB
    pesan = _ditolak(path)  # decided while streaming: refused long before 200 MB are inflated
    assert "kemungkinan zip bomb" in pesan
    assert re.search(r"dimampatkan \d+:1 \(200 MB dari .*\), melebihi batas 100:1", pesan)


def test_declared_total_above_limit_is_refused(tmp_path):
    path = _lembar(tmp_path / "besar.xlsx")
    _ubah_ukuran_dinyatakan(path, "xl/worksheets/sheet1.xml", int(2.1 * (1 << 30)))
    pesan = _ditolak(path)
    assert "ukuran isi setelah dibuka 2.1 GB melebihi batas 500 MB (kemungkinan zip bomb)" in pesan


def test_total_with_a_lower_limit(tmp_path):
    path = _zip(tmp_path / "acak.xlsx", {"xl/media/a.bin": os.urandom(2 * MB)})
    assert "2 MB melebihi batas 1 MB" in _ditolak(path, Batas(isi_zip_maks=MB))
    periksa_berkas(path, Batas(isi_zip_maks=3 * MB))


def test_overall_ratio_with_many_small_members(tmp_path):
    anggota = {f"xl/a{i}.bin": bytes(512 * 1024) for i in range(4)}  # each under the threshold
    path = _zip(tmp_path / "banyak.xlsx", anggota)
    assert "secara keseluruhan" in _ditolak(path)


def test_member_larger_than_declared_is_refused(tmp_path):
    path = _zip(tmp_path / "bohong.xlsx", {"xl/a.bin": bytes(5 * MB)})
    _ubah_ukuran_dinyatakan(path, "xl/a.bin", 1000)  # small enough to skip the ratio check
    pesan = _ditolak(path)
    assert "lebih besar dari yang dinyatakan (1000 B)" in pesan


def test_too_many_members(tmp_path):
    path = _zip(tmp_path / "banyak.xlsx", {f"xl/a{i}.xml": b"<a/>" for i in range(10)})
    periksa_berkas(path, Batas(anggota_zip_maks=11))
    pesan = _ditolak(path, Batas(anggota_zip_maks=10))
    assert "arsip berisi 11 bagian, melebihi batas 10" in pesan


def test_member_count_is_checked_before_the_archive_is_opened(tmp_path, monkeypatch):
    path = _zip(tmp_path / "banyak.xlsx", {f"xl/a{i}.xml": b"<a/>" for i in range(10)})

    def jangan_dibuka(*args, **kwargs):
        raise AssertionError("ZipFile must not read a central directory that is too large")

    monkeypatch.setattr(keamanan.zipfile, "ZipFile", jangan_dibuka)
    assert "arsip berisi 11 bagian" in _ditolak(path, Batas(anggota_zip_maks=10))


def test_duplicate_member_names_are_refused(tmp_path):
    path = tmp_path / "ganda.xlsx"
    with zipfile.ZipFile(path, "w") as z, pytest.warns(UserWarning, match="Duplicate"):
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", b"<a/>")
        z.writestr("xl/workbook.xml", b"<b/>")
    assert "nama bagian arsip ganda" in _ditolak(path)


def test_unusual_compression_is_refused(tmp_path):
    path = tmp_path / "bzip.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
    assert "metode kompresi 12" in _ditolak(path)


def test_stored_members_pass_and_are_measured(tmp_path):
    path = tmp_path / "simpan.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/worksheets/sheet1.xml", SHEET % b"")
    periksa_berkas(path)
    _ubah_ukuran_dinyatakan(path, "xl/worksheets/sheet1.xml", 10)
    assert "lebih besar dari yang dinyatakan (10 B)" in _ditolak(path)


@pytest.mark.parametrize("nama", ["../../evil.xml", "xl/../../evil.xml", "/etc/evil.xml"])
def test_member_escaping_the_folder_is_refused(tmp_path, nama):
    path = _zip(tmp_path / "jalan.xlsx", {nama: b"<a/>"})
    assert "keluar dari folder" in _ditolak(path)


def test_zip_without_content_types_is_not_excel(tmp_path):
    path = _zip(tmp_path / "zip.xlsx", {"a.txt": b"halo"}, content_types=False)
    assert "bukan berkas Excel yang sah" in _ditolak(path)


def test_truncated_zip_is_refused(tmp_path):
    utuh = _lembar(tmp_path / "utuh.xlsx").read_bytes()
    path = tmp_path / "potong.xlsx"
    path.write_bytes(utuh[: len(utuh) // 2])
    assert "bukan arsip zip yang sah" in _ditolak(path)


def test_corrupt_deflate_data_is_refused(tmp_path):
    path = _zip(tmp_path / "rusak.xlsx", {"xl/a.bin": os.urandom(4096)})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/a.bin")
    awal = info.header_offset + 30 + len(info.filename)
    data[awal : awal + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    assert "rusak" in _ditolak(path)


# --------------------------------------------------------------------------- memory bombs in XML


def test_far_cell_that_would_abort_calamine_is_refused(tmp_path):
    # one cell at A1 and one at XFD1048576: calamine would allocate 512 GB and abort
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>z</t></is></c></row>'
    pesan = _ditolak(_lembar(tmp_path / "jauh.xlsx", far))
    assert "1.048.576 baris x 16.384 kolom" in pesan
    assert "melebihi batas 25.000.000 sel" in pesan


@pytest.mark.parametrize(
    "sel",
    [
        b"<c r='XFD1048576'/>",  # single quotes
        b'<c  t="n"\n r = "xfd1048576"/>',  # spacing and lower case
        b'<x:c r="XFD1048576"/>',  # namespace prefix
        b"<c/>" * 3,  # no r at all: placed after the previous cell
    ],
)
def test_far_cell_variants_are_refused(tmp_path, sel):
    baris = b'<row r="1048576">' + sel + b"</row>"
    batas = Batas(sel_maks=2_000_000)
    assert "sel" in _ditolak(_lembar(tmp_path / "jauh.xlsx", baris), batas)


def test_row_and_column_limits(tmp_path):
    path = _lembar(tmp_path / "baris.xlsx", b'<row r="2000"><c r="C2000"/></row>')
    periksa_berkas(path, Batas(baris_maks=2000, kolom_maks=3))
    assert "baris ke-2.000" in _ditolak(path, Batas(baris_maks=1999))
    assert "kolom ke-3" in _ditolak(path, Batas(kolom_maks=2))


def test_shared_strings_count_that_would_abort_calamine_is_refused(tmp_path):
    sst = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'count="1" uniqueCount="4000000000"><si><t>a</t></si></sst>'
    )
    path = _zip(tmp_path / "sst.xlsx", {"xl/sharedStrings.xml": sst})
    assert "4.000.000.000 teks unik" in _ditolak(path)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def test_xml_with_a_dtd_is_refused_by_the_preflight(tmp_path):
    path = _lembar(tmp_path / "lol.xlsx", awalan=BILLION_LAUGHS)
    assert "DTD/entitas XML" in _ditolak(path)


def test_broken_xml_is_refused(tmp_path):
    path = _zip(tmp_path / "xml.xlsx", {"xl/workbook.xml": b"<workbook><sheets></workbook>"})
    assert "berisi XML yang rusak" in _ditolak(path)


# --------------------------------------------------------------------------- not what they claim


def test_html_renamed_xlsx(tmp_path):
    path = tmp_path / "laporan.xlsx"
    path.write_text("<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table>", "utf-8")
    pesan = _ditolak(path)
    assert "bukan berkas Excel yang sah" in pesan
    assert "HTML" in pesan


def test_csv_renamed_xlsx(tmp_path):
    path = tmp_path / "laporan.xlsx"
    path.write_text("KODE;NAMA;JUMLAH\n76.01;Majene;10\n", encoding="utf-8")
    assert "teks CSV" in _ditolak(path)


def test_old_xls_renamed_xlsx(tmp_path):
    pesan = _ditolak(_ole2(tmp_path / "lama.xlsx", ["Workbook"]))
    assert "Excel lama (.xls" in pesan


def test_old_xls_is_allowed_but_size_checked(tmp_path):
    path = _ole2(tmp_path / "lama.xls", ["Workbook"])
    periksa_berkas(path)
    assert "melebihi batas 1 KB" in _ditolak(path, Batas(ukuran_maks_xlsx=1024))


@pytest.mark.parametrize("nama", ["rahasia.xlsx", "rahasia.xls"])
def test_password_protected_workbook(tmp_path, nama):
    path = _ole2(tmp_path / nama, ["EncryptionInfo", "EncryptedPackage"])
    assert "dilindungi kata sandi" in _ditolak(path)


def test_oversized_csv_with_a_small_limit(tmp_path):
    path = tmp_path / "besar.csv"
    path.write_bytes(b"a;b\n" + b"1;2\n" * 24)  # 100 bytes
    periksa_berkas(path, Batas(ukuran_maks_csv=100))
    pesan = _ditolak(path, Batas(ukuran_maks_csv=99))
    assert "ukuran 100 B melebihi batas 99 B" in pesan


@pytest.mark.parametrize("nama", ["kosong.csv", "kosong.xlsx"])
def test_empty_file(tmp_path, nama):
    path = tmp_path / nama
    path.write_bytes(b"")
    assert "berkas kosong" in _ditolak(path)


def test_missing_file_and_folder(tmp_path):
    assert "tidak ditemukan" in _ditolak(tmp_path / "tidak-ada.xlsx")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    assert "bukan berkas biasa" in _ditolak(folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_named_pipe_is_refused_without_blocking(tmp_path):
    pipa = tmp_path / "pipa.csv"
    os.mkfifo(pipa)
    assert "bukan berkas biasa" in _ditolak(pipa)


def test_symlink_must_stay_inside_its_folder(tmp_path):
    luar = tmp_path / "luar.csv"
    luar.write_text("a;b\n1;2\n", encoding="utf-8")
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    tautan = masuk / "data.csv"
    tautan.symlink_to(luar)
    assert "luar folder" in _ditolak(tautan)
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
    periksa_berkas(_xlsx_openpyxl(tmp_path / "biasa.xlsx"))


# --------------------------------------------------------------------------- defusedxml


def test_openpyxl_uses_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True
    pastikan_defusedxml()


def test_pastikan_defusedxml_fails_without_it(monkeypatch):
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="defusedxml"):
        pastikan_defusedxml()


def test_openpyxl_refuses_billion_laughs(tmp_path):
    src = _xlsx_openpyxl(tmp_path / "biasa.xlsx")
    with zipfile.ZipFile(src) as z:
        lembar = z.read("xl/worksheets/sheet1.xml")
    lembar = BILLION_LAUGHS + lembar.replace(b"<t>x</t>", b"<t>&lol3;</t>")
    path = _ganti_anggota(src, tmp_path / "lol.xlsx", "xl/worksheets/sheet1.xml", lembar)
    with pytest.raises(Exception) as info:  # openpyxl wraps the defusedxml error
        openpyxl.load_workbook(path)
    rantai = [info.value, info.value.__cause__, info.value.__context__]
    assert any(isinstance(e, EntitiesForbidden) for e in rantai), rantai


# --------------------------------------------------------------------------- formula escaping


@pytest.mark.parametrize(
    ("nilai", "hasil"),
    [
        ("=1+1", "'=1+1"),
        ("+6281234567890", "'+6281234567890"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tabc", "'\tabc"),
        ("\rabc", "'\rabc"),
        ("'ok'", "'ok'"),
        ("abc", "abc"),
        ("", ""),
        (-5, -5),
        (-5.5, -5.5),
        (None, None),
    ],
)
def test_escape_sel(nilai, hasil):
    assert escape_sel(nilai) == hasil


def test_escape_kolom_teks_leaves_numbers_and_missing_values():
    frame = pd.DataFrame(
        {"teks": ["=cmd", None, "abc"], "angka": [-5, 3, 0], "campur": ["-1", -1, float("nan")]}
    )
    hasil = escape_kolom_teks(frame)
    assert hasil["teks"].tolist()[0::2] == ["'=cmd", "abc"]
    assert pd.isna(hasil["teks"].iloc[1])
    assert hasil["angka"].tolist() == [-5, 3, 0]
    assert hasil["campur"].tolist()[:2] == ["'-1", -1]
    assert pd.isna(hasil["campur"].iloc[2])
    assert frame["teks"].iloc[0] == "=cmd"  # the input is not modified


def test_escape_kolom_teks_with_odd_column_names():
    frame = pd.DataFrame([["=a", "=b", 1]], columns=[0, 0, "n"])
    assert escape_kolom_teks(frame).iloc[0].tolist() == ["'=a", "'=b", 1]


def test_tulis_xlsx_aman_round_trip(tmp_path):
    frames = {
        "data/2024": pd.DataFrame(
            {"=judul": ["=1+1", "abc", None], "nilai": [-5, 2, 3], "pecahan": [1.5, None, 2.0]}
        ),
        "kedua": pd.DataFrame({"x": ["@SUM(A1)"]}),
    }
    path = tmp_path / "keluar.xlsx"
    tulis_xlsx_aman(frames, path)
    periksa_berkas(path)
    buku = openpyxl.load_workbook(path)
    assert buku.sheetnames == ["data_2024", "kedua"]
    lembar = buku["data_2024"]
    assert (lembar["A1"].value, lembar["A1"].data_type) == ("'=judul", "s")
    assert (lembar["A2"].value, lembar["A2"].data_type) == ("'=1+1", "s")
    assert lembar["A3"].value == "abc"
    assert lembar["A4"].value is None
    assert (lembar["B2"].value, lembar["B2"].data_type) == (-5, "n")
    assert lembar["C3"].value is None
    assert (buku["kedua"]["A2"].value, buku["kedua"]["A2"].data_type) == ("'@SUM(A1)", "s")
    for baris in buku.worksheets[0].iter_rows():
        assert all(sel.data_type != "f" for sel in baris)


def test_tulis_xlsx_aman_drops_characters_xml_cannot_hold(tmp_path):
    path = tmp_path / "kendali.xlsx"
    tulis_xlsx_aman({"a": pd.DataFrame({"x": ["\x01=cmd", "a\x00b"]})}, path)
    lembar = openpyxl.load_workbook(path).active
    assert [lembar["A2"].value, lembar["A3"].value] == ["'=cmd", "ab"]


def test_tulis_csv_aman(tmp_path):
    frame = pd.DataFrame({"nama": ['=HYPERLINK("http://x")', "Majene"], "jumlah": [-5, 10]})
    path = tmp_path / "keluar.csv"
    tulis_csv_aman(frame, path, index=False, sep=";")
    baris = path.read_text(encoding="utf-8").splitlines()
    assert baris[0] == "nama;jumlah"
    assert baris[1] == '"\'=HYPERLINK(""http://x"")";-5'
    assert baris[2] == "Majene;10"
    assert next(csv.reader(baris[1:2], delimiter=";"))[0].startswith("'=")


def test_tulis_csv_aman_escapes_headers_and_index(tmp_path):
    path = tmp_path / "judul.csv"
    tulis_csv_aman(pd.DataFrame({"=cmd": [1]}), path, index=False)
    assert path.read_text(encoding="utf-8").splitlines()[0] == "'=cmd"
    frame = pd.DataFrame({"a": [1]}, index=pd.Index(["@idx"], name="+nama"))
    tulis_csv_aman(frame, path)
    assert path.read_text(encoding="utf-8").splitlines() == ["'+nama,a", "'@idx,1"]


# --------------------------------------------------------------------------- safe names


@pytest.mark.parametrize(
    ("nama", "hasil"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("CON.csv", "CON_.csv"),
        ("nul", "nul_"),
        ("com1.tar.gz", "com1_.tar.gz"),
        ("\x00evil.csv", "evil.csv"),
        (".hidden", "hidden"),
        ("..", "berkas"),
        ("", "berkas"),
        ("Laporan Januari (1).xlsx", "Laporan_Januari_1_.xlsx"),
        ("Rekap Désa—Sulbar.xlsx", "Rekap_Desa_Sulbar.xlsx"),
        ("a..b.csv", "a.b.csv"),
        ("-rf.csv", "rf.csv"),
    ],
)
def test_nama_aman(nama, hasil):
    assert nama_aman(nama) == hasil


def test_nama_aman_caps_length_and_keeps_extension():
    hasil = nama_aman("a" * 500 + ".xlsx")
    assert len(hasil) == 120
    assert hasil.endswith(".xlsx")


def test_nama_aman_reserved_name_hidden_after_truncation():
    assert nama_aman("CON" + "_" * 130 + "x") == "CON_"  # cut to "CON___...", then stripped
    assert nama_aman("CON" + "." * 130) == "CON_"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_nama_aman_properties(nama):
    hasil = nama_aman(nama)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}", hasil)
    assert ".." not in hasil
    assert hasil.split(".")[0].upper() not in keamanan._NAMA_WINDOWS
    assert nama_aman(hasil) == hasil
