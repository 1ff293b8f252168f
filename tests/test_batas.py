"""Limits for incoming files: catalog defaults, partial files, environment overrides."""

from __future__ import annotations

import pytest

from schemas.batas import BATAS_YAML, Batas, muat_batas
from tests.berkas_uji import MB, ditolak


def test_default_limits_come_from_the_catalog_with_a_comment_each():
    teks = BATAS_YAML.read_text(encoding="utf-8")
    batas = Batas()
    baris = teks.splitlines()
    for nama in Batas.__dataclass_fields__:
        i = next(i for i, b in enumerate(baris) if b.startswith(f"{nama}:"))
        assert baris[i - 1].startswith("#"), f"{nama} has no comment"
        assert float(baris[i].split(":", 1)[1]) == getattr(batas, nama)
    assert batas.ukuran_maks_xlsx == 50 * MB
    assert batas.rasio_kompresi_maks == 100.0


def test_environment_overrides_limits(monkeypatch, tmp_path):
    monkeypatch.setenv("INDIKATOR_BATAS_UKURAN_MAKS_XLSX", "100MB")
    monkeypatch.setenv("INDIKATOR_BATAS_UKURAN_MAKS_CSV", "10")
    batas = muat_batas()
    assert batas.ukuran_maks_xlsx == 100 * MB
    assert batas.ukuran_maks_csv == 10
    csv_path = tmp_path / "a.csv"
    csv_path.write_text("kode;nama\n01;x\n", encoding="utf-8")
    assert "batas 10 B" in ditolak(csv_path)  # periksa_berkas uses muat_batas() by default


def test_limits_from_a_partial_file(tmp_path):
    path = tmp_path / "batas.yaml"
    path.write_text("anggota_zip_maks: 7\nrasio_kompresi_maks: 50.5\n", encoding="utf-8")
    batas = muat_batas(path)
    assert (batas.anggota_zip_maks, batas.rasio_kompresi_maks) == (7, 50.5)
    assert batas.isi_zip_maks == Batas().isi_zip_maks


@pytest.mark.parametrize(
    ("kunci", "nilai"),
    [("INDIKATOR_BATAS_ANGGOTA_ZIP_MAKS", "banyak"), ("INDIKATOR_BATAS_SEL_MAKS", "0")],
)
def test_bad_environment_value_is_refused(monkeypatch, kunci, nilai):
    monkeypatch.setenv(kunci, nilai)
    with pytest.raises(ValueError, match="harus angka"):
        muat_batas()


def test_unknown_environment_limit_is_refused(monkeypatch):
    monkeypatch.setenv("INDIKATOR_BATAS_UKURAN_MAKS_XSLX", "1")  # typo
    with pytest.raises(ValueError, match="tidak dikenal"):
        muat_batas()


@pytest.mark.parametrize("nilai", [0, -1, True, 1.5, "abc"])
def test_batas_rejects_nonsense(nilai):
    with pytest.raises(ValueError):
        Batas(anggota_zip_maks=nilai)
