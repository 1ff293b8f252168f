"""The national benchmark's ratios divide by the floor measured before and after indikator."""

from __future__ import annotations

from benchmarks.nasional_hasil import _ringkasan, _tabel_ukuran, lantai_acuan
from benchmarks.nasional_ukur import Ukuran


def _hasil(**ukuran: Ukuran) -> dict:
    return {
        "format": "xlsx",
        "bulan": 1,
        "ukuran": ukuran,
        "benar": {"baris": 6, "sama": 6, "beda": 0},
    }


def test_ratios_divide_by_the_mean_of_both_floors():
    sebelum = Ukuran("lantai", wall=2.0, cpu=3.0, puncak_mb=100, proses=1)
    sesudah = Ukuran("lantai", wall=4.0, cpu=5.0, puncak_mb=300, proses=1)
    ingest = Ukuran("ingest", wall=9.0, cpu=8.0, puncak_mb=500, proses=1)
    run = Ukuran("run", wall=12.0, cpu=12.0, puncak_mb=700, proses=1)
    acuan = lantai_acuan({"lantai": sebelum, "lantai_sesudah": sesudah})
    assert (acuan.wall, acuan.cpu, acuan.puncak_mb) == (3.0, 4.0, 300)
    hasil = _hasil(lantai=sebelum, lantai_sesudah=sesudah, ingest=ingest, run=run)
    tabel = _tabel_ukuran(hasil)
    assert any(
        b.startswith("| lantai lagi, sesudah indikator ingest + run | 1 | 4.0 |") for b in tabel
    )
    assert any(
        b.startswith("| lantai acuan rasio: rata-rata kedua lantai | | 3.0 | 4.0 |") for b in tabel
    )
    # ingest + run: 21 s wall / 20 s CPU over the mean floor 3 s / 4 s
    assert tabel[-1].endswith("| **7.0** | **5.0** |")
    assert "| 7.0× / 5.0× |" in _ringkasan([hasil], desa=10)[-1]


def test_one_floor_alone_is_the_floor():
    sebelum = Ukuran("lantai", wall=2.0, cpu=4.0, puncak_mb=100, proses=1)
    assert lantai_acuan({"lantai": sebelum}) is sebelum
    hasil = _hasil(
        lantai=sebelum,
        ingest=Ukuran("ingest", wall=4.0, cpu=4.0, proses=1),
        run=Ukuran("run", wall=4.0, cpu=4.0, proses=1),
    )
    assert not any("lantai acuan" in b for b in _tabel_ukuran(hasil))
    assert "| 4.0× / 2.0× |" in _ringkasan([hasil], desa=10)[-1]
