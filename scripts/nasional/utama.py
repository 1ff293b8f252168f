"""The national generator's driver: months x provinces -> SIGA files + expected values."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pandas as pd

from scripts.nasional.angka import TABEL, buat_bulan
from scripts.nasional.harapan import hitung_harapan
from scripts.nasional.wilayah import buat_desa
from scripts.nasional.xlsx import tulis_xlsx

SEED = 20251
TAHUN = 2025
FORMAT = ("csv", "xlsx")


def urai_bulan(teks: str) -> list[int]:
    """``1-12``, ``1,3,12`` or ``3`` -> sorted months."""
    hasil: set[int] = set()
    for bagian in teks.split(","):
        awal, _, akhir = bagian.strip().partition("-")
        hasil.update(range(int(awal), int(akhir or awal) + 1))
    if not hasil or min(hasil) < 1 or max(hasil) > 12:
        raise ValueError(f"bulan harus 1-12: {teks!r}")
    return sorted(hasil)


def folder_bulan(keluaran: Path, fmt: str, tahun: int, bulan: int) -> Path:
    """Where the files of one month in one format go."""
    return keluaran / fmt / f"{tahun}-{bulan:02d}"


def _tulis(frame: pd.DataFrame, path: Path, fmt: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        frame.to_csv(path, sep=";", index=False, lineterminator="\n", encoding="utf-8")
    else:
        tulis_xlsx(frame, path)


def _bulan_provinsi(
    desa: pd.DataFrame, seed: int, tahun: int, bulan: int
) -> tuple[dict[str, dict[str, pd.DataFrame]], pd.DataFrame]:
    """Per province: the three tables of one month (with their rows' kabupaten codes under
    ``KABUPATEN_BARIS``), and the expected values."""
    tabel: dict[str, dict[str, pd.DataFrame]] = {}
    harapan = []
    for prov, bagian in desa.groupby("kode_provinsi", sort=True):
        b = buat_bulan(seed, str(prov), len(bagian), bulan)
        tabel[str(prov)] = {nama: buat(bagian, b, bulan) for nama, buat in TABEL.items()}
        tabel[str(prov)][KABUPATEN_BARIS] = bagian[["kode_kabupaten"]].reset_index(drop=True)
        harapan.append(hitung_harapan(bagian, b, tahun, bulan))
    return tabel, pd.concat(harapan, ignore_index=True)


KABUPATEN_BARIS = "_kabupaten"


def _nomori(frame: pd.DataFrame) -> pd.DataFrame:
    """The index column (``NO`` or unnamed) numbered from 0, as one export has it."""
    return frame.assign(**{frame.columns[0]: list(range(len(frame)))})


def _satukan(tabel: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Provinces of one source in one national file, the index column renumbered."""
    return _nomori(pd.concat(tabel.values(), ignore_index=True))


def _per_kabupaten(per_sumber: dict[str, pd.DataFrame], nama: str) -> dict[str, pd.DataFrame]:
    """One province's table of source ``nama`` cut per kabupaten (code → its own export)."""
    kab = per_sumber[KABUPATEN_BARIS]["kode_kabupaten"].to_numpy()
    tabel = per_sumber[nama]
    return {str(k): _nomori(tabel[kab == k].reset_index(drop=True)) for k in dict.fromkeys(kab)}


def _berkas_bulan(
    tabel: dict[str, dict[str, pd.DataFrame]], nama: str, pembagian: str
) -> dict[str, pd.DataFrame]:
    """The files of one source in one month: relative folder ("" national) → table."""
    if pembagian == "provinsi":
        return {prov: t[nama] for prov, t in tabel.items()}
    if pembagian == "kabupaten":
        return {
            f"{prov}/{kab}": isi
            for prov, t in tabel.items()
            for kab, isi in _per_kabupaten(t, nama).items()
        }
    return {"": _satukan({p: t[nama] for p, t in tabel.items()})}


