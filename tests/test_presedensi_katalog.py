"""The precedence file (``catalog/presedensi.yaml``) is checked strictly: a wrong entry is
refused naming the file and the key, and a run refuses it (one message, no traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from flows.cli import app
from schemas.galat import KatalogTidakValid
from schemas.katalog import muat_katalog
from schemas.presedensi import PRESEDENSI_YAML, Presedensi, muat_presedensi
from tests.test_presedensi import DESA, _hasil, _terima_dua
from transforms.langkah.hitung import cari_penyedia_lain, gabung_komponen, muat_presedensi_katalog

# --- the precedence file: strict ----------------------------------------------------------


def _tulis(tmp_path: Path, isi: dict) -> Path:
    path = tmp_path / "presedensi.yaml"
    path.write_text(yaml.safe_dump(isi, allow_unicode=True), encoding="utf-8")
    return path


def _muat(path: Path) -> Presedensi:
    katalog = muat_katalog()
    return muat_presedensi(katalog, cari_penyedia_lain(katalog), path)


def _bawaan() -> dict:
    return yaml.safe_load(PRESEDENSI_YAML.read_text(encoding="utf-8"))


def test_the_catalog_precedence_is_valid_and_ranks_as_commented():
    pres = muat_presedensi_katalog()
    assert pres.peringkat("pus", "umum") < pres.peringkat("pus", "siga.pus")
    assert pres.peringkat("pus_miskin_pbi", "template.bpjs") == 0
    assert pres.peringkat("desa_kampung_kb", "siga.kampung_kb") < pres.peringkat(
        "desa_kampung_kb", "siga.profil_poktan"
    )


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        (
            lambda d: d["urutan"].insert(1, "siga.pus_typo"),
            "kunci 'urutan[1]': sumber 'siga.pus_typo' tidak dikenal",
        ),
        (
            lambda d: d["komponen"].__setitem__("pus", ["siga.pus", "bps.*"]),
            "kunci 'komponen.pus[1]': sumber 'bps.*' tidak dikenal",
        ),
        (
            lambda d: d["komponen"].__setitem__("pus", ["template.kemenkes"]),
            "kunci 'komponen.pus[0]': sumber 'template.kemenkes' tidak dikenal atau tidak "
            "memberi komponen 'pus' (pilihan: siga.pus, umum)",
        ),
        (
            lambda d: d["komponen"].__setitem__("pus_subur", ["siga.pus"]),
            "kunci 'komponen.pus_subur': komponen tidak ada di catalog/komponen",
        ),
        (lambda d: d["urutan"].remove("siga.*"), "sumber siga.bkb, siga.bkb_keluarga"),
        (
            lambda d: d["komponen"].pop("pus_miskin"),
            "komponen 'pus_miskin' dapat datang dari template.bkkbn dan template.bpjs dengan "
            "urutan yang sama ('template.*'); tulis urutannya di 'komponen.pus_miskin'",
        ),
        (lambda d: d["urutan"].append("umum"), "kunci 'urutan[8]': 'umum' ditulis dua kali"),
        (lambda d: d.__setitem__("urutn", []), "kunci 'urutn' tidak dikenal"),
        (lambda d: d.__setitem__("urutan", "siga.*"), "kunci 'urutan': harus daftar"),
    ],
    ids=[
        "id-asing",
        "pola-asing",
        "bukan-pemberi",
        "komponen-asing",
        "sumber-lepas",
        "seri",
        "ganda",
        "kunci-asing",
        "bukan-daftar",
    ],
)
def test_a_wrong_precedence_file_is_refused_naming_file_and_key(tmp_path, ubah, pesan):
    isi = _bawaan()
    ubah(isi)
    path = _tulis(tmp_path, isi)
    with pytest.raises(KatalogTidakValid) as galat:
        _muat(path)
    assert str(path) in str(galat.value)
    assert pesan in str(galat.value)


def test_an_unknown_source_id_stops_the_compute_step(tmp_path, monkeypatch):
    """The run refuses a wrong precedence file instead of falling back on arrival order."""
    isi = _bawaan()
    isi["urutan"][0] = "templat.*"
    path = _tulis(tmp_path, isi)
    monkeypatch.setattr("schemas.presedensi.PRESEDENSI_YAML", path)
    monkeypatch.setattr(muat_presedensi, "__defaults__", (path,))
    a = _hasil("siga.pus/a.csv", "siga.pus", {DESA[0]: 1})
    with pytest.raises(KatalogTidakValid, match=r"'templat\.\*' tidak dikenal"):
        gabung_komponen([a, a], ["1", "2"])


def test_run_with_a_wrong_precedence_file_says_so_without_traceback(tmp_path, monkeypatch):
    isi = _bawaan()
    isi["urutan"][-1] = "siga.pus_lama"
    path = _tulis(tmp_path, isi)
    monkeypatch.setattr(muat_presedensi, "__defaults__", (path,))
    monkeypatch.setenv("INDIKATOR_LOG", str(tmp_path / "galat.log"))
    raw, out = _terima_dua(tmp_path, dinas_dulu=False), tmp_path / "out"
    hasil = CliRunner().invoke(
        app, ["run", "--tanpa-prefect", "--raw", str(raw), "--out", str(out)]
    )
    assert hasil.exit_code == 1
    teks = " ".join(hasil.output.split())
    assert f"Katalog tidak valid, tidak ada yang diterbitkan: {path}: kunci 'urutan[7]'" in teks
    assert "sumber 'siga.pus_lama' tidak dikenal" in teks
    assert "Traceback" not in hasil.output
    assert "KatalogTidakValid" in (tmp_path / "galat.log").read_text(encoding="utf-8")
    assert not (out / "terkini").exists()  # nothing published (the lock file may exist)
