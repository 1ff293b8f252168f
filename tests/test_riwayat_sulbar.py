"""The acceptance check of issue 11 on the real Sulawesi Barat exports: after a one-desa
correction ``indikator diff`` names exactly the changed values and their cause, the changed rows
carry the correcting run in ``id_run_ubah``, and ``indikator pulihkan`` brings the previous
values back (recorded as a run that ``runs`` and ``diff`` see).

The correction: desa Kasoloang (kecamatan Bambaira, Pasangkayu) reports PUS 326 instead of 316
for September 2025 in ``data_pus.csv``. The expected set is computed here from the catalog, not
from the pipeline: every indicator built on ``pus`` that the run publishes, for the desa and
each region it rolls up to (kecamatan, kabupaten, provinsi), for September and for the year
(PUS is a stock: the annual value is the last month, September). On these three exports that is
spm.02, spm.03 and pasti.bumil.03 × 4 regions × 2 periods = 24 values.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from schemas.katalog import muat_katalog
from tests.conftest import SULBAR_SIGA_2025, realdata_path
from transforms.keluar.penjelasan import buat_peta_komponen
from transforms.langkah.jalankan import jalankan

pytestmark = pytest.mark.lambat

KUNCI = ["kode_indikator", "kode_wilayah", "tahun", "semester", "bulan"]


def _koreksi_satu_desa(asli: str) -> tuple[str, int, int]:
    """The export with Kasoloang's September PUS raised by 10; the text, old PUS, line no."""
    baris = asli.splitlines()
    judul = baris[0].split(";")
    i_kec, i_desa, i_pus, i_bulan = (
        judul.index(k) for k in ("KECAMATAN", "KELURAHAN", "PUS", "BULAN")
    )
    cocok = [
        i
        for i, teks in enumerate(baris)
        if (f := teks.split(";"))[1:]
        and len(f) > i_bulan
        and (f[i_kec], f[i_desa], f[i_bulan]) == ("BAMBAIRA", "KASOLOANG", "SEPTEMBER")
    ]
    assert len(cocok) == 1
    f = baris[cocok[0]].split(";")
    lama = int(f[i_pus])
    f[i_pus] = str(lama + 10)
    baris[cocok[0]] = ";".join(f)
    return "\n".join(baris) + "\n", lama, cocok[0] + 1  # header row = 1


