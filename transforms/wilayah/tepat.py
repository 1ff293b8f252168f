"""Exact name matches as one lookup per distinct name combination, memoised across files.

A national SIGA export repeats the same 83,762 (provinsi, kabupaten, kecamatan, desa) name
combinations in every file of a run. Nearly all of them match exactly (normalised name, unique
within the parent matched above), which needs no context from the rest of the file: the result
of a combination depends only on the master edition, the scope and the source's kab/kota
convention. Those results are kept in a memo per (edition, convention, scope, levels), so the
second file of a run costs one dict lookup per combination. Only what is left (ambiguous,
misspelled, blank names, a desa code suffix that disagrees) goes through the staged matcher
(:mod:`transforms.wilayah.kombinasi`), which is told the codes the exact matches claimed so
its loose and fuzzy stages behave exactly as if every row had gone through it.
``cocokkan_wilayah(..., cepat=False)`` sends every combination through the stages (the same
result, slower; kept to test and measure this path against).

The kab/kota convention of a source (a layout's ``nama_kabupaten``, passed to
``cocokkan_wilayah``): with ``"siga"`` a bare name is the kabupaten and ``KOTA X`` the kota,
so a bare ``BOGOR`` in Jawa Barat is Kabupaten Bogor (32.01); with None a bare name shared by
a kabupaten and a kota of one province is ambiguous and its rows are quarantined.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import pandas as pd

from transforms.wilayah.kode import _adalah_kota, _kedalaman
from transforms.wilayah.master import Wilayah
from transforms.wilayah.nama import _jenis_kabkota, normalkan_nama

Klaim = tuple[str, str | None, str]
"""(level, parent code or None, matched code) of one level matched exactly."""

MAKS_MEMO: Final = 2_000_000  # combinations kept per process before the memo is cleared


@dataclass(frozen=True)
class _Tepat:
    """Outcome of the exact lookup of one combination."""

    kode: str | None  # the deepest code when every level matched exactly, else None
    klaim: tuple[Klaim, ...]  # the levels matched exactly, from the top


@lru_cache(maxsize=1 << 18)
def _kunci(nama: str, tingkat: str) -> str:
    """Memoised :func:`normalkan_nama` (the same names recur in every file of a run)."""
    return normalkan_nama(nama, tingkat)


class _IndeksTepat:
    """Per parent and level: normalised name -> candidate codes (built lazily, kept)."""

    def __init__(self, master: Wilayah) -> None:
        self.master = master
        self._indeks: dict[tuple[str, str | None], dict[str, tuple[str, ...]]] = {}

    def kandidat(self, tingkat: str, induk: str | None, kunci: str) -> tuple[str, ...]:
        """Codes at ``tingkat`` inside ``induk`` whose name key is ``kunci``."""
        indeks = self._indeks.get((tingkat, induk))
        if indeks is None:
            pos = self.master._posisi_kandidat(tingkat, induk)
            daftar: dict[str, list[str]] = {}
            for k, kode in zip(
                self.master._kunci[pos].tolist(), self.master._kode[pos].tolist(), strict=True
            ):
                daftar.setdefault(k, []).append(kode)
            indeks = {k: tuple(v) for k, v in daftar.items()}
            self._indeks[(tingkat, induk)] = indeks
        return indeks.get(kunci, ())


@lru_cache(maxsize=8)
def _indeks_tepat(master: Wilayah) -> _IndeksTepat:
    return _IndeksTepat(master)


_MEMO: dict[tuple[object, ...], dict[tuple[object, ...], _Tepat]] = {}
_AWALAN: dict[tuple[object, ...], dict[tuple[object, ...], _Keadaan]] = {}


def _saring(nama: str, kandidat: tuple[str, ...], konvensi: str | None) -> tuple[str, ...]:
    """Kab/kota namesakes: the file's ``KOTA``/``KAB`` prefix, else the source's convention.

    The same decision as ``_Pencocok._saring_jenis`` for candidates sharing one name key.
    """
    jenis = _jenis_kabkota(nama)
    if jenis is not None:
        tersaring = tuple(k for k in kandidat if _adalah_kota(k) == (jenis == "kota"))
        return tersaring or kandidat
    if konvensi == "siga":
        kabupaten = tuple(k for k in kandidat if not _adalah_kota(k))
        return kabupaten or kandidat
    return kandidat


_Keadaan = tuple[bool, "str | None", "str | None", tuple[Klaim, ...]]
"""After some levels: (all exact so far, parent for the next level, deepest code, claims)."""


def _langkah(
    indeks: _IndeksTepat,
    keadaan: _Keadaan,
    tingkat: str,
    nama: object,
    lingkup: str | None,
    konvensi: str | None,
) -> _Keadaan:
    """One more level: exact lookup of ``nama`` inside the parent reached so far."""
    tepat, induk, kode, klaim = keadaan
    if not tepat or not isinstance(nama, str):
        return (False, induk, kode, klaim)
    kandidat = indeks.kandidat(tingkat, induk, _kunci(nama, tingkat))
    if len(kandidat) > 1 and tingkat == "kabupaten":
        kandidat = _saring(nama, kandidat, konvensi)
    if len(kandidat) != 1:
        return (False, induk, kode, klaim)
    kode = kandidat[0]
    di_atas = lingkup is not None and _kedalaman(kode) < _kedalaman(lingkup)
    return (True, lingkup if di_atas else kode, kode, (*klaim, (tingkat, induk, kode)))


def _keadaan(
    indeks: _IndeksTepat,
    awalan: dict[tuple[object, ...], _Keadaan],
    nama: tuple[object, ...],
    tingkat_ada: Sequence[str],
    lingkup: str | None,
    konvensi: str | None,
) -> _Keadaan:
    """State after the levels in ``nama``; every prefix is memoised (7,285 kecamatan
    prefixes serve 83,762 desa)."""
    keadaan = awalan.get(nama)
    if keadaan is None:
        if len(nama) > 1:
            sebelum = _keadaan(indeks, awalan, nama[:-1], tingkat_ada, lingkup, konvensi)
        else:
            sebelum = (True, lingkup, None, ())
        tingkat = tingkat_ada[len(nama) - 1]
        keadaan = _langkah(indeks, sebelum, tingkat, nama[-1], lingkup, konvensi)
        awalan[nama] = keadaan
    return keadaan


def _tutup(keadaan: _Keadaan, suffix: object) -> _Tepat:
    """The outcome: exact when every level was, and the file's desa suffix agrees."""
    tepat, _, kode, klaim = keadaan
    ada_suffix = isinstance(suffix, str)
    if not tepat or kode is None or (ada_suffix and not kode.endswith(f".{suffix}")):
        return _Tepat(None, klaim)
    return _Tepat(kode, klaim)


