"""The run's outcome lines say how many data rows were quarantined (not counted), right under
the outcome: a run that publishes while whole kabupaten were quarantined must not read as all
well (found by the independent 38-province check)."""

from __future__ import annotations

from transforms.langkah.keputusan import buat_kalimat_status, tentukan_kode_keluar
from transforms.langkah.ringkasan import Ringkasan


def _berkas(nama: str, dibaca: int, karantina: int) -> dict:
    return {
        "berkas": nama,
        "sumber": "siga.pus",
        "baris_dibaca": dibaca,
        "baris_dipakai": dibaca - karantina,
        "baris_karantina": karantina,
        "baris_bukan_data": 0,
        "peringatan": 0,
    }


def test_quarantined_rows_are_said_under_the_outcome():
    ringkasan = Ringkasan(
        id_run="B",
        berkas=[_berkas("a.csv", 6500, 3403), _berkas("b.csv", 6110, 0), _berkas("c.csv", 1862, 2)],
        tahun=[2025],
        generasi="B",
    )
    assert int(tentukan_kode_keluar(ringkasan)) == 0  # rows, not files: the run still succeeds
    baris = buat_kalimat_status(ringkasan).splitlines()
    assert baris[0].startswith("BERHASIL: semua 3 berkas dipakai")
    assert baris[1] == (
        "  3.405 baris data (23,5%) di 2 berkas dikarantina dan tidak dihitung; alasan dan "
        "contohnya di bawah tabel, semuanya di tabel karantina keluaran."
    )  # 3405 / 14472 = 23.53 %


def test_nothing_is_added_without_quarantined_rows_or_when_nothing_was_published():
    bersih = Ringkasan(id_run="B", berkas=[_berkas("a.csv", 10, 0)], tahun=[2025], generasi="B")
    assert "karantina" not in buat_kalimat_status(bersih)
    gagal = Ringkasan(id_run="B", berkas=[_berkas("a.csv", 10, 4)], galat="disk penuh.")
    assert buat_kalimat_status(gagal).startswith("GAGAL: disk penuh.")
    assert "dikarantina dan tidak dihitung" not in buat_kalimat_status(gagal)