def _nilai(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index(KUNCI)[["pembilang", "penyebut", "nilai"]].sort_index()


def test_a_one_desa_correction_is_diffed_explained_and_rolled_back(tmp_path):
    folder = realdata_path("bkkbn-sulbar-siga")
    raw, out = tmp_path / "raw", tmp_path / "out"
    runner = CliRunner()
    for nama in SULBAR_SIGA_2025:
        hasil = runner.invoke(
            app, ["ingest", str(folder / nama), "--tahun", "2025", "--raw", str(raw)]
        )
        assert hasil.exit_code == 0, hasil.output
    run1 = jalankan(raw, out, 2025)
    sebelum = pd.read_parquet(out / "indikator")
    komponen1 = pd.read_parquet(out / "komponen")

    teks, pus_lama, nomor = _koreksi_satu_desa(
        (folder / "data_pus.csv").read_text(encoding="utf-8")
    )
    (tmp_path / "kiriman").mkdir()
    (tmp_path / "kiriman" / "data_pus.csv").write_text(teks, encoding="utf-8")
    hasil = runner.invoke(
        app,
        [
            "ingest",
            str(tmp_path / "kiriman" / "data_pus.csv"),
            "--tahun",
            "2025",
            "--raw",
            str(raw),
        ],
    )
    assert hasil.exit_code == 0, hasil.output
    assert "menggantikan siga.pus/2025/data_pus.csv" in hasil.output
    run2 = jalankan(raw, out, 2025, pemicu="koreksi")
    sesudah = pd.read_parquet(out / "indikator")

    # the desa of that line (its code as the first run matched it), and its ancestors
    baris_pus = komponen1[
        (komponen1["berkas"] == "siga.pus/2025/data_pus.csv")
        & (komponen1["baris"] == nomor)
        & (komponen1["komponen"] == "pus")
    ]
    assert baris_pus["nilai"].tolist() == [pus_lama]
    desa = baris_pus["kode_wilayah"].iloc[0]
    wilayah = {desa[:2], desa[:5], desa[:8], desa}
    pakai_pus = {k for k, c in buat_peta_komponen(muat_katalog()) if c == "pus"}
    terbit = set(sebelum["kode_indikator"]) & pakai_pus
    assert terbit == {"spm.02", "spm.03", "pasti.bumil.03"}
    harap = {(k, w, bulan) for k in terbit for w in wilayah for bulan in (9, None)}
    assert len(harap) == 24

    # diff (default: the last two runs), written as Parquet and CSV
    hasil = runner.invoke(app, ["diff", "--out", str(out), "--simpan", str(tmp_path / "beda")])
    assert hasil.exit_code == 0, hasil.output
    assert (
        f"Perbandingan run {run1.id_run} → {run2.id_run}: 24 nilai indikator berbeda"
        in hasil.output
    )
    beda = pd.read_parquet(tmp_path / "beda" / f"perubahan-{run1.id_run}-{run2.id_run}.parquet")
    csv = pd.read_csv(tmp_path / "beda" / f"perubahan-{run1.id_run}-{run2.id_run}.csv")
    assert len(csv) == len(beda) == 24
    dapat = {
        (k, w, None if pd.isna(b) else int(b))
        for k, w, b in zip(beda["kode_indikator"], beda["kode_wilayah"], beda["bulan"], strict=True)
    }
    assert dapat == harap
    assert set(beda["perubahan"]) == {"berubah"}
    rec2 = json.loads((out / "runs" / f"{run2.id_run}.json").read_text(encoding="utf-8"))
    koreksi = [m["berkas"] for m in rec2["masukan"] if m.get("menggantikan")]
    assert len(koreksi) == 1 and koreksi[0] != "siga.pus/2025/data_pus.csv"
    assert set(beda["sebab"]) == {f"koreksi: {koreksi[0]} menggantikan siga.pus/2025/data_pus.csv"}
    assert (beda["penyebut_baru"] - beda["penyebut_lama"] == 10).all()
    assert (beda["pembilang_baru"] == beda["pembilang_lama"]).all()
    nama = dict(zip(beda["kode_wilayah"], beda["nama_wilayah"], strict=False))
    assert nama[desa] == "Kasoloang" and nama["76"] == "Sulawesi Barat"
    # old province values for September are the SOURCE.md totals (PA/PUS 59.30, unmet 9.64)
    prov = beda[(beda["kode_wilayah"] == "76") & (beda["bulan"] == 9)].set_index("kode_indikator")
    assert round(prov.loc["spm.02", "nilai_lama"], 2) == 59.30
    assert round(prov.loc["spm.03", "nilai_lama"], 2) == 9.64
    assert prov.loc["spm.02", "penyebut_lama"] == 202_121
    assert prov.loc["spm.02", "nilai_baru"] == pytest.approx(119_867 / 202_131 * 100)

    # id_run_ubah: exactly those 24 rows changed in run 2; every other row keeps run 1
    ubah = sesudah.set_index(["kode_indikator", "kode_wilayah", "bulan"])["id_run_ubah"]
    baru = {(k, w, None if pd.isna(b) else int(b)) for (k, w, b) in ubah[ubah == run2.id_run].index}
    assert baru == harap
    assert set(ubah[ubah != run2.id_run]) == {run1.id_run}
    komponen2 = pd.read_parquet(out / "komponen")
    ganti = komponen2[komponen2["id_run_ubah"] == run2.id_run]
    assert ganti[["kode_wilayah", "komponen", "bulan", "nilai"]].to_numpy().tolist() == [
        [desa, "pus", 9, pus_lama + 10]
    ]

    # pulihkan: the first run's values are current again, recorded as a run
    hasil = runner.invoke(app, ["pulihkan", run1.id_run, "--out", str(out)])
    assert hasil.exit_code == 0, hasil.output
    assert f"menggantikan {run2.id_run}" in hasil.output
    pd.testing.assert_frame_equal(_nilai(pd.read_parquet(out / "indikator")), _nilai(sebelum))
    runs = json.loads(runner.invoke(app, ["runs", "--out", str(out), "--json"]).output)
    assert [r.get("pemicu") for r in runs] == ["manual", "koreksi", "pulihkan"]
    assert runs[2]["generasi"] == run1.id_run and runs[2]["generasi_sebelumnya"] == run2.id_run
    assert all(len(m["sha256"]) == 64 and m["cakupan"] for m in runs[1]["masukan"])
    hasil = runner.invoke(app, ["diff", "--out", str(out), "--simpan", str(tmp_path / "balik")])
    assert hasil.exit_code == 0, hasil.output
    balik = pd.read_parquet(next((tmp_path / "balik").glob("*.parquet")))
    assert len(balik) == 24
    assert (balik["penyebut_lama"] - balik["penyebut_baru"] == 10).all()
    assert balik["sebab"].str.startswith(f"generasi run {run1.id_run} dipulihkan").all()
    assert (
        balik["sebab"]
        .str.contains("koreksi dibatalkan: siga.pus/2025/data_pus.csv berlaku lagi")
        .all()
    )
