"""Cell-value helpers shared by the region modules (blank cells, per-distinct-value maps)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd


def _kosong(value: object) -> bool:
    """True for None/NA/NaN and blank strings."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(float(value))
    return isinstance(value, str) and not value.strip()


def _petakan_unik(nilai: pd.Series, fungsi: Callable[[object], str | None]) -> np.ndarray:
    """Apply ``fungsi`` once per distinct value; an object array aligned with ``nilai``."""
    ids, unik = pd.factorize(pd.Series(nilai).astype(object).to_numpy(), use_na_sentinel=True)
    hasil = np.asarray([fungsi(v) for v in unik] + [None], dtype=object)
    return hasil[ids]
