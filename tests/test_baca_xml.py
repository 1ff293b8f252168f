"""XML inside a workbook: memory bombs and DTDs refused by the preflight, defusedxml in openpyxl."""

from __future__ import annotations

import zipfile

import openpyxl
import openpyxl.xml
import pytest
from defusedxml import EntitiesForbidden

from schemas.batas import Batas
from tests.berkas_uji import (
    BILLION_LAUGHS,
    buat_lembar,
    buat_xlsx_openpyxl,
    buat_zip,
    ditolak,
    ganti_anggota,
)
from transforms.baca.aman import periksa_berkas
from transforms.baca.xml import pastikan_defusedxml

# --------------------------------------------------------------------------- memory bombs in XML


def test_far_cell_that_would_abort_calamine_is_refused(tmp_path):
    # one cell at A1 and one at XFD1048576: calamine would allocate 512 GB and abort
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>z</t></is></c></row>'
    pesan = ditolak(buat_lembar(tmp_path / "jauh.xlsx", far))
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
    assert "sel" in ditolak(buat_lembar(tmp_path / "jauh.xlsx", baris), batas)


def test_row_and_column_limits(tmp_path):
    path = buat_lembar(tmp_path / "baris.xlsx", b'<row r="2000"><c r="C2000"/></row>')
    periksa_berkas(path, Batas(baris_maks=2000, kolom_maks=3))
    assert "baris ke-2.000" in ditolak(path, Batas(baris_maks=1999))
    assert "kolom ke-3" in ditolak(path, Batas(kolom_maks=2))


def test_shared_strings_count_that_would_abort_calamine_is_refused(tmp_path):
    sst = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'count="1" uniqueCount="4000000000"><si><t>a</t></si></sst>'
    )
    path = buat_zip(tmp_path / "sst.xlsx", {"xl/sharedStrings.xml": sst})
    assert "4.000.000.000 teks unik" in ditolak(path)


def test_xml_with_a_dtd_is_refused_by_the_preflight(tmp_path):
    path = buat_lembar(tmp_path / "lol.xlsx", awalan=BILLION_LAUGHS)
    assert "DTD/entitas XML" in ditolak(path)


def test_broken_xml_is_refused(tmp_path):
    path = buat_zip(tmp_path / "xml.xlsx", {"xl/workbook.xml": b"<workbook><sheets></workbook>"})
    assert "berisi XML yang rusak" in ditolak(path)


# --------------------------------------------------------------------------- defusedxml


def test_openpyxl_uses_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True
    pastikan_defusedxml()


def test_pastikan_defusedxml_fails_without_it(monkeypatch):
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="defusedxml"):
        pastikan_defusedxml()


def test_openpyxl_refuses_billion_laughs(tmp_path):
    src = buat_xlsx_openpyxl(tmp_path / "biasa.xlsx")
    with zipfile.ZipFile(src) as z:
        lembar = z.read("xl/worksheets/sheet1.xml")
    lembar = BILLION_LAUGHS + lembar.replace(b"<t>x</t>", b"<t>&lol3;</t>")
    path = ganti_anggota(src, tmp_path / "lol.xlsx", "xl/worksheets/sheet1.xml", lembar)
    with pytest.raises(Exception) as info:  # openpyxl wraps the defusedxml error
        openpyxl.load_workbook(path)
    rantai = [info.value, info.value.__cause__, info.value.__context__]
    assert any(isinstance(e, EntitiesForbidden) for e in rantai), rantai
