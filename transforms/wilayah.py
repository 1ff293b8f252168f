"""Master kode wilayah Kemendagri: normalisasi kode, hierarki wilayah dan pencocokan nama.

The vendored region master lives in ``catalog/wilayah`` (three decree editions, see
``catalog/wilayah/edisi.yaml``). This module offers:

* code helpers: :func:`normalize_kode`, :func:`tingkat_of`, :func:`parent_kode`;
* :class:`Wilayah`, an immutable view of one edition built by :func:`load_master`
  (cached per edition), with lookups (``get``, ``children``, ``descendants``,
  ``jumlah_desa``, ``jumlah_desa_all``, ``cari_nama``);
* name matching: :func:`normalize_nama` and the vectorised, hierarchical
  :func:`match_wilayah` for whole tables (e.g. SIGA exports that carry names, not codes),
  optionally anchored by a code column (Kemendagri or BPS) that is cross-checked against the
  names, with the curated alias table ``catalog/wilayah/alias.csv`` (:func:`load_alias`);
* BPS codes: the vendored BPS-Kemendagri crosswalk (:func:`load_bps`,
  :func:`bps_ke_kemendagri`, :func:`bps_desa_ke_kemendagri`);
* code systems: :func:`sistem_kode` tells Kemendagri, BPS, SIGA suffixes and names apart by
  content, :func:`deteksi_kolom_wilayah` finds the region columns of a table;
* editions over time: the dated crosswalk ``catalog/wilayah/perubahan_kode.csv``
  (:func:`bandingkan_edisi` builds it, :func:`load_perubahan_kode` reads it) and
  :func:`ke_edisi` to carry codes from one edition to another.

All functions are pure: inputs are never mutated and results are new objects.
User-facing notes (``catatan``) and error messages are in Bahasa Indonesia.
"""

from __future__ import annotations

import math
import numbers
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import yaml

TINGKAT: Final = ("provinsi", "kabupaten", "kecamatan", "desa")
"""Administrative levels, from the top. The level of a code is its number of segments."""

KATALOG_WILAYAH: Final = Path(__file__).resolve().parents[1] / "catalog" / "wilayah"
EDISI_BAKU: Final = "2025"

STATUS: Final = ("cocok", "kode", "alias", "mirip", "tidak_cocok")
"""Match statuses, from the most to the least certain (a row gets its weakest level)."""

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
KOLOM_ALIAS: Final = ("tingkat", "kode_induk", "nama", "kode_wilayah", "alasan")
KOLOM_SUFFIX: Final = "kode_desa_suffix"
KOLOM_KODE: Final = "kode"
"""``match_wilayah`` key of a column with full Kemendagri codes (dotted or not, any level)."""
KOLOM_KODE_BPS: Final = "kode_bps"
"""``match_wilayah`` key of a column with BPS codes (2/4/7 digits; 10-digit desa via names)."""
KOLOM_BPS: Final = ("tingkat", "kode_bps", "nama_bps", "kode_kemendagri", "nama_kemendagri")
KOLOM_PERUBAHAN: Final = (
    "kode_lama",
    "edisi_lama",
    "kode_baru",
    "edisi_baru",
    "tingkat",
    "nama",
    "berlaku_dari",
    "dasar_hukum",
    "catatan",
)
PANJANG_KODE_BPS: Final = {"provinsi": 2, "kabupaten": 4, "kecamatan": 7, "desa": 10}
"""Digit count of a BPS code per level (2+2+3+3)."""
EDISI_BPS: Final = "2025"  # the Kemendagri side of the BPS crosswalk follows this edition
EDISI_ALIAS: Final = "2025"  # codes in alias.csv follow this edition
SISTEM_KODE: Final = (
    "kemendagri",
    "kemendagri_tanpa_titik",
    "bps",
    "siga_suffix",
    "nama",
    "tidak_dikenal",
)
"""Code systems told apart by :func:`sistem_kode` (ties are broken in this order)."""

AMBANG_MIRIP: Final = 0.8  # minimum SequenceMatcher ratio for a fuzzy match
SELISIH_MIRIP: Final = 0.05  # required margin between the best and the second-best candidate
MAKS_KANDIDAT_MIRIP: Final = 5000  # fuzzy search is skipped above this many candidates

_LEBAR_SEGMEN: Final = (2, 2, 2, 4)
_PANJANG_DIGIT: Final = {2: 1, 4: 2, 6: 3, 10: 4}  # digit count -> number of segments
PANJANG_KODE: Final = {"provinsi": 2, "kabupaten": 5, "kecamatan": 8, "desa": 13}
"""Length of a dotted Kemendagri code per level."""
_PANJANG_KODE: Final = tuple(PANJANG_KODE.values())

_RE_DIGIT: Final = re.compile(r"[0-9]+")
_RE_DIGIT_NOL_DESIMAL: Final = re.compile(r"([0-9]+)\.0")  # str() of an integral float
_RE_PEMISAH_KODE: Final = re.compile(r"\s*\.\s*|\s+")
_RE_KODE_MASTER: Final = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?")
_RE_APOSTROF: Final = re.compile(r"[’'`´‘ʼ]")
_RE_TANDA_BACA: Final = re.compile(r"[^\w\s]|_")
_RE_HURUF_GANDA: Final = re.compile(r"(.)\1+")
_RE_AWALAN_KABKOTA: Final = re.compile(r"^(?:KABUPATEN|KAB|KOTA)(?: (?:ADMINISTRASI|ADM))? ")
_RE_AWALAN_PROVINSI: Final = re.compile(r"^(?:PROVINSI|PROPINSI|PROV) ")
# "KEC. GRABAG", "DESA PATUTREJO": type words written before the name. Removed on both sides
# (file and master), so a master name that starts with one ("Desa Baru") still matches itself.
_RE_AWALAN_KECAMATAN: Final = re.compile(r"^(?:KECAMATAN|KEC|DISTRIK) (?=\S)")
_RE_AWALAN_DESA: Final = re.compile(r"^(?:DESA|KELURAHAN|KEL|DS) (?=\S)")
_SINGKATAN_PROVINSI: Final = (
    (re.compile(r"^(?:D K I|DKI)\b"), "DAERAH KHUSUS IBUKOTA"),
    (re.compile(r"^(?:D I Y|DIY)$"), "DAERAH ISTIMEWA YOGYAKARTA"),
    (re.compile(r"^(?:D I|DI)\b"), "DAERAH ISTIMEWA"),
    (re.compile(r"^NTB$"), "NUSA TENGGARA BARAT"),
    (re.compile(r"^NTT$"), "NUSA TENGGARA TIMUR"),
)
_RE_KEP: Final = re.compile(r"\bKEP\b")
_RE_DIGIT_NOL_DESIMAL_PANJANG: Final = re.compile(r"([0-9]+)\.0+")
_RE_ANGKA_ILMIAH: Final = re.compile(r"[0-9]+(?:\.[0-9]+)?[eE]\+?[0-9]+")
_RE_HURUF: Final = re.compile(r"[A-Za-z]")


# ---------------------------------------------------------------------------
# Codes
# ---------------------------------------------------------------------------


def normalize_kode(value: object) -> str | None:
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
    if len(bulat) != 2 or len(pecahan) > 2:
        return None
    return _gabung_segmen([bulat, pecahan.ljust(2, "0")])


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
    if len(segmen[0]) != 2 or (len(segmen) == 4 and len(segmen[3]) != 4):
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
    hasil = normalize_kode(kode)
    if hasil is None:
        raise ValueError(f"kode wilayah tidak valid: {kode!r}")
    return hasil


def tingkat_of(kode: object) -> str:
    """Return the level (one of :data:`TINGKAT`) of a code, from its shape.

    Raises ValueError when the code is not valid.
    """
    return TINGKAT[_wajib_kode(kode).count(".")]


def parent_kode(kode: object) -> str | None:
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


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


def normalize_nama(nama: str, tingkat: str | None = None) -> str:
    """Return the comparison key for a region name.

    Upper-cases, drops apostrophes, turns other punctuation (dots, hyphens, commas,
    brackets) into spaces, collapses whitespace (newlines included) and expands ``KEP``
    to ``KEPULAUAN``. At ``kabupaten`` level the type prefix ``KABUPATEN``/``KAB``/``KOTA``
    (optionally followed by ``ADMINISTRASI``/``ADM``) is removed, likewise ``KECAMATAN``/
    ``KEC``/``DISTRIK`` and ``DESA``/``KELURAHAN``/``KEL``; at ``provinsi`` level
    ``PROVINSI`` is removed and ``DKI``/``DI``/``DIY``/``NTB``/``NTT`` are expanded.
    With ``tingkat=None`` no prefix is removed (a desa may be called "Kota Baru").

    >>> normalize_nama("KAB. ADM. KEP. SERIBU", "kabupaten")
    'KEPULAUAN SERIBU'
    """
    if tingkat is not None and tingkat not in TINGKAT:
        raise ValueError(f"tingkat tidak dikenal: {tingkat!r} (pilihan: {', '.join(TINGKAT)})")
    teks = _RE_APOSTROF.sub("", str(nama).upper())
    teks = " ".join(_RE_TANDA_BACA.sub(" ", teks).split())
    if tingkat == "kabupaten":
        teks = _RE_AWALAN_KABKOTA.sub("", teks)
    elif tingkat == "kecamatan":
        teks = _RE_AWALAN_KECAMATAN.sub("", teks)
    elif tingkat == "desa":
        teks = _RE_AWALAN_DESA.sub("", teks)
    elif tingkat == "provinsi":
        teks = _RE_AWALAN_PROVINSI.sub("", teks)
        for pola, ganti in _SINGKATAN_PROVINSI:
            teks = pola.sub(ganti, teks)
    return _RE_KEP.sub("KEPULAUAN", teks)


