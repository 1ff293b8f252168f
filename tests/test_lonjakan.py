"""Value warnings: found as data (rule id + values), the Bahasa text made only for the rows
shown, one summary row when a rule fires on most of a file's values, and the run summary
grouped by rule with counts and examples that name file, row, region name, component, value."""

from __future__ import annotations

import pandas as pd

from schemas.kontrak import kolom
from transforms.komponen.karantina import KOLOM_MASALAH
from transforms.komponen.lonjakan import KOLOM_LONJAKAN, cari_lonjakan, periksa_lonjakan
from transforms.komponen.peringatan import BATAS_RINCI
from transforms.langkah.ringkasan import Ringkasan, buat_teks_masalah, ringkas_masalah
from transforms.wilayah.master import muat_master

DESA = ["76.01.01.1006", "76.01.01.2003", "76.01.01.2004"]  # Bambalamotu, Polewali, Randomayang


def _komponen(nilai: dict[str, list[float]], komponen: str = "pus") -> pd.DataFrame:
    """Monthly rows; month m of region k sits in file ``b<m>.csv`` row ``k + 2``."""
    rows = [
        {
            "kode_wilayah": kode,
            "tahun": 2025,
            "bulan": bulan,
            "semester": pd.NA,
            "komponen": komponen,
            "nilai": float(v),
            "sumber": "siga.pus",
            "berkas": f"b{bulan}.csv",
            "baris": i + 2,
        }
        for i, (kode, seri) in enumerate(nilai.items())
        for bulan, v in enumerate(seri, start=1)
    ]
    df = pd.DataFrame(rows)
    return df.astype({"bulan": "Int64", "semester": "Int64", "baris": "Int64"})


def test_a_jump_is_data_first_with_the_region_name():
    rinci = cari_lonjakan(_komponen({DESA[0]: [100, 100, 400], DESA[1]: [50, 52, 51]}))
    assert list(rinci.columns) == KOLOM_LONJAKAN == [c for c in kolom("lonjakan") if c != "id_run"]
    assert len(rinci) == 1
    r = rinci.iloc[0]
    assert (r["aturan"], r["kode_wilayah"], r["nama_wilayah"]) == (
        "lonjakan_bulanan",
        DESA[0],
        "Bambalamotu",
    )
    assert (r["berkas"], r["baris"], r["bulan"], r["nilai"], r["pembanding"]) == (
        "b3.csv",
        2,
        3,
        400.0,
        100.0,
    )


def test_a_few_warnings_are_listed_one_by_one_naming_everything():
    k = _komponen({DESA[0]: [100, 100, 400], DESA[1]: [50, 52, 51], DESA[2]: [10, 11, 10]})
    rows = periksa_lonjakan(k)
    assert list(rows.columns) == KOLOM_MASALAH
    assert len(rows) == 1
    r = rows.iloc[0]
    assert (r["berkas"], r["baris"], r["kolom"], r["nilai"]) == ("b3.csv", 2, "pus", "400")
    assert r["wilayah"] == "Bambalamotu (76.01.01.1006)"
    assert r["tingkat_masalah"] == "peringatan"
    assert r["pesan"] == (
        "Bambalamotu (76.01.01.1006), komponen pus, Maret 2025: nilai 400 berubah lebih dari "
        "3 kali lipat dari bulan sebelumnya (100); periksa kembali baris 2 di berkas b3.csv"
    )


def test_far_from_history_names_the_median_and_the_region():
    rows = periksa_lonjakan(_komponen({DESA[1]: [100, 101, 99, 100, 102, 180, 100]}))
    assert rows["aturan"].tolist() == ["di_luar_riwayat"]
    assert (
        "Polewali (76.01.01.2003), komponen pus, Juni 2025: nilai 180 jauh dari "
        in (rows["pesan"].iloc[0])
    )
    assert "(median 100)" in rows["pesan"].iloc[0]


def _desa_majene() -> list[str]:
    frame = muat_master().frame
    desa = frame[(frame["tingkat"] == "desa") & frame["kode_wilayah"].str.startswith("76.")]
    return sorted(desa["kode_wilayah"])


