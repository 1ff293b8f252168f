"""The star schema, the DuckDB file, the per-indicator files and the readable dictionary.

Dimensions are checked against the vendored master CSV read here directly; the generation
tests publish the small contract-valid generations of ``tests/bantu_generasi.py``.
"""

from __future__ import annotations

import csv
import os
import shutil

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from schemas.katalog import muat_katalog
from schemas.kontrak import kolom
from tests.bantu_generasi import ROOT, buat_tabel, terbitkan_uji
from transforms.hitung.catatan_target import TANPA_NILAI, TANPA_TARGET, buat_catatan_target
from transforms.hitung.periode import buat_dim_periode, tambah_periode
from transforms.keluar.dimensi import buat_dim_indikator, buat_dim_wilayah
from transforms.keluar.samakan import samakan_skema

MASTER = ROOT / "catalog" / "wilayah" / "kemendagri_2025.csv"


def _master_csv() -> dict[str, str]:
    with MASTER.open(encoding="utf-8", newline="") as fh:
        return {r["kode"].strip(): r["nama"] for r in csv.DictReader(fh)}


def test_period_kind_key_label_and_order():
    frame = pd.DataFrame(
        {
            "tahun": [2025, 2025, 2025, 2025, 2024],
            "bulan": pd.array([3, None, None, 6, None], dtype="Int64"),
            "semester": pd.array([None, 2, None, None, 1], dtype="Int64"),
        }
    )
    out = tambah_periode(frame)
    assert out["jenis_periode"].tolist() == [
        "bulanan",
        "semesteran",
        "tahunan",
        "bulanan",
        "semesteran",
    ]
    assert out["kode_periode"].tolist() == ["2025-03", "2025-S2", "2025", "2025-06", "2024-S1"]
    dim = buat_dim_periode(pd.concat([frame, frame]))  # one row per period
    assert dim["kode_periode"].tolist() == ["2024-S1", "2025-03", "2025-06", "2025-S2", "2025"]
    assert dim["label"].tolist() == [
        "Semester 1 2024",
        "Maret 2025",
        "Juni 2025",
        "Semester 2 2025",
        "2025",
    ]
    assert dim["urutan"].is_monotonic_increasing and dim["urutan"].is_unique


def test_dim_wilayah_is_every_master_region_with_its_hierarchy():
    master = _master_csv()
    dim = buat_dim_wilayah(["91.01"])  # Merauke: a 2021 code without a 2025 row
    baku = dim[dim["edisi_master"] == "2025"]
    assert len(baku) == len(master) and set(baku["kode_wilayah"]) == set(master)
    sulbar = [k for k in master if k.split(".")[0] == "76"]
    assert (dim["kode_provinsi"] == "76").sum() == len(sulbar)
    desa_sulbar = sum(1 for k in sulbar if k.count(".") == 3)
    row = dim.set_index("kode_wilayah").loc["76"]
    assert (row["nama_wilayah"], row["tingkat"], row["jumlah_desa"]) == (
        master["76"],
        "provinsi",
        desa_sulbar,
    )
    desa = next(k for k in sulbar if k.count(".") == 3)
    d = dim.set_index("kode_wilayah").loc[desa]
    kec, kab = desa.rsplit(".", 1)[0], desa.rsplit(".", 2)[0]
    assert (d["kode_induk"], d["nama_kecamatan"], d["nama_kabupaten"], d["nama_provinsi"]) == (
        kec,
        master[kec],
        master[kab],
        master["76"],
    )
    assert d["jumlah_desa"] == 1 and pd.isna(row["kode_kabupaten"])
    lama = dim.set_index("kode_wilayah").loc["91.01"]
    assert (lama["edisi_master"], lama["tingkat"]) == ("2021", "kabupaten")