@lru_cache(maxsize=65536)
def _kunci_longgar(kunci: str) -> str:
    """Loose key: drop reduplicated words (PODA PODA -> PODA), spaces and doubled letters.

    Catches spelling variants such as ALU/Allu, MAPILI BARAT/Mapilli Barat, PODA/Poda-Poda.
    """
    kata = kunci.split()
    tanpa_ulang = [k for i, k in enumerate(kata) if i == 0 or k != kata[i - 1]]
    return _RE_HURUF_GANDA.sub(r"\1", "".join(tanpa_ulang))


def _jenis_kabkota(nama: str) -> str | None:
    """Return "kota"/"kabupaten" from a name's prefix, None when it has no prefix."""
    kata = normalize_nama(nama).split()
    if not kata:
        return None
    if kata[0] == "KOTA":
        return "kota"
    return "kabupaten" if kata[0] in ("KAB", "KABUPATEN") else None


def _adalah_kota(kode: str) -> bool:
    """Kab/kota codes 71-99 are kota, 01-69 kabupaten."""
    return int(kode[3:5]) >= 71


def _kemiripan(a: str, b: str) -> float:
    """SequenceMatcher ratio between two normalised names."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


# ---------------------------------------------------------------------------
# Editions
# ---------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _katalog_edisi(direktori: Path = KATALOG_WILAYAH) -> dict[str, Any]:
    """Read ``edisi.yaml`` (cached)."""
    with (direktori / "edisi.yaml").open(encoding="utf-8") as berkas:
        return yaml.safe_load(berkas)


def daftar_edisi() -> dict[str, dict[str, Any]]:
    """Return the vendored editions as ``{edisi: metadata}`` (a fresh copy)."""
    return {str(k): dict(v) for k, v in _katalog_edisi()["edisi"].items()}


def edisi_untuk_tahun(tahun: int) -> str:
    """Return the edition in force for data of year ``tahun`` (largest ``berlaku_dari_tahun``).

    >>> edisi_untuk_tahun(2024)
    '2022'
    """
    berlaku = [
        (int(meta["berlaku_dari_tahun"]), edisi)
        for edisi, meta in daftar_edisi().items()
        if int(meta["berlaku_dari_tahun"]) <= tahun
    ]
    if not berlaku:
        raise ValueError(f"tidak ada edisi master wilayah untuk tahun {tahun}")
    return max(berlaku)[1]


# ---------------------------------------------------------------------------
# Master
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class Wilayah:
    """One edition of the Kemendagri region master (immutable; build with :func:`load_master`).

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
        return self._data["kode_wilayah"].to_numpy(dtype="U13")

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
        """Normalised name key of every row (level-aware, see :func:`normalize_nama`)."""
        kunci = [normalize_nama(n, t) for n, t in zip(self._nama, self._tingkat, strict=True)]
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
        dotted = normalize_kode(kode)
        return dotted is not None and dotted in self._posisi

    def get(self, kode_any: object) -> dict[str, str | None] | None:
        """Return the row of a code (any format :func:`normalize_kode` accepts) or None."""
        dotted = normalize_kode(kode_any)
        if dotted is None or dotted not in self._posisi:
            return None
        baris = self._data.iloc[self._posisi[dotted]]
        return {k: (None if pd.isna(v) else str(v)) for k, v in baris.items()}

    def children(self, kode: object) -> list[str]:
        """Direct children codes of ``kode`` (empty for a desa). KeyError if unknown."""
        dotted = self._wajib_ada(kode)
        kedalaman = _kedalaman(dotted)
        if kedalaman == len(TINGKAT):
            return []
        return self.descendants(dotted, TINGKAT[kedalaman])

    def descendants(self, kode: object, tingkat: str | None = None) -> list[str]:
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

    def jumlah_desa_all(self) -> pd.Series:
        """Desa + kelurahan count for every region, indexed by ``kode_wilayah`` (a copy)."""
        return self._jumlah_desa.copy()

    def cari_nama(self, nama: str, induk: object = None, tingkat: str | None = None) -> str | None:
        """Find a region code by name; None when zero or several regions match.

        ``induk`` (any code format) restricts the search: with ``tingkat`` to that level
        anywhere below ``induk``, without it to the direct children of ``induk``. Without
        ``induk`` the whole table is searched (at ``tingkat`` when given). Names are compared
        with :func:`normalize_nama`, so ``KAB.``/``Kabupaten``/no prefix, ``KOTA ADM.``,
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
            kunci = normalize_nama(nama, t)
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
    kode_provinsi = kode.str.slice(0, 2)
    kode_kabupaten = kode.str.slice(0, 5).where(panjang >= 5)
    kode_kecamatan = kode.str.slice(0, 8).where(panjang >= 8)
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
def load_master(edisi: str = EDISI_BAKU) -> Wilayah:
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


# ---------------------------------------------------------------------------
# Table matching
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entri:
    """One unique name to match inside one parent."""

    nama: str  # file spelling (whitespace cleaned)
    kunci: str  # normalised key
    suffix: str | None  # 4-digit desa code suffix, when the file has one


@dataclass(frozen=True)
class _Hasil:
    """Outcome for one :class:`_Entri`."""

    kode: str | None
    status: str
    catatan: str | None = None


@dataclass(frozen=True)
class _Alias:
    """One validated row of the alias table."""

    tingkat: str
    kode_induk: str | None
    kunci: str
    kode_wilayah: str
    alasan: str


def _bersihkan_nama(kolom: pd.Series) -> pd.Series:
    """Collapse whitespace (newlines too) and turn blanks into NA."""
    teks = kolom.astype("string").str.replace(r"\s+", " ", regex=True).str.strip()
    return teks.mask(teks == "")


def _bersihkan_suffix(kolom: pd.Series) -> pd.Series:
    """Normalise the desa code suffix column to 4 digits (``2001``, ``"2001.0"``) or NA."""
    teks = kolom.astype("string").str.strip().str.replace(r"\.0+$", "", regex=True)
    sah = teks.str.fullmatch(r"[0-9]{1,4}").fillna(False).astype(bool)
    return teks.str.zfill(4).where(sah)


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
        kode = normalize_kode(baris.kode_wilayah)
        if kode is None or kode not in master or tingkat_of(kode) != tingkat:
            raise ValueError(
                f"tabel alias: kode_wilayah {baris.kode_wilayah!r} tidak ada di master edisi "
                f"{master.edisi} pada tingkat {tingkat}"
            )
        induk = None if pd.isna(baris.kode_induk) else normalize_kode(baris.kode_induk)
        alasan = "" if pd.isna(baris.alasan) else str(baris.alasan)
        hasil.append(_Alias(tingkat, induk, normalize_nama(str(baris.nama), tingkat), kode, alasan))
    return hasil


class _Pencocok:
    """Resolve the unique names of one parent at one level (stages in documented order)."""

    def __init__(
        self,
        master: Wilayah,
        tingkat: str,
        induk: str | None,
        alias: Sequence[_Alias],
    ) -> None:
        self.master = master
        self.tingkat = tingkat
        self.induk = induk
        self.alias = alias
        pos = master._posisi_kandidat(tingkat, induk)
        self.kode: list[str] = master._kode[pos].tolist()
        self.kunci: list[str] = master._kunci[pos].tolist()
        self.nama: list[str] = master._nama[pos].tolist()
        self.terpakai: set[int] = set()
        self.hasil: dict[_Entri, _Hasil] = {}

    def jalankan(self, entri: Sequence[_Entri]) -> dict[_Entri, _Hasil]:
        """Run all stages and return a result for every entry."""
        ganda = self._tahap_tepat(entri)
        self._tahap_longgar([e for e in entri if e not in self.hasil and e not in ganda])
        self._tahap_suffix([e for e in entri if e not in self.hasil])
        self._tahap_alias([e for e in entri if e not in self.hasil])
        sisa = [e for e in entri if e not in self.hasil and e not in ganda]
        gagal_mirip = self._tahap_mirip(sisa)
        for e in entri:
            if e not in self.hasil:
                self.hasil[e] = self._gagal(e, ganda.get(e), gagal_mirip.get(e))
        return self.hasil

    def _saring_jenis(self, e: _Entri, kandidat: list[int]) -> list[int]:
        """Among several kab/kota candidates keep those of the type named in the file.

        ``KOTA BOGOR`` picks Kota Bogor over Kabupaten Bogor; without a prefix, or when the
        filter would leave nothing, the candidates are returned unchanged.
        """
        if self.tingkat != "kabupaten" or len(kandidat) < 2:
            return kandidat
        jenis = _jenis_kabkota(e.nama)
        if jenis is None:
            return kandidat
        kota = jenis == "kota"
        tersaring = [i for i in kandidat if _adalah_kota(self.kode[i]) == kota]
        return tersaring or kandidat

    def _catat(self, e: _Entri, i: int, status: str, catatan: str | None) -> None:
        self.terpakai.add(i)
        self.hasil[e] = _Hasil(self.kode[i], status, catatan)

    def _tahap_tepat(self, entri: Sequence[_Entri]) -> dict[_Entri, list[int]]:
        """Exact normalised name; returns entries with several exact candidates."""
        indeks: dict[str, list[int]] = {}
        for i, k in enumerate(self.kunci):
            indeks.setdefault(k, []).append(i)
        ganda: dict[_Entri, list[int]] = {}
        for e in entri:
            kandidat = self._saring_jenis(e, indeks.get(e.kunci, []))
            if len(kandidat) == 1:
                self._catat(e, kandidat[0], "cocok", None)
            elif kandidat:
                ganda[e] = kandidat
        return ganda

    def _tahap_longgar(self, entri: Sequence[_Entri]) -> None:
        """Loose key: spaces, doubled letters, reduplicated words (ALU ~ Allu, PODA ~ Poda-Poda)."""
        if not entri:
            return
        indeks: dict[str, list[int]] = {}
        for i, k in enumerate(self.kunci):
            if i not in self.terpakai:
                indeks.setdefault(_kunci_longgar(k), []).append(i)
        usulan = {}
        for e in entri:
            kandidat = self._saring_jenis(e, indeks.get(_kunci_longgar(e.kunci), []))
            if len(kandidat) == 1:
                usulan[e] = kandidat[0]
        for e, i in _tanpa_rebutan(usulan).items():
            rasio = _kemiripan(e.kunci, self.kunci[i])
            beda_spasi = e.kunci.replace(" ", "") == self.kunci[i].replace(" ", "")
            jenis = "hanya beda spasi" if beda_spasi else "varian ejaan huruf ganda/kata ulang"
            catatan = (
                f'{self.tingkat}: nama "{e.nama}" dicocokkan dengan "{self.nama[i]}" '
                f"(kemiripan {rasio:.2f}), {jenis}"
            )
            self._catat(e, i, "mirip", catatan)

    def _tahap_suffix(self, entri: Sequence[_Entri]) -> None:
        """Desa code suffix from the file (SIGA ``KODE``), inside the matched parent."""
        if self.tingkat != "desa":
            return
        for e in entri:
            if e.suffix is None:
                continue
            kandidat = [i for i, k in enumerate(self.kode) if k.endswith("." + e.suffix)]
            if len(kandidat) == 1:
                i = kandidat[0]
                catatan = (
                    f'desa: nama "{e.nama}" tidak cocok dengan nama di master; dicocokkan '
                    f'lewat kode desa {e.suffix} dengan "{self.nama[i]}" '
                    f"(kemiripan {_kemiripan(e.kunci, self.kunci[i]):.2f})"
                )
                self._catat(e, i, "kode", catatan)

    def _tahap_alias(self, entri: Sequence[_Entri]) -> None:
        """Alias table rows at this level whose target lies among the candidates."""
        if not self.alias or not entri:
            return
        posisi = {k: i for i, k in enumerate(self.kode)}
        for e in entri:
            cocok = {
                a.kode_wilayah: a
                for a in self.alias
                if a.tingkat == self.tingkat
                and a.kunci == e.kunci
                and a.kode_wilayah in posisi
                and _alias_berlaku(a, self.induk)
            }
            if len(cocok) == 1:
                a = next(iter(cocok.values()))
                i = posisi[a.kode_wilayah]
                alasan = f": {a.alasan}" if a.alasan else ""
                catatan = (
                    f'{self.tingkat}: nama "{e.nama}" dipetakan lewat tabel alias ke '
                    f'"{self.nama[i]}" ({self.kode[i]}){alasan}'
                )
                self._catat(e, i, "alias", catatan)

    def _tahap_mirip(self, entri: Sequence[_Entri]) -> dict[_Entri, str]:
        """Fuzzy match against the unclaimed siblings; returns failure reasons."""
        alasan: dict[_Entri, str] = {}
        sisa = [i for i in range(len(self.kode)) if i not in self.terpakai]
        if not entri or not sisa:
            return alasan
        if len(sisa) > MAKS_KANDIDAT_MIRIP:
            return dict.fromkeys(entri, f"pencarian mirip dilewati ({len(sisa)} kandidat)")
        usulan: dict[_Entri, int] = {}
        rasio_usulan: dict[_Entri, float] = {}
        for e in entri:
            sisa_e = self._saring_jenis(e, sisa)
            peringkat = _peringkat_mirip(e.kunci, [self.kunci[i] for i in sisa_e])
            if not peringkat or peringkat[0][0] < AMBANG_MIRIP:
                continue
            terbaik, j = peringkat[0]
            if len(peringkat) > 1 and peringkat[1][0] > terbaik - SELISIH_MIRIP:
                lain = self.nama[sisa_e[peringkat[1][1]]]
                alasan[e] = (
                    f'kandidat mirip tidak tunggal: "{self.nama[sisa_e[j]]}" ({terbaik:.2f}) '
                    f'dan "{lain}" ({peringkat[1][0]:.2f})'
                )
                continue
            usulan[e], rasio_usulan[e] = sisa_e[j], terbaik
        diterima = _tanpa_rebutan(usulan)
        for e, i in usulan.items():
            if e not in diterima:
                alasan[e] = f'"{self.nama[i]}" juga paling mirip dengan nama lain di berkas'
        for e, i in diterima.items():
            catatan = (
                f'{self.tingkat}: nama "{e.nama}" dicocokkan dengan "{self.nama[i]}" '
                f"(kemiripan {rasio_usulan[e]:.2f})"
            )
            self._catat(e, i, "mirip", catatan)
        return alasan

    def _gagal(self, e: _Entri, ganda: list[int] | None, alasan: str | None) -> _Hasil:
        """Build the ``tidak_cocok`` result with a reason."""
        tempat = self.master._label(self.induk)
        if ganda:
            daftar = ", ".join(f'"{self.nama[i]}" ({self.kode[i]})' for i in ganda)
            catatan = (
                f'{self.tingkat}: nama "{e.nama}" cocok dengan lebih dari satu wilayah '
                f"di {tempat}: {daftar}"
            )
        elif not self.kode:
            catatan = (
                f'{self.tingkat}: nama "{e.nama}" tidak bisa dicari, '
                f"tidak ada {self.tingkat} di {tempat}"
            )
        else:
            catatan = f'{self.tingkat}: nama "{e.nama}" tidak ditemukan di {tempat}'
            if alasan:
                catatan += f"; {alasan}"
            elif len(self.kode) <= MAKS_KANDIDAT_MIRIP:
                peringkat = _peringkat_mirip(e.kunci, self.kunci, batas=0.6)
                if peringkat:
                    rasio, i = peringkat[0]
                    catatan += f'; paling mirip "{self.nama[i]}" (kemiripan {rasio:.2f})'
        return _Hasil(None, "tidak_cocok", catatan)


def _alias_berlaku(alias: _Alias, induk: str | None) -> bool:
    """An alias applies when it has no parent or its parent lies inside ``induk``."""
    if alias.kode_induk is None or induk is None:
        return True
    return alias.kode_induk == induk or alias.kode_induk.startswith(induk + ".")


def _tanpa_rebutan(usulan: Mapping[_Entri, int]) -> dict[_Entri, int]:
    """Drop proposals whose candidate is claimed by more than one entry."""
    hitung: dict[int, int] = {}
    for i in usulan.values():
        hitung[i] = hitung.get(i, 0) + 1
    return {e: i for e, i in usulan.items() if hitung[i] == 1}


def _peringkat_mirip(
    kunci: str, kandidat: Sequence[str], batas: float = AMBANG_MIRIP - SELISIH_MIRIP
) -> list[tuple[float, int]]:
    """Candidates with ratio >= ``batas``, best first, as ``(ratio, index)``."""
    pembanding = SequenceMatcher(None, autojunk=False)
    pembanding.set_seq2(kunci)
    hasil = []
    for j, k in enumerate(kandidat):
        pembanding.set_seq1(k)
        if pembanding.real_quick_ratio() >= batas and pembanding.quick_ratio() >= batas:
            rasio = pembanding.ratio()
            if rasio >= batas:
                hasil.append((rasio, j))
    return sorted(hasil, key=lambda x: (-x[0], x[1]))


def _validasi_kolom(df: pd.DataFrame, kolom: Mapping[str, str]) -> tuple[list[str], str | None]:
    """Check the ``kolom`` mapping; return the levels present and the suffix column."""
    dikenal = {*TINGKAT, KOLOM_SUFFIX, KOLOM_KODE, KOLOM_KODE_BPS}
    asing = [k for k in kolom if k not in dikenal]
    if asing:
        raise ValueError(f"kunci kolom tidak dikenal: {asing} (pilihan: {sorted(dikenal)})")
    hilang = [c for c in kolom.values() if c not in df.columns]
    if hilang:
        raise KeyError(f"kolom tidak ada di tabel: {hilang}")
    tingkat = [t for t in TINGKAT if t in kolom]
    if not tingkat and KOLOM_KODE not in kolom and KOLOM_KODE_BPS not in kolom:
        raise ValueError("kolom harus memuat minimal satu tingkat wilayah atau kolom kode")
    suffix = kolom.get(KOLOM_SUFFIX)
    if suffix is not None and "desa" not in kolom:
        raise ValueError("kode_desa_suffix hanya bisa dipakai bersama kolom desa")
    return tingkat, suffix


def _kombinasi_unik(bersih: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Factorise rows into unique name combinations: (group id per row, unique rows)."""
    kosong, pemisah = "\x00", "\x1f"
    kunci = bersih.iloc[:, 0].fillna(kosong)
    for nama_kolom in bersih.columns[1:]:
        kunci = kunci + pemisah + bersih[nama_kolom].fillna(kosong)
    grup, _ = pd.factorize(kunci.to_numpy(dtype=object))
    _, pertama = np.unique(grup, return_index=True)
    return grup, bersih.iloc[pertama].reset_index(drop=True)