def _banyak(n_desa: int, n_lonjak: int) -> pd.DataFrame:
    kode = _desa_majene()[:n_desa] if n_desa <= 40 else [f"76.99.99.{i:04d}" for i in range(n_desa)]
    return _komponen({k: [100, 500] if i < n_lonjak else [100, 101] for i, k in enumerate(kode)})


def test_a_rule_firing_on_most_rows_of_a_file_gives_one_summary_row():
    k = _banyak(40, 30)
    rinci = cari_lonjakan(k)
    assert len(rinci) == 30  # the detail stays whole as data
    rows = periksa_lonjakan(k, rinci)
    assert len(rows) == 1
    r = rows.iloc[0]
    assert pd.isna(r["baris"]) and r["berkas"] == "b2.csv" and r["kolom"] == "pus"
    assert r["nilai"] == "30 dari 40 nilai" and r["wilayah"] == "30 wilayah"
    assert (
        "berlaku pada 30 dari 40 nilai bulanan komponen pus di berkas b2.csv (75%)" in (r["pesan"])
    )
    assert "Contoh: baris 2 Bambalamotu (76.01.01.1006) Februari 2025 100 → 500" in r["pesan"]
    assert r["pesan"].count("→") == 3 and "tabel 'lonjakan'" in r["pesan"]
    assert "76.99.99" not in r["pesan"]  # every example names a master region


def test_a_rule_firing_on_a_minority_is_listed_up_to_a_cap():
    assert len(periksa_lonjakan(_banyak(100, 19))) == 19  # under the minimum for a summary
    assert len(periksa_lonjakan(_banyak(100, 40))) == 40  # not most rows: listed
    n = BATAS_RINCI + 1
    rows = periksa_lonjakan(_banyak(3 * n, n))  # a third, but more than the cap
    assert len(rows) == 1 and rows["nilai"].iloc[0] == f"{n} dari {3 * n} nilai"


def test_the_run_summary_groups_by_rule_with_counts_and_examples():
    lain = _komponen({DESA[1]: [100, 101, 99, 100, 102, 180, 100]}, komponen="unmet_need")
    k = pd.concat([_banyak(40, 30), lain])
    rinci = cari_lonjakan(k)
    ringkasan = Ringkasan(id_run="r")
    ringkas_masalah(ringkasan, periksa_lonjakan(k, rinci).assign(id_run="r"), rinci)
    per_aturan = {m["aturan"]: m for m in ringkasan.masalah}
    assert per_aturan["lonjakan_bulanan"]["jumlah"] == 30  # the values, not the summary row
    assert per_aturan["di_luar_riwayat"]["jumlah"] == 1
    teks = buat_teks_masalah(ringkasan)
    assert teks[0] == "lonjakan_bulanan: 30 peringatan di 1 berkas"
    assert teks[1].startswith("  - 30 wilayah: aturan lonjakan_bulanan berlaku pada 30 dari 40")
    assert "di_luar_riwayat: 1 peringatan di 1 berkas" in teks
    assert "  - Polewali (76.01.01.2003), komponen unmet_need, Juni 2025: nilai 180" in "\n".join(
        teks
    )
    masalah = pd.DataFrame(
        [
            {
                "berkas": "a.csv",
                "sheet": None,
                "baris": 2,
                "wilayah": None,
                "kolom": "PUS",
                "nilai": "5x7",
                "pesan": "isi bukan angka di baris 23",
                "tingkat_masalah": "galat",
                "aturan": "angka_tidak_valid",
            }
        ]
    )
    ringkas_masalah(ringkasan, masalah)
    assert buat_teks_masalah(ringkasan)[1] == (
        "  - a.csv, baris 2, kolom PUS, nilai 5x7: isi bukan angka di baris 23"
    )


