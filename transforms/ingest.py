"""Raw store: recognise a file's source, copy it unchanged, write its provenance sidecar.

Layout of the store: ``RAW/<sumber>/<tahun>[-<bulan>]/<file>`` plus ``<file>.meta.json``.
Files are never overwritten; a file with the same name, source and period as an earlier one
is stored beside it and recorded as replacing it (a correction).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from transforms.catalog import Katalog, Layout
from transforms.read import read_header

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
    cols = set(header)
    cocok = [lay for lay in katalog.sumber.values() if set(lay.kenali) <= cols]
    if not cocok:
        return None
    return max(cocok, key=lambda lay: len(lay.kenali))


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
    """A file name that cannot escape its folder or surprise a shell."""
    base = Path(name).name
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or "berkas"
    return cleaned[:120]


def folder_periode(tahun: int, bulan: int | None) -> str:
    """Period folder name: ``2025`` or ``2025-09``."""
    return f"{tahun}" if bulan is None else f"{tahun}-{bulan:02d}"


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


def ingest_file(
    src: Path,
    raw: Path,
    katalog: Katalog,
    tahun: int,
    bulan: int | None = None,
    sumber: str | None = None,
    wilayah: str | None = None,
    now: dt.datetime | None = None,
) -> HasilIngest:
    """Copy ``src`` unchanged into the raw store with its provenance sidecar.

    Raises:
        SumberTidakDikenal: the header matches no known layout and no ``sumber`` was given.
    """
    if sumber is None:
        layout = kenali_sumber(read_header(src), katalog)
        if layout is None:
            raise SumberTidakDikenal(pesan_sumber_tidak_dikenal(src.name, katalog))
        sumber = layout.id
    elif sumber not in katalog.sumber:
        raise SumberTidakDikenal(pesan_sumber_tidak_dikenal(src.name, katalog))

    digest = sha256_file(src)
    for path, prov in daftar_raw(raw):
        if prov.sha256 == digest and prov.sumber == sumber and prov.tahun == tahun:
            return HasilIngest(path, prov, baru=False)

    folder = raw / sumber / folder_periode(tahun, bulan)
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
        bulan=bulan,
        wilayah=wilayah,
        ukuran=src.stat().st_size,
        berkas=str(target.relative_to(raw)),
        menggantikan=menggantikan,
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
