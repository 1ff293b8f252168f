"""Limits for incoming files: ``catalog/batas.yaml``, overridable with ``INDIKATOR_BATAS_*``.

:class:`Batas` holds every limit the preflight (:mod:`transforms.baca.aman`) checks; its
defaults are read once from the catalog. :func:`muat_batas` adds an optional partial YAML file
and the operator's environment variables on top.
"""

from __future__ import annotations

import functools
import math
import os
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from schemas.katalog import FOLDER_KATALOG

BATAS_YAML = FOLDER_KATALOG / "batas.yaml"
AWALAN_ENV = "INDIKATOR_BATAS_"


def _dari_katalog(nama: str) -> Any:
    """Dataclass field whose default is read (once) from ``catalog/batas.yaml``."""
    return field(default_factory=lambda: _bawaan()[nama])


@dataclass(frozen=True)
class Batas:
    """Limits for incoming files; defaults come from ``catalog/batas.yaml``.

    Sizes are in bytes. ``rasio_kompresi_maks`` is checked only for members (or archives)
    larger than ``ambang_rasio`` once uncompressed. ``sel_maks`` bounds the rectangle
    (furthest row x furthest column) of one worksheet and the declared shared-string count.
    """

    ukuran_maks_csv: int = _dari_katalog("ukuran_maks_csv")
    ukuran_maks_xlsx: int = _dari_katalog("ukuran_maks_xlsx")
    anggota_zip_maks: int = _dari_katalog("anggota_zip_maks")
    isi_zip_maks: int = _dari_katalog("isi_zip_maks")
    rasio_kompresi_maks: float = _dari_katalog("rasio_kompresi_maks")
    ambang_rasio: int = _dari_katalog("ambang_rasio")
    baris_maks: int = _dari_katalog("baris_maks")
    kolom_maks: int = _dari_katalog("kolom_maks")
    sel_maks: int = _dari_katalog("sel_maks")

    def __post_init__(self) -> None:
        for f in fields(self):
            nilai = _angka(getattr(self, f.name), f.name)
            object.__setattr__(self, f.name, nilai)


@functools.cache
def _jenis_batas() -> dict[str, type]:
    """Field name -> ``int`` or ``float``."""
    hints = typing.get_type_hints(Batas)
    return {f.name: hints[f.name] for f in fields(Batas)}


_SATUAN = {"": 1, "B": 1} | {
    awalan + akhiran: 1 << (10 * (i + 1))
    for i, awalan in enumerate("KMGT")
    for akhiran in ("", "B")
}
_POLA_ANGKA = re.compile(r"(\d+(?:\.\d+)?)\s*([A-Za-z]*)")


def _angka(nilai: object, nama: str) -> int | float:
    """A limit value as ``int`` (or ``float`` for the ratio); strings may carry KB/MB/GB."""
    jenis = _jenis_batas().get(nama)
    if jenis is None:
        raise ValueError(f"batas '{nama}' tidak dikenal; yang dikenal: {', '.join(_jenis_batas())}")
    hasil: float | None = None
    if isinstance(nilai, int | float) and not isinstance(nilai, bool):
        hasil = nilai
    elif isinstance(nilai, str):
        cocok = _POLA_ANGKA.fullmatch(nilai.strip().replace("_", ""))
        if cocok and cocok.group(2).upper() in _SATUAN:
            hasil = float(cocok.group(1)) * _SATUAN[cocok.group(2).upper()]
    if hasil is None or not math.isfinite(hasil) or hasil <= 0:
        raise ValueError(f"batas '{nama}' bernilai {nilai!r}: harus angka lebih besar dari nol")
    if jenis is float:
        return float(hasil)
    if float(hasil) != int(hasil):
        raise ValueError(f"batas '{nama}' bernilai {nilai!r}: harus bilangan bulat")
    return int(hasil)


def _baca_yaml(path: Path) -> dict[str, int | float]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: isi berkas batas harus berupa pemetaan nama: nilai")
    return {str(k): _angka(v, str(k)) for k, v in data.items()}


@functools.cache
def _bawaan() -> dict[str, int | float]:
    """The default limits of ``catalog/batas.yaml`` (every limit must be there)."""
    data = _baca_yaml(BATAS_YAML)
    hilang = sorted(set(_jenis_batas()) - set(data))
    if hilang:
        raise ValueError(f"{BATAS_YAML}: batas belum diisi: {', '.join(hilang)}")
    return data


def _dari_env(env: Mapping[str, str]) -> dict[str, int | float]:
    hasil = {}
    for kunci, nilai in env.items():
        if not kunci.startswith(AWALAN_ENV):
            continue
        nama = kunci.removeprefix(AWALAN_ENV).lower()
        if nama not in _jenis_batas():
            dikenal = ", ".join(AWALAN_ENV + n.upper() for n in _jenis_batas())
            raise ValueError(f"variabel lingkungan {kunci} tidak dikenal; yang dikenal: {dikenal}")
        hasil[nama] = _angka(nilai, nama)
    return hasil


def muat_batas(path: Path | None = None) -> Batas:
    """Limits from ``catalog/batas.yaml`` (or ``path``), then ``INDIKATOR_BATAS_*`` overrides.

    A ``path`` may hold only some limits; the others keep the catalog defaults.
    """
    nilai = dict(_bawaan())
    if path is not None:
        nilai.update(_baca_yaml(path))
    nilai.update(_dari_env(os.environ))
    return Batas(**nilai)
