"""Excel templates for agencies without an export: building, filling, reading back.

Regions: Kabupaten Purworejo (33.06) in the 2025 master has 16 kecamatan and 494 desa/kelurahan,
from 33.06.01 Grabag / 33.06.01.2001 Harjobinangun to 33.06.16 Bener / 33.06.16.2028 Ngasinan.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from schemas.katalog import muat_katalog
from transforms.baca.angka import ubah_angka
from transforms.keluar.templat.tulis import buat_template
from transforms.terima.instansi import buat_layout_template, cari_instansi, muat_instansi
from transforms.terima.templat import baca_template, kenali_template, ubah_angka_ke_teks_templat
from transforms.terima.templat_bentuk import (
    BARIS_JUDUL,
    BARIS_LABEL,
    KOLOM_KECAMATAN,
    KOLOM_KODE,
    KOLOM_NAMA,
    PENANDA,
    SHEET_META,
    TemplateMeta,
    TemplateTidakValid,
)
from transforms.wilayah.master import muat_master

KATALOG = muat_katalog()
INSTANSI = muat_instansi(KATALOG)
IDS = [i.id for i in INSTANSI]

PURWOREJO = "33.06"
KIRIM_KE = "Bidang Data/Statistik Dinas PPKB kabupaten/kota (pengelola indikator)"
JUMLAH_BARIS = {"desa": 494, "kecamatan": 16}
UJUNG = {
    "desa": (("33.06.01.2001", "Harjobinangun"), ("33.06.16.2028", "Ngasinan")),
    "kecamatan": (("33.06.01", "Grabag"), ("33.06.16", "Bener")),
}
KOLOM_TETAP = {
    "desa": [KOLOM_KODE, KOLOM_NAMA, KOLOM_KECAMATAN],
    "kecamatan": [KOLOM_KODE, KOLOM_NAMA],
}


def _kolom(n: int) -> str:
    return openpyxl.utils.get_column_letter(n)


def _nilai_isian(i: int, j: int) -> int | None:
    """Known value of data row i, component j: empty on a diagonal and on all of row 5."""
    if i == 5 or (i + j) % 7 == 3:
        return None
    return i * (j + 1)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Callable[[str, str], Path]:
    """Build (once per module) the 2025 Purworejo template of an agency at a level."""
    folder = tmp_path_factory.mktemp("template")
    dibuat: dict[tuple[str, str], Path] = {}

    def buat(instansi_id: str, tingkat: str) -> Path:
        if (instansi_id, tingkat) not in dibuat:
            out = folder / f"{instansi_id}-{tingkat}.xlsx"
            dibuat[(instansi_id, tingkat)] = buat_template(
                instansi_id, PURWOREJO, 2025, tingkat=tingkat, out=out
            )
        return dibuat[(instansi_id, tingkat)]

    return buat


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
@pytest.mark.parametrize("tingkat", ["desa", "kecamatan"])
@pytest.mark.parametrize("instansi_id", IDS)
def test_template_structure(template, instansi_id, tingkat):
    ins = cari_instansi(instansi_id)
    wb = openpyxl.load_workbook(template(instansi_id, tingkat))
    assert wb.sheetnames == ["Petunjuk", "Data", SHEET_META]
    assert wb[SHEET_META].sheet_state == "veryHidden"
    assert wb.security.lockStructure
    ws = wb["Data"]

    tetap = KOLOM_TETAP[tingkat]
    header = [c.value for c in ws[BARIS_JUDUL]]
    assert header == [*tetap, *ins.komponen]
    for j, nama in enumerate(ins.komponen, start=len(tetap) + 1):
        judul = KATALOG.komponen[nama].judul
        assert ws.cell(BARIS_LABEL, j).value == judul
        assert ws.cell(BARIS_LABEL, j).alignment.wrap_text
        assert ws.cell(BARIS_JUDUL, j).comment.text == judul
        assert ws.column_dimensions[_kolom(j)].width >= 12

    n = JUMLAH_BARIS[tingkat]
    awal, akhir = BARIS_JUDUL + 1, BARIS_JUDUL + n
    assert ws.max_row == akhir
    kode = [ws.cell(r, 1).value for r in range(awal, akhir + 1)]
    assert kode == muat_master("2025").keturunan(PURWOREJO, tingkat)
    assert kode == sorted(kode)
    (kode_awal, nama_awal), (kode_akhir, nama_akhir) = UJUNG[tingkat]
    assert (ws.cell(awal, 1).value, ws.cell(awal, 2).value) == (kode_awal, nama_awal)
    assert (ws.cell(akhir, 1).value, ws.cell(akhir, 2).value) == (kode_akhir, nama_akhir)
    if tingkat == "desa":
        assert (ws.cell(awal, 3).value, ws.cell(akhir, 3).value) == ("Grabag", "Bener")

    pertama, terakhir = len(tetap) + 1, len(tetap) + len(ins.komponen)
    assert ws.protection.sheet
    for r in (awal, akhir):
        for j in range(1, len(tetap) + 1):
            assert ws.cell(r, j).protection.locked
        for j in (pertama, terakhir):
            sel = ws.cell(r, j)
            assert not sel.protection.locked
            assert sel.value is None
            assert (sel.number_format, sel.font.b) == ("#,##0", False)
    assert ws.cell(BARIS_JUDUL, pertama).protection.locked
    assert ws.freeze_panes == f"{_kolom(pertama)}{awal}"

    (dv,) = ws.data_validations.dataValidation
    assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert dv.allow_blank and dv.showErrorMessage
    assert "angka bulat" in dv.error
    assert str(dv.sqref) == f"{_kolom(pertama)}{awal}:{_kolom(terakhir)}{akhir}"

    meta = {r[0]: r[1] for r in wb[SHEET_META].iter_rows(min_row=2, values_only=True)}
    assert meta == _meta_tertulis(instansi_id, tingkat, ins.komponen)


def _meta_tertulis(instansi_id: str, tingkat: str, komponen: tuple[str, ...]) -> dict:
    """The metadata sheet of a 2025 Purworejo template, as openpyxl reads it back."""
    return {
        "penanda": PENANDA,
        "versi": "1",
        "instansi": instansi_id,
        "sumber": f"template.{instansi_id}",
        "kode_wilayah": PURWOREJO,
        "nama_wilayah": "Kabupaten Purworejo",
        "tingkat": tingkat,
        "tahun": "2025",
        "bulan": None,  # written as "" (openpyxl reads an empty cell back as None)
        "baris_judul": str(BARIS_JUDUL),
        "edisi_wilayah": "2025",
        "komponen": ",".join(komponen),
    }


def _sel_petunjuk(path: Path) -> list[tuple]:
    ws = openpyxl.load_workbook(path)["Petunjuk"]
    return [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]


def test_instructions_sheet_yearly(template):
    ins = cari_instansi("pupr")
    baris = _sel_petunjuk(template("pupr", "desa"))
    teks = "\n".join(str(v) for r in baris for v in r if v is not None)
    assert "Dinas PUPR (Kementerian PUPR)" in teks
    ringkasan = {r[0]: r[1] for r in baris[1:8]}
    assert ringkasan == {
        "Instansi pengisi": "Dinas PUPR (Kementerian PUPR)",
        "Wilayah": "Kabupaten Purworejo (kode 33.06)",
        "Baris data": "494 desa/kelurahan, urut menurut kode wilayah",
        "Periode": "Tahun 2025",
        "Arti periode": (
            "Nilai untuk satu tahun penuh. Komponen stok: keadaan pada akhir tahun 2025 (atau "
            "posisi terakhir yang tersedia). Komponen arus: jumlah selama tahun 2025 (Januari "
            "sampai Desember)."
        ),
        "Kirim ke": KIRIM_KE,
        "Kode wilayah": (
            "Kemendagri edisi 2025 (Keputusan Menteri Dalam Negeri 300.2.2-2430 Tahun 2025)"
        ),
    }
    assert "494 desa/kelurahan" in teks
    assert "Jangan isi 0 bila tidak tahu" in teks
    assert "angka bulat 0 atau lebih" in teks
    assert "keadaan pada akhir tahun 2025" in teks
    assert "jumlah selama tahun 2025" in teks
    tabel = {r[0]: r for r in baris if r[0] in ins.komponen}
    assert list(tabel) == list(ins.komponen)
    k = KATALOG.komponen["rumah_tangga_air_minum_layak"]
    assert tabel[k.nama][1:6] == (
        k.judul,
        k.definisi,
        k.satuan,
        "stok",
        "keadaan pada akhir tahun 2025 (atau posisi terakhir yang tersedia)",
    )
    # pasti.keluarga.03 is published down to kabupaten only; pasti.krs.05 down to desa
    assert tabel[k.nama][6] == "kabupaten/kota"
    assert tabel["keluarga_berisiko_stunting_rumah_layak_huni"][6] == "desa/kelurahan"
    judul = KATALOG.indikator["pasti.keluarga.03"].judul
    assert tabel[k.nama][7] == f"pasti.keluarga.03 — {judul}"
    # rumah_tangga is the denominator of two indicators
    assert tabel["rumah_tangga"][7].count("\n") == 1


def test_monthly_template_and_single_region_level(tmp_path):
    path = buat_template(
        "bkkbn", "3306", 2025, tingkat="kabupaten", bulan=3, out=tmp_path / "b.xlsx"
    )
    ws = openpyxl.load_workbook(path)["Data"]
    assert [c.value for c in ws[BARIS_JUDUL + 1]][:2] == ["33.06", "Kabupaten Purworejo"]
    assert ws.max_row == BARIS_JUDUL + 1
    meta = kenali_template(path)
    assert (meta.bulan, meta.tingkat, meta.tahun) == (3, "kabupaten", 2025)
    teks = "\n".join(str(v) for r in _sel_petunjuk(path) for v in r if v is not None)
    assert "Bulan Maret 2025" in teks
    assert "jumlah selama bulan Maret 2025 saja" in teks  # alokon_pemda is arus
    assert "keadaan pada akhir bulan Maret 2025" in teks  # ppkbd is stok


def test_text_cells_are_escaped(tmp_path):
    nama = "keluarga_berisiko_stunting_promosi_ikan"
    palsu = dataclasses.replace(KATALOG.komponen[nama], judul="=HYPERLINK(1)")
    katalog = dataclasses.replace(KATALOG, komponen={**KATALOG.komponen, nama: palsu})
    path = buat_template(
        "kkp", PURWOREJO, 2025, tingkat="kecamatan", out=tmp_path / "k.xlsx", katalog=katalog
    )
    wb = openpyxl.load_workbook(path)
    assert wb["Data"].cell(BARIS_LABEL, 3).value == "'=HYPERLINK(1)"
    assert any(r[1] == "'=HYPERLINK(1)" for r in wb["Petunjuk"].iter_rows(values_only=True))


@pytest.mark.parametrize(
    ("argumen", "pesan"),
    [
        ({"instansi_id": "kemenpu"}, "tidak dikenal; pilihan: kemenkes"),
        ({"kode_wilayah": "99.99"}, "tidak ada di master"),
        ({"kode_wilayah": "33.6.x"}, "kode wilayah tidak valid"),
        ({"tingkat": "provinsi"}, "di atas wilayah 33.06"),
        ({"tingkat": "dusun"}, "tingkat tidak dikenal"),
        ({"bulan": 13}, "bulan tidak valid"),
    ],
)
def test_bad_arguments(tmp_path, argumen, pesan):
    kw = {"instansi_id": "kkp", "kode_wilayah": PURWOREJO, "tahun": 2025, **argumen}
    with pytest.raises(TemplateTidakValid, match=pesan):
        buat_template(**kw, out=tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_largest_template_builds(tmp_path):
    # its speed is measured in benchmarks/bench_pipeline.py, not asserted here
    terbesar = max(INSTANSI, key=lambda i: len(i.komponen))
    assert terbesar.id == "kemenkes"
    path = buat_template(terbesar.id, PURWOREJO, 2025, out=tmp_path / "besar.xlsx")
    assert path.is_file()


# ---------------------------------------------------------------------------
# Filling and reading back
# ---------------------------------------------------------------------------


def _isi(path: Path, out: Path, ins_komponen: tuple[str, ...], n_tetap: int) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb["Data"]
    for i, r in enumerate(range(BARIS_JUDUL + 1, ws.max_row + 1)):
        for j in range(len(ins_komponen)):
            ws.cell(r, n_tetap + 1 + j).value = _nilai_isian(i, j)
    wb.save(out)
    return out


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
@pytest.mark.parametrize("tingkat", ["desa", "kecamatan"])
@pytest.mark.parametrize("instansi_id", IDS)
def test_filled_template_reads_back(template, tmp_path, instansi_id, tingkat):
    ins = cari_instansi(instansi_id)
    tetap = KOLOM_TETAP[tingkat]
    path = _isi(template(instansi_id, tingkat), tmp_path / "isi.xlsx", ins.komponen, len(tetap))

    meta = kenali_template(path)
    assert meta == TemplateMeta(
        versi=1,
        instansi=instansi_id,
        sumber=f"template.{instansi_id}",
        kode_wilayah=PURWOREJO,
        nama_wilayah="Kabupaten Purworejo",
        tingkat=tingkat,
        tahun=2025,
        bulan=None,
        baris_judul=BARIS_JUDUL,
        edisi_wilayah="2025",
        komponen=ins.komponen,
    )
    tabel, layout, meta_baca = baca_template(path)
    assert meta_baca == meta
    n = JUMLAH_BARIS[tingkat]
    assert tabel.sheet == "Data"
    assert list(tabel.data.columns) == [*tetap, *(k.upper() for k in ins.komponen)]
    assert tabel.baris.tolist() == list(range(BARIS_JUDUL + 1, BARIS_JUDUL + 1 + n))
    assert tabel.data[KOLOM_KODE].tolist() == muat_master("2025").keturunan(PURWOREJO, tingkat)
    for j, nama in enumerate(ins.komponen):
        harapan = ["" if (v := _nilai_isian(i, j)) is None else str(v) for i in range(n)]
        assert tabel.data[nama.upper()].tolist() == harapan, nama
    assert (tabel.data.iloc[5, len(tetap) :] == "").all()  # an all-empty row is kept
    assert tabel.data.iloc[0, len(tetap)] == "0"  # zero is a value, not an empty cell

    assert layout == buat_layout_template(instansi_id)
    assert layout.id == f"template.{instansi_id}"
    assert layout.pemilik == ins.nama
    assert (layout.format, layout.kenali, layout.periode) == ("xlsx", (), {})
    assert layout.wilayah == {"kode": KOLOM_KODE}
    assert layout.komponen == {k.upper(): k for k in ins.komponen}


def test_odd_cells_are_kept_as_text(template, tmp_path):
    wb = openpyxl.load_workbook(template("kemenkes", "kecamatan"))
    ws = wb["Data"]
    awal = BARIS_JUDUL + 1
    isian = {
        (awal, 3): "12a",  # typed text despite validation
        (awal + 1, 3): 7,
        (awal, 4): 1.5,  # pasted decimals
        (awal + 1, 4): 1.234,
        (awal, 5): -3,
        (awal, 6): " 40 ",
    }
    for (r, c), v in isian.items():
        ws.cell(r, c).value = v
    wb.save(tmp_path / "aneh.xlsx")
    tabel, _, _ = baca_template(tmp_path / "aneh.xlsx")
    data = tabel.data
    assert data["REMAJA_PUTRI_TTD"].tolist()[:3] == ["12a", "7", ""]
    assert data["REMAJA_PUTRI"].tolist()[:3] == ["1,5", "1,2340", ""]  # never ambiguous
    assert data["REMAJA_PUTRI_PERIKSA_HB"].tolist()[:2] == ["-3", ""]
    assert data["CATIN_TTD"].tolist()[0] == " 40 "
    nilai, salah = ubah_angka(data["REMAJA_PUTRI"].head(2))
    assert nilai.tolist() == [1.5, 1.234] and not salah.any()


def test_teks_angka():
    assert [ubah_angka_ke_teks_templat(x) for x in (12.0, 0.0, -3.0, 1.5, 1.234, 1e20)] == [
        "12",
        "0",
        "-3",
        "1,5",
        "1,2340",  # "1,234" could be read as thousands: refused as ambiguous
        "100000000000000000000",
    ]


def test_other_files_are_not_templates(tmp_path):
    biasa = tmp_path / "biasa.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["KODE WILAYAH", "remaja_putri"])
    wb.active.append(["33.06.01", 5])
    wb.save(biasa)
    csv = tmp_path / "siga.csv"
    csv.write_text("PROVINSI;KABUPATEN;PUS\nJAWA TENGAH;PURWOREJO;12\n", encoding="utf-8")
    rusak = tmp_path / "rusak.xlsx"
    rusak.write_bytes(b"bukan zip sama sekali")
    lain = tmp_path / "lain.xlsx"
    wb = openpyxl.Workbook()
    wb.create_sheet(SHEET_META).append(["penanda", "alat-lain"])
    wb.save(lain)
    for path in (biasa, csv, rusak, lain, tmp_path / "tidak-ada.xlsx"):
        assert kenali_template(path) is None, path.name
    with pytest.raises(TemplateTidakValid, match="bukan template"):
        baca_template(biasa)


def test_template_of_an_unknown_version_is_refused(template, tmp_path):
    wb = openpyxl.load_workbook(template("kkp", "kecamatan"))
    ws = wb[SHEET_META]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "versi":
            row[1].value = "2"
    wb.save(tmp_path / "v2.xlsx")
    with pytest.raises(TemplateTidakValid, match="versi 2 belum didukung"):
        kenali_template(tmp_path / "v2.xlsx")
