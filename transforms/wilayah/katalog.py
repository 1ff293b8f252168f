"""Where the vendored region data lives (``catalog/wilayah``), and its plain CSV reader."""

from __future__ import annotations

from typing import Final

import pandas as pd

from schemas.katalog import FOLDER_KATALOG

KATALOG_WILAYAH: Final = FOLDER_KATALOG / "wilayah"
"""The region catalog folder: the one place in ``transforms.wilayah`` that names it."""


def baca_tabel_wilayah(nama: str, kolom: tuple[str, ...]) -> pd.DataFrame:
    """Read a vendored CSV of ``catalog/wilayah`` as strings, checking its columns."""
    frame = pd.read_csv(KATALOG_WILAYAH / nama, dtype=str, keep_default_na=False, engine="pyarrow")
    if tuple(frame.columns) != kolom:
        raise ValueError(f"{nama} harus berkolom {list(kolom)}, ada {list(frame.columns)}")
    return frame.astype("string")
