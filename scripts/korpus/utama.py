"""Write the bad-input corpus: every case file of ``kasus/*.yaml`` and ``harapan.yaml``.

The generic writer: a case's ``isi`` names a hostile byte builder (``bahan``) or describes a
table (see :mod:`scripts.korpus.resep`) written as CSV, as CSV without quoting or as a workbook
(``bentuk``; default: the file's extension).
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from scripts.korpus.jahat import BAHAN, UBAH_XML
from scripts.korpus.kasus import Kasus, muat_kasus
from scripts.korpus.resep import buat_baris
from scripts.korpus.tabel import Desa, ambil_desa
from scripts.korpus.tulis import bita_csv, bita_tanpa_kutip, tulis_xlsx

ROOT = Path(__file__).resolve().parents[2]
KELUARAN = ROOT / "tests" / "korpus"
HARAPAN = "harapan.yaml"

KUNCI_TABEL = {"tabel", "desa", "bulan", "periode", "judul", "baris", "di_atas", "ubah"}
KUNCI_BENTUK = {
    "csv": {"pemisah", "pengodean", "akhir", "bom", "potong"},
    "csv_tanpa_kutip": {"pemisah", "pengodean", "akhir", "potong"},
    "xlsx": {"angka_teks", "gabung", "sel", "format_sel", "ubah_xml"},
}
"""The options each format takes, beside the table recipe and ``bentuk``."""


def _opsi(isi: dict[str, Any], bentuk: str) -> dict[str, Any]:
    """The format options of a recipe; an unknown key (or one of another format) is an error."""
    if bentuk not in KUNCI_BENTUK:
        raise ValueError(f"bentuk berkas tidak dikenal: {bentuk!r}")
    opsi = {k: v for k, v in isi.items() if k not in KUNCI_TABEL | {"bentuk"}}
    asing = set(opsi) - KUNCI_BENTUK[bentuk]
    if asing:
        raise ValueError(f"kunci isi tidak dikenal untuk bentuk {bentuk}: {sorted(asing)}")
    return opsi


def tulis_berkas(path: Path, isi: dict[str, Any], desa: list[Desa]) -> None:
    """Write one case file as its recipe says."""
    if "bahan" in isi:
        if set(isi) != {"bahan"}:
            raise ValueError(f"bahan berdiri sendiri: {sorted(isi)}")
        path.write_bytes(BAHAN[isi["bahan"]](desa))
        return
    bentuk = isi.get("bentuk", path.suffix.removeprefix("."))
    opsi = _opsi(isi, bentuk)
    rows = buat_baris(isi, desa)
    potong = opsi.pop("potong", 0)  # bytes cut off the end: a truncated download
    if bentuk == "csv":
        path.write_bytes(bita_csv(rows, **opsi)[: -potong or None])
    elif bentuk == "csv_tanpa_kutip":
        path.write_bytes(bita_tanpa_kutip(rows, **opsi)[: -potong or None])
    else:
        if "ubah_xml" in opsi:
            opsi["ubah_xml"] = UBAH_XML[opsi["ubah_xml"]]
        tulis_xlsx(path, rows, **opsi)


def tulis_korpus(keluaran: Path) -> list[Kasus]:
    """Write every case file and harapan.yaml into ``keluaran`` (emptied first)."""
    desa = ambil_desa()
    kasus = muat_kasus(desa)
    nama = [k.berkas for k in kasus]
    if len(set(nama)) != len(nama) or HARAPAN in nama:
        raise ValueError("nama berkas korpus ganda")
    if keluaran.exists():
        shutil.rmtree(keluaran)
    keluaran.mkdir(parents=True)
    for k in kasus:
        tulis_berkas(keluaran / k.berkas, k.isi, desa)
    data = {
        "keterangan": (
            "Dibuat oleh scripts/buat_korpus.py; jangan diubah dengan tangan. hasil: diterima "
            "(semua baris data dipakai), sebagian (ada baris dikarantina), ditolak (seluruh "
            "berkas ditolak). galat: himpunan lengkap; peringatan: yang pasti ada."
        ),
        "kasus": [k.sebagai_data() for k in kasus],
    }
    teks = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    (keluaran / HARAPAN).write_text(teks, encoding="utf-8")
    return kasus


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Tulis korpus berkas rusak untuk pengujian.")
    parser.add_argument("--keluaran", type=Path, default=KELUARAN, help="folder korpus")
    args = parser.parse_args(argv)
    kasus = tulis_korpus(args.keluaran)
    print(f"{len(kasus)} kasus ditulis ke {args.keluaran}")
