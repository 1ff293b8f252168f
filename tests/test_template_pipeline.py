"""Every agency template, filled by a script with known numbers, ingested and run.

The templates are written for the 16 kecamatan of Kab. Purworejo (33.06), filled with
openpyxl, ingested with nothing but the year (the template recognises itself), and run
together with a kecamatan-level Verval KRS recap (names only, snake_case headers without the
JUMLAH/SUMBER prefixes, semester 2): the KRS indicators take their denominator from it.
Every indicator a template feeds must appear with exactly the value computed here from the
numbers written into the cells.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from schemas.katalog import muat_katalog
from transforms.keluar.templat.tulis import buat_template
from transforms.langkah.jalankan import jalankan
from transforms.terima.instansi import muat_instansi
from transforms.terima.templat_bentuk import BARIS_JUDUL, SHEET_DATA
from transforms.terima.terima import terima_berkas

KAB = "33.06"
KATALOG = muat_katalog()
PENYEBUT = {i.penyebut for i in KATALOG.indikator.values() if i.penyebut}
URUT = sorted(KATALOG.komponen)


VERVAL = {
    "keluarga_sasaran_krs": lambda r: 5_000 + r,
    "keluarga_berisiko_stunting": lambda r: 2_000 + 3 * r,
    "krs_air_minum_tidak_layak": lambda r: 300 + r,
    "krs_jamban_tidak_layak": lambda r: 200,
    "keluarga_berisiko_stunting_air_minum_layak": lambda r: 1_700 + 2 * r,
    "keluarga_berisiko_stunting_jamban_sehat": lambda r: 1_800 + 3 * r,
}


MIN_DESA = 17  # the smallest kecamatan of Purworejo has 17 desa/kelurahan (2025 master)


def nilai_isian(komponen: str, baris: int) -> int:
    """The number written for a component in the template row ``baris`` (0-based).

    Every number stays under the component's ceiling for a kecamatan of Purworejo
    (``batas_atas``: a count of desa at most the kecamatan's desa, staff and units a few per
    desa), so that every row is used.
    """
    if komponen in VERVAL:
        return VERVAL[komponen](baris)
    if KATALOG.komponen[komponen].satuan == "desa":
        return 1 + (URUT.index(komponen) + baris) % MIN_DESA
    if komponen in PENYEBUT:
        batas = KATALOG.komponen[komponen].batas_atas["desa"] * MIN_DESA
        return (10_000 if batas > 10_200 else 500) + 7 * baris
    return 100 + URUT.index(komponen) + baris


def _isi(path) -> int:
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_DATA]
    header = {c.column: c.value for c in ws[BARIS_JUDUL] if c.value in KATALOG.komponen}
    rows = 0
    for r in range(BARIS_JUDUL + 1, ws.max_row + 1):
        if not ws.cell(row=r, column=1).value:
            continue
        for col, komponen in header.items():
            ws.cell(row=r, column=col).value = nilai_isian(komponen, rows)
        rows += 1
    wb.save(path)
    return rows


def _verval(folder, kecamatan: list[str]):
    n = range(len(kecamatan))
    frame = pd.DataFrame(
        {
            "kecamatan": kecamatan,
            "keluarga_sasaran": [nilai_isian("keluarga_sasaran_krs", r) for r in n],
            "total_krs": [nilai_isian("keluarga_berisiko_stunting", r) for r in n],
            "tidak_beresiko": [
                nilai_isian("keluarga_sasaran_krs", r)
                - nilai_isian("keluarga_berisiko_stunting", r)
                for r in n
            ],
            "air_minum_tidak_layak": [nilai_isian("krs_air_minum_tidak_layak", r) for r in n],
            "jamban_tidak_layak": [nilai_isian("krs_jamban_tidak_layak", r) for r in n],
            "periode": "Semester II 2025",
        }
    )
    path = folder / "rekap_krs_kecamatan.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    from transforms.wilayah.master import muat_master

    folder = tmp_path_factory.mktemp("templat")
    raw, out = folder / "raw", folder / "out"
    master = muat_master("2025")
    names = [master.get(k)["nama_wilayah"] for k in master.anak(KAB)]
    verval = terima_berkas(_verval(folder, names), raw, KATALOG, 2025, wilayah=KAB).provenans
    provs, rows = {"verval": verval}, {}
    for inst in muat_instansi():
        path = buat_template(inst.id, KAB, 2025, "kecamatan", out=folder / f"{inst.id}.xlsx")
        rows[inst.id] = _isi(path)
        provs[inst.id] = terima_berkas(path, raw, KATALOG, 2025).provenans
    ringkasan = jalankan(raw, out)
    return {
        "provs": provs,
        "rows": rows,
        "ringkasan": ringkasan,
        "hasil": pd.read_parquet(out / "indikator"),
        "karantina": pd.read_parquet(out / "karantina"),
    }


@pytest.mark.lambat  # uses the run of every filled template
def test_templates_recognise_themselves(run):
    assert run["provs"]["verval"].sumber == "siga.verval_krs"
    for inst_id, prov in run["provs"].items():
        if inst_id == "verval":
            continue
        assert prov.sumber == f"template.{inst_id}"
        assert (prov.tahun, prov.wilayah) == (2025, KAB)
        assert run["rows"][inst_id] == 16


@pytest.mark.lambat  # uses the run of every filled template
def test_every_row_used(run):
    for a in run["ringkasan"].berkas:
        assert "ditolak" not in a, a
        assert a["baris_dibaca"] == a["baris_dipakai"] == 16, a


def _jumlah(komponen: str) -> float:
    if komponen == "jumlah_desa":
        return 494  # Purworejo's desa/kelurahan in the 2025 master
    return sum(nilai_isian(komponen, r) for r in range(16))


def _expected(kode: str) -> float:
    ind = KATALOG.indikator[kode]
    if ind.penyebut is None:
        return _jumlah(ind.pembilang) * ind.pengali
    return _jumlah(ind.pembilang) / _jumlah(ind.penyebut) * ind.pengali


def _fed() -> list[str]:
    codes = {k for inst in muat_instansi() for k in inst.indikator}
    carried = {c for i in muat_instansi() for c in i.komponen} | {"jumlah_desa", *VERVAL}
    return sorted(k for k in codes if set(KATALOG.indikator[k].komponen) <= carried)


@pytest.mark.lambat  # uses the run of every filled template
@pytest.mark.parametrize("kode", _fed())
def test_template_values_land_in_the_output(run, kode):
    ind = KATALOG.indikator[kode]
    level = "kabupaten" if "kabupaten" in ind.kedalaman else ind.kedalaman[-1]
    hasil = run["hasil"]
    rows = hasil[
        (hasil["kode_indikator"] == kode)
        & (hasil["tingkat"] == level)
        & hasil["bulan"].isna()
        & hasil["semester"].isna()
    ]
    assert len(rows) == 1, (kode, rows)
    row = rows.iloc[0]
    assert row["nilai"] == pytest.approx(_expected(kode), rel=1e-12)
    if level == "kabupaten":
        assert (row["jumlah_wilayah_lapor"], row["jumlah_wilayah_seharusnya"]) == (16, 16)


def test_every_agency_template_is_checked_by_value():
    fed = set(_fed())
    for inst in muat_instansi():
        assert fed & set(inst.indikator), inst.id
