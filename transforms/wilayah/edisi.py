"""Editions of the region master (``catalog/wilayah/edisi.yaml``): list, order, year."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import yaml

from transforms.wilayah.katalog import KATALOG_WILAYAH

EDISI_BAKU: Final = "2025"


@lru_cache(maxsize=4)
def _katalog_edisi(direktori: Path = KATALOG_WILAYAH) -> dict[str, Any]:
    """Read ``edisi.yaml`` (cached)."""
    with (direktori / "edisi.yaml").open(encoding="utf-8") as berkas:
        return yaml.safe_load(berkas)


def muat_daftar_edisi() -> dict[str, dict[str, Any]]:
    """Return the vendored editions as ``{edisi: metadata}`` (a fresh copy)."""
    return {str(k): dict(v) for k, v in _katalog_edisi()["edisi"].items()}


def cari_edisi_untuk_tahun(tahun: int) -> str:
    """Return the edition in force for data of year ``tahun`` (largest ``berlaku_dari_tahun``).

    >>> cari_edisi_untuk_tahun(2024)
    '2022'
    """
    berlaku = [
        (int(meta["berlaku_dari_tahun"]), edisi)
        for edisi, meta in muat_daftar_edisi().items()
        if int(meta["berlaku_dari_tahun"]) <= tahun
    ]
    if not berlaku:
        raise ValueError(f"tidak ada edisi master wilayah untuk tahun {tahun}")
    return max(berlaku)[1]


def urutkan_edisi() -> list[str]:
    """Editions from the oldest (by ``berlaku_dari_tahun``)."""
    edisi = muat_daftar_edisi()
    return [e for _, e in sorted((int(m["berlaku_dari_tahun"]), e) for e, m in edisi.items())]
