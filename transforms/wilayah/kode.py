"""Kemendagri region codes: normalisation, levels and the code layout.

:data:`PANJANG_KODE` is the one statement of the code layout (2-2-2-4 digits, dotted);
the levels, segment widths, digit counts and the master code pattern all derive from it.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Final

PANJANG_KODE: Final = {"provinsi": 2, "kabupaten": 5, "kecamatan": 8, "desa": 13}
"""Length of a dotted Kemendagri code per level."""
TINGKAT: Final = tuple(PANJANG_KODE)
"""Administrative levels, from the top. The level of a code is its number of segments."""

_PANJANG_KODE: Final = tuple(PANJANG_KODE.values())
_LEBAR_SEGMEN: Final = tuple(b - a - 1 for a, b in pairwise((-1, *_PANJANG_KODE)))  # 2, 2, 2, 4
PANJANG_DIGIT: Final = {t: p - i for i, (t, p) in enumerate(PANJANG_KODE.items())}
"""Digit count of an undotted Kemendagri code per level (2, 4, 6, 10)."""
TINGKAT_DIGIT: Final = {p: t for t, p in PANJANG_DIGIT.items()}
"""Level of an undotted Kemendagri code by its digit count."""
_PANJANG_DIGIT: Final = {p: TINGKAT.index(t) + 1 for p, t in TINGKAT_DIGIT.items()}
"""Digit count -> number of segments."""
LEBAR_SUFFIX_DESA: Final = _LEBAR_SEGMEN[-1]
"""Digits of the last (desa) segment, the SIGA ``KODE`` suffix (``2001``)."""


def _pola_kode_master() -> str:
    r"""Regex of a dotted code at any level: ``\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?``."""
    pola = ""
    for lebar in reversed(_LEBAR_SEGMEN[1:]):
        pola = rf"(?:\.\d{{{lebar}}}{pola})?"
    return rf"\d{{{_LEBAR_SEGMEN[0]}}}{pola}"


_RE_DIGIT: Final = re.compile(r"[0-9]+")
_RE_DIGIT_NOL_DESIMAL: Final = re.compile(r"([0-9]+)\.0")  # str() of an integral float
_RE_PEMISAH_KODE: Final = re.compile(r"\s*\.\s*|\s+")
_RE_KODE_MASTER: Final = re.compile(_pola_kode_master())
_RE_DIGIT_NOL_DESIMAL_PANJANG: Final = re.compile(r"([0-9]+)\.0+")
_RE_ANGKA_ILMIAH: Final = re.compile(r"[0-9]+(?:\.[0-9]+)?[eE]\+?[0-9]+")


def normalkan_kode(value: object) -> str | None:
    """Return the Kemendagri dotted code (``"76.03.01.2001"``) for ``value``, or None.

    Accepted: dotted strings (``"76.03.01.2001"``), plain digits (``"7603012001"``),
    space-separated segments (``"76 03 01 2001"``), surrounding whitespace, ints (``7603``)
    and integer-valued floats from Excel (``7603.0``, also the string ``"7603.0"``).
    Digit counts map to levels: 2 provinsi, 4 kabupaten, 6 kecamatan, 10 desa.

    A dotted string whose non-final segments lost their leading zero (``"76.3.1.2001"``,
    ``"76.3"``) is left-padded to the 2-2-2-4 layout. A non-integer *float* such as
    ``76.3`` can only come from ``76.30`` (a float drops the trailing zero), so it is
    right-padded to ``"76.30"``. Blanks, wrong lengths, too many segments
    (``"76.03.01.2001.0"``), all-zero segments and non-digits give None.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        return _kode_dari_digit(str(int(value))) if int(value) >= 0 else None
    if isinstance(value, numbers.Real):
        return _kode_dari_float(float(value))
    if isinstance(value, str):
        return _kode_dari_teks(value)
    return None


def _kode_dari_digit(digit: str) -> str | None:
    """Split an undotted digit string of length 2/4/6/10 into dotted segments."""
    if not _RE_DIGIT.fullmatch(digit) or len(digit) not in _PANJANG_DIGIT:
        return None
    segmen, awal = [], 0
    for lebar in _LEBAR_SEGMEN[: _PANJANG_DIGIT[len(digit)]]:
        segmen.append(digit[awal : awal + lebar])
        awal += lebar
    return _gabung_segmen(segmen)


