"""The region master of one edition: :class:`Wilayah` and its loader :func:`muat_master`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Final

import numpy as np
import pandas as pd

from transforms.wilayah.edisi import EDISI_BAKU, _katalog_edisi
from transforms.wilayah.katalog import KATALOG_WILAYAH
from transforms.wilayah.kode import (
    _PANJANG_KODE,
    _RE_KODE_MASTER,
    TINGKAT,
    _adalah_kota,
    _kedalaman,
    _potong_kode,
    _wajib_kode,
    normalkan_kode,
)
from transforms.wilayah.nama import _jenis_kabkota, normalkan_nama

KOLOM_FRAME: Final = (
    "kode_wilayah",
    "nama_wilayah",
    "tingkat",
    "kode_induk",
    "kode_provinsi",
    "kode_kabupaten",
    "kode_kecamatan",
    "nama_asli",
)
"""Columns of :attr:`Wilayah.frame`."""


@dataclass(frozen=True, eq=False, repr=False)
class Wilayah:
    """One edition of the Kemendagri region master (immutable; build with :func:`muat_master`).

    The table has one row per region, sorted by code, with string columns
    ``kode_wilayah, nama_wilayah, tingkat, kode_induk, kode_provinsi, kode_kabupaten,
    kode_kecamatan, nama_asli`` (``nama_wilayah`` has its whitespace cleaned,
    ``nama_asli`` is the decree spelling byte for byte). ``kode_<tingkat>`` of a row at
    that very level is the row's own code; levels above a row are NA.
    """

    edisi: str
    _data: pd.DataFrame

    def __repr__(self) -> str:
        return f"Wilayah(edisi={self.edisi!r}, baris={len(self._data)})"

    # -- internal indexes (computed once per instance) ---------------------

    @cached_property
    def _kode(self) -> np.ndarray:
        """Sorted codes as a fixed-width unicode array (fast searchsorted)."""
        return self._data["kode_wilayah"].to_numpy(dtype=f"U{_PANJANG_KODE[-1]}")

    @cached_property
    def _tingkat(self) -> np.ndarray:
        return self._data["tingkat"].to_numpy(dtype=object)

    @cached_property
    def _nama(self) -> np.ndarray:
        return self._data["nama_wilayah"].to_numpy(dtype=object)

    @cached_property
    def _posisi(self) -> dict[str, int]:
        return {kode: i for i, kode in enumerate(self._kode.tolist())}

    @cached_property
    def _kunci(self) -> np.ndarray:
        """Normalised name key of every row (level-aware, see :func:`normalkan_nama`)."""
        kunci = [normalkan_nama(n, t) for n, t in zip(self._nama, self._tingkat, strict=True)]
        return np.asarray(kunci, dtype=object)

    @cached_property
    def _posisi_tingkat(self) -> dict[str, np.ndarray]:
        return {t: np.flatnonzero(self._tingkat == t) for t in TINGKAT}

    @cached_property
    def _jumlah_desa(self) -> pd.Series:
        data = self._data
        desa = data[data["tingkat"] == "desa"]
        hitung = pd.concat(
            [desa[k].value_counts() for k in ("kode_provinsi", "kode_kabupaten", "kode_kecamatan")]
        )
        nilai = hitung.reindex(data["kode_wilayah"], fill_value=0).to_numpy(
            dtype="int64", copy=True
        )
        nilai[(data["tingkat"] == "desa").to_numpy(dtype=bool)] = 1
        indeks = pd.Index(data["kode_wilayah"], name="kode_wilayah")
        return pd.Series(nilai, index=indeks, name="jumlah_desa")

    def _rentang_anak(self, kode: str) -> tuple[int, int]:
        """Position range of all codes below ``kode`` ('.' < '/' < digits in ASCII)."""
        lo = int(np.searchsorted(self._kode, kode + ".", side="left"))
        hi = int(np.searchsorted(self._kode, kode + "/", side="left"))
        return lo, hi

    def _wajib_ada(self, kode: object) -> str:
        """Normalise ``kode`` and check it exists in this edition (KeyError otherwise)."""
        dotted = _wajib_kode(kode)
        if dotted not in self._posisi:
            raise KeyError(f"kode wilayah {dotted} tidak ada di master edisi {self.edisi}")
        return dotted

    def _posisi_kandidat(self, tingkat: str, induk: str | None) -> np.ndarray:
        """Positions of the rows at ``tingkat`` inside ``induk`` (its ancestor if shallower)."""
        if induk is None:
            return self._posisi_tingkat[tingkat]
        kedalaman = TINGKAT.index(tingkat) + 1
        if kedalaman <= _kedalaman(induk):
            leluhur = _potong_kode(induk, kedalaman)
            pos = self._posisi.get(leluhur)
            return np.asarray([] if pos is None else [pos], dtype=np.intp)
        lo, hi = self._rentang_anak(induk)
        return lo + np.flatnonzero(self._tingkat[lo:hi] == tingkat)

    def _label(self, kode: str | None) -> str:
        """Human label ``Nama (kode)`` for notes."""
        if kode is None:
            return "seluruh Indonesia"
        return f"{self._nama[self._posisi[kode]]} ({kode})"

    # -- public API ----------------------------------------------------------

    @property
    def frame(self) -> pd.DataFrame:
        """A copy of the master table (see the class docstring for the columns)."""
        return self._data.copy()

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, kode: object) -> bool:
        dotted = normalkan_kode(kode)
        return dotted is not None and dotted in self._posisi

    def get(self, kode_any: object) -> dict[str, str | None] | None:
        """Return the row of a code (any format :func:`normalkan_kode` accepts) or None."""
        dotted = normalkan_kode(kode_any)
        if dotted is None or dotted not in self._posisi:
            return None
        baris = self._data.iloc[self._posisi[dotted]]
        return {k: (None if pd.isna(v) else str(v)) for k, v in baris.items()}

    def anak(self, kode: object) -> list[str]:
        """Direct children codes of ``kode`` (empty for a desa). KeyError if unknown."""
        dotted = self._wajib_ada(kode)
        kedalaman = _kedalaman(dotted)
        if kedalaman == len(TINGKAT):
            return []
        return self.keturunan(dotted, TINGKAT[kedalaman])

    def keturunan(self, kode: object, tingkat: str | None = None) -> list[str]:
        """All codes below ``kode`` (not itself), optionally only those at ``tingkat``."""
        dotted = self._wajib_ada(kode)
        if tingkat is not None and tingkat not in TINGKAT:
            raise ValueError(f"tingkat tidak dikenal: {tingkat!r}")
        lo, hi = self._rentang_anak(dotted)
        kode_anak = self._kode[lo:hi]
        if tingkat is not None:
            kode_anak = kode_anak[self._tingkat[lo:hi] == tingkat]
        return kode_anak.tolist()

    def jumlah_desa(self, kode: object) -> int:
        """Number of desa + kelurahan in a region (1 for a desa itself). KeyError if unknown."""
        dotted = self._wajib_ada(kode)
        return int(self._jumlah_desa.iloc[self._posisi[dotted]])

    def hitung_jumlah_desa_semua(self) -> pd.Series:
        """Desa + kelurahan count for every region, indexed by ``kode_wilayah`` (a copy)."""
        return self._jumlah_desa.copy()

    def cari_nama(self, nama: str, induk: object = None, tingkat: str | None = None) -> str | None:
        """Find a region code by name; None when zero or several regions match.

        ``induk`` (any code format) restricts the search: with ``tingkat`` to that level
        anywhere below ``induk``, without it to the direct children of ``induk``. Without
        ``induk`` the whole table is searched (at ``tingkat`` when given). Names are compared
        with :func:`normalkan_nama`, so ``KAB.``/``Kabupaten``/no prefix, ``KOTA ADM.``,
        ``KEP.``, case, spacing and punctuation do not matter. When a bare name fits both a
        kabupaten and a kota, a ``KOTA``/``KAB`` prefix in ``nama`` decides.
        Raises KeyError when ``induk`` is not in this edition.
        """
        if tingkat is not None and tingkat not in TINGKAT:
            raise ValueError(f"tingkat tidak dikenal: {tingkat!r}")
        if induk is not None:
            induk_kode = self._wajib_ada(induk)
            kedalaman = _kedalaman(induk_kode)
            if tingkat is None:
                if kedalaman == len(TINGKAT):
                    return None
                tingkat = TINGKAT[kedalaman]
            posisi = self._posisi_kandidat(tingkat, induk_kode)
        else:
            posisi = self._posisi_tingkat[tingkat] if tingkat else np.arange(len(self._data))
        cocok: list[int] = []
        for t in TINGKAT if tingkat is None else (tingkat,):
            kunci = normalkan_nama(nama, t)
            if not kunci:
                continue
            pos_t = posisi[self._tingkat[posisi] == t]
            cocok.extend(pos_t[self._kunci[pos_t] == kunci].tolist())
        if len(cocok) > 1 and all(self._tingkat[p] == "kabupaten" for p in cocok):
            cocok = _pilih_jenis(nama, cocok, self._kode)
        return str(self._kode[cocok[0]]) if len(cocok) == 1 else None


def _pilih_jenis(nama: str, posisi: list[int], kode: np.ndarray) -> list[int]:
    """Keep only kota or kabupaten candidates when the name's prefix says which."""
    jenis = _jenis_kabkota(nama)
    if jenis is None:
        return posisi
    return [p for p in posisi if _adalah_kota(str(kode[p])) == (jenis == "kota")]