def test_cell_problems_name_the_region_by_master_name_or_as_written(tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    from schemas.katalog import muat_katalog
    from transforms.keluar.laporan.html import buat_laporan_html
    from transforms.keluar.laporan.lembar import buat_lembar_masalah
    from transforms.keluar.laporan.masalah import normalkan_masalah
    from transforms.keluar.laporan.terminal import buat_ringkasan_validasi
    from transforms.langkah.periksa import periksa_berkas_kiriman
    from transforms.terima.rencana import Permintaan

    path = tmp_path / "data_pus.csv"
    path.write_text(
        "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PUS;UNMET NEED;BULAN\n"
        "0;SULAWESI BARAT;PASANGKAYU;BAMBAIRA;BAMBAIRA;5x7;59;JANUARI\n"
        "1;SULAWESI BARAT;PASANGKAYU;BAMBAIRA;DESA KHAYALAN;322;61;JANUARI\n"
        "2;SULAWESI BARAT;PASANGKAYU;BAMBAIRA;KASOLOANG;322;61;JANUARI\n",
        encoding="utf-8",
    )
    hasil = periksa_berkas_kiriman(path, muat_katalog(), Permintaan(tahun=2025, bulan=1))
    m = hasil.hasil.masalah.set_index("baris")
    assert m.loc[2, "aturan"] == "angka_tidak_valid" and m.loc[2, "nilai"] == "5x7"
    kode = m.loc[2, "wilayah"].rsplit("(", 1)[1].rstrip(")")
    assert m.loc[2, "wilayah"].upper() == f"BAMBAIRA ({kode})" and kode.startswith("76.")
    assert m.loc[3, "aturan"] == "wilayah_tidak_dikenal"
    assert m.loc[3, "wilayah"] == "DESA KHAYALAN, BAMBAIRA, PASANGKAYU, SULAWESI BARAT"
    # the sender's report shows the same: terminal example, XLSX column, HTML list
    teks = buat_ringkasan_validasi(hasil.hasil.masalah, hasil.hasil.akuntansi)
    assert f'contoh: baris 2, wilayah {m.loc[2, "wilayah"]}, kolom PUS, nilai "5x7"' in teks
    wb = Workbook()
    ws = buat_lembar_masalah(wb, normalkan_masalah(hasil.hasil.masalah))
    judul = [c.value for c in ws[1]]
    nilai = {r[0]: r[judul.index("Wilayah")] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert nilai[3] == "DESA KHAYALAN, BAMBAIRA, PASANGKAYU, SULAWESI BARAT"
    html = buat_laporan_html(
        hasil.hasil.masalah,
        hasil.hasil.akuntansi,
        judul_berkas="data_pus.csv",
        tanggal=dt.datetime(2025, 3, 5),
    )
    assert "<small>DESA KHAYALAN, BAMBAIRA, PASANGKAYU, SULAWESI BARAT</small>" in html


def test_monthly_values_per_file_counted_by_codes_as_by_a_groupby():
    """The counts behind "most of a file's values" (a summary row): counted from the codes of
    two categorical columns as a groupby counts them, and the same from text columns; a
    missing file or component and a non-monthly row are not counted."""
    import numpy as np

    from transforms.komponen.lonjakan import hitung_nilai_bulanan

    acak = np.random.default_rng(7)
    n = 500
    teks = pd.DataFrame(
        {
            "berkas": acak.choice(["a.csv", "b.xlsx", "c.csv", None], n),
            "komponen": acak.choice(["pus", "peserta_kb_aktif", None], n),
            "bulan": pd.array(acak.choice([1, 2, None], n), dtype="Int64"),
        }
    )
    harapan = teks[teks["bulan"].notna()].groupby(["berkas", "komponen"], observed=True).size()
    kategori = teks.astype({"berkas": "category", "komponen": "category"})
    kategori["berkas"] = kategori["berkas"].cat.add_categories(["tak_dipakai.csv"])
    for frame in (teks, kategori):
        hasil = hitung_nilai_bulanan(frame)
        assert hasil.sort_index().to_dict() == harapan.sort_index().to_dict()
        assert hasil.sum() == int(
            (teks["bulan"].notna() & teks["berkas"].notna() & teks["komponen"].notna()).sum()
        )
        assert ("tak_dipakai.csv", "pus") not in hasil.index
