"""A correction replaces values of its own source: exactly the values it changed are listed in
``penggantian`` (``alasan = koreksi``), with both files; equal values are not rows."""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd

from schemas.katalog import muat_katalog
from tests.test_presedensi import DESA, SIGA_PUS, _hasil
from transforms.hitung.presedensi import bandingkan_koreksi, buat_tabel_penggantian
from transforms.langkah.jalankan import jalankan
from transforms.terima.terima import terima_berkas


def test_a_correction_at_ingest_lists_exactly_the_values_it_changed(tmp_path, caplog):
    """Same name, source and period: stored as a correction; one desa changed in two
    components gives two rows, the other four values (unchanged) none."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    asli = tmp_path / "kiriman1" / "data_pus.csv"
    koreksi = tmp_path / "kiriman2" / "data_pus.csv"
    for path, teks in (
        (asli, SIGA_PUS),
        (koreksi, SIGA_PUS.replace("PATUTREJO;283;16", "PATUTREJO;290;18")),
    ):
        path.parent.mkdir()
        path.write_text(teks, encoding="utf-8")
    awal = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    terima_berkas(asli, raw, muat_katalog(), 2025, 1, now=awal)
    hasil = terima_berkas(koreksi, raw, muat_katalog(), 2025, 1, now=awal + dt.timedelta(days=3))
    assert hasil.provenans.menggantikan == ["siga.pus/2025-01/data_pus.csv"]
    with caplog.at_level(logging.WARNING, logger="transforms"):
        jalankan(raw, out, 2025)
    tabel = pd.read_parquet(out / "penggantian").sort_values("komponen")
    assert tabel["kode_wilayah"].tolist() == [DESA[1], DESA[1]]
    assert tabel["komponen"].tolist() == ["pus", "unmet_need"]
    assert tabel["alasan"].tolist() == ["koreksi", "koreksi"]
    assert tabel["nilai_dipakai"].tolist() == [290.0, 18.0]
    assert tabel["nilai_diganti"].tolist() == [283.0, 16.0]
    assert not tabel["sama"].any()
    assert set(tabel["berkas_dipakai"]) == {hasil.provenans.berkas}
    assert set(tabel["berkas_diganti"]) == {"siga.pus/2025-01/data_pus.csv"}
    assert hasil.provenans.berkas != "siga.pus/2025-01/data_pus.csv"
    komponen = pd.read_parquet(out / "komponen")
    pus = komponen[komponen["komponen"] == "pus"].set_index("kode_wilayah")["nilai"]
    assert pus[DESA].tolist() == [308.0, 290.0, 166.0]
    pesan = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert pesan == [
        f"Koreksi (berkas sumber sama yang diterima lebih akhir): pus, unmet_need dari "
        f"{hasil.provenans.berkas} (siga.pus) dipakai, bukan dari siga.pus/2025-01/data_pus.csv "
        "(siga.pus); 2 nilai berbeda, 1 wilayah."
    ]


def test_a_value_the_correction_no_longer_gives_is_listed_empty():
    lama = _hasil("siga.pus/a.csv", "siga.pus", {DESA[0]: 308, DESA[1]: 283, DESA[2]: 166})
    baru = _hasil("siga.pus/b.csv", "siga.pus", {DESA[0]: 308, DESA[1]: 290})
    tabel = buat_tabel_penggantian(
        bandingkan_koreksi(lama.komponen, baru.komponen, "siga.pus/b.csv", "siga.pus"), "uji"
    ).set_index("kode_wilayah")
    assert tabel.index.tolist() == DESA[1:]
    assert tabel.loc[DESA[1], "nilai_dipakai"] == 290.0
    assert pd.isna(tabel.loc[DESA[2], "nilai_dipakai"])
    assert tabel.loc[DESA[2], "nilai_diganti"] == 166.0
    assert not tabel["sama"].any()


def test_a_correction_that_gives_nothing_lists_every_value_it_dropped():
    lama = _hasil("siga.pus/a.csv", "siga.pus", {DESA[0]: 308, DESA[1]: 283})
    kosong = lama.komponen.iloc[0:0]
    tabel = buat_tabel_penggantian(
        bandingkan_koreksi(lama.komponen, kosong, "siga.pus/b.csv", "siga.pus"), "uji"
    )
    assert tabel["nilai_diganti"].tolist() == [308.0, 283.0]
    assert tabel["nilai_dipakai"].isna().all()
    assert set(tabel["berkas_dipakai"]) == {"siga.pus/b.csv"}
