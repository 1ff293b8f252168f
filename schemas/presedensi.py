"""Source precedence (``catalog/presedensi.yaml``): which source's value is used for a component.

Where two sources give the same component for the same region and period, the source listed
first wins: first the component's own list (``komponen.<name>``), then the default order
(``urutan``). Entries are source ids or fnmatch patterns (``siga.*``). The file is read into a
strict model and checked against the sources the catalog knows and the components each can
give (the caller passes that map, since agency templates and the generic table are defined
above this layer): an id or pattern that matches no source, a source the default order does
not cover, a source listed for a component it cannot give, or two sources that can give the
same component with the same rank are refused, naming the file and the key.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import functools
from collections.abc import Iterable, Mapping
from pathlib import Path

from pydantic.dataclasses import dataclass

from schemas.galat import KatalogTidakValid, buat_model
from schemas.katalog import FOLDER_KATALOG, _tampil, baca_yaml
from schemas.model import KETAT, Daftar, Katalog, Layout

PRESEDENSI_YAML = FOLDER_KATALOG / "presedensi.yaml"


@dataclass(frozen=True, config=KETAT)
class Presedensi:
    """The declared order of sources: a default order and per-component orders.

    Attributes:
        urutan: source ids or patterns, most trusted first, for every component.
        komponen: component name → source ids or patterns, used before ``urutan``.
    """

    urutan: Daftar
    komponen: dict[str, Daftar] = dataclasses.field(default_factory=dict)

    def peringkat(self, komponen: str, sumber: str) -> int:
        """Rank of a source for a component (0 = most trusted; unlisted sources come last)."""
        khusus = self.komponen.get(komponen, ())
        for i, pola in enumerate((*khusus, *self.urutan)):
            if fnmatch.fnmatchcase(sumber, pola):
                return i
        return len(khusus) + len(self.urutan)


def cari_komponen_layout(layout: Layout, semua_komponen: Iterable[str]) -> set[str]:
    """Components a source layout can give (mapped columns, long-table categories, and
    ``{kategori}`` names expanded against the catalog's components)."""
    nama = set(layout.komponen.values())
    if layout.panjang:
        nama |= set(layout.panjang.get("komponen", {}).values())
    pola = {n for n in nama if "{kategori}" in n}
    semua = list(semua_komponen)
    for p in pola:
        nama |= set(fnmatch.filter(semua, p.replace("{kategori}", "*")))
    return nama - pola


def _cocok(pola: str, sumber: Iterable[str]) -> list[str]:
    return [s for s in sumber if fnmatch.fnmatchcase(s, pola)]


def _periksa_daftar(
    berkas: str, kunci: str, daftar: tuple[str, ...], boleh: Mapping[str, object], bukan: str
) -> None:
    """Every entry matches a source in ``boleh`` and is written once.

    ``bukan`` says what an entry matching nothing is (``tidak dikenal``, ...).
    """
    for i, pola in enumerate(daftar):
        if daftar.index(pola) != i:
            raise KatalogTidakValid(f"{berkas}: kunci '{kunci}[{i}]': {pola!r} ditulis dua kali")
        if not _cocok(pola, boleh):
            pilihan = ", ".join(sorted(boleh))
            raise KatalogTidakValid(
                f"{berkas}: kunci '{kunci}[{i}]': sumber {pola!r} {bukan} (pilihan: {pilihan})"
            )


def _periksa_seri(berkas: str, pres: Presedensi, penyedia: Mapping[str, set[str]]) -> None:
    """No two sources that can give one component share a rank."""
    per_komponen: dict[str, list[str]] = {}
    for sumber, nama in sorted(penyedia.items()):
        for k in nama:
            per_komponen.setdefault(k, []).append(sumber)
    for k, sumber in sorted(per_komponen.items()):
        dilihat: dict[int, str] = {}
        for s in sumber:
            r = pres.peringkat(k, s)
            if r in dilihat:
                pola = (*pres.komponen.get(k, ()), *pres.urutan)[r]
                raise KatalogTidakValid(
                    f"{berkas}: komponen {k!r} dapat datang dari {dilihat[r]} dan {s} dengan "
                    f"urutan yang sama ({pola!r}); tulis urutannya di 'komponen.{k}'"
                )
            dilihat[r] = s


def periksa_presedensi(
    pres: Presedensi,
    penyedia: Mapping[str, set[str]],
    semua_komponen: Iterable[str],
    berkas: str = "catalog/presedensi.yaml",
) -> None:
    """Check a precedence against the known sources (source id → components it can give).

    Raises:
        KatalogTidakValid: naming the file and the key.
    """
    _periksa_daftar(berkas, "urutan", pres.urutan, penyedia, "tidak dikenal")
    lepas = [s for s in sorted(penyedia) if not _cocok_salah_satu(s, pres.urutan)]
    if lepas:
        raise KatalogTidakValid(
            f"{berkas}: kunci 'urutan': sumber {', '.join(lepas)} tidak ada di urutan; "
            "tambahkan id atau polanya"
        )
    dikenal = set(semua_komponen)
    for nama, daftar in pres.komponen.items():
        if nama not in dikenal:
            raise KatalogTidakValid(
                f"{berkas}: kunci 'komponen.{nama}': komponen tidak ada di catalog/komponen"
            )
        pemberi = {s: None for s, isi in penyedia.items() if nama in isi}
        bukan = f"tidak dikenal atau tidak memberi komponen {nama!r}"
        _periksa_daftar(berkas, f"komponen.{nama}", daftar, pemberi, bukan)
    _periksa_seri(berkas, pres, penyedia)


def _cocok_salah_satu(sumber: str, daftar: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(sumber, p) for p in daftar)


@functools.lru_cache(maxsize=4)
def baca_presedensi(path: Path = PRESEDENSI_YAML) -> Presedensi:
    """The precedence file as a strict model (unknown keys and wrong types refused)."""
    return buat_model(Presedensi, _tampil(path, FOLDER_KATALOG), baca_yaml(path))


def muat_presedensi(
    katalog: Katalog, penyedia_lain: Mapping[str, set[str]], path: Path = PRESEDENSI_YAML
) -> Presedensi:
    """The precedence, checked against the catalog's layouts and the other sources.

    Args:
        katalog: the loaded catalog (its layouts and components).
        penyedia_lain: sources not in ``catalog/sumber`` (agency templates, the generic table)
            and the components each can give.
        path: the precedence file.
    """
    penyedia = {
        sid: cari_komponen_layout(layout, katalog.komponen)
        for sid, layout in katalog.sumber.items()
    }
    penyedia.update({s: set(k) for s, k in penyedia_lain.items()})
    pres = baca_presedensi(path)
    periksa_presedensi(pres, penyedia, katalog.komponen, _tampil(path, FOLDER_KATALOG))
    return pres
