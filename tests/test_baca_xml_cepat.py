"""The byte-level scan of large XML parts: same refusals as the exact expat scan, no per-element
callback, and the preflight not repeated at run for a raw file whose sha256 matches."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from schemas.batas import Batas
from tests.berkas_uji import BILLION_LAUGHS, SHEET, buat_lembar, buat_zip, ditolak
from transforms.baca import zip as zip_mod
from transforms.baca.aman import periksa_berkas
from transforms.baca.xml import PemindaiXml, XmlDitolak, ubah_kolom_ke_angka
from transforms.baca.xml_cepat import (
    PemindaiBita,
    PerluPindaiPenuh,
    _pola_baris_lebih,
    _pola_kolom_lebih,
    ubah_angka_ke_kolom,
)


@pytest.fixture
def cepat(monkeypatch):
    """Every XML part, however small, goes through the byte scan first."""
    monkeypatch.setattr(zip_mod, "UKURAN_PINDAI_PENUH", 0)


def _pindai(pemindai, data: bytes, potong: int = 1 << 20):
    for i in range(0, len(data), potong):
        pemindai.isi(data[i : i + potong])
    pemindai.isi(b"", akhir=True)
    return pemindai


# --------------------------------------------------------------------------- through the preflight


def test_far_cell_is_refused_by_the_byte_scan(tmp_path, cepat):
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>z</t></is></c></row>'
    pesan = ditolak(buat_lembar(tmp_path / "jauh.xlsx", far))
    assert "1.048.576 baris x 16.384 kolom" in pesan
    assert "melebihi batas 25.000.000 sel" in pesan


@pytest.mark.parametrize(
    "sel",
    [
        b'<c r="XFD1048576"/>',  # canonical: decided by the byte scan itself
        b"<c r='XFD1048576'/>",  # the variants go back to the exact scan
        b'<c  t="n"\n r = "xfd1048576"/>',
        b'<x:c r="XFD1048576"/>',
        b"<c/>" * 3,
        b'<c t="n" r="XFD1048576"/>',
    ],
)
def test_far_cell_variants_are_refused_by_the_byte_scan(tmp_path, cepat, sel):
    baris = b'<row r="1048576">' + sel + b"</row>"
    assert "sel" in ditolak(buat_lembar(tmp_path / "jauh.xlsx", baris), Batas(sel_maks=2_000_000))


def test_a_cell_row_beyond_its_row_tag_counts(tmp_path, cepat):
    path = buat_lembar(tmp_path / "b.xlsx", b'<row r="2"><c r="B2000"/></row>')
    periksa_berkas(path, Batas(baris_maks=2000))
    assert "baris ke-2.000" in ditolak(path, Batas(baris_maks=1999))
    assert "kolom ke-2" in ditolak(path, Batas(kolom_maks=1))


def test_row_and_column_limits_by_the_byte_scan(tmp_path, cepat):
    path = buat_lembar(tmp_path / "baris.xlsx", b'<row r="2000"><c r="C2000"/></row>')
    periksa_berkas(path, Batas(baris_maks=2000, kolom_maks=3))
    assert "baris ke-2.000" in ditolak(path, Batas(baris_maks=1999))
    assert "kolom ke-3" in ditolak(path, Batas(kolom_maks=2))
    assert "2.000 baris x 3 kolom = 6.000 sel" in ditolak(path, Batas(sel_maks=5999))


def test_shared_strings_count_is_refused_by_the_byte_scan(tmp_path, cepat):
    sst = b'<sst xmlns="x" count="1" uniqueCount="4000000000"><si><t>a</t></si></sst>'
    path = buat_zip(tmp_path / "sst.xlsx", {"xl/sharedStrings.xml": sst})
    assert "4.000.000.000 teks unik" in ditolak(path)


@pytest.mark.parametrize("kode", ["utf-8", "utf-16"])
def test_dtd_is_refused_by_the_byte_scan_in_any_encoding(tmp_path, cepat, kode):
    teks = (BILLION_LAUGHS + SHEET % b"").decode()
    if kode == "utf-16":
        teks = teks.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    path = buat_zip(tmp_path / "lol.xlsx", {"xl/worksheets/sheet1.xml": teks.encode(kode)})
    assert "DTD/entitas XML" in ditolak(path)


def test_lower_case_doctype_in_a_big_part_is_refused(tmp_path, cepat):
    path = buat_lembar(tmp_path / "lol.xlsx", awalan=b'<!doctype x [<!entity a "b">]>')
    assert "DTD/entitas XML" in ditolak(path)


def test_a_workbook_written_by_openpyxl_passes_both_scans(tmp_path, monkeypatch):
    buku = openpyxl.Workbook(write_only=True)
    lembar = buku.create_sheet("data")
    for i in range(3000):
        lembar.append([f"DESA {i}", i, i * 2, "76.01.01"])
    path = tmp_path / "biasa.xlsx"
    buku.save(path)
    periksa_berkas(path)  # the sheet is small: exact scan
    monkeypatch.setattr(zip_mod, "UKURAN_PINDAI_PENUH", 0)
    periksa_berkas(path)  # byte scan
    periksa_berkas(path, Batas(baris_maks=3000, kolom_maks=4))
    assert "baris ke-3.000" in ditolak(path, Batas(baris_maks=2999))
    assert "kolom ke-4" in ditolak(path, Batas(kolom_maks=3))


# --------------------------------------------------------------------------- the scanner itself


def _lembar_besar(baris: int, kolom: int, jauh: bytes = b"") -> bytes:
    isi = b"".join(
        b'<row r="%d">' % r
        + b"".join(
            b'<c r="%s%d"><v>%d</v></c>' % (ubah_angka_ke_kolom(k).encode(), r, k)
            for k in range(1, kolom + 1)
        )
        + (jauh if r == baris // 2 else b"")
        + b"</row>"
        for r in range(1, baris + 1)
    )
    return b'<?xml version="1.0" encoding="UTF-8"?>' + SHEET % isi


@pytest.mark.parametrize("potong", [1, 7, 64, 4096, 1 << 20])
def test_byte_scan_finds_the_exact_extent_whatever_the_chunking(potong):
    data = _lembar_besar(300, 5, jauh=b'<c r="AB299"/>')  # column 28, hidden mid-sheet
    bita = _pindai(PemindaiBita(Batas()), data, potong)
    xml = _pindai(PemindaiXml(Batas()), data, potong)
    assert (bita.baris_terjauh, bita.kolom_terjauh) == (300, 28)
    assert (xml.baris_terjauh, xml.kolom_terjauh) == (300, 28)


@pytest.mark.parametrize("potong", [1, 3, 5, 1 << 20])
def test_a_doctype_split_across_chunks_is_seen(potong):
    with pytest.raises(XmlDitolak, match="DTD"):
        _pindai(PemindaiBita(Batas()), BILLION_LAUGHS + SHEET % b"", potong)


@pytest.mark.parametrize(
    "data",
    [
        b"<row r=\"1\"><c r='A1'/></row>",
        b'<row r="1"><c/></row>',
        b'<row><c r="A1"/></row>',
        b'<row r="1"><x:c r="A1"/></row>',
        b'<row r="1"><c r="a1"/></row>',
        b'<row r="1"><c r="A1234567890123"/></row>',
        "<row r='1'/>".encode("utf-16"),
        b'<?xml version="1.0" encoding="UTF-7"?><row r="1"/>',
        b'<?xml version="1.0"' + b" " * 600 + b'encoding="UTF-7"?><row r="1"/>',
        b'<row r="1"><c r="A1" ' + b" " * 70000,
    ],
)
def test_anything_not_canonical_goes_back_to_the_exact_scan(data):
    with pytest.raises(PerluPindaiPenuh):
        _pindai(PemindaiBita(Batas()), data, 4096)


def test_greater_than_patterns_are_exact():
    for n in [0, 1, 9, 10, 19, 80001, 99999, 1048576]:
        pola = _pola_baris_lebih(n)
        for m in {0, 1, n - 1, n, n + 1, n + 9, 10 * n + 5} - {-1}:
            hit = pola.search(b'<c r="A%d"' % m) is not None
            assert hit == (m > n), (n, m)
        assert pola.search(b'<c r="A0%d"' % (n + 1))  # leading zero
    for n in [0, 1, 25, 26, 27, 52, 702, 703, 16384]:
        pola = _pola_kolom_lebih(n)
        for m in {1, n - 1, n, n + 1, n + 26, n * 26 + 1} - {0, -1}:
            hit = pola.search(b'<c r="%s1"' % ubah_angka_ke_kolom(m).encode()) is not None
            assert hit == (m > n), (n, m)


def test_column_letters_round_trip():
    for n in [*range(1, 800), 16383, 16384, 18278]:
        assert ubah_kolom_ke_angka(ubah_angka_ke_kolom(n)) == n
    assert ubah_angka_ke_kolom(28) == "AB"


def test_the_byte_scan_makes_no_call_per_element(monkeypatch):
    """It never builds an expat parser, and reads a chunk cell by cell only to find a cell
    beyond the furthest so far (rows go down the sheet, so not for every chunk)."""
    panggil = []
    monkeypatch.setattr(
        "transforms.baca.xml_cepat.ubah_kolom_ke_angka",
        lambda h: panggil.append(h) or ubah_kolom_ke_angka(h),
    )
    data = _lembar_besar(2000, 3)
    _pindai(PemindaiBita(Batas()), data, 8192)
    assert len(data) > 20 * 8192
    assert len(panggil) <= 3  # the first chunk's three columns, then never again


def test_raw_bytes_in_a_real_xlsx_member(tmp_path):
    path = tmp_path / "a.xlsx"
    buku = openpyxl.Workbook()
    buku.active["C5"] = "x"
    buku.save(path)
    with zipfile.ZipFile(path) as z:
        data = z.read("xl/worksheets/sheet1.xml")
    bita = _pindai(PemindaiBita(Batas()), data)
    assert (bita.baris_terjauh, bita.kolom_terjauh) == (5, 3)


# --------------------------------------------------------------------------- once per file


def test_the_run_does_not_repeat_the_preflight_of_an_intact_raw_file(tmp_path, monkeypatch):
    import datetime as dt

    from schemas.katalog import muat_katalog
    from transforms.langkah import proses
    from transforms.terima.terima import terima_berkas

    katalog = muat_katalog()
    src = tmp_path / "kirim" / "data_pus.xlsx"
    src.parent.mkdir()
    buku = openpyxl.Workbook()
    for baris in (
        ["NO", "PROVINSI", "KABUPATEN", "KECAMATAN", "KELURAHAN", "PUS", "UNMET NEED", "BULAN"],
        [1, "JAWA TENGAH", "PURWOREJO", "GRABAG", "GRABAG", 500, 50, "JANUARI"],
    ):
        buku.active.append(baris)
    buku.save(src)
    when = dt.datetime(2025, 10, 1, tzinfo=dt.UTC)
    diperiksa = []
    asli = proses.periksa_berkas
    monkeypatch.setattr(proses, "periksa_berkas", lambda p: diperiksa.append(p) or asli(p))
    hasil = terima_berkas(src, tmp_path / "raw", katalog, 2025, now=when)  # preflight at ingest
    olah = proses.proses_berkas(hasil.path, hasil.provenans, katalog)
    assert "ditolak" not in olah.akuntansi and olah.akuntansi["baris_dipakai"] == 1
    assert diperiksa == []  # sha256 matched the sidecar: not scanned again
    proses.baca_berkas(hasil.path, hasil.provenans, katalog)  # a caller without that check
    assert diperiksa == [hasil.path]
    hasil.path.write_bytes(hasil.path.read_bytes() + b"\0")  # changed bytes: refused, unread
    olah = proses.proses_berkas(hasil.path, hasil.provenans, katalog)
    assert "berubah sejak diterima" in olah.akuntansi["ditolak"]


def _putusan(path):
    try:
        periksa_berkas(path)
    except Exception as exc:  # the refusal message is the verdict
        return str(exc)
    return "lolos"


def test_every_corpus_workbook_gets_the_same_verdict_from_both_scans(monkeypatch):
    from pathlib import Path

    korpus = sorted((Path(__file__).parent / "korpus").rglob("*.xlsx"))
    assert len(korpus) >= 10
    exact = {p.name: _putusan(p) for p in korpus}
    monkeypatch.setattr(zip_mod, "UKURAN_PINDAI_PENUH", 0)
    assert {p.name: _putusan(p) for p in korpus} == exact
    assert "DTD/entitas XML" in exact["xml_entitas.xlsx"]
    assert "17.179.869.184 sel" in exact["sel_jauh.xlsx"]
