"""A raw file's identity: source, period and the regions it covers.

A new file is compared with every file in force of the same source and period:

* same regions: a correction, it replaces that file;
* no region in common: stored beside it, both are used;
* some regions in common but not the same set: refused (:class:`CakupanTumpangTindih`,
  naming both files) unless the officer names the earlier file with ``--ganti``;
* a file named with ``--ganti`` is replaced whatever its regions.

A file whose regions cannot be read (unreadable, or no region matched) contributes nothing at
run time and is rejected there: it is stored beside the others, never replaces one and is
never replaced by one, so the failure stays visible until the officer withdraws it
(``indikator tarik``) or names it in ``--ganti`` when sending the repaired file. (A file name
says nothing: SIGA names every export ``data_pus.csv``.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schemas.model import Katalog
from transforms.terima.simpan import Provenans
from transforms.terima.wilayah_berkas import (
    CakupanWilayah,
    baca_cakupan,
    buat_sidik_kode,
    potong_kode,
    ringkas_cakupan,
    sebut_cakupan,
    tumpang_tindih,
)

SAMA, TERPISAH, TUMPANG = "sama", "terpisah", "tumpang"


class CakupanTumpangTindih(Exception):
    """A new file shares some but not all regions with a file in force (Bahasa message)."""


@dataclass(frozen=True)
class Perbandingan:
    """How a new file relates to one stored file in force."""

    path: Path
    prov: Provenans
    hubungan: str
    rincian: str = ""
    ringkas: dict[str, Any] | None = None  # the stored file's regions, for messages


@dataclass
class Keputusan:
    """What storing a new file does to the files in force of its source and period."""

    diganti: list[Perbandingan] = field(default_factory=list)
    samping: list[Perbandingan] = field(default_factory=list)
    tumpang: list[Perbandingan] = field(default_factory=list)


def _kenal(ringkas: dict[str, Any] | None) -> bool:
    return bool(ringkas and ringkas.get("jumlah_kode"))


def _bandingkan_penuh(baru: frozenset[str], lama: frozenset[str]) -> tuple[str, str]:
    """The relation of two full code sets, and the counts for a message."""
    if baru == lama:
        return SAMA, ""
    if not tumpang_tindih(baru, lama):
        return TERPISAH, ""
    rincian = (
        f"{len(baru & lama)} kode wilayah sama, {len(baru - lama)} hanya di berkas baru, "
        f"{len(lama - baru)} hanya di berkas lama"
    )
    return TUMPANG, rincian


def bandingkan_cakupan(
    baru: CakupanWilayah, path: Path, prov: Provenans, katalog: Katalog
) -> Perbandingan:
    """Relation of a new file's regions with one stored file of the same kind.

    The stored file's summary decides when it can (equal hash: same; no kecamatan in common:
    apart); otherwise its regions are read again from the stored copy. A file whose regions
    cannot be read is apart from every other: nothing replaces it or is replaced by it
    unless the officer names it (``--ganti``).
    """
    ringkas = prov.cakupan
    if not baru.dikenal or (ringkas is not None and not _kenal(ringkas)):
        return Perbandingan(path, prov, TERPISAH, ringkas=ringkas)
    if ringkas is not None:
        if ringkas.get("sidik_kode") == buat_sidik_kode(baru.kode):
            return Perbandingan(path, prov, SAMA, ringkas=ringkas)
        kec_baru = {potong_kode(k, 3) for k in baru.kode}
        if not tumpang_tindih(kec_baru, ringkas.get("kecamatan") or ()):
            return Perbandingan(path, prov, TERPISAH, ringkas=ringkas)
    lama = baca_cakupan(path, prov, katalog)
    if not lama.dikenal:
        return Perbandingan(path, prov, TERPISAH, ringkas=ringkas_cakupan(lama))
    hubungan, rincian = _bandingkan_penuh(baru.kode, lama.kode)
    return Perbandingan(path, prov, hubungan, rincian, ringkas or ringkas_cakupan(lama))


def putuskan(
    baru: CakupanWilayah,
    sejenis: list[tuple[Path, Provenans]],
    ganti: set[str],
    katalog: Katalog,
) -> Keputusan:
    """Compare a new file with the files in force of its source and period.

    Args:
        baru: the regions the new file covers.
        sejenis: the stored files in force of the same source and period.
        ganti: what the officer allows to be replaced (``--ganti``): stored files (``berkas``),
            replaced whatever their regions, or their folder (``sumber/periode``): every file
            there that overlaps.
    """
    keputusan = Keputusan()
    for path, prov in sejenis:
        banding = bandingkan_cakupan(baru, path, prov, katalog)
        folder = prov.folder
        if (
            banding.hubungan == SAMA
            or prov.berkas in ganti
            or (banding.hubungan == TUMPANG and folder in ganti)
        ):
            keputusan.diganti.append(banding)
        elif banding.hubungan == TUMPANG:
            keputusan.tumpang.append(banding)
        else:
            keputusan.samping.append(banding)
    return keputusan


def buat_pesan_tumpang(nama: str, prov: Provenans, tumpang: list[Perbandingan]) -> str:
    """The refusal: both files named, what they share, and what to do (Bahasa).

    ``prov`` is the new file's provenance (source, period folder, regions summary).
    """
    periode = Path(prov.berkas).parent.name
    baris = [
        f"Berkas {nama!r} (sumber {prov.sumber}, periode {periode}; "
        f"{sebut_cakupan(prov.cakupan, prov.tahun)}) tumpang-tindih dengan berkas yang sudah "
        "diterima, tetapi wilayahnya tidak sama:"
    ]
    for t in tumpang:
        baris.append(
            f"  - {t.prov.berkas} (asal {t.prov.nama_asli!r}, diterima {t.prov.diterima[:16]}; "
            f"{sebut_cakupan(t.ringkas, t.prov.tahun)}): {t.rincian}"
        )
    opsi = " ".join(f"--ganti {t.prov.berkas}" for t in tumpang)
    if len(tumpang) > 2:
        opsi = f"--ganti {prov.folder} (semua yang tumpang-tindih)"
    baris.append(
        f"Berkas {nama!r} tidak disimpan. Bila berkas ini memang menggantikan berkas lama "
        f"tersebut (mis. rekap yang lebih lengkap), ulangi dengan {opsi}. Bila tidak, kirim "
        "berkas yang hanya memuat wilayah yang belum ada, atau koreksi dengan wilayah yang "
        "sama persis."
    )
    return "\n".join(baris)
