"""Source precedence as data: the declared source wins, never the later file; every replaced
value is listed in ``penggantian`` (with both files); the precedence file is checked strictly.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pandas as pd
import pytest

from schemas.katalog import muat_katalog
from schemas.kontrak import kolom
from transforms.hitung.presedensi import (
    buat_tabel_penggantian,
    cari_ganti_tingkat,
    ringkas_penggantian,
)
from transforms.hitung.rollup import hitung_rollup
from transforms.komponen.asal import HasilBerkas
from transforms.langkah.hitung import (
    gabung_komponen,
    langkah_hitung,
)
from transforms.langkah.jalankan import jalankan
from transforms.terima.terima import terima_berkas

DESA = ["33.06.01.2001", "33.06.01.2002", "33.06.01.2003"]
SIGA_PUS = (
    "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PUS;UNMET NEED;BULAN\n"
    "0;JAWA TENGAH;PURWOREJO;GRABAG;HARJOBINANGUN;308;25;JANUARI\n"
    "1;JAWA TENGAH;PURWOREJO;GRABAG;PATUTREJO;283;16;JANUARI\n"
    "2;JAWA TENGAH;PURWOREJO;GRABAG;KETAWANGREJO;166;14;JANUARI\n"
)
# a dinas recap of PUS per desa for January, read as a generic table (``--kolom PUS=pus``)
DINAS_PUS = "KODE DESA;NAMA DESA;PUS\n3306012001;Harjobinangun;310\n3306012002;Patutrejo;283\n"


def _terima_dua(tmp_path: Path, dinas_dulu: bool) -> Path:
    """The SIGA export and the dinas recap ingested into a fresh store, in the given order."""
    siga, dinas = tmp_path / "data_pus.csv", tmp_path / "rekap_pus_dinas.csv"
    siga.write_text(SIGA_PUS, encoding="utf-8")
    dinas.write_text(DINAS_PUS, encoding="utf-8")
    raw = tmp_path / ("raw-dinas-dulu" if dinas_dulu else "raw-siga-dulu")
    katalog = muat_katalog()
    langkah = [
        lambda now: terima_berkas(siga, raw, katalog, 2025, 1, now=now),
        lambda now: terima_berkas(dinas, raw, katalog, 2025, 1, now=now, kolom={"PUS": "pus"}),
    ]
    if dinas_dulu:
        langkah.reverse()
    awal = dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC)
    for i, terima in enumerate(langkah):
        terima(awal + dt.timedelta(days=i))
    return raw


def _pus_januari(komponen: pd.DataFrame) -> pd.DataFrame:
    sel = (komponen["komponen"] == "pus") & (komponen["bulan"] == 1)
    return komponen[sel].set_index("kode_wilayah").sort_index()


@pytest.mark.lambat  # a whole run per order
@pytest.mark.parametrize("dinas_dulu", [False, True], ids=["siga-dulu", "dinas-dulu"])
def test_declared_source_wins_in_either_arrival_order(tmp_path, dinas_dulu):
    """The dinas recap (``umum``) is declared above SIGA: it wins whichever file came last."""
    raw = _terima_dua(tmp_path, dinas_dulu)
    out = tmp_path / "out"
    jalankan(raw, out, 2025)
    pus = _pus_januari(pd.read_parquet(out / "komponen"))
    assert pus.loc[DESA, "nilai"].tolist() == [310.0, 283.0, 166.0]
    assert pus.loc[DESA, "sumber"].tolist() == ["umum", "umum", "siga.pus"]
    # precedence is per component: the dinas file has no unmet need, SIGA's is still used
    komponen = pd.read_parquet(out / "komponen")
    unmet = komponen[komponen["komponen"] == "unmet_need"].set_index("kode_wilayah")
    assert unmet.loc[DESA, "nilai"].tolist() == [25.0, 16.0, 14.0]

    ganti = pd.read_parquet(out / "penggantian").set_index("kode_wilayah").sort_index()
    assert list(pd.read_parquet(out / "penggantian").columns) == list(kolom("penggantian"))
    assert ganti.index.tolist() == DESA[:2]  # the third desa came from one file only
    assert ganti["alasan"].tolist() == ["presedensi", "presedensi"]
    assert ganti["komponen"].tolist() == ["pus", "pus"]
    assert ganti["nilai_dipakai"].tolist() == [310.0, 283.0]
    assert ganti["nilai_diganti"].tolist() == [308.0, 283.0]
    assert ganti["sama"].tolist() == [False, True]
    assert set(ganti["sumber_dipakai"]) == {"umum"} and set(ganti["sumber_diganti"]) == {"siga.pus"}
    assert set(ganti["berkas_dipakai"]) == {"umum/2025-01/rekap_pus_dinas.csv"}
    assert set(ganti["berkas_diganti"]) == {"siga.pus/2025-01/data_pus.csv"}
    assert ganti["bulan"].tolist() == [1, 1] and ganti["tingkat"].tolist() == ["desa", "desa"]


@pytest.mark.lambat  # two whole runs
def test_both_arrival_orders_publish_the_same_values(tmp_path):
    """Same inputs, other arrival order: the same components, indicators and replacements."""
    hasil = {}
    for dinas_dulu in (False, True):
        raw = _terima_dua(tmp_path, dinas_dulu)
        out = tmp_path / f"out-{dinas_dulu}"
        jalankan(raw, out, 2025)
        hasil[dinas_dulu] = {
            t: pd.read_parquet(out / t).drop(columns=["id_run", "id_run_ubah"], errors="ignore")
            for t in ("komponen", "indikator", "penggantian")
        }
    for tabel in ("komponen", "indikator", "penggantian"):
        a, b = (hasil[d][tabel] for d in (False, True))
        urut = [c for c in a.columns if c not in ("baris", "sha256")]
        a = a.sort_values(urut).reset_index(drop=True)
        b = b.sort_values(urut).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b)


# --- the compute step on hand-made per-file results (no files) ---------------------------


def _hasil(berkas: str, sumber: str, nilai: dict[str, float], bulan: int | None = 1, **kw):
    """The result of one file: one component for some regions."""
    n = len(nilai)
    frame = pd.DataFrame(
        {
            "kode_wilayah": list(nilai),
            "tahun": 2025,
            "bulan": pd.array([bulan] * n, dtype="Int64"),
            "semester": pd.array([pd.NA] * n, dtype="Int64"),
            "komponen": kw.get("komponen", "pus"),
            "nilai": list(nilai.values()),
            "sumber": sumber,
            "berkas": berkas,
            "sha256": "0" * 64,
            "baris": range(2, 2 + n),
        }
    )
    return HasilBerkas(frame, pd.DataFrame())


def _tabel(hasil, diterima) -> tuple[pd.DataFrame, pd.DataFrame]:
    komponen, diganti = gabung_komponen(hasil, diterima)
    return komponen, buat_tabel_penggantian(diganti, "uji")


def test_same_source_later_file_is_a_correction_and_is_recorded():
    asli = _hasil("siga.pus/2025-01/data_pus.csv", "siga.pus", {DESA[0]: 308, DESA[1]: 283})
    baru = _hasil("siga.pus/2025-01/data_pus_koreksi.csv", "siga.pus", {DESA[0]: 300, DESA[1]: 283})
    for urutan in ([asli, baru], [baru, asli]):  # the list order is not what decides
        diterima = ["2026-02-01T09:00:00+00:00", "2026-02-02T09:00:00+00:00"]
        if urutan[0] is baru:
            diterima.reverse()
        komponen, tabel = _tabel(urutan, diterima)
        assert komponen.set_index("kode_wilayah")["nilai"].to_dict() == {DESA[0]: 300, DESA[1]: 283}
        assert set(komponen["berkas"]) == {"siga.pus/2025-01/data_pus_koreksi.csv"}
        # only the changed value: a correction re-sends what it did not change
        assert tabel["kode_wilayah"].tolist() == [DESA[0]]
        assert tabel["alasan"].tolist() == ["koreksi"]
        assert tabel["sama"].tolist() == [False]
        assert tabel["nilai_dipakai"].tolist() == [300.0]
        assert tabel["nilai_diganti"].tolist() == [308.0]
        assert tabel["berkas_diganti"].tolist() == ["siga.pus/2025-01/data_pus.csv"]
        assert tabel["berkas_dipakai"].tolist() == ["siga.pus/2025-01/data_pus_koreksi.csv"]


def test_precedence_and_correction_together():
    """Two SIGA files and a dinas recap: the recap wins, both SIGA files are listed."""
    siga1 = _hasil("siga.pus/a.csv", "siga.pus", {DESA[0]: 308})
    siga2 = _hasil("siga.pus/b.csv", "siga.pus", {DESA[0]: 309})
    dinas = _hasil("umum/rekap.csv", "umum", {DESA[0]: 310})
    diterima = ["2026-02-02T00:00:00", "2026-02-03T00:00:00", "2026-02-01T00:00:00"]
    komponen, tabel = _tabel([siga1, siga2, dinas], diterima)
    assert komponen["nilai"].tolist() == [310.0]
    kolom_diganti = ["berkas_diganti", "alasan", "nilai_diganti"]
    assert sorted(tabel[kolom_diganti].itertuples(index=False, name=None)) == [
        ("siga.pus/a.csv", "presedensi", 308.0),
        ("siga.pus/b.csv", "presedensi", 309.0),
    ]


def test_units_inside_a_region_are_compared_as_one_value():
    """A file with several rows for one key (faskes in a desa) is summed before comparing."""
    a = _hasil("simonep/a.xlsx", "simonep.faskes_kb_baru", {DESA[0]: 4}, komponen="peserta_kb_baru")
    b = _hasil("simonep/b.xlsx", "simonep.faskes_kb_baru", {DESA[0]: 3}, komponen="peserta_kb_baru")
    b.komponen = pd.concat([b.komponen, b.komponen.assign(baris=9)], ignore_index=True)  # 3 + 3
    komponen, tabel = _tabel([a, b], ["2026-01-01", "2026-01-02"])
    assert komponen["nilai"].tolist() == [3.0, 3.0]
    assert (tabel["nilai_dipakai"].item(), tabel["nilai_diganti"].item()) == (6.0, 4.0)


def test_equal_values_are_recorded_but_never_warned(caplog):
    """Equal values are rows with ``sama = true`` (where sources agree is worth knowing in
    BI too) and an information line, never a warning."""
    nilai = {DESA[0]: 49, DESA[1]: 41}
    a = _hasil("template.bkkbn/t.xlsx", "template.bkkbn", nilai, None, komponen="pus_miskin")
    b = _hasil("template.kemensos/t.xlsx", "template.kemensos", nilai, None, komponen="pus_miskin")
    with caplog.at_level(logging.INFO, logger="transforms"):
        komponen, _, tabel = langkah_hitung([a, b], ["2026-01-02", "2026-01-01"], "uji")
    assert set(komponen["sumber"]) == {"template.kemensos"}  # declared first, arrived first
    assert tabel["sama"].tolist() == [True, True]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert info == [
        "Presedensi sumber: pus_miskin dari template.kemensos/t.xlsx (template.kemensos) dipakai, "
        "bukan dari template.bkkbn/t.xlsx (template.bkkbn); 2 nilai sama, 2 wilayah."
    ]


def test_differing_values_are_a_warning_naming_files_component_and_regions(caplog):
    a = _hasil("siga.pus/2025-01/data_pus.csv", "siga.pus", {d: 100 for d in DESA})
    b = _hasil("umum/2025-01/rekap.csv", "umum", {DESA[0]: 101, DESA[1]: 100, DESA[2]: 102})
    with caplog.at_level(logging.INFO, logger="transforms"):
        langkah_hitung([a, b], ["2026-01-02", "2026-01-01"], "uji")
    pesan = [(r.levelno, r.getMessage()) for r in caplog.records]
    assert pesan == [
        (
            logging.WARNING,
            "Presedensi sumber: pus dari umum/2025-01/rekap.csv (umum) dipakai, bukan dari "
            "siga.pus/2025-01/data_pus.csv (siga.pus); 2 nilai berbeda, 2 wilayah.",
        ),
        (
            logging.INFO,
            "Presedensi sumber: pus dari umum/2025-01/rekap.csv (umum) dipakai, bukan dari "
            "siga.pus/2025-01/data_pus.csv (siga.pus); 1 nilai sama, 1 wilayah.",
        ),
    ]


# --- values reported at a level whose regions below also reported -------------------------


def test_a_recap_above_reporting_regions_is_listed_as_tingkat():
    """Kabupaten recap K, kecamatan recaps C1 (with desa below) and C2 (alone): the roll-up
    uses the desa under C1 and C2 itself; K and C1 are listed with what is used instead."""
    desa = _hasil("siga.pus/desa.csv", "siga.pus", {DESA[0]: 10, DESA[1]: 20}, None)
    kec = _hasil("dinas/kec.csv", "dinas.kb_aktif_target", {"33.06.01": 35, "33.06.02": 7}, None)
    kab = _hasil("dinas/kab.csv", "dinas.kb_tren_metode", {"33.06": 50}, None)
    komponen = pd.concat([h.komponen for h in (desa, kec, kab)], ignore_index=True)
    tabel = buat_tabel_penggantian(cari_ganti_tingkat(komponen), "uji").set_index("kode_wilayah")
    assert sorted(tabel.index) == ["33.06", "33.06.01"]
    assert set(tabel["alasan"]) == {"tingkat"}
    assert tabel.loc["33.06.01", ["nilai_dipakai", "nilai_diganti"]].tolist() == [30.0, 35.0]
    assert tabel.loc["33.06", ["nilai_dipakai", "nilai_diganti"]].tolist() == [37.0, 50.0]
    assert tabel.loc["33.06", "berkas_dipakai"] == "dinas/kec.csv; siga.pus/desa.csv"
    assert tabel.loc["33.06", "sumber_dipakai"] == "dinas.kb_aktif_target,siga.pus"
    assert tabel.loc["33.06", "berkas_diganti"] == "dinas/kab.csv"
    # what is listed as used is what the roll-up publishes
    rollup = hitung_rollup(komponen).set_index("kode_wilayah")["nilai"]
    assert rollup["33.06"] == 37.0 and rollup["33.06.01"] == 30.0
    baris = ringkas_penggantian(tabel.reset_index())
    assert baris[0] == (
        "Tingkat wilayah: pus dari dinas/kab.csv tidak dipakai karena wilayah di bawahnya "
        "melapor (dinas/kec.csv, siga.pus/desa.csv); 1 nilai berbeda, 1 wilayah."
    )


def test_one_level_only_lists_nothing():
    desa = _hasil("siga.pus/desa.csv", "siga.pus", {DESA[0]: 10, DESA[1]: 20})
    assert cari_ganti_tingkat(desa.komponen).empty


def test_summary_is_capped_and_says_where_the_rest_is():
    rows = [
        {
            "alasan": "presedensi",
            "kode_wilayah": DESA[0],
            "komponen": "pus",
            "sama": i % 2 == 0,
            "berkas_dipakai": f"umum/{i}.csv",
            "berkas_diganti": "siga.pus/x.csv",
            "sumber_dipakai": "umum",
            "sumber_diganti": "siga.pus",
        }
        for i in range(12)
    ]
    baris = ringkas_penggantian(pd.DataFrame(rows), maks=3)
    assert len(baris) == 4
    assert all("1 nilai berbeda" in b for b in baris[:3])  # differing groups first
    assert baris[3] == "... dan 9 kelompok lain; semuanya ada di tabel penggantian."
    assert ringkas_penggantian(pd.DataFrame()) == []


# --- the bundled demo (slow) --------------------------------------------------------------


@pytest.mark.lambat
def test_demo_overlaps_are_listed_and_agree(demo):
    """Where the demo's sources overlap they agree: listed with ``sama``, nothing to warn."""
    tabel = pd.read_parquet(demo["out"] / "penggantian")
    per = tabel.groupby(["alasan", "komponen"]).size()
    assert per["presedensi"].sum() == 16 * 494
    assert per["tingkat"].to_dict() == {
        "catin": 16,
        "catin_bimbingan_perkawinan": 16,
        "keluarga_berisiko_stunting_rumah_layak_huni": 1,
    }
    assert tabel["sama"].all()
    komponen = pd.read_parquet(demo["out"] / "komponen")
    kkb = komponen[komponen["komponen"] == "desa_kampung_kb"]
    assert set(kkb["sumber"]) == {"siga.kampung_kb"}
    pbi = komponen[komponen["komponen"] == "pus_miskin_pbi"]
    assert set(pbi["sumber"]) == {"template.bpjs"}
