"""Cache of processed raw files (transforms/langkah/simpanan.py): the same result with or
without it, nothing read again on a rerun, a corrected file read again alone, a code or
catalog change invalidates, a damaged entry is recomputed, ingest fills it, the raw store's
listers never see it."""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import transforms.langkah.proses as proses_mod
import transforms.langkah.simpanan as simpanan_mod
from flows.cli import app
from tests.bantu_intai import intai
from tests.bantu_simpanan import KATALOG, MIX, buat_raw, tulis_mix, tulis_pus
from transforms.langkah.jalankan import jalankan
from transforms.langkah.keputusan import tentukan_kode_keluar
from transforms.langkah.pengaturan import Pengaturan, PengaturanSalah, baca_pengaturan
from transforms.langkah.proses import langkah_proses, proses_berkas
from transforms.langkah.simpanan import (
    Simpanan,
    baca_simpanan,
    buat_nama_entri,
    cari_folder_simpanan,
    pangkas_simpanan,
    simpan_hasil,
)
from transforms.langkah.simpanan_hitung import FOLDER as FOLDER_HITUNG
from transforms.terima.folder import daftar_berkas_masukan
from transforms.terima.simpan import baca_isi_raw, cari_berkas_aktif, cari_status_raw
from transforms.terima.terima import terima_berkas

pytestmark = pytest.mark.lambat  # whole runs or publications: the slow tier

runner = CliRunner()


@pytest.fixture
def raw(tmp_path):
    """A raw store with a PUS and a mix_kontra export of 2025."""
    return buat_raw(tmp_path)


@pytest.fixture
def bacaan(monkeypatch):
    """The raw files whose tables the process step reads (their stored names)."""
    return intai(monkeypatch, proses_mod, "baca_tabel_raw", lambda path, *_, **__: Path(path).name)


def _entri(raw: Path) -> list[str]:
    folder = cari_folder_simpanan(raw)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and ".sidik-" not in p.name)


def _sama_hasil(a, b) -> None:
    pd.testing.assert_frame_equal(a.komponen, b.komponen, check_exact=True)
    pd.testing.assert_frame_equal(a.masalah, b.masalah, check_exact=True)
    assert a.komponen.dtypes.to_dict() == b.komponen.dtypes.to_dict()
    assert a.masalah.dtypes.to_dict() == b.masalah.dtypes.to_dict()
    for kolom in [k for k, v in a.masalah.dtypes.items() if str(v) == "object"]:
        # None stays None, text stays text
        assert [type(v) for v in a.masalah[kolom]] == [type(v) for v in b.masalah[kolom]]
    assert a.akuntansi == b.akuntansi


def _tabel(out: Path, nama: str) -> pd.DataFrame:
    df = pd.read_parquet(out / nama)
    kolom = [k for k in df.columns if not k.startswith("id_run")]
    return df[kolom].sort_values(kolom).reset_index(drop=True)


def test_cached_result_equals_the_processed_one(raw):
    simpanan = Simpanan(cari_folder_simpanan(raw))
    for path, prov in cari_berkas_aktif(raw)[0]:
        langsung = proses_berkas(path, prov, KATALOG)
        # rows in row-number order once, when processed: a run stacks them without a sort
        assert langsung.komponen["baris"].is_monotonic_increasing
        assert baca_simpanan(simpanan, prov) is None
        _sama_hasil(langkah_proses(path, prov, simpanan), langsung)  # processed, kept
        dari_simpanan = baca_simpanan(simpanan, prov)
        assert dari_simpanan is not None
        _sama_hasil(dari_simpanan, langsung)
        _sama_hasil(langkah_proses(path, prov, simpanan), langsung)
    pus = proses_berkas(*cari_berkas_aktif(raw)[0][0], KATALOG)
    assert len(pus.masalah) == 2 and pus.masalah["sheet"].tolist() == [None, None]
    assert len(_entri(raw)) == 6  # two files, three parts each


