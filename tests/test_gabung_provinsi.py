"""A year combined province by province (transforms/langkah/gabung_provinsi.py) gives the
tables of the year combined at once: the same component rows (in the province order they are
written in), replaced values, value warnings and karantina rows; the rows set aside per
province (transforms/langkah/tumpahan.py) are each file's rows of that province, a row of an
older edition under its current province; one province's components in memory at a time."""

from __future__ import annotations

import errno
import gc
import pickle
import weakref
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from tests.bantu_benih import benih_cepat
from tests.bantu_simpanan import KATALOG, tulis_pus
from transforms.keluar.galat import KeluaranGagal
from transforms.keluar.generasi import GENERASI, STAGING
from transforms.keluar.penunjuk import baca_id_terkini
from transforms.komponen.lonjakan import cari_lonjakan, periksa_lonjakan
from transforms.komponen.ramping import KOLOM_BERULANG, buat_ramping
from transforms.langkah import tumpahan
from transforms.langkah.gabung_provinsi import GabungTahun
from transforms.langkah.hitung import langkah_gabung
from transforms.langkah.jalankan import jalankan
from transforms.langkah.keputusan import tentukan_kode_keluar
from transforms.langkah.pengaturan import Pengaturan
from transforms.langkah.terbitkan import buat_tabel_karantina
from transforms.langkah.tumpahan import TUMPAHAN, TumpahanProvinsi
from transforms.terima.terima import terima_berkas

PENGATURAN = Pengaturan(pekerja=0)

KODE = [
    "76.01.01.2001",
    "76.01.01.2002",
    "76.01",  # a kabupaten's own value beside its desa: the level rule
    "76.02.03.2004",
    "33.01.01.2001",
    "33.01.01.2002",
    "33",  # a province's own value
    "11.01.01.2001",
]
PERUBAHAN = Path(__file__).parents[1] / "catalog" / "wilayah" / "perubahan_kode.csv"
SUMBER = ["siga.pus", "umum"]  # ``umum`` outranks ``siga.*`` (catalog/presedensi.yaml)


def _berkas(i: int, acak: np.random.Generator, tahun: int = 2025) -> pd.DataFrame:
    """One file's component rows: every code × month × component, some left out, values
    with an odd jump (value warnings), provenance as categories, as a file's result has."""
    kunci = pd.MultiIndex.from_product(
        [KODE, range(1, 7), ["pus", "unmet_need"]], names=["kode_wilayah", "bulan", "komponen"]
    ).to_frame(index=False)
    kunci = kunci[acak.random(len(kunci)) < 0.8].reset_index(drop=True)
    n = len(kunci)
    nilai = acak.integers(40, 60, n).astype(float)
    nilai[acak.random(n) < 0.05] *= 10
    frame = kunci.assign(
        tahun=pd.array([tahun] * n, dtype="Int32"),
        bulan=pd.array(kunci["bulan"], dtype="Int32"),
        semester=pd.array([pd.NA] * n, dtype="Int32"),
        nilai=nilai,
        sumber=SUMBER[i % 2],
        berkas=f"b{i}.csv",
        sha256=f"{i:064d}",
        baris=pd.array(acak.permutation(n) + 2, dtype="Int32"),  # not in row order
    )
    return buat_ramping(frame, (*KOLOM_BERULANG[:3], "kode_wilayah", "komponen", "sumber"))


def _teks(frame: pd.DataFrame) -> pd.DataFrame:
    """Values to compare: categories as their text, a fresh index."""
    return frame.astype(object).where(frame.notna(), None).reset_index(drop=True)


