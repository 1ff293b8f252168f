"""End to end: bad values in a real SIGA ``data_pus`` export end in karantina, never in the output.

The file is the real Sulawesi Barat export's header and first desa rows, one bad value per row:
non-finite text (``inf``, ``NaN``, ``1e999``), a value far above the PUS ceiling (``1.2e29``),
a month cell of another year (``DESEMBER 2024`` in a file ingested for 2025) and a last row cut
mid-row. ``indikator ingest`` + ``indikator run`` publish the one good row only; every bad row
is in karantina with its rule and message. ``indikator validate`` exits 1 naming the rule for a
file whose only data row has that value, and refuses a file with a duplicated PUS header.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import realdata_path

runner = CliRunner()

pytestmark = pytest.mark.lambat  # ingest + run + one validate per bad value

BURUK = {  # data row (0-based) -> (column, bad text, rule, text the message must contain)
    1: ("PUS", "inf", "angka_tak_hingga", "tak hingga atau bukan-angka"),
    2: ("PUS", "1.2e29", "melebihi_batas_atas", "melebihi batas wajar 125.000"),
    3: ("PUS", "NaN", "angka_tak_hingga", "tak hingga atau bukan-angka"),
    4: ("PUS", "1e999", "angka_tak_hingga", "tak hingga atau bukan-angka"),
    5: ("BULAN", "DESEMBER 2024", "tahun_tidak_sesuai", "tahun di berkas (2024) berbeda"),
}
TERPOTONG = 6  # the last data row, cut mid-row


def _asli() -> tuple[list[str], list[list[str]]]:
    """The header and the first 7 data rows of the real export (all JANUARI, 7 desa)."""
    teks = realdata_path("bkkbn-sulbar-siga", "data_pus.csv").read_text(encoding="utf-8")
    lines = teks.splitlines()
    return lines[0].split(";"), [line.split(";") for line in lines[1:8]]


def _tulis(path: Path, judul: list[str], rows: list[list[str]], potong: bool = False) -> Path:
    teks = "\n".join(";".join(r) for r in [judul, *rows]) + "\n"
    if potong:  # stop inside the PUS cell of the last row, as a broken download does
        akhir = ";".join(rows[-1])
        teks = teks[: len(teks) - 1 - len(akhir)] + akhir[: akhir.index(";" + rows[-1][5]) + 2]
    path.write_text(teks, encoding="utf-8")
    return path


def _buruk(judul: list[str], rows: list[list[str]]) -> list[list[str]]:
    out = [list(r) for r in rows]
    for i, (kolom, teks, _, _) in BURUK.items():
        out[i][judul.index(kolom)] = teks
    return out


def test_nilai_buruk_dikarantina_tidak_diterbitkan(tmp_path):
    judul, rows = _asli()
    src = _tulis(tmp_path / "data_pus.csv", judul, _buruk(judul, rows), potong=True)
    raw, out = tmp_path / "raw", tmp_path / "out"
    masuk = runner.invoke(app, ["ingest", str(src), "--tahun", "2025", "--raw", str(raw)])
    assert masuk.exit_code == 0, masuk.output
    hasil = runner.invoke(app, ["run", "--tanpa-prefect", "--raw", str(raw), "--out", str(out)])
    assert hasil.exit_code == 0, hasil.output
    assert "Traceback" not in hasil.output

    komponen = pd.read_parquet(out / "komponen")
    assert set(komponen["baris"]) == {2}  # only the first data row (file row 2) is used
    assert set(komponen["bulan"]) == {1}  # no December 2025 was made of DESEMBER 2024
    assert komponen["nilai"].abs().max() < 1e4
    indikator = pd.read_parquet(out / "indikator")
    assert indikator["bulan"].dropna().astype(int).eq(1).all()
    assert pd.Series(indikator["nilai"]).dropna().abs().lt(1e6).all()

    karantina = pd.read_parquet(out / "karantina")
    galat = karantina[karantina["tingkat_masalah"] == "galat"].set_index("baris")
    for i, (kolom, teks, aturan, pesan) in BURUK.items():
        baris = galat.loc[[i + 2]]  # header is file row 1
        assert list(baris["aturan"]) == [aturan], (i, baris)
        assert list(baris["kolom"]) == [kolom] and list(baris["nilai"]) == [teks]
        assert pesan in baris["pesan"].iloc[0] and baris["tindakan"].iloc[0]
    potong = galat.loc[[TERPOTONG + 2]]
    assert list(potong["aturan"]) == ["baris_terpotong"]
    assert "berkas terpotong" in potong["pesan"].iloc[0]
    assert len(galat) == len(BURUK) + 1


def _validasi(src: Path, tmp_path: Path) -> tuple[int, str]:
    hasil = runner.invoke(
        app, ["validate", str(src), "--tahun", "2025", "--out", str(tmp_path / "laporan")]
    )
    assert "Traceback" not in hasil.output
    return hasil.exit_code, " ".join(hasil.output.split())


@pytest.mark.parametrize("i", sorted(BURUK))
def test_validate_keluar_1_menyebut_aturan(tmp_path, i):
    """A file whose only data row carries the bad value cannot be used: exit 1, rule named."""
    judul, rows = _asli()
    src = _tulis(tmp_path / "data_pus.csv", judul, [_buruk(judul, rows)[i]])
    kode, teks = _validasi(src, tmp_path)
    assert kode == 1, teks
    assert "TIDAK DAPAT DIPAKAI" in teks and "1 galat" in teks
    assert BURUK[i][2] in teks and BURUK[i][3] in teks
    assert (tmp_path / "laporan" / "data_pus.laporan.html").is_file()


def test_validate_baris_terpotong(tmp_path):
    judul, rows = _asli()
    src = _tulis(tmp_path / "data_pus.csv", judul, rows[:1], potong=True)
    kode, teks = _validasi(src, tmp_path)
    assert kode == 1, teks
    assert "baris_terpotong" in teks and "berkas terpotong" in teks


def test_validate_judul_ganda_ditolak(tmp_path):
    judul, rows = _asli()
    src = _tulis(tmp_path / "data_pus.csv", [*judul, "PUS"], [[*r, "1"] for r in rows])
    kode, teks = _validasi(src, tmp_path)
    assert kode == 1, teks
    assert "seluruh berkas ditolak: judul kolom 'PUS' muncul 2 kali (kolom F dan I)" in teks


def test_validate_koma_ribuan_ambigu(tmp_path):
    """``1,000`` in a count column: thousands (English) or one (Indonesian decimal)? The row
    is refused with its own rule and advice, never read as 1."""
    judul, rows = _asli()
    baris = list(rows[0])
    baris[judul.index("PUS")] = "1,000"
    src = _tulis(tmp_path / "data_pus.csv", judul, [baris])
    kode, teks = _validasi(src, tmp_path)
    assert kode == 1, teks
    assert "angka_ambigu" in teks and "ambigu" in teks and "1,000" in teks
