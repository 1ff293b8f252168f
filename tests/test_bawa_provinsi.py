"""A province whose inputs did not change since the generation in force is carried over
(transforms/langkah/bawa_provinsi.py): its komponen and indikator files are the same files
(hard links), what it adds to the small tables comes from the cache, and every table of the
generation equals the one a run computing every province publishes. A province's fingerprint
moves with its rows and their files' arrival, not with another province's files."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tests.bantu_generasi import buat_tabel
from tests.bantu_simpanan import KATALOG, PUS
from transforms.keluar.parquet_provinsi import PenulisProvinsi
from transforms.keluar.penunjuk import baca_id_terkini
from transforms.langkah.bawa_provinsi import FOLDER, SidikBerkas, baca_sidik_provinsi
from transforms.langkah.jalankan import jalankan
from transforms.langkah.keputusan import tentukan_kode_keluar
from transforms.langkah.pengaturan import Pengaturan
from transforms.langkah.proses import isi_simpanan, langkah_proses, saring_tahun
from transforms.langkah.simpanan import (
    Simpanan,
    baca_sidik_bagian,
    buat_nama_entri,
    cari_folder_simpanan,
)
from transforms.langkah.tumpahan import TumpahanProvinsi
from transforms.terima.simpan import baca_sidecar_tersimpan
from transforms.terima.terima import terima_berkas

PENGATURAN = Pengaturan(pekerja=0)
JATENG = "JAWA TENGAH;PURWOREJO;GRABAG;GRABAG"
ACEH = "ACEH;ACEH SELATAN;BAKONGAN;KEUDE BAKONGAN"


def _kirim(folder: Path, nama: str, baris: list[str]) -> Path:
    """A SIGA PUS export of the given rows (``WILAYAH;PUS;UNMET;BULAN``)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / nama
    isi = "".join(f"{i};{b}\n" for i, b in enumerate(baris))
    path.write_text(PUS + isi, encoding="utf-8")
    return path


def _raw(tmp_path: Path) -> Path:
    """Two provinces' files of 2025: Jawa Tengah with a value jump (a warning) and a later
    file of February with another value (a replaced value), Aceh with two months."""
    raw = tmp_path / "raw"
    kirim = tmp_path / "kirim"
    jateng = [f"{JATENG};500;50;JANUARI", f"{JATENG};5000;60;FEBRUARI"]
    terima_berkas(_kirim(kirim / "a", "data_pus.csv", jateng), raw, KATALOG, 2025)
    ulang = [f"{JATENG};5100;60;FEBRUARI"]
    terima_berkas(_kirim(kirim / "b", "data_pus.csv", ulang), raw, KATALOG, 2025)
    aceh = [f"{ACEH};263;9;JANUARI", f"{ACEH};270;9;FEBRUARI"]
    terima_berkas(_kirim(kirim / "c", "data_pus_aceh.csv", aceh), raw, KATALOG, 2025)
    return raw


def _tabel(out: Path) -> dict[str, pd.DataFrame]:
    """Every Parquet file of the generation in force (by its path there), run columns aside."""
    gen = out / "generasi" / str(baca_id_terkini(out))
    hasil = {}
    for path in sorted(gen.rglob("*.parquet")):
        frame = pd.read_parquet(path)
        hasil[path.relative_to(gen).as_posix()] = frame.drop(
            columns=[k for k in ("id_run", "id_run_ubah") if k in frame]
        )
    return hasil


def _sama_dengan_hitung_penuh(raw: Path, out: Path, acuan: Path) -> dict[str, pd.DataFrame]:
    """The reference: the same store computed whole into an empty folder ``acuan``; every
    table of ``out`` equals it. Returns ``out``'s tables."""
    jalankan(raw, acuan, pengaturan=PENGATURAN)
    a, b = _tabel(out), _tabel(acuan)
    assert sorted(a) == sorted(b)
    for nama in a:
        pd.testing.assert_frame_equal(a[nama], b[nama], obj=nama)
    return a


def _inode(out: Path, tabel: str, prov: str) -> int:
    gen = out / "generasi" / str(baca_id_terkini(out))
    return os.stat(gen / tabel / "2025" / f"{prov}.parquet").st_ino