def _urut_provinsi(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows by province code, a province's in the table's order (computed here)."""
    prov = frame["kode_wilayah"].astype(str).str.slice(0, 2).to_numpy()
    return frame.take(np.argsort(prov, kind="stable"))


@pytest.mark.parametrize("benih", benih_cepat(6))
def test_per_provinsi_sama_dengan_setahun(benih, tmp_path):
    acak = np.random.default_rng(benih)
    frames = [_berkas(i, acak) for i in range(int(acak.integers(2, 5)))]
    diterima = [str(acak.choice(["2026-01-01", "2026-01-02", "2026-01-03"])) for _ in frames]
    # the year at once
    komponen, penggantian = langkah_gabung([f.copy() for f in frames], diterima, "r1")
    lonjakan = cari_lonjakan(komponen)
    karantina = buat_tabel_karantina([], "r1", periksa_lonjakan(komponen, lonjakan))
    # province by province
    ditulis: list[tuple[str, pd.DataFrame]] = []
    with TumpahanProvinsi(tmp_path / "t") as tumpahan:
        for i, f in enumerate(frames):
            tumpahan.simpan(i, f)
        gabung = GabungTahun(tumpahan, diterima, "r1", lambda n, f: ditulis.append((n, f)))
        keluar = list(gabung.per_provinsi())
        tabel = gabung.tabel([], [])
    assert [prov for prov in tumpahan.provinsi] == []  # every province taken
    assert [n for n, _ in ditulis] == ["komponen"] * 3  # 11, 33, 76: written as combined
    assert all(a is b for (_, a), b in zip(ditulis, keluar, strict=True))
    assert [str(k.iloc[0])[:2] for k in (f["kode_wilayah"] for f in keluar)] == ["11", "33", "76"]
    semua = pd.concat(keluar, ignore_index=True)
    pd.testing.assert_frame_equal(_teks(semua), _teks(_urut_provinsi(komponen)))
    assert len(penggantian) > 0 and {"presedensi", "tingkat"} <= set(penggantian["alasan"])
    pd.testing.assert_frame_equal(_teks(tabel["penggantian"]), _teks(penggantian))
    assert len(lonjakan) > 0
    harapan = lonjakan.assign(id_run="r1")
    pd.testing.assert_frame_equal(_teks(tabel["lonjakan"]), _teks(harapan))
    assert len(karantina) > 0
    pd.testing.assert_frame_equal(_teks(tabel["karantina"]), _teks(karantina))


def test_tumpahan_bagian_per_berkas_dan_provinsi(tmp_path):
    acak = np.random.default_rng(7)
    a, b = _berkas(0, acak), _berkas(1, acak)
    lama = _berkas(2, acak, tahun=2021).query("kode_wilayah.str.startswith('76')")
    lama = lama.assign(kode_wilayah=lama["kode_wilayah"].astype(str).str.replace("76.", "91.", n=1))
    with TumpahanProvinsi(tmp_path / "t") as tumpahan:
        tumpahan.simpan(0, a)
        tumpahan.simpan(1, b.iloc[:0])  # a file without rows: nothing set aside
        tumpahan.simpan(2, lama)
        assert tumpahan.provinsi == ["11", "33", "76", "91", "93"]
        assert tumpahan.baris == len(a) + len(lama)
        bagian = tumpahan.ambil("33")
        assert list(bagian) == [0]
        harapan = a[a["kode_wilayah"].astype(str).str.startswith("33")]
        pd.testing.assert_frame_equal(_teks(bagian[0]), _teks(harapan))
        assert bagian[0]["kode_wilayah"].dtype == a["kode_wilayah"].dtype  # few: kept
        assert not (tumpahan.folder / "33.pkl").exists() and tumpahan.ambil("33") == {}
        # a 2021 code under the province of its successor in the crosswalk (91.01 Merauke:
        # 93.01), a code the crosswalk does not carry where it was (as the compute keeps it)
        silang = pd.read_csv(PERUBAHAN, dtype=str).query("edisi_lama == '2021'")
        baru = dict(zip(silang["kode_lama"], silang["kode_baru"], strict=True))
        harapan = {}
        for kode in lama["kode_wilayah"].astype(str).unique():
            harapan.setdefault(baru.get(kode, kode)[:2], set()).add(kode)
        assert set(harapan) == {"91", "93"}  # both cases met
        for prov, kode in harapan.items():
            assert set(tumpahan.ambil(prov)[2]["kode_wilayah"].astype(str)) == kode
    assert not (tmp_path / "t").exists()


def test_satu_provinsi_di_memori(tmp_path):
    """A province's components are gone once the next province is combined."""
    acak = np.random.default_rng(3)
    frames = [_berkas(i, acak) for i in range(3)]
    with TumpahanProvinsi(tmp_path / "t") as tumpahan:
        for i, f in enumerate(frames):
            tumpahan.simpan(i, f)
        del frames
        gabung = GabungTahun(tumpahan, ["2026-01-01"] * 3, "r1", lambda *_: None)
        sebelumnya: list[weakref.ref] = []
        for komponen in gabung.per_provinsi():
            gc.collect()
            assert all(r() is None for r in sebelumnya)
            sebelumnya.append(weakref.ref(komponen))
            del komponen
        assert len(sebelumnya) == 3


def test_peringatan_diringkas_atas_seluruh_berkas(tmp_path):
    """A rule that fires on most of a file's values is summarised against the file's values
    of every province (not the province's): the same karantina rows as the year at once."""
    acak = np.random.default_rng(11)
    frames = [_berkas(i, acak) for i in (1, 2)]  # the first from ``umum``: it wins overlaps
    naik_turun = np.where(frames[0]["bulan"].to_numpy() % 2 == 0, 500.0, 50.0)
    frames[0] = frames[0].assign(nilai=naik_turun)  # a jump every month, every region
    komponen, _ = langkah_gabung([f.copy() for f in frames], ["2026-01-01"] * 2, "r1")
    harapan = buat_tabel_karantina([], "r1", periksa_lonjakan(komponen))
    assert harapan["pesan"].astype(str).str.contains("b1.csv").any()
    assert len(harapan) < len(cari_lonjakan(komponen))  # summarised, not one row per value
    with TumpahanProvinsi(tmp_path / "t") as tumpahan:
        for i, f in enumerate(frames):
            tumpahan.simpan(i, f)
        gabung = GabungTahun(tumpahan, ["2026-01-01"] * 2, "r1", lambda *_: None)
        for _ in gabung.per_provinsi():
            pass
        tabel = gabung.tabel([], [])
    pd.testing.assert_frame_equal(_teks(tabel["karantina"]), _teks(harapan))


@pytest.mark.lambat  # whole runs
def test_disk_penuh_saat_menyisihkan_baris(tmp_path, monkeypatch):
    """The rows set aside go to the output's disk: a full disk there is the output's failure
    (the generation in force stays, nothing of the run is left); a run that succeeds leaves
    no parts in what it publishes."""
    raw = tmp_path / "raw"
    terima_berkas(tulis_pus(tmp_path / "kirim", 500), raw, KATALOG, 2025)
    out = tmp_path / "out"
    assert int(tentukan_kode_keluar(jalankan(raw, out, pengaturan=PENGATURAN))) == 0
    lama = baca_id_terkini(out)
    assert not list(out.rglob(TUMPAHAN))

    def penuh(*_, **__):
        raise OSError(errno.ENOSPC, "No space left on device")

    ganti = SimpleNamespace(dump=penuh, dumps=pickle.dumps, load=pickle.load)
    monkeypatch.setattr(tumpahan, "pickle", ganti)
    with pytest.raises(KeluaranGagal, match=f"Disk penuh saat menulis ke {out}"):
        jalankan(raw, out, pengaturan=replace(PENGATURAN, hitung_ulang=True))
    assert baca_id_terkini(out) == lama
    assert not list((out / GENERASI).glob(f"{STAGING}*"))


def test_tumpahan_kode_banyak_dipotong_ke_rentangnya(tmp_path):
    """A file of many region codes (sorted categories): each province's part keeps the run of
    codes of its province, values unchanged; unsorted categories: only those used."""
    kode = [f"{p}.01.01.{2000 + i}" for p in ("11", "12", "13") for i in range(600)]
    acak = np.random.default_rng(5)
    pilih = acak.choice(kode, 5000)
    frame = pd.DataFrame(
        {
            "kode_wilayah": pd.Categorical(pilih, categories=sorted(kode)),
            "tahun": pd.array([2025] * 5000, dtype="Int32"),
            "nilai": acak.integers(0, 9, 5000).astype(float),
        }
    )
    acak_urut = frame.assign(kode_wilayah=pd.Categorical(pilih, categories=kode[::-1]))
    with TumpahanProvinsi(tmp_path / "t") as tumpahan:
        tumpahan.simpan(0, frame)
        tumpahan.simpan(1, acak_urut)
        for prov in ("11", "12", "13"):
            bagian = tumpahan.ambil(prov)
            milik = pilih[np.char.startswith(pilih.astype(str), prov)]
            for satu in bagian.values():
                assert satu["kode_wilayah"].astype(str).tolist() == milik.tolist()
            kategori = bagian[0]["kode_wilayah"].cat.categories
            assert kategori.is_monotonic_increasing and kategori.str.startswith(prov).all()
            assert len(kategori) <= 600
            assert set(bagian[1]["kode_wilayah"].cat.categories) == set(milik)


@pytest.mark.parametrize("benih", range(4))
def test_berkas_satu_provinsi_tidak_dipotong_tapi_bagiannya_sama(benih, monkeypatch):
    """A kabupaten's file (every code in one province) is one part without being cut: the
    same part and fingerprint as the cut gives; several provinces, a missing code or a year
    of an older edition still go through the cut."""
    acak = np.random.default_rng(benih)
    semua = _berkas(benih, acak)
    satu = semua[semua["kode_wilayah"].astype(str).str.startswith("76")].reset_index(drop=True)
    hilang = satu.assign(kode_wilayah=satu["kode_wilayah"].where(satu.index != 0))
    lama = satu.assign(tahun=pd.array([2021] * len(satu), dtype="Int32"))
    assert tumpahan._satu_provinsi(satu) == "76"
    assert [tumpahan._satu_provinsi(f) for f in (semua, hilang, lama)] == [None, None, None]
    cepat = list(tumpahan.potong_provinsi(satu))
    assert list(tumpahan.potong_provinsi(satu, frozenset({"76"}))) == []
    monkeypatch.setattr(tumpahan, "_satu_provinsi", lambda _: None)  # the cut, as before
    dipotong = list(tumpahan.potong_provinsi(satu))
    assert [p for p, _ in cepat] == [p for p, _ in dipotong] == ["76"]
    pd.testing.assert_frame_equal(cepat[0][1], dipotong[0][1], check_exact=True)
    assert tumpahan.sidik_bagian(cepat[0][1]) == tumpahan.sidik_bagian(dipotong[0][1])
