"""The agencies that fill an Excel template, and the source layout of each agency's template.

The agencies and the components each one supplies are data (``catalog/template/instansi.yaml``);
the indicators a template feeds are derived here from the registry. The layouts are needed
both to read a filled template and to list the sources of the catalog.
"""

from __future__ import annotations

import fnmatch
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from schemas.judul import bersihkan_judul
from schemas.katalog import FOLDER_KATALOG, baca_yaml, muat_katalog
from schemas.model import Katalog, Layout
from transforms.terima.templat_bentuk import (
    AWALAN_SUMBER,
    KOLOM_KABUPATEN,
    KOLOM_KECAMATAN,
    KOLOM_KODE,
    KOLOM_NAMA,
    SHEET_META,
    TemplateTidakValid,
)

# The only uses of the catalog loader's folder and private YAML reader by the templates
# (INSTANSI_YAML and _baca_yaml): both move with the catalog loader.
INSTANSI_YAML: Final = FOLDER_KATALOG / "template" / "instansi.yaml"


@functools.lru_cache(maxsize=4)
def _baca_yaml(path: Path) -> dict[str, Any]:
    """The agency file as read (cached; treat as read-only)."""
    return baca_yaml(path)


@dataclass(frozen=True)
class Instansi:
    """One source agency that fills a template.

    Attributes:
        id: short id (``kemenkes``); the source id is ``template.<id>``.
        nama: agency name, worded as in the registry's ``wali_data``.
        kirim_ke: whom the officer sends the filled file to.
        komponen: components the template carries, in column order.
        indikator: registry codes of the indicators fed (derived: at least one component).
        wali_data: the registry ``wali_data`` parts that designate this agency.
    """

    id: str
    nama: str
    kirim_ke: str
    komponen: tuple[str, ...]
    indikator: tuple[str, ...]
    wali_data: tuple[str, ...]

    @property
    def sumber(self) -> str:
        """Source id of this agency's template (``template.<id>``)."""
        return AWALAN_SUMBER + self.id


# ---------------------------------------------------------------------------
# Agencies
# ---------------------------------------------------------------------------


def muat_komponen_dari_ekspor(path: Path = INSTANSI_YAML) -> tuple[str, ...]:
    """Components supplied by existing exports or the region master (never in a template)."""
    return tuple(_baca_yaml(path).get("komponen_dari_ekspor") or ())


def muat_indikator_dari_ekspor(
    katalog: Katalog | None = None, path: Path = INSTANSI_YAML
) -> tuple[str, ...]:
    """Registry codes whose every component comes from an export (``indikator_dari_ekspor``).

    The file lists fnmatch patterns (``siga.*``); these indicators add no template column.
    """
    katalog = katalog or muat_katalog()
    pola = tuple(_baca_yaml(path).get("indikator_dari_ekspor") or ())
    return tuple(k for k in katalog.indikator if any(fnmatch.fnmatchcase(k, p) for p in pola))


def cari_indikator_diisi(komponen: Iterable[str], katalog: Katalog) -> tuple[str, ...]:
    """Registry codes (registry order) of the indicators using at least one of ``komponen``."""
    ada = set(komponen)
    return tuple(kode for kode, ind in katalog.indikator.items() if ada & set(ind.komponen))


def _cek_komponen(
    instansi_id: str, komponen: Sequence[str], katalog: Katalog, ekspor: set[str]
) -> None:
    """Raise ValueError when a template component is unknown, duplicated or not ours to ask."""
    if not komponen:
        raise ValueError(f"template {instansi_id!r}: daftar komponen kosong")
    asing = [k for k in komponen if k not in katalog.komponen]
    if asing:
        raise ValueError(
            f"template {instansi_id!r}: komponen tidak ada di catalog/komponen: {asing}"
        )
    ganda = sorted({k for k in komponen if komponen.count(k) > 1})
    if ganda:
        raise ValueError(f"template {instansi_id!r}: komponen ditulis dua kali: {ganda}")
    dilarang = [k for k in komponen if k in ekspor or katalog.komponen[k].dari_master]
    if dilarang:
        raise ValueError(
            f"template {instansi_id!r}: komponen {dilarang} datang dari ekspor atau master "
            "wilayah dan tidak boleh ditanyakan di template"
        )


