"""Generate a synthetic national year of SIGA monthly exports (data_pus, data_mix_kontra,
data_bkb_keluarga) for every desa of the 2025 Kemendagri master, with the expected province
and kabupaten values, for the national benchmark (``benchmarks/nasional.py``) and its tests.

The files copy the real Sulawesi Barat SIGA exports (``../shared/realdata/bkkbn-sulbar-siga``):
``;`` separator, the ``NO`` / unnamed index column, upper-case names, bare kabupaten names and
``KOTA X``, the 4-digit ``KODE`` in data_bkb_keluarga, Indonesian month names in ``BULAN``.
Deterministic (seeded per province and month; fixed workbook times): the same arguments write
the same bytes. The work lives in ``scripts/nasional/``.

Usage::

    uv run python scripts/buat_nasional.py /tmp/nasional --bulan 1-12            # all Indonesia
    uv run python scripts/buat_nasional.py /tmp/sulbar --provinsi 76 --bulan 1,3  # quick
    uv run python scripts/buat_nasional.py /tmp/x --per-provinsi --format xlsx

Files go to ``KELUARAN/<format>/<tahun>-<bulan>/[<provinsi>/]<sumber>.<format>``; the expected
values to ``KELUARAN/harapan.parquet`` (tingkat, kode_wilayah, tahun, bulan, kode_indikator,
pembilang, penyebut, jumlah_desa) and a summary to ``KELUARAN/ringkasan.json``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a file: the repository root holds the package
    sys.path.insert(0, str(ROOT))

from scripts.nasional.utama import buat_nasional, main  # noqa: E402

__all__ = ["buat_nasional", "main"]

if __name__ == "__main__":
    main()