def test_dim_indikator_is_the_registry_with_formula_and_legal_basis():
    katalog = muat_katalog()
    dim = buat_dim_indikator(katalog).set_index("kode_indikator")
    assert list(dim.index) == list(katalog.indikator)
    spm02 = dim.loc["spm.02"]
    assert spm02["rumus"] == "Peserta KB aktif (PA) / Pasangan usia subur (PUS) x 100"
    assert spm02["dasar_hukum_target"] == "Perbup Purworejo 32/2013, Lampiran I dan II A.2"
    assert (spm02["kelompok"], spm02["arah"], spm02["tahun_target"]) == ("spm", "naik", "2015")
    assert "RAN PASTI" in dim.loc["pasti.catin.01", "dasar_hukum_target"]


def test_a_blank_target_says_why():
    katalog = muat_katalog()
    rows = pd.DataFrame(
        {
            "kode_indikator": [
                *("spm.02", "pasti.catin.01", "siga.krs", "pasti.keluarga.07"),
                *("spm.02", "spm.02"),
            ],
            "kode_wilayah": ["33.06", "33.06", "33.06", "33.06", "33.06", "33.06"],
            "tahun": [2025, 2025, 2025, 2025, 2015, 2015],
            "target": [np.nan, np.nan, np.nan, np.nan, 65.0, 65.0],
            "nilai": [70.0, 50.0, 1.0, 9.0, 70.0, np.nan],
        }
    )
    catatan = buat_catatan_target(rows, katalog.target).tolist()
    assert catatan[0] == (
        "tidak ada target untuk tahun ini; target terakhir 2015: 65 "
        "(Perbup Purworejo 32/2013, Lampiran I dan II A.2)"
    )
    assert catatan[1].startswith("tidak ada target untuk tahun ini; target terakhir 2024: 58 (")
    assert catatan[2] == TANPA_TARGET
    assert catatan[3].startswith("tidak ada target untuk wilayah ini; target nasional berupa")
    assert "10.000.000" in catatan[3]
    assert pd.isna(catatan[4]) and catatan[5] == TANPA_NILAI


def test_an_older_year_file_is_brought_to_the_contract():
    frame = tambah_periode(buat_tabel("A")["indikator"])
    tanpa = pa.Table.from_pandas(
        frame.drop(columns=["jenis_periode", "kode_periode", "target_sumber", "catatan_target"]),
        preserve_index=False,
    )
    baru = samakan_skema(tanpa, "indikator")
    assert baru is not None and baru.column_names == list(kolom("indikator"))
    assert baru.column("jenis_periode").to_pylist() == frame["jenis_periode"].tolist()
    assert baru.column("kode_periode").to_pylist() == frame["kode_periode"].tolist()
    assert samakan_skema(tanpa.drop_columns(["kode_indikator"]), "indikator") is None


def _buka(out):
    return duckdb.connect(str(out / "indikator.duckdb"), read_only=True)


@pytest.fixture(scope="module")
def dua_generasi(tmp_path_factory):
    """A published, then B for 2025 only (2024 carried over from A). Read only."""
    out = tmp_path_factory.mktemp("bintang") / "out"
    terbitkan_uji(out, "A")
    terbitkan_uji(out, "B", (2025,))
    return out


