"""The correction rerun of the national benchmark: one raw file corrected, ingested, run again.

A kabupaten office finds a wrong number and sends its file again: the same source, regions and
period, one value changed. Two cases are measured: a national file sent again (every province
has rows from it), and one province's file sent again after a month's ``data_pus`` came as one
file per province (``pisah_per_provinsi``: the other provinces' inputs are unchanged).
``buat_koreksi`` writes such a copy of a generated file (the first data row's ``PUS`` plus
one), as CSV or XLSX, byte for byte otherwise the same; the benchmark ingests it (identity by
coverage: it replaces the stored file) and runs again, and compares that with the full ingest
+ run. ``periksa_koreksi`` checks that the published value moved by exactly that one (so the
correction was used, not a cached result).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd

KOLOM = "PUS"
KODE_PUS = "spm.02"  # peserta KB aktif / PUS: PUS is its denominator


def _koreksi_csv(src: Path, dst: Path) -> tuple[int, int]:
    """``dst``: ``src`` with PUS of its first data row plus one; (row, old value)."""
    teks = src.read_bytes().decode("utf-8")
    baris = teks.split("\n")
    judul = baris[0].rstrip("\r").split(";")
    kol = judul.index(KOLOM)
    sel = baris[1].split(";")
    lama = int(sel[kol])
    sel[kol] = str(lama + 1)
    baris[1] = ";".join(sel)
    dst.write_bytes("\n".join(baris).encode("utf-8"))
    return 2, lama


def _koreksi_xlsx(src: Path, dst: Path) -> tuple[int, int]:
    """The same change in the worksheet XML of an XLSX package (other members unchanged)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        lama = -1
        for info in zin.infolist():
            isi = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                teks = isi.decode("utf-8")
                huruf = re.search(rf'<c r="([A-Z]+)1" t="inlineStr"><is><t>{KOLOM}</t>', teks)
                if huruf is None:
                    raise ValueError(f"{src}: kolom {KOLOM} tidak ditemukan")
                pola = re.compile(rf'(<c r="{huruf.group(1)}2"><v>)(\d+)(</v>)')
                m = pola.search(teks)
                if m is None:
                    raise ValueError(f"{src}: sel {huruf.group(1)}2 tidak ditemukan")
                lama = int(m.group(2))
                teks = teks[: m.start(2)] + str(lama + 1) + teks[m.end(2) :]
                isi = teks.encode("utf-8")
            zout.writestr(info, isi)
    return 2, lama


def buat_koreksi(src: Path, folder: Path) -> tuple[Path, int]:
    """A corrected copy of ``src`` (same file name) in ``folder``; returns it and the old value."""
    folder.mkdir(parents=True, exist_ok=True)
    dst = folder / src.name
    ubah = _koreksi_xlsx if src.suffix.lower() == ".xlsx" else _koreksi_csv
    _, lama = ubah(src, dst)
    return dst, lama


def _baca_siga(src: Path) -> pd.DataFrame:
    """A generated SIGA export as text cells (header row first)."""
    if src.suffix.lower() == ".csv":
        return pd.read_csv(src, sep=";", dtype=str, keep_default_na=False)
    import fastexcel

    lembar = fastexcel.read_excel(src).load_sheet(0, dtypes="string")
    return lembar.to_pandas().fillna("")


def pisah_per_provinsi(src: Path, folder: Path) -> list[Path]:
    """A generated national export as one SIGA CSV per province, as provinces send them
    (``folder/<nn>/<name>.csv``, all with the same name; provinces in the file's order)."""
    frame = _baca_siga(src)
    berkas = []
    for i, (_, bagian) in enumerate(frame.groupby("PROVINSI", sort=False)):
        dst = folder / f"{i:02d}" / f"{src.stem}.csv"
        dst.parent.mkdir(parents=True, exist_ok=True)
        bagian.to_csv(dst, sep=";", index=False)
        berkas.append(dst)
    return berkas


def nilai_provinsi(out: Path, bulan: int) -> pd.Series:
    """Published PUS denominators per province for one month (``kode_wilayah`` → value)."""
    o = pd.read_parquet(
        out / "indikator",
        columns=["kode_indikator", "tingkat", "kode_wilayah", "bulan", "penyebut"],
    )
    o = o[(o["kode_indikator"] == KODE_PUS) & (o["tingkat"] == "provinsi") & (o["bulan"] == bulan)]
    return o.set_index("kode_wilayah")["penyebut"].sort_index()


def periksa_koreksi(sebelum: pd.Series, sesudah: pd.Series) -> bool:
    """True when exactly one province moved, by exactly +1 (the corrected desa's)."""
    beda = (sesudah - sebelum.reindex(sesudah.index)).fillna(0)
    return int((beda != 0).sum()) == 1 and float(beda[beda != 0].iloc[0]) == 1.0
