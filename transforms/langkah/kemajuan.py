"""Progress of a run, reported through a plain callback (no terminal or Prefect code here).

The run (:func:`transforms.langkah.jalankan.jalankan`) calls ``lapor(Kemajuan(...))`` when a
step starts and ends and after each file; the console command draws bars on a terminal or
prints :func:`buat_baris_kemajuan` lines elsewhere, the Prefect flow sends those lines to the
run's log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from transforms.baca.angka import tampilkan_bilangan

Langkah = Literal["siapkan", "baca", "hitung", "terbitkan"]
Tahap = Literal["mulai", "berkas", "selesai"]

JUDUL_LANGKAH: dict[str, str] = {
    "siapkan": "mengolah berkas baru (proses pekerja)",
    "baca": "membaca berkas",
    "hitung": "menghitung indikator",
    "terbitkan": "menerbitkan",
}


@dataclass(frozen=True)
class Kemajuan:
    """One progress event: a step starts (``mulai``), a file is done (``berkas``), a step ends.

    ``ke``/``dari``: the file's position (1-based) and the number of files of the step;
    ``detik``: seconds the file (or the whole step, at ``selesai``) took (None: not known, the
    files were read in parallel, e.g. on Dask); ``baris``: rows read
    from the file; ``ditolak``: why the file was rejected, if it was.
    """

    langkah: Langkah
    tahap: Tahap
    ke: int = 0
    dari: int = 0
    berkas: str | None = None
    detik: float | None = 0.0
    baris: int | None = None
    ditolak: str | None = None


Pelapor = Callable[[Kemajuan], None]


def abaikan(_: Kemajuan) -> None:
    """The reporter of a run nobody watches."""


def buat_baris_kemajuan(k: Kemajuan) -> str:
    """One plain line (Bahasa) for logs and non-terminal output, e.g.
    ``[12/48] siga.pus/2025/data_pus_2025_03.xlsx 2,3 s, 8.412 baris``."""
    judul = JUDUL_LANGKAH[k.langkah]
    if k.tahap == "mulai":
        jumlah = f" ({k.dari} berkas)" if k.dari else ""
        return f"Mulai {judul}{jumlah} …"
    if k.tahap == "selesai":
        return f"Selesai {judul}: {tampilkan_bilangan(k.detik or 0.0, 1)} s"
    baris = f", {tampilkan_bilangan(k.baris)} baris" if k.baris is not None else ""
    tolak = f", DITOLAK: {k.ditolak}" if k.ditolak else ""
    waktu = f" {tampilkan_bilangan(k.detik, 1)} s" if k.detik is not None else ""
    return f"[{k.ke}/{k.dari}] {k.berkas}{waktu}{baris}{tolak}"
