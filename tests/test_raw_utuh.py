"""The raw store at run time: bytes checked against the sidecar's sha256 at every run, a
corrupt/empty/missing sidecar rejected with one Bahasa message (never blocking anything else),
the history tolerant of a cut line, the demo store used only while ``data/raw`` is empty,
and the ``ingest FOLDER`` / ``tarik`` commands."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from schemas.katalog import muat_katalog
from transforms.komponen.asal import BerkasDitolak
from transforms.langkah.jalankan import jalankan
from transforms.terima.folder import pilih_folder_raw
from transforms.terima.riwayat import RIWAYAT
from transforms.terima.simpan import (
    ProvenansRusak,
    baca_isi_raw,
    cari_berkas_aktif,
    periksa_berkas_raw,
)
from transforms.terima.terima import terima_berkas

pytestmark = pytest.mark.lambat  # whole runs or publications: the slow tier

KATALOG = muat_katalog()
HEADER = "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PUS;UNMET NEED;BULAN\n"
GRABAG = "0;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;500;50;JANUARI\n"
BAGELEN = "0;JAWA TENGAH;PURWOREJO;BAGELEN;BAGELEN;300;30;JANUARI\n"


def _berkas(folder: Path, baris: str, nama: str = "data_pus.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / nama).write_text(HEADER + baris, encoding="utf-8")
    return folder / nama


def _simpan(tmp_path: Path, baris: str, sub: str, hari: int = 1):
    when = dt.datetime(2025, 10, hari, tzinfo=dt.UTC)
    return terima_berkas(_berkas(tmp_path / sub, baris), tmp_path / "raw", KATALOG, 2025, now=when)


SIDECAR_RUSAK = {
    "kosong": ("", "kosong"),
    "terpotong": ('{"sha256": "ab', "bukan JSON yang utuh"),
    "bukan_objek": ("[1, 2]", "bukan catatan JSON"),
    "kunci_hilang": ('{"sha256": "x", "sumber": "siga.pus"}', "tidak ada atau tidak valid"),
    "jenis_salah": (
        '{"sha256": "' + "a" * 64 + '", "nama_asli": "x.csv", "diterima": "2025", '
        '"sumber": "siga.pus", "tahun": 2025, "menggantikan": 5, "cakupan": "semua"}',
        "kunci menggantikan, cakupan tidak ada atau tidak valid",
    ),
}


@pytest.mark.parametrize("jenis", list(SIDECAR_RUSAK))
def test_corrupt_sidecar_is_one_message_and_blocks_no_other_ingest(tmp_path, jenis):
    teks, masalah = SIDECAR_RUSAK[jenis]
    rusak = _simpan(tmp_path, GRABAG, "a")
    Path(str(rusak.path) + ".meta.json").write_text(teks, encoding="utf-8")
    lain = _simpan(tmp_path, BAGELEN, "b", hari=2)  # not blocked
    assert lain.baru
    aktif, _ = cari_berkas_aktif(tmp_path / "raw")
    (prov,) = [p for _, p in aktif if isinstance(p, ProvenansRusak)]
    lokasi = "siga.pus/2025-01/data_pus.csv"
    assert (prov.berkas, prov.sumber, prov.tahun) == (lokasi, "siga.pus", 2025)
    assert masalah in prov.galat
    assert "siga.pus/2025-01/data_pus.csv.meta.json" in prov.galat
    assert "'indikator ingest'" in prov.galat
    assert "'indikator tarik siga.pus/2025-01/data_pus.csv'" in prov.galat
    with pytest.raises(BerkasDitolak, match=masalah):
        periksa_berkas_raw(rusak.path, prov)


def test_sending_the_file_again_repairs_its_sidecar_and_keeps_the_bad_one(tmp_path):
    pertama = _simpan(tmp_path, GRABAG, "a")
    meta = Path(str(pertama.path) + ".meta.json")
    meta.write_text("", encoding="utf-8")
    lagi = _simpan(tmp_path, GRABAG, "a", hari=3)
    assert lagi.baru and lagi.diperbaiki and lagi.path == pertama.path
    assert json.loads(meta.read_text())["sha256"] == pertama.provenans.sha256
    assert [p.name for p in meta.parent.glob("*.rusak-*")] != []  # never deleted
    baik, rusak = baca_isi_raw(tmp_path / "raw")
    assert len(baik) == 1 and rusak == []


def test_a_missing_sidecar_or_a_missing_raw_file_is_listed_not_forgotten(tmp_path):
    a = _simpan(tmp_path, GRABAG, "a")
    b = _simpan(tmp_path, BAGELEN, "b", hari=2)
    Path(str(a.path) + ".meta.json").unlink()
    b.path.unlink()
    _, rusak = baca_isi_raw(tmp_path / "raw")
    galat = {p.berkas: p.galat for _, p in rusak}
    assert "tidak ada" in galat[a.provenans.berkas]
    assert "tidak ada lagi" in galat[b.provenans.berkas]
    assert galat[b.provenans.berkas].startswith(f"berkas raw {b.provenans.berkas}")


def test_changed_raw_bytes_are_refused_and_sending_the_original_replaces_the_copy(tmp_path):
    src = _berkas(tmp_path / "a", GRABAG)
    pertama = terima_berkas(src, tmp_path / "raw", KATALOG, 2025)
    pertama.path.write_text(HEADER + GRABAG.replace(";500;", ";900;"), encoding="utf-8")
    with pytest.raises(BerkasDitolak) as exc:
        periksa_berkas_raw(pertama.path, pertama.provenans)
    assert "berubah sejak diterima" in str(exc.value) and pertama.provenans.berkas in str(exc.value)
    lagi = terima_berkas(src, tmp_path / "raw", KATALOG, 2025)
    assert lagi.baru and lagi.diganti == (pertama.provenans.berkas,)
    periksa_berkas_raw(lagi.path, lagi.provenans)  # intact
    assert lagi.path.name == f"data_pus__{pertama.provenans.sha256[:8]}.csv"
    lagi.path.write_text(HEADER + GRABAG.replace(";500;", ";800;"), encoding="utf-8")
    ketiga = terima_berkas(src, tmp_path / "raw", KATALOG, 2025)  # the short names are taken
    assert ketiga.path.name == f"data_pus__{pertama.provenans.sha256[:8]}_2.csv"
    assert ketiga.diganti == (lagi.provenans.berkas,)
    assert pertama.path.exists() and lagi.path.exists()  # changed copies kept, never deleted


def test_run_rejects_changed_and_corrupt_files_and_uses_the_rest(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    a = _simpan(tmp_path, GRABAG, "a")
    b = _simpan(tmp_path, BAGELEN, "b", hari=2)
    c = _simpan(tmp_path, "0;JAWA TENGAH;PURWOREJO;PURWODADI;PURWODADI;200;20;JANUARI\n", "c", 3)
    a.path.write_bytes(a.path.read_bytes().replace(b";500;", b";501;"))
    Path(str(b.path) + ".meta.json").write_text("{", encoding="utf-8")
    ringkasan = jalankan(raw, out, 2025)
    akun = {x["berkas"]: x for x in ringkasan.berkas}
    assert "berubah sejak diterima" in akun[a.provenans.berkas]["ditolak"]
    assert "bukan JSON yang utuh" in akun[b.provenans.berkas]["ditolak"]
    assert "ditolak" not in akun[c.provenans.berkas]
    assert akun[c.provenans.berkas]["baris_dipakai"] == 1
    import pandas as pd

    karantina = pd.read_parquet(out / "karantina")
    ditolak = karantina[karantina["aturan"] == "berkas_ditolak"]
    assert sorted(ditolak["berkas"]) == sorted([a.provenans.berkas, b.provenans.berkas])
    komponen = pd.read_parquet(out / "komponen")
    assert set(komponen["berkas"]) == {c.provenans.berkas}


def test_a_withdrawn_corrupt_file_is_no_longer_in_force(tmp_path):
    a = _simpan(tmp_path, GRABAG, "a")
    Path(str(a.path) + ".meta.json").write_text("", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["tarik", a.provenans.berkas, "--raw", str(tmp_path / "raw"), "--daftar"]
    )
    assert result.exit_code == 0, result.output
    assert "Ditarik siga.pus/2025-01/data_pus.csv" in result.output
    assert "ditarik (rusak)" in result.output
    assert cari_berkas_aktif(tmp_path / "raw")[0] == []


def test_a_cut_history_line_is_skipped(tmp_path):
    a = _simpan(tmp_path, GRABAG, "a")
    b = _simpan(tmp_path, GRABAG.replace(";500;", ";510;"), "b", hari=2)
    with (tmp_path / "raw" / RIWAYAT).open("a", encoding="utf-8") as fh:
        fh.write('{"waktu": "2025-10-05T00:00:00+00:00", "aksi": "tarik", "berk')
    assert [p.berkas for _, p in cari_berkas_aktif(tmp_path / "raw")[0]] == [b.provenans.berkas]
    assert a.path.exists()


@pytest.mark.parametrize("cakupan", ["tidak ada", {"kecamatan": 5}])
def test_legacy_sidecar_without_coverage_still_identifies(tmp_path, cakupan):
    a = _simpan(tmp_path, GRABAG, "a")
    meta = Path(str(a.path) + ".meta.json")
    data = json.loads(meta.read_text())
    if cakupan == "tidak ada":  # a sidecar written before coverage existed
        del data["cakupan"]
    else:  # a damaged summary: only a cache, read again from the file
        data["cakupan"] = cakupan
    data["menggantikan"] = None
    meta.write_text(json.dumps(data), encoding="utf-8")
    koreksi = _simpan(tmp_path, GRABAG.replace(";500;", ";505;"), "b", hari=2)
    assert koreksi.diganti == (a.provenans.berkas,)  # regions read again from the stored copy
    lain = _simpan(tmp_path, BAGELEN, "c", hari=3)
    assert lain.diganti == () and lain.samping == (koreksi.provenans.berkas,)


def test_ingest_folder_every_file_sorted_each_reported(tmp_path):
    kiriman = tmp_path / "kiriman"
    _berkas(kiriman / "b_bagelen", BAGELEN)
    _berkas(kiriman / "a_grabag", GRABAG)
    (kiriman / ".tersembunyi").write_text("x")
    args = ["ingest", str(kiriman), "--tahun", "2025", "--raw", str(tmp_path / "raw")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    baris = [b for b in result.output.splitlines() if b.startswith("Diterima")]
    assert len(baris) == 2
    assert (
        "tetap dipakai bersamanya (wilayah berbeda): siga.pus/2025-01/data_pus.csv" in result.output
    )
    assert "2 berkas: 2 diterima atau sudah ada, 0 gagal" in result.output
    assert len(cari_berkas_aktif(tmp_path / "raw")[0]) == 2


def test_ingest_warns_about_a_corrupt_sidecar_and_refuses_an_overlap_without_traceback(tmp_path):
    raw = tmp_path / "raw"
    a = _simpan(tmp_path, GRABAG, "a")
    Path(str(a.path) + ".meta.json").write_text("", encoding="utf-8")
    _simpan(tmp_path, BAGELEN, "b", hari=2)
    src = _berkas(tmp_path / "c", BAGELEN + GRABAG.replace("0;", "1;", 1))
    result = CliRunner().invoke(app, ["ingest", str(src), "--tahun", "2025", "--raw", str(raw)])
    assert result.exit_code == 1
    keluaran = " ".join(result.output.split())  # the console wraps long lines
    assert "tumpang-tindih" in keluaran and "--ganti siga.pus/2025-01/data_pus__" in keluaran
    pesan = "Perhatian: catatan asal-usul (sidecar) siga.pus/2025-01/data_pus.csv.meta.json kosong"
    assert pesan in keluaran
    assert "Traceback" not in result.output


def test_tarik_unknown_name_exit_1_in_bahasa(tmp_path):
    _simpan(tmp_path, GRABAG, "a")
    result = CliRunner().invoke(app, ["tarik", "entah.csv", "--raw", str(tmp_path / "raw")])
    assert result.exit_code == 1
    assert "Tidak ada berkas tersimpan" in result.output and "Traceback" not in result.output


def test_run_reads_the_demo_only_while_data_raw_is_empty(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    raw, demo = Path("data/raw"), Path("data/demo")
    raw.mkdir(parents=True)
    (raw / ".gitignore").write_text("*\n")
    terima_berkas(_berkas(tmp_path / "d", GRABAG), demo, KATALOG, 2025)
    folder, catatan = pilih_folder_raw(raw)
    assert folder == demo
    assert catatan is not None and "data demo di data/demo" in catatan
    assert pilih_folder_raw(tmp_path / "lain") == (tmp_path / "lain", None)  # not the default
    terima_berkas(_berkas(tmp_path / "r", BAGELEN), raw, KATALOG, 2025)
    assert pilih_folder_raw(raw) == (raw, None)  # real files: never the demo again


def test_indikator_run_on_a_fresh_clone_uses_the_demo_and_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("data/raw").mkdir(parents=True)
    (Path("data/raw") / ".gitignore").write_text("*\n")
    terima_berkas(_berkas(tmp_path / "d", GRABAG), Path("data/demo"), KATALOG, 2025)
    args = ["run", "--tanpa-prefect", "--out", "out"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "memakai data demo di data/demo" in " ".join(result.output.split())
    manifest = json.loads(Path("out/manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameter"]["raw"] == "data/demo"
    # a real file arrives: the demo is never read again, and nothing says so
    result = CliRunner().invoke(
        app, ["ingest", str(_berkas(tmp_path / "r", BAGELEN)), "--tahun", "2025"]
    )
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "demo" not in result.output
    manifest = json.loads(Path("out/manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameter"]["raw"] == "data/raw"
    assert [m["berkas"] for m in manifest["masukan"]] == ["siga.pus/2025-01/data_pus.csv"]
    assert manifest["masukan"][0]["nama_asli"] == "data_pus.csv"
    assert "BAGELEN" in (Path("data/raw") / "siga.pus/2025-01/data_pus.csv").read_text()


def test_demo_years_never_carried_into_a_real_generation(tmp_path, monkeypatch):
    """A generation published from the demo store is no predecessor of real data: its years
    are not carried over and the guard does not compare with it."""
    import pandas as pd

    monkeypatch.chdir(tmp_path)
    Path("data/raw").mkdir(parents=True)
    terima_berkas(_berkas(tmp_path / "d", GRABAG), Path("data/demo"), KATALOG, 2024)
    args = ["run", "--tanpa-prefect", "--out", "out"]
    assert CliRunner().invoke(app, args).exit_code == 0
    assert set(pd.read_parquet("out/indikator")["tahun"]) == {2024}
    CliRunner().invoke(app, ["ingest", str(_berkas(tmp_path / "r", BAGELEN)), "--tahun", "2025"])
    hasil = CliRunner().invoke(app, args)
    assert hasil.exit_code == 0, hasil.output
    indikator = pd.read_parquet("out/indikator")
    assert set(indikator["tahun"]) == {2025}  # the demo's 2024 is not in the real generation
    assert not indikator["nama_wilayah"].str.contains("Grabag", case=False).any()
