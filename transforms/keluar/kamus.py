"""The data dictionary in each generation: ``kamus/indikator.parquet``, ``kamus/kolom.parquet``."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa

from schemas.katalog import ubah_indikator_ke_dict
from schemas.model import Katalog
from transforms.keluar.parquet import tulis_parquet


def tulis_kamus(generasi: Path, katalog: Katalog) -> None:
    """Data dictionary tables under ``generasi/kamus``: the registry and the output columns."""
    folder = generasi / "kamus"
    rows = []
    for ind in katalog.indikator.values():
        entry = ubah_indikator_ke_dict(ind, katalog.komponen)
        entry.pop("komponen")
        entry["kedalaman"] = ",".join(entry["kedalaman"])
        entry["alias"] = json.dumps(entry["alias"], ensure_ascii=False)
        rows.append(entry)
    tulis_parquet(_ke_arrow(pd.DataFrame(rows)), folder / "indikator.parquet")
    kolom = [
        {"tabel": tabel, "kolom": name, **{k: str(v) for k, v in spec.items()}}
        for tabel, cols in katalog.kolom.items()
        for name, spec in cols.items()
    ]
    tulis_parquet(_ke_arrow(pd.DataFrame(kolom)), folder / "kolom.parquet")


def _ke_arrow(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)
