"""The curated alias table ``catalog/wilayah/alias.csv`` (other spellings, former names)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np
import pandas as pd

from transforms.wilayah.katalog import KATALOG_WILAYAH
from transforms.wilayah.kode import TINGKAT, cari_tingkat, normalkan_kode
from transforms.wilayah.master import Wilayah, muat_master
from transforms.wilayah.nama import normalkan_nama
from transforms.wilayah.nilai import _petakan_unik
from transforms.wilayah.perubahan import _penerjemah_edisi

KOLOM_ALIAS: Final = ("tingkat", "kode_induk", "nama", "kode_wilayah", "alasan")
EDISI_ALIAS: Final = "2025"  # codes in alias.csv follow this edition


@dataclass(frozen=True)
class _Alias:
    """One validated row of the alias table."""

    tingkat: str
    kode_induk: str | None
    kunci: str
    kode_wilayah: str
    alasan: str


def _siapkan_alias(alias: pd.DataFrame | None, master: Wilayah) -> list[_Alias]:
    """Validate the alias table (columns, codes present in the edition)."""
    if alias is None or alias.empty:
        return []
    kurang = [k for k in KOLOM_ALIAS if k not in alias.columns]
    if kurang:
        raise ValueError(f"tabel alias kurang kolom: {kurang}")
    hasil = []
    for baris in alias.itertuples(index=False):
        tingkat = str(baris.tingkat).strip()
        if tingkat not in TINGKAT:
            raise ValueError(f"tabel alias: tingkat tidak dikenal {tingkat!r}")
        kode = normalkan_kode(baris.kode_wilayah)
        if kode is None or kode not in master or cari_tingkat(kode) != tingkat:
            raise ValueError(
                f"tabel alias: kode_wilayah {baris.kode_wilayah!r} tidak ada di master edisi "
                f"{master.edisi} pada tingkat {tingkat}"
            )
        induk = None if pd.isna(baris.kode_induk) else normalkan_kode(baris.kode_induk)
        alasan = "" if pd.isna(baris.alasan) else str(baris.alasan)
        hasil.append(_Alias(tingkat, induk, normalkan_nama(str(baris.nama), tingkat), kode, alasan))
    return hasil


@lru_cache(maxsize=1)
def _tabel_alias() -> pd.DataFrame:
    """Read ``alias.csv`` (cached; never handed out, see :func:`muat_alias`)."""
    frame = pd.read_csv(
        KATALOG_WILAYAH / "alias.csv", dtype=str, keep_default_na=False, encoding="utf-8"
    )
    if tuple(frame.columns) != KOLOM_ALIAS:
        raise ValueError(f"alias.csv harus berkolom {list(KOLOM_ALIAS)}, ada {list(frame.columns)}")
    return frame.astype("string")


def muat_alias() -> pd.DataFrame:
    """Return the vendored alias table (a copy): ``tingkat, kode_induk, nama, kode_wilayah,
    alasan``, one row per known alternative spelling or former name, codes of the
    :data:`EDISI_ALIAS` edition. :func:`cocokkan_wilayah` uses it when ``alias`` is None.
    """
    return _tabel_alias().copy()


@lru_cache(maxsize=8)
def _alias_baku(edisi: str) -> tuple[_Alias, ...]:
    """The vendored aliases for ``edisi`` (codes carried over from :data:`EDISI_ALIAS`).

    Rows whose region (or parent) has no equivalent in ``edisi`` are left out.
    """
    tabel = _tabel_alias()
    if edisi != EDISI_ALIAS:
        terjemah = _penerjemah_edisi(EDISI_ALIAS, edisi)

        def ke(kode: object) -> str | None:
            return terjemah(normalkan_kode(kode))

        kode = _petakan_unik(tabel["kode_wilayah"], ke)
        tanpa_induk = (tabel["kode_induk"].str.strip() == "").to_numpy(dtype=bool)
        induk = _petakan_unik(tabel["kode_induk"], ke)
        sah = pd.notna(kode) & (tanpa_induk | pd.notna(induk))
        tabel = tabel.assign(
            kode_wilayah=pd.array(kode, dtype="string"),
            kode_induk=pd.array(np.where(pd.isna(induk), "", induk), dtype="string"),
        )[sah]
    return tuple(_siapkan_alias(tabel, muat_master(edisi)))
