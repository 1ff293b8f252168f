"""Raw store: recognise a file's source, copy it unchanged, write its provenance sidecar.

Layout of the store: ``RAW/<sumber>/<tahun>[-<bulan>]/<file>`` plus ``<file>.meta.json``.
Files are never overwritten; a file with the same name, source and period as an earlier one
is stored beside it and recorded as replacing it (a correction).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from transforms.catalog import Katalog, Layout

SUMBER_UMUM = "umum"

SIDECAR = ".meta.json"


class SumberTidakDikenal(Exception):
    """The file matches no known source layout (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class Provenans:
    """What the sidecar of a raw file says."""

    sha256: str
    nama_asli: str
    diterima: str
    sumber: str
    tahun: int
    bulan: int | None
    wilayah: str | None
    ukuran: int
    berkas: str
    menggantikan: str | None = None
    semester: int | None = None
    tahun_data: list[int] | None = None
    kolom: dict[str, str] | None = None


@dataclass(frozen=True)
class HasilIngest:
    """Outcome of one ingest: where the file went, and whether it was new."""

    path: Path
    provenans: Provenans
    baru: bool


def sha256_file(path: Path) -> str:
    """sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def kenali_sumber(header: list[str], katalog: Katalog) -> Layout | None:
    """The layout whose signature columns are all in the header (most specific wins)."""
    cocok = [lay for lay in katalog.sumber.values() if lay.kenali and lay.cocok(header)]
    if not cocok:
        return None
    return max(cocok, key=lambda lay: len(lay.kenali))


def kenali_berkas(path: Path, katalog: Katalog) -> Layout | None:
    """Recognise a file's layout from its first rows (title rows and two-row headers allowed)."""
    from transforms.read import calon_judul

    best: Layout | None = None
    for row in calon_judul(path):
        found = kenali_sumber([c for c in row if c], katalog)
        if found is not None and (best is None or len(found.kenali) > len(best.kenali)):
            best = found
    return best


def pesan_sumber_tidak_dikenal(nama: str, katalog: Katalog) -> str:
    """Bahasa message listing the known sources."""
    daftar = "\n".join(
        f"  - {lay.id}: {lay.judul} (kolom penanda: {', '.join(lay.kenali)})"
        for lay in sorted(katalog.sumber.values(), key=lambda x: x.id)
    )
    return (
        f"Berkas {nama!r} tidak dikenali sebagai sumber mana pun. Periksa baris judul kolom, "
        f"atau sebutkan sumbernya dengan --sumber. Sumber yang dikenal:\n{daftar}"
    )


def safe_name(name: str) -> str:
    """A file name that cannot escape its folder or surprise a shell (see keamanan.nama_aman)."""
    from transforms.keamanan import nama_aman

    return nama_aman(name)


def folder_periode(
    tahun: int, bulan: int | None, semester: int | None = None, tahun_data: list[int] | None = None
) -> str:
    """Period folder name: ``2025``, ``2025-09``, ``2024-S2`` or ``2020_2024`` (multi-year)."""
    if tahun_data and len(tahun_data) > 1:
        return f"{min(tahun_data)}_{max(tahun_data)}"
    if bulan is not None:
        return f"{tahun}-{bulan:02d}"
    if semester is not None:
        return f"{tahun}-S{semester}"
    return f"{tahun}"


def baca_sidecar(path: Path) -> Provenans:
    """Read the sidecar of a raw file."""
    data = json.loads(Path(str(path) + SIDECAR).read_text(encoding="utf-8"))
    return Provenans(**data)


def daftar_raw(raw: Path) -> list[tuple[Path, Provenans]]:
    """Every raw file with a sidecar, sorted by time received."""
    found = []
    for meta in raw.rglob(f"*{SIDECAR}"):
        path = Path(str(meta)[: -len(SIDECAR)])
        if path.exists():
            found.append((path, baca_sidecar(path)))
    return sorted(found, key=lambda item: (item[1].diterima, str(item[0])))


@dataclass(frozen=True)
class Permintaan:
    """What the person ingesting says about a file (all optional but the file itself)."""

    tahun: int | None = None
    bulan: int | None = None
    semester: int | None = None
    sumber: str | None = None
    wilayah: str | None = None
    kolom: dict[str, str] | None = None


class TahunTidakDiketahui(Exception):
    """No year given and none can be read from the file (message in Bahasa Indonesia)."""


def _tentukan_sumber(src: Path, katalog: Katalog, minta: Permintaan) -> tuple[str, Permintaan]:
    """Source id of a file: given, a filled template, a generic table, or recognised."""
    from transforms.template import kenali_template

    if minta.kolom:
        return SUMBER_UMUM, minta
    if minta.sumber is not None:
        if minta.sumber not in katalog.sumber:
            daftar = ", ".join(sorted(katalog.sumber))
            raise SumberTidakDikenal(
                f"Berkas {src.name!r}: sumber {minta.sumber!r} (dari --sumber) tidak ada di "
                f"katalog. Sumber yang dikenal: {daftar}"
            )
        return minta.sumber, minta
    meta = kenali_template(src) if src.suffix.lower() in {".xlsx", ".xlsm"} else None
    if meta is not None:
        return meta.sumber, Permintaan(
            tahun=minta.tahun or meta.tahun,
            bulan=minta.bulan if minta.bulan is not None else meta.bulan,
            wilayah=minta.wilayah or meta.kode_wilayah,
        )
    layout = kenali_berkas(src, katalog)
    if layout is None:
        raise SumberTidakDikenal(pesan_sumber_tidak_dikenal(src.name, katalog))
    return layout.id, minta


def tahun_dalam_berkas(src: Path, layout: Layout) -> list[int]:
    """Years found in a layout's year column (for files that span several years)."""
    from transforms.components import siapkan
    from transforms.parse import parse_tahun
    from transforms.read import read_table

    kolom = layout.periode.get("tahun")
    if kolom is None:
        return []
    data = siapkan(read_table(src, layout.pemisah, kenali=layout.kenali), layout).data
    if kolom not in data.columns:
        return []
    return sorted(set(parse_tahun(data[kolom]).dropna().astype(int)))


def rencana(
    src: Path, katalog: Katalog, minta: Permintaan
) -> tuple[str, Permintaan, int, list[int] | None]:
    """Check a file and decide its source and years, without storing anything.

    Returns:
        ``(sumber, permintaan, tahun, tahun_data)``; ``tahun_data`` lists the years of a file
        that spans several (else None).
    """
    from transforms.keamanan import periksa_berkas

    periksa_berkas(src)
    sumber, minta = _tentukan_sumber(src, katalog, minta)
    tahun_data = None
    if sumber in katalog.sumber and "tahun" in katalog.sumber[sumber].periode:
        found = tahun_dalam_berkas(src, katalog.sumber[sumber])
        tahun_data = [t for t in found if minta.tahun in (None, t)] or None
    tahun = minta.tahun or (max(tahun_data) if tahun_data else None)
    if tahun is None:
        raise TahunTidakDiketahui(
            f"Berkas {src.name!r}: tahun data tidak tertulis di berkas; sebutkan dengan --tahun."
        )
    return sumber, minta, tahun, tahun_data if tahun_data and len(tahun_data) > 1 else None


def ingest_file(
    src: Path,
    raw: Path,
    katalog: Katalog,
    tahun: int | None = None,
    bulan: int | None = None,
    sumber: str | None = None,
    wilayah: str | None = None,
    now: dt.datetime | None = None,
    *,
    semester: int | None = None,
    kolom: dict[str, str] | None = None,
) -> HasilIngest:
    """Copy ``src`` unchanged into the raw store with its provenance sidecar.

    The file is checked first (size, zip bomb, not Excel at all): a hostile file never
    reaches a parser. Its source is given, read from a filled template, a generic table
    (``kolom``: header → component) or recognised from its header rows. Without ``tahun``,
    the years come from the file (its year column, or the template).

    Raises:
        SumberTidakDikenal: the header matches no known layout and no ``sumber`` was given.
        TahunTidakDiketahui: no year given and none in the file.
        transforms.keamanan.BerkasBerbahaya: the file failed the preflight.
    """
    minta = Permintaan(tahun, bulan, semester, sumber, wilayah, kolom)
    sumber, minta, tahun, tahun_data = rencana(src, katalog, minta)
    digest = sha256_file(src)
    for path, prov in daftar_raw(raw):
        if prov.sha256 == digest and prov.sumber == sumber and prov.tahun == tahun:
            return HasilIngest(path, prov, baru=False)

    folder = raw / sumber / folder_periode(tahun, minta.bulan, minta.semester, tahun_data)
    name = safe_name(src.name)
    target = folder / name
    menggantikan = None
    if target.exists():
        # a correction replaces the latest earlier file of the same name, source and period
        earlier = [p for f, p in daftar_raw(folder) if safe_name(p.nama_asli) == name]
        menggantikan = earlier[-1].berkas if earlier else str(target.relative_to(raw))
        target = folder / f"{Path(name).stem}__{digest[:8]}{Path(name).suffix}"
    folder.mkdir(parents=True, exist_ok=True)
    received = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="microseconds")
    prov = Provenans(
        sha256=digest,
        nama_asli=src.name,
        diterima=received,
        sumber=sumber,
        tahun=tahun,
        bulan=minta.bulan,
        wilayah=minta.wilayah,
        ukuran=src.stat().st_size,
        berkas=str(target.relative_to(raw)),
        menggantikan=menggantikan,
        semester=minta.semester,
        tahun_data=tahun_data,
        kolom=minta.kolom,
    )
    tmp = target.with_name(target.name + ".tmp")
    shutil.copyfile(src, tmp)
    tmp.replace(target)
    Path(str(target) + SIDECAR).write_text(
        json.dumps(asdict(prov), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return HasilIngest(target, prov, baru=True)


def berkas_aktif(raw: Path) -> tuple[list[tuple[Path, Provenans]], list[tuple[Path, Provenans]]]:
    """Split the store into files in force and files replaced by a later correction."""
    semua = daftar_raw(raw)
    diganti = {p.menggantikan for _, p in semua if p.menggantikan}
    # a chain of corrections: each replaces the one named, the latest stays in force
    aktif = [(f, p) for f, p in semua if p.berkas not in diganti]
    lama = [(f, p) for f, p in semua if p.berkas in diganti]
    return aktif, lama
