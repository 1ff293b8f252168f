"""Seeds of a property test: the first runs in the fast tier, the others with ``lambat``."""

from __future__ import annotations

import pytest


def benih_cepat(n: int) -> list[object]:
    """Seeds ``0 … n-1``; only seed 0 is in the fast tier (``-m "not lambat"``)."""
    return [0, *(pytest.param(b, marks=pytest.mark.lambat) for b in range(1, n))]
