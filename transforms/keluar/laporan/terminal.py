"""The short plain-text summary of the sender's report, printed in the terminal."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from transforms.baca.tolak import tampilkan_ribuan
from transforms.keluar.laporan.masalah import (
    buat_baris_akuntansi,
    buat_vonis,
    hitung_per_aturan,
    hitung_tingkat,
    normalkan_masalah,
    periksa_seimbang,
)
from transforms.keluar.laporan.teks import ubah_teks, ubah_teks_terminal


def _contoh(
    baris: object, kolom: object, nilai: object, pesan: object, wilayah: object = None
) -> str:
    """One example problem as a terminal line fragment (file row, region, column, value)."""
    bagian = ["seluruh berkas" if ubah_teks(baris) == "" else f"baris {ubah_teks(baris)}"]
    if ubah_teks(wilayah):
        bagian.append(f"wilayah {ubah_teks_terminal(wilayah, 80)}")
    if ubah_teks(kolom):
        bagian.append(f"kolom {ubah_teks_terminal(kolom, 60)}")
    if ubah_teks(baris) != "":
        bagian.append(
            f'nilai "{ubah_teks_terminal(nilai, 40)}"' if ubah_teks(nilai) else "nilai kosong"
        )
    return f"{', '.join(bagian)}: {ubah_teks_terminal(pesan, 160)}"


def _baris_aturan(m: pd.DataFrame, maks_aturan: int) -> list[str]:
    """Terminal lines for the most frequent rules (errors first): one example, what to do."""
    per = hitung_per_aturan(m)
    if per.empty:
        return ["Tidak ada masalah yang ditemukan."]
    lines = ["Aturan yang dilanggar:"]
    for r in per.head(maks_aturan).itertuples(index=False):
        lines.append(
            f"  - {ubah_teks_terminal(r.aturan, 60)} ({r.tingkat}): "
            f"{tampilkan_ribuan(int(r.jumlah))} kali"
        )
        lines.append(f"      contoh: {_contoh(r.baris, r.kolom, r.nilai, r.pesan, r.wilayah)}")
        if r.tindakan:
            lines.append(f"      yang perlu dilakukan: {ubah_teks_terminal(r.tindakan, 240)}")
    if len(per) > maks_aturan:
        lines.append(f"  … dan {len(per) - maks_aturan} aturan lain (lihat laporan).")
    return lines


def buat_ringkasan_validasi(
    masalah: pd.DataFrame,
    akuntansi: Mapping[str, object],
    *,
    laporan: Mapping[str, Path] | None = None,
    maks_aturan: int = 5,
) -> str:
    """A short plain-text summary in Bahasa Indonesia for the terminal (no rich markup).

    Args:
        masalah: the problems (columns of the karantina contract; ``id_run`` not needed).
        akuntansi: the file's row accounting (see :mod:`transforms.komponen`).
        laporan: where the report files were written (e.g.
            :func:`transforms.keluar.laporan.tulis.tulis_laporan`'s result).
        maks_aturan: how many rules to list, errors first then by count.
    """
    m = normalkan_masalah(masalah)
    berkas = akuntansi.get("berkas") or next(iter(m["berkas"].dropna()), "")
    _, kata, alasan = buat_vonis(m, akuntansi)
    dibaca, dipakai, karantina, bukan = (n for _, n in buat_baris_akuntansi(akuntansi))
    galat, peringatan = hitung_tingkat(m)
    lines = [
        f"Berkas  : {ubah_teks_terminal(berkas, 120)}",
        f"Hasil   : {kata} ({ubah_teks_terminal(alasan, 300)})",
        f"Baris   : {tampilkan_ribuan(dibaca)} dibaca = {tampilkan_ribuan(dipakai)} dipakai + "
        f"{tampilkan_ribuan(karantina)} dikarantina + {tampilkan_ribuan(bukan)} bukan data"
        + ("" if periksa_seimbang(akuntansi) else "  (JUMLAH TIDAK SEIMBANG)"),
        f"Masalah : {tampilkan_ribuan(galat)} galat, {tampilkan_ribuan(peringatan)} peringatan",
        *_baris_aturan(m, maks_aturan),
    ]
    if laporan:
        lines.append("Laporan :")
        lines.extend(
            f"  {ubah_teks_terminal(jenis, 10).upper():<5} {path}"
            for jenis, path in laporan.items()
        )
    return "\n".join(lines)
