"""Per-kabupaten SIGA exports, all named ``data_pus.csv``, as a dinas receives them.

The real Sulawesi Barat ``data_pus.csv`` is split per kabupaten (each record's bytes kept,
quoted line breaks included) into six folders. Ingested one after another, all six count:
the run equals the run of the unsplit file and every kabupaten equals the independent sums
of the export. A one-desa correction replaces exactly its file and changes exactly that
desa (and its ancestors); withdrawing it, or sending the original again, restores the values.
The unsplit file overlaps all six: refused, then accepted with ``--ganti``. A raw file changed
after ingest is rejected at run time; the five others are still used.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from schemas.katalog import muat_katalog
from tests.conftest import realdata_path
from transforms.langkah.jalankan import jalankan
from transforms.terima.identitas import CakupanTumpangTindih
from transforms.terima.simpan import cari_berkas_aktif
from transforms.terima.tarik import tarik_berkas
from transforms.terima.terima import terima_berkas

pytestmark = pytest.mark.lambat  # real data, several whole runs

KATALOG = muat_katalog()
KUNCI = ["kode_indikator", "kode_wilayah", "bulan"]
NILAI = ["pembilang", "penyebut", "nilai", "bulan_acuan"]
KAB = {
    "PASANGKAYU": "76.01",
    "MAMUJU": "76.02",
    "MAMASA": "76.03",
    "POLEWALI MANDAR": "76.04",
    "MAJENE": "76.05",
    "MAMUJU TENGAH": "76.06",
}


def _rekaman(path: Path) -> tuple[str, list[str]]:
    """Header and the raw text of each record (a quoted field may hold a line break)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    records, cur = [], ""
    for line in lines[1:]:
        cur += line
        if cur.count('"') % 2 == 0:
            records.append(cur)
            cur = ""
    assert cur == ""
    return lines[0], records


def _pecah(src: Path, folder: Path) -> dict[str, Path]:
    """One ``data_pus.csv`` per kabupaten, in its own folder."""
    header, records = _rekaman(src)
    per_kab: dict[str, list[str]] = {}
    for rec in records:
        per_kab.setdefault(rec.split(";")[2], []).append(rec)
    assert set(per_kab) == set(KAB)
    out = {}
    for kab, recs in per_kab.items():
        path = folder / kab.lower().replace(" ", "_") / "data_pus.csv"
        path.parent.mkdir(parents=True)
        path.write_text(header + "".join(recs), encoding="utf-8")
        out[kab] = path
    return out


def _jalankan(raw: Path, out: Path) -> pd.DataFrame:
    jalankan(raw, out, 2025)
    return pd.read_parquet(out / "indikator").sort_values(KUNCI).reset_index(drop=True)