def _sisihkan(monkeypatch) -> list[tuple[frozenset[str], set[str]]]:
    """Each file's rows set aside: (the provinces left out, the provinces set aside)."""
    catatan: list[tuple[frozenset[str], set[str]]] = []
    asli = TumpahanProvinsi.simpan

    def simpan(self, ke, baris, kenal=None):
        sidik = asli(self, ke, baris, kenal)
        catatan.append((self.lewati, set(sidik)))
        return sidik

    monkeypatch.setattr(TumpahanProvinsi, "simpan", simpan)
    return catatan


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_a_correction_in_one_province_carries_the_other_and_equals_a_full_compute(
    tmp_path, monkeypatch
):
    disisihkan = _sisihkan(monkeypatch)
    raw = _raw(tmp_path)
    out = tmp_path / "out"
    pertama = jalankan(raw, out, pengaturan=PENGATURAN)
    assert int(tentukan_kode_keluar(pertama)) == 0 and pertama.provinsi_dibawa == {2025: []}
    gen1 = out / "generasi" / pertama.id_run
    sidik = baca_sidik_provinsi(gen1)[2025]
    assert sorted(sidik) == ["11", "33"]
    lama = {(t, p): _inode(out, t, p) for t in ("komponen", "indikator") for p in ("11", "33")}
    per_lama = {p.relative_to(gen1): p.stat().st_ino for p in gen1.glob("per_indikator/*/*")}
    assert {p.name for p in per_lama} == {"11.parquet", "33.parquet"}
    # Aceh sends its file again, one value corrected
    aceh = [f"{ACEH};264;9;JANUARI", f"{ACEH};270;9;FEBRUARI"]
    baru = _kirim(tmp_path / "kirim" / "d", "data_pus_aceh.csv", aceh)
    disimpan = terima_berkas(baru, raw, KATALOG, 2025)
    assert isi_simpanan(disimpan.path, raw)  # as 'indikator ingest' does: result and fingerprints
    assert sorted(sorted(p) for _, p in disisihkan) == [["11"], ["33"], ["33"]]
    assert all(not lewati for lewati, _ in disisihkan)  # nothing known beforehand
    disisihkan.clear()
    kedua = jalankan(raw, out, pengaturan=PENGATURAN)
    assert kedua.provinsi_dibawa == {2025: ["33"]}
    # Jawa Tengah known carried before any file was read: its rows never set aside
    assert [(set(lewati), p) for lewati, p in disisihkan] == [({"33"}, set())] * 2 + [
        ({"33"}, {"11"})
    ]
    for tabel in ("komponen", "indikator"):  # Jawa Tengah: the same files; Aceh: written
        assert _inode(out, tabel, "33") == lama[(tabel, "33")]
        assert _inode(out, tabel, "11") != lama[(tabel, "11")]
    gen2 = out / "generasi" / kedua.id_run
    per_baru = {p.relative_to(gen2): p.stat().st_ino for p in gen2.glob("per_indikator/*/*")}
    assert sorted(per_baru) == sorted(per_lama)  # Jawa Tengah's per-indicator files linked
    assert {p.name for p in per_baru if per_baru[p] == per_lama[p]} == {"33.parquet"}
    sidik2 = baca_sidik_provinsi(gen2)[2025]
    assert sidik2["33"] == sidik["33"] and sidik2["11"] != sidik["11"]
    a = _sama_dengan_hitung_penuh(raw, out, tmp_path / "acuan")
    lonjakan, ganti = a["lonjakan/2025/part-0.parquet"], a["penggantian/2025/part-0.parquet"]
    assert set(lonjakan["kode_wilayah"].astype(str).str[:2]) == {"33"}  # the carried share
    assert set(ganti["kode_wilayah"].astype(str).str[:2]) == {"11", "33"}
    pus = a["komponen/2025/11.parquet"]
    pus = pus[(pus["komponen"] == "pus") & (pus["bulan"] == 1)]
    assert pus["nilai"].tolist() == [264.0]  # Aceh's corrected value published
    assert len(a["indikator/2025/11.parquet"]) and len(a["indikator/2025/33.parquet"])


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_a_national_file_is_read_only_for_the_provinces_computed(tmp_path, monkeypatch):
    """A national file (Aceh's rows, then Jawa Tengah's, as exported) is cached one row group
    per province; when Aceh's own file is corrected, the next run reads only Aceh's row group
    of it (Jawa Tengah is carried), and every table equals a full compute."""
    import transforms.langkah.tabel_simpanan as tabel_simpanan
    from tests.bantu_intai import intai

    dibaca = intai(
        monkeypatch, tabel_simpanan, "baca_row_group", lambda _, b, pilih: [b[i][0] for i in pilih]
    )
    raw, kirim = tmp_path / "raw", tmp_path / "kirim"
    nasional = [f"{ACEH};263;9;FEBRUARI", f"{JATENG};5000;60;FEBRUARI"]
    for nama, baris in (("n", nasional), ("a", [f"{ACEH};250;9;JANUARI"])):
        disimpan = terima_berkas(_kirim(kirim / nama, "data_pus.csv", baris), raw, KATALOG, 2025)
        assert isi_simpanan(disimpan.path, raw)
    out = tmp_path / "out"
    assert jalankan(raw, out, pengaturan=PENGATURAN).provinsi_dibawa == {2025: []}
    assert dibaca == []  # nothing carried: every file read whole
    baru = _kirim(kirim / "b", "data_pus.csv", [f"{ACEH};251;9;JANUARI"])
    assert isi_simpanan(terima_berkas(baru, raw, KATALOG, 2025).path, raw)
    kedua = jalankan(raw, out, pengaturan=PENGATURAN)
    assert kedua.provinsi_dibawa == {2025: ["33"]}
    assert dibaca == [["11"]]  # the national file: Aceh's row group only
    a = _sama_dengan_hitung_penuh(raw, out, tmp_path / "acuan")
    pus = a["komponen/2025/11.parquet"]
    assert sorted(pus[pus["komponen"] == "pus"]["nilai"]) == [251.0, 263.0]


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_without_the_cached_share_or_with_hitung_ulang_nothing_is_carried(tmp_path):
    raw = _raw(tmp_path)
    out = tmp_path / "out"
    jalankan(raw, out, pengaturan=PENGATURAN)
    shutil.rmtree(raw / ".cache" / "hasil" / FOLDER)  # the provinces' shares are gone
    aceh = [f"{ACEH};264;9;JANUARI"]
    terima_berkas(_kirim(tmp_path / "kirim" / "d", "data_pus_aceh.csv", aceh), raw, KATALOG, 2025)
    kedua = jalankan(raw, out, pengaturan=PENGATURAN)
    assert kedua.provinsi_dibawa == {2025: []}  # combined again, and kept again
    ulang = jalankan(raw, out, pengaturan=replace(PENGATURAN, hitung_ulang=True))
    assert ulang.provinsi_dibawa == {2025: []}
    indikator = pd.read_parquet(out / "indikator")
    assert set(indikator["id_run"]) == {ulang.id_run}  # every province written by this run
    ketiga = jalankan(raw, out, pengaturan=PENGATURAN)
    assert ketiga.tanpa_perubahan  # nothing changed: the year itself is carried


