"""Region-name matching before/after: the staged matcher for every combination of every file
(``cepat=False``, as before) against exact lookups once per distinct combination, memoised
across the files of a run, with the staged matcher only for the rest (``cepat=True``).

Both read the same files as text (the region columns only) and must give identical results.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from transforms.wilayah import tepat
from transforms.wilayah.cocok import cocokkan_wilayah
from transforms.wilayah.master import muat_master

KOLOM = {"provinsi": "PROVINSI", "kabupaten": "KABUPATEN", "kecamatan": "KECAMATAN"}
KOLOM["desa"] = "KELURAHAN"


def _baca_nama(path: Path) -> pd.DataFrame:
    """The region columns (and KODE) of one generated file, as text."""
    pakai = [*KOLOM.values(), "KODE"]
    if path.suffix == ".csv":
        return pd.read_csv(
            path, sep=";", dtype=str, keep_default_na=False, usecols=lambda c: c in pakai
        )
    import fastexcel

    lembar = fastexcel.read_excel(path).load_sheet(
        0, use_columns=lambda c: c.name in pakai, dtypes="string"
    )
    return lembar.to_pandas()


def _cocokkan_semua(tabel: list[pd.DataFrame], cepat: bool) -> tuple[float, list[pd.DataFrame]]:
    """Match every file; seconds and results (the memo starts empty)."""
    tepat.lupakan_tepat()
    mulai = time.process_time()
    hasil = []
    for df in tabel:
        kolom = {**KOLOM, "kode_desa_suffix": "KODE"} if "KODE" in df.columns else KOLOM
        hasil.append(cocokkan_wilayah(df, kolom, nama_kabupaten="siga", cepat=cepat))
    return time.process_time() - mulai, hasil


def ukur_pencocokan(berkas: list[Path]) -> dict[str, object]:
    """CPU seconds of matching ``berkas`` before and after; results compared."""
    muat_master("2025")._kunci  # noqa: B018 - the master's name keys: a one-off per process
    tabel = [_baca_nama(p) for p in berkas]
    detik_lama, lama = _cocokkan_semua(tabel, cepat=False)
    detik_baru, baru = _cocokkan_semua(tabel, cepat=True)
    sama = all(a.equals(b) for a, b in zip(lama, baru, strict=True))
    baris = sum(len(t) for t in tabel)
    status = pd.concat(baru)["status"].value_counts().to_dict()
    return {
        "berkas": len(berkas),
        "baris": baris,
        "detik_sebelum": detik_lama,
        "detik_sesudah": detik_baru,
        "percepatan": detik_lama / detik_baru if detik_baru else float("nan"),
        "hasil_sama": sama,
        "status": status,
    }
