"""Master kode wilayah Kemendagri: normalisasi kode, hierarki wilayah dan pencocokan nama.

The vendored region master lives in ``catalog/wilayah`` (three decree editions, see
``catalog/wilayah/edisi.yaml``). This module offers:

* code helpers: :func:`normalize_kode`, :func:`tingkat_of`, :func:`parent_kode`;
* :class:`Wilayah`, an immutable view of one edition built by :func:`load_master`
  (cached per edition), with lookups (``get``, ``children``, ``descendants``,
  ``jumlah_desa``, ``jumlah_desa_all``, ``cari_nama``);
* name matching: :func:`normalize_nama` and the vectorised, hierarchical
  :func:`match_wilayah` for whole tables (e.g. SIGA exports that carry names, not codes).

All functions are pure: inputs are never mutated and results are new objects.
User-facing notes (``catatan``) and error messages are in Bahasa Indonesia.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
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
_SINGKATAN_PROVINSI: Final = (
    (re.compile(r"^(?:D K I|DKI)\b"), "DAERAH KHUSUS IBUKOTA"),
    (re.compile(r"^(?:D I Y|DIY)$"), "DAERAH ISTIMEWA YOGYAKARTA"),
    (re.compile(r"^(?:D I|DI)\b"), "DAERAH ISTIMEWA"),
    (re.compile(r"^NTB$"), "NUSA TENGGARA BARAT"),
    (re.compile(r"^NTT$"), "NUSA TENGGARA TIMUR"),
)
_RE_KEP: Final = re.compile(r"\bKEP\b")


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
    (optionally followed by ``ADMINISTRASI``/``ADM``) is removed; at ``provinsi`` level
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
    dikenal = {*TINGKAT, KOLOM_SUFFIX}
    asing = [k for k in kolom if k not in dikenal]
    if asing:
        raise ValueError(f"kunci kolom tidak dikenal: {asing} (pilihan: {sorted(dikenal)})")
    hilang = [c for c in kolom.values() if c not in df.columns]
    if hilang:
        raise KeyError(f"kolom tidak ada di tabel: {hilang}")
    tingkat = [t for t in TINGKAT if t in kolom]
    if not tingkat:
        raise ValueError("kolom harus memuat minimal satu tingkat wilayah")
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


def match_wilayah(
    df: pd.DataFrame,
    kolom: Mapping[str, str],
    edisi: str = EDISI_BAKU,
    scope: str | None = None,
    alias: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Match region names in ``df`` to Kemendagri codes, level by level.

    ``kolom`` maps levels to column names, e.g. ``{"provinsi": "PROVINSI", "kabupaten":
    "KABUPATEN", "kecamatan": "KECAMATAN", "desa": "KELURAHAN"}``; levels may be skipped
    and ``"kode_desa_suffix"`` may name a column with the last 4 digits of the desa code.
    ``scope`` (any code format) restricts matching to that region's subtree; ``alias`` is a
    table with columns ``tingkat, kode_induk, nama, kode_wilayah, alasan``.

    Per level, within the parent matched at the level above, the stages are: exact
    normalised name (``cocok``); loose spelling with doubled letters / reduplicated words
    collapsed (``mirip``); the desa suffix (``kode``); the alias table (``alias``); fuzzy
    ratio >= 0.8 against unclaimed siblings with a unique best (``mirip``). A failed level
    stops the row (``tidak_cocok``). Only unique name combinations are processed.

    Returns a new DataFrame with ``df``'s index and string columns ``kode_wilayah`` (the
    deepest level matched, NA if none), ``status`` (the weakest level's status) and
    ``catatan`` (notes in Bahasa Indonesia, NA when everything matched exactly).
    """
    master = load_master(str(edisi))
    tingkat_ada, kolom_suffix = _validasi_kolom(df, kolom)
    lingkup = None if scope is None else master._wajib_ada(scope)
    daftar_alias = _siapkan_alias(alias, master)

    bersih = pd.DataFrame({t: _bersihkan_nama(df[kolom[t]]).to_numpy() for t in tingkat_ada})
    if kolom_suffix is not None:
        bersih[KOLOM_SUFFIX] = _bersihkan_suffix(df[kolom_suffix]).to_numpy()
    grup, unik = _kombinasi_unik(bersih)
    kode, status, catatan = _cocokkan_kombinasi(master, unik, tingkat_ada, lingkup, daftar_alias)

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
    catatan: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.induk = self.lingkup

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
) -> tuple[list[str | None], list[str], list[str | None]]:
    """Match the unique name combinations level by level; returns kode, status, catatan."""
    state = [_Kombinasi(lingkup) for _ in range(len(unik))]
    suffix = unik[KOLOM_SUFFIX].tolist() if KOLOM_SUFFIX in unik else [None] * len(unik)
    for t in tingkat_ada:
        kelompok: dict[str | None, dict[_Entri, list[int]]] = {}
        for i, nama in enumerate(unik[t].tolist()):
            if state[i].gagal:
                continue
            if pd.isna(nama):
                state[i].catatan.append(f"{t}: nama kosong, tingkat ini dilewati")
                continue
            state[i].punya_nama = True
            sfx = suffix[i] if t == "desa" and not pd.isna(suffix[i]) else None
            entri = _Entri(nama, normalize_nama(nama, t), sfx)
            kelompok.setdefault(state[i].induk, {}).setdefault(entri, []).append(i)
        for kode_induk, per_entri in kelompok.items():
            hasil = _Pencocok(master, t, kode_induk, alias).jalankan(list(per_entri))
            for entri, baris in per_entri.items():
                for i in baris:
                    state[i].terapkan(entri, hasil[entri])
    return (
        [k.kode for k in state],
        [k.status() for k in state],
        [k.teks_catatan() for k in state],
    )