def _bagian(nilai: float, kode: str = "33.06.01.2001") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kode_wilayah": pd.Categorical([kode, kode]),
            "tahun": pd.array([2025, 2025], dtype="Int32"),
            "nilai": [nilai, 7.0],
        }
    )


def test_a_province_fingerprint_moves_with_its_rows_and_their_arrival_only(tmp_path):
    def sidik(bagian: list[tuple[int, pd.DataFrame]], diterima: list[str]) -> dict[str, str]:
        with TumpahanProvinsi(tmp_path / "t", diterima) as t:
            for ke, frame in bagian:
                t.simpan(ke, frame)
            return {p: t.sidik(p) for p in t.provinsi}

    dasar = sidik([(0, _bagian(1.0)), (1, _bagian(2.0, "11.01.01.2001"))], ["a", "b"])
    assert set(dasar) == {"11", "33"}
    # a file of another province first: positions move, Jawa Tengah's rows and arrival do not
    sisip = sidik(
        [(0, _bagian(3.0, "76.01.01.2001")), (1, _bagian(1.0)), (2, _bagian(2.0, "11.01.01.2001"))],
        ["c", "a", "b"],
    )
    assert sisip["33"] == dasar["33"] and sisip["11"] == dasar["11"]
    assert sidik([(0, _bagian(1.5)), (1, _bagian(2.0, "11.01.01.2001"))], ["a", "b"]) != dasar
    lain = sidik([(0, _bagian(1.0)), (1, _bagian(2.0, "11.01.01.2001"))], ["a2", "b"])
    assert lain["33"] != dasar["33"] and lain["11"] == dasar["11"]


