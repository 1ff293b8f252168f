"""The benchmark of what every XLSX costs (benchmarks/wajib.py) runs the real safety scan and
the floor's read: a hostile workbook stops it as the scan stops ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.wajib import ukur_wajib
from scripts.nasional.utama import buat_nasional
from tests.berkas_uji import BILLION_LAUGHS, buat_lembar
from transforms.baca.tolak import BerkasBerbahaya


def test_wajib_mengukur_pemeriksaan_dan_bacaan(tmp_path: Path):
    buat_nasional(tmp_path / "data", [1], ["76"], ("xlsx",))
    berkas = sorted((tmp_path / "data").rglob("*.xlsx"))
    assert len(berkas) == 3
    periksa, baca = ukur_wajib(berkas)
    assert periksa > 0 and baca > 0
    bom = buat_lembar(tmp_path / "bom.xlsx", awalan=BILLION_LAUGHS)
    with pytest.raises(BerkasBerbahaya):
        ukur_wajib([*berkas, bom])
