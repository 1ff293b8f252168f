"""Publish step: Parquet for every year of the run, the data dictionary and the manifest."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd

from schemas.katalog import muat_katalog
from schemas.kontrak import kolom
from schemas.model import Katalog
from transforms.keluar.kamus import tulis_kamus
from transforms.keluar.manifest import VERSI_SKEMA, tulis_manifest
from transforms.keluar.parquet import terbitkan_tabel
from transforms.komponen.asal import HasilBerkas
from transforms.langkah.ringkasan import Ringkasan
from transforms.terima.simpan import Provenans

_AKAR = Path(__file__).resolve().parents[2]


def _git_sha() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=_AKAR,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def buat_tabel_karantina(
    hasil: list[HasilBerkas], id_run: str, lain: pd.DataFrame | None = None
) -> pd.DataFrame:
    """All problems of all files (and run-level warnings) as the karantina table."""
    names = list(kolom("karantina"))
    frames = [h.masalah for h in hasil if len(h.masalah)]
    if lain is not None and len(lain):
        frames.append(lain)
    if not frames:
        return pd.DataFrame(columns=names)
    return pd.concat(frames, ignore_index=True).assign(id_run=id_run)[names]


def _buat_manifest(
    ringkasan: Ringkasan,
    parameter: dict[str, Any],
    inputs: list[tuple[Path, Provenans]],
    diganti: list[tuple[Path, Provenans]],
) -> dict[str, Any]:
    """The manifest of a published run: inputs with their accounting, outputs, parameters."""
    return {
        "id_run": ringkasan.id_run,
        "selesai": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versi_skema": VERSI_SKEMA,
        "git_sha": _git_sha(),
        "parameter": parameter,
        "masukan": [
            {**vars(p), **next((a for a in ringkasan.berkas if a["berkas"] == p.berkas), {})}
            for _, p in inputs
        ],
        "digantikan_koreksi": [p.berkas for _, p in diganti],
        "keluaran": {
            tabel: {
                str(t): {"baris": n, "berkas": f"{tabel}/{t}/part-0.parquet"}
                for t, n in counts.items()
            }
            for tabel, counts in ringkasan.ditulis.items()
        },
        "jumlah_indikator": ringkasan.jumlah_indikator,
        "jumlah_wilayah": ringkasan.jumlah_wilayah,
    }


def terbitkan(
    out: Path,
    katalog: Katalog,
    tables: dict[str, pd.DataFrame],
    ringkasan: Ringkasan,
    parameter: dict[str, Any],
    inputs: list[tuple[Path, Provenans]],
    diganti: list[tuple[Path, Provenans]],
) -> Path:
    """Write Parquet for every year of this run, the data dictionary and the manifest."""
    from_data = {int(t) for t in tables["indikator"]["tahun"]}
    tahun_list = sorted(from_data | {p.tahun for _, p in inputs})
    ringkasan.ditulis = terbitkan_tabel(out, tables, tahun_list, ringkasan.id_run)
    ringkasan.tahun = tahun_list
    tulis_kamus(out, katalog)
    return tulis_manifest(out, _buat_manifest(ringkasan, parameter, inputs, diganti))


def langkah_terbitkan(out: Path, *args: Any) -> Path:
    """The publish step as the flow calls it (see :func:`terbitkan`), with the catalog."""
    return terbitkan(out, muat_katalog(), *args)
