"""BPS codes: the vendored BPS-Kemendagri crosswalk (``catalog/wilayah/bps_kemendagri.csv``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Final

import pandas as pd

from transforms.wilayah.katalog import baca_tabel_wilayah
from transforms.wilayah.kode import TINGKAT, _ke_digit
from transforms.wilayah.nilai import _petakan_unik

KOLOM_BPS: Final = ("tingkat", "kode_bps", "nama_bps", "kode_kemendagri", "nama_kemendagri")
PANJANG_KODE_BPS: Final = {"provinsi": 2, "kabupaten": 4, "kecamatan": 7, "desa": 10}
"""Digit count of a BPS code per level (2+2+3+3)."""
EDISI_BPS: Final = "2025"  # the Kemendagri side of the BPS crosswalk follows this edition


@lru_cache(maxsize=1)
def _tabel_bps() -> pd.DataFrame:
    """Read ``bps_kemendagri.csv`` (cached; never handed out, see :func:`muat_bps`)."""
    return baca_tabel_wilayah("bps_kemendagri.csv", KOLOM_BPS)


def muat_bps() -> pd.DataFrame:
    """Return the BPS-Kemendagri crosswalk (a copy).

    Columns ``tingkat, kode_bps, nama_bps, kode_kemendagri, nama_kemendagri`` for
    provinsi, kabupaten and kecamatan; BPS codes are undotted digits (2/4/7), Kemendagri
    codes dotted, of edition :data:`EDISI_BPS`. A BPS code maps to exactly one Kemendagri
    code; a few Kemendagri kecamatan have two BPS codes. See ``bps_kemendagri.md``.
    """
    return _tabel_bps().copy()


@lru_cache(maxsize=1)
def _peta_bps() -> dict[str, str]:
    """BPS code -> Kemendagri code."""
    tabel = _tabel_bps()
    return dict(zip(tabel["kode_bps"].tolist(), tabel["kode_kemendagri"].tolist(), strict=True))


def ubah_bps_ke_kemendagri(kode_bps: pd.Series, tingkat: str | None = None) -> pd.Series:
    """Map BPS codes (provinsi, kabupaten/kota, kecamatan) to Kemendagri codes.

    Values may be digit strings, ints or Excel floats, with stray spaces (``" 76 05"``,
    ``7605.0``). With ``tingkat`` None the level comes from the digit count (2/4/7); with a
    level, values of another length give NA. Unknown codes give NA. The result (string
    dtype, ``kode_kemendagri``, same index) follows edition :data:`EDISI_BPS`; use
    :func:`ubah_ke_edisi` for another edition. BPS desa codes have no direct table: use
    :func:`ubah_bps_desa_ke_kemendagri`.

    >>> ubah_bps_ke_kemendagri(pd.Series(["7605", "94", "3273010"])).tolist()
    ['76.01', '91', '32.73.15']
    """
    if tingkat is not None and tingkat not in TINGKAT:
        raise ValueError(f"tingkat tidak dikenal: {tingkat!r} (pilihan: {', '.join(TINGKAT)})")
    if tingkat == "desa":
        raise ValueError(
            "kode BPS desa tidak punya padanan langsung; pakai ubah_bps_desa_ke_kemendagri"
        )
    peta = _peta_bps()
    panjang = None if tingkat is None else PANJANG_KODE_BPS[tingkat]

    def satu(value: object) -> str | None:
        digit = _ke_digit(value)
        if digit is None or (panjang is not None and len(digit) != panjang):
            return None
        return peta.get(digit)

    seri = pd.Series(kode_bps)
    return pd.Series(
        pd.array(_petakan_unik(seri, satu), dtype="string"),
        index=seri.index,
        name="kode_kemendagri",
    )
