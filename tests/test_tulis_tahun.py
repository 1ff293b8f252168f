"""A year is written province by province as it is computed (transforms/langkah/tulis_tahun.py):
the file is the one the whole table gives, each province is let go once written, the guard and
``id_run_ubah`` find what they found on the whole table, and a refused year leaves no file."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pandera.errors import SchemaErrors

from schemas.katalog import muat_katalog
from schemas.kontrak import kolom
from tests.bantu_bagian import komponen_acak
from transforms.keluar.parquet import BERKAS, PenulisParquet, tulis_frame, tulis_tabel
from transforms.keluar.penjaga import KunciTahun, bandingkan_tahun
from transforms.keluar.ubah import PemasangUbah, pasang_id_run_ubah
from transforms.langkah.pengaturan import Pengaturan
from transforms.langkah.per_provinsi import hitung_per_provinsi, hitung_per_tahun
from transforms.langkah.ringkasan import KumpulanTahun, Ringkasan
from transforms.langkah.tulis_tahun import tulis_indikator_tahun, tulis_tahun_siap

KATALOG = muat_katalog()
TAHUN = 2025


@pytest.fixture(scope="module")
def komponen() -> pd.DataFrame:
    frame = komponen_acak(5)
    return frame[frame["tahun"] == TAHUN].reset_index(drop=True)


@pytest.fixture(scope="module")
def bagian(komponen) -> list[pd.DataFrame]:
    return list(hitung_per_provinsi(komponen, KATALOG, "B"))


@pytest.fixture(scope="module")
def utuh(komponen) -> pd.DataFrame:
    return hitung_per_tahun(komponen, KATALOG, "B")


def _baca(path) -> pd.DataFrame:
    return pd.read_parquet(path)


def _tahun(folder) -> pa.Table:
    """A year folder's files, in name order (provinces in code order), as one table."""
    return pa.concat_tables([pq.read_table(f) for f in sorted(folder.glob("*.parquet"))])


def _kini(tmp_path, utuh: pd.DataFrame, ubah: dict[str, float]) -> object:
    """A previous generation of the whole table, run ``A``, with ``pembilang`` of the rows of
    the listed regions changed by the given amounts."""
    lama = utuh.assign(id_run="A", id_run_ubah="A")
    pembilang = lama["pembilang"].to_numpy(dtype=float, na_value=np.nan).copy()
    for kode, tambah in ubah.items():
        pembilang[(lama["kode_wilayah"].astype(str) == kode).to_numpy()] += tambah
    lama = lama.assign(pembilang=pembilang)
    kini = tmp_path / "kini"
    tulis_tabel(kini / "indikator", "indikator", lama, [TAHUN])
    return kini


def test_provinsi_ada_tiga_bagian(bagian, utuh):
    assert len(bagian) == 3  # the fixture's three provinces, one part each
    assert [str(b["kode_wilayah"].iloc[0])[:2] for b in bagian] == ["11", "33", "76"]
    assert sum(len(b) for b in bagian) == len(utuh) > 0


def test_berkas_sama_dengan_tabel_utuh(tmp_path, bagian, utuh):
    kumpulan = KumpulanTahun()
    pemasang = PemasangUbah("indikator", None, [TAHUN], "B")
    kunci = tulis_indikator_tahun(tmp_path / "a", iter(bagian), TAHUN, pemasang, kumpulan)
    seluruh = pasang_id_run_ubah("indikator", utuh, None, [TAHUN], "B")
    tulis_frame(seluruh, "indikator", tmp_path / "b" / BERKAS)
    a, b = tmp_path / "a" / str(TAHUN), tmp_path / "b" / BERKAS
    assert [f.name for f in sorted(a.glob("*"))] == ["11.parquet", "33.parquet", "76.parquet"]
    assert _tahun(a).equals(pq.read_table(b))  # the provinces' files are the year, in order
    for f in a.glob("*.parquet"):
        assert pq.read_schema(f).equals(pq.read_schema(b), check_metadata=True)
    assert kunci.baris == kumpulan.baris_indikator == len(utuh)
    assert kumpulan.kode_indikator == set(utuh["kode_indikator"].astype(str))
    desa = set(utuh.loc[utuh["tingkat"] == "desa", "kode_wilayah"].astype(str))
    assert kumpulan.wilayah["desa"] == desa