def test_a_second_run_reads_no_raw_table_and_publishes_the_same(raw, tmp_path, bacaan):
    pertama = jalankan(raw, tmp_path / "out1", 2025)
    assert sorted(bacaan) == ["data_mix_kontra.csv", "data_pus.csv"]
    bacaan.clear()
    kedua = jalankan(raw, tmp_path / "out2", 2025)
    assert bacaan == []
    for nama in ("indikator", "komponen", "karantina"):
        pd.testing.assert_frame_equal(
            _tabel(tmp_path / "out1", nama), _tabel(tmp_path / "out2", nama)
        )
    aturan = set(_tabel(tmp_path / "out1", "karantina")["aturan"])
    assert {"wilayah_tidak_dikenal", "angka_tidak_valid"} <= aturan
    assert kedua.berkas == pertama.berkas
    assert tentukan_kode_keluar(kedua) == tentukan_kode_keluar(pertama)


def test_without_cache_every_file_is_read_and_entries_refreshed(raw, tmp_path, bacaan):
    jalankan(raw, tmp_path / "out1", 2025)
    lama = {p: os.stat(cari_folder_simpanan(raw) / p).st_mtime_ns for p in _entri(raw)}
    bacaan.clear()
    time.sleep(0.01)
    jalankan(raw, tmp_path / "out2", 2025, pengaturan=Pengaturan(tanpa_cache=True))
    assert sorted(bacaan) == ["data_mix_kontra.csv", "data_pus.csv"]
    baru = {p: os.stat(cari_folder_simpanan(raw) / p).st_mtime_ns for p in _entri(raw)}
    assert baru.keys() == lama.keys() and all(baru[p] > lama[p] for p in lama)
    pd.testing.assert_frame_equal(
        _tabel(tmp_path / "out1", "indikator"), _tabel(tmp_path / "out2", "indikator")
    )


def test_run_option_tanpa_cache(raw, tmp_path, bacaan):
    args = ["run", "--tanpa-prefect", "--raw", str(raw), "--out", str(tmp_path / "out")]
    assert runner.invoke(app, args).exit_code == 0
    bacaan.clear()
    assert runner.invoke(app, args).exit_code == 0
    assert bacaan == []
    hasil = runner.invoke(app, [*args, "--tanpa-cache"])
    assert hasil.exit_code == 0, hasil.output
    assert sorted(bacaan) == ["data_mix_kontra.csv", "data_pus.csv"]


def test_a_corrected_file_is_read_again_and_the_others_are_not(raw, tmp_path, bacaan):
    jalankan(raw, tmp_path / "out", 2025)
    bacaan.clear()
    koreksi = terima_berkas(tulis_pus(tmp_path / "koreksi", pus=400), raw, KATALOG, 2025)
    assert koreksi.diganti == ("siga.pus/2025/data_pus.csv",)
    ringkasan = jalankan(raw, tmp_path / "out", 2025)
    assert bacaan == [koreksi.path.name]  # the replaced file's earlier result: from the cache
    komponen = pd.read_parquet(tmp_path / "out" / "komponen")
    assert komponen.loc[komponen["komponen"] == "pus", "nilai"].tolist() == [400.0]
    assert "1 nilai berbeda" in " ".join(ringkasan.penggantian)  # the old value: from cache
    disimpan = {buat_nama_entri(p) for _, p in baca_isi_raw(raw)[0]}
    assert len(disimpan) == 3  # both PUS copies are in the store: both entries kept
    assert {e.split(".")[0] for e in _entri(raw)} == disimpan


def test_a_code_or_catalog_change_invalidates_and_prunes(raw, tmp_path, bacaan, monkeypatch):
    jalankan(raw, tmp_path / "out", 2025)
    lama = _entri(raw)
    bacaan.clear()
    monkeypatch.setattr(simpanan_mod, "hitung_sidik_kode", lambda: "ab" * 32)
    monkeypatch.setattr(simpanan_mod, "_JEDA", -60.0)  # entries just written may go
    jalankan(raw, tmp_path / "out", 2025)
    assert sorted(bacaan) == ["data_mix_kontra.csv", "data_pus.csv"]
    baru = _entri(raw)
    assert len(baru) == 6 and not set(baru) & set(lama)  # the old fingerprint's entries removed
    assert all(e.split("_")[1].startswith("ab" * 8) for e in baru)


def _rusak_parquet(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:40])


def _rusak_json(path: Path) -> None:
    path.write_text("{ini bukan json", encoding="utf-8")


