"""Generate the bundled demo data: synthetic reports for Kab. Purworejo (33.06), 2025.

Every source format the pipeline reads for a kabupaten gets one synthetic file, written in the
real format (header spellings, separators, unnamed index columns, SIGA's 4-digit ``KODE``, the
SIMONEP column-number rows, numbers stored as text), and every agency template
(``indikator template``) is generated and filled. All values come from one seeded model of a
kabupaten of about 770,000 people, so the files agree with each other (PA <= PUS, KRS-based
numerators <= KRS, ...) and satisfy every ``periksa`` rule of their layouts.

Deterministic: a seeded numpy generator per file, fixed workbook timestamps and a fixed receive
time, so running the script again writes the same bytes and ingesting them again is a no-op
("sudah ada"). Raw files of an earlier demo with the same name but other content are removed
before the new version is ingested, so the raw store holds one version of each demo file.

The work lives in the package ``scripts/demo/`` (model, export tables, templates, ingest); this
file is its entry point and can be run or loaded from its path.

Usage: ``uv run python scripts/buat_demo.py [--raw data/demo] [--keluaran FOLDER]``

The demo store ``data/demo`` is not the default raw store (``data/raw``): ``indikator run``
reads it only while ``data/raw`` holds no file, and says so.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a file: the repository root holds the package
    sys.path.insert(0, str(ROOT))

from scripts.demo.utama import buat_demo, main  # noqa: E402

__all__ = ["buat_demo", "main"]

if __name__ == "__main__":
    main()
