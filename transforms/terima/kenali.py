"""Source recognition: which catalog layout a received file follows, read from its header rows."""

from __future__ import annotations

from pathlib import Path

from schemas.model import Katalog, Layout

SUMBER_UMUM = "umum"


class SumberTidakDikenal(Exception):
    """The file matches no known source layout (message in Bahasa Indonesia)."""


def kenali_sumber(header: list[str], katalog: Katalog) -> Layout | None:
    """The layout whose signature columns are all in the header (most specific wins)."""
    cocok = [lay for lay in katalog.sumber.values() if lay.kenali and lay.cocok(header)]
    if not cocok:
        return None
    return max(cocok, key=lambda lay: len(lay.kenali))


def kenali_berkas(path: Path, katalog: Katalog) -> Layout | None:
    """Recognise a file's layout from its first rows (title rows and two-row headers allowed)."""
    from transforms.baca.intip import cari_calon_judul

    best: Layout | None = None
    for row in cari_calon_judul(path):
        found = kenali_sumber([c for c in row if c], katalog)
        if found is not None and (best is None or len(found.kenali) > len(best.kenali)):
            best = found
    return best


def buat_pesan_sumber_tidak_dikenal(nama: str, katalog: Katalog) -> str:
    """Bahasa message listing the known sources."""
    daftar = "\n".join(
        f"  - {lay.id}: {lay.judul} (kolom penanda: {', '.join(lay.kenali)})"
        for lay in sorted(katalog.sumber.values(), key=lambda x: x.id)
    )
    return (
        f"Berkas {nama!r} tidak dikenali sebagai sumber mana pun. Periksa baris judul kolom, "
        f"atau sebutkan sumbernya dengan --sumber. Sumber yang dikenal:\n{daftar}"
    )
