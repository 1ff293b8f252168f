"""Raw store: unchanged copies of received files, each with its provenance sidecar.

Layout of the store: ``RAW/<sumber>/<tahun>[-<bulan>]/<file>`` plus ``<file>.meta.json``.
Files are never overwritten; a file with the same name, source and period as an earlier one
is stored beside it and recorded as replacing it (a correction).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

SIDECAR = ".meta.json"


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


def hitung_sha256(path: Path) -> str:
    """sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def buat_folder_periode(
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


def tulis_sidecar(path: Path, prov: Provenans) -> None:
    """Write the sidecar of a raw file."""
    Path(str(path) + SIDECAR).write_text(
        json.dumps(asdict(prov), ensure_ascii=False, indent=2), encoding="utf-8"
    )


def tulis_berkas_raw(src: Path, target: Path, prov: Provenans) -> None:
    """Copy ``src`` unchanged to ``target`` (via a temporary name), then write its sidecar."""
    tmp = target.with_name(target.name + ".tmp")
    shutil.copyfile(src, tmp)
    tmp.replace(target)
    tulis_sidecar(target, prov)


def baca_daftar_raw(raw: Path) -> list[tuple[Path, Provenans]]:
    """Every raw file with a sidecar, sorted by time received."""
    found = []
    for meta in raw.rglob(f"*{SIDECAR}"):
        path = Path(str(meta)[: -len(SIDECAR)])
        if path.exists():
            found.append((path, baca_sidecar(path)))
    return sorted(found, key=lambda item: (item[1].diterima, str(item[0])))


def cari_berkas_aktif(
    raw: Path,
) -> tuple[list[tuple[Path, Provenans]], list[tuple[Path, Provenans]]]:
    """Split the store into files in force and files replaced by a later correction."""
    semua = baca_daftar_raw(raw)
    diganti = {p.menggantikan for _, p in semua if p.menggantikan}
    # a chain of corrections: each replaces the one named, the latest stays in force
    aktif = [(f, p) for f, p in semua if p.berkas not in diganti]
    lama = [(f, p) for f, p in semua if p.berkas in diganti]
    return aktif, lama
