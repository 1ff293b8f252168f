"""Per-indicator files from the fact table (``per_indikator/<kode>/<provinsi>.parquet``):
slices of sorted rows equal one filter per indicator; a file of every province (the layout
before provinces had files) cut by province; the files of a province whose fact files are
those of the generation in force linked from there, the others written, everything equal to a
write from scratch."""

from __future__ import annotations

import json
import os

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from schemas.kontrak import ubah_ke_arrow
from tests.bantu_generasi import WILAYAH, buat_tabel
from transforms.keluar.manifest import VERSI_TATA_LETAK
from transforms.keluar.per_indikator import _per_kode, tulis_per_indikator

JATIM = tuple((f"35{k[2:]}", t) for k, t in WILAYAH)


def _filter(table: pa.Table) -> dict[str, pa.Table]:
    kode = table["kode_indikator"]
    return {k: table.filter(pc.equal(kode, k)) for k in pc.unique(kode).to_pylist()}


@pytest.mark.parametrize("urut", [True, False])
def test_per_kode_sama_dengan_filter(urut):
    acak = np.random.default_rng(3)
    kode = (
        np.sort(acak.choice(["b.1", "a.2", "c.3"], 200)) if urut else acak.choice(["b", "a"], 200)
    )
    table = pa.table({"kode_indikator": kode, "nilai": acak.random(200)})
    hasil = dict(_per_kode(table))
    assert list(hasil) == list(_filter(table))
    for k, part in hasil.items():
        assert part.equals(_filter(table)[k])
    assert sum(p.num_rows for p in hasil.values()) == 200


def _fakta(id_run: str, wilayah=WILAYAH, tahun=(2024, 2025)):
    fakta = buat_tabel(id_run, tahun=tahun, wilayah=wilayah, bulan=(None, 1, 2, 3))["indikator"]
    return fakta.sort_values(["kode_indikator", "kode_wilayah"], ignore_index=True)


def _tulis_fakta(gen, fakta, nama=None):
    """``gen/indikator/<tahun>/<nama or province>.parquet``, several row groups each."""
    berkas = []
    for tahun, per_tahun in fakta.groupby("tahun"):
        bagian = (
            [(nama, per_tahun)] if nama else per_tahun.groupby(per_tahun["kode_wilayah"].str[:2])
        )
        for prov, frame in bagian:
            path = gen / "indikator" / str(tahun) / f"{prov}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            frame = frame.reset_index(drop=True)
            pq.write_table(ubah_ke_arrow(frame, "indikator"), path, row_group_size=7)
    for tahun in sorted(int(p.name) for p in (gen / "indikator").iterdir()):
        berkas += [(tahun, p) for p in sorted((gen / "indikator" / str(tahun)).glob("*.parquet"))]
    return berkas


def _jumlah(fakta):
    return {str(k): int(n) for k, n in fakta.groupby("kode_indikator").size().items()}


def _harapan(fakta, kode, prov):
    """One indicator of one province, years in order, rows in fact order (sorted above)."""
    pilih = (fakta["kode_indikator"] == kode) & (fakta["kode_wilayah"].str[:2] == prov)
    return ubah_ke_arrow(fakta[pilih].sort_values("tahun", kind="stable"), "indikator")


def test_a_file_of_every_province_is_cut_by_province(tmp_path):
    fakta = _fakta("20260101T000000Z-uji", WILAYAH + JATIM)
    berkas = _tulis_fakta(tmp_path / "g", fakta, nama="part-0")
    assert pq.ParquetFile(berkas[0][1]).metadata.num_row_groups > 2
    per, dibawa = tulis_per_indikator(tmp_path / "per", berkas, None)
    assert per == _jumlah(fakta) and dibawa == [] and per["spm.02"] == 80
    for kode in per:
        assert sorted(p.name for p in (tmp_path / "per" / kode).iterdir()) == [
            "33.parquet",
            "35.parquet",
        ]
        for prov in ("33", "35"):
            dibaca = pq.read_table(tmp_path / "per" / kode / f"{prov}.parquet")
            assert dibaca.equals(_harapan(fakta, kode, prov))
            assert dibaca.column("tahun").to_pylist() == [2024] * 20 + [2025] * 20


