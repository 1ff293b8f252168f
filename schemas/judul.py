"""Column headers: the one header key every layout, recognition, `--kolom` and template use.

A header passes two steps. :func:`bersihkan_judul` is the header as the reader keeps it and as
messages show it (no BOM, no line breaks or surrounding quotes, upper case, single spaces).
:func:`kunci_judul` is the comparison key built on it: accents dropped, and every ``_``, ``/``,
``-``, ``.``, other punctuation and line break counted as a space, so ``jumlah_pus``,
``JUMLAH PUS``, ``"Jumlah\\nPUS"`` and ``Jml. PUS`` meet; ``Kelurahan_Desa``,
``Kelurahan/Desa`` and ``KELURAHAN DESA`` meet. A common counting prefix (:data:`AWALAN_UMUM`:
``JUMLAH``, ``JML``) is a second, weaker form (:func:`bentuk_judul`): ``PUS`` meets
``JUMLAH PUS`` unless a column spelled exactly wins. An unnamed index column (pandas'
``Unnamed: 0``, an empty header) has the empty key and matches nothing.
"""

from __future__ import annotations

import functools
import re
import unicodedata

AWALAN_UMUM: tuple[str, ...] = ("JUMLAH", "JML")
"""Counting prefixes any header may carry or drop (``JML.`` is ``JML`` under the key)."""

_BUKAN_HURUF = re.compile(r"[^0-9A-Z<>=%+]+")
_TANPA_NAMA = re.compile(r"UNNAMED \d+(?: LEVEL \d+)?")


def bersihkan_judul(name: object) -> str:
    """Header text as kept and shown: upper case, single spaces, no BOM, line break or quotes."""
    text = str(name).replace("\ufeff", "").replace("\n", " ").strip().strip('"').upper()
    return " ".join(text.split())


def kunci_judul(name: object) -> str:
    """Header as compared: upper case, no accents, punctuation and ``_ / - .`` as spaces.

    ``<``, ``>``, ``=``, ``%`` and ``+`` are kept: ``KESEJAHTERAAN > 4`` is not
    ``KESEJAHTERAAN 4``. pandas' ``Unnamed: 0`` (an index column without a header) is ``""``.
    """
    return _kunci_teks(str(name))


@functools.lru_cache(maxsize=1 << 14)
def _kunci_teks(text: str) -> str:
    """:func:`kunci_judul` of a text (headers repeat: each is keyed once per process)."""
    text = unicodedata.normalize("NFKD", bersihkan_judul(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    key = " ".join(_BUKAN_HURUF.sub(" ", text).split())
    return "" if _TANPA_NAMA.fullmatch(key) else key


def buang_awalan(key: str, awalan: tuple[str, ...] = AWALAN_UMUM) -> str:
    """A key without one leading counting prefix (``JUMLAH PUS`` → ``PUS``); else the key."""
    for kata in awalan:
        if key.startswith(kata + " ") and len(key) > len(kata) + 1:
            return key[len(kata) + 1 :]
    return key


def bentuk_judul(name: object, awalan: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The forms a header is compared by, strongest first: its key, then without a prefix.

    ``awalan`` adds a layout's own optional prefixes to :data:`AWALAN_UMUM`.
    """
    return _bentuk_teks(str(name), tuple(awalan))


@functools.lru_cache(maxsize=1 << 14)
def _bentuk_teks(text: str, awalan: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`bentuk_judul` of a text (scored against every layout: formed once)."""
    key = kunci_judul(text)
    forms = [key]
    for kata in (*AWALAN_UMUM, *awalan):
        lain = buang_awalan(key, (kunci_judul(kata),))
        if lain not in forms:
            forms.append(lain)
    return tuple(forms)


def sama_judul(a: object, b: object) -> bool:
    """Whether two headers are the same under the key (a prefix on either side allowed)."""
    ka, kb = bentuk_judul(a), bentuk_judul(b)
    return bool(ka[0]) and bool(set(ka) & set(kb))
