"""Ingest identity by coverage: source, period and the regions a file covers.

SIGA names every export ``data_pus.csv``: files of other regions are stored beside each other
and all used, a correction (same regions) replaces exactly its file, an overlap is refused
unless ``--ganti`` names the earlier file, and every change can be undone (sent again, or
``indikator tarik``) without deleting anything. Small synthetic SIGA files of Kab. Purworejo.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest

from schemas.katalog import muat_katalog
from transforms.terima.identitas import CakupanTumpangTindih
from transforms.terima.riwayat import RIWAYAT
from transforms.terima.simpan import baca_daftar_raw, cari_berkas_aktif, hitung_sha256
from transforms.terima.tarik import buat_daftar_tersimpan, tarik_berkas
from transforms.terima.terima import terima_berkas
from transforms.terima.tersimpan import BerkasTersimpanTidakDitemukan
from transforms.wilayah.master import muat_master

KATALOG = muat_katalog()
HEADER = "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PUS;UNMET NEED;BULAN\n"
GRABAG, BAGELEN = "33.06.01", "33.06.04"


def _desa(kecamatan: str, n: int = 4) -> list[tuple[str, str, str]]:
    """(code, kecamatan name, desa name) of the first ``n`` desa of a kecamatan."""
    frame = muat_master().frame
    nama_kec = frame.loc[frame["kode_wilayah"] == kecamatan, "nama_wilayah"].iloc[0]
    desa = frame[frame["kode_induk"] == kecamatan].head(n)
    pasangan = zip(desa["kode_wilayah"], desa["nama_wilayah"], strict=True)
    return [(k, nama_kec.upper(), d.upper()) for k, d in pasangan]


def _pus(folder: Path, *kecamatan: str, ubah: str | None = None, nama="data_pus.csv") -> Path:
    """A SIGA PUS export of January for the desa of these kecamatan (``ubah``: one desa
    code whose numbers are changed, as a correction would)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for kec in kecamatan:
        for kode, nama_kec, desa in _desa(kec):
            pus = 500 + int(kode[-2:]) + (7 if kode == ubah else 0)
            rows.append(f"{len(rows)};JAWA TENGAH;PURWOREJO;{nama_kec};{desa};{pus};50;JANUARI")
    path = folder / nama
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _terima(src: Path, raw: Path, hari: int, **kw):
    when = dt.datetime(2025, 10, hari, 8, 0, tzinfo=dt.UTC)
    return terima_berkas(src, raw, KATALOG, 2025, now=when, **kw)


def _berlaku(raw: Path) -> list[str]:
    return sorted(p.berkas for _, p in cari_berkas_aktif(raw)[0])


def _riwayat(raw: Path) -> list[dict]:
    return [json.loads(t) for t in (raw / RIWAYAT).read_text(encoding="utf-8").splitlines()]


def test_same_name_other_regions_stored_beside_and_both_in_force(tmp_path):
    raw = tmp_path / "raw"
    grabag = _terima(_pus(tmp_path / "grabag", GRABAG), raw, 1)
    bagelen = _terima(_pus(tmp_path / "bagelen", BAGELEN), raw, 2)
    assert bagelen.baru and bagelen.provenans.menggantikan is None
    assert bagelen.samping == (grabag.provenans.berkas,)
    assert bagelen.path != grabag.path and bagelen.path.name.startswith("data_pus__")
    assert _berlaku(raw) == sorted([grabag.provenans.berkas, bagelen.provenans.berkas])
    cakupan = json.loads(Path(str(bagelen.path) + ".meta.json").read_text())["cakupan"]
    assert cakupan["kabupaten"] == ["33.06"]
    assert cakupan["kecamatan"] == [BAGELEN]
    assert cakupan["jumlah_kode"] == 4
    assert len(cakupan["sidik_kode"]) == 64


def test_wilayah_option_without_region_columns_is_the_coverage(tmp_path):
    raw = tmp_path / "raw"
    src = tmp_path / "kb.csv"
    src.write_text(
        "TAHUN,AKDR,MOP,MOW,KONDOM,IMPLAN,SUNTIKAN,PIL,TOTAL PESERTA\n2025,1,1,1,1,1,1,1,7\n",
        encoding="utf-8",
    )
    hasil = terima_berkas(src, raw, KATALOG, 2025, wilayah="35.07")
    assert hasil.provenans.sumber == "dinas.kb_tren_metode"
    assert hasil.provenans.cakupan["kabupaten"] == ["35.07"]
    assert hasil.provenans.cakupan["jumlah_kode"] == 1