def test_the_duckdb_file_opens_read_only_from_anywhere_with_every_comment(
    dua_generasi, tmp_path, monkeypatch
):
    out = dua_generasi
    lain = tmp_path / "lain"
    lain.mkdir()
    monkeypatch.chdir(lain)
    con = _buka(out)
    views = {
        r[0] for r in con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    }
    tabel = {"indikator", "komponen", "karantina", "dim_wilayah", "dim_periode", "dim_indikator"}
    lebar = {f"lebar_{k}" for k in ("spm", "pasti", "sipd", "siga")}
    assert views == tabel | {"indikator_tahunan", "indikator_terakhir"} | lebar
    tanpa = con.sql(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND coalesce(comment, '') = ''"
    ).fetchall()
    assert tanpa == []
    komentar = con.sql(
        "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE NOT internal"
    ).fetchall()
    katalog = muat_katalog()
    harap = sum(len(kolom(t)) for t in tabel) + 2 * len(kolom("indikator"))
    harap += 4 * len(lebar) + len(katalog.indikator)  # wide: region, name, level, year + one each
    assert len(komentar) == harap
    assert [k for k in komentar if not k[2] or k[2] == f"Kolom {k[1]}."] == []
    spec = kolom("indikator")
    fakta = {k[1]: k[2] for k in komentar if k[0] == "indikator"}
    assert fakta == {k: v["deskripsi"] for k, v in spec.items()}
    assert fakta["jenis_periode"].startswith("Jenis periode baris")
    spm = {k[1]: k[2] for k in komentar if k[0] == "lebar_spm"}
    assert spm["spm_02"].startswith("spm.02 — " + katalog.indikator["spm.02"].judul)
    pandas = pd.read_parquet(out / "indikator")
    per_tahun = con.sql("SELECT tahun, any_value(id_run) FROM indikator GROUP BY 1 ORDER BY 1")
    assert per_tahun.fetchall() == [(2024, "A"), (2025, "B")]
    tahunan = con.sql("SELECT count(*) FROM indikator_tahunan").fetchall()[0][0]
    assert tahunan == int((pandas["bulan"].isna() & pandas["semester"].isna()).sum()) == 20
    terakhir = con.sql("SELECT count(*) FROM indikator_terakhir").fetchall()[0][0]
    assert terakhir == 0  # every value of these small tables is empty: nothing to show
    wilayah = con.sql("SELECT count(*) FROM dim_wilayah").fetchall()[0][0]
    assert wilayah == len(_master_csv())
    periode = con.sql("SELECT kode_periode FROM dim_periode ORDER BY urutan").fetchall()
    assert [p[0] for p in periode] == ["2024-01", "2024-02", "2024", "2025-01", "2025-02", "2025"]
    con.close()


def test_per_indicator_files_hold_every_year_for_every_reader(dua_generasi):
    out = dua_generasi
    fakta = pd.read_parquet(out / "indikator")
    berkas = sorted(
        p.relative_to(out / "per_indikator") for p in (out / "per_indikator").rglob("*")
    )
    assert [str(p) for p in berkas] == [
        "spm.02",
        "spm.02/33.parquet",
        "spm.03",
        "spm.03/33.parquet",
    ]
    for kode in ("spm.02", "spm.03"):
        folder = out / "per_indikator" / kode
        harap = fakta[fakta["kode_indikator"] == kode]
        dengan_pandas = pd.read_parquet(folder)
        dengan_polars = pl.read_parquet(folder / "*.parquet")
        dengan_duckdb = duckdb.sql(
            f"SELECT tahun, id_run FROM read_parquet('{folder}/*.parquet')"
        ).df()
        assert len(dengan_pandas) == dengan_polars.height == len(dengan_duckdb) == len(harap)
        assert sorted(dengan_pandas["tahun"].unique()) == [2024, 2025]
        assert dengan_duckdb.groupby("tahun")["id_run"].unique().map(list).to_dict() == {
            2024: ["A"],
            2025: ["B"],
        }
        assert pq.read_schema(folder / "33.parquet").names == list(kolom("indikator"))


def test_the_duckdb_file_reads_its_own_generation_even_when_copied(dua_generasi, tmp_path):
    out = dua_generasi
    lama = duckdb.connect(str(out / "generasi" / "A" / "indikator.duckdb"), read_only=True)
    assert lama.sql("SELECT DISTINCT tahun, id_run FROM indikator ORDER BY 1").fetchall() == [
        (2024, "A"),
        (2025, "A"),
    ]
    lama.close()
    salinan = tmp_path / "salinan"
    shutil.copytree(out, salinan, symlinks=True)  # cp -a: the relative links stay
    (salinan / "terkini" / "indikator" / "2024" / "33.parquet").unlink()
    con = duckdb.connect(str(salinan / "indikator.duckdb"), read_only=True)
    assert con.sql("SELECT DISTINCT tahun, id_run FROM indikator").fetchall() == [(2025, "B")]
    assert con.sql("SELECT count(*) FROM dim_indikator").fetchall()[0][0] == len(
        muat_katalog().indikator
    )
    con.close()
    asli = _buka(out)  # the original still has both years: the copy read its own files
    assert asli.sql("SELECT count(DISTINCT tahun) FROM indikator").fetchall()[0][0] == 2
    asli.close()


