"""Generate the bad-input corpus: small broken and hostile files plus their expected outcome.

Every case is one small file in ``tests/korpus/`` and one entry in ``tests/korpus/harapan.yaml``:
the ingest parameters, the expected outcome (``diterima``: every data row used, ``sebagian``:
some rows quarantined, ``ditolak``: the whole file rejected), the exit code of
``indikator validate``, the expected problems ``(baris, aturan, tingkat_masalah)`` and the row
accounting ``dibaca = dipakai + karantina + bukan_data``. ``tests/test_korpus.py`` checks all
of it against :func:`transforms.langkah.periksa.periksa_berkas_kiriman`, the CLI and one end-to-end
run.

The cases are data: ``scripts/korpus/kasus/*.yaml`` list each file, how it is made and what the
pipeline must make of it; the package ``scripts/korpus/`` is the generic writer. The valid
content is a slice of real region names (desa of Kecamatan Grabag, Kabupaten Purworejo 33.06,
from the 2025 Kemendagri master) in the real SIGA export layouts (``data_pus``,
``data_mix_kontra``, ``data_bkb``, ``data_verval_krs``) and a generic dinas table. Numbers come
from a seeded generator.

Deterministic: fixed seeds, no timestamps (workbook properties and zip entry times are fixed),
so running the script again writes the same bytes.

Usage: ``uv run python scripts/buat_korpus.py [--keluaran tests/korpus]``
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a file: the repository root holds the package
    sys.path.insert(0, str(ROOT))

from scripts.korpus.utama import main, tulis_korpus  # noqa: E402

__all__ = ["main", "tulis_korpus"]

if __name__ == "__main__":
    main()
