"""Source recognition by evidence: which catalog layout a received file follows.

Every layout is scored on the file's header (:class:`Skor`): which of its value columns the
file carries, which region columns, which signature columns (``kenali``) are missing. A layout
fits when the file carries its signature columns, where the region columns count as one group
(any of them) and the period columns (``BULAN``, ``PERIODE``, ``TAHUN``) are needed only when
the command line does not give the period (``--tahun``, ``--bulan``, ``--semester``). Among the
layouts that fit, the one with the most evidence (layout columns found, then the share of its
value columns, then of its region columns) is the file's layout; two that fit equally are
refused by name (:class:`SumberGanda`): the person says which with ``--sumber``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from schemas.model import Katalog, Layout

SUMBER_UMUM = "umum"


class SumberTidakDikenal(Exception):
    """The file matches no known source layout (message in Bahasa Indonesia)."""


class SumberGanda(SumberTidakDikenal):
    """Two layouts fit the file equally well (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class Skor:
    """How well one layout fits a header.

    Attributes:
        layout: the layout scored.
        header: the file's header (as read).
        cocok: the layout's column name → the file's spelling, for every column found.
        kurang: signature columns missing (a region group missing is named by its columns).
    """

    layout: Layout
    header: tuple[str, ...]
    cocok: dict[str, str]
    kurang: tuple[str, ...]

    @property
    def nilai(self) -> tuple[str, ...]:
        """The layout's value columns the file carries."""
        return tuple(k for k in self.layout.kolom_nilai() if k in self.cocok)

    @property
    def pas(self) -> bool:
        """Whether the layout fits: no signature column missing, at least one value column."""
        return not self.kurang and bool(self.nilai or not self.layout.kolom_nilai())

    @property
    def bobot(self) -> tuple[int, float, float]:
        """Evidence, compared as a tuple: columns found, share of value and region columns."""
        nilai = self.layout.kolom_nilai()
        wil = set(self.layout.wilayah.values())
        share_nilai = len(self.nilai) / len(nilai) if nilai else 0.0
        share_wil = len(wil & set(self.cocok)) / len(wil) if wil else 0.0
        return len(self.cocok), share_nilai, share_wil


def nilai_layout(header: list[str], layout: Layout, periode_diberikan: bool = False) -> Skor:
    """Score one layout on a header (see the module docstring)."""
    names = [c for c in header if c]
    cocok = {name: col for col, name in layout.peta_header(names).items()}
    kurang = [k for k in layout.penanda_wajib(periode_diberikan) if k not in cocok]
    wil = [w for w in dict.fromkeys(layout.wilayah.values()) if w in layout.kenali]
    if wil and not any(w in cocok for w in wil):
        kurang.append(" / ".join(wil))
    return Skor(layout, tuple(names), cocok, tuple(kurang))


def nilai_sumber(
    header: list[str], katalog: Katalog, periode_diberikan: bool = False
) -> list[Skor]:
    """Every layout with a signature, scored on ``header``, best evidence first."""
    skor = [
        nilai_layout(header, lay, periode_diberikan)
        for lay in katalog.sumber.values()
        if lay.kenali
    ]
    return sorted(skor, key=lambda s: (s.pas, s.bobot, s.layout.id), reverse=True)


def kenali_sumber(
    header: list[str], katalog: Katalog, periode_diberikan: bool = False
) -> Layout | None:
    """The layout that fits ``header`` with the most evidence, else None."""
    best = nilai_sumber(header, katalog, periode_diberikan)
    return best[0].layout if best and best[0].pas else None


def nilai_berkas(path: Path, katalog: Katalog, periode_diberikan: bool = False) -> list[Skor]:
    """Each layout's best score over the file's candidate headers (title rows and two-row
    headers allowed), best first."""
    from transforms.baca.intip import cari_calon_judul

    best: dict[str, Skor] = {}
    for row in cari_calon_judul(path):
        if not any(row):
            continue
        for skor in nilai_sumber(row, katalog, periode_diberikan):
            lama = best.get(skor.layout.id)
            if lama is None or (skor.pas, skor.bobot) > (lama.pas, lama.bobot):
                best[skor.layout.id] = skor
    return sorted(best.values(), key=lambda s: (s.pas, s.bobot, s.layout.id), reverse=True)


def cari_ganda(skor: list[Skor]) -> tuple[Skor, Skor] | None:
    """The two best layouts when both fit with the same evidence (sorted best first)."""
    if len(skor) > 1 and skor[0].pas and skor[1].pas and skor[0].bobot == skor[1].bobot:
        return skor[0], skor[1]
    return None


def kenali_berkas(path: Path, katalog: Katalog, periode_diberikan: bool = False) -> Layout | None:
    """Recognise a file's layout from its first rows; None when none fits or two tie."""
    skor = nilai_berkas(path, katalog, periode_diberikan)
    if not skor or not skor[0].pas or cari_ganda(skor):
        return None
    return skor[0].layout
