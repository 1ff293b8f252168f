"""Memory freed between run steps goes back to the system: the call works where glibc has
``malloc_trim`` and is a no-op where the C library lacks it. Within a step the C heap reuses
its pages (the run's allocator thresholds, :func:`~transforms.keluar.memori.atur_memori`)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

import transforms.keluar.memori as memori


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        baris = next(b for b in fh if b.startswith("VmRSS"))
    return int(baris.split()[1]) / 1024


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_memori_bebas_dikembalikan():
    besar = [np.ones(1_000, dtype=np.float64) for _ in range(200_000)]  # many small blocks
    del besar[::2]  # freed blocks scattered through the heap: not returned without a trim
    sisa = [b[:1].copy() for b in besar]
    del besar
    sebelum = _rss_mb()
    memori.kembalikan_memori()
    assert _rss_mb() < sebelum - 200, (sebelum, _rss_mb())
    assert len(sisa) == 100_000


def test_tanpa_malloc_trim_tidak_gagal(monkeypatch):
    monkeypatch.setattr(memori, "_malloc_trim", lambda: None)
    tabel = pa.table({"a": list(range(1000))})
    memori.kembalikan_memori()
    assert tabel.num_rows == 1000


_BEBAN = """
import resource, sys
import numpy as np
import pytest
if sys.argv[1] == "atur":
    from transforms.keluar.memori import atur_memori
    assert atur_memori()
def sesar():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for i in range(35):  # three 20 MB columns made and freed, as a province's step does
    if i == 5:
        awal = sesar()
    kolom = [np.ones(20 << 17) for _ in range(3)]
    del kolom
print(sesar() - awal)
"""


def _di_proses_baru(skrip: str, cara: str, **env: str) -> str:
    """What ``skrip`` prints when run with argument ``cara`` in a fresh Python process."""
    import os
    import subprocess
    import sys

    from tests.bantu_generasi import ROOT

    hasil = subprocess.run(
        [sys.executable, "-c", skrip, cara],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, **env},
    )
    return hasil.stdout.strip()


def _sesar_halaman(cara: str, **env: str) -> int:
    """Page faults of the loop above after its first rounds, in a fresh process."""
    return int(_di_proses_baru(_BEBAN, cara, **env).split()[-1])


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
@pytest.mark.skipif(memori._fungsi_libc("mallopt") is None, reason="C library tanpa mallopt")
def test_alokator_memakai_ulang_halaman_heap():
    """With the run's thresholds, freed blocks of a few MB are reused: no page is zeroed by the
    kernel again (glibc's own thresholds give them back and fault them in anew, the system
    time of a national run); a threshold the user set in the environment is kept."""
    tanpa = _sesar_halaman("biasa")
    dengan = _sesar_halaman("atur")
    assert dengan < 1_000 and tanpa > 10 * max(dengan, 500), (tanpa, dengan)
    # MALLOC_TRIM_THRESHOLD_=0 (the user's): the heap is trimmed at every free, as set
    assert _sesar_halaman("atur", MALLOC_TRIM_THRESHOLD_="0") > 10 * max(dengan, 500)


_KOLEKTOR = """
import gc, sys
if sys.argv[1] == "diubah":
    gc.set_threshold(5_000, 10, 10)  # someone embedding the pipeline chose their own
if sys.argv[1] != "biasa":
    from transforms.keluar.memori import atur_memori
    atur_memori()
awal = gc.get_stats()[2]["collections"]
baris = [[str(i), str(i * 2)] for i in range(1_000_000)]  # a national file's row lists
print(gc.get_threshold(), gc.get_stats()[2]["collections"] - awal, len(baris))
"""


def _kolektor(cara: str) -> str:
    return _di_proses_baru(_KOLEKTOR, cara)


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_kolektor_tidak_menyapu_semua_objek_per_berkas():
    """A file's million row lists, kept while it is read: CPython's own thresholds walk every
    live object again and again (full collections, ±0.2 s each with the region master loaded);
    with the run's thresholds not once. Thresholds chosen by the embedding program are kept."""
    biasa, dengan = _kolektor("biasa").split(") "), _kolektor("atur").split(") ")
    assert biasa[0] == "(700, 10, 10" and int(biasa[1].split()[0]) >= 5, biasa
    assert dengan[0] == "(100000, 50, 100" and dengan[1] == "0 1000000", dengan
    assert _kolektor("diubah").startswith("(5000, 10, 10)")


def test_tanpa_mallopt_tidak_gagal(monkeypatch):
    monkeypatch.setattr(memori, "_fungsi_libc", lambda nama: None)
    memori.atur_memori.cache_clear()
    try:
        assert memori.atur_memori() is False
    finally:
        memori.atur_memori.cache_clear()


def test_perintah_konsol_mengatur_memori(monkeypatch):
    """Every command of ``indikator`` sets the thresholds before it allocates."""
    from typer.testing import CliRunner

    from flows.cli import app

    dipanggil = []
    monkeypatch.setattr(memori, "atur_memori", lambda: dipanggil.append(True) or True)
    hasil = CliRunner().invoke(app, ["ingest", "--help"])
    assert hasil.exit_code == 0 and dipanggil == [True]
