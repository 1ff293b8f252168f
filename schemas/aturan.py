"""The rule registry (``catalog/aturan.yaml``): every quarantine/warning rule the code can emit.

Code names a rule only through :data:`ATURAN` (``ATURAN.baris_ganda`` is the id
``"baris_ganda"``; a name that is not in the registry raises at once), so the registry is the
one list of rule ids. The sender's report, the karantina table and the run's warnings take the
Bahasa explanation and the advice for the sender from here.
"""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic.dataclasses import dataclass

from schemas.galat import KatalogTidakValid, buat_model
from schemas.katalog import FOLDER_KATALOG, baca_yaml
from schemas.model import KETAT, Tingkat

ATURAN_YAML = FOLDER_KATALOG / "aturan.yaml"


@dataclass(frozen=True, config=KETAT)
class EntriAturan:
    """One rule: its default level and what it means / what to do, in Bahasa."""

    id: str
    tingkat: Tingkat
    penjelasan: str
    tindakan: str


@functools.lru_cache(maxsize=2)
def muat_aturan(path: Path = ATURAN_YAML) -> dict[str, EntriAturan]:
    """Read the registry; an entry that does not fit :class:`EntriAturan` is refused."""
    data = baca_yaml(path)
    nama = f"catalog/{path.name}"
    if not isinstance(data, dict):
        raise KatalogTidakValid(f"{nama}: isi berkas harus pemetaan (kunci: nilai)")
    return {
        kode: buat_model(EntriAturan, nama, raw, entri=kode, tetap={"id": kode})
        for kode, raw in data.items()
    }


class _IdAturan:
    """Attribute access to rule ids: ``ATURAN.x`` is ``"x"`` when ``x`` is in the registry."""

    def __getattr__(self, nama: str) -> str:
        if nama.startswith("__") or nama not in muat_aturan():
            raise AttributeError(f"aturan {nama!r} tidak ada di catalog/aturan.yaml")
        return nama


ATURAN = _IdAturan()


def jelaskan_aturan(aturan: str) -> str:
    """The Bahasa explanation of a rule (empty when the id is unknown, e.g. an old run)."""
    entri = muat_aturan().get(aturan)
    return entri.penjelasan if entri else ""


def saran_aturan(aturan: str) -> str:
    """What the sender should do about a rule (empty when the id is unknown)."""
    entri = muat_aturan().get(aturan)
    return entri.tindakan if entri else ""
