"""The run id and the manifest: ``manifest.json`` (the last run), ``runs/<id_run>.json``."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from pathlib import Path
from typing import Any

VERSI_SKEMA = "2"  # 2: karantina gained `tindakan` (advice from catalog/aturan.yaml)


def buat_id_run(now: dt.datetime | None = None) -> str:
    """Sortable, unique run id, e.g. ``20251124T083000Z-1a2b3c``."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{uuid.uuid4().hex[:6]}"


def tulis_manifest(out: Path, manifest: dict[str, Any]) -> Path:
    """Write ``runs/<id_run>.json`` and replace ``manifest.json`` atomically."""
    runs = out / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    text = json.dumps(manifest, ensure_ascii=False, indent=2, default=str)
    (runs / f"{manifest['id_run']}.json").write_text(text, encoding="utf-8")
    tmp = out / "manifest.json.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, out / "manifest.json")
    return out / "manifest.json"