def test_correction_with_the_same_regions_replaces_exactly_that_file(tmp_path):
    raw = tmp_path / "raw"
    grabag = _terima(_pus(tmp_path / "a", GRABAG), raw, 1)
    bagelen = _terima(_pus(tmp_path / "b", BAGELEN), raw, 2)
    desa = _desa(GRABAG)[1][0]
    koreksi = _terima(_pus(tmp_path / "c", GRABAG, ubah=desa), raw, 3)
    assert koreksi.baru and koreksi.diganti == (grabag.provenans.berkas,)
    assert koreksi.provenans.menggantikan == [grabag.provenans.berkas]
    assert _berlaku(raw) == sorted([bagelen.provenans.berkas, koreksi.provenans.berkas])
    assert grabag.path.exists()  # never deleted


def test_overlap_refused_naming_both_files_then_accepted_with_ganti(tmp_path):
    raw = tmp_path / "raw"
    grabag = _terima(_pus(tmp_path / "a", GRABAG), raw, 1)
    gabung = _pus(tmp_path / "c", GRABAG, BAGELEN)
    with pytest.raises(CakupanTumpangTindih) as exc:
        _terima(gabung, raw, 2)
    pesan = str(exc.value)
    assert "'data_pus.csv'" in pesan and grabag.provenans.berkas in pesan
    assert "4 kode wilayah sama, 4 hanya di berkas baru, 0 hanya di berkas lama" in pesan
    assert f"--ganti {grabag.provenans.berkas}" in pesan
    assert "tidak disimpan" in pesan
    assert len(baca_daftar_raw(raw)) == 1  # nothing stored
    hasil = _terima(gabung, raw, 3, ganti=[grabag.provenans.berkas])
    assert hasil.diganti == (grabag.provenans.berkas,)
    assert _berlaku(raw) == [hasil.provenans.berkas]


def test_ganti_the_folder_replaces_every_overlapping_file_only(tmp_path):
    raw = tmp_path / "raw"
    grabag = _terima(_pus(tmp_path / "a", GRABAG), raw, 1)
    bagelen = _terima(_pus(tmp_path / "b", BAGELEN), raw, 2)
    purwodadi = _terima(_pus(tmp_path / "p", "33.06.03"), raw, 3)
    hasil = _terima(_pus(tmp_path / "c", GRABAG, BAGELEN), raw, 4, ganti=["siga.pus/2025-01"])
    assert set(hasil.diganti) == {grabag.provenans.berkas, bagelen.provenans.berkas}
    assert _berlaku(raw) == sorted([purwodadi.provenans.berkas, hasil.provenans.berkas])


def test_ganti_of_another_source_or_an_unknown_file_is_refused(tmp_path):
    raw = tmp_path / "raw"
    _terima(_pus(tmp_path / "a", GRABAG), raw, 1)
    with pytest.raises(BerkasTersimpanTidakDitemukan, match="Tidak ada berkas yang berlaku"):
        _terima(_pus(tmp_path / "b", BAGELEN), raw, 2, ganti=["siga.pus/2025-01/tidak_ada.csv"])
    bulan = terima_berkas(_pus(tmp_path / "m", BAGELEN), raw, KATALOG, 2025, bulan=2)
    with pytest.raises(BerkasTersimpanTidakDitemukan, match="bukan sumber dan periode"):
        _terima(_pus(tmp_path / "c", GRABAG, BAGELEN), raw, 3, ganti=[bulan.provenans.berkas])