def test_kelompok_baris_per_berkas_provinsi(tmp_path, bagian, utuh, monkeypatch):
    """Row groups are POTONGAN rows of each province's file (the last one its rest)."""
    monkeypatch.setattr("transforms.keluar.parquet.POTONGAN", 1000)
    pemasang = PemasangUbah("indikator", None, [TAHUN], "B")
    tulis_indikator_tahun(tmp_path / "a", iter(bagian), TAHUN, pemasang)
    for x in bagian:
        prov = str(x["kode_wilayah"].iloc[0])[:2]
        a = pq.ParquetFile(tmp_path / "a" / str(TAHUN) / f"{prov}.parquet").metadata
        ukuran = [a.row_group(i).num_rows for i in range(a.num_row_groups)]
        assert ukuran == [1000] * (len(x) // 1000) + [len(x) % 1000], prov
    assert all(len(x) % 1000 for x in bagian)  # every province ends inside a row group


def test_id_run_ubah_per_provinsi_sama_dengan_utuh(tmp_path, bagian, utuh):
    kode = sorted(set(utuh.loc[utuh["tingkat"] == "desa", "kode_wilayah"].astype(str)))
    berubah = {kode[0]: 1.0, kode[-1]: 2.0}  # a desa of the first and of the last province
    kini = _kini(tmp_path, utuh, berubah)
    pemasang = PemasangUbah("indikator", kini / "indikator", [TAHUN], "B")
    tulis_indikator_tahun(tmp_path / "a", iter(bagian), TAHUN, pemasang)
    ditulis = _tahun(tmp_path / "a" / str(TAHUN)).to_pandas()
    assert sorted(p.name for p in (kini / "indikator" / str(TAHUN)).glob("*")) == [
        "11.parquet",
        "33.parquet",
        "76.parquet",
    ]  # the previous generation: one file per province, each read for its province alone
    harapan = pasang_id_run_ubah("indikator", utuh, kini / "indikator", [TAHUN], "B")
    assert (
        ditulis["id_run_ubah"].astype(str).tolist() == harapan["id_run_ubah"].astype(str).tolist()
    )
    # computed independently: a row is B's exactly where its region's numerator was moved
    # and the row has one (a desa row, or a row of its own pembilang above it is changed too)
    dari_b = ditulis[ditulis["id_run_ubah"] == "B"]
    assert set(dari_b.loc[dari_b["tingkat"] == "desa", "kode_wilayah"]) == set(berubah)
    assert 0 < len(dari_b) < len(ditulis)


def test_penjaga_per_provinsi_sama_dengan_utuh(tmp_path, bagian, utuh):
    kini = _kini(tmp_path, utuh, {})
    hilang = str(bagian[1].loc[bagian[1]["tingkat"] == "desa", "kode_wilayah"].iloc[0])
    tipis = [b[b["kode_wilayah"].astype(str) != hilang] for b in bagian]
    kunci = KunciTahun()
    for b in tipis:
        kunci.tambah(b)
    per_bagian = kunci.bandingkan(kini, TAHUN, 10)
    seluruh = bandingkan_tahun(pd.concat(tipis, ignore_index=True), kini, TAHUN, 10)
    assert per_bagian == seluruh
    assert per_bagian.wilayah_hilang == {"desa": 1} and per_bagian.ditolak
    assert per_bagian.baris_baru == len(utuh) - int((utuh["kode_wilayah"] == hilang).sum())


def test_setiap_provinsi_dilepas_sebelum_berikutnya(tmp_path, bagian):
    """The year's indicator table is never held: when a province is computed, the one
    before it is gone (nothing of the writer, guard or summary keeps it)."""
    acuan: list[weakref.ref] = []
    hidup: list[int] = []

    def dihitung():
        for b in bagian:
            gc.collect()
            hidup.append(sum(r() is not None for r in acuan))
            baru = b.copy()
            acuan.append(weakref.ref(baru))
            yield baru
            del baru

    pemasang = PemasangUbah("indikator", None, [TAHUN], "B")
    tulis_indikator_tahun(tmp_path, dihitung(), TAHUN, pemasang, KumpulanTahun())
    assert hidup == [0, 0, 0]


def test_tahun_ditolak_tidak_meninggalkan_berkas(tmp_path, bagian, utuh):
    kini = _kini(tmp_path, utuh, {})
    out = tmp_path / "out"
    ringkasan = Ringkasan("R1")
    lain = [("karantina", pd.DataFrame(columns=list(kolom("karantina"))))]  # an empty file
    konteks = (kini, ringkasan, Pengaturan(pekerja=0))
    tulis_tahun_siap(out, iter(bagian[:2]), iter(lain), TAHUN, konteks)  # a province lost
    assert ringkasan.ditolak_penjaga and ringkasan.ditolak_penjaga[0]["tahun"] == TAHUN
    assert ringkasan.siap == {"indikator": {}, "karantina": {}}
    staging = out / "generasi" / ".staging-R1"
    assert not list(staging.glob(f"*/{TAHUN}")) and staging.is_dir()
    ringkasan = Ringkasan("R2")  # all three provinces: written
    tulis_tahun_siap(out, iter(bagian), iter(lain), TAHUN, (kini, ringkasan, konteks[2]))
    assert ringkasan.siap == {"indikator": {TAHUN: len(utuh)}, "karantina": {TAHUN: 0}}
    staging = out / "generasi" / ".staging-R2"
    assert sorted(p.parent.name for p in staging.glob(f"*/{TAHUN}")) == ["indikator", "karantina"]


def test_penulis_gagal_meneruskan_galat_asli(tmp_path, utuh):
    rusak = utuh.head(3).assign(tingkat=pd.Categorical(["planet"] * 3))
    path = tmp_path / BERKAS
    with pytest.raises(SchemaErrors) as info, PenulisParquet(path, "indikator") as penulis:
        penulis.tambah(utuh.head(5))
        penulis.tambah(rusak)  # other categories than the part before: still checked
    assert penulis._fh.closed
    gagal = info.value.failure_cases
    assert sorted(gagal.loc[gagal["column"] == "tingkat", "index"]) == [5, 6, 7]  # in the file


def test_penulis_tanpa_baris_memberi_skema_kontrak(tmp_path, utuh):
    with PenulisParquet(tmp_path / BERKAS, "indikator") as penulis:
        pass
    tulis_frame(utuh.head(0), "indikator", tmp_path / "b" / BERKAS)
    kosong, acuan = pq.read_schema(tmp_path / BERKAS), pq.read_schema(tmp_path / "b" / BERKAS)
    assert penulis.baris == 0 and pq.ParquetFile(tmp_path / BERKAS).metadata.num_rows == 0
    assert kosong.equals(acuan, check_metadata=True)
