"""The region report on the real Sulawesi Barat output, read as the dinas head would, and
opened in a real browser (headless Chromium).

The reports are made with ``indikator laporan`` from the published output of the session
fixture ``sulbar_semua`` (every real Sulbar export, all years). Every number on the page is
compared with the published Parquet, read here independently; the reference values are those
of ``tests/test_sulbar.py`` (SOURCE.md).
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import transforms.keluar.laporan_wilayah as paket_laporan
from flows.cli import app
from schemas.katalog import muat_katalog
from tests.peramban import baca_png, buka, cetak_pdf, hitung_warna, potret
from transforms.keluar.laporan_wilayah.bagian import buat_bagian
from transforms.keluar.laporan_wilayah.bahan import baca_bahan
from transforms.keluar.laporan_wilayah.masalah import tempatkan_karantina
from transforms.wilayah.master import muat_master

pytestmark = pytest.mark.lambat

runner = CliRunner()
TAHUN = 2025
WILAYAH = ("76", "76.02")  # the province and Kabupaten Mamuju


@pytest.fixture(scope="module")
def laporan(sulbar_semua, tmp_path_factory) -> dict[str, Path]:
    """``indikator laporan`` of the province and one kabupaten, as a user types it."""
    out = tmp_path_factory.mktemp("laporan-sulbar")
    hasil = {}
    for kode in WILAYAH:
        result = runner.invoke(
            app,
            [
                *("laporan", "--wilayah", kode, "--tahun", str(TAHUN), "--out", str(out)),
                *("--keluaran", str(sulbar_semua["out"])),
            ],
        )
        assert result.exit_code == 0, result.output
        hasil[kode] = out / f"laporan-{kode}-{TAHUN}.html"
        assert f"Ditulis: {hasil[kode]}" in result.output
    return hasil


def _bagian(html: str) -> dict[str, str]:
    """The indicator sections of a page, by indicator code."""
    pola = r'<section class="indikator" id="ind-([^"]+)"[^>]*>(.*?)</section>'
    return {kode: isi for kode, isi in re.findall(pola, html, re.S)}


def _tahunan(hasil: pd.DataFrame) -> pd.DataFrame:
    return hasil[hasil["bulan"].isna() & hasil["semester"].isna() & (hasil["tahun"] == TAHUN)]


def test_province_headline_numbers_are_the_published_ones(laporan, sulbar_semua):
    html = laporan["76"].read_text(encoding="utf-8")
    bagian = _bagian(html)
    prov = _tahunan(sulbar_semua["hasil"])
    prov = prov[prov["kode_wilayah"] == "76"].set_index("kode_indikator")
    assert set(bagian) == set(prov.index) and len(bagian) == 20
    for kode, row in prov.iterrows():
        assert f'data-nilai="{float(row["nilai"])!r}"' in bagian[kode], kode
        assert f'data-pembilang="{float(row["pembilang"])!r}"' in bagian[kode], kode
        if pd.notna(row["penyebut"]):
            assert f'data-penyebut="{float(row["penyebut"])!r}"' in bagian[kode], kode
    spm02 = bagian["spm.02"]  # SOURCE.md: 119,867 / 202,121 = 59.30 %, September position
    assert ">59,30 %<" in spm02 and ">119.867<" in spm02 and ">202.121<" in spm02
    assert "posisi September 2025 (bulan terakhir yang ada)" in spm02
    assert "<strong>6 dari 6</strong>" in spm02  # six kabupaten, all reporting
    kabupaten = {
        "Majene": "51,95 %",
        "Mamasa": "72,46 %",
        "Mamuju": "60,57 %",
        "Mamuju Tengah": "64,70 %",
        "Pasangkayu": "60,76 %",
        "Polewali Mandar": "54,31 %",
    }
    for nama, nilai in kabupaten.items():
        assert re.search(rf"<td>Kabupaten {nama}</td><td [^>]*>{nilai}</td>", spm02), nama


def test_missing_data_is_explained(laporan, sulbar_semua):
    bagian = _bagian(laporan["76"].read_text(encoding="utf-8"))
    # Sulbar sent January-September only
    for kode in ("spm.02", "spm.03", "siga.mkjp"):
        assert "Okt–Des 2025: tidak ada masukan (data bulan itu belum diterima)" in bagian[kode]
    # no target for 2025: said so, with the last target and its legal basis; the page shows
    # the note the fact table publishes (catatan_target), not a text of its own
    prov = _tahunan(sulbar_semua["hasil"])
    prov = prov[prov["kode_wilayah"] == "76"].set_index("kode_indikator")["catatan_target"]
    assert prov["spm.02"].startswith("tidak ada target untuk tahun ini; target terakhir 2015: 65 (")
    assert prov["pasti.bumil.03"].startswith(
        "tidak ada target untuk tahun ini; target terakhir 2024: 7,4 ("
    )
    assert prov["siga.mkjp"].startswith("tidak ada target untuk indikator ini")
    for kode in ("spm.02", "pasti.bumil.03", "siga.mkjp"):
        assert html_lib.escape(prov[kode], quote=False) in bagian[kode], kode
    html = laporan["76"].read_text(encoding="utf-8")
    tanpa = _tahunan(sulbar_semua["hasil"])
    tanpa = tanpa[(tanpa["kode_wilayah"] == "76") & tanpa["target"].isna()]
    assert f'data-jumlah="tanpa_target">{len(tanpa)}<' in html and len(tanpa) == 20
    kar = sulbar_semua["karantina"]
    assert f'data-jumlah="karantina">{(kar["tahun"] == TAHUN).sum()}<' in html
    assert (
        "({} baris ditolak)".format(
            ((kar["tahun"] == TAHUN) & (kar["tingkat_masalah"] == "galat")).sum()
        )
        in html
    )


def test_kabupaten_children_match_the_parquet_or_say_why_not(laporan, sulbar_semua):
    """Every kecamatan of Mamuju in every indicator: the published value, or the
    reason it has none (penyebut 0, quarantined, no input) — never a 0 or a blank."""
    html = laporan["76.02"].read_text(encoding="utf-8")
    bagian = _bagian(html)
    tahunan = _tahunan(sulbar_semua["hasil"])
    kecamatan = muat_master().anak("76.02")
    dicek = {"nilai": 0, "penyebut_nol": 0, "tanpa_baris": 0}
    for kode, isi in bagian.items():
        if "tidak dihitung per kecamatan" in isi:
            continue
        rows = tahunan[(tahunan["kode_indikator"] == kode)].set_index("kode_wilayah")
        for kec in kecamatan:
            sel = re.search(rf'<tr data-kode="{re.escape(kec)}">(.*?)</tr>', isi, re.S)
            assert sel, (kode, kec)
            baris = html_lib.unescape(sel.group(1))
            if kec not in rows.index:
                assert "tidak ada masukan" in baris or "dikarantina" in baris, (kode, kec)
                dicek["tanpa_baris"] += 1
            elif pd.isna(rows.loc[kec, "nilai"]):
                assert rows.loc[kec, "penyebut"] == 0 and "penyebut 0" in baris, (kode, kec)
                dicek["penyebut_nol"] += 1
            else:
                assert f'data-urut="{float(rows.loc[kec, "nilai"])!r}"' in baris, (kode, kec)
                dicek["nilai"] += 1
    assert dicek["nilai"] > 200 and dicek["penyebut_nol"] > 0, dicek
    # an indicator the registry does not compute per kecamatan says so instead of 16 blanks
    assert (
        "Indikator ini tidak dihitung per kecamatan (kedalaman di katalog: kabupaten, "
        in bagian["sipd.kelompok_bkb"]
    )


def test_quarantined_row_explained_in_its_kecamatan(sulbar_semua):
    """Allu (76.04.15) lost one desa row of the Elsimil file to the quarantine (pembilang >
    penyebut): its desa without a value says it may be that row, its headline says 7 of 8."""
    katalog = muat_katalog()
    bahan = baca_bahan(sulbar_semua["out"], "76.04.15", TAHUN)
    karantina = tempatkan_karantina(bahan.karantina, bahan.asal, bahan.kode)
    assert karantina.loc[karantina["tingkat_masalah"] == "galat", "kode_wilayah"].tolist() == [
        "76.04.15"
    ]
    bagian = buat_bagian(bahan, katalog, "siga.bumil_kbpp", karantina)
    assert bagian.alasan.teks.startswith(
        "belum lengkap: 7 dari 8 desa/kelurahan melapor; dikarantina: 1 baris ditolak "
        "(aturan pembilang_melebihi_penyebut) di berkas "
        "siga.elsimil_bumil/2025/2025-elsimil-bumil.csv"
    )
    tanpa = [a for a in bagian.anak if a.nilai is None and a.alasan.jenis == "dikarantina"]
    assert len(tanpa) == 1 and tanpa[0].pembilang is None
    assert "mungkin baris yang dikarantina: 1 baris ditolak" in tanpa[0].alasan.teks
    assert bagian.svg_anak.count('aria-roledescription="bar"') == bagian.anak_lapor


def test_reports_drawn_in_headless_chromium(laporan, tmp_path):
    for kode, halaman in laporan.items():
        png = tmp_path / f"{kode}.png"
        konsol = potret(halaman, png)
        assert not [k for k in konsol if "Uncaught" in k or "Content Security" in k], konsol
        piksel = baca_png(png)
        assert piksel.shape == (4000, 1280, 3)
        assert tuple(piksel[5, 5]) == (255, 255, 255)  # the page background
        assert len({tuple(p) for p in piksel[::7, ::7].reshape(-1, 3)}) > 50  # not one colour
        # the trend line / bars of the first charts (#2563eb) and the target-less bars drew
        assert hitung_warna(piksel, "#2563eb") > 2_000, kode
        dom = buka(halaman)
        assert not [k for k in dom.konsol if "Uncaught" in k], dom.konsol
        jumlah_bagian = dom.dom.count('<section class="indikator"')
        assert dom.dom.count("<svg ") >= 2 * jumlah_bagian - 2 and jumlah_bagian == 20
        # the sorting script ran on every table
        tabel = dom.dom.count('<table class="urut')
        assert tabel > 20 and dom.dom.count('data-urut-siap="1"') == tabel


def test_province_report_prints_on_a4_one_indicator_per_page(laporan, tmp_path):
    halaman = cetak_pdf(laporan["76"], tmp_path / "76.pdf")
    assert {(round(w), round(h)) for w, h in halaman} == {(595, 842)}  # A4 in points
    assert len(halaman) >= 1 + 20  # the summary, then every indicator on a new page


def test_sorting_script_in_chromium(tmp_path):
    """The page's sorting script, clicked in the browser: numbers in order, a missing value
    last, and reversed on the second click."""
    skrip = (Path(paket_laporan.__file__).parent / "templat" / "urut.js").read_text()
    halaman = tmp_path / "urut.html"
    halaman.write_text(
        '<!DOCTYPE html><html><body><table class="urut" id="t"><thead><tr><th>Nama</th>'
        "<th>Nilai</th></tr></thead><tbody>"
        '<tr><td>A</td><td data-urut="10.5">10,5</td></tr>'
        '<tr><td>B</td><td data-urut="">tidak ada nilai</td></tr>'
        '<tr><td>C</td><td data-urut="9">9</td></tr>'
        '<tr><td>D</td><td data-urut="100">100</td></tr>'
        f"</tbody></table><script>{skrip}</script><script>"
        "var th = document.querySelectorAll('#t th')[1]; th.click();"
        "document.body.setAttribute('data-naik', Array.from(document.querySelectorAll("
        "'#t tbody td:first-child')).map(function (x) { return x.textContent; }).join(''));"
        "th.click();"
        "document.body.setAttribute('data-turun', Array.from(document.querySelectorAll("
        "'#t tbody td:first-child')).map(function (x) { return x.textContent; }).join(''));"
        "</script></body></html>",
        encoding="utf-8",
    )
    dom = buka(halaman)
    assert not dom.konsol, dom.konsol
    assert 'data-naik="CADB"' in dom.dom and 'data-turun="DACB"' in dom.dom