def test_sending_the_original_again_restores_it_and_tarik_undoes_that(tmp_path):
    raw = tmp_path / "raw"
    asli = _pus(tmp_path / "a", GRABAG)
    pertama = _terima(asli, raw, 1)
    koreksi = _terima(_pus(tmp_path / "c", GRABAG, ubah=_desa(GRABAG)[0][0]), raw, 2)
    assert _berlaku(raw) == [koreksi.provenans.berkas]
    lagi = _terima(asli, raw, 3)
    assert lagi.dipulihkan and not lagi.baru and lagi.path == pertama.path
    assert lagi.diganti == (koreksi.provenans.berkas,)
    assert _berlaku(raw) == [pertama.provenans.berkas]
    assert _riwayat(raw)[-1]["aksi"] == "pulihkan"
    # the same bytes a third time: in force already, nothing changes
    assert not _terima(asli, raw, 4).dipulihkan
    hasil = tarik_berkas(raw, pertama.provenans.berkas, KATALOG)
    assert hasil.dipulihkan == (koreksi.provenans.berkas,)
    assert _berlaku(raw) == [koreksi.provenans.berkas]


def test_tarik_a_correction_puts_the_original_back_and_deletes_nothing(tmp_path):
    raw = tmp_path / "raw"
    pertama = _terima(_pus(tmp_path / "a", GRABAG), raw, 1)
    isi = pertama.path.read_bytes()
    koreksi = _terima(_pus(tmp_path / "c", GRABAG, ubah=_desa(GRABAG)[0][0]), raw, 2)
    hasil = tarik_berkas(raw, koreksi.provenans.berkas, KATALOG)
    assert hasil.ditarik and hasil.dipulihkan == (pertama.provenans.berkas,)
    assert _berlaku(raw) == [pertama.provenans.berkas]
    assert koreksi.path.exists() and pertama.path.read_bytes() == isi
    last = _riwayat(raw)[-1]
    assert (last["aksi"], last["berkas"]) == ("tarik", koreksi.provenans.berkas)
    assert last["aktifkan"] == [pertama.provenans.berkas]
    # a second withdrawal changes nothing
    assert not tarik_berkas(raw, koreksi.provenans.berkas, KATALOG).ditarik
    status = {b["berkas"]: b["status"] for b in buat_daftar_tersimpan(raw)}
    assert status[pertama.provenans.berkas] == "berlaku"
    assert status[koreksi.provenans.berkas].startswith("ditarik ")


def test_tarik_names_a_file_by_location_by_the_file_sent_or_asks_which(tmp_path):
    raw = tmp_path / "raw"
    src = _pus(tmp_path / "a", GRABAG)
    _terima(src, raw, 1)
    _terima(_pus(tmp_path / "b", BAGELEN), raw, 2)
    with pytest.raises(BerkasTersimpanTidakDitemukan) as exc:
        tarik_berkas(raw, "data_pus.csv", KATALOG)
    assert "cocok dengan 2 berkas" in str(exc.value) and "Kabupaten Purworejo" in str(exc.value)
    hasil = tarik_berkas(raw, str(src), KATALOG)  # the file sent, found by its bytes
    assert hasil.ditarik and hasil.berkas == "siga.pus/2025-01/data_pus.csv"
    assert len(_berlaku(raw)) == 1


def test_a_file_whose_regions_match_nothing_never_replaces_one(tmp_path):
    raw = tmp_path / "raw"
    pertama = _terima(_pus(tmp_path / "a", GRABAG), raw, 1)
    asing = tmp_path / "x" / "data_pus.csv"
    asing.parent.mkdir()
    asing.write_text(HEADER + "0;JAWA TENGAH;PURWOREJO;ENTAH;ENTAH;5;1;JANUARI\n")
    hasil = _terima(asing, raw, 2)
    assert hasil.baru and hasil.diganti == () and hasil.provenans.cakupan["jumlah_kode"] == 0
    assert _berlaku(raw) == sorted([pertama.provenans.berkas, hasil.provenans.berkas])
    # the repaired file names the bad one to replace it
    baik = _terima(_pus(tmp_path / "b", BAGELEN), raw, 3, ganti=[hasil.provenans.berkas])
    assert baik.diganti == (hasil.provenans.berkas,)


def test_two_ingests_at_once_both_kept(tmp_path):
    raw = tmp_path / "raw"
    files = [_pus(tmp_path / k, k) for k in (GRABAG, BAGELEN, "33.06.03")]
    errors: list[BaseException] = []

    def run(src: Path) -> None:
        try:
            terima_berkas(src, raw, KATALOG, 2025)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(f,)) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    berlaku = cari_berkas_aktif(raw)[0]
    assert sorted(hitung_sha256(f) for f in files) == sorted(p.sha256 for _, p in berlaku)