def test_the_readable_dictionary_names_every_column_and_indicator(dua_generasi):
    out = dua_generasi
    md = (out / "kamus" / "kamus.md").read_text(encoding="utf-8")
    html = (out / "kamus" / "kamus.html").read_text(encoding="utf-8")
    katalog = muat_katalog()
    for tabel in ("indikator", "dim_wilayah", "dim_periode", "dim_indikator"):
        for nama in kolom(tabel):
            assert f"| `{nama}` |" in md and f"<code>{nama}</code>" in html
    for kode, ind in katalog.indikator.items():
        assert f"### {kode} — {ind.judul}" in md
        assert f'<h3 id="{kode}">' in html
    assert "`lebar_pasti`" in md and os.path.getsize(out / "kamus" / "kamus.html") > 50_000


def test_a_year_of_the_previous_schema_is_upgraded_when_carried(tmp_path):
    """An output folder of schema 2 (no jenis_periode): its 2024 comes along with the new
    columns, while a file already on the contract is still a hard link."""
    out = tmp_path / "out"
    terbitkan_uji(out, "A")
    lama = out / "generasi" / "A" / "indikator" / "2024" / "33.parquet"
    baru_kolom = ["jenis_periode", "kode_periode", "target_sumber", "catatan_target"]
    pq.write_table(pq.read_table(lama).drop_columns(baru_kolom), lama)
    terbitkan_uji(out, "B", (2025,))
    dibawa = out / "generasi" / "B" / "indikator" / "2024" / "33.parquet"
    assert pq.read_schema(dibawa).names == list(kolom("indikator"))
    frame = pd.read_parquet(dibawa)
    assert frame["jenis_periode"].value_counts().to_dict() == {"bulanan": 20, "tahunan": 10}
    assert set(frame["id_run"]) == {"A"}
    komponen = [out / "generasi" / g / "komponen" / "2024" / "33.parquet" for g in "AB"]
    assert os.stat(komponen[0]).st_ino == os.stat(komponen[1]).st_ino
    con = _buka(out)
    assert con.sql("SELECT count(*) FROM indikator_tahunan").fetchall()[0][0] == 20
    con.close()


def test_an_unchanged_region_dimension_is_a_hard_link(dua_generasi):
    a, b = (dua_generasi / "generasi" / g / "dim_wilayah" / "part-0.parquet" for g in "AB")
    assert os.stat(a).st_ino == os.stat(b).st_ino  # the same master: ~1 MB not written again
    assert pq.ParquetFile(b).metadata.num_rows == len(_master_csv())


def test_a_full_disk_met_by_duckdb_is_a_disk_error(tmp_path, monkeypatch):
    """DuckDB reports a full disk with its own exception: the run must say 'Disk penuh'."""
    import errno

    from transforms.keluar import basisdata
    from transforms.keluar.galat import jelaskan_galat_os

    def penuh(*args, **kwargs):
        raise duckdb.IOException(
            'Could not write file "x/indikator.duckdb": No space left on device'
        )

    monkeypatch.setattr(basisdata, "_tulis", penuh)
    with pytest.raises(OSError) as info:
        basisdata.tulis_duckdb(tmp_path, ["indikator"], muat_katalog())
    assert info.value.errno == errno.ENOSPC
    assert str(jelaskan_galat_os(info.value, tmp_path)).startswith(
        f"Disk penuh saat menulis ke {tmp_path}."
    )
    monkeypatch.setattr(
        basisdata, "_tulis", lambda *a: (_ for _ in ()).throw(duckdb.BinderException("x"))
    )
    with pytest.raises(duckdb.BinderException):
        basisdata.tulis_duckdb(tmp_path, ["indikator"], muat_katalog())
