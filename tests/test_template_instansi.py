"""Agencies that fill an Excel template (catalog/template/instansi.yaml) and their layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.katalog import muat_katalog
from transforms.terima.instansi import (
    buat_layout_template,
    buat_layouts_template,
    buat_teks_daftar_instansi,
    cari_indikator_diisi,
    cari_instansi,
    muat_indikator_dari_ekspor,
    muat_instansi,
    muat_komponen_dari_ekspor,
)

KATALOG = muat_katalog()
INSTANSI = muat_instansi(KATALOG)
IDS = [i.id for i in INSTANSI]
DARI_EKSPOR = set(muat_indikator_dari_ekspor(KATALOG))

EKSPOR = {
    "pus",
    "unmet_need",
    "peserta_kb_aktif",
    "anggota_bkb_pus",
    "anggota_bkb_ber_kb",
    "jumlah_desa",
    "keluarga_berisiko_stunting",
    "keluarga_berisiko_stunting_air_minum_layak",
    "keluarga_berisiko_stunting_jamban_sehat",
    "ibu_hamil",
    "ibu_hamil_pendampingan",
    "plkb_pkb",
    "kelompok_bkb",
}

KIRIM_KE = "Bidang Data/Statistik Dinas PPKB kabupaten/kota (pengelola indikator)"

KOMPONEN_PER_INSTANSI = {
    "kemenkes": 50,
    "kemensos": 14,
    "pupr": 4,
    "kemenag": 2,
    "kkp": 1,
    "kementan": 1,
    "bpjs": 2,
    "bkkbn": 29,
}


def test_export_list_is_the_agreed_one():
    assert set(muat_komponen_dari_ekspor()) == EKSPOR
    assert len(muat_komponen_dari_ekspor()) == len(EKSPOR)


def test_export_only_indicators_are_the_siga_ones():
    # every spm.* and pasti.* indicator needs a template or an export component by component
    assert {k for k in KATALOG.indikator if k.startswith("siga.")} == DARI_EKSPOR
    assert not any(k.startswith(("spm.", "pasti.", "sipd.")) for k in DARI_EKSPOR)


def test_agency_ids_and_component_counts():
    assert {i.id: len(i.komponen) for i in INSTANSI} == KOMPONEN_PER_INSTANSI


def test_every_wali_data_part_belongs_to_exactly_one_agency():
    pemilik: dict[str, list[str]] = {}
    for ins in INSTANSI:
        for bagian in ins.wali_data:
            pemilik.setdefault(bagian, []).append(ins.id)
    bagian_registri = {
        bagian
        for kode, ind in KATALOG.indikator.items()
        if kode not in DARI_EKSPOR
        for bagian in ind.wali_data.split("; ")
    }
    assert set(pemilik) == bagian_registri
    assert all(len(ids) == 1 for ids in pemilik.values()), pemilik


@pytest.mark.parametrize("instansi_id", IDS)
def test_components_are_those_of_the_indicators_naming_the_agency(instansi_id):
    ins = cari_instansi(instansi_id, KATALOG)
    harapan: list[str] = []
    for ind in KATALOG.indikator.values():
        if ind.kode in DARI_EKSPOR or not set(ind.wali_data.split("; ")) & set(ins.wali_data):
            continue
        for nama in ind.komponen:
            if nama not in EKSPOR and not KATALOG.komponen[nama].dari_master:
                harapan.append(nama)
    assert list(ins.komponen) == list(dict.fromkeys(harapan))
    assert ins.nama in ins.wali_data
    assert ins.kirim_ke == KIRIM_KE


def test_no_template_asks_for_an_export_or_master_component():
    for ins in INSTANSI:
        for nama in ins.komponen:
            assert nama in KATALOG.komponen
            assert nama not in EKSPOR
            assert not KATALOG.komponen[nama].dari_master


def test_every_indicator_is_computable_from_templates_exports_and_master():
    di_template = {nama for ins in INSTANSI for nama in ins.komponen}
    for kode, ind in KATALOG.indikator.items():
        if kode in DARI_EKSPOR:
            continue
        for nama in ind.komponen:
            ok = nama in di_template or nama in EKSPOR or KATALOG.komponen[nama].dari_master
            assert ok, f"{kode}: komponen {nama} tidak tercakup"


def test_indicators_fed_are_derived_from_components():
    assert cari_instansi("kkp").indikator == ("pasti.krs.01",)
    assert cari_instansi("kementan").indikator == ("pasti.krs.03",)
    assert cari_instansi("pupr").indikator == (
        "pasti.keluarga.03",
        "pasti.keluarga.04",
        "pasti.krs.05",
    )
    # catin is a denominator: the Kemenag template feeds every catin indicator
    assert cari_instansi("kemenag").indikator == (
        "pasti.catin.03",
        "pasti.catin.04",
        "pasti.catin.05",
        "pasti.catin.06",
        "pasti.catin.07",
        "pasti.catin.09",
    )
    assert cari_instansi("bpjs").indikator == (
        "pasti.catin.10",
        "pasti.catin.11",
        "pasti.keluarga.10",
        "pasti.krs.08",
    )
    assert "sipd.kkks" in cari_instansi("kemensos").indikator
    assert len(cari_instansi("kemenkes").indikator) == 32
    for ins in INSTANSI:
        assert ins.indikator == cari_indikator_diisi(ins.komponen, KATALOG)
        assert ins.sumber == f"template.{ins.id}"


def test_listing_names_each_agency_and_its_indicators():
    teks = buat_teks_daftar_instansi(KATALOG)
    assert "kkp: Dinas Kelautan dan Perikanan (KKP) — 1 komponen, 1 indikator" in teks
    assert f"pasti.krs.01  {KATALOG.indikator['pasti.krs.01'].judul}" in teks


def _yaml(tmp_path: Path, komponen: list[str]) -> Path:
    path = tmp_path / "instansi.yaml"
    daftar = "\n".join(f"      - {k}" for k in komponen)
    path.write_text(
        "komponen_dari_ekspor: [pus]\n"
        "instansi:\n"
        "  - id: uji\n"
        "    nama: Dinas Uji\n"
        "    wali_data: [Dinas Uji]\n"
        "    kirim_ke: Bidang Data\n"
        f"    komponen:\n{daftar}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("komponen", "pesan"),
    [
        (["remaja_putri", "komponen_karangan"], "tidak ada di catalog/komponen"),
        (["remaja_putri", "pus"], "datang dari ekspor"),
        (["remaja_putri", "jumlah_desa"], "datang dari ekspor"),
        (["remaja_putri", "remaja_putri"], "dua kali"),
    ],
)
def test_bad_agency_file_is_refused(tmp_path, komponen, pesan):
    with pytest.raises(ValueError, match=pesan):
        muat_instansi(KATALOG, _yaml(tmp_path, komponen))


def test_layouts_of_all_templates():
    semua = buat_layouts_template(KATALOG)
    assert list(semua) == [f"template.{i}" for i in IDS]
    assert semua["template.kkp"].komponen == {
        "KELUARGA_BERISIKO_STUNTING_PROMOSI_IKAN": "keluarga_berisiko_stunting_promosi_ikan"
    }
    assert buat_layout_template("template.bpjs") == semua["template.bpjs"]
