"""Refusals of the preflight: the exception, its sentence, and the values the sentence shows.

Every refusal reads ``Berkas '<name>' ditolak: <reason>.`` in Bahasa Indonesia, naming the
measured value and the limit in the same human units (sizes in 1024 steps, counts with
Indonesian thousands separators).
"""

from __future__ import annotations

import unicodedata

from transforms.baca.angka import tampilkan_bilangan
from transforms.baca.nama import NAMA_PANJANG_MAKS
from transforms.baca.tabel import BerkasTidakTerbaca


class BerkasBerbahaya(BerkasTidakTerbaca):
    """A file refused by the preflight (message in Bahasa Indonesia)."""


def tolak_berkas(nama: str, alasan: str) -> BerkasBerbahaya:
    """The refusal of file ``nama`` (already fit for display) for ``alasan``, to be raised."""
    return BerkasBerbahaya(f"Berkas '{nama}' ditolak: {alasan}.")


def tampilkan_ukuran(n: float) -> str:
    """Human size with 1024 steps: ``500 MB``, ``2.1 GB``."""
    satuan = ("B", "KB", "MB", "GB", "TB")
    i = 0
    while n >= 1024 and i < len(satuan) - 1:
        n /= 1024
        i += 1
    teks = str(int(n)) if i == 0 else f"{n:.1f}".removesuffix(".0")
    return f"{teks} {satuan[i]}"


def tampilkan_ribuan(n: int) -> str:
    """Integer with Indonesian thousands separators: ``1.048.576``."""
    return tampilkan_bilangan(n)


def tampilkan_nama(nama: str) -> str:
    """A file name fit for a message: no control characters, at most 120 characters."""
    bersih = "".join("?" if unicodedata.category(ch)[0] == "C" else ch for ch in nama)
    return bersih if len(bersih) <= NAMA_PANJANG_MAKS else bersih[:NAMA_PANJANG_MAKS] + "…"
