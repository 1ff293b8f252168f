"""Load the catalog: indicator registry, components, source layouts, targets, column contract.

Everything the pipeline knows about indicators and sources is data under ``catalog/``. This
module is the one reader of that folder: it reads and checks it (every entry against its strict
model, see :mod:`schemas.model`); nothing here computes.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from schemas.galat import KatalogTidakValid, buat_model
from schemas.model import Indikator, Katalog, Komponen, Layout, Panjang, Periksa, SpesKomponen

FOLDER_KATALOG = Path(__file__).resolve().parents[1] / "catalog"
"""The catalog folder; it ships in the wheel beside the packages."""


_PEMUAT = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML was built with it (the wheels are): the catalog is read by
every process (each ingest, each worker), and the pure-Python parser took ±0.25 s of it."""


class _KunciUnik(_PEMUAT):  # type: ignore[misc,valid-type]
    """Safe loader that refuses a mapping key written twice (YAML would keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        dupes = {k for k in keys if keys.count(k) > 1}
        if dupes:
            raise KatalogTidakValid(f"kunci ganda {sorted(map(str, dupes))} {node.start_mark}")
        return super().construct_mapping(node, deep=deep)


def baca_yaml(path: Path) -> Any:
    """A YAML file (an empty file reads as ``{}``); a key written twice is refused."""
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_KunciUnik) or {}


def _tampil(path: Path, folder: Path) -> str:
    """A catalog file as named in messages: ``catalog/sumber/siga-pus.yaml``."""
    try:
        return path.relative_to(folder.parent).as_posix()
    except ValueError:
        return str(path)


def _gabung_folder(folder: Path, akar: Path) -> dict[str, tuple[str, Any]]:
    """Entries of the YAML files in a folder, with their file; a key written twice is an error."""
    merged: dict[str, tuple[str, Any]] = {}
    for path in sorted(folder.glob("*.yaml")):
        berkas = _tampil(path, akar)
        isi = baca_yaml(path)
        if not isinstance(isi, dict):
            raise KatalogTidakValid(f"{berkas}: isi berkas harus pemetaan (kunci: nilai)")
        for key, value in isi.items():
            if key in merged:
                raise KatalogTidakValid(f"{key!r} didefinisikan dua kali (lagi di {path.name})")
            merged[key] = (berkas, value)
    return merged


def _indikator(berkas: str, kode: str, raw: Any) -> Indikator:
    return buat_model(Indikator, berkas, raw, entri=kode, tetap={"kode": kode})


def _komponen(berkas: str, nama: str, raw: Any) -> Komponen:
    periksa = raw.get("periksa") if isinstance(raw, dict) else None
    if isinstance(periksa, list):
        for i, entry in enumerate(periksa):
            if isinstance(entry, dict):  # the component itself is the whole, or the smaller
                diri = {"total": nama} if entry.get("aturan") == "jumlah" else {"kecil": nama}
                buat_model(Periksa, berkas, {**diri, **entry}, awalan=(nama, "periksa", i))
    return buat_model(Komponen, berkas, raw, entri=nama, tetap={"nama": nama})


def _pisah_komponen(berkas: str, raw: Any) -> tuple[Any, dict[str, str]]:
    """Layout columns → (column → component, column → conversion).

    A column maps to a component name, or to ``{nama: ..., ubah: ...}``. Anything else is
    left in place for the layout model to refuse.
    """
    if not isinstance(raw, dict):
        return raw, {}
    komponen: dict[Any, Any] = {}
    ubah: dict[str, str] = {}
    for kolom, spec in raw.items():
        if isinstance(spec, dict):
            spes = buat_model(SpesKomponen, berkas, spec, awalan=("komponen", kolom))
            komponen[kolom] = spes.nama
            if spes.ubah:
                ubah[kolom] = spes.ubah
        else:
            komponen[kolom] = spec
    return komponen, ubah


def _periksa_bagian(berkas: str, raw: dict[str, Any]) -> None:
    """Check the nested entries of a layout (long table, declared checks) against their models."""
    if raw.get("panjang") is not None:
        buat_model(Panjang, berkas, raw["panjang"], awalan=("panjang",))
    periksa = raw.get("periksa")
    if isinstance(periksa, list):
        for i, entry in enumerate(periksa):
            buat_model(Periksa, berkas, entry, awalan=("periksa", i))


def _layout(berkas: str, raw: Any) -> Layout:
    if not isinstance(raw, dict):
        return buat_model(Layout, berkas, raw)
    _periksa_bagian(berkas, raw)
    komponen, ubah = _pisah_komponen(berkas, raw.get("komponen"))
    data = {**raw, "komponen": komponen} if "komponen" in raw else raw
    return buat_model(Layout, berkas, data, tetap={"ubah": ubah})


def baca_target(folder: Path) -> pd.DataFrame:
    """Targets in every CSV of a folder (catalog targets, or a region's own target files)."""
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


def _sumber(folder: Path) -> dict[str, Layout]:
    sumber: dict[str, Layout] = {}
    for path in sorted((folder / "sumber").glob("*.yaml")):
        layout = _layout(_tampil(path, folder), baca_yaml(path))
        if layout.id in sumber:
            raise KatalogTidakValid(f"sumber {layout.id!r} didefinisikan dua kali")
        sumber[layout.id] = layout
    return sumber


@functools.lru_cache(maxsize=4)
def muat_katalog(folder: Path = FOLDER_KATALOG) -> Katalog:
    """Read and check every catalog file under ``folder`` (cached).

    Raises:
        KatalogTidakValid: a file that does not fit its model (the message names file and key),
            a key written twice, an entry or a source defined twice.
    """
    indikator = {
        k: _indikator(berkas, k, v)
        for k, (berkas, v) in _gabung_folder(folder / "indikator", folder).items()
    }
    komponen = {
        k: _komponen(berkas, k, v)
        for k, (berkas, v) in _gabung_folder(folder / "komponen", folder).items()
    }
    return Katalog(
        indikator=indikator,
        komponen=komponen,
        sumber=_sumber(folder),
        target=baca_target(folder / "target"),
        kolom=baca_yaml(folder / "kolom.yaml"),
    )


def _komponen_ke_dict(k: Komponen) -> dict[str, Any]:
    return {
        "nama": k.nama,
        "judul": k.judul,
        "jenis": k.jenis,
        "aturan_tahunan": jelaskan_aturan_tahunan(k),
        "satuan": k.satuan,
    }


def ubah_indikator_ke_dict(ind: Indikator, komponen: dict[str, Komponen]) -> dict[str, Any]:
    """The registry entry as a JSON-ready dict, with the temporal rule of each component."""
    penyebut = None if ind.penyebut is None else _komponen_ke_dict(komponen[ind.penyebut])
    return {
        "kode": ind.kode,
        "judul": ind.judul,
        "definisi": ind.definisi,
        "pembilang": ind.pembilang,
        "penyebut": ind.penyebut,
        "komponen": {
            "pembilang": _komponen_ke_dict(komponen[ind.pembilang]),
            "penyebut": penyebut,
        },
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


def jelaskan_aturan_tahunan(k: Komponen) -> str:
    """Bahasa description of a component's temporal rule."""
    if k.dari_master:
        return "dari master wilayah (jumlah desa/kelurahan pada edisi yang berlaku)"
    if k.jenis == "stok":
        return "stok: nilai tahunan = bulan terakhir yang dilaporkan (bulan itu dicatat)"
    return "arus: nilai tahunan = jumlah semua bulan"


def hitung_hash_katalog(folder: Path = FOLDER_KATALOG) -> str:
    """sha256 over every catalog file (relative path and bytes, in path order): a run record
    keeps it, so a difference between two runs can be traced to a catalog change."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()
