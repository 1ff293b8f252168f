"""Meta-tests on the catalog: the registry is complete, consistent and matches the seeds."""

from __future__ import annotations

import ast
import dataclasses
import re
import shutil
from pathlib import Path

import pytest
import yaml

from schemas.galat import KatalogTidakValid
from schemas.katalog import FOLDER_KATALOG, baca_yaml, muat_katalog
from schemas.model import ARAH, FREKUENSI, JENIS_KOMPONEN
from transforms.wilayah.kode import TINGKAT

KATALOG = muat_katalog()

PASTI_GROUPS = {
    "catin": 11,
    "bumil": 7,
    "baduta": 8,
    "balita": 5,
    "bayi": 2,
    "anak": 3,
    "keluarga": 10,
    "krs": 9,
}


def _expected_codes() -> list[str]:
    codes = [f"spm.{i:02d}" for i in range(1, 10)]
    for group, n in PASTI_GROUPS.items():
        codes += [f"pasti.{group}.{i:02d}" for i in range(1, n + 1)]
    return [*codes, "sipd.kelompok_bkb", "sipd.kkks"]


SIGA_WAJIB = {
    "siga.krs",
    "siga.mkjp",
    "siga.lapor_bkb",
    "siga.lapor_uppka",
    "siga.lapor_pikr",
    "siga.kampung_kb",
    "siga.rumah_dataku",
}


def test_every_seed_indicator_is_in_the_registry_in_order():
    expected = _expected_codes()
    assert len(expected) == 9 + 55 + 2
    codes = list(KATALOG.indikator)
    # the seed indicators first, in the seeds' order, then BKKBN program indicators (siga.*)
    assert codes[: len(expected)] == expected
    assert all(c.startswith("siga.") for c in codes[len(expected) :])
    assert set(codes) >= SIGA_WAJIB


@pytest.mark.parametrize("kode", list(KATALOG.indikator))
def test_entry_complete(kode):
    ind = KATALOG.indikator[kode]
    for field in (
        "judul",
        "definisi",
        "pembilang",
        "satuan",
        "sumber_data",
        "wali_data",
        "rujukan",
    ):
        assert str(getattr(ind, field)).strip(), f"{kode}: {field} kosong"
    assert ind.arah in ARAH
    assert ind.frekuensi in FREKUENSI
    assert ind.kedalaman and set(ind.kedalaman) <= set(TINGKAT)
    assert ind.pengali in (1.0, 100.0)
    if ind.satuan == "persen":
        assert ind.pengali == 100 and ind.penyebut is not None, kode
    for nama in ind.komponen:
        assert nama in KATALOG.komponen, f"{kode}: komponen {nama!r} tidak didefinisikan"
        assert re.fullmatch(r"[a-z][a-z0-9_]*", nama)


def _dipakai() -> set[str]:
    """Components indicators use, with the parts of derived components, recursively."""
    used = {n for ind in KATALOG.indikator.values() for n in ind.komponen}
    while True:
        parts = {p for n in used for p in KATALOG.komponen[n].bagian} - used
        if not parts:
            return used
        used |= parts


def test_every_component_defined_once_and_used():
    used = _dipakai()
    mapped = set()
    for lay in KATALOG.sumber.values():
        names = list(lay.komponen.values())
        if lay.panjang:
            names += list(lay.panjang["komponen"].values())
        for name in names:
            if "{kategori}" in name:
                # e.g. desa_elsimil_{kategori}: at least one category must give a component
                stem = name.replace("{kategori}", "")
                assert any(k.startswith(stem) for k in KATALOG.komponen), name
            else:
                mapped.add(name)
    assert used <= set(KATALOG.komponen)
    assert set(KATALOG.komponen) <= used, set(KATALOG.komponen) - used
    assert mapped <= set(KATALOG.komponen), mapped - set(KATALOG.komponen)
    for k in KATALOG.komponen.values():
        assert k.jenis in JENIS_KOMPONEN and k.judul and k.definisi and k.satuan


