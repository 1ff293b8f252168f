"""Duplicate headers, files cut mid-row and period cells of another year or semester.

The reader records what it cannot decide (a header written twice, a last record cut short);
the component step refuses the file or quarantines the row, never takes the first column or
the partial row silently. Period cells that name another year or semester than the ingest
quarantine their row.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from schemas.katalog import muat_katalog
from schemas.model import Katalog
from transforms.baca.berkas import baca_tabel
from transforms.baca.kalender import cari_tahun_bulan
from transforms.baca.tabel import BerkasTidakTerbaca, JudulGanda
from transforms.komponen.asal import Asal, BerkasDitolak
from transforms.komponen.ubah import ubah_ke_komponen

JUDUL = "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PUS;UNMET NEED;BULAN"
BARIS = [
    "1;JAWA TENGAH;PURWOREJO;GRABAG;HARJOBINANGUN;691;49;JANUARI",
    "2;JAWA TENGAH;PURWOREJO;GRABAG;PATUTREJO;366;9;JANUARI",
    "3;JAWA TENGAH;PURWOREJO;GRABAG;KETAWANGREJO;420;17;JANUARI",
]


@pytest.fixture(scope="module")
def katalog() -> Katalog:
    return muat_katalog()


def _tulis(tmp_path: Path, teks: str, nama: str = "data_pus.csv") -> Path:
    path = tmp_path / nama
    path.write_bytes(teks.encode("utf-8"))
    return path


def _ubah(path: Path, katalog: Katalog, **asal):
    tabel = baca_tabel(path, ";", kenali=katalog.sumber["siga.pus"].kenali)
    a = Asal(path.name, "0" * 64, "siga.pus", **({"tahun": 2025, "bulan": 1} | asal))
    return tabel, ubah_ke_komponen(tabel, katalog.sumber["siga.pus"], a, "2025", katalog)


# --------------------------------------------------------------------------- duplicates


def test_judul_ganda_dicatat_pembaca(tmp_path):
    teks = JUDUL + ";pus;KET;Ket\n" + "".join(b + ";1;a;b\n" for b in BARIS)
    tabel = baca_tabel(_tulis(tmp_path, teks))
    assert tabel.judul_ganda == (
        JudulGanda("PUS", ("PUS", "PUS_2"), ("F", "I")),
        JudulGanda("KET", ("KET", "KET_2"), ("J", "K")),
    )


def test_judul_ganda_xlsx(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [[*JUDUL.split(";"), "PUS"], *([*b.split(";"), "5"] for b in BARIS)]:
        ws.append(row)
    path = tmp_path / "data_pus.xlsx"
    wb.save(path)
    assert baca_tabel(path).judul_ganda == (JudulGanda("PUS", ("PUS", "PUS_2"), ("F", "I")),)


def test_judul_ganda_yang_dipakai_menolak_berkas(tmp_path, katalog):
    teks = JUDUL + ";PUS\n" + "".join(b + ";999\n" for b in BARIS)
    with pytest.raises(BerkasDitolak, match=r"judul kolom 'PUS' muncul 2 kali \(kolom F dan I\)"):
        _ubah(_tulis(tmp_path, teks), katalog)


def test_judul_ganda_yang_diabaikan_tidak_menolak(tmp_path, katalog):
    """``NO`` is ignored by the layout: two NO columns change nothing that is read."""
    teks = JUDUL + ";NO\n" + "".join(b + ";7\n" for b in BARIS)
    tabel, hasil = _ubah(_tulis(tmp_path, teks), katalog)
    assert tabel.judul_ganda[0].judul == "NO"
    assert hasil.akuntansi["baris_dipakai"] == 3 and hasil.masalah.empty


# --------------------------------------------------------------------------- truncation


@pytest.mark.parametrize(
    ("akhir", "terpotong"),
    [
        ("3;JAWA TENGAH;PURWOREJO;GRABAG;KETAWANGREJO;42", 4),  # cut inside PUS
        ("3;JAWA TENGAH;PURWOREJO;GRA", 4),  # cut inside a name
        ("3", 4),  # only the first field left
        ("3;JAWA TENGAH;PURWOREJO;GRABAG;KETAWANGREJO;420;17;JANUARI", None),  # whole, no \n
        ("3;JAWA TENGAH;PURWOREJO;GRABAG;KETAWANGREJO;42\n", None),  # short but ended
        ("   ", None),  # trailing blank: not data
    ],
)
def test_baris_terakhir_terpotong(tmp_path, akhir, terpotong):
    teks = JUDUL + "\n" + BARIS[0] + "\n" + BARIS[1] + "\n" + akhir
    assert baca_tabel(_tulis(tmp_path, teks)).baris_terpotong == terpotong


def test_baris_terpotong_dikarantina_dan_dihitung(tmp_path, katalog):
    teks = JUDUL + "\n" + "\n".join(BARIS[:2]) + "\n" + BARIS[2][:-12]
    _, hasil = _ubah(_tulis(tmp_path, teks), katalog)
    ak = hasil.akuntansi
    assert (ak["baris_dibaca"], ak["baris_dipakai"], ak["baris_karantina"]) == (3, 2, 1)
    assert ak["baris_bukan_data"] == 0
    # one problem for the cut row (not "blank month" and "unreadable number" as well)
    assert hasil.masalah[["baris", "aturan", "tingkat_masalah"]].to_numpy().tolist() == [
        [4, "baris_terpotong", "galat"]
    ]
    assert "berkas terpotong" in hasil.masalah["pesan"].iloc[0]
    assert hasil.masalah["nilai"].iloc[0].startswith("3 | JAWA TENGAH | PURWOREJO | GRABAG")
    assert 4 not in set(hasil.komponen["baris"])


def test_baris_terpotong_sebelum_angka_tidak_menjadi_bukan_data(tmp_path, katalog):
    """A row cut before its numbers has no value at all; it is still quarantined, not
    counted as a blank (non-data) row."""
    teks = JUDUL + "\n" + "\n".join(BARIS[:2]) + "\n3;JAWA TENGAH;PURWOREJO;GRABAG;KETAWANGREJO"
    _, hasil = _ubah(_tulis(tmp_path, teks), katalog)
    assert hasil.akuntansi["baris_karantina"] == 1
    assert hasil.akuntansi["baris_bukan_data"] == 0


def test_berkas_terpotong_di_dalam_kutip_ditolak(tmp_path):
    teks = JUDUL + "\n" + BARIS[0] + '\n2;JAWA TENGAH;PURWOREJO;GRABAG;"PATUT'
    with pytest.raises(BerkasTidakTerbaca, match="tanda kutip yang tidak ditutup"):
        baca_tabel(_tulis(tmp_path, teks), ";")


# --------------------------------------------------------------------------- periods


def test_tahun_di_sel_bulan():
    teks = pd.Series(["DESEMBER 2024", "Januari 2025", "2024-12-01", "DES", "12", "", "12/2024"])
    assert cari_tahun_bulan(teks).tolist() == [2024, 2025, 2024, pd.NA, pd.NA, pd.NA, 2024]


def test_bulan_tahun_lain_dikarantina(tmp_path, katalog):
    """The issue's case: a yearly file ingested for 2025 whose month cell says DESEMBER 2024
    became December 2025; now that row is quarantined and nothing of it is used."""
    baris = [BARIS[0], BARIS[1].replace("JANUARI", "DESEMBER 2024"), BARIS[2] + " 2025"]
    teks = JUDUL + "\n" + "\n".join(baris) + "\n"
    _, hasil = _ubah(_tulis(tmp_path, teks), katalog, bulan=None)
    m = hasil.masalah
    assert m[["baris", "aturan", "kolom", "nilai"]].to_numpy().tolist() == [
        [3, "tahun_tidak_sesuai", "BULAN", "DESEMBER 2024"]
    ]
    assert m["pesan"].iloc[0] == (
        "tahun di berkas (2024) berbeda dengan tahun yang di-ingest (2025); baris tidak dipakai"
    )
    assert set(hasil.komponen["baris"]) == {2, 4}
    assert set(hasil.komponen["bulan"]) == {1}


def _verval(tmp_path: Path, katalog: Katalog, periode: list[str], **asal):
    layout = katalog.sumber["siga.verval_krs"]
    judul = ["PROVINSI", "KABUPATEN", "KECAMATAN", "KODE", "KELURAHAN", "JUMLAH KELUARGA SASARAN"]
    judul += ["JUMLAH KRS", "PERIODE"]
    nama = ["HARJOBINANGUN", "PATUTREJO", "KETAWANGREJO"]
    rows = [
        ["JAWA TENGAH", "PURWOREJO", "GRABAG", f"200{i + 1}", n, "300", "100", p]
        for i, (n, p) in enumerate(zip(nama, periode, strict=True))
    ]
    teks = "\n".join(";".join(r) for r in [judul, *rows]) + "\n"
    path = _tulis(tmp_path, teks, "data_verval_krs.csv")
    tabel = baca_tabel(path, ";", kenali=layout.kenali)
    a = Asal(path.name, "0" * 64, layout.id, **asal)
    return ubah_ke_komponen(tabel, layout, a, "2022", katalog)


def test_semester_lain_dikarantina(tmp_path, katalog):
    hasil = _verval(
        tmp_path,
        katalog,
        ["Sem 2 2024", "Sem 1 2024", "Semester II 2023"],
        tahun=2024,
        semester=2,
    )
    m = hasil.masalah
    assert m[["baris", "aturan"]].to_numpy().tolist() == [
        [3, "semester_tidak_sesuai"],
        [4, "tahun_tidak_sesuai"],
    ]
    assert m["pesan"].iloc[0].startswith("semester di berkas (1) berbeda dengan semester yang")
    assert set(hasil.komponen["baris"]) == {2}


def test_semester_tanpa_semester_ingest_dipakai_apa_adanya(tmp_path, katalog):
    """Without --semester the file's own semesters are used (as before); the year still counts."""
    hasil = _verval(tmp_path, katalog, ["Sem 2 2024", "Sem 1 2024", "Sem 1 2024"], tahun=2024)
    assert hasil.masalah.empty
    assert sorted(hasil.komponen.drop_duplicates("baris")["semester"]) == [1, 1, 2]
