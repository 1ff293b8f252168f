"""The run id and the manifest: ``manifest.json`` in each generation, ``runs/<id_run>.json``.

Every run leaves ``runs/<id_run>.json`` (published, refused by the guard, or failed), so the
history of an output folder is complete; a published generation carries the same manifest.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

from transforms.keluar.penunjuk import MANIFEST, tulis_teks_atomik

VERSI_SKEMA = "4"  # 4: indikator gained jumlah_desa_lapor, jumlah_desa_seharusnya
# (3: indikator and komponen gained id_run_ubah, karantina gained wilayah;
# indikator gained jenis_periode, kode_periode, target_sumber, catatan_target; new tables lonjakan,
# dim_wilayah, dim_periode, dim_indikator, per_indikator/, indikator.duckdb, kamus.md/html
# 2: karantina gained `tindakan`, advice from catalog/aturan.yaml)
RUNS = "runs"  # OUT/runs/<id_run>.json: one record per run (read by keluar/riwayat)
VERSI_TATA_LETAK = "4"  # 2: generations (OUT/generasi/<id_run>, pointer OUT/terkini); 3: indikator
# and komponen years one file per province (<tabel>/<tahun>/<provinsi>.parquet); 4: per_indikator
# one folder per indicator, one file per province (per_indikator/<kode>/<provinsi>.parquet)


def buat_id_run(now: dt.datetime | None = None) -> str:
    """Sortable, unique run id, e.g. ``20251124T083000Z-1a2b3c``."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{uuid.uuid4().hex[:6]}"


def _teks(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, ensure_ascii=False, indent=2, default=str)


def tulis_manifest(folder: Path, manifest: dict[str, Any]) -> Path:
    """Write ``folder/manifest.json`` (atomically) and return its path."""
    tulis_teks_atomik(folder / MANIFEST, _teks(manifest))
    return folder / MANIFEST


def catat_run(out: Path, manifest: dict[str, Any]) -> Path:
    """Write ``out/runs/<id_run>.json``, the run's record in the folder's history."""
    runs = out / RUNS
    runs.mkdir(parents=True, exist_ok=True)
    path = runs / f"{manifest['id_run']}.json"
    tulis_teks_atomik(path, _teks(manifest))
    return path


def baca_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a generation folder, or None when it has none (or it is unreadable)."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