def test_duplicate_keys_are_refused(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_text("spm.01:\n  judul: a\nspm.01:\n  judul: b\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kunci ganda"):
        baca_yaml(path)
    assert yaml.safe_load(path.read_text()) == {"spm.01": {"judul": "b"}}  # what we avoid


def test_spm_04_alias_satu_data_jombang_370():
    alias = KATALOG.indikator["spm.04"].alias
    assert {"sistem": "Satu Data Jombang", "kode": "370"}.items() <= alias[0].items()


def test_contradictions_in_the_seed_are_noted():
    for kode in (
        "pasti.keluarga.01",
        "pasti.anak.03",
        "pasti.catin.11",
        "pasti.keluarga.07",
        "pasti.keluarga.08",
        "spm.06",
    ):
        assert KATALOG.indikator[kode].catatan, f"{kode} needs a catatan"


def test_directions_from_the_seeds():
    turun = {"spm.01", "spm.03", "spm.06", "spm.07"}
    for kode in turun:
        assert KATALOG.indikator[kode].arah == "turun"
    assert KATALOG.indikator["spm.02"].arah == "naik"


def test_targets_refer_to_known_indicators():
    target = KATALOG.target
    assert set(target["kode_indikator"]) <= set(KATALOG.indikator)
    assert set(target["berlaku_untuk"]) <= {"nilai", "pembilang", "capaian"}
    spm02 = target[(target["kode_indikator"] == "spm.02") & (target["tahun"] == 2015)]
    by = dict(zip(spm02["berlaku_untuk"], spm02["target"], strict=True))
    assert by == {"nilai": 65.0, "capaian": 100.0}  # SPM target; planned achievement 2015


def test_layouts_are_complete():
    for lay in KATALOG.sumber.values():
        assert lay.kenali and (lay.komponen or lay.panjang)
        assert not set(lay.komponen) & set(lay.wilayah.values()), lay.id
        assert set(lay.wilayah) <= {*TINGKAT, "kode", "kode_bps", "kode_desa_suffix"}, lay.id
        assert set(lay.periode) <= {"bulan", "semester", "tahun"}, lay.id
        assert lay.per_wilayah in {"satu", "jumlahkan"}, lay.id
        for rule in lay.periksa:
            assert rule["aturan"] in {"jumlah", "persen", "maksimum"}, (lay.id, rule)
            assert rule.get("tingkat", "galat") in {"galat", "peringatan"}, (lay.id, rule)


# --------------------------------------------------------------------------- strict models


def _salinan(tmp_path: Path) -> Path:
    """A copy of the catalog files the loader reads (not the region master)."""
    folder = tmp_path / "catalog"
    for sub in ("indikator", "komponen", "sumber", "target"):
        shutil.copytree(FOLDER_KATALOG / sub, folder / sub)
    shutil.copy(FOLDER_KATALOG / "kolom.yaml", folder / "kolom.yaml")
    return folder


def _ganti(path: Path, lama: str, baru: str) -> None:
    teks = path.read_text(encoding="utf-8")
    assert teks.count(lama) == 1, lama
    path.write_text(teks.replace(lama, baru), encoding="utf-8")


def test_catalog_folder_is_beside_the_packages():
    assert Path(__file__).resolve().parents[1] / "catalog" == FOLDER_KATALOG
    assert muat_katalog() is muat_katalog()  # cached


def test_a_copy_of_the_catalog_loads_like_the_catalog(tmp_path: Path):
    salinan = muat_katalog(_salinan(tmp_path))
    assert salinan.indikator == KATALOG.indikator
    assert salinan.komponen == KATALOG.komponen
    assert salinan.sumber == KATALOG.sumber


def test_misspelled_key_in_a_layout_is_refused(tmp_path: Path):
    folder = _salinan(tmp_path)
    _ganti(folder / "sumber" / "siga-pus.yaml", "\nkomponen:", "\nkomponenn:")
    with pytest.raises(
        KatalogTidakValid, match=r"sumber/siga-pus\.yaml: kunci 'komponenn' tidak dikenal"
    ):
        muat_katalog(folder)


def test_wrong_type_in_a_layout_is_refused(tmp_path: Path):
    folder = _salinan(tmp_path)
    _ganti(folder / "sumber" / "siga-pus.yaml", 'pemisah: ";"', "pemisah: 3")
    pesan = r"sumber/siga-pus\.yaml: kunci 'pemisah': harus teks, bukan bilangan bulat \(3\)"
    with pytest.raises(KatalogTidakValid, match=pesan):
        muat_katalog(folder)


def _ganti_entri(path: Path, entri: str, kunci: str, baru: str) -> None:
    """Rewrite ``kunci`` of entry ``entri`` in a block-style YAML file."""
    baris = path.read_text(encoding="utf-8").splitlines()
    awal = baris.index(f"{entri}:")
    i = next(i for i in range(awal + 1, len(baris)) if baris[i].startswith(f"  {kunci}:"))
    baris[i] = f"  {kunci}: {baru}"
    path.write_text("\n".join(baris) + "\n", encoding="utf-8")


def test_number_written_as_text_is_refused(tmp_path: Path):
    folder = _salinan(tmp_path)
    _ganti_entri(folder / "indikator" / "1-spm.yaml", "spm.02", "pengali", '"100"')
    pesan = r"indikator/1-spm\.yaml: spm\.02: kunci 'pengali': harus angka, bukan teks"
    with pytest.raises(KatalogTidakValid, match=pesan):
        muat_katalog(folder)


def test_unknown_value_is_refused(tmp_path: Path):
    folder = _salinan(tmp_path)
    _ganti_entri(folder / "komponen" / "kb.yaml", "pus", "jenis", "stock")
    pesan = "catalog/komponen/kb.yaml: pus: kunci 'jenis': nilai 'stock' tidak dikenal"
    with pytest.raises(
        KatalogTidakValid, match=re.escape(f"{pesan} (pilihan: 'stok' atau 'arus')")
    ):
        muat_katalog(folder)


def test_unknown_direction_is_refused(tmp_path: Path):
    folder = _salinan(tmp_path)
    _ganti_entri(folder / "indikator" / "1-spm.yaml", "spm.02", "arah", "naik2")
    pesan = "catalog/indikator/1-spm.yaml: spm.02: kunci 'arah': nilai 'naik2' tidak dikenal"
    with pytest.raises(KatalogTidakValid, match=re.escape(pesan)):
        muat_katalog(folder)


@pytest.mark.parametrize(
    ("berkas", "lama", "baru", "pesan"),
    [
        (
            "sumber/dinas-stunting-puskesmas.yaml",
            "{aturan: jumlah, bagian",
            "{aturan: jumlh, bagian",
            "kunci 'periksa[0].aturan': nilai 'jumlh' tidak dikenal",
        ),
        (
            "sumber/dinas-stunting-puskesmas.yaml",
            "{aturan: jumlah, bagian: [PENDEK, SANGAT PENDEK], total: STUNTING,",
            "{aturan: jumlah, bagian: [PENDEK, SANGAT PENDEK],",
            "kunci 'periksa[0].total' wajib ada untuk aturan 'jumlah'",
        ),
        (
            "sumber/dinas-stunting-puskesmas.yaml",
            "periode: {bulan: BULAN, tahun: TAHUN}",
            "periode: {bln: BULAN, tahun: TAHUN}",
            "kunci 'bln' di 'periode' tidak dikenal",
        ),
        (
            "sumber/siga-kampung-kb.yaml",
            "{nama: desa_kampung_kb, ubah: ada}",
            "{nama: desa_kampung_kb, ubah: adaa}",
            "kunci 'komponen.JUMLAH KAMPUNG KB.ubah': nilai 'adaa' tidak dikenal",
        ),
        (
            "sumber/siga-pus.yaml",
            "komponen: {PUS: pus,",
            "ubah: {PUS: ada}\nkomponen: {PUS: pus,",
            "kunci 'ubah' tidak dikenal",
        ),
        (
            "sumber/siga-pus.yaml",
            "kenali: [PROVINSI, KABUPATEN, KECAMATAN, KELURAHAN, PUS, UNMET NEED, BULAN]",
            "kenali: PUS",
            "kunci 'kenali': harus daftar, bukan teks",
        ),
    ],
)
def test_entry_refused_with_file_and_key(tmp_path: Path, berkas, lama, baru, pesan):
    folder = _salinan(tmp_path)
    _ganti(folder / berkas, lama, baru)
    with pytest.raises(KatalogTidakValid, match=re.escape(f"catalog/{berkas}: {pesan}")):
        muat_katalog(folder)


def test_catalog_errors_are_value_errors():
    assert issubclass(KatalogTidakValid, ValueError)


def test_models_stay_frozen_dataclasses():
    pus = KATALOG.komponen["pus"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pus.judul = "x"  # type: ignore[misc]
    assert dataclasses.replace(pus, judul="x").judul == "x"
    assert isinstance(KATALOG.sumber["siga.pus"].kenali, tuple)
    assert isinstance(KATALOG.indikator["spm.02"].pengali, float)


def test_schemas_import_nothing_from_transforms_or_flows():
    for path in (Path(__file__).resolve().parents[1] / "schemas").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert name.split(".")[0] not in {"transforms", "flows"}, (path.name, name)
