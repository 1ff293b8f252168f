"""The publish guard and the exit codes: a year that would lose indicators, regions or rows is
not published (unless allowed), a run with a rejected file says so first and exits non-zero."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from schemas.katalog import muat_katalog
from schemas.kontrak import ubah_ke_arrow
from tests.bantu_generasi import buat_tabel, terbitkan_uji
from transforms.keluar.penjaga import (
    KunciTahun,
    Susut,
    baca_kunci_berkas,
    bandingkan_tahun,
    periksa_susut,
)
from transforms.keluar.penunjuk import GENERASI, baca_id_terkini
from transforms.langkah.keputusan import (
    KodeKeluar,
    RunTidakTerbit,
    buat_kalimat_status,
    periksa_terbit,
    tentukan_kode_keluar,
)
from transforms.langkah.pengaturan import Pengaturan, PengaturanSalah, baca_pengaturan
from transforms.langkah.ringkasan import Ringkasan
from transforms.langkah.terbitkan import terbitkan

DESA = (("33.06.01.2001", "desa"), ("33.06.01.2002", "desa"))
KAB = (("33.06", "kabupaten"), ("33.06.01", "kecamatan"))


@pytest.fixture
def kini(tmp_path):
    """A current generation A: 2 indicators x 4 regions x 3 periods x 2 years."""
    out = tmp_path / "out"
    terbitkan_uji(out, "A", wilayah=KAB + DESA)
    return out / GENERASI / "A"


def _indikator(**kw) -> pd.DataFrame:
    return buat_tabel("B", **{"wilayah": KAB + DESA, **kw})["indikator"]


def test_the_same_year_again_passes(kini):
    susut = bandingkan_tahun(_indikator(), kini, 2025, 10)
    assert (susut.baris_lama, susut.baris_baru, susut.ditolak) == (24, 24, False)
    assert periksa_susut(_indikator(), kini, [2024, 2025], 10) == {}


def test_a_lost_indicator_is_refused_and_named(kini):
    (susut,) = periksa_susut(_indikator(indikator=("spm.02",)), kini, [2025], 10).values()
    assert susut.indikator_hilang == ["spm.03"]
    assert susut.jelaskan() == (
        "tahun 2025: 1 indikator hilang (spm.03); baris indikator 24 → 12 (susut 50,0 %, "
        "batas 10 %)"
    )


def test_a_lost_region_is_refused_with_counts_per_level(kini):
    satu_desa = _indikator(wilayah=(*KAB, DESA[0]))
    (susut,) = periksa_susut(satu_desa, kini, [2025], 50).values()
    assert susut.wilayah_hilang == {"desa": 1} and susut.indikator_hilang == []
    assert susut.cakupan_hilang == {"spm.02": {"desa": 1}, "spm.03": {"desa": 1}}
    assert "wilayah hilang: 1 desa" in susut.jelaskan()
    tanpa_kab = _indikator(wilayah=DESA)
    (susut,) = periksa_susut(tanpa_kab, kini, [2025], 100).values()
    assert susut.wilayah_hilang == {"kabupaten": 1, "kecamatan": 1}


def test_an_indicator_losing_its_desa_is_refused_though_others_keep_them(kini):
    ind = _indikator()
    ind = ind[~((ind["kode_indikator"] == "spm.03") & (ind["tingkat"] == "desa"))]
    (susut,) = periksa_susut(ind, kini, [2025], 50).values()
    assert susut.indikator_hilang == [] and susut.wilayah_hilang == {}
    assert susut.cakupan_hilang == {"spm.03": {"desa": 2}}
    assert "indikator yang kehilangan wilayah: spm.03 (2 desa)" in susut.jelaskan()


def test_rows_lost_beyond_the_share_are_refused(kini):
    """Every indicator and region still there, a third of the rows (one month) gone."""
    tanpa_bulan_2 = _indikator(bulan=(None, 1))
    (susut,) = periksa_susut(tanpa_bulan_2, kini, [2025], 10).values()
    assert (susut.baris_lama, susut.baris_baru) == (24, 16)
    assert susut.indikator_hilang == [] and susut.wilayah_hilang == {}
    assert susut.cakupan_hilang == {}
    assert round(susut.persen_susut, 1) == 33.3
    assert periksa_susut(tanpa_bulan_2, kini, [2025], 34) == {}  # within a 34 % share


def test_a_year_without_current_rows_is_never_refused(kini):
    assert periksa_susut(_indikator(tahun=(2026,)), kini, [2026], 0) == {}
    assert periksa_susut(_indikator(indikator=()), None, [2025], 0) == {}


def _terbitkan(out, tables, pengaturan=None, tahun=None):
    ringkasan = Ringkasan(id_run="B", berkas=[])
    parameter = {"tahun": tahun}
    manifest = terbitkan(out, muat_katalog(), tables, ringkasan, parameter, [], [], pengaturan)
    return ringkasan, manifest


def test_a_refused_year_keeps_the_current_one_and_the_run_is_recorded(kini):
    out = kini.parents[1]
    tables = buat_tabel("B", (2025,), indikator=("spm.02",), wilayah=KAB + DESA)
    ringkasan, manifest = _terbitkan(out, tables, tahun=2025)
    assert manifest is None and ringkasan.generasi is None
    assert baca_id_terkini(out) == "A" and sorted(p.name for p in (out / GENERASI).iterdir()) == [
        "A"
    ]
    assert tentukan_kode_keluar(ringkasan) == KodeKeluar.DITOLAK_PENJAGA
    teks = buat_kalimat_status(ringkasan)
    assert teks.splitlines()[0].startswith("TIDAK DITERBITKAN: penjaga menolak tahun")
    assert "Tidak ada yang diterbitkan; keluaran yang berlaku tidak berubah. Kode keluar 3." in teks
    assert "1 indikator hilang (spm.03)" in teks and "--izinkan-susut" in teks
    catatan = json.loads((out / "runs" / "B.json").read_text())
    assert catatan["status"] == "ditolak_penjaga" and catatan["kode_keluar"] == 3
    assert catatan["ditolak_penjaga"][0]["indikator_hilang"] == ["spm.03"]
    with pytest.raises(RunTidakTerbit, match="TIDAK DITERBITKAN"):
        periksa_terbit(ringkasan)


def test_izinkan_susut_publishes_and_records_what_was_lost(kini):
    out = kini.parents[1]
    tables = buat_tabel("B", (2025,), indikator=("spm.02",), wilayah=KAB + DESA)
    ringkasan, manifest = _terbitkan(out, tables, Pengaturan(izinkan_susut=True), 2025)
    assert baca_id_terkini(out) == "B" and periksa_terbit(ringkasan) is ringkasan
    assert tentukan_kode_keluar(ringkasan) == KodeKeluar.BERHASIL
    assert json.loads(manifest.read_text())["susut_diizinkan"][0]["indikator_hilang"] == ["spm.03"]
    assert "Susut diizinkan (--izinkan-susut) — tahun 2025" in buat_kalimat_status(ringkasan)


def test_only_the_refused_year_stays_the_others_are_published(kini):
    out = kini.parents[1]
    tables = buat_tabel("B", (2024, 2025), wilayah=KAB + DESA)
    tables["indikator"] = tables["indikator"][
        (tables["indikator"]["tahun"] == 2024) | (tables["indikator"]["kode_indikator"] == "spm.02")
    ]
    ringkasan, manifest = _terbitkan(out, tables)
    assert ringkasan.tahun == [2024] and ringkasan.generasi == "B"
    keluaran = json.loads(manifest.read_text())["keluaran"]
    assert {t: v["id_run"] for t, v in keluaran["indikator"].items()} == {"2024": "B", "2025": "A"}
    assert {t: v["id_run"] for t, v in keluaran["karantina"].items()} == {"2024": "B", "2025": "A"}
    assert tentukan_kode_keluar(ringkasan) == KodeKeluar.DITOLAK_PENJAGA
    assert "Tahun lain diterbitkan (generasi B, tahun 2024)" in buat_kalimat_status(ringkasan)


@pytest.mark.parametrize(
    ("ringkasan", "kode"),
    [
        (Ringkasan("R", berkas=[{"berkas": "a.csv"}], generasi="R"), KodeKeluar.BERHASIL),
        (
            Ringkasan(
                "R", berkas=[{"berkas": "a.csv"}, {"berkas": "b", "ditolak": "x"}], generasi="R"
            ),
            KodeKeluar.ADA_BERKAS_DITOLAK,
        ),
        (Ringkasan("R", berkas=[{"berkas": "b", "ditolak": "x"}]), KodeKeluar.GAGAL),
        (Ringkasan("R", galat="disk penuh"), KodeKeluar.GAGAL),
        (
            Ringkasan("R", ditolak_penjaga=[{"pesan": "p"}], generasi="R"),
            KodeKeluar.DITOLAK_PENJAGA,
        ),
    ],
)
def test_exit_code_of_each_outcome(ringkasan, kode):
    assert tentukan_kode_keluar(ringkasan) == kode
    assert buat_kalimat_status(ringkasan).splitlines()[0].endswith(f"Kode keluar {int(kode)}.")


def test_rejected_files_are_named_first_with_their_reason():
    ringkasan = Ringkasan(
        "R",
        berkas=[
            {"berkas": "a.csv"},
            {"berkas": "siga.pus/2025/b.csv", "ditolak": "kolom PUS hilang"},
        ],
        generasi="R",
        tahun=[2025],
    )
    baris = buat_kalimat_status(ringkasan).splitlines()
    assert baris[0].startswith("PERHATIAN: 1 dari 2 berkas DITOLAK dan tidak dipakai")
    assert baris[1] == "  Berkas ditolak: siga.pus/2025/b.csv (kolom PUS hilang)."


def test_settings_from_environment_and_options():
    env = {"INDIKATOR_SIMPAN_GENERASI": "3", "INDIKATOR_BATAS_SUSUT": "2,5"}
    p = baca_pengaturan(env, izinkan_susut=None, tunggu_kunci=0.0)
    assert p == Pengaturan(False, 2.5, 3, 0.0)
    assert baca_pengaturan({}) == Pengaturan(False, 10.0, 5, 3600.0)
    assert baca_pengaturan(env, simpan_generasi=7).simpan_generasi == 7
    with pytest.raises(PengaturanSalah, match="INDIKATOR_SIMPAN_GENERASI='lima' bukan bilangan"):
        baca_pengaturan({"INDIKATOR_SIMPAN_GENERASI": "lima"})
    with pytest.raises(PengaturanSalah, match="minimal 1"):
        baca_pengaturan({"INDIKATOR_SIMPAN_GENERASI": "0"})
    with pytest.raises(PengaturanSalah, match="antara 0 dan 100"):
        baca_pengaturan({}, batas_susut=150.0)


def test_susut_record_for_the_manifest():
    s = Susut(2025, 100, 80, 10.0, ["spm.03"], {"desa": 2}, {"spm.02": {"desa": 2}})
    assert s.ke_dict() == {
        "tahun": 2025,
        "indikator_hilang": ["spm.03"],
        "wilayah_hilang": {"desa": 2},
        "cakupan_hilang": {"spm.02": {"desa": 2}},
        "baris_lama": 100,
        "baris_baru": 80,
        "persen_susut": 20.0,
        "batas_persen": 10.0,
    }


JATIM = tuple((f"35{k[2:]}", t) for k, t in KAB + DESA)


@pytest.mark.parametrize(
    "jateng",
    [
        {"wilayah": (*KAB, DESA[0])},  # a desa lost
        {"indikator": ("spm.02",)},  # an indicator lost in Jawa Tengah, kept in Jawa Timur
        {},  # nothing lost
    ],
)
@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_a_carried_province_is_counted_not_compared_with_the_same_verdict(tmp_path, jateng):
    """Jawa Timur carried over (its file in force linked as it is): the guard reads only Jawa
    Tengah's keys in force, and says what it says when Jawa Timur's rows are given."""
    out = tmp_path / "out"
    terbitkan_uji(out, "A", wilayah=KAB + DESA + JATIM)
    kini = out / GENERASI / "A"
    src = kini / "indikator" / "2025" / "35.parquet"
    jatim = pq.read_table(src).to_pandas()
    beda = baca_kunci_berkas(src)
    assert len(beda) == len(jatim[["kode_indikator", "kode_wilayah", "tingkat"]].drop_duplicates())
    assert set(beda["kode_wilayah"]) == {k for k, _ in JATIM}
    baru = _indikator(tahun=(2025,), **jateng)
    dibawa, utuh = KunciTahun(), KunciTahun()
    dibawa.tambah(baru)
    dibawa.bawa("35", len(jatim), set(beda["kode_indikator"]))
    utuh.tambah(baru)
    utuh.tambah(jatim)
    a, b = dibawa.bandingkan(kini, 2025, 20), utuh.bandingkan(kini, 2025, 20)
    assert a == b and a.baris_lama == 48 and a.baris_baru == len(baru) + 24
    assert a.indikator_hilang == [] and a.ditolak == bool(jateng)
    if "indikator" in jateng:  # Jawa Tengah's spm.03 regions are lost, not the indicator
        assert a.cakupan_hilang == {"spm.03": {"kabupaten": 1, "kecamatan": 1, "desa": 2}}


def test_the_keys_of_a_file_of_many_row_groups(tmp_path):
    """Each row group has its own dictionary (as a province's file written in parts)."""
    fakta = _indikator(wilayah=KAB + DESA + JATIM)
    path = tmp_path / "33.parquet"
    pq.write_table(ubah_ke_arrow(fakta, "indikator"), path, row_group_size=5)
    assert pq.ParquetFile(path).metadata.num_row_groups > 3
    beda = baca_kunci_berkas(path)
    harap = fakta[["kode_indikator", "kode_wilayah", "tingkat"]].drop_duplicates().astype(str)
    assert len(beda) == len(harap) == 16
    pd.testing.assert_frame_equal(
        beda.sort_values(list(beda)).reset_index(drop=True),
        harap.sort_values(list(harap)).reset_index(drop=True),
        check_dtype=False,
    )