def _beda(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Rows whose values differ between two runs (same keys required)."""
    m = a.merge(b, on=KUNCI, how="outer", suffixes=("_a", "_b"), indicator=True)
    assert (m["_merge"] == "both").all(), m[m["_merge"] != "both"].head()
    beda = pd.Series(False, index=m.index)
    for col in NILAI:
        x, y = m[f"{col}_a"], m[f"{col}_b"]
        beda |= ~((x == y) | (x.isna() & y.isna()))
    return m[beda]


@pytest.fixture(scope="module")
def sulbar_pus(tmp_path_factory) -> dict:
    """The split files, the unsplit run, and a store with the six files ingested in turn."""
    src = realdata_path("bkkbn-sulbar-siga", "data_pus.csv")
    base = tmp_path_factory.mktemp("pus-per-kab")
    files = _pecah(src, base / "kiriman")
    terima_berkas(src, base / "raw-utuh", KATALOG, 2025)
    utuh = _jalankan(base / "raw-utuh", base / "out-utuh")
    hasil = {}
    for kab in sorted(files):
        hasil[kab] = terima_berkas(files[kab], base / "raw", KATALOG, 2025)
    pecah = _jalankan(base / "raw", base / "out")
    return {"src": src, "base": base, "files": files, "hasil": hasil, "utuh": utuh, "pecah": pecah}


def _salin(sulbar_pus: dict, tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(sulbar_pus["base"] / "raw", raw)
    return raw


def test_six_files_of_the_same_name_all_count(sulbar_pus):
    hasil = sulbar_pus["hasil"]
    assert len({h.path for h in hasil.values()}) == 6
    assert all(h.baru and not h.diganti for h in hasil.values())
    assert {h.provenans.cakupan["kabupaten"][0] for h in hasil.values()} == set(KAB.values())
    assert len(cari_berkas_aktif(sulbar_pus["base"] / "raw")[0]) == 6
    assert _beda(sulbar_pus["pecah"], sulbar_pus["utuh"]).empty
    assert len(sulbar_pus["pecah"]) == len(sulbar_pus["utuh"]) == 14480


def test_every_kabupaten_equals_the_independent_sums(sulbar_pus):
    data = pd.read_csv(sulbar_pus["src"], sep=";", dtype=str, keep_default_na=False)
    sept = data[data["BULAN"] == "SEPTEMBER"]  # the last month reported: the annual stock
    hasil = sulbar_pus["pecah"]
    for nama, kode in KAB.items():
        rows = sept[sept["KABUPATEN"] == nama]
        row = hasil[
            (hasil["kode_indikator"] == "spm.03")
            & (hasil["kode_wilayah"] == kode)
            & hasil["bulan"].isna()
        ].iloc[0]
        pus = int(pd.to_numeric(rows["PUS"]).sum())
        unmet = int(pd.to_numeric(rows["UNMET NEED"]).sum())
        assert (row["pembilang"], row["penyebut"], row["bulan_acuan"]) == (unmet, pus, 9), nama


def _koreksi_satu_desa(asli: Path, tujuan: Path) -> Path:
    """Majene's file with one desa's PUS raised by 13 in every month."""
    header, records = _rekaman(asli)
    desa = records[0].split(";")[4]
    baru = []
    for rec in records:
        kolom = rec.split(";")
        if kolom[4] == desa:
            kolom[5] = str(int(kolom[5]) + 13)
        baru.append(";".join(kolom))
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    tujuan.write_text(header + "".join(baru), encoding="utf-8")
    return tujuan


def test_one_desa_correction_withdrawal_and_resending(sulbar_pus, tmp_path):
    raw = _salin(sulbar_pus, tmp_path)
    majene = sulbar_pus["hasil"]["MAJENE"].provenans.berkas
    src = _koreksi_satu_desa(sulbar_pus["files"]["MAJENE"], tmp_path / "koreksi" / "data_pus.csv")
    koreksi = terima_berkas(src, raw, KATALOG, 2025)
    assert koreksi.diganti == (majene,)  # exactly Majene's file, no other kabupaten
    hasil = _jalankan(raw, tmp_path / "out1")
    beda = _beda(hasil, sulbar_pus["pecah"])
    desa = beda[beda["kode_wilayah"].str.count(r"\.") == 3]["kode_wilayah"].unique()
    assert len(desa) == 1 and desa[0].startswith("76.05.")
    leluhur = {desa[0][:2], desa[0][:5], desa[0][:8], desa[0]}
    assert set(beda["kode_wilayah"]) == leluhur
    assert len(beda[beda["kode_wilayah"] == desa[0]]) == 20  # 2 indicators x (9 months + year)
    assert ((beda["penyebut_a"] - beda["penyebut_b"]) == 13).all()
    assert (beda["pembilang_a"] == beda["pembilang_b"]).all()

    tarik = tarik_berkas(raw, koreksi.provenans.berkas, KATALOG)
    assert tarik.dipulihkan == (majene,)
    assert _beda(_jalankan(raw, tmp_path / "out2"), sulbar_pus["pecah"]).empty

    # the correction sent again is in force again; then the original sent again wins
    assert terima_berkas(src, raw, KATALOG, 2025).dipulihkan
    lagi = terima_berkas(sulbar_pus["files"]["MAJENE"], raw, KATALOG, 2025)
    assert lagi.dipulihkan and lagi.diganti == (koreksi.provenans.berkas,)
    assert _beda(_jalankan(raw, tmp_path / "out3"), sulbar_pus["pecah"]).empty


def test_unsplit_file_overlaps_all_six_refused_then_ganti(sulbar_pus, tmp_path):
    raw = _salin(sulbar_pus, tmp_path)
    with pytest.raises(CakupanTumpangTindih) as exc:
        terima_berkas(sulbar_pus["src"], raw, KATALOG, 2025)
    for h in sulbar_pus["hasil"].values():
        assert h.provenans.berkas in str(exc.value)
    assert "--ganti siga.pus/2025 (semua yang tumpang-tindih)" in str(exc.value)
    hasil = terima_berkas(sulbar_pus["src"], raw, KATALOG, 2025, ganti=["siga.pus/2025"])
    assert len(hasil.diganti) == 6
    assert _beda(_jalankan(raw, tmp_path / "out"), sulbar_pus["utuh"]).empty


def test_changed_raw_file_rejected_the_other_kabupaten_still_used(sulbar_pus, tmp_path):
    raw = _salin(sulbar_pus, tmp_path)
    mamuju = raw / sulbar_pus["hasil"]["MAMUJU"].provenans.berkas
    mamuju.write_bytes(mamuju.read_bytes().replace(b";SEPTEMBER", b";OKTOBER"))
    ringkasan = jalankan(raw, tmp_path / "out", 2025)
    ditolak = [a for a in ringkasan.berkas if "ditolak" in a]
    assert [a["berkas"] for a in ditolak] == [sulbar_pus["hasil"]["MAMUJU"].provenans.berkas]
    assert "berubah sejak diterima" in ditolak[0]["ditolak"]
    hasil = pd.read_parquet(tmp_path / "out" / "indikator")
    kab = set(hasil.loc[hasil["tingkat"] == "kabupaten", "kode_wilayah"])
    assert kab == set(KAB.values()) - {"76.02"}


def test_ingest_folder_of_the_six_kabupaten(sulbar_pus, tmp_path):
    kiriman = sulbar_pus["base"] / "kiriman"
    raw = tmp_path / "raw"
    result = CliRunner().invoke(app, ["ingest", str(kiriman), "--tahun", "2025", "--raw", str(raw)])
    assert result.exit_code == 0, result.output
    assert result.output.count("Diterima data_pus.csv") == 6
    assert "6 berkas: 6 diterima atau sudah ada, 0 gagal" in result.output
    stored = {p.sha256 for _, p in cari_berkas_aktif(raw)[0]}
    assert stored == {h.provenans.sha256 for h in sulbar_pus["hasil"].values()}
