"""The list of known source formats, for ``indikator katalog --sumber``."""

from __future__ import annotations

from typing import Any

from schemas.model import Katalog


def buat_daftar_sumber(katalog: Katalog) -> list[dict[str, Any]]:
    """One row per layout, by id: id, description, signature columns, period columns, the
    columns a re-saved file may spell otherwise, and an example file."""
    return [
        {
            "id": lay.id,
            "judul": lay.judul,
            "kenali": list(lay.kenali),
            "periode": list(lay.kolom_periode()),
            "alias_kolom": {k: list(v) for k, v in lay.alias_kolom.items()},
            "contoh": lay.contoh,
        }
        for lay in sorted(katalog.sumber.values(), key=lambda x: x.id)
    ]
