"""Load the catalog: indicator registry, components, source layouts, targets, column contract.

Everything the pipeline knows about indicators and sources is data under ``catalog/``.
This module only reads and checks it; nothing here computes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

CATALOG_DIR = Path(__file__).resolve().parents[1] / "catalog"

JENIS_KOMPONEN = ("stok", "arus")
ARAH = ("naik", "turun")
FREKUENSI = ("bulanan", "semesteran", "tahunan")


@dataclass(frozen=True)
class Komponen:
    """One named component: a count that indicators use as numerator or denominator."""

    nama: str
    judul: str
    definisi: str
    jenis: str
    satuan: str
    dari_master: bool = False
    turunan: dict[str, tuple[str, ...]] | None = None

    @property
    def bagian(self) -> tuple[str, ...]:
        """Components a derived component is computed from (empty when reported directly)."""
        if not self.turunan:
            return ()
        return (*self.turunan.get("tambah", ()), *self.turunan.get("kurang", ()))


@dataclass(frozen=True)
class Indikator:
    """One registry entry."""

    kode: str
    judul: str
    definisi: str
    pembilang: str
    penyebut: str | None
    pengali: float
    satuan: str
    arah: str
    frekuensi: str
    kedalaman: tuple[str, ...]
    sumber_data: str
    wali_data: str
    rujukan: str
    target_teks: str = ""
    catatan: str = ""
    alias: tuple[dict[str, str], ...] = ()
    batas_pembilang: str = "peringatan"

    @property
    def komponen(self) -> tuple[str, ...]:
        """Component names used by this indicator, numerator first."""
        return (self.pembilang,) if self.penyebut is None else (self.pembilang, self.penyebut)


KUNCI_PERIKSA = frozenset({"total", "persen", "pembilang", "penyebut", "kecil", "besar"})


def kunci_header(name: str) -> str:
    """Header as compared with a layout: upper case, ``_`` as space, single spaces."""
    return " ".join(str(name).replace("_", " ").upper().split())


@dataclass(frozen=True)
class Layout:
    """How one source format maps onto regions, period and components.

    ``komponen`` maps a file column to a component; ``ubah`` names a conversion for a column
    (``ada``: a presence flag or a count becomes 1 when > 0 / "Ada", else 0). ``panjang``
    describes a long table (one row per region, period and category). ``alias_kolom`` and
    ``awalan_opsional`` let one layout recognise other spellings of its headers.
    ``per_wilayah`` is ``satu`` (one row per region and period; duplicates are errors) or
    ``jumlahkan`` (rows are units inside a region, e.g. faskes or puskesmas, summed).
    ``periksa`` lists the checks the layout declares (parts = whole, stated percentages).
    """

    id: str
    judul: str
    pemilik: str
    format: str
    kenali: tuple[str, ...]
    wilayah: dict[str, str]
    periode: dict[str, str]
    komponen: dict[str, str]
    pemisah: str | None = None
    abaikan: tuple[str, ...] = ()
    catatan: str = ""
    ubah: dict[str, str] = field(default_factory=dict)
    panjang: dict[str, Any] | None = None
    alias_kolom: dict[str, tuple[str, ...]] = field(default_factory=dict)
    awalan_opsional: tuple[str, ...] = ()
    per_wilayah: str = "satu"
    periksa: tuple[dict[str, Any], ...] = ()
    tingkat_data: str | None = None
    kategori: str | None = None

    def _bentuk(self, key: str) -> set[str]:
        forms = {key}
        for awalan in self.awalan_opsional:
            if key.startswith(awalan + " "):
                forms.add(key[len(awalan) + 1 :])
        return forms

    def peta_header(self, header: list[str]) -> dict[str, str]:
        """File header → the layout's own column name, for every column the layout knows.

        A header matches its own spelling, ignoring case and ``_``; an alias listed in
        ``alias_kolom``; or either spelling without an optional prefix (``JUMLAH``, ...).
        An exact spelling wins over an alias when two file columns would claim one name.
        """
        known = [*self.kenali, *self.wilayah.values(), *self.periode.values(), *self.komponen]
        known += list(self.abaikan)
        if self.panjang:
            known += [self.panjang["jenis"], self.panjang["nilai"]]
        if self.kategori:
            known.append(self.kategori)
        for p in self.periksa:
            known += [v for k, v in p.items() if k in KUNCI_PERIKSA]
            known += list(p.get("bagian", ()))
        lookup: dict[str, tuple[int, str]] = {}
        for name in dict.fromkeys(known):
            key = kunci_header(name)
            lookup.setdefault(key, (0, name))
            for alias in self.alias_kolom.get(name, ()):
                lookup.setdefault(kunci_header(alias), (1, name))
            for form in self._bentuk(key):
                lookup.setdefault(form, (2, name))
        claimed: dict[str, tuple[int, str]] = {}
        for col in header:
            key = kunci_header(col)
            hits = [lookup[f] for f in sorted(self._bentuk(key)) if f in lookup]
            if not hits:
                continue
            rank, name = min(hits)
            if name not in claimed or rank < claimed[name][0]:
                claimed[name] = (rank, col)
        return {col: name for name, (_, col) in claimed.items()}

    def cocok(self, header: list[str]) -> bool:
        """Whether every signature column of the layout is in ``header``."""
        return set(self.kenali) <= set(self.peta_header(header).values())


@dataclass(frozen=True)
class Katalog:
    """The whole catalog, loaded once."""

    indikator: dict[str, Indikator]
    komponen: dict[str, Komponen]
    sumber: dict[str, Layout]
    target: pd.DataFrame
    kolom: dict[str, dict[str, dict[str, Any]]]


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a mapping key written twice (YAML would keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        dupes = {k for k in keys if keys.count(k) > 1}
        if dupes:
            raise ValueError(f"kunci ganda {sorted(map(str, dupes))} {node.start_mark}")
        return super().construct_mapping(node, deep=deep)


def _read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_UniqueKeyLoader) or {}


def _merge_dir(folder: Path) -> dict[str, Any]:
    """Merge all YAML mappings in a folder; a key defined twice is an error."""
    merged: dict[str, Any] = {}
    for path in sorted(folder.glob("*.yaml")):
        for key, value in _read_yaml(path).items():
            if key in merged:
                raise ValueError(f"{key!r} didefinisikan dua kali (lagi di {path.name})")
            merged[key] = value
    return merged


def _indikator(kode: str, raw: dict[str, Any]) -> Indikator:
    return Indikator(
        kode=kode,
        judul=raw["judul"],
        definisi=raw["definisi"],
        pembilang=raw["pembilang"],
        penyebut=raw.get("penyebut"),
        pengali=float(raw["pengali"]),
        satuan=raw["satuan"],
        arah=raw["arah"],
        frekuensi=raw["frekuensi"],
        kedalaman=tuple(raw["kedalaman"]),
        sumber_data=raw["sumber_data"],
        wali_data=raw["wali_data"],
        rujukan=raw["rujukan"],
        target_teks=raw.get("target_teks", "") or "",
        catatan=raw.get("catatan", "") or "",
        alias=tuple(raw.get("alias", []) or ()),
        batas_pembilang=raw.get("batas_pembilang", "peringatan"),
    )


def _komponen(nama: str, raw: dict[str, Any]) -> Komponen:
    return Komponen(
        nama=nama,
        judul=raw["judul"],
        definisi=raw["definisi"],
        jenis=raw["jenis"],
        satuan=raw["satuan"],
        dari_master=bool(raw.get("dari_master", False)),
        turunan={k: tuple(v) for k, v in raw["turunan"].items()} if raw.get("turunan") else None,
    )


def _layout(raw: dict[str, Any]) -> Layout:
    komponen: dict[str, str] = {}
    ubah: dict[str, str] = {}
    for kolom, spec in (raw.get("komponen") or {}).items():
        if isinstance(spec, dict):
            komponen[kolom] = spec["nama"]
            if spec.get("ubah"):
                ubah[kolom] = spec["ubah"]
        else:
            komponen[kolom] = spec
    return Layout(
        id=raw["id"],
        judul=raw["judul"],
        pemilik=raw["pemilik"],
        format=raw["format"],
        kenali=tuple(raw["kenali"]),
        wilayah=dict(raw.get("wilayah") or {}),
        periode=dict(raw.get("periode") or {}),
        komponen=komponen,
        pemisah=raw.get("pemisah"),
        abaikan=tuple(raw.get("abaikan", ()) or ()),
        catatan=raw.get("catatan", "") or "",
        ubah=ubah,
        panjang=raw.get("panjang"),
        alias_kolom={k: tuple(v) for k, v in (raw.get("alias_kolom") or {}).items()},
        awalan_opsional=tuple(raw.get("awalan_opsional", ()) or ()),
        per_wilayah=raw.get("per_wilayah", "satu"),
        periksa=tuple(raw.get("periksa", ()) or ()),
        tingkat_data=raw.get("tingkat_data"),
        kategori=raw.get("kategori"),
    )


def baca_target(folder: Path) -> pd.DataFrame:
    """Targets in every CSV of a folder (catalog targets, or a region's own target files)."""
    return _targets(folder)


def _targets(folder: Path) -> pd.DataFrame:
    columns = ["kode_indikator", "kode_wilayah", "tahun", "target", "berlaku_untuk", "dasar_hukum"]
    frames = [
        pd.read_csv(path, dtype=str, keep_default_na=False) for path in sorted(folder.glob("*.csv"))
    ]
    if not frames:
        return pd.DataFrame(columns=columns)
    target = pd.concat(frames, ignore_index=True)
    return target.assign(
        tahun=pd.to_numeric(target["tahun"]).astype("int64"),
        target=pd.to_numeric(target["target"]).astype("float64"),
        berlaku_untuk=target["berlaku_untuk"].replace("", "nilai"),
    )


@functools.lru_cache(maxsize=4)
def load_katalog(folder: Path = CATALOG_DIR) -> Katalog:
    """Read every catalog file under ``folder`` (cached)."""
    indikator = {k: _indikator(k, v) for k, v in _merge_dir(folder / "indikator").items()}
    komponen = {k: _komponen(k, v) for k, v in _merge_dir(folder / "komponen").items()}
    sumber = {}
    for path in sorted((folder / "sumber").glob("*.yaml")):
        layout = _layout(_read_yaml(path))
        if layout.id in sumber:
            raise ValueError(f"sumber {layout.id!r} didefinisikan dua kali")
        sumber[layout.id] = layout
    return Katalog(
        indikator=indikator,
        komponen=komponen,
        sumber=sumber,
        target=_targets(folder / "target"),
        kolom=_read_yaml(folder / "kolom.yaml"),
    )


def indikator_as_dict(ind: Indikator, komponen: dict[str, Komponen]) -> dict[str, Any]:
    """The registry entry as a JSON-ready dict, with the temporal rule of each component."""

    def comp(name: str | None) -> dict[str, Any] | None:
        if name is None:
            return None
        k = komponen[name]
        return {
            "nama": k.nama,
            "judul": k.judul,
            "jenis": k.jenis,
            "aturan_tahunan": aturan_tahunan(k),
            "satuan": k.satuan,
        }

    return {
        "kode": ind.kode,
        "judul": ind.judul,
        "definisi": ind.definisi,
        "pembilang": ind.pembilang,
        "penyebut": ind.penyebut,
        "komponen": {"pembilang": comp(ind.pembilang), "penyebut": comp(ind.penyebut)},
        "pengali": ind.pengali,
        "satuan": ind.satuan,
        "arah": ind.arah,
        "frekuensi": ind.frekuensi,
        "kedalaman": list(ind.kedalaman),
        "sumber_data": ind.sumber_data,
        "wali_data": ind.wali_data,
        "rujukan": ind.rujukan,
        "target_teks": ind.target_teks,
        "catatan": ind.catatan,
        "alias": [dict(a) for a in ind.alias],
    }


def aturan_tahunan(k: Komponen) -> str:
    """Bahasa description of a component's temporal rule."""
    if k.dari_master:
        return "dari master wilayah (jumlah desa/kelurahan pada edisi yang berlaku)"
    if k.jenis == "stok":
        return "stok: nilai tahunan = bulan terakhir yang dilaporkan (bulan itu dicatat)"
    return "arus: nilai tahunan = jumlah semua bulan"