def _bangun_frame(mentah: pd.DataFrame) -> pd.DataFrame:
    """Build the master table from the raw ``kode,nama`` CSV (validated, sorted by code)."""
    kode = mentah["kode"].astype("string").str.strip()
    salah = kode[~kode.str.fullmatch(_RE_KODE_MASTER.pattern).fillna(False)]
    if len(salah):
        raise ValueError(f"kode tidak sah di master wilayah: {salah.head(5).tolist()}")
    if kode.duplicated().any():
        raise ValueError(
            f"kode ganda di master wilayah: {kode[kode.duplicated()].head(5).tolist()}"
        )
    nama_asli = mentah["nama"].astype("string")
    segmen = kode.str.count(r"\.").to_numpy(dtype=np.intp)
    panjang = kode.str.len().to_numpy(dtype=np.intp)
    p_prov, p_kab, p_kec, _ = _PANJANG_KODE
    kode_provinsi = kode.str.slice(0, p_prov)
    kode_kabupaten = kode.str.slice(0, p_kab).where(panjang >= p_kab)
    kode_kecamatan = kode.str.slice(0, p_kec).where(panjang >= p_kec)
    kode_induk = kode_kecamatan.where(
        segmen == 3, kode_kabupaten.where(segmen == 2, kode_provinsi.where(segmen == 1))
    )
    frame = pd.DataFrame(
        {
            "kode_wilayah": kode,
            "nama_wilayah": nama_asli.str.replace(r"\s+", " ", regex=True).str.strip(),
            "tingkat": pd.array(np.asarray(TINGKAT, dtype=object)[segmen], dtype="string"),
            "kode_induk": kode_induk,
            "kode_provinsi": kode_provinsi,
            "kode_kabupaten": kode_kabupaten,
            "kode_kecamatan": kode_kecamatan,
            "nama_asli": nama_asli,
        }
    ).astype("string")
    return frame.sort_values("kode_wilayah", ignore_index=True)


@lru_cache(maxsize=8)
def muat_master(edisi: str = EDISI_BAKU) -> Wilayah:
    """Load one vendored edition (``"2025"``, ``"2022"``, ``"2021"``); cached per edition.

    Codes are read as strings. Raises ValueError for an unknown edition.
    """
    katalog = _katalog_edisi()["edisi"]
    meta = katalog.get(str(edisi))
    if meta is None:
        raise ValueError(f"edisi master wilayah tidak dikenal: {edisi!r} (ada: {sorted(katalog)})")
    mentah = pd.read_csv(
        KATALOG_WILAYAH / meta["file"],
        dtype=str,
        keep_default_na=False,
        engine="pyarrow",
    )
    return Wilayah(edisi=str(edisi), _data=_bangun_frame(mentah))
