"""Issue 12 on real exports re-shaped as people send them (variants built here from
../shared/realdata/bkkbn-sulbar-siga, never stored in the repository):

* ``data_pus.csv`` re-saved as XLSX with an unnamed index column first, Title case headers and
  ``Kelurahan_Desa``;
* a Verval KRS kecamatan recap (snake_case, ``total_krs``, no ``PERIODE``), summed from the
  desa export;
* a dinas table per kecamatan with a two-row header (``JUMLAH`` over ``PUS`` and ``PESERTA KB
  AKTIF``), named by its visible lower cells with ``--kolom``.

Each is ingested through the CLI with only ``--tahun`` (``--semester``, ``--bulan``,
``--wilayah`` where the file has names only and no period), recognised as its layout (the
spelling that matched is in the sidecar), and one run gives the values the independent sums
of the original exports give (SOURCE.md: PUS January 204,569, September 202,121; Verval KRS
Sem 2 2024: 64,552 KRS of 217,562 sasaran).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import realdata_path
from transforms.langkah.jalankan import jalankan

pytestmark = pytest.mark.lambat  # real data, ingest and one whole run

runner = CliRunner()
TITLE = {"KELURAHAN": "Kelurahan_Desa", "UNMET NEED": "Unmet Need"}
VERVAL = {
    "JUMLAH KELUARGA SASARAN": "jumlah_keluarga_sasaran",
    "JUMLAH KRS": "total_krs",
    "JUMLAH TIDAK BERESIKO": "jumlah_tidak_beresiko",
    "SUMBER AIR MINUM TIDAK LAYAK": "air_minum_tidak_layak",
    "JAMBAN TIDAK LAYAK": "jamban_tidak_layak",
}


def _pus_xlsx(src: Path, dst: Path) -> pd.DataFrame:
    """The export re-saved by a user: index column without header, Title case headers."""
    data = pd.read_csv(src, sep=";", dtype=str, keep_default_na=False)
    wb = Workbook()
    ws = wb.active
    ws.append([None, *[TITLE.get(c, c.title()) for c in data.columns]])
    for i, row in enumerate(data.itertuples(index=False)):
        ws.append([i, *[int(v) if v.isdigit() else v for v in row]])
    wb.save(dst)
    return data


def _verval_rekap(src: Path, dst: Path) -> pd.DataFrame:
    """A kecamatan recap of the desa export: snake_case headers, no PERIODE column."""
    data = pd.read_csv(src, sep=";")
    rekap = data.groupby(["KABUPATEN", "KECAMATAN"], as_index=False)[list(VERVAL)].sum()
    rekap.rename(columns={**VERVAL, "KABUPATEN": "kabupaten", "KECAMATAN": "kecamatan"}).to_csv(
        dst, index=False
    )
    return data


def _dinas_dua_baris(pus: Path, mix: Path, dst: Path) -> tuple[int, int]:
    """September PUS and PA per kecamatan under a merged ``JUMLAH`` group header."""
    p = pd.read_csv(pus, sep=";")
    m = pd.read_csv(mix, sep=";")
    kunci = ["KABUPATEN", "KECAMATAN"]
    sept = p[p["BULAN"] == "SEPTEMBER"].groupby(kunci)["PUS"].sum()
    pa = m[m["BULAN"] == "SEPTEMBER"].groupby(kunci)["PA"].sum()
    tabel = pd.concat([sept, pa], axis=1).reset_index()
    wb = Workbook()
    ws = wb.active
    ws.append(["NO", "KABUPATEN", "KECAMATAN", "JUMLAH", None])
    ws.append([None, None, None, "PUS", "PESERTA KB AKTIF"])
    for ref in ("A1:A2", "B1:B2", "C1:C2", "D1:E1"):
        ws.merge_cells(ref)
    for i, row in enumerate(tabel.itertuples(index=False), start=1):
        ws.append([i, row.KABUPATEN, row.KECAMATAN, int(row.PUS), int(row.PA)])
    wb.save(dst)
    return int(sept.sum()), int(pa.sum())


def _ingest(raw: Path, berkas: Path, *opsi: str) -> dict:
    result = runner.invoke(app, ["ingest", str(berkas), *opsi, "--raw", str(raw)])
    assert result.exit_code == 0, result.output
    assert "Diterima" in result.output, result.output
    (meta,) = raw.rglob(berkas.name + ".meta.json")
    return json.loads(meta.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def varian(tmp_path_factory) -> dict:
    """The three variants ingested into one raw store and run once."""
    siga = realdata_path("bkkbn-sulbar-siga")
    tmp = tmp_path_factory.mktemp("varian")
    raw, out = tmp / "raw", tmp / "out"
    pus = _pus_xlsx(siga / "data_pus.csv", tmp / "data_pus_disimpan_ulang.xlsx")
    verval = _verval_rekap(siga / "data_verval_krs_2024_sem2.csv", tmp / "rekap_verval_kec.csv")
    sept = _dinas_dua_baris(siga / "data_pus.csv", siga / "data_mix_kontra.csv", tmp / "kb.xlsx")
    meta = {
        "pus": _ingest(raw, tmp / "data_pus_disimpan_ulang.xlsx", "--tahun", "2025"),
        "verval": _ingest(raw, tmp / "rekap_verval_kec.csv", "--tahun", "2024", "--semester", "2"),
        "dinas": _ingest(
            raw,
            tmp / "kb.xlsx",
            *("--tahun", "2025", "--bulan", "9", "--wilayah", "76"),
            *("--kolom", "PUS=pus", "--kolom", "PESERTA KB AKTIF=peserta_kb_aktif"),
        ),
    }
    jalankan(raw, out)
    komponen = pd.read_parquet(out / "komponen")
    karantina = pd.read_parquet(out / "karantina")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {
        "pus": pus,
        "verval": verval,
        "sept": sept,
        "meta": meta,
        "komponen": komponen,
        "karantina": karantina,
        "manifest": manifest,
    }


def _milik(varian: dict, kunci: str) -> pd.DataFrame:
    komponen = varian["komponen"]
    return komponen[komponen["berkas"] == varian["meta"][kunci]["berkas"]]


def test_xlsx_disimpan_ulang_dikenali_dan_ejaan_tercatat(varian):
    meta = varian["meta"]["pus"]
    assert meta["sumber"] == "siga.pus"
    assert meta["judul_cocok"]["KELURAHAN"] == "KELURAHAN_DESA"
    assert meta["judul_cocok"]["PUS"] == "PUS"
    assert varian["meta"]["verval"]["sumber"] == "siga.verval_krs"
    assert varian["meta"]["verval"]["judul_cocok"]["JUMLAH KRS"] == "TOTAL_KRS"
    masukan = {m["berkas"]: m for m in varian["manifest"]["masukan"]}
    assert masukan[meta["berkas"]]["judul_cocok"]["KELURAHAN"] == "KELURAHAN_DESA"  # provenance
    assert varian["meta"]["dinas"]["sumber"] == "umum"
    assert varian["meta"]["dinas"]["kolom"] == {
        "JUMLAH PUS": "pus",
        "JUMLAH PESERTA KB AKTIF": "peserta_kb_aktif",
    }


def test_xlsx_disimpan_ulang_sama_dengan_jumlah_ekspor(varian):
    data = varian["pus"]
    pus = _milik(varian, "pus")
    pus = pus[pus["komponen"] == "pus"]
    bulan = {"JANUARI": 1, "SEPTEMBER": 9}
    for nama, nomor in bulan.items():
        harap = pd.to_numeric(data.loc[data["BULAN"] == nama, "PUS"]).sum()
        assert pus.loc[pus["bulan"] == nomor, "nilai"].sum() == harap
    assert pus.loc[pus["bulan"] == 1, "nilai"].sum() == 204_569  # SOURCE.md
    assert pus.loc[pus["bulan"] == 9, "nilai"].sum() == 202_121
    assert len(pus) == len(data)  # every row used, the index column ignored


def test_rekap_verval_kecamatan_tanpa_periode(varian):
    data = varian["verval"]
    krs = _milik(varian, "verval")
    assert set(krs["semester"]) == {2} and set(krs["tahun"]) == {2024}
    assert krs["kode_wilayah"].str.count(r"\.").eq(2).all()  # kecamatan codes
    nilai = krs.groupby("komponen")["nilai"].sum()
    assert nilai["keluarga_berisiko_stunting"] == data["JUMLAH KRS"].sum() == 64_552
    assert nilai["keluarga_sasaran_krs"] == data["JUMLAH KELUARGA SASARAN"].sum() == 217_562
    assert nilai["krs_jamban_tidak_layak"] == data["JAMBAN TIDAK LAYAK"].sum()


def test_dua_baris_kolom_bawah(varian):
    pus, pa = varian["sept"]
    dinas = _milik(varian, "dinas")
    nilai = dinas.groupby("komponen")["nilai"].sum()
    assert (nilai["pus"], nilai["peserta_kb_aktif"]) == (pus, pa) == (202_121, 119_867)
    assert set(dinas["bulan"]) == {9}


def test_rekap_verval_tanpa_semester_nilai_tahunan(tmp_path):
    """Without ``--semester`` the recap's values are that year's (an annual stock): no
    semester, no month, the same sums."""
    siga = realdata_path("bkkbn-sulbar-siga")
    data = _verval_rekap(siga / "data_verval_krs_2024_sem2.csv", tmp_path / "rekap.csv")
    meta = _ingest(tmp_path / "raw", tmp_path / "rekap.csv", "--tahun", "2024")
    assert (meta["sumber"], meta["semester"], meta["berkas"]) == (
        "siga.verval_krs",
        None,
        "siga.verval_krs/2024/rekap.csv",
    )
    jalankan(tmp_path / "raw", tmp_path / "out")
    krs = pd.read_parquet(tmp_path / "out" / "komponen")
    assert krs["semester"].isna().all() and krs["bulan"].isna().all()
    nilai = krs.groupby("komponen")["nilai"].sum()
    assert nilai["keluarga_berisiko_stunting"] == data["JUMLAH KRS"].sum() == 64_552


def test_berkas_asing_ditolak_singkat_dengan_saran(tmp_path):
    """A real export of no known format: a short refusal with a ready --kolom line."""
    src = realdata_path("kab-malang-kamasuta", "data_kb_performance.csv")
    result = runner.invoke(app, ["ingest", str(src), "--tahun", "2024", "--raw", str(tmp_path)])
    assert result.exit_code == 1
    teks = result.output + (result.stderr or "")
    assert "tidak dikenali" in teks and "indikator katalog --sumber" in teks
    assert f"indikator ingest '{src.name}' --tahun 2024" in teks
    assert len(teks.strip().splitlines()) <= 10
    assert not list(tmp_path.rglob("*.csv"))


def test_semesters_of_verval_sent_without_semester_are_each_their_semester(tmp_path):
    """The Verval export names its semester in every row (``PERIODE``): sent with ``--tahun``
    only, it is stored as that semester's file; the first semester's file (same desa, same
    year) is kept beside it, not replaced."""
    siga = realdata_path("bkkbn-sulbar-siga")
    data = pd.read_csv(siga / "data_verval_krs_2024_sem2.csv", sep=";", dtype=str)
    assert set(data["PERIODE"].dropna()) == {"Sem 2 2024"}  # one semester in the export
    sem1 = tmp_path / "sem1" / "data_verval_krs.csv"
    sem1.parent.mkdir()
    data.assign(PERIODE="Sem 1 2024").to_csv(sem1, sep=";", index=False)
    raw = tmp_path / "raw"
    meta1 = _ingest(raw, sem1, "--tahun", "2024")
    meta2 = _ingest(raw, siga / "data_verval_krs_2024_sem2.csv", "--tahun", "2024")
    assert (meta1["semester"], meta1["berkas"]) == (
        1,
        "siga.verval_krs/2024-S1/data_verval_krs.csv",
    )
    assert (meta2["semester"], meta2["berkas"]) == (
        2,
        "siga.verval_krs/2024-S2/data_verval_krs_2024_sem2.csv",
    )
    assert meta2.get("menggantikan") is None
