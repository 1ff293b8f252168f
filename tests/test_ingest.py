"""Raw store: recognition by header, unchanged copies, sidecars, idempotency, corrections."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from schemas.katalog import muat_katalog
from transforms.baca.nama import nama_aman
from transforms.terima.kenali import SumberTidakDikenal
from transforms.terima.simpan import cari_berkas_aktif, hitung_sha256
from transforms.terima.terima import terima_berkas

KATALOG = muat_katalog()
PUS_HEADER = "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PUS;UNMET NEED;BULAN\n"


def _pus_file(folder: Path, name: str = "data_pus.csv", pus: int = 507) -> Path:
    path = folder / name
    path.write_text(
        PUS_HEADER + f"0;SULAWESI BARAT;PASANGKAYU;BAMBAIRA;BAMBAIRA;{pus};59;JANUARI\n",
        encoding="utf-8",
    )
    return path


def test_recognised_copied_unchanged_with_sidecar(tmp_path):
    src = _pus_file(tmp_path)
    when = dt.datetime(2025, 10, 1, 8, 0, tzinfo=dt.UTC)
    hasil = terima_berkas(src, tmp_path / "raw", KATALOG, 2025, now=when)
    assert hasil.baru
    assert hasil.path == tmp_path / "raw" / "siga.pus" / "2025-01" / "data_pus.csv"
    assert hasil.path.read_bytes() == src.read_bytes()
    meta = json.loads(Path(str(hasil.path) + ".meta.json").read_text(encoding="utf-8"))
    assert meta["sha256"] == hitung_sha256(src)
    assert meta["nama_asli"] == "data_pus.csv"
    assert meta["sumber"] == "siga.pus"
    assert (meta["tahun"], meta["bulan"]) == (2025, 1)  # its BULAN column: one month
    assert meta["diterima"].startswith("2025-10-01T08:00:00")


def _bulan_file(folder: Path, *bulan: str) -> Path:
    """A SIGA PUS export with one row per month named (the same desa)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = "".join(
        f"{i};SULAWESI BARAT;PASANGKAYU;BAMBAIRA;BAMBAIRA;{500 + i};59;{b}\n"
        for i, b in enumerate(bulan)
    )
    path = folder / "data_pus.csv"
    path.write_text(PUS_HEADER + rows, encoding="utf-8")
    return path


def test_monthly_exports_sent_without_bulan_are_each_their_month(tmp_path):
    """Each month's SIGA export names its month in every row: sent without --bulan, each is
    stored as that month's file, beside the others (before, in the year's folder, each month
    replaced the one before: same source, period and regions)."""
    raw = tmp_path / "raw"
    feb = terima_berkas(_bulan_file(tmp_path / "a", "PEBRUARI"), raw, KATALOG, 2025)
    mar = terima_berkas(_bulan_file(tmp_path / "b", "Maret 2025"), raw, KATALOG, 2025)
    assert (feb.provenans.bulan, mar.provenans.bulan) == (2, 3)
    assert feb.provenans.berkas == "siga.pus/2025-02/data_pus.csv"
    assert mar.provenans.berkas == "siga.pus/2025-03/data_pus.csv"
    assert mar.baru and mar.diganti == ()
    aktif = sorted(p.berkas for _, p in cari_berkas_aktif(raw)[0])
    assert aktif == [feb.provenans.berkas, mar.provenans.berkas]


def test_a_file_of_several_months_stays_in_the_years_folder(tmp_path):
    src = _bulan_file(tmp_path / "a", "JANUARI", "FEBRUARI", "", "bukan bulan")
    hasil = terima_berkas(src, tmp_path / "raw", KATALOG, 2025)
    assert hasil.provenans.bulan is None
    assert hasil.provenans.berkas == "siga.pus/2025/data_pus.csv"


def test_the_command_line_month_wins_over_the_column(tmp_path):
    src = _bulan_file(tmp_path / "a", "JANUARI")
    hasil = terima_berkas(src, tmp_path / "raw", KATALOG, 2025, semester=1)
    assert (hasil.provenans.bulan, hasil.provenans.semester) == (None, 1)


