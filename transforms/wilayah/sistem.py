"""Code systems: tell Kemendagri, BPS, SIGA suffixes and names apart by content."""

from __future__ import annotations

import numbers
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np
import pandas as pd

from transforms.wilayah.bps import PANJANG_KODE_BPS, _peta_bps
from transforms.wilayah.edisi import EDISI_BAKU
from transforms.wilayah.kode import (
    LEBAR_SUFFIX_DESA,
    TINGKAT,
    TINGKAT_DIGIT,
    _ke_digit,
    _kedalaman,
    _kode_dari_digit,
    normalkan_kode,
)
from transforms.wilayah.master import muat_master
from transforms.wilayah.nama import _RE_HURUF
from transforms.wilayah.nilai import _kosong
from transforms.wilayah.perubahan import _tabel_perubahan

SISTEM_KODE: Final = (
    "kemendagri",
    "kemendagri_tanpa_titik",
    "bps",
    "siga_suffix",
    "nama",
    "tidak_dikenal",
)
"""Code systems told apart by :func:`deteksi_sistem_kode` (ties are broken in this order)."""
AMBANG_SISTEM: Final = 0.5  # minimum share of values valid in the winning system
_PANJANG_DIGIT_BPS: Final = {v: k for k, v in PANJANG_KODE_BPS.items()}


@dataclass(frozen=True)
class _Bentuk:
    """Shape of one cell: ``titik`` (dotted code), ``digit``, ``nama`` or ``lain``."""

    jenis: str
    teks: str | None = None


def _bentuk_nilai(value: object) -> _Bentuk | None:
    """Classify one cell (None for blanks)."""
    if _kosong(value):
        return None
    digit = _ke_digit(value)
    if digit is not None:
        return _Bentuk("digit", digit)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        kode = normalkan_kode(value)  # a non-integral float: 32.01 is the code 32.01
        return _Bentuk("titik", kode) if kode else _Bentuk("lain")
    if isinstance(value, str):
        if _RE_HURUF.search(value):
            return _Bentuk("nama")
        kode = normalkan_kode(value) if "." in value else None
        return _Bentuk("titik", kode) if kode else _Bentuk("lain")
    return _Bentuk("lain")


@lru_cache(maxsize=1)
def _kode_kemendagri_dikenal() -> frozenset[str]:
    """Dotted codes of the 2025 master plus every old code of the edition crosswalk."""
    lama = _tabel_perubahan()["kode_lama"].tolist()
    return frozenset(muat_master(EDISI_BAKU)._posisi) | frozenset(lama)


@lru_cache(maxsize=1)
def _suffix_desa() -> frozenset[str]:
    """The 4-digit desa code suffixes in use (``1001``, ``2001``...)."""
    master = muat_master(EDISI_BAKU)
    desa = master._kode[master._posisi_tingkat["desa"]]
    return frozenset(k[-LEBAR_SUFFIX_DESA:] for k in desa.tolist())


def _sistem_cocok(bentuk: _Bentuk, tingkat: str | None) -> list[tuple[str, str | None]]:
    """The systems (with the level) in which one classified cell is a known code."""
    if bentuk.jenis == "nama":
        return [("nama", tingkat)]
    if bentuk.teks is None:
        return []
    if bentuk.jenis == "titik":
        t = TINGKAT[_kedalaman(bentuk.teks) - 1]
        ok = bentuk.teks in _kode_kemendagri_dikenal() and tingkat in (None, t)
        return [("kemendagri", t)] if ok else []
    digit, hasil = bentuk.teks, []
    t_kemendagri = TINGKAT_DIGIT.get(len(digit))
    dikenal = _kode_dari_digit(digit) in _kode_kemendagri_dikenal()
    if t_kemendagri and tingkat in (None, t_kemendagri) and dikenal:
        hasil.append(("kemendagri_tanpa_titik", t_kemendagri))
    t_bps = _PANJANG_DIGIT_BPS.get(len(digit))
    if t_bps and tingkat in (None, t_bps):
        desa = t_bps == "desa"
        kunci = digit[: PANJANG_KODE_BPS["kecamatan"]] if desa else digit
        if kunci in _peta_bps() and not (desa and digit.endswith("000")):
            hasil.append(("bps", t_bps))
    if len(digit) == LEBAR_SUFFIX_DESA and tingkat in (None, "desa") and digit in _suffix_desa():
        hasil.append(("siga_suffix", "desa"))
    return hasil


def _skor_sistem(
    nilai: pd.Series, tingkat: str | None = None, utama: str | None = None
) -> tuple[str, float, str | None]:
    """(system, share of non-blank values valid in it, level) for a column.

    The level is ``tingkat`` when given, otherwise the most frequent level of the valid
    values (None for names). Ties go to ``utama`` (a header hint), then to the order of
    :data:`SISTEM_KODE`.
    """
    if tingkat is not None and tingkat not in TINGKAT:
        raise ValueError(f"tingkat tidak dikenal: {tingkat!r} (pilihan: {', '.join(TINGKAT)})")
    ids, unik = pd.factorize(pd.Series(nilai).astype(object).to_numpy(), use_na_sentinel=True)
    hitung = np.bincount(ids[ids >= 0], minlength=len(unik))
    skor: Counter[str] = Counter()
    per_tingkat: dict[str, Counter[str | None]] = {s: Counter() for s in SISTEM_KODE}
    total = 0
    for value, n in zip(unik, hitung.tolist(), strict=True):
        bentuk = _bentuk_nilai(value)
        if bentuk is None:
            continue
        total += n
        for sistem, t in _sistem_cocok(bentuk, tingkat):
            skor[sistem] += n
            per_tingkat[sistem][t] += n
    urutan = sorted(SISTEM_KODE[:-1], key=lambda s: (s != utama, SISTEM_KODE.index(s)))
    terbaik = max(urutan, key=lambda s: skor[s])  # max keeps the first of equal scores
    bagian = skor[terbaik] / total if total else 0.0
    if bagian < AMBANG_SISTEM:
        return "tidak_dikenal", bagian, tingkat
    level = tingkat or per_tingkat[terbaik].most_common(1)[0][0]
    return terbaik, bagian, level


def deteksi_sistem_kode(nilai: pd.Series, tingkat: str | None = None) -> str:
    """Tell which code system a column uses, from its content.

    Returns one of :data:`SISTEM_KODE`: ``kemendagri`` (dotted, ``76.01``),
    ``kemendagri_tanpa_titik`` (undotted 2/4/6/10 digits), ``bps`` (2/4/7 digits found in
    the BPS crosswalk, 10-digit desa codes whose kecamatan is), ``siga_suffix`` (the
    4-digit end of a Kemendagri desa code, ``2001``), ``nama`` (names) or ``tidak_dikenal``
    (fewer than half the non-blank values fit any system).

    Each value counts for every system in which it is a known code: 7-digit values can
    only be BPS kecamatan, 6-digit only Kemendagri kecamatan, while 4-digit values may be
    a BPS kabupaten, an undotted Kemendagri kabupaten and a desa suffix at once; the
    system holding most values wins (ties: Kemendagri, then BPS, then suffix). ``tingkat``
    restricts the lengths considered (a ``desa`` hint turns 4-digit values into suffixes).
    Excel damage is undone first: ``3201.0``, ``"3201.0"``, ``"3.201e3"``, ``"32 01"`` are
    the digits ``3201``; a float ``32.01`` is the dotted code ``32.01``.

    >>> deteksi_sistem_kode(pd.Series(["3273010", "3273020"]))
    'bps'
    """
    return _skor_sistem(nilai, tingkat)[0]
