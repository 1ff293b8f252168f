"""A catalog entry that does not fit its model: one exception, a Bahasa message (file, key)."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from pydantic import ValidationError

M = TypeVar("M")

_JENIS = {
    "string_type": "teks",
    "float_type": "angka",
    "int_type": "bilangan bulat",
    "bool_type": "true/false",
    "tuple_type": "daftar",
    "dict_type": "pemetaan (kunci: nilai)",
}
_NAMA_TIPE = {
    "str": "teks",
    "int": "bilangan bulat",
    "float": "angka",
    "bool": "true/false",
    "list": "daftar",
    "dict": "pemetaan",
    "NoneType": "kosong",
}


class KatalogTidakValid(ValueError):
    """A catalog file that cannot be read as written (unknown key, wrong type, unknown value)."""


def _lokasi(loc: tuple[Any, ...]) -> str:
    """``("periksa", 0, "aturan")`` → ``periksa[0].aturan``."""
    teks = ""
    for part in loc:
        if isinstance(part, int):
            teks += f"[{part}]"
        else:
            teks += f".{part}" if teks else str(part)
    return teks


def _tipe(value: Any) -> str:
    nama = type(value).__name__
    return _NAMA_TIPE.get(nama, nama)


def _pesan(error: dict[str, Any], awalan: tuple[Any, ...]) -> str:
    """One pydantic error as a Bahasa sentence naming the key."""
    loc = (*awalan, *error["loc"])
    kind, value = error["type"], error.get("input")
    pilihan = str(error.get("ctx", {}).get("expected", "")).replace(" or ", " atau ")
    if loc and loc[-1] == "[key]":  # a key inside a mapping (``periode: {bln: ...}``)
        tempat = f"kunci {loc[-2]!r} di {_lokasi(loc[:-2])!r}"
        if kind == "literal_error":
            return f"{tempat} tidak dikenal (pilihan: {pilihan})"
        return f"{tempat}: harus {_JENIS[kind]}" if kind in _JENIS else f"{tempat}: {error['msg']}"
    kunci = _lokasi(loc)
    if kind in {"unexpected_keyword_argument", "extra_forbidden"}:
        return f"kunci {kunci!r} tidak dikenal"
    if kind in {"missing", "missing_argument", "missing_keyword_argument"}:
        return f"kunci {kunci!r} wajib ada"
    if kind == "kunci_wajib_aturan":
        kunci = _lokasi((*loc, error["ctx"]["kunci"]))
        return f"kunci {kunci!r} wajib ada untuk aturan {error['ctx']['aturan']!r}"
    if kind == "literal_error":
        return f"kunci {kunci!r}: nilai {value!r} tidak dikenal (pilihan: {pilihan})"
    if kind in _JENIS:
        return f"kunci {kunci!r}: harus {_JENIS[kind]}, bukan {_tipe(value)} ({value!r})"
    pesan = str(error["msg"]).removeprefix("Value error, ")
    return f"kunci {kunci!r}: {pesan}" if kunci else pesan


def _berbawaan(cls: type) -> set[str]:
    """Fields of a model that have a default (a YAML null there means: not given)."""
    return {
        f.name
        for f in dataclasses.fields(cls)
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
    }


def buat_model(
    cls: type[M],
    berkas: str,
    data: Any,
    *,
    entri: str = "",
    awalan: tuple[Any, ...] = (),
    tetap: dict[str, Any] | None = None,
) -> M:
    """Build a catalog model from a YAML mapping, or raise :class:`KatalogTidakValid`.

    Args:
        cls: the model (a strict pydantic dataclass).
        berkas: the file, as shown in the message (``catalog/sumber/siga-pus.yaml``).
        data: the YAML mapping.
        entri: the entry of a file holding several (``spm.02``), shown before the key.
        awalan: where ``data`` sits in the file (``("periksa", 0)``).
        tetap: fields the loader fills itself; the YAML may not write them.
    """
    tetap = tetap or {}
    kepala = f"{berkas}: {entri}: " if entri else f"{berkas}: "
    if not isinstance(data, dict):
        tempat = f"kunci {_lokasi(awalan)!r}" if awalan else "isi entri" if entri else "isi berkas"
        raise KatalogTidakValid(
            f"{kepala}{tempat} harus pemetaan (kunci: nilai), bukan {_tipe(data)}"
        )
    bukan_teks = [k for k in data if not isinstance(k, str)]
    if bukan_teks:
        raise KatalogTidakValid(f"{kepala}kunci {bukan_teks[0]!r} harus teks")
    asing = [k for k in data if k in tetap]
    if asing:
        raise KatalogTidakValid(f"{kepala}kunci {_lokasi((*awalan, asing[0]))!r} tidak dikenal")
    boleh_kosong = _berbawaan(cls)
    kwargs = {k: v for k, v in data.items() if v is not None or k not in boleh_kosong}
    try:
        return cls(**kwargs, **tetap)
    except ValidationError as exc:
        pesan = "; ".join(_pesan(e, awalan) for e in exc.errors())
        raise KatalogTidakValid(kepala + pesan) from exc