def test_month_in_path(tmp_path):
    hasil = terima_berkas(_pus_file(tmp_path), tmp_path / "raw", KATALOG, 2025, bulan=9)
    assert hasil.path.parent.name == "2025-09"


def test_same_bytes_twice_is_a_no_op(tmp_path):
    src = _pus_file(tmp_path)
    first = terima_berkas(src, tmp_path / "raw", KATALOG, 2025)
    again = terima_berkas(src, tmp_path / "raw", KATALOG, 2025)
    assert not again.baru
    assert again.path == first.path
    assert len(list((tmp_path / "raw").rglob("*.csv"))) == 1


def test_unrecognised_file_refused_in_bahasa_pointing_to_the_source_list(tmp_path):
    """Issue 12.5: the refusal is short (the full list is ``indikator katalog --sumber``)."""
    src = tmp_path / "laporan.csv"
    src.write_text("A;B;C\n1;2;3\n", encoding="utf-8")
    with pytest.raises(SumberTidakDikenal) as exc:
        terima_berkas(src, tmp_path / "raw", KATALOG, 2025)
    message = str(exc.value)
    assert "tidak dikenali" in message
    assert "Kolom berkas: A, B, C" in message
    assert "indikator katalog --sumber" in message
    assert "--kolom" in message
    assert len(message.splitlines()) <= 10
    assert not [s for s in KATALOG.sumber if s in message]  # no list of every source
    assert not (tmp_path / "raw").exists()


def test_corrections_replace_the_latest_earlier_file(tmp_path):
    raw = tmp_path / "raw"
    paths = []
    for i, pus in enumerate((507, 508, 509)):
        folder = tmp_path / f"v{i}"
        folder.mkdir()
        when = dt.datetime(2025, 10, 1 + i, tzinfo=dt.UTC)
        paths.append(terima_berkas(_pus_file(folder, pus=pus), raw, KATALOG, 2025, now=when))
    assert all(h.baru for h in paths)
    assert paths[1].provenans.menggantikan == [paths[0].provenans.berkas]
    assert paths[2].provenans.menggantikan == [paths[1].provenans.berkas]
    aktif, lama = cari_berkas_aktif(raw)
    assert [p.berkas for _, p in aktif] == [paths[2].provenans.berkas]
    assert len(lama) == 2
    assert all(h.path.exists() for h in paths)  # raw is immutable: nothing overwritten


def test_names_in_files_never_become_paths():
    assert nama_aman("../../etc/passwd") == "passwd"
    assert nama_aman("laporan Dinas (final)!.csv") == "laporan_Dinas_final_.csv"
    assert "/" not in nama_aman("a/b\\c.csv")


def test_a_month_stored_in_the_years_folder_before_is_stored_again_as_its_month(
    tmp_path, monkeypatch
):
    """A store from before months were read from the file: January's export sits in the
    year's folder, replaced there by February's. Sent again, January is stored as January
    (same bytes, other period: another file), beside February, which stays in force."""
    import transforms.terima.rencana as rencana

    raw = tmp_path / "raw"
    with monkeypatch.context() as m:  # the old plan: no month from the file
        m.setattr(rencana, "_periode_dari_berkas", lambda src, layout, minta: minta)
        jan = terima_berkas(_bulan_file(tmp_path / "a", "JANUARI"), raw, KATALOG, 2025)
        feb = terima_berkas(_bulan_file(tmp_path / "b", "FEBRUARI"), raw, KATALOG, 2025)
    assert feb.diganti == (jan.provenans.berkas,)  # what the old plan did
    lagi = terima_berkas(_bulan_file(tmp_path / "a", "JANUARI"), raw, KATALOG, 2025)
    assert lagi.baru and lagi.provenans.berkas == "siga.pus/2025-01/data_pus.csv"
    assert lagi.diganti == () and not lagi.dipulihkan
    aktif = sorted(p.berkas for _, p in cari_berkas_aktif(raw)[0])
    assert aktif == sorted([feb.provenans.berkas, lagi.provenans.berkas])
    sama = terima_berkas(_bulan_file(tmp_path / "a", "JANUARI"), raw, KATALOG, 2025)
    assert not sama.baru and sama.path == lagi.path  # now it is the same file: "Sudah ada"