def _instansi(raw: dict[str, Any], katalog: Katalog, ekspor: set[str]) -> Instansi:
    """One agency entry of the YAML file, checked, with its indicators derived."""
    komponen = tuple(raw["komponen"])
    _cek_komponen(raw["id"], komponen, katalog, ekspor)
    return Instansi(
        id=str(raw["id"]),
        nama=str(raw["nama"]),
        kirim_ke=str(raw["kirim_ke"]),
        komponen=komponen,
        indikator=cari_indikator_diisi(komponen, katalog),
        wali_data=tuple(raw.get("wali_data") or ()),
    )


def muat_instansi(katalog: Katalog | None = None, path: Path = INSTANSI_YAML) -> list[Instansi]:
    """Every agency of the template file, in file order, checked against the catalog.

    Raises:
        ValueError: an unknown, duplicated or export-supplied component, or a duplicated id.
    """
    katalog = katalog or muat_katalog()
    raw = _baca_yaml(path)
    ekspor = set(raw.get("komponen_dari_ekspor") or ())
    hasil = [_instansi(entri, katalog, ekspor) for entri in raw.get("instansi") or ()]
    ids = [i.id for i in hasil]
    ganda = sorted({i for i in ids if ids.count(i) > 1})
    if ganda:
        raise ValueError(f"instansi template ditulis dua kali: {ganda}")
    return hasil


def cari_instansi(instansi_id: str, katalog: Katalog | None = None) -> Instansi:
    """The agency with this id (``kemenkes`` or ``template.kemenkes``).

    Raises:
        TemplateTidakValid: unknown id (the message lists the known ones).
    """
    kunci = instansi_id.removeprefix(AWALAN_SUMBER)
    semua = muat_instansi(katalog)
    for instansi in semua:
        if instansi.id == kunci:
            return instansi
    pilihan = ", ".join(i.id for i in semua)
    raise TemplateTidakValid(f"instansi {instansi_id!r} tidak dikenal; pilihan: {pilihan}")


def buat_teks_daftar_instansi(katalog: Katalog | None = None) -> str:
    """Bahasa listing of the agencies and the indicators each template feeds (for ``--list``)."""
    katalog = katalog or muat_katalog()
    baris = []
    for i in muat_instansi(katalog):
        baris.append(f"{i.id}: {i.nama} — {len(i.komponen)} komponen, {len(i.indikator)} indikator")
        baris.extend(f"    {k}  {katalog.indikator[k].judul}" for k in i.indikator)
    return "\n".join(baris)


# ---------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------


def buat_layout_instansi(instansi: Instansi, komponen: Sequence[str]) -> Layout:
    """The source layout of an agency's template carrying ``komponen``."""
    return Layout(
        id=instansi.sumber,
        judul=f"Template isian Excel — {instansi.nama}",
        pemilik=instansi.nama,
        format="xlsx",
        kenali=(),
        wilayah={"kode": KOLOM_KODE},
        periode={},
        komponen={bersihkan_judul(k): k for k in komponen},
        abaikan=(KOLOM_NAMA, KOLOM_KABUPATEN, KOLOM_KECAMATAN),
        catatan=(
            "Template buatan `indikator template`; dikenali lewat sheet tersembunyi "
            f"{SHEET_META}, bukan lewat judul kolom. Periode (tahun, bulan) ada di metadata."
        ),
    )


def buat_layout_template(instansi_id: str, katalog: Katalog | None = None) -> Layout:
    """The source layout of an agency's template (``template.<id>``), without a file."""
    instansi = cari_instansi(instansi_id, katalog)
    return buat_layout_instansi(instansi, instansi.komponen)


def buat_layouts_template(katalog: Katalog | None = None) -> dict[str, Layout]:
    """Layouts of every agency's template, keyed by source id (for the catalog listing)."""
    return {i.sumber: buat_layout_instansi(i, i.komponen) for i in muat_instansi(katalog)}
