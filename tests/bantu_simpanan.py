"""SIGA exports and a raw store of them, shared by the cache tests (result cache, per-year
run, province cache, unchanged years, workers, Dask)."""

from __future__ import annotations

from pathlib import Path

from schemas.katalog import muat_katalog
from transforms.terima.terima import terima_berkas

KATALOG = muat_katalog()
PUS = "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PUS;UNMET NEED;BULAN\n"
MIX = (
    "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PA;SUNTIK;PIL;KONDOM;IMPLAN;IUD;VASEKTOMI;"
    "TUBEKTOMI;MAL;KB MODERN;KB TRADISIONAL;BULAN\n"
)


def tulis_pus(folder: Path, pus: int = 500) -> Path:
    """A SIGA PUS export: good rows, an unknown village, a bad number (problems to keep)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "data_pus.csv"
    path.write_text(
        PUS
        + f"0;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;{pus};50;JANUARI\n"
        + "1;JAWA TENGAH;PURWOREJO;GRABAG;DESA ENTAH BERANTAH;300;10;JANUARI\n"
        + "2;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;abc;50;FEBRUARI\n",
        encoding="utf-8",
    )
    return path


def tulis_mix(folder: Path) -> Path:
    """A SIGA contraception-mix export of one good row (PA = modern + traditional, modern =
    the sum of its methods: usable, as validate says)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "data_mix_kontra.csv"
    path.write_text(
        MIX + "0;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;55;2;3;4;5;6;7;8;9;44;11;JANUARI\n"
    )
    return path


def buat_raw(folder: Path, nama: str = "raw") -> Path:
    """``folder/<nama>``: a raw store with a PUS and a mix_kontra export of 2025."""
    raw = folder / nama
    terima_berkas(tulis_pus(folder / f"kirim-{nama}"), raw, KATALOG, 2025)
    terima_berkas(tulis_mix(folder / f"kirim-{nama}"), raw, KATALOG, 2025)
    return raw