def _jenis_lain(path: Path) -> None:
    isi = json.loads(path.read_text(encoding="utf-8"))
    isi["jenis"]["masalah"]["sheet"] = "str"
    path.write_text(json.dumps(isi), encoding="utf-8")


def _hapus(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize(
    ("bagian", "rusak"),
    [
        ("komponen.parquet", _rusak_parquet),
        ("masalah.parquet", _rusak_parquet),
        ("json", _rusak_json),
        ("json", _jenis_lain),
        ("masalah.parquet", _hapus),
    ],
    ids=["komponen-terpotong", "masalah-terpotong", "json-sampah", "jenis-kolom", "bagian-hilang"],
)
def test_a_damaged_entry_is_recomputed_with_the_same_result(raw, tmp_path, bacaan, bagian, rusak):
    pertama = jalankan(raw, tmp_path / "out1", 2025)
    folder = cari_folder_simpanan(raw)
    for nama in [e for e in _entri(raw) if e.endswith(f".{bagian}")]:
        rusak(folder / nama)
    bacaan.clear()
    kedua = jalankan(raw, tmp_path / "out2", 2025)
    assert sorted(bacaan) == ["data_mix_kontra.csv", "data_pus.csv"]
    assert tentukan_kode_keluar(kedua) == tentukan_kode_keluar(pertama)
    for nama in ("indikator", "komponen", "karantina"):
        pd.testing.assert_frame_equal(
            _tabel(tmp_path / "out1", nama), _tabel(tmp_path / "out2", nama)
        )
    for path, prov in cari_berkas_aktif(raw)[0]:  # rewritten whole
        _sama_hasil(baca_simpanan(Simpanan(folder), prov), proses_berkas(path, prov, KATALOG))


def test_a_rejected_file_is_not_cached(tmp_path):
    raw = tmp_path / "raw"
    rusak = tmp_path / "mix.csv"
    rusak.write_text(MIX.replace(";PA;", ";XX;") + "0;a;b;c;d;1;1;1;1;1;1;1;1;1;1;1;JANUARI\n")
    terima_berkas(rusak, raw, KATALOG, 2025, sumber="siga.mix_kontra")
    ringkasan = jalankan(raw, tmp_path / "out", 2025)
    assert "PA" in ringkasan.berkas[0]["ditolak"]
    assert _entri(raw) == []


def test_bytes_changed_after_caching_are_still_rejected(raw, tmp_path):
    jalankan(raw, tmp_path / "out", 2025)
    (path, prov), _ = cari_berkas_aktif(raw)[0]
    path.write_bytes(path.read_bytes().replace(b"500", b"999"))
    assert baca_simpanan(Simpanan(cari_folder_simpanan(raw)), prov) is not None
    hasil = langkah_proses(path, prov, Simpanan(cari_folder_simpanan(raw)))
    assert "berubah sejak diterima" in hasil.akuntansi["ditolak"]


def test_two_writers_of_one_entry_leave_one_whole_entry(raw):
    simpanan = Simpanan(cari_folder_simpanan(raw))
    (path, prov), _ = cari_berkas_aktif(raw)[0]
    hasil = proses_berkas(path, prov, KATALOG)
    hasil_tulis: list[bool] = []
    benang = [
        threading.Thread(target=lambda: hasil_tulis.append(simpan_hasil(simpanan, prov, hasil)))
        for _ in range(8)
    ]
    for b in benang:
        b.start()
    for b in benang:
        b.join()
    assert hasil_tulis == [True] * 8
    assert len(_entri(raw)) == 3  # no temporary file left behind
    _sama_hasil(baca_simpanan(simpanan, prov), hasil)


def test_a_failed_write_keeps_no_partial_file_and_never_raises(raw, monkeypatch):
    simpanan = Simpanan(cari_folder_simpanan(raw))
    (path, prov), _ = cari_berkas_aktif(raw)[0]
    hasil = proses_berkas(path, prov, KATALOG)

    def disk_penuh(self, *args, **kwargs):
        Path(args[0]).write_bytes(b"PAR1 sebagian")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", disk_penuh)
    assert simpan_hasil(simpanan, prov, hasil) is False
    assert _entri(raw) == []
    assert baca_simpanan(simpanan, prov) is None


def test_an_object_column_holding_numbers_is_not_cached(raw):
    simpanan = Simpanan(cari_folder_simpanan(raw))
    (path, prov), _ = cari_berkas_aktif(raw)[0]
    hasil = proses_berkas(path, prov, KATALOG)
    hasil.masalah["sheet"] = pd.Series([1, None], dtype=object)  # Parquet would change it
    assert simpan_hasil(simpanan, prov, hasil) is False
    assert _entri(raw) == []


def test_ingest_fills_the_cache_so_the_run_reads_no_raw_table(tmp_path, bacaan):
    raw = tmp_path / "raw"
    tulis_pus(tmp_path / "kirim")
    tulis_mix(tmp_path / "kirim")
    args = ["ingest", str(tmp_path / "kirim"), "--raw", str(raw), "--tahun", "2025"]
    hasil = runner.invoke(app, args)
    assert hasil.exit_code == 0, hasil.output
    assert len(_entri(raw)) == 6
    bacaan.clear()
    ringkasan = jalankan(raw, tmp_path / "out", 2025)
    assert bacaan == []
    assert tentukan_kode_keluar(ringkasan) == 0


def test_ingest_never_fails_on_a_file_the_run_will_reject(tmp_path, monkeypatch):
    raw = tmp_path / "raw"

    def rusak(*args, **kwargs):
        raise KeyError("kolom hilang di tengah jalan")

    monkeypatch.setattr(proses_mod, "ubah_ke_komponen", rusak)
    path = tulis_pus(tmp_path / "kirim")
    hasil = runner.invoke(app, ["ingest", str(path), "--raw", str(raw), "--tahun", "2025"])
    assert hasil.exit_code == 0, hasil.output
    assert "Traceback" not in hasil.output and "Diterima" in hasil.output
    assert _entri(raw) == []


def test_the_cache_folder_is_no_raw_file(raw, tmp_path):
    jalankan(raw, tmp_path / "out", 2025)
    assert len(_entri(raw)) == 6
    semua, _ = cari_status_raw(raw)
    assert sorted(p.berkas for _, p in semua) == [
        "siga.mix_kontra/2025-01/data_mix_kontra.csv",
        "siga.pus/2025/data_pus.csv",
    ]
    assert baca_isi_raw(raw)[1] == []  # nothing taken for a file without its record
    assert not any(".cache" in str(p) for p in daftar_berkas_masukan(raw))
    hasil = runner.invoke(app, ["status", "--raw", str(raw), "--out", str(tmp_path / "out")])
    assert hasil.exit_code == 0, hasil.output
    assert ".cache" not in hasil.output and "tidak dapat dipakai" not in hasil.output
    teks = runner.invoke(
        app, ["status", "--json", "--raw", str(raw), "--out", str(tmp_path / "out")]
    )
    assert ".cache" not in teks.output and "data_pus.csv" in teks.output


def test_pruning_removes_only_unused_entries_of_its_own_scheme(raw, tmp_path):
    jalankan(raw, tmp_path / "out", 2025)
    simpanan = Simpanan(cari_folder_simpanan(raw))
    pakai = _entri(raw)
    asing = simpanan.folder / ("f" * 64 + "_" + "0" * 16 + "_" + "1" * 16 + ".json")
    sisa = simpanan.folder / (pakai[0] + ".tmp-123-" + "a" * 32)
    baru = simpanan.folder / ("e" * 64 + "_" + "0" * 16 + "_" + "1" * 16 + ".json")
    lain = simpanan.folder / "catatan-saya.txt"
    for path in (asing, sisa, baru, lain):
        path.write_text("{}", encoding="utf-8")
    lampau = time.time() - 7200
    for path in (asing, sisa, lain):
        os.utime(path, (lampau, lampau))
    assert pangkas_simpanan(simpanan, raw) == 2
    assert _entri(raw) == sorted([*pakai, baru.name, lain.name])  # recent entry kept
    assert pangkas_simpanan(Simpanan(tmp_path / "tidak-ada"), raw) == 0


def test_cache_folder_from_the_settings(raw, tmp_path, monkeypatch, bacaan):
    lain = tmp_path / "cache-lain"
    monkeypatch.setenv("INDIKATOR_CACHE", str(lain))
    pengaturan = baca_pengaturan()
    assert pengaturan.cache == lain and pengaturan.tanpa_cache is False
    jalankan(raw, tmp_path / "out", 2025, pengaturan=pengaturan)
    nama = sorted(p.name for p in lain.iterdir() if p.is_file())
    assert len(nama) == 8 and _entri(raw) == []  # two files: three parts each, and their
    assert len([n for n in nama if n.endswith(".sidik-2025.json")]) == 2  # parts' fingerprints
    assert (lain / FOLDER_HITUNG).is_dir()  # the province-year indicators beside them
    bacaan.clear()
    jalankan(raw, tmp_path / "out", 2025, pengaturan=pengaturan)
    assert bacaan == []
    monkeypatch.setenv("INDIKATOR_CACHE", "relatif/cache")
    with pytest.raises(PengaturanSalah, match="INDIKATOR_CACHE"):
        baca_pengaturan()
    berkas = tmp_path / "atur" / "indikator.toml"
    berkas.parent.mkdir()
    berkas.write_text('cache = "simpanan"\n', encoding="utf-8")
    monkeypatch.delenv("INDIKATOR_CACHE")
    monkeypatch.setenv("INDIKATOR_PENGATURAN", str(berkas))
    assert baca_pengaturan().cache == tmp_path / "atur" / "simpanan"


def test_entry_name_hashes_every_sidecar_field_as_before(raw):
    """The sidecar part of an entry name is the sha256 of every field as JSON (the fields
    read as they are, not deep-copied: the same text, so earlier entries stay usable)."""
    import hashlib
    from dataclasses import asdict

    (_, prov), _ = cari_berkas_aktif(raw)[0]
    prov = replace(prov, cakupan={"kabupaten": ["33.06", "76.05"], "jumlah_kode": 412})
    teks = json.dumps(asdict(prov), sort_keys=True, ensure_ascii=False, default=str)
    assert buat_nama_entri(prov).endswith("_" + hashlib.sha256(teks.encode()).hexdigest()[:16])
    lain = replace(prov, cakupan={"kabupaten": ["33.06"], "jumlah_kode": 412})
    assert buat_nama_entri(lain) != buat_nama_entri(prov)


def test_an_empty_problem_table_is_not_read_but_still_checked(raw, tmp_path, monkeypatch):
    """Most kabupaten files have no problem rows: their empty table is rebuilt from the
    entry's record (no Parquet read), equal to what reading it gives; a truncated one is a
    miss, as any damaged part."""
    hasil = [(prov, proses_berkas(path, prov, KATALOG)) for path, prov in cari_berkas_aktif(raw)[0]]
    (prov, bersih), (prov_lain, lain) = sorted(hasil, key=lambda h: len(h[1].masalah))
    assert bersih.masalah.empty and len(lain.masalah)  # the mix export is clean, PUS is not
    simpanan = Simpanan(tmp_path / "simpanan")
    simpan_hasil(simpanan, prov, bersih)
    simpan_hasil(simpanan, prov_lain, lain)
    dibaca: list[str] = []
    asli = simpanan_mod.pd.read_parquet

    def baca(p, *a, **k):
        dibaca.append(Path(p).name.split(".", 1)[1])
        return asli(p, *a, **k)

    monkeypatch.setattr(simpanan_mod.pd, "read_parquet", baca)
    _sama_hasil(baca_simpanan(simpanan, prov), bersih)
    assert dibaca == ["komponen.parquet"]  # the empty problem table was not read
    dibaca.clear()
    _sama_hasil(baca_simpanan(simpanan, prov_lain), lain)
    assert dibaca == ["komponen.parquet", "masalah.parquet"]
    kosong = simpanan.folder / f"{buat_nama_entri(prov)}.masalah.parquet"
    pd.testing.assert_frame_equal(asli(kosong), bersih.masalah, check_index_type=True)
    _rusak_parquet(kosong)
    assert baca_simpanan(simpanan, prov) is None
    kosong.unlink()
    assert baca_simpanan(simpanan, prov) is None
