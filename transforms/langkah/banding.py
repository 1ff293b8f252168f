"""``indikator diff`` as a step: pick two runs, compare their generations, explain, write.

The comparison itself is :mod:`transforms.keluar.perbedaan`; the explanations come from the
two run records and the raw store's history (withdrawals) of run B's raw store.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from schemas.katalog import muat_katalog
from schemas.kontrak import ubah_ke_arrow
from transforms.keluar.parquet import tulis_parquet
from transforms.keluar.penjelasan import buat_peta_komponen, cari_perubahan_masukan
from transforms.keluar.perbedaan import buat_perubahan
from transforms.keluar.riwayat import baca_runs, folder_generasi, pilih_pasangan
from transforms.keluar.tulis_aman import tulis_csv_aman
from transforms.terima.riwayat import TARIK, baca_riwayat


@dataclass
class HasilBanding:
    """Two runs compared: the records, the input changes, the changed indicator values
    (``perubahan``) and the changed component values behind them (``komponen``)."""

    run_a: dict[str, Any]
    run_b: dict[str, Any]
    masukan: list[dict[str, str]]
    perubahan: pd.DataFrame
    komponen: pd.DataFrame


def cari_ditarik(rec: dict[str, Any]) -> set[str]:
    """Stored files withdrawn according to the history of the run's raw store."""
    raw = (rec.get("parameter") or {}).get("raw")
    if not raw or not Path(raw).is_dir():
        return set()
    return {p.berkas for p in baca_riwayat(Path(raw)) if p.aksi == TARIK}


def bandingkan_run(out: Path, a: str | None = None, b: str | None = None) -> HasilBanding:
    """Compare the generations of runs ``a`` and ``b`` (default: the last two that made a
    generation current).

    Raises:
        RiwayatGagal: a run is unknown, made no generation, or its generation was pruned.
    """
    run_a, run_b = pilih_pasangan(baca_runs(out), a, b)
    folder_a, folder_b = folder_generasi(out, run_a), folder_generasi(out, run_b)
    masukan = cari_perubahan_masukan(run_a, run_b, cari_ditarik(run_b) | cari_ditarik(run_a))
    peta = buat_peta_komponen(muat_katalog())
    ids = (str(run_a["id_run"]), str(run_b["id_run"]))
    perubahan, komponen = buat_perubahan(folder_a, folder_b, peta, masukan, ids)
    return HasilBanding(run_a, run_b, masukan, perubahan, komponen)


def tulis_perubahan(hasil: HasilBanding, folder: Path) -> tuple[Path, Path]:
    """Write the ``perubahan`` table as ``perubahan-<A>-<B>.parquet`` and ``.csv`` in
    ``folder`` (its contract in ``catalog/kolom.yaml``); return both paths."""
    nama = f"perubahan-{hasil.run_a['id_run']}-{hasil.run_b['id_run']}"
    folder.mkdir(parents=True, exist_ok=True)
    parquet, csv = folder / f"{nama}.parquet", folder / f"{nama}.csv"
    tulis_parquet(ubah_ke_arrow(hasil.perubahan, "perubahan"), parquet)
    tulis_csv_aman(hasil.perubahan, csv)
    return parquet, csv