def cocokkan_tepat(
    master: Wilayah,
    unik: pd.DataFrame,
    tingkat_ada: Sequence[str],
    kolom_suffix: str | None,
    lingkup: str | None,
    konvensi: str | None,
) -> list[_Tepat]:
    """Exact outcome of every unique name combination in ``unik`` (memoised per process).

    ``unik`` holds one column per level in ``tingkat_ada`` (cleaned names, NA for blanks) and
    optionally ``kolom_suffix`` (the 4-digit desa code suffix).
    """
    kunci_awalan = (master.edisi, id(master), konvensi, lingkup, tuple(tingkat_ada))
    if sum(len(m) for m in _MEMO.values()) > MAKS_MEMO:
        _MEMO.clear()
        _AWALAN.clear()
    memo = _MEMO.setdefault((*kunci_awalan, kolom_suffix), {})
    awalan = _AWALAN.setdefault(kunci_awalan, {})
    indeks = _indeks_tepat(master)
    kolom = [unik[t].tolist() for t in tingkat_ada]
    suffix = unik[kolom_suffix].tolist() if kolom_suffix else [None] * len(unik)
    hasil = []
    for *nama, sfx in zip(*kolom, suffix, strict=True):
        kunci = (*nama, sfx)
        tepat = memo.get(kunci)
        if tepat is None:
            keadaan = _keadaan(indeks, awalan, tuple(nama), tingkat_ada, lingkup, konvensi)
            tepat = memo[kunci] = _tutup(keadaan, sfx)
        hasil.append(tepat)
    return hasil


def kumpulkan_klaim(tepat: Sequence[_Tepat]) -> dict[tuple[str, str | None], set[str]]:
    """(level, parent) -> codes claimed there by the exact matches of one file."""
    klaim: dict[tuple[str, str | None], set[str]] = {}
    for t in tepat:
        for tingkat, induk, kode in t.klaim:
            klaim.setdefault((tingkat, induk), set()).add(kode)
    return klaim


def lupakan_tepat() -> None:
    """Forget the memoised exact matches (to measure a cold run)."""
    _MEMO.clear()
    _AWALAN.clear()
