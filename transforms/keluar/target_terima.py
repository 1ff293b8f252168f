"""``indikator target --baca``: a filled target template checked and kept in the target folder.

Every filled row is checked (indicator in the registry, region code, year, a number, what the
target applies to, a legal basis); a problem names the sheet, row, column and value and says
what to do, and nothing is kept until the sheet is clean. The rows are then written as
``<folder>/<nama berkas>.csv`` with the columns of ``catalog/target/*.csv``, which the run
reads like any region's own target file (a newer sheet of the same name replaces the old).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from schemas.model import Katalog
from transforms.baca.angka import ubah_satu_angka
from transforms.baca.nama import nama_aman
from transforms.keluar.penunjuk import tulis_teks_atomik
from transforms.keluar.target_templat import LEMBAR
from transforms.wilayah.kode import normalkan_kode

KOLOM_CSV = ["kode_indikator", "kode_wilayah", "tahun", "target", "berlaku_untuk"]
KOLOM_CSV += ["dasar_hukum", "catatan"]


@dataclass
class HasilBacaTarget:
    """Rows read from a filled sheet and the problems found (empty = accepted)."""

    target: pd.DataFrame
    masalah: list[str] = field(default_factory=list)
    baris_kosong: int = 0


def _angka(nilai: object) -> float | None:
    if isinstance(nilai, int | float) and not isinstance(nilai, bool):
        return float(nilai)
    return ubah_satu_angka(str(nilai))  # typed text: the project's one number rule


def _periksa(row: dict, nomor: int, katalog: Katalog) -> tuple[dict | None, list[str]]:
    """One filled row: the CSV row, or the problems (each names row, column and value)."""
    tempat = f"lembar '{LEMBAR}' baris {nomor}"
    masalah = []
    kode = str(row.get("kode_indikator") or "").strip()
    if kode not in katalog.indikator:
        masalah.append(f"{tempat}, kolom kode_indikator: {kode!r} tidak ada di registri")
    wilayah_teks = str(row.get("kode_wilayah") or "").strip()
    wilayah = normalkan_kode(wilayah_teks) if wilayah_teks else ""
    if wilayah is None:
        masalah.append(f"{tempat}, kolom kode_wilayah: {wilayah_teks!r} bukan kode Kemendagri")
    tahun = _angka(row.get("tahun"))
    if tahun is None or not tahun.is_integer() or not 2000 <= tahun <= 2100:
        masalah.append(f"{tempat}, kolom tahun: {row.get('tahun')!r} bukan tahun")
    target = _angka(row["target"])
    if target is None:
        masalah.append(f"{tempat}, kolom target: {row['target']!r} bukan angka")
    berlaku = str(row.get("berlaku_untuk") or "nilai").strip().lower()
    if berlaku not in ("nilai", "pembilang"):
        masalah.append(f"{tempat}, kolom berlaku_untuk: {berlaku!r}; isi 'nilai' atau 'pembilang'")
    dasar = str(row.get("dasar_hukum") or "").strip()
    if not dasar:
        masalah.append(
            f"{tempat}, kolom dasar_hukum kosong: tulis dokumen targetnya "
            "(mis. 'Perbup 12/2025 (RPJMD 2025-2029)')"
        )
    if masalah:
        return None, masalah
    csv = dict(zip(KOLOM_CSV, (kode, wilayah, int(tahun), target, berlaku, dasar), strict=False))
    return {**csv, "catatan": str(row.get("catatan") or "").strip()}, []


def baca_templat_target(path: Path, katalog: Katalog) -> HasilBacaTarget:
    """Read the ``Target`` sheet of a filled template; rows with an empty target are skipped."""
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        if LEMBAR not in wb.sheetnames:
            kosong = pd.DataFrame(columns=KOLOM_CSV)
            ada = ", ".join(wb.sheetnames)
            pesan = f"{path.name}: tidak ada lembar '{LEMBAR}' (ada: {ada}); pakai templat dari "
            return HasilBacaTarget(kosong, [pesan + "indikator target --templat"])
        baris = list(wb[LEMBAR].iter_rows(values_only=True))
    finally:
        wb.close()
    judul = [str(h).strip() if h is not None else "" for h in (baris[0] if baris else ())]
    hilang = {"kode_indikator", "kode_wilayah", "tahun", "target", "dasar_hukum"} - set(judul)
    if hilang:
        pesan = f"{path.name}: kolom {', '.join(sorted(hilang))} tidak ada di lembar '{LEMBAR}'"
        return HasilBacaTarget(pd.DataFrame(columns=KOLOM_CSV), [pesan])
    hasil, masalah, kosong = [], [], 0
    for nomor, nilai in enumerate(baris[1:], start=2):
        row = dict(zip(judul, nilai, strict=False))
        if row.get("target") is None or str(row["target"]).strip() == "":
            kosong += 1
            continue
        satu, salah = _periksa(row, nomor, katalog)
        masalah += salah
        if satu:
            hasil.append(satu)
    frame = pd.DataFrame(hasil, columns=KOLOM_CSV)
    dobel = frame[frame.duplicated(["kode_indikator", "kode_wilayah", "tahun"], keep=False)]
    for k in dobel.drop_duplicates(["kode_indikator", "kode_wilayah", "tahun"]).itertuples():
        masalah.append(f"target {k.kode_indikator} {k.kode_wilayah} {k.tahun} diisi dua kali")
    return HasilBacaTarget(frame, masalah, kosong)


def simpan_target(hasil: HasilBacaTarget, folder: Path, nama: str) -> Path:
    """Write the accepted rows as ``folder/<nama>.csv`` (atomically, replacing the old)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{nama_aman(Path(nama).stem)}.csv"
    tulis_teks_atomik(path, hasil.target.to_csv(index=False))
    return path