def buat_nasional(
    keluaran: Path,
    bulan: list[int],
    provinsi: list[str] | None = None,
    fmt: tuple[str, ...] = FORMAT,
    per_provinsi: bool = False,
    seed: int = SEED,
    tahun: int = TAHUN,
    per_kabupaten: bool = False,
) -> dict[str, object]:
    """Write the SIGA monthly exports and ``harapan.parquet``; return a summary (also JSON).

    One file per source and month, or per province (``per_provinsi``: ``<bulan>/<provinsi>/``)
    or per kabupaten/kota (``per_kabupaten``: ``<bulan>/<provinsi>/<kabupaten>/``, every file
    of a source with the same name, as a provincial office receives them)."""
    pembagian = "kabupaten" if per_kabupaten else "provinsi" if per_provinsi else "nasional"
    mulai = time.perf_counter()
    desa = buat_desa(provinsi)
    berkas: list[str] = []
    harapan = []
    for b in bulan:
        tabel, h = _bulan_provinsi(desa, seed, tahun, b)
        harapan.append(h)
        for f in fmt:
            folder = folder_bulan(keluaran, f, tahun, b)
            for nama in TABEL:
                for sub, isi in _berkas_bulan(tabel, nama, pembagian).items():
                    path = folder / sub / f"{nama}.{f}"
                    _tulis(isi, path, f)
                    berkas.append(str(path.relative_to(keluaran)))
    semua = pd.concat(harapan, ignore_index=True)
    keluaran.mkdir(parents=True, exist_ok=True)
    semua.to_parquet(keluaran / "harapan.parquet", index=False)
    ringkasan = {
        "tahun": tahun,
        "bulan": bulan,
        "provinsi": sorted(desa["kode_provinsi"].unique().tolist()),
        "format": list(fmt),
        "per_provinsi": per_provinsi,
        "per_kabupaten": per_kabupaten,
        "seed": seed,
        "desa": len(desa),
        "desa_nama_ganda": int(desa["ganda"].sum()),
        "desa_ejaan_lain": int(desa["varian"].sum()),
        "baris_per_sumber_per_bulan": len(desa),
        "berkas": berkas,
        "detik": round(time.perf_counter() - mulai, 1),
    }
    (keluaran / "ringkasan.json").write_text(json.dumps(ringkasan, indent=1), encoding="utf-8")
    return ringkasan


def main(argv: list[str] | None = None) -> None:
    """Command line: ``buat_nasional.py KELUARAN [--bulan 1-12] [--provinsi 76] ...``."""
    p = argparse.ArgumentParser(description="Ekspor SIGA bulanan sintetis untuk seluruh desa.")
    p.add_argument("keluaran", type=Path, help="folder keluaran (tidak di-commit)")
    p.add_argument("--bulan", default="1-12", help="mis. 1-12, 1,3,12 (bawaan 1-12)")
    p.add_argument("--provinsi", default=None, help="kode provinsi, mis. 76 atau 31,53")
    p.add_argument("--format", default="csv,xlsx", help="csv, xlsx atau csv,xlsx")
    p.add_argument("--per-provinsi", action="store_true", help="satu berkas per provinsi")
    p.add_argument(
        "--per-kabupaten", action="store_true", help="satu berkas per kabupaten/kota (nama sama)"
    )
    p.add_argument("--seed", type=int, default=SEED)
    a = p.parse_args(argv)
    fmt = tuple(f.strip() for f in a.format.split(","))
    if set(fmt) - set(FORMAT):
        p.error(f"format tidak dikenal: {a.format}")
    provinsi = [k.strip() for k in a.provinsi.split(",")] if a.provinsi else None
    r = buat_nasional(
        a.keluaran,
        urai_bulan(a.bulan),
        provinsi,
        fmt,
        a.per_provinsi,
        a.seed,
        per_kabupaten=a.per_kabupaten,
    )
    print(
        f"{len(r['berkas'])} berkas, {r['desa']:,} desa x {len(r['bulan'])} bulan, "
        f"{r['desa_nama_ganda']} desa bernama ganda, {r['desa_ejaan_lain']} ejaan lain, "
        f"{r['detik']} detik → {a.keluaran}"
    )
