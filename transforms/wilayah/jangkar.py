"""Code columns in :func:`~transforms.wilayah.cocok.cocokkan_wilayah` (anchors)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Final

import numpy as np
import pandas as pd

from transforms.wilayah.bps import EDISI_BPS, PANJANG_KODE_BPS, _peta_bps
from transforms.wilayah.edisi import urutkan_edisi
from transforms.wilayah.kode import _ke_digit, _kedalaman, _potong_kode, normalkan_kode
from transforms.wilayah.master import Wilayah, muat_master
from transforms.wilayah.nilai import _kosong
from transforms.wilayah.perubahan import _penerjemah_edisi

KOLOM_KODE: Final = "kode"
"""``cocokkan_wilayah`` key of a column with full Kemendagri codes (dotted or not, any level)."""
KOLOM_KODE_BPS: Final = "kode_bps"
"""``cocokkan_wilayah`` key of a column with BPS codes (2/4/7 digits; 10-digit desa via names)."""


@dataclass(frozen=True)
class _Jangkar:
    """What the code column(s) of one row say."""

    kode: str | None  # Kemendagri code in the target edition (None: unusable)
    status: str  # "kode", "mirip" or "tidak_cocok"
    catatan: str | None = None
    gagal: bool = False  # stop the row (no name matching below the code)
    wajib_desa: bool = False  # a BPS desa code: the desa must come from the desa name


def _teks_nilai(value: object) -> str:
    """A cell value as shown in notes (floats with repr, text stripped)."""
    if isinstance(value, float | np.floating):
        return repr(float(value))
    return " ".join(str(value).split())


def _faktor(kolom: pd.Series) -> tuple[np.ndarray, list[object]]:
    """Factorise a column (blank cells get -1); returns (ids, distinct values)."""
    ids, unik = pd.factorize(kolom.astype(object).to_numpy(), use_na_sentinel=True)
    nilai = list(unik)
    kosong = np.asarray([_kosong(v) for v in nilai] + [True], dtype=bool)
    return np.where(kosong[ids], -1, ids), nilai


def _jangkar_baris(
    df: pd.DataFrame, kolom: Mapping[str, str], master: Wilayah, lingkup: str | None
) -> tuple[np.ndarray, list[_Jangkar | None]]:
    """Anchor of every row from the code column(s): (anchor id per row, anchors)."""
    n = len(df)
    kosong: tuple[np.ndarray, list[object]] = (np.full(n, -1, dtype=np.intp), [])
    id_k, nilai_k = _faktor(df[kolom[KOLOM_KODE]]) if KOLOM_KODE in kolom else kosong
    id_b, nilai_b = _faktor(df[kolom[KOLOM_KODE_BPS]]) if KOLOM_KODE_BPS in kolom else kosong
    lebar = len(nilai_b) + 1
    pasangan, unik = pd.factorize((id_k.astype(np.int64) + 1) * lebar + (id_b + 1))
    ada_desa = "desa" in kolom
    terjemah = _penerjemah_edisi(EDISI_BPS, master.edisi)
    daftar: list[_Jangkar | None] = []
    for p in unik.tolist():
        ik, ib = p // lebar - 1, p % lebar - 1
        jk = None if ik < 0 else _jangkar_kemendagri(nilai_k[ik], master)
        jb = (
            None
            if ib < 0
            else _jangkar_bps(nilai_b[ib], master, terjemah, ada_desa or jk is not None)
        )
        daftar.append(_cek_lingkup(_gabung_jangkar(jk, jb, master), master, lingkup))
    return pasangan, daftar


def _jangkar_kemendagri(value: object, master: Wilayah) -> _Jangkar:
    """Anchor from a Kemendagri code cell."""
    teks = _teks_nilai(value)
    kode = normalkan_kode(value)
    if kode is None:
        return _Jangkar(
            None, "tidak_cocok", f'kode wilayah "{teks}" tidak valid (bukan kode Kemendagri)', True
        )
    if kode not in master._posisi:
        catatan = f'kode wilayah "{teks}" ({kode}) tidak ada di master edisi {master.edisi}'
        return _Jangkar(None, "tidak_cocok", catatan + _petunjuk_edisi(kode, master.edisi), True)
    return _Jangkar(kode, "kode")


def _petunjuk_edisi(kode: str, edisi: str) -> str:
    """Hint for a code missing from ``edisi``: which other edition has it, and its successor."""
    for lain in urutkan_edisi():
        if lain != edisi and kode in muat_master(lain):
            padanan = _penerjemah_edisi(lain, edisi)(kode)
            ganti = f", padanannya di edisi {edisi}: {padanan}" if padanan else ""
            return f"; kode ini ada di edisi {lain}{ganti}"
    return ""


def _jangkar_bps(
    value: object, master: Wilayah, terjemah: Callable[[str | None], str | None], ada_desa: bool
) -> _Jangkar:
    """Anchor from a BPS code cell (desa codes anchor their kecamatan)."""
    teks = _teks_nilai(value)
    digit = _ke_digit(value)
    if digit is None or len(digit) not in PANJANG_KODE_BPS.values():
        return _Jangkar(
            None,
            "tidak_cocok",
            f'kode BPS "{teks}" tidak valid (harus 2, 4, 7 atau 10 digit)',
            True,
        )
    desa = len(digit) == PANJANG_KODE_BPS["desa"]
    kecamatan = digit[: PANJANG_KODE_BPS["kecamatan"]]
    dasar = _peta_bps().get(kecamatan if desa else digit)
    if dasar is None:
        bagian = f"kecamatan BPS {kecamatan} dari " if desa else ""
        return _Jangkar(
            None,
            "tidak_cocok",
            f'{bagian}kode BPS "{teks}" tidak ada di tabel padanan BPS-Kemendagri',
            True,
        )
    kode = terjemah(dasar)
    if kode is None:
        return _Jangkar(
            None,
            "tidak_cocok",
            f'kode BPS "{teks}" = {dasar} (edisi {EDISI_BPS}) tidak punya padanan di edisi '
            f"{master.edisi}",
            True,
        )
    if desa and not ada_desa:
        return _Jangkar(
            kode,
            "tidak_cocok",
            f'kode BPS desa "{teks}": tanpa kolom nama desa hanya kecamatan {kode} yang '
            "bisa ditentukan",
            True,
        )
    return _Jangkar(kode, "kode", wajib_desa=desa)


def _gabung_jangkar(jk: _Jangkar | None, jb: _Jangkar | None, master: Wilayah) -> _Jangkar | None:
    """Combine the Kemendagri and BPS anchors of a row (Kemendagri wins, BPS cross-checks)."""
    if jk is None or jb is None:
        return jk or jb
    if jk.kode is None:
        return jk
    if jb.kode is None:
        catatan = f"{jb.catatan}; kode Kemendagri {jk.kode} yang dipakai"
        return replace(jk, status="mirip", catatan=catatan)
    kedalaman = min(_kedalaman(jk.kode), _kedalaman(jb.kode))
    if _potong_kode(jk.kode, kedalaman) != _potong_kode(jb.kode, kedalaman):
        return replace(
            jk,
            status="tidak_cocok",
            catatan=(
                f"kode BPS menunjuk {master._label(jb.kode)}, tidak sesuai dengan kode "
                f"Kemendagri {master._label(jk.kode)}"
            ),
        )
    return jk if _kedalaman(jk.kode) >= _kedalaman(jb.kode) else jb


def _cek_lingkup(jangkar: _Jangkar | None, master: Wilayah, lingkup: str | None) -> _Jangkar | None:
    """An anchor outside ``scope`` (neither inside it nor one of its ancestors) fails."""
    if jangkar is None or jangkar.kode is None or lingkup is None:
        return jangkar
    kode = jangkar.kode
    if kode == lingkup or kode.startswith(lingkup + ".") or lingkup.startswith(kode + "."):
        return jangkar
    return _Jangkar(
        None, "tidak_cocok", f"kode {kode} di luar lingkup {master._label(lingkup)}", True
    )
