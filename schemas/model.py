"""The catalog's models: components, indicators, source layouts, the whole catalog.

Components, indicators and layouts are strict pydantic dataclasses: a key the model does not
know, a value of the wrong type (no silent ``"100"`` → ``100``) or a value outside a closed
list is refused when the catalog is loaded. They stay frozen dataclasses, so callers read them
(and ``dataclasses.replace`` them) as before. The small nested models (a component spec with a
conversion, a long table, a declared check) only check a YAML entry: the layout keeps the entry
as the plain dict it was written as.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from typing import Annotated, Any, Literal, get_args

import pandas as pd
from pydantic import BeforeValidator, ConfigDict, model_validator
from pydantic.dataclasses import dataclass
from pydantic_core import PydanticCustomError

from schemas.judul import bentuk_judul, kunci_judul

KETAT = ConfigDict(strict=True, extra="forbid")
"""Model configuration: no type coercion, no unknown keys."""


def _ke_tuple(value: Any) -> Any:
    """A YAML list becomes a tuple; anything else is left for the type check to refuse."""
    return tuple(value) if isinstance(value, list) else value


Daftar = Annotated[tuple[str, ...], BeforeValidator(_ke_tuple)]
"""A list of names, written as a YAML list, kept as a tuple."""

Jenis = Literal["stok", "arus"]
Arah = Literal["naik", "turun"]
Frekuensi = Literal["bulanan", "semesteran", "tahunan"]
Tingkat = Literal["galat", "peringatan"]
BatasPembilang = Literal["galat", "peringatan", "tidak"]
BagianTurunan = Literal["tambah", "kurang", "wajib"]
Periode = Literal["bulan", "semester", "tahun"]
PerWilayah = Literal["satu", "jumlahkan"]
Ubah = Literal["ada"]
TingkatWilayah = Literal["provinsi", "kabupaten", "kecamatan", "desa"]
NamaKabupaten = Literal["siga"]
"""Naming conventions for kab/kota names (``siga``: bare name = kabupaten, ``KOTA X`` = kota)."""

JENIS_KOMPONEN: tuple[str, ...] = get_args(Jenis)
ARAH: tuple[str, ...] = get_args(Arah)
FREKUENSI: tuple[str, ...] = get_args(Frekuensi)

KUNCI_PERIKSA = frozenset({"total", "persen", "pembilang", "penyebut", "kecil", "besar"})
"""Keys of a declared check that name a file column."""


@dataclass(frozen=True, config=KETAT)
class Komponen:
    """One named component: a count that indicators use as numerator or denominator.

    ``batas_atas`` is the plausible ceiling of one reported value: ``desa`` per desa/kelurahan
    (a region above a desa gets that times its number of desa/kelurahan in the region master),
    optionally an explicit ceiling per level (``kecamatan``, ``kabupaten``, ``provinsi``) that
    replaces the scaled one. A value above it is quarantined
    (:mod:`transforms.komponen.batas_atas`).

    ``periksa`` declares the component's relations with other components, checked in every
    file that carries them whatever its layout (a recognised format or ``--kolom``):
    ``{aturan: jumlah, bagian: [...]}`` (this component = the sum of the parts; ``wajib``:
    the parts a file must carry, the others count 0 when it has no column for them) and
    ``{aturan: maksimum, besar: other}`` (this component <= the other).
    """

    nama: str
    judul: str
    definisi: str
    jenis: Jenis
    satuan: str
    dari_master: bool = False
    turunan: dict[BagianTurunan, Daftar] | None = None
    batas_atas: dict[TingkatWilayah, float] | None = None
    periksa: Annotated[tuple[dict[str, Any], ...], BeforeValidator(_ke_tuple)] = ()

    @model_validator(mode="after")
    def _batas_atas_sah(self) -> Komponen:
        """A ceiling names the per-desa value it scales from, and every ceiling is > 0."""
        if self.batas_atas is None:
            return self
        if "desa" not in self.batas_atas:
            raise PydanticCustomError(
                "batas_atas_desa", "batas_atas wajib memuat 'desa' (batas per desa/kelurahan)"
            )
        for tingkat, nilai in self.batas_atas.items():
            if not (math.isfinite(nilai) and nilai > 0):
                raise PydanticCustomError(
                    "batas_atas_positif",
                    "batas_atas {tingkat!r} harus angka terhingga di atas 0, bukan {nilai}",
                    {"tingkat": tingkat, "nilai": nilai},
                )
        return self

    @property
    def bagian(self) -> tuple[str, ...]:
        """Components a derived component is computed from (empty when reported directly)."""
        if not self.turunan:
            return ()
        return (*self.turunan.get("tambah", ()), *self.turunan.get("kurang", ()))


@dataclass(frozen=True, config=KETAT, kw_only=True)
class Indikator:
    """One registry entry."""

    kode: str
    judul: str
    definisi: str
    pembilang: str
    penyebut: str | None = None
    pengali: float
    satuan: str
    arah: Arah
    frekuensi: Frekuensi
    kedalaman: Daftar
    sumber_data: str
    wali_data: str
    rujukan: str
    target_teks: str = ""
    catatan: str = ""
    alias: Annotated[tuple[dict[str, str], ...], BeforeValidator(_ke_tuple)] = ()
    batas_pembilang: BatasPembilang = "peringatan"

    @property
    def komponen(self) -> tuple[str, ...]:
        """Component names used by this indicator, numerator first."""
        return (self.pembilang,) if self.penyebut is None else (self.pembilang, self.penyebut)


@dataclass(frozen=True, config=KETAT)
class SpesKomponen:
    """A layout column written as ``{nama: komponen, ubah: ada}`` instead of a bare name."""

    nama: str
    ubah: Ubah | None = None


@dataclass(frozen=True, config=KETAT)
class Panjang:
    """A long table: the category column, the value column, category → component."""

    jenis: str
    nilai: str
    komponen: dict[str, str]


_KUNCI_ATURAN = {
    "jumlah": ("total", "bagian"),
    "persen": ("persen", "pembilang", "penyebut"),
    "maksimum": ("kecil", "besar"),
}


@dataclass(frozen=True, config=KETAT)
class Periksa:
    """One check a layout declares (parts = whole, stated percentage, at most)."""

    aturan: Literal["jumlah", "persen", "maksimum"]
    tingkat: Tingkat = "galat"
    toleransi: float | None = None
    total: str | None = None
    bagian: Daftar | None = None
    persen: str | None = None
    pembilang: str | None = None
    penyebut: str | None = None
    kecil: str | None = None
    besar: str | None = None
    pesan: str | None = None
    wajib: Daftar | None = None  # component checks: parts a file must carry

    @model_validator(mode="after")
    def _kunci_wajib(self) -> Periksa:
        kurang = [k for k in _KUNCI_ATURAN[self.aturan] if getattr(self, k) is None]
        if kurang:
            raise PydanticCustomError(
                "kunci_wajib_aturan",
                "kunci {kunci!r} wajib ada untuk aturan {aturan!r}",
                {"kunci": kurang[0], "aturan": self.aturan},
            )
        return self


@dataclass(frozen=True, config=KETAT)
class Layout:
    """How one source format maps onto regions, period and components.

    ``komponen`` maps a file column to a component; ``ubah`` names a conversion for a column
    (``ada``: a presence flag or a count becomes 1 when > 0 / "Ada", else 0). ``panjang``
    describes a long table (one row per region, period and category). ``alias_kolom`` and
    ``awalan_opsional`` let one layout recognise other spellings of its headers.
    ``per_wilayah`` is ``satu`` (one row per region and period; duplicates are errors) or
    ``jumlahkan`` (rows are units inside a region, e.g. faskes or puskesmas, summed).
    ``periksa`` lists the checks the layout declares (parts = whole, stated percentages).
    ``contoh`` names an example file of the format (shown by ``indikator katalog --sumber``).
    ``nama_kabupaten`` declares how the source writes kab/kota names: ``siga`` means a bare
    name is the kabupaten and ``KOTA X`` the kota, so a bare ``BOGOR`` in a province that has
    both Kabupaten and Kota Bogor is the kabupaten (None: a bare name of such a pair is
    ambiguous and quarantined).
    """

    id: str
    judul: str
    pemilik: str
    format: str
    kenali: Daftar
    wilayah: dict[str, str] = dataclasses.field(default_factory=dict)
    periode: dict[Periode, str] = dataclasses.field(default_factory=dict)
    komponen: dict[str, str] = dataclasses.field(default_factory=dict)
    pemisah: str | None = None
    abaikan: Daftar = ()
    catatan: str = ""
    ubah: dict[str, Ubah] = dataclasses.field(default_factory=dict)
    panjang: dict[str, Any] | None = None
    alias_kolom: dict[str, Daftar] = dataclasses.field(default_factory=dict)
    awalan_opsional: Daftar = ()
    per_wilayah: PerWilayah = "satu"
    periksa: Annotated[tuple[dict[str, Any], ...], BeforeValidator(_ke_tuple)] = ()
    tingkat_data: str | None = None
    kategori: str | None = None
    contoh: str = ""
    nama_kabupaten: NamaKabupaten | None = None

    def _bentuk(self, name: str) -> tuple[str, ...]:
        """The forms a header is compared by (key, then without a common or own prefix)."""
        return bentuk_judul(name, self.awalan_opsional)

    def _dikenal(self) -> list[str]:
        """Every column name the layout knows, in declaration order (with repeats)."""
        known = [*self.kenali, *self.wilayah.values(), *self.periode.values(), *self.komponen]
        known += list(self.abaikan)
        if self.panjang:
            known += [self.panjang["jenis"], self.panjang["nilai"]]
        if self.kategori:
            known.append(self.kategori)
        for p in self.periksa:
            known += [v for k, v in p.items() if k in KUNCI_PERIKSA]
            known += list(p.get("bagian", ()))
        return known

    def peta_header(self, header: list[str]) -> dict[str, str]:
        """File header → the layout's own column name, for every column the layout knows.

        Headers are compared by :func:`schemas.judul.kunci_judul` (case, spaces, ``_``,
        ``/``, ``-``, punctuation, accents). A header matches its own spelling; an alias
        listed in ``alias_kolom``; or either without a counting prefix (``JUMLAH``, ``JML``,
        the layout's ``awalan_opsional``). An exact spelling wins over an alias, an alias
        over a prefix, when two file columns would claim one name.
        """
        lookup = self._peta_dikenal
        claimed: dict[str, tuple[int, str]] = {}
        for col in header:
            forms = [f for f in self._bentuk(col) if f]
            hits = [
                (r + (2 if i else 0), n)
                for i, f in enumerate(forms)
                if f in lookup
                for r, n in [lookup[f]]
            ]
            if not hits:
                continue
            rank, name = min(hits)
            if name not in claimed or rank < claimed[name][0]:
                claimed[name] = (rank, col)
        return {col: name for name, (_, col) in claimed.items()}

    @functools.cached_property
    def _peta_dikenal(self) -> dict[str, tuple[int, str]]:
        """Every compared form of a known name or alias → (rank, the layout's name), built
        once per layout (recognition scores each candidate row of every file on every
        layout: rebuilding it per call was a fifth of receiving a small file)."""
        lookup: dict[str, tuple[int, str]] = {}
        for name in dict.fromkeys(self._dikenal()):
            lookup.setdefault(kunci_judul(name), (0, name))
            for alias in self.alias_kolom.get(name, ()):
                lookup.setdefault(kunci_judul(alias), (1, name))
        for name in dict.fromkeys(self._dikenal()):
            for alias in (name, *self.alias_kolom.get(name, ())):
                for form in self._bentuk(alias)[1:]:
                    lookup.setdefault(form, (2, name))
        return lookup

    def kolom_periode(self) -> tuple[str, ...]:
        """Columns that only say the period (``BULAN``, ``PERIODE``, ``TAHUN``)."""
        return tuple(dict.fromkeys(self.periode.values()))

    def kolom_nilai(self) -> tuple[str, ...]:
        """Columns that carry the layout's values (components, or a long table's columns)."""
        if self.panjang:
            return (self.panjang["jenis"], self.panjang["nilai"])
        return tuple(self.komponen)

    def penanda_wajib(self, periode_diberikan: bool = False) -> tuple[str, ...]:
        """Signature columns a file must carry: the region columns count as one group (any
        of them), the period columns only when the command line does not give the period."""
        lepas = set(self.wilayah.values())
        if periode_diberikan:
            lepas |= set(self.kolom_periode())
        return tuple(k for k in self.kenali if k not in lepas)

    def cocok(self, header: list[str], periode_diberikan: bool = False) -> bool:
        """Whether the file carries the layout's signature: every required signature column
        (:meth:`penanda_wajib`) and, when the signature names region columns, one of them."""
        found = set(self.peta_header(header).values())
        if not set(self.penanda_wajib(periode_diberikan)) <= found:
            return False
        wil = set(self.wilayah.values()) & set(self.kenali)
        return not wil or bool(wil & found)


@dataclasses.dataclass(frozen=True)
class Katalog:
    """The whole catalog, loaded once."""

    indikator: dict[str, Indikator]
    komponen: dict[str, Komponen]
    sumber: dict[str, Layout]
    target: pd.DataFrame
    kolom: dict[str, dict[str, dict[str, Any]]]
