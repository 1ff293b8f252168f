"""Generate the bundled demo data: synthetic SIGA exports for Kab. Purworejo (33.06), 2025.

Deterministic (fixed seed, fixed receive time): running it again gives the same bytes, and
ingesting the same bytes again is a no-op. The files follow the real SIGA export formats
(``;``-separated, one row per desa per month, month names in Bahasa, names not codes) and are
ingested into ``data/raw/`` with their provenance sidecars, exactly as a user would.

Usage: ``uv run python scripts/buat_demo.py [--raw data/raw]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
from pathlib import Path

import pandas as pd

from transforms.catalog import load_katalog
from transforms.ingest import ingest_file
from transforms.parse import BULAN
from transforms.wilayah import load_master

ROOT = Path(__file__).resolve().parents[1]
KABUPATEN = "33.06"
TAHUN = 2025
SEED = 3306
DITERIMA = dt.datetime(2025, 12, 31, 9, 0, tzinfo=dt.UTC)
NAMA_BULAN = list(BULAN)  # JANUARI..DESEMBER


def desa_purworejo() -> pd.DataFrame:
    """Provinsi, kabupaten, kecamatan and desa names of Kab. Purworejo from the master."""
    master = load_master("2025")
    frame = master.frame.set_index("kode_wilayah")
    nama = frame["nama_wilayah"]
    desa = frame.loc[master.descendants(KABUPATEN, "desa")].reset_index()
    return pd.DataFrame(
        {
            "PROVINSI": nama[KABUPATEN[:2]].upper(),
            "KABUPATEN": nama[KABUPATEN].upper().removeprefix("KABUPATEN "),
            "KECAMATAN": desa["kode_kecamatan"].map(nama).str.upper().to_numpy(),
            "KODE": desa["kode_wilayah"].str.slice(9).to_numpy(),
            "KELURAHAN": desa["nama_wilayah"].str.upper().to_numpy(),
        }
    )


def buat_tabel(desa: pd.DataFrame, rng: random.Random) -> dict[str, pd.DataFrame]:
    """Monthly PUS, contraceptive mix and BKB member rows with the SIGA invariants holding."""
    pus_rows, mix_rows, bkb_rows = [], [], []
    for _, d in desa.iterrows():
        pus0 = rng.randint(250, 1400)
        pa_share = rng.uniform(0.55, 0.8)
        bkb_pus0 = rng.randint(15, 90)
        for b, bulan in enumerate(NAMA_BULAN):
            pus = pus0 + rng.randint(-8, 8) + b
            pa = int(pus * (pa_share + rng.uniform(-0.02, 0.02)))
            unmet = rng.randint(0, max(0, (pus - pa) // 4))
            tradisional = rng.randint(0, 3)
            modern = pa - tradisional
            metode = _bagi(modern, rng, 8)
            bkb_pus = bkb_pus0 + rng.randint(-3, 3)
            bkb_kb = bkb_pus - rng.choice([0, 0, 0, 1, 2])
            names = {k: d[k] for k in ("PROVINSI", "KABUPATEN", "KECAMATAN", "KELURAHAN")}
            pus_rows.append({**names, "PUS": pus, "UNMET NEED": unmet, "BULAN": bulan})
            mix_rows.append(
                {
                    **names,
                    "PA": pa,
                    **dict(
                        zip(
                            [
                                "SUNTIK",
                                "PIL",
                                "KONDOM",
                                "IMPLAN",
                                "IUD",
                                "VASEKTOMI",
                                "TUBEKTOMI",
                                "MAL",
                            ],
                            metode,
                            strict=True,
                        )
                    ),
                    "KB MODERN": modern,
                    "KB TRADISIONAL": tradisional,
                    "BULAN": bulan,
                }
            )
            anggota = bkb_pus + rng.randint(0, 20)
            hadir = rng.randint(bkb_pus // 2, anggota)
            bkb_rows.append(
                {
                    "PROVINSI": d["PROVINSI"],
                    "KABUPATEN": d["KABUPATEN"],
                    "KECAMATAN": d["KECAMATAN"],
                    "KODE": d["KODE"],
                    "KELURAHAN": d["KELURAHAN"],
                    "JUMLAH PERTEMUAN PENYULUHAN": 1,
                    "TATAP MUKA": 1,
                    "VIRTUAL": 0,
                    "JUMLAH KELUARGA ANGGOTA BKB": anggota,
                    "JUMLAH KELUARGA ANGGOTA BKB HADIR PERTEMUAN": hadir,
                    "STATUS PUS": bkb_pus,
                    "STATUS BER KB": bkb_kb,
                    "JUMLAH ANAK KELUARGA ANGGOTA BKB HADIR PERTEMUAN": hadir,
                    "KKA": hadir,
                    "KMS": hadir,
                    "PERKEMBANGAN ANAK SESUAI": hadir,
                    "PERKEMBANGAN ANAK TIDAK SESUAI": 0,
                    "BULAN": bulan,
                }
            )
    pus = pd.DataFrame(pus_rows)
    mix = pd.DataFrame(mix_rows)
    return {
        "data_pus.csv": pus.rename_axis("NO").reset_index(),
        "data_mix_kontra.csv": mix.rename_axis("NO").reset_index(),
        "data_bkb_keluarga.csv": pd.DataFrame(bkb_rows).reset_index(names=""),
    }


def _bagi(total: int, rng: random.Random, parts: int) -> list[int]:
    """Split a total into ``parts`` non-negative integers (weights like a real method mix)."""
    weights = [0.5, 0.15, 0.03, 0.18, 0.08, 0.005, 0.05, 0.005][:parts]
    raw = [total * w * rng.uniform(0.8, 1.2) for w in weights]
    scale = total / sum(raw) if sum(raw) else 0
    values = [int(v * scale) for v in raw]
    values[0] += total - sum(values)
    return values


def main() -> None:
    """Write the demo CSVs and ingest them into the raw store."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=ROOT / "data/raw")
    args = parser.parse_args()
    rng = random.Random(SEED)
    tables = buat_tabel(desa_purworejo(), rng)
    katalog = load_katalog()
    with tempfile.TemporaryDirectory() as tmp:
        for name, frame in tables.items():
            path = Path(tmp) / name
            frame.to_csv(path, sep=";", index=False, lineterminator="\n")
            hasil = ingest_file(path, args.raw, katalog, TAHUN, now=DITERIMA, wilayah=KABUPATEN)
            status = "baru" if hasil.baru else "sudah ada"
            print(f"{name}: {len(frame)} baris → {hasil.path} ({status})")


if __name__ == "__main__":
    main()
