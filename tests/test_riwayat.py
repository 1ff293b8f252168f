"""Run history, diff and restore on small hand-made inputs: the pure explain functions,
``id_run_ubah``, the DuckDB comparison of two generations and the three commands."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from schemas.katalog import muat_katalog
from tests.bantu_generasi import _isi, terbitkan_uji
from transforms.hitung.periode import tambah_periode
from transforms.keluar.parquet import tulis_tabel
from transforms.keluar.penjelasan import (
    buat_peta_komponen,
    cari_perubahan_masukan,
    jelaskan_berkas,
)
from transforms.keluar.perbedaan import buat_perubahan
from transforms.keluar.riwayat import (
    RiwayatGagal,
    baca_runs,
    buat_baris_run,
    folder_generasi,
    pilih_pasangan,
)
from transforms.keluar.ubah import pasang_id_run_ubah

A = {
    "id_run": "A",
    "masukan": [
        {"berkas": "pus/a.csv", "sha256": "1"},
        {"berkas": "kb/b.csv", "sha256": "2"},
        {"berkas": "bkb/c.csv", "sha256": "3"},
        {"berkas": "x/d.csv", "sha256": "4"},
    ],
    "hash_katalog": "aaaa",
    "versi_paket": "0.1.0",
}
B = {
    "id_run": "B",
    "masukan": [
        {"berkas": "pus/a2.csv", "sha256": "5", "menggantikan": ["pus/a.csv"]},
        {"berkas": "bkb/c.csv", "sha256": "3"},
        {"berkas": "baru/e.csv", "sha256": "6"},
        {"berkas": "x/d.csv", "sha256": "4"},
    ],
    "daftar_berkas_ditolak": [{"berkas": "x/d.csv", "alasan": "rusak"}],
    "hash_katalog": "bbbb",
    "versi_paket": "0.1.0",
}


def test_input_changes_between_two_runs_are_named_with_their_kind():
    perubahan = cari_perubahan_masukan(A, B, ditarik={"kb/b.csv"})
    jenis = {(p["jenis"], p["berkas"]) for p in perubahan}
    assert jenis == {
        ("koreksi", "pus/a2.csv"),
        ("ditambah", "baru/e.csv"),
        ("ditarik", "kb/b.csv"),
        ("ditolak", "x/d.csv"),
        ("katalog", ""),
    }
    koreksi = next(p for p in perubahan if p["jenis"] == "koreksi")
    assert koreksi["teks"] == "koreksi: pus/a2.csv menggantikan pus/a.csv"
    # not withdrawn by the history: only "no longer used"
    lain = cari_perubahan_masukan(A, B)
    assert ("tidak_dipakai", "kb/b.csv") in {(p["jenis"], p["berkas"]) for p in lain}


def test_undoing_a_correction_and_a_restore_are_explained():
    kembali = cari_perubahan_masukan(
        B, {**A, "pemicu": "pulihkan", "dipulihkan_dari_run": "A", "id_run": "C"}
    )
    teks = [p["teks"] for p in kembali]
    assert teks[0] == "generasi run A dipulihkan (indikator pulihkan, run C)"
    assert "koreksi dibatalkan: pus/a.csv berlaku lagi (pus/a2.csv tidak dipakai lagi)" in teks
    sebab = jelaskan_berkas("pus/a2.csv", "pus/a.csv", kembali)
    assert sebab == (
        "generasi run A dipulihkan (indikator pulihkan, run C); "
        "koreksi dibatalkan: pus/a.csv berlaku lagi (pus/a2.csv tidak dipakai lagi)"
    )


def test_a_component_value_is_explained_by_the_changes_of_its_files():
    perubahan = cari_perubahan_masukan(A, B, ditarik={"kb/b.csv"})
    assert jelaskan_berkas("pus/a.csv", "pus/a2.csv", perubahan) == (
        "koreksi: pus/a2.csv menggantikan pus/a.csv"
    )
    assert jelaskan_berkas("kb/b.csv", None, perubahan) == "berkas ditarik: kb/b.csv"
    assert jelaskan_berkas(None, "baru/e.csv", perubahan) == "berkas ditambah: baru/e.csv"
    # same file both sides: the catalog change is what is left
    assert jelaskan_berkas("bkb/c.csv", "bkb/c.csv", perubahan) == (
        "katalog berubah (hash aaaa → bbbb)"
    )
    tanpa = cari_perubahan_masukan(A, A)
    assert tanpa == []
    assert jelaskan_berkas("bkb/c.csv", "bkb/c.csv", tanpa).startswith(
        "tidak ada perubahan berkas yang cocok"
    )


def test_the_indicator_component_map_expands_derived_components():
    katalog = muat_katalog()
    peta = set(buat_peta_komponen(katalog))
    assert {("spm.02", "pus"), ("spm.03", "pus"), ("spm.03", "unmet_need")} <= peta
    turunan = [k for k in katalog.komponen.values() if k.bagian]
    pakai = [
        (i, k) for i, ind in katalog.indikator.items() for k in turunan if k.nama in ind.komponen
    ]
    assert pakai, "the catalog has an indicator built on a derived component"
    kode, komp = pakai[0]
    assert {(kode, b) for b in komp.bagian} <= peta


def _ind(rows: list[tuple], id_run: str = "r") -> pd.DataFrame:
    """Indicator rows (indicator, region, month, pembilang, penyebut) of 2025."""
    return tambah_periode(
        _isi(
            "indikator",
            [
                {
                    "kode_indikator": k,
                    "kode_wilayah": w,
                    "tingkat": {2: "provinsi", 5: "kabupaten", 8: "kecamatan"}.get(len(w), "desa"),
                    "nama_wilayah": f"nama {w}",
                    "tahun": 2025,
                    "bulan": b,
                    "pembilang": p,
                    "penyebut": q,
                    "nilai": p / q * 100,
                    "satuan": "persen",
                    "id_run": id_run,
                    "id_run_ubah": id_run,
                }
                for k, w, b, p, q in rows
            ],
        )
    )


def _kom(rows: list[tuple], id_run: str = "r") -> pd.DataFrame:
    """Component rows (region, month, component, value, file)."""
    return _isi(
        "komponen",
        [
            {"kode_wilayah": w, "tahun": 2025, "bulan": b, "komponen": k, "nilai": v}
            | {"berkas": f, "sha256": "0" * 64, "baris": 2, "id_run_ubah": id_run}
            for w, b, k, v, f in rows
        ],
    )


IND_A = [
    ("spm.02", "76", None, 50.0, 100.0),
    ("spm.02", "76", 9, 50.0, 100.0),
    ("spm.02", "76.01.10.2002", 9, 5.0, 10.0),
    ("spm.02", "76.01.10.2003", 9, 5.0, 10.0),
    ("spm.04", "76", 9, 1.0, 100.0),
]
KOM_A = [
    ("76.01.10.2002", 9, "pus", 10.0, "pus/a.csv"),
    ("76.01.10.2003", 9, "pus", 10.0, "pus/a.csv"),
    ("76.01.10.2002", 9, "peserta_kb_aktif", 5.0, "kb/b.csv"),
]


def _generasi(tmp_path, nama, ind, kom):
    folder = tmp_path / nama
    tulis_tabel(folder / "indikator", "indikator", ind, [2025])
    tulis_tabel(folder / "komponen", "komponen", kom, [2025])
    return folder


def test_id_run_ubah_keeps_the_previous_run_where_the_value_is_unchanged(tmp_path):
    lama = _generasi(tmp_path, "A", _ind(IND_A, "A"), _kom(KOM_A, "A"))
    ind_b = [IND_A[0], ("spm.02", "76", 9, 50.0, 110.0), *IND_A[2:4]]
    ind_b += [("spm.03", "76", None, 1.0, 100.0)]  # new row; spm.04 month 9 disappeared
    hasil = pasang_id_run_ubah("indikator", _ind(ind_b, "B"), lama / "indikator", [2025], "B")
    # the annual row (null month) matches the annual row: unchanged
    assert hasil["bulan"].isna().tolist() == [True, False, False, False, True]
    assert hasil["id_run_ubah"].tolist() == ["A", "B", "A", "A", "B"]
    # the previous generation of schema 2 (no id_run_ubah): who wrote the rows
    lama2 = _ind(IND_A, "A").drop(columns="id_run_ubah")
    tulis2 = tmp_path / "lama2" / "indikator" / "2025"
    tulis2.mkdir(parents=True)
    lama2.to_parquet(tulis2 / "part-0.parquet")
    hasil2 = pasang_id_run_ubah("indikator", _ind(ind_b, "B"), tulis2.parent, [2025], "B")
    assert hasil2["id_run_ubah"].tolist() == ["A", "B", "A", "A", "B"]


def test_id_run_ubah_of_components_compares_the_sum_per_region_period_component(tmp_path):
    lama = _generasi(tmp_path, "A", _ind(IND_A, "A"), _kom(KOM_A, "A"))
    kom_b = [
        ("76.01.10.2002", 9, "pus", 12.0, "pus/a2.csv"),  # corrected
        ("76.01.10.2003", 9, "pus", 10.0, "pus/a2.csv"),  # same value, other file
        ("76.01.10.2002", 9, "peserta_kb_aktif", 2.0, "kb/b.csv"),  # two units, sum 5
        ("76.01.10.2002", 9, "peserta_kb_aktif", 3.0, "kb/b.csv"),
    ]
    hasil = pasang_id_run_ubah("komponen", _kom(kom_b, "B"), lama / "komponen", [2025], "B")
    assert hasil["id_run_ubah"].tolist() == ["B", "A", "B", "B"]  # 2 rows instead of 1: changed


def test_diff_lists_changed_new_and_gone_rows_with_the_cause_below_them(tmp_path):
    a = _generasi(tmp_path, "A", _ind(IND_A, "A"), _kom(KOM_A, "A"))
    ind_b = [
        ("spm.02", "76", None, 50.0, 102.0),
        ("spm.02", "76", 9, 50.0, 102.0),
        ("spm.02", "76.01.10.2002", 9, 5.0, 12.0),
        ("spm.02", "76.01.10.2003", 9, 5.0, 10.0),
        ("spm.02", "76.01.10.2004", 9, 1.0, 10.0),
    ]
    kom_b = [
        ("76.01.10.2002", 9, "pus", 12.0, "pus/a2.csv"),
        ("76.01.10.2003", 9, "pus", 10.0, "pus/a2.csv"),
        ("76.01.10.2002", 9, "peserta_kb_aktif", 5.0, "kb/b.csv"),
        ("76.01.10.2004", 9, "pus", 10.0, "baru/e.csv"),
    ]
    b = _generasi(tmp_path, "B", _ind(ind_b, "B"), _kom(kom_b, "B"))
    masukan = cari_perubahan_masukan(A, B, ditarik={"kb/b.csv"})
    peta = buat_peta_komponen(muat_katalog())
    tabel, komponen = buat_perubahan(a, b, peta, masukan, ("A", "B"))
    assert komponen[["kode_wilayah", "komponen"]].to_numpy().tolist() == [
        ["76.01.10.2002", "pus"],
        ["76.01.10.2004", "pus"],
    ]
    assert komponen["nilai_baru"].tolist() == [12.0, 10.0]
    assert komponen["nilai_lama"].iloc[0] == 10.0 and pd.isna(komponen["nilai_lama"].iloc[1])
    assert komponen["berkas_lama"].tolist()[0] == "pus/a.csv"
    kunci = list(
        zip(
            tabel["kode_indikator"],
            tabel["kode_wilayah"],
            tabel["bulan"].astype(object),
            strict=True,
        )
    )
    assert kunci == [
        ("spm.02", "76", pd.NA),
        ("spm.02", "76", 9),
        ("spm.02", "76.01.10.2002", 9),
        ("spm.02", "76.01.10.2004", 9),
        ("spm.04", "76", 9),
    ]
    assert tabel["perubahan"].tolist() == ["berubah", "berubah", "berubah", "baru", "hilang"]
    assert tabel.loc[2, "nilai_lama"] == 50.0 and tabel.loc[2, "nilai_baru"] == pytest.approx(
        5 / 12 * 100
    )
    assert tabel.loc[2, "nama_wilayah"] == "nama 76.01.10.2002"
    koreksi = "koreksi: pus/a2.csv menggantikan pus/a.csv"
    # the province (annual and September) rolls up both the correction and the new file
    assert tabel.loc[0, "sebab"] == f"berkas ditambah: baru/e.csv; {koreksi}"
    assert tabel.loc[1, "sebab"] == tabel.loc[0, "sebab"]
    assert tabel.loc[2, "sebab"] == koreksi
    assert tabel.loc[3, "sebab"] == "berkas ditambah: baru/e.csv"
    # spm.04 (BKB members) uses no changed component: the catalog change is what is left
    assert tabel.loc[4, "sebab"] == "katalog berubah (hash aaaa → bbbb)"
    assert set(tabel["id_run_lama"]) == {"A"} and set(tabel["id_run_baru"]) == {"B"}


def test_old_records_are_readable_with_missing_fields_as_dashes(tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    (runs / "20250101T000000Z-aaaaaa.json").write_text(
        json.dumps({"id_run": "20250101T000000Z-aaaaaa", "status": "gagal", "kode_keluar": 1})
    )
    (runs / "20250102T000000Z-bbbbbb.json").write_text("{rusak")
    semua = baca_runs(tmp_path)
    assert [r["id_run"] for r in semua] == ["20250101T000000Z-aaaaaa", "20250102T000000Z-bbbbbb"]
    baris = buat_baris_run(semua[0])
    assert baris["waktu"] == "2025-01-01 00:00"
    assert baris["pemicu"] == "-" and baris["berkas"] == "-" and baris["generasi"] == "-"
    assert baris["hasil"] == "gagal (1)"
    assert buat_baris_run(semua[1])["hasil"] == "tidak terbaca"
    with pytest.raises(RiwayatGagal, match="Baru 0 run yang menerbitkan"):
        pilih_pasangan(semua, None, None)


def _tiga_generasi(out):
    ids = ["20250101T000000Z-aaaaaa", "20250102T000000Z-bbbbbb", "20250103T000000Z-cccccc"]
    for i in ids:
        terbitkan_uji(out, i, simpan=2)
    return ids


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_restore_diff_and_refusals_through_the_commands(tmp_path):
    out = tmp_path / "out"
    ids = _tiga_generasi(out)
    runner = CliRunner()
    # the first generation was pruned (2 kept): diff and restore refuse in Bahasa, exit 1
    hasil = runner.invoke(app, ["diff", ids[0], ids[2], "--out", str(out)])
    assert hasil.exit_code == 1
    assert f"Generasi {ids[0]} (run {ids[0]}) sudah dipangkas" in hasil.output
    hasil = runner.invoke(app, ["pulihkan", ids[0], "--out", str(out)])
    assert hasil.exit_code == 1
    assert f"Run yang masih dapat dipulihkan: {ids[1]}, {ids[2]}" in " ".join(hasil.output.split())
    hasil = runner.invoke(app, ["pulihkan", ids[1][:17], "--out", str(out)])
    assert hasil.exit_code == 0, hasil.output
    assert (out / "terkini.txt").read_text().strip() == ids[1]
    semua = baca_runs(out)
    pulih = semua[-1]
    assert pulih["pemicu"] == "pulihkan" and pulih["generasi"] == ids[1]
    assert pulih["generasi_sebelumnya"] == ids[2] and pulih["dipulihkan_dari_run"] == ids[1]
    assert folder_generasi(out, pulih) == out / "generasi" / ids[1]
    # default diff: the last two that made a generation current (ids[2] → the restore)
    assert [r["id_run"] for r in pilih_pasangan(semua, None, None)] == [ids[2], pulih["id_run"]]
    hasil = runner.invoke(app, ["diff", "--out", str(out), "--simpan", str(tmp_path / "beda")])
    assert hasil.exit_code == 0, hasil.output
    assert "0 nilai indikator berbeda" in hasil.output
    assert f"generasi run {ids[1]} dipulihkan" in hasil.output
    simpan = sorted((tmp_path / "beda").iterdir())
    assert [p.suffix for p in simpan] == [".csv", ".parquet"]
    hasil = runner.invoke(app, ["runs", "--out", str(out)])
    assert hasil.exit_code == 0
    assert "pemicu pulihkan · berhasil (0)" in hasil.output
    assert f"pulihkan {ids[1]}" in hasil.output
    rekaman = json.loads(runner.invoke(app, ["runs", "--out", str(out), "--json"]).output)
    assert [r["id_run"] for r in rekaman] == [*ids, pulih["id_run"]]
