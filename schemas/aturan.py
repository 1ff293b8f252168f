"""The rule registry (``catalog/aturan.yaml``): every quarantine/warning rule the code can emit.

Code names a rule only through :data:`ATURAN` (``ATURAN.baris_ganda`` is the id
``"baris_ganda"``; a name that is not in the registry raises at once), so the registry is the
one list of rule ids. The quarantine-row builder (:mod:`transforms.komponen.karantina`) refuses
an id the registry does not list and takes a rule's default level and the advice for the
sender (the karantina ``tindakan`` column) from here; the sender's report takes each rule's
Bahasa explanation and advice from here.
"""

from __future__ import annotations

import functools
import keyword
import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import field_validator
from pydantic.dataclasses import dataclass

from schemas.galat import KatalogTidakValid, buat_model
from schemas.katalog import FOLDER_KATALOG, _tampil, baca_yaml
from schemas.model import KETAT, Tingkat

ATURAN_YAML = FOLDER_KATALOG / "aturan.yaml"

_POLA_ID = re.compile(r"[a-z][a-z0-9_]*")
"""A rule id: lower case, digits and ``_``, so that ``ATURAN.<id>`` can name it."""


class AturanTidakDikenal(ValueError):
    """Code names a rule id that ``catalog/aturan.yaml`` does not list."""


@dataclass(frozen=True, config=KETAT)
class EntriAturan:
    """One rule: its default level and what it means / what to do, in Bahasa."""

    id: str
    tingkat: Tingkat
    penjelasan: str
    tindakan: str

    @field_validator("penjelasan", "tindakan")
    @classmethod
    def _tidak_kosong(cls, teks: str) -> str:
        if not teks.strip():
            raise ValueError("tidak boleh kosong")
        return teks


def _periksa_id(nama: str, kode: object) -> str:
    """A registry key that can be an attribute of :data:`ATURAN`, or refused."""
    if not isinstance(kode, str) or not _POLA_ID.fullmatch(kode) or keyword.iskeyword(kode):
        raise KatalogTidakValid(
            f"{nama}: kunci {kode!r} bukan id aturan (huruf kecil, angka dan '_', diawali huruf)"
        )
    return kode


@functools.lru_cache(maxsize=2)
def muat_aturan(path: Path = ATURAN_YAML) -> dict[str, EntriAturan]:
    """Read the registry; an entry that does not fit :class:`EntriAturan` is refused.

    Raises:
        KatalogTidakValid: naming the file and the key (an unknown key, an unknown level,
            an empty text, an id ``ATURAN`` could not name).
    """
    data = baca_yaml(path)
    nama = _tampil(path, FOLDER_KATALOG)
    if not isinstance(data, dict):
        raise KatalogTidakValid(f"{nama}: isi berkas harus pemetaan (kunci: nilai)")
    return {
        _periksa_id(nama, kode): buat_model(EntriAturan, nama, raw, entri=kode, tetap={"id": kode})
        for kode, raw in data.items()
    }


class _IdAturan:
    """Attribute access to rule ids: ``ATURAN.x`` is ``"x"`` when ``x`` is in the registry."""

    def __getattr__(self, nama: str) -> str:
        if nama.startswith("__") or nama not in muat_aturan():
            raise AttributeError(f"aturan {nama!r} tidak ada di catalog/aturan.yaml")
        return nama

    def __dir__(self) -> list[str]:
        return sorted(muat_aturan())


ATURAN = _IdAturan()


def periksa_id_aturan(ids: Iterable[object]) -> None:
    """Refuse any id that is not in the registry (:class:`AturanTidakDikenal`)."""
    asing = sorted({str(i) for i in ids} - set(muat_aturan()))
    if asing:
        raise AturanTidakDikenal(
            f"aturan {', '.join(map(repr, asing))} tidak ada di catalog/aturan.yaml"
        )


def tingkat_aturan(aturan: str) -> str:
    """The default level of a rule (``galat`` or ``peringatan``); the id must be known."""
    periksa_id_aturan([aturan])
    return muat_aturan()[aturan].tingkat


def jelaskan_aturan(aturan: str) -> str:
    """The Bahasa explanation of a rule (empty when the id is unknown, e.g. an old run)."""
    entri = muat_aturan().get(aturan)
    return entri.penjelasan if entri else ""


def saran_aturan(aturan: str) -> str:
    """What the sender should do about a rule (empty when the id is unknown)."""
    entri = muat_aturan().get(aturan)
    return entri.tindakan if entri else ""