def _kode_dari_float(angka: float) -> str | None:
    """Convert a float; integer values are digit codes, ``PP.K`` means ``PP.K0``."""
    if not math.isfinite(angka) or angka < 0:
        return None
    if angka.is_integer():
        return _kode_dari_digit(str(int(angka)))
    teks = repr(angka)
    if "e" in teks or "E" in teks:
        return None
    bulat, pecahan = teks.split(".")
    lebar_prov, lebar_kab = _LEBAR_SEGMEN[:2]
    if len(bulat) != lebar_prov or len(pecahan) > lebar_kab:
        return None
    return _gabung_segmen([bulat, pecahan.ljust(lebar_kab, "0")])


def _kode_dari_teks(teks: str) -> str | None:
    """Parse a code written as text (dotted, spaced or plain digits)."""
    teks = teks.strip()
    if not teks:
        return None
    nol_desimal = _RE_DIGIT_NOL_DESIMAL.fullmatch(teks)
    if nol_desimal and len(nol_desimal.group(1)) in _PANJANG_DIGIT:
        return _kode_dari_digit(nol_desimal.group(1))
    segmen = _RE_PEMISAH_KODE.split(teks)
    if len(segmen) == 1:
        return _kode_dari_digit(segmen[0])
    if len(segmen) > len(_LEBAR_SEGMEN) or not all(_RE_DIGIT.fullmatch(s) for s in segmen):
        return None
    lengkap = len(segmen) == len(_LEBAR_SEGMEN)
    if len(segmen[0]) != _LEBAR_SEGMEN[0] or (lengkap and len(segmen[-1]) != LEBAR_SUFFIX_DESA):
        # provinsi codes are 11..96 and desa segments start with 1/2/3: no lost zeros there
        return None
    if any(len(s) > lebar for s, lebar in zip(segmen, _LEBAR_SEGMEN, strict=False)):
        return None
    return _gabung_segmen([s.zfill(lebar) for s, lebar in zip(segmen, _LEBAR_SEGMEN, strict=False)])


def _gabung_segmen(segmen: Sequence[str]) -> str | None:
    """Join segments with dots; codes never contain an all-zero segment."""
    if any(set(s) == {"0"} for s in segmen):
        return None
    return ".".join(segmen)


def _wajib_kode(kode: object) -> str:
    """Normalise ``kode`` or raise ValueError (used where a valid code is mandatory)."""
    hasil = normalkan_kode(kode)
    if hasil is None:
        raise ValueError(f"kode wilayah tidak valid: {kode!r}")
    return hasil


def cari_tingkat(kode: object) -> str:
    """Return the level (one of :data:`TINGKAT`) of a code, from its shape.

    Raises ValueError when the code is not valid.
    """
    return TINGKAT[_wajib_kode(kode).count(".")]


def kode_induk(kode: object) -> str | None:
    """Return the parent code (``"76.03.01.2001"`` -> ``"76.03.01"``); None for a provinsi.

    Raises ValueError when the code is not valid.
    """
    dotted = _wajib_kode(kode)
    return dotted.rsplit(".", 1)[0] if "." in dotted else None


def _kedalaman(kode: str) -> int:
    """Number of segments of a dotted code (1 = provinsi ... 4 = desa)."""
    return kode.count(".") + 1


def _potong_kode(kode: str, kedalaman: int) -> str:
    """Ancestor of ``kode`` at ``kedalaman`` segments (the code itself when not deeper)."""
    return kode[: _PANJANG_KODE[kedalaman - 1]]


def _adalah_kota(kode: str) -> bool:
    """Kab/kota codes 71-99 are kota, 01-69 kabupaten."""
    return int(kode[_PANJANG_KODE[0] + 1 : _PANJANG_KODE[1]]) >= 71


def _ke_digit(value: object) -> str | None:
    """Digits of an undotted code cell: ``3273``, ``"3273.0"``, ``3273.0``, ``"32 73"``,
    ``"3.273e3"``; None for anything else (dotted text, names, blanks, negatives).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        return str(int(value)) if int(value) >= 0 else None
    if isinstance(value, numbers.Real):
        angka = float(value)
        bulat = math.isfinite(angka) and angka >= 0 and angka.is_integer()
        return str(int(angka)) if bulat else None
    if not isinstance(value, str):
        return None
    teks = "".join(value.split())
    if _RE_DIGIT.fullmatch(teks):
        return teks
    nol = _RE_DIGIT_NOL_DESIMAL_PANJANG.fullmatch(teks)
    if nol:
        return nol.group(1)
    if _RE_ANGKA_ILMIAH.fullmatch(teks):
        return _ke_digit(float(teks))
    return None