_KOLOM_JANGKAR: Final = "\x00jangkar"  # internal column of the anchor id per row


def match_wilayah(
    df: pd.DataFrame,
    kolom: Mapping[str, str],
    edisi: str = EDISI_BAKU,
    scope: str | None = None,
    alias: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Match region names (and/or codes) in ``df`` to Kemendagri codes, level by level.

    ``kolom`` maps levels to column names, e.g. ``{"provinsi": "PROVINSI", "kabupaten":
    "KABUPATEN", "kecamatan": "KECAMATAN", "desa": "KELURAHAN"}``; levels may be skipped
    and ``"kode_desa_suffix"`` may name a column with the last 4 digits of the desa code.
    ``scope`` (any code format) restricts matching to that region's subtree. ``alias`` is a
    table with columns ``tingkat, kode_induk, nama, kode_wilayah, alasan``; None (the
    default) uses the vendored ``catalog/wilayah/alias.csv`` (see :func:`load_alias`), an
    empty frame disables aliases.

    Per level, within the parent matched at the level above, the stages are: exact
    normalised name (``cocok``); loose spelling with doubled letters / reduplicated words
    collapsed (``mirip``); the desa suffix (``kode``); the alias table (``alias``); fuzzy
    ratio >= 0.8 against unclaimed siblings with a unique best (``mirip``). A failed level
    stops the row (``tidak_cocok``). Only unique name combinations are processed.

    Code columns: ``"kode"`` names a column of full Kemendagri codes (dotted or not, any
    level, Excel floats accepted) and ``"kode_bps"`` a column of BPS codes (provinsi 2,
    kabupaten 4, kecamatan 7 digits, mapped through :func:`bps_ke_kemendagri`; a 10-digit
    BPS desa code gives its kecamatan and the desa is then matched by name). A code found in
    the edition anchors the row (status ``kode``); an invalid or unknown code gives
    ``tidak_cocok`` with a note naming the value. Name columns at or above the code's level
    are cross-checked against the master names of the code and its ancestors (a mismatch is
    noted and gives ``mirip``: the code wins); name columns below it are matched inside the
    code. With both ``kode`` and ``kode_bps``, the BPS code must point into the same region
    (compared at the shallower of the two levels), otherwise the row is ``tidak_cocok`` and
    the note names both codes. Rows whose code cells are blank fall back to the names.

    Returns a new DataFrame with ``df``'s index and string columns ``kode_wilayah`` (the
    deepest level matched, NA if none), ``status`` (the weakest level's status) and
    ``catatan`` (notes in Bahasa Indonesia, NA when everything matched exactly).
    """
    master = load_master(str(edisi))
    tingkat_ada, kolom_suffix = _validasi_kolom(df, kolom)
    lingkup = None if scope is None else master._wajib_ada(scope)
    daftar_alias = (
        list(_alias_baku(master.edisi)) if alias is None else _siapkan_alias(alias, master)
    )

    bersih = pd.DataFrame(
        {t: _bersihkan_nama(df[kolom[t]]).to_numpy() for t in tingkat_ada},
        index=pd.RangeIndex(len(df)),
    )
    if kolom_suffix is not None:
        bersih[KOLOM_SUFFIX] = _bersihkan_suffix(df[kolom_suffix]).to_numpy()
    daftar_jangkar: list[_Jangkar | None] = []
    if KOLOM_KODE in kolom or KOLOM_KODE_BPS in kolom:
        id_jangkar, daftar_jangkar = _jangkar_baris(df, kolom, master, lingkup)
        bersih[_KOLOM_JANGKAR] = pd.array(id_jangkar.astype(str), dtype="string")
    grup, unik = _kombinasi_unik(bersih)
    jangkar = [daftar_jangkar[int(i)] for i in unik[_KOLOM_JANGKAR]] if daftar_jangkar else None
    kode, status, catatan = _cocokkan_kombinasi(
        master, unik, tingkat_ada, lingkup, daftar_alias, jangkar
    )

    return pd.DataFrame(
        {
            "kode_wilayah": pd.array(np.asarray(kode, dtype=object)[grup], dtype="string"),
            "status": pd.array(np.asarray(status, dtype=object)[grup], dtype="string"),
            "catatan": pd.array(np.asarray(catatan, dtype=object)[grup], dtype="string"),
        },
        index=df.index,
    )


@dataclass
class _Kombinasi:
    """Mutable per-combination state while matching (private to one match_wilayah call)."""

    lingkup: str | None
    kode: str | None = None
    induk: str | None = None
    peringkat: int = 0
    gagal: bool = False
    punya_nama: bool = False
    jangkar: str | None = None  # code given by the file's code column(s)
    wajib_desa: bool = False  # a BPS desa code: the desa itself must come from the name
    catatan: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.induk = self.lingkup

    def mulai(self, jangkar: _Jangkar) -> None:
        """Start from the code column(s) instead of the scope."""
        self.punya_nama = True
        self.peringkat = STATUS.index(jangkar.status)
        if jangkar.catatan:
            self.catatan.append(jangkar.catatan)
        self.gagal = jangkar.gagal or jangkar.kode is None
        if jangkar.kode is None:
            return
        self.kode = self.jangkar = jangkar.kode
        self.wajib_desa = jangkar.wajib_desa
        lebih_dalam = self.lingkup is None or _kedalaman(jangkar.kode) >= _kedalaman(self.lingkup)
        self.induk = jangkar.kode if lebih_dalam else self.lingkup

    def kedalaman_jangkar(self) -> int:
        """Depth of the code given by the file (0 without one)."""
        return 0 if self.jangkar is None else _kedalaman(self.jangkar)

    def periksa(self, hasil: _Hasil) -> None:
        """Record a name cross-check against the file's code (the code itself is kept)."""
        self.peringkat = max(self.peringkat, STATUS.index(hasil.status))
        if hasil.catatan:
            self.catatan.append(hasil.catatan)

    def terapkan(self, entri: _Entri, hasil: _Hasil) -> None:
        """Record the outcome of one level."""
        self.peringkat = max(self.peringkat, STATUS.index(hasil.status))
        if hasil.catatan:
            self.catatan.append(hasil.catatan)
        if hasil.kode is None:
            self.gagal = True
            return
        self.kode = hasil.kode
        # a match above the scope (e.g. the provinsi of a kabupaten scope) keeps the scope
        di_atas_lingkup = self.lingkup is not None and _kedalaman(hasil.kode) < _kedalaman(
            self.lingkup
        )
        self.induk = self.lingkup if di_atas_lingkup else hasil.kode
        if entri.suffix is not None and not hasil.kode.endswith("." + entri.suffix):
            self.catatan.append(
                f"desa: kode desa di berkas ({entri.suffix}) berbeda dengan kode "
                f"hasil pencocokan nama ({hasil.kode})"
            )

    def tutup(self) -> None:
        """Final checks: a BPS desa code needs its desa resolved by name."""
        if self.wajib_desa and not self.gagal and (self.kode or "").count(".") < 3:
            self.peringkat = STATUS.index("tidak_cocok")
            self.catatan.append(
                f"desa: kode BPS desa hanya menunjuk kecamatan {self.jangkar}; nama desa kosong"
            )

    def status(self) -> str:
        """Weakest status over the levels; rows without any name are ``tidak_cocok``."""
        return STATUS[self.peringkat] if self.punya_nama else "tidak_cocok"

    def teks_catatan(self) -> str | None:
        """Notes joined with ``; `` (None when there is nothing to say)."""
        if not self.punya_nama:
            return "semua kolom nama wilayah kosong"
        return "; ".join(self.catatan) if self.catatan else None


def _cocokkan_kombinasi(
    master: Wilayah,
    unik: pd.DataFrame,
    tingkat_ada: Sequence[str],
    lingkup: str | None,
    alias: Sequence[_Alias],
    jangkar: Sequence[_Jangkar | None] | None = None,
) -> tuple[list[str | None], list[str], list[str | None]]:
    """Match the unique name combinations level by level; returns kode, status, catatan."""
    state = [_Kombinasi(lingkup) for _ in range(len(unik))]
    for s, j in zip(state, jangkar or (), strict=False):
        if j is not None:
            s.mulai(j)
    suffix = unik[KOLOM_SUFFIX].tolist() if KOLOM_SUFFIX in unik else [None] * len(unik)
    pemeriksa = _PemeriksaNama(master, alias)
    for t in tingkat_ada:
        kelompok = _kelompokkan(state, unik[t].tolist(), suffix, t, pemeriksa)
        for kode_induk, per_entri in kelompok.items():
            hasil = _Pencocok(master, t, kode_induk, alias).jalankan(list(per_entri))
            for entri, baris in per_entri.items():
                for i in baris:
                    state[i].terapkan(entri, hasil[entri])
    for s in state:
        s.tutup()
    return (
        [k.kode for k in state],
        [k.status() for k in state],
        [k.teks_catatan() for k in state],
    )


def _kelompokkan(
    state: Sequence[_Kombinasi],
    nama_tingkat: Sequence[object],
    suffix: Sequence[object],
    tingkat: str,
    pemeriksa: _PemeriksaNama,
) -> dict[str | None, dict[_Entri, list[int]]]:
    """Group the names of one level by parent; names covered by a file code are checked."""
    kedalaman = TINGKAT.index(tingkat) + 1
    kelompok: dict[str | None, dict[_Entri, list[int]]] = {}
    for i, nama in enumerate(nama_tingkat):
        s = state[i]
        if s.gagal:
            continue
        if s.kedalaman_jangkar() >= kedalaman:
            if not pd.isna(nama):
                kode = _potong_kode(str(s.jangkar), kedalaman)
                s.periksa(pemeriksa.periksa(kode, tingkat, str(nama)))
            continue
        if pd.isna(nama):
            s.catatan.append(f"{tingkat}: nama kosong, tingkat ini dilewati")
            continue
        s.punya_nama = True
        sfx = suffix[i] if tingkat == "desa" and not pd.isna(suffix[i]) else None
        entri = _Entri(str(nama), normalize_nama(str(nama), tingkat), sfx)
        kelompok.setdefault(s.induk, {}).setdefault(entri, []).append(i)
    return kelompok


class _PemeriksaNama:
    """Cross-check file names against the master name of a code (memoised per call)."""

    def __init__(self, master: Wilayah, alias: Sequence[_Alias]) -> None:
        self.master = master
        self.alias = alias
        self.memo: dict[tuple[str, str, str], _Hasil] = {}

    def periksa(self, kode: str, tingkat: str, nama: str) -> _Hasil:
        """``kode`` status when ``nama`` fits the code's master name, ``mirip`` otherwise."""
        kunci_memo = (kode, tingkat, nama)
        if kunci_memo not in self.memo:
            self.memo[kunci_memo] = self._periksa(kode, tingkat, nama)
        return self.memo[kunci_memo]

    def _periksa(self, kode: str, tingkat: str, nama: str) -> _Hasil:
        pos = self.master._posisi[kode]
        nama_master, kunci_master = self.master._nama[pos], self.master._kunci[pos]
        kunci = normalize_nama(nama, tingkat)
        jenis = _jenis_kabkota(nama) if tingkat == "kabupaten" else None
        jenis_sesuai = jenis is None or (jenis == "kota") == _adalah_kota(kode)
        if jenis_sesuai and kunci == kunci_master:
            return _Hasil(kode, "kode")
        rasio = _kemiripan(kunci, kunci_master)
        if jenis_sesuai and any(
            a.tingkat == tingkat and a.kunci == kunci and a.kode_wilayah == kode for a in self.alias
        ):
            return _Hasil(
                kode,
                "kode",
                f'{tingkat}: nama "{nama}" sesuai dengan kode {kode} ("{nama_master}") '
                "lewat tabel alias",
            )
        if jenis_sesuai and (
            _kunci_longgar(kunci) == _kunci_longgar(kunci_master) or rasio >= AMBANG_MIRIP
        ):
            return _Hasil(
                kode,
                "kode",
                f'{tingkat}: nama "{nama}" ditulis "{nama_master}" di master '
                f"(kode {kode}, kemiripan {rasio:.2f})",
            )
        return _Hasil(
            kode,
            "mirip",
            f'{tingkat}: nama "{nama}" tidak sesuai dengan kode {kode} ("{nama_master}" di '
            f"master, kemiripan {rasio:.2f}); kode yang dipakai",
        )


# ---------------------------------------------------------------------------
# Code columns in match_wilayah (anchors)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Jangkar:
    """What the code column(s) of one row say."""

    kode: str | None  # Kemendagri code in the target edition (None: unusable)
    status: str  # "kode", "mirip" or "tidak_cocok"
    catatan: str | None = None
    gagal: bool = False  # stop the row (no name matching below the code)
    wajib_desa: bool = False  # a BPS desa code: the desa must come from the desa name


def _kosong(value: object) -> bool:
    """True for None/NA/NaN and blank strings."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(float(value))
    return isinstance(value, str) and not value.strip()


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
    kode = normalize_kode(value)
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
    for lain in _urutan_edisi():
        if lain != edisi and kode in load_master(lain):
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
    dasar = _peta_bps().get(digit[:7] if desa else digit)
    if dasar is None:
        bagian = f"kecamatan BPS {digit[:7]} dari " if desa else ""
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


# ---------------------------------------------------------------------------
# Alias table (catalog/wilayah/alias.csv)
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _tabel_alias() -> pd.DataFrame:
    """Read ``alias.csv`` (cached; never handed out, see :func:`load_alias`)."""
    frame = pd.read_csv(
        KATALOG_WILAYAH / "alias.csv", dtype=str, keep_default_na=False, encoding="utf-8"
    )
    if tuple(frame.columns) != KOLOM_ALIAS:
        raise ValueError(f"alias.csv harus berkolom {list(KOLOM_ALIAS)}, ada {list(frame.columns)}")
    return frame.astype("string")


def load_alias() -> pd.DataFrame:
    """Return the vendored alias table (a copy): ``tingkat, kode_induk, nama, kode_wilayah,
    alasan``, one row per known alternative spelling or former name, codes of the
    :data:`EDISI_ALIAS` edition. :func:`match_wilayah` uses it when ``alias`` is None.
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
            return terjemah(normalize_kode(kode))

        kode = _petakan_unik(tabel["kode_wilayah"], ke)
        tanpa_induk = (tabel["kode_induk"].str.strip() == "").to_numpy(dtype=bool)
        induk = _petakan_unik(tabel["kode_induk"], ke)
        sah = pd.notna(kode) & (tanpa_induk | pd.notna(induk))
        tabel = tabel.assign(
            kode_wilayah=pd.array(kode, dtype="string"),
            kode_induk=pd.array(np.where(pd.isna(induk), "", induk), dtype="string"),
        )[sah]
    return tuple(_siapkan_alias(tabel, load_master(edisi)))


# ---------------------------------------------------------------------------
# BPS crosswalk (catalog/wilayah/bps_kemendagri.csv)
# ---------------------------------------------------------------------------


def _baca_tabel_wilayah(nama: str, kolom: tuple[str, ...]) -> pd.DataFrame:
    """Read a vendored CSV of ``catalog/wilayah`` as strings, checking its columns."""
    frame = pd.read_csv(KATALOG_WILAYAH / nama, dtype=str, keep_default_na=False, engine="pyarrow")
    if tuple(frame.columns) != kolom:
        raise ValueError(f"{nama} harus berkolom {list(kolom)}, ada {list(frame.columns)}")
    return frame.astype("string")


@lru_cache(maxsize=1)
def _tabel_bps() -> pd.DataFrame:
    """Read ``bps_kemendagri.csv`` (cached; never handed out, see :func:`load_bps`)."""
    return _baca_tabel_wilayah("bps_kemendagri.csv", KOLOM_BPS)


def load_bps() -> pd.DataFrame:
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


def _petakan_unik(nilai: pd.Series, fungsi: Callable[[object], str | None]) -> np.ndarray:
    """Apply ``fungsi`` once per distinct value; an object array aligned with ``nilai``."""
    ids, unik = pd.factorize(pd.Series(nilai).astype(object).to_numpy(), use_na_sentinel=True)
    hasil = np.asarray([fungsi(v) for v in unik] + [None], dtype=object)
    return hasil[ids]


def bps_ke_kemendagri(kode_bps: pd.Series, tingkat: str | None = None) -> pd.Series:
    """Map BPS codes (provinsi, kabupaten/kota, kecamatan) to Kemendagri codes.

    Values may be digit strings, ints or Excel floats, with stray spaces (``" 76 05"``,
    ``7605.0``). With ``tingkat`` None the level comes from the digit count (2/4/7); with a
    level, values of another length give NA. Unknown codes give NA. The result (string
    dtype, ``kode_kemendagri``, same index) follows edition :data:`EDISI_BPS`; use
    :func:`ke_edisi` for another edition. BPS desa codes have no direct table: use
    :func:`bps_desa_ke_kemendagri`.

    >>> bps_ke_kemendagri(pd.Series(["7605", "94", "3273010"])).tolist()
    ['76.01', '91', '32.73.15']
    """
    if tingkat is not None and tingkat not in TINGKAT:
        raise ValueError(f"tingkat tidak dikenal: {tingkat!r} (pilihan: {', '.join(TINGKAT)})")
    if tingkat == "desa":
        raise ValueError("kode BPS desa tidak punya padanan langsung; pakai bps_desa_ke_kemendagri")
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


def bps_desa_ke_kemendagri(
    kode_bps_desa: pd.Series, nama_desa: pd.Series, edisi: str = EDISI_BAKU
) -> pd.Series:
    """Map 10-digit BPS desa codes to Kemendagri desa codes of ``edisi``, via the names.

    BPS desa numbering is unrelated to Kemendagri's, so the 7-digit BPS kecamatan prefix
    is mapped through the crosswalk (and carried to ``edisi``), then ``nama_desa`` is
    matched among that kecamatan's desa like :func:`match_wilayah` does (normalised,
    loose spelling, aliases, fuzzy). ``nama_desa`` is aligned by position. Returns a
    string Series (``kode_kemendagri``, index of ``kode_bps_desa``), NA where the
    kecamatan is unknown or the name does not match.
    """
    if len(kode_bps_desa) != len(nama_desa):
        raise ValueError("kode_bps_desa dan nama_desa harus sama panjang")
    tabel = pd.DataFrame(
        {
            "kode_bps": pd.Series(kode_bps_desa).astype(object).to_numpy(),
            "desa": pd.Series(nama_desa).astype(object).to_numpy(),
        }
    )
    hasil = match_wilayah(tabel, {KOLOM_KODE_BPS: "kode_bps", "desa": "desa"}, edisi=edisi)
    kode = hasil["kode_wilayah"]
    sah = (hasil["status"] != "tidak_cocok") & (kode.str.len() == PANJANG_KODE["desa"])
    return pd.Series(
        pd.array(kode.where(sah.fillna(False)).to_numpy(), dtype="string"),
        index=pd.Series(kode_bps_desa).index,
        name="kode_kemendagri",
    )


# ---------------------------------------------------------------------------
# Code systems
# ---------------------------------------------------------------------------

AMBANG_SISTEM: Final = 0.5  # minimum share of values valid in the winning system
_PANJANG_DIGIT_KEMENDAGRI: Final = {2: "provinsi", 4: "kabupaten", 6: "kecamatan", 10: "desa"}
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
        kode = normalize_kode(value)  # a non-integral float: 32.01 is the code 32.01
        return _Bentuk("titik", kode) if kode else _Bentuk("lain")
    if isinstance(value, str):
        if _RE_HURUF.search(value):
            return _Bentuk("nama")
        kode = normalize_kode(value) if "." in value else None
        return _Bentuk("titik", kode) if kode else _Bentuk("lain")
    return _Bentuk("lain")


@lru_cache(maxsize=1)
def _kode_kemendagri_dikenal() -> frozenset[str]:
    """Dotted codes of the 2025 master plus every old code of the edition crosswalk."""
    lama = _tabel_perubahan()["kode_lama"].tolist()
    return frozenset(load_master(EDISI_BAKU)._posisi) | frozenset(lama)


@lru_cache(maxsize=1)
def _suffix_desa() -> frozenset[str]:
    """The 4-digit desa code suffixes in use (``1001``, ``2001``...)."""
    master = load_master(EDISI_BAKU)
    desa = master._kode[master._posisi_tingkat["desa"]]
    return frozenset(k[-4:] for k in desa.tolist())


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
    t_kemendagri = _PANJANG_DIGIT_KEMENDAGRI.get(len(digit))
    dikenal = _kode_dari_digit(digit) in _kode_kemendagri_dikenal()
    if t_kemendagri and tingkat in (None, t_kemendagri) and dikenal:
        hasil.append(("kemendagri_tanpa_titik", t_kemendagri))
    t_bps = _PANJANG_DIGIT_BPS.get(len(digit))
    if t_bps and tingkat in (None, t_bps):
        desa = t_bps == "desa"
        kunci = digit[:7] if desa else digit
        if kunci in _peta_bps() and not (desa and digit.endswith("000")):
            hasil.append(("bps", t_bps))
    if len(digit) == 4 and tingkat in (None, "desa") and digit in _suffix_desa():
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


def sistem_kode(nilai: pd.Series, tingkat: str | None = None) -> str:
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

    >>> sistem_kode(pd.Series(["3273010", "3273020"]))
    'bps'
    """
    return _skor_sistem(nilai, tingkat)[0]


# ---------------------------------------------------------------------------
# Column detection
# ---------------------------------------------------------------------------

_KATA_TINGKAT: Final = {
    **dict.fromkeys(("PROVINSI", "PROPINSI", "PROV", "PROP"), "provinsi"),
    **dict.fromkeys(
        ("KABUPATEN", "KAB", "KOTA", "KOT", "KABKOT", "KABKOTA", "KOTAKAB"), "kabupaten"
    ),
    **dict.fromkeys(("KECAMATAN", "KEC", "KAPANEWON", "KEMANTREN", "DISTRIK"), "kecamatan"),
    **dict.fromkeys(
        ("DESA", "KELURAHAN", "KEL", "NAGARI", "GAMPONG", "DESAKEL", "KELDESA"), "desa"
    ),
}
_AWALAN_KODE: Final = ("KODE", "KD", "ID")
_AWALAN_NAMA: Final = ("NAMA", "NM")
_KATA_KODE: Final = frozenset(("KODE", "KD", "ID", "KODEWILAYAH", "KDWIL", "IDWIL"))
_KATA_NAMA: Final = frozenset(("NAMA", "NM", "NAME"))
_KATA_WILAYAH: Final = frozenset(("WILAYAH", "WIL", "DAERAH"))
_KATA_SISTEM: Final = {"BPS": "bps", "KEMENDAGRI": "kemendagri", "DAGRI": "kemendagri"}
_KATA_BUKAN: Final = frozenset(
    (
        "JUMLAH", "JML", "TOTAL", "PERSEN", "PERSENTASE", "PRESENTASE", "LUAS", "TARGET",
        "SASARAN", "RASIO", "CAKUPAN", "KEPADATAN", "PENDUDUK", "STATUS", "STAT", "KLAS",
        "JENIS", "TIPE", "TAHUN", "BULAN", "JARAK", "LATITUDE", "LONGITUDE", "PUSKESMAS",
        "FASKES", "POSYANDU",
    )
)  # fmt: skip
AMBANG_NAMA_JUDUL: Final = 0.3  # share of master names needed when the header names a level
AMBANG_NAMA_ISI: Final = 0.8  # ... and for a column found by its content alone
AMBANG_KODE_ISI: Final = 0.9  # share of valid codes for a code column found by content alone
_MAKS_NILAI_DETEKSI: Final = 2000  # distinct values examined per column


@dataclass(frozen=True)
class _Judul:
    """What a header says about a column."""

    tingkat: str | None
    peran: str | None  # "kode", "nama" or None (the content decides)
    sistem: str | None  # "bps" / "kemendagri" when the header says so


def _kata_tingkat(token: str) -> tuple[str | None, str | None]:
    """Level (and role from a glued prefix) of one header token: KDKAB, NMDESA, IDDESA."""
    if token in _KATA_TINGKAT:
        return _KATA_TINGKAT[token], None
    for awalan in (*_AWALAN_KODE, *_AWALAN_NAMA):
        sisa = token[len(awalan) :]
        if token.startswith(awalan) and sisa in _KATA_TINGKAT:
            return _KATA_TINGKAT[sisa], "kode" if awalan in _AWALAN_KODE else "nama"
    return None, None


_BUKAN_WILAYAH: Final = _Judul(None, "bukan", None)  # counts, shares, periods: never regions


def _baca_judul(judul: str) -> _Judul | None:
    """Parse a header; None when it says nothing (the content decides), :data:`_BUKAN_WILAYAH`
    when its words rule a region column out (``JUMLAH DESA``, ``STATUS_DESA``, ``BULAN``).
    """
    token = re.findall(r"[A-Z0-9]+", judul.upper())
    if not token:
        return None
    if any(t in _KATA_BUKAN for t in token):
        return _BUKAN_WILAYAH
    tingkat: list[str] = []
    peran: str | None = None
    sistem: str | None = None
    wilayah = asing = False
    for t in token:
        level, peran_token = _kata_tingkat(t)
        if level is not None:
            tingkat.append(level)
            peran = peran_token if peran_token == "kode" else peran or peran_token
        elif t in _KATA_KODE:
            peran = "kode"
        elif t in _KATA_NAMA:
            peran = peran or "nama"
        elif t in _KATA_SISTEM:
            sistem = _KATA_SISTEM[t]
        elif t in _KATA_WILAYAH:
            wilayah = True
        else:
            asing = True
    # without a level word the header must be pure code/region vocabulary (not KODE FASKES)
    if not tingkat and (asing or (not wilayah and peran != "kode")):
        return None
    level = max(tingkat, key=TINGKAT.index) if tingkat else None
    return _Judul(level, peran, sistem)


@lru_cache(maxsize=1)
def _kunci_per_tingkat() -> dict[str, frozenset[str]]:
    """Normalised names of the 2025 master per level."""
    master = load_master(EDISI_BAKU)
    return {t: frozenset(master._kunci[master._posisi_tingkat[t]].tolist()) for t in TINGKAT}


def _tingkat_nama(nilai: pd.Series, tingkat: str | None = None) -> tuple[str | None, float]:
    """Best level for a column of names and the share of its distinct names found there."""
    unik = [
        str(v) for v in pd.unique(pd.Series(nilai).dropna().astype(str)) if _RE_HURUF.search(v)
    ][:_MAKS_NILAI_DETEKSI]
    if not unik:
        return tingkat, 0.0
    kunci = _kunci_per_tingkat()
    skor = [
        (sum(normalize_nama(v, t) in kunci[t] for v in unik) / len(unik), t)
        for t in ((tingkat,) if tingkat else TINGKAT)
    ]
    bagian, terbaik = max(skor, key=lambda x: (x[0], -TINGKAT.index(x[1])))
    return terbaik, bagian


def _contoh(seri: pd.Series) -> pd.Series:
    """At most :data:`_MAKS_NILAI_DETEKSI` distinct values, with their row counts kept."""
    if seri.nunique(dropna=True) <= _MAKS_NILAI_DETEKSI:
        return seri
    pilihan = pd.unique(seri.dropna())[:_MAKS_NILAI_DETEKSI]
    return seri[seri.isin(pilihan)]


def _deteksi_satu(judul: str, seri: pd.Series) -> tuple[str | None, str] | None:
    """(level, system) of one column, or None when it is not a region column."""
    baca = _baca_judul(judul)
    if baca is _BUKAN_WILAYAH:
        return None
    contoh = _contoh(seri)
    if baca is None:  # content alone: demand a clear majority
        sistem, bagian, level = _skor_sistem(contoh)
        if sistem == "nama":
            level, bagian = _tingkat_nama(contoh)
            return (level, sistem) if bagian >= AMBANG_NAMA_ISI else None
        if sistem != "tidak_dikenal" and bagian >= AMBANG_KODE_ISI:
            return level, sistem
        return None
    sistem, _, level = _skor_sistem(contoh, baca.tingkat, baca.sistem)
    if sistem == "nama":
        level, bagian = _tingkat_nama(contoh, baca.tingkat)
        return (level, sistem) if bagian >= AMBANG_NAMA_JUDUL else None
    if sistem == "tidak_dikenal" and baca.tingkat is None and baca.peran != "kode":
        return None
    return level, sistem


def deteksi_kolom_wilayah(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Find the region columns of a table by header words and by content.

    Headers (``KODE``, ``KD``, ``KODE_WILAYAH``, ``KODE DESA``, ``KODE_KEC``,
    ``kemendagri_kode_*``, ``bps_kode_*``, ``IDDESA``/``KDKAB``/``NMDESA``, ``PROVINSI``/
    ``PROV``, ``KABUPATEN``/``KAB``/``KOTA``/``KAB_KOT``/``KABUPATEN/KOTA``,
    ``KECAMATAN``/``KEC``/``KAPANEWON``/``KEMANTREN``/``DISTRIK``, ``DESA``/``KELURAHAN``/
    ``KEL/DESA``/``NAGARI``/``GAMPONG``, ``NAMA WILAYAH``...) give the level and role;
    counts and shares (``JUMLAH DESA``, ``TOTAL_KEC``, ``STATUS_DESA``) are ruled out.
    The content gives the system (:func:`sistem_kode`, with the header's level as hint)
    and, for names, the level whose master names they match. A name column named by its
    header needs 30 % of its distinct names in the master at that level. Columns without a
    telling header are taken only when their content is clear: 90 % valid codes of one
    system, or 80 % of distinct names found in the master at one level.

    Returns ``{header: {"kolom": label, "tingkat": level or None, "sistem": system}}`` in
    column order (``label`` is the column label as in ``frame``; ``sistem`` is
    ``tidak_dikenal`` for a code column whose values fit no system, e.g. partial codes
    like the BPS ``kdkec`` ``010``).
    """
    hasil: dict[str, dict[str, Any]] = {}
    for posisi, label in enumerate(frame.columns):
        temuan = _deteksi_satu(str(label), frame.iloc[:, posisi])
        if temuan is not None:
            tingkat, sistem = temuan
            hasil[str(label)] = {"kolom": label, "tingkat": tingkat, "sistem": sistem}
    return hasil


# ---------------------------------------------------------------------------
# Editions over time (catalog/wilayah/perubahan_kode.csv)
# ---------------------------------------------------------------------------

_TANPA_PADANAN: Final = "\x00"  # mapped parent of a region that has no equivalent


@lru_cache(maxsize=1)
def _tabel_perubahan() -> pd.DataFrame:
    """Read ``perubahan_kode.csv`` (cached; see :func:`load_perubahan_kode`)."""
    return _baca_tabel_wilayah("perubahan_kode.csv", KOLOM_PERUBAHAN)


def load_perubahan_kode() -> pd.DataFrame:
    """Return the dated code crosswalk between consecutive editions (a copy).

    One row per region whose code changed from ``edisi_lama`` to the next ``edisi_baru``
    (one old code -> one new code), with ``tingkat``, the new ``nama``, ``berlaku_dari``
    (date of the legal basis, ``YYYY-MM-DD``, or the year when only that is known),
    ``dasar_hukum`` and a ``catatan``. Built by ``scripts/buat_perubahan_kode.py`` with
    :func:`bandingkan_edisi`.
    """
    return _tabel_perubahan().copy()


def _urutan_edisi() -> list[str]:
    """Editions from the oldest (by ``berlaku_dari_tahun``)."""
    return [
        e for _, e in sorted((int(m["berlaku_dari_tahun"]), e) for e, m in daftar_edisi().items())
    ]


@lru_cache(maxsize=16)
def _peta_langkah(dari: str, ke: str) -> dict[str, str]:
    """Code renames between two consecutive editions, in either direction."""
    tabel = _tabel_perubahan()
    maju = tabel[(tabel["edisi_lama"] == dari) & (tabel["edisi_baru"] == ke)]
    if len(maju):
        return dict(zip(maju["kode_lama"].tolist(), maju["kode_baru"].tolist(), strict=True))
    mundur = tabel[(tabel["edisi_lama"] == ke) & (tabel["edisi_baru"] == dari)]
    return dict(zip(mundur["kode_baru"].tolist(), mundur["kode_lama"].tolist(), strict=True))


@lru_cache(maxsize=16)
def _penerjemah_edisi(dari: str, ke: str) -> Callable[[str | None], str | None]:
    """A function carrying one dotted code from edition ``dari`` to ``ke`` (None: no match)."""
    urutan = _urutan_edisi()
    for edisi in (dari, ke):
        if edisi not in urutan:
            raise ValueError(f"edisi master wilayah tidak dikenal: {edisi!r} (ada: {urutan})")
    i, j = urutan.index(dari), urutan.index(ke)
    rantai = urutan[i : j + 1] if i <= j else urutan[j : i + 1][::-1]
    langkah = [(_peta_langkah(a, b), load_master(b)._posisi) for a, b in pairwise(rantai)]
    if not langkah:
        langkah = [({}, load_master(ke)._posisi)]

    def terjemah(kode: str | None) -> str | None:
        for peta, ada in langkah:
            if kode is None:
                return None
            kode = peta.get(kode, kode if kode in ada else None)
        return kode

    return terjemah


def ke_edisi(kode: pd.Series, dari: str, ke: str = EDISI_BAKU) -> pd.DataFrame:
    """Carry region codes from edition ``dari`` to edition ``ke`` (either direction).

    Codes (any format :func:`normalize_kode` accepts) go through the consecutive editions
    in between: at each step a code listed in ``perubahan_kode.csv`` takes its new code, a
    code that still exists stays, anything else becomes NA (the region was merged, split
    or removed, or the value is not a code). Returns a new DataFrame with the index of
    ``kode`` and columns ``kode_wilayah`` (dotted, string dtype) and ``diubah`` (bool: the
    code changed on the way).

    >>> ke_edisi(pd.Series(["91.01", "76.01"]), "2021")["kode_wilayah"].tolist()
    ['93.01', '76.01']
    """
    terjemah = _penerjemah_edisi(str(dari), str(ke))
    seri = pd.Series(kode)
    awal = _petakan_unik(seri, normalize_kode)
    akhir = _petakan_unik(pd.Series(awal), terjemah)
    diubah = np.asarray(
        [a is not None and a != b for a, b in zip(akhir.tolist(), awal.tolist(), strict=True)],
        dtype=bool,
    )
    return pd.DataFrame(
        {"kode_wilayah": pd.array(akhir, dtype="string"), "diubah": diubah}, index=seri.index
    )


def _tabel_banding(master: Wilayah, tingkat: str, peta: Mapping[str, str] | None) -> pd.DataFrame:
    """Regions of one level with name keys and parents (mapped through ``peta`` if given)."""
    pos = master._posisi_tingkat[tingkat]
    kode = master._kode[pos].tolist()
    kunci = master._kunci[pos].tolist()
    if tingkat == "kabupaten":  # Kabupaten Sorong and Kota Sorong share the name
        kunci = [
            f"{k}|{'KOTA' if _adalah_kota(c) else 'KAB'}" for k, c in zip(kunci, kode, strict=True)
        ]
    induk = [c.rsplit(".", 1)[0] if "." in c else "" for c in kode]
    kakek = [c.rsplit(".", 2)[0] if c.count(".") >= 2 else "" for c in kode]
    if peta is not None:
        induk = [peta.get(i, _TANPA_PADANAN) if i else "" for i in induk]
        kakek = [peta.get(k, _TANPA_PADANAN) if k else "" for k in kakek]
    return pd.DataFrame(
        {
            "kode": kode,
            "nama": master._nama[pos].tolist(),
            "kunci": kunci,
            "longgar": [_kunci_longgar(k) for k in kunci],
            "induk": induk,
            "kakek": kakek,
            "akhir": [c.rsplit(".", 1)[-1] for c in kode],
        },
        dtype=object,  # plain Python strings: fast hash joins and isin
    )


def _gabung_unik(
    kiri: pd.DataFrame, kanan: pd.DataFrame, kunci: list[str], saring: pd.Series | None = None
) -> pd.DataFrame:
    """Pair rows whose key is unique on both sides (``saring`` limits ``kanan`` afterwards)."""
    kiri = kiri[~kiri.duplicated(kunci, keep=False)]
    unik_kanan = ~kanan.duplicated(kunci, keep=False)
    if saring is not None:
        unik_kanan &= saring
    gabung = kiri.merge(kanan[unik_kanan], on=kunci, suffixes=("_lama", "_baru"))
    if "kunci" in kunci:
        return gabung[["kode_lama", "kode_baru", "nama_lama"]]
    mirip = [
        _kemiripan(a, b) >= AMBANG_MIRIP
        for a, b in zip(gabung["kunci_lama"], gabung["kunci_baru"], strict=True)
    ]
    return gabung.loc[np.asarray(mirip, dtype=bool), ["kode_lama", "kode_baru", "nama_lama"]]


def _pasangkan(kiri: pd.DataFrame, kanan: pd.DataFrame, tingkat: str) -> pd.DataFrame:
    """Pair the regions of one level (see :func:`bandingkan_edisi`): kode_lama, kode_baru, cara."""
    sama = kiri.merge(kanan, on="kode", suffixes=("_lama", "_baru"))
    tetap = sama[
        (sama["induk_lama"] == sama["induk_baru"])
        & (
            (sama["kunci_lama"] == sama["kunci_baru"])
            | (sama["longgar_lama"] == sama["longgar_baru"])
        )
    ]
    hasil = [
        pd.DataFrame({"kode_lama": tetap["kode"], "kode_baru": tetap["kode"], "cara": "tetap"})
    ]
    sisa_l = kiri[~kiri["kode"].isin(tetap["kode"])]
    sisa_b = kanan[~kanan["kode"].isin(tetap["kode"])]
    tahap = [
        ("induk", ["induk", "kunci"]),
        ("induk_longgar", ["induk", "longgar"]),
        ("induk_mirip", ["induk", "akhir"]),  # parent recoded, same last segment, similar name
    ]
    if tingkat != "provinsi":
        tahap.append(("induk_baru", ["kakek", "kunci"]))
    for cara, kunci in tahap:
        saring = sisa_b["induk_muncul"] if cara == "induk_baru" else sisa_b["kode_muncul"]
        pasangan = _gabung_unik(sisa_l, sisa_b, kunci, saring).assign(cara=cara)
        hasil.append(pasangan)
        sisa_l = sisa_l[~sisa_l["kode"].isin(pasangan["kode_lama"])]
        sisa_b = sisa_b[~sisa_b["kode"].isin(pasangan["kode_baru"])]
    sama = sisa_l.merge(sisa_b, on="kode", suffixes=("_lama", "_baru"))
    ganti_nama = sama[sama["induk_lama"] == sama["induk_baru"]]
    hasil.append(
        pd.DataFrame(
            {"kode_lama": ganti_nama["kode"], "kode_baru": ganti_nama["kode"], "cara": "tetap"}
        )
    )
    return pd.concat(hasil, ignore_index=True)


def bandingkan_edisi(lama: Wilayah, baru: Wilayah) -> pd.DataFrame:
    """Code renames from edition ``lama`` to edition ``baru`` (rows of ``perubahan_kode.csv``).

    Level by level from the provinsi down, each region of ``lama`` is paired with one
    region of ``baru``, in this order: (1) same code, same normalised (or loose) name and
    same parent: unchanged; (2) same name under the corresponding parent (the parent's new
    code when the parent itself was renamed) with a code new in ``baru``: renamed, e.g.
    every kecamatan and desa under Merauke; (3) the same with the loose spelling key;
    (4) under a renumbered parent, the same last code segment and a name at least
    :data:`AMBANG_MIRIP` similar (Kobagma 91.21.01 -> Kobakma 95.05.01);
    (5) same name in a parent created in ``baru`` inside the corresponding grandparent:
    moved, e.g. Kab. Merauke 91.01 -> 93.01 into the new provinsi Papua Selatan;
    (6) same code and parent under another name: unchanged (renamed in place). Names are
    compared with :func:`normalize_nama` (kabupaten and kota kept apart); a name held by
    several regions on either side is never paired, so pairs are one-to-one. Regions left
    unpaired (merged, split, removed) are not listed.

    Returns a new DataFrame with the columns of :data:`KOLOM_PERUBAHAN`, only the pairs
    whose code changed, sorted by level and old code. ``berlaku_dari`` and
    ``dasar_hukum`` come from ``edisi.yaml``: the decree of ``baru`` (``ditetapkan`` date,
    else its first year of use), and for a move into a provinsi listed under
    ``pembentukan_provinsi`` the law that created it.
    """
    kode_lama = frozenset(lama._posisi)
    peta: dict[str, str] = {}
    bagian = []
    for tingkat in TINGKAT:
        kiri = _tabel_banding(lama, tingkat, peta)
        kanan = _tabel_banding(baru, tingkat, None)
        kanan = kanan.assign(
            kode_muncul=~kanan["kode"].isin(list(kode_lama)),
            induk_muncul=~kanan["induk"].isin(list(kode_lama)) & (kanan["induk"] != ""),
        )
        pasangan = _pasangkan(kiri, kanan, tingkat)
        peta.update(zip(pasangan["kode_lama"], pasangan["kode_baru"], strict=True))
        berubah = pasangan[pasangan["kode_lama"] != pasangan["kode_baru"]]
        bagian.append(berubah.assign(tingkat=tingkat))
    hasil = pd.concat(bagian, ignore_index=True)
    return _lengkapi_perubahan(hasil, lama, baru)


def _catatan_perubahan(baris: Mapping[str, Any], baru: Wilayah) -> str:
    """Bahasa note of one rename."""
    lama_kode, baru_kode = str(baris["kode_lama"]), str(baris["kode_baru"])
    induk_lama = lama_kode.rsplit(".", 1)[0] if "." in lama_kode else ""
    induk_baru = baru_kode.rsplit(".", 1)[0] if "." in baru_kode else ""
    if baris["cara"] == "induk_baru":
        teks = f"pindah ke induk baru {baru._label(induk_baru)}"
    elif induk_lama != induk_baru:
        teks = f"ikut perubahan kode induk {induk_lama} -> {induk_baru}"
    else:
        teks = "kode berubah di bawah induk yang sama"
        awal = (lama_kode[-4], baru_kode[-4]) if baris["tingkat"] == "desa" else None
        if awal == ("2", "1"):
            teks += " (awalan 2 -> 1: desa menjadi kelurahan)"
        elif awal == ("1", "2"):
            teks += " (awalan 1 -> 2: kelurahan menjadi desa)"
    if baris["cara"] in ("induk_longgar", "induk_mirip"):
        teks += f'; nama lama ditulis "{baris["nama_lama"]}"'
    return teks


def _lengkapi_perubahan(pasangan: pd.DataFrame, lama: Wilayah, baru: Wilayah) -> pd.DataFrame:
    """Add names, dates, legal basis and notes to the raw pairs."""
    meta = daftar_edisi()[baru.edisi]
    keputusan = f"{meta['jenis']} No. {meta['nomor']}"
    tanggal = str(meta.get("ditetapkan") or meta["berlaku_dari_tahun"])
    pembentukan = _katalog_edisi().get("pembentukan_provinsi", {})
    baris_hasil = []
    for baris in pasangan.to_dict("records"):
        prov_lama, prov_baru = str(baris["kode_lama"])[:2], str(baris["kode_baru"])[:2]
        uu = pembentukan.get(prov_baru) if prov_lama != prov_baru else None
        catatan = _catatan_perubahan(baris, baru)
        if uu:
            catatan += f"; provinsi {uu['nama']} dibentuk dengan {uu['dasar_hukum']}"
        baris_hasil.append(
            {
                "kode_lama": baris["kode_lama"],
                "edisi_lama": lama.edisi,
                "kode_baru": baris["kode_baru"],
                "edisi_baru": baru.edisi,
                "tingkat": baris["tingkat"],
                "nama": baru._nama[baru._posisi[baris["kode_baru"]]],
                "berlaku_dari": str(uu["tanggal"]) if uu else tanggal,
                "dasar_hukum": f"{uu['dasar_hukum']}; {keputusan}" if uu else keputusan,
                "catatan": catatan,
            }
        )
    hasil = pd.DataFrame(baris_hasil, columns=list(KOLOM_PERUBAHAN))
    urutan = hasil["tingkat"].map(TINGKAT.index)
    hasil = hasil.assign(_urut=urutan).sort_values(["_urut", "kode_lama"], kind="stable")
    return hasil.drop(columns="_urut").reset_index(drop=True).astype("string")