def test_a_year_folder_one_file_per_province_linked_or_written(tmp_path):
    wilayah = (("33.06.01.2001", "desa"), ("11.01.01.2001", "desa"), ("33.06.01.2002", "desa"))
    komponen = buat_tabel("A", (2025,), wilayah=wilayah)["komponen"]
    with PenulisProvinsi(tmp_path / "kosong", "komponen") as penulis:
        pass
    assert [p.name for p in (tmp_path / "kosong").iterdir()] == ["part-0.parquet"]
    assert pq.ParquetFile(tmp_path / "kosong" / "part-0.parquet").metadata.num_rows == 0
    lama = tmp_path / "lama" / "76.parquet"
    with PenulisProvinsi(tmp_path / "lama", "komponen") as penulis:
        penulis.tambah(komponen.assign(kode_wilayah="76.01.01.2001"))
    with PenulisProvinsi(tmp_path / "a", "komponen") as penulis:
        penulis.tambah(komponen)  # two provinces, interleaved: each to its file, in order
        assert penulis.tautkan("76", lama) == len(komponen)
    assert penulis.provinsi == {"11": 1, "33": 2, "76": 3}
    assert penulis.baris == 2 * len(komponen)
    assert os.stat(tmp_path / "a" / "76.parquet").st_ino == os.stat(lama).st_ino
    jateng = pd.read_parquet(tmp_path / "a" / "33.parquet")
    assert jateng["kode_wilayah"].astype(str).tolist() == ["33.06.01.2001", "33.06.01.2002"]
    with (
        pytest.raises(RuntimeError, match="dua kali"),
        PenulisProvinsi(tmp_path / "b", "komponen") as penulis,
    ):
        penulis.tambah(komponen.iloc[:1])  # Jawa Tengah
        penulis.tambah(komponen.iloc[1:2])  # Aceh
        penulis.tambah(komponen.iloc[2:])  # Jawa Tengah again, after Aceh


def test_the_fingerprints_ingest_keeps_are_those_a_run_computes(tmp_path):
    """A file's parts' fingerprints kept at ingest (beside its cached result) equal those of
    its rows as a run sets them aside, freshly processed or read from the cache; a file
    without a cached result has none kept (never trusted)."""
    raw = _raw(tmp_path)
    dua = [f"{JATENG};7;1;MARET", f"{ACEH};8;1;MARET"]
    disimpan = terima_berkas(
        _kirim(tmp_path / "kirim" / "e", "pus_dua.csv", dua), raw, KATALOG, 2025
    )
    prov = baca_sidecar_tersimpan(disimpan.path, raw)
    simpanan = Simpanan(cari_folder_simpanan(raw))
    assert baca_sidik_bagian(simpanan, prov, 2025) is None
    assert isi_simpanan(disimpan.path, raw)
    kept = baca_sidik_bagian(simpanan, prov, 2025)
    assert sorted(kept) == ["11", "33"]
    for hasil in (
        langkah_proses(disimpan.path, prov),  # freshly processed
        langkah_proses(disimpan.path, prov, simpanan),  # from the cache
    ):
        with TumpahanProvinsi(tmp_path / "t") as t:
            assert t.simpan(0, saring_tahun(hasil, 2025).komponen) == kept
    for path in cari_folder_simpanan(raw).glob(f"{buat_nama_entri(prov)}.json"):
        path.unlink()  # its result no longer cached: its fingerprints are not read
    assert not SidikBerkas.dari(simpanan, [prov], 2025).diketahui[0]
