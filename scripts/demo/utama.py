"""Generate the bundled demo data: synthetic reports for Kab. Purworejo (33.06), 2025.

Writes every export and template (:mod:`scripts.demo.ekspor`, :mod:`scripts.demo.templat`) and
ingests each one as a user would, at the demo's fixed receive time.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path

from schemas.katalog import muat_katalog
from schemas.model import Katalog
from scripts.demo.ekspor import Masukan, tulis_ekspor
from scripts.demo.model import DITERIMA, TAHUN, buat_dasar, buat_wilayah
from scripts.demo.templat import basis_template, cek_isian, isian_template, tulis_template
from transforms.terima.simpan import SIDECAR, baca_daftar_raw, hitung_sha256
from transforms.terima.terima import HasilTerima, terima_berkas

ROOT = Path(__file__).resolve().parents[2]


def buang_usang(raw: Path, path: Path) -> list[Path]:
    """Remove earlier demo versions of ``path`` from the raw store (same name, other bytes).

    Only files received at the demo's fixed time are touched, never a user's file.
    """
    sha = hitung_sha256(path)
    diterima = DITERIMA.isoformat(timespec="microseconds")
    dibuang = []
    for lama, prov in baca_daftar_raw(raw):
        if prov.nama_asli == path.name and prov.sha256 != sha and prov.diterima == diterima:
            lama.unlink()
            Path(str(lama) + SIDECAR).unlink()
            dibuang.append(lama)
    return dibuang


def masukkan(raw: Path, katalog: Katalog, item: Masukan) -> HasilTerima:
    """Ingest one generated file as a user would, with the demo's receive time."""
    buang_usang(raw, item.path)
    return terima_berkas(
        item.path,
        raw,
        katalog,
        TAHUN,
        wilayah=item.wilayah,
        now=DITERIMA,
        semester=item.semester,
    )


def buat_demo(raw: Path, keluaran: Path) -> list[tuple[Path, HasilTerima]]:
    """Write every demo file under ``keluaran`` and ingest it into ``raw`` (the demo store)."""
    katalog = muat_katalog()
    keluaran.mkdir(parents=True, exist_ok=True)
    # generated copies of what the demo store holds: not meant for version control
    (keluaran / ".gitignore").write_text("*\n", encoding="utf-8")
    w = buat_wilayah()
    d = buat_dasar(w)
    masukan, ekspor = tulis_ekspor(w, d, keluaran / "ekspor")
    basis = basis_template(d, ekspor["verval"], ekspor["bumil"])
    isian = isian_template(w, basis)
    cek_isian(isian, katalog, basis)
    # a template says its own region and period: only the year is given, as a user would
    templates = tulis_template(keluaran / "template", isian, katalog)
    masukan += [Masukan(p, wilayah=None) for p in templates]
    return [(m.path, masukkan(raw, katalog, m)) for m in masukan]


def main(argv: Sequence[str] | None = None) -> None:
    """Write the demo files, ingest them and print one line per file."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--raw", type=Path, default=ROOT / "data/demo")
    parser.add_argument(
        "--keluaran", type=Path, default=None, help="generated files (default: a temporary folder)"
    )
    args = parser.parse_args(argv)
    if args.keluaran is None:
        with tempfile.TemporaryDirectory(prefix="demo-") as tmp:
            _cetak(buat_demo(args.raw, Path(tmp)))
    else:
        _cetak(buat_demo(args.raw, args.keluaran))


def _cetak(hasil: list[tuple[Path, HasilTerima]]) -> None:
    """One line per file, then the totals."""
    for path, h in hasil:
        status = "baru" if h.baru else "sudah ada"
        ukuran = path.stat().st_size
        print(f"{path.name}: {ukuran:,} bita → {h.path} [{h.provenans.sumber}] ({status})")
    baru = sum(h.baru for _, h in hasil)
    print(f"{len(hasil)} berkas: {baru} baru, {len(hasil) - baru} sudah ada")
