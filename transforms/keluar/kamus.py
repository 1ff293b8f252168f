"""The data dictionary published beside the data: ``kamus/indikator.parquet``, ``kolom.parquet``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from schemas.katalog import ubah_indikator_ke_dict
from schemas.model import Katalog


def tulis_kamus(out: Path, katalog: Katalog) -> None:
    """Data dictionary tables: the registry and the output columns."""
    folder = out / "kamus"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for ind in katalog.indikator.values():
        entry = ubah_indikator_ke_dict(ind, katalog.komponen)
        entry.pop("komponen")
        entry["kedalaman"] = ",".join(entry["kedalaman"])
        entry["alias"] = json.dumps(entry["alias"], ensure_ascii=False)
        rows.append(entry)
    tmp = folder / "indikator.parquet.tmp"
    pd.DataFrame(rows).to_parquet(tmp, index=False, compression="zstd")
    os.replace(tmp, folder / "indikator.parquet")
    kolom = [
        {"tabel": tabel, "kolom": name, **{k: str(v) for k, v in spec.items()}}
        for tabel, cols in katalog.kolom.items()
        for name, spec in cols.items()
    ]
    tmp = folder / "kolom.parquet.tmp"
    pd.DataFrame(kolom).to_parquet(tmp, index=False, compression="zstd")
    os.replace(tmp, folder / "kolom.parquet")
