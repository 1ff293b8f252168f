"""``indikator asal``: the chain from a published value down to desa rows and file rows."""

from __future__ import annotations