def _generasi(gen, versi=VERSI_TATA_LETAK):
    gen.mkdir(parents=True, exist_ok=True)
    (gen / "manifest.json").write_text(json.dumps({"versi_tata_letak": versi}))


def _salin_provinsi(lama, baru, prov):
    """Province ``prov``'s fact files of generation ``lama`` linked into ``baru``."""
    for path in (lama / "indikator").glob(f"*/{prov}.parquet"):
        dst = baru / "indikator" / path.parent.name / path.name
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, dst)


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
@pytest.mark.parametrize("versi", [VERSI_TATA_LETAK, "3"])
def test_an_unchanged_province_is_linked_and_the_rest_written(tmp_path, versi):
    lama, baru = tmp_path / "lama", tmp_path / "baru"
    fakta_lama = _fakta("20260101T000000Z-lama", WILAYAH + JATIM)
    _generasi(lama, versi=versi)
    tulis_per_indikator(lama / "per_indikator", _tulis_fakta(lama, fakta_lama), None)
    # the new generation: Jawa Tengah's files carried (links), Jawa Timur's computed again
    fakta_baru = _fakta("20260102T000000Z-baru", JATIM)
    fakta_baru["pembilang"] = 7.0
    _salin_provinsi(lama, baru, "33")
    berkas = _tulis_fakta(baru, fakta_baru)
    per, dibawa = tulis_per_indikator(baru / "per_indikator", berkas, lama)
    semua = fakta_lama[fakta_lama["kode_wilayah"].str[:2] == "33"]
    semua = pd.concat([semua, fakta_baru], ignore_index=True)
    tertaut = versi == VERSI_TATA_LETAK
    assert dibawa == (["33"] if tertaut else [])
    assert per == _jumlah(semua) and per["spm.02"] == 80
    ulang = tulis_per_indikator(tmp_path / "ulang", berkas, None)  # from scratch
    assert ulang == (per, [])
    for kode in per:
        for prov in ("33", "35"):
            path = baru / "per_indikator" / kode / f"{prov}.parquet"
            sama_inode = (
                path.stat().st_ino == (lama / "per_indikator" / kode / path.name).stat().st_ino
            )
            assert sama_inode == (tertaut and prov == "33")
            dibaca = pq.read_table(path)
            assert dibaca.equals(_harapan(semua, kode, prov))
            assert dibaca.equals(pq.read_table(tmp_path / "ulang" / kode / f"{prov}.parquet"))
        assert set(
            pc.unique(pq.read_table(baru / "per_indikator" / kode).column("pembilang")).to_pylist()
        ) >= {7.0}


def test_a_province_with_a_year_recomputed_is_written(tmp_path):
    """Same files but one year's: the province is written (its rows of that year changed)."""
    lama, baru = tmp_path / "lama", tmp_path / "baru"
    fakta = _fakta("20260101T000000Z-lama", WILAYAH)
    _generasi(lama)
    tulis_per_indikator(lama / "per_indikator", _tulis_fakta(lama, fakta), None)
    path = lama / "indikator" / "2024" / "33.parquet"
    dst = baru / "indikator" / "2024" / "33.parquet"
    dst.parent.mkdir(parents=True)
    os.link(path, dst)
    fakta_2025 = fakta[fakta["tahun"] == 2025].assign(pembilang=9.0)
    berkas = _tulis_fakta(baru, fakta_2025)  # 2025 written again, 2024 the linked file
    assert [t for t, _ in berkas] == [2024, 2025]
    per, dibawa = tulis_per_indikator(baru / "per_indikator", berkas, lama)
    assert dibawa == [] and per == _jumlah(fakta) and per["spm.02"] == 40
    dibaca = pq.read_table(baru / "per_indikator" / "spm.02" / "33.parquet").to_pandas()
    assert (dibaca.loc[dibaca["tahun"] == 2025, "pembilang"] == 9.0).all()
    assert (dibaca.loc[dibaca["tahun"] == 2024, "pembilang"] != 9.0).all()
