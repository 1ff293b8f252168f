"""What a run's outcome means: the exit code, the first lines of the summary, Failed or not.

| code | meaning |
|---|---|
| 0 | every file used, published |
| 1 | nothing published: the run failed (no input, disk, pointer, unexpected error) |
| 2 | published, but some files were rejected or unreadable (not used) |
| 3 | the publish guard refused at least one year (that year stays as it was) |
| 4 | another run holds the output folder (``--tanpa-tunggu`` or waited too long) |

Plain functions: the CLI turns the code into its exit status, the Prefect flow raises
:class:`RunTidakTerbit` (a Failed flow run) when nothing was published.
"""

from __future__ import annotations

import enum
from typing import Any

from transforms.baca.angka import tampilkan_bilangan
from transforms.langkah.ringkasan import Ringkasan

_ALASAN_MAKS = 160


class KodeKeluar(enum.IntEnum):
    """Exit codes of ``indikator run`` (see the module table)."""

    BERHASIL = 0
    GAGAL = 1
    ADA_BERKAS_DITOLAK = 2
    DITOLAK_PENJAGA = 3
    SEDANG_DIPAKAI = 4


class RunTidakTerbit(Exception):
    """Nothing was published; carries the run summary (the flow run ends Failed)."""

    def __init__(self, ringkasan: Ringkasan):
        self.ringkasan = ringkasan
        super().__init__(buat_kalimat_status(ringkasan).splitlines()[0])


def berkas_ditolak(ringkasan: Ringkasan) -> list[dict[str, Any]]:
    """The files of the run that were not used at all, each with its reason in ``ditolak``:
    rejected or unreadable, or with no usable row (every data row in karantina: a region
    column nothing in the master matches, another month's rows; or none at all), what
    ``indikator validate`` calls unusable (:func:`~transforms.keluar.laporan.masalah.
    periksa_dapat_dipakai`)."""
    hasil = []
    for a in ringkasan.berkas:
        if a.get("ditolak"):
            hasil.append(a)
        elif "baris_dipakai" in a and int(a["baris_dipakai"]) == 0:
            hasil.append({**a, "ditolak": _tanpa_baris_dipakai(int(a.get("baris_karantina") or 0))})
    return hasil


def _tanpa_baris_dipakai(karantina: int) -> str:
    if not karantina:
        return "tidak ada baris data yang dapat dipakai"
    return (
        f"semua {tampilkan_bilangan(karantina)} baris datanya masuk karantina, tidak ada yang "
        "dipakai (alasannya di tabel karantina)"
    )


def tentukan_kode_keluar(ringkasan: Ringkasan) -> KodeKeluar:
    """The exit code of a run from its summary."""
    if ringkasan.ditolak_penjaga:
        return KodeKeluar.DITOLAK_PENJAGA
    if ringkasan.galat or ringkasan.generasi is None:
        return KodeKeluar.GAGAL
    if berkas_ditolak(ringkasan):
        return KodeKeluar.ADA_BERKAS_DITOLAK
    return KodeKeluar.BERHASIL


def _daftar_ditolak(ditolak: list[dict[str, Any]]) -> str:
    def alasan(a: dict[str, Any]) -> str:
        teks = str(a["ditolak"])
        return teks if len(teks) <= _ALASAN_MAKS else teks[:_ALASAN_MAKS] + "…"

    return "; ".join(f"{a['berkas']} ({alasan(a)})" for a in ditolak)


def _daftar_tahun(tahun: list[int]) -> str:
    return ", ".join(map(str, tahun)) or "-"


def _baris_utama(ringkasan: Ringkasan, kode: KodeKeluar) -> str:
    ditolak = berkas_ditolak(ringkasan)
    tahun = ", ".join(map(str, ringkasan.tahun))
    if kode == KodeKeluar.BERHASIL and ringkasan.tanpa_perubahan:
        return (
            f"TIDAK ADA PERUBAHAN: berkas tahun {_daftar_tahun(ringkasan.tidak_berubah)} sama "
            f"dengan yang dipakai generasi {ringkasan.generasi} yang berlaku; tidak ada yang "
            "dihitung ulang atau diterbitkan (--hitung-ulang untuk menghitungnya lagi). "
            "Kode keluar 0."
        )
    if kode == KodeKeluar.BERHASIL:
        return (
            f"BERHASIL: semua {len(ringkasan.berkas)} berkas dipakai; generasi "
            f"{ringkasan.generasi} diterbitkan (tahun {tahun}). Kode keluar 0."
        )
    if kode == KodeKeluar.ADA_BERKAS_DITOLAK:
        return (
            f"PERHATIAN: {len(ditolak)} dari {len(ringkasan.berkas)} berkas DITOLAK dan tidak "
            f"dipakai; keluaran diterbitkan tanpa berkas itu (generasi {ringkasan.generasi}, "
            f"tahun {tahun}). Perbaiki berkasnya, ingest lagi, lalu run lagi. Kode keluar 2."
        )
    if kode == KodeKeluar.DITOLAK_PENJAGA:
        sebagian = (
            f"Tahun lain diterbitkan (generasi {ringkasan.generasi}, tahun {tahun})."
            if ringkasan.generasi
            else "Tidak ada yang diterbitkan; keluaran yang berlaku tidak berubah."
        )
        return (
            "TIDAK DITERBITKAN: penjaga menolak tahun yang akan kehilangan data dibanding "
            f"keluaran yang berlaku. {sebagian} Kode keluar 3."
        )
    return f"GAGAL: {ringkasan.galat or 'tidak ada yang diterbitkan'} Kode keluar 1."


def _baris_karantina(ringkasan: Ringkasan) -> str | None:
    """The data rows quarantined (not counted), said under the outcome: a run that publishes
    while whole kabupaten were quarantined for their names must not read as all well."""
    per_berkas = [int(a.get("baris_karantina") or 0) for a in ringkasan.berkas]
    jumlah = sum(per_berkas)
    if not jumlah:
        return None
    dibaca = sum(int(a.get("baris_dibaca") or 0) for a in ringkasan.berkas)
    bagian = f" ({tampilkan_bilangan(100 * jumlah / dibaca, 1)}%)" if dibaca else ""
    return (
        f"  {tampilkan_bilangan(jumlah)} baris data{bagian} di "
        f"{sum(n > 0 for n in per_berkas)} berkas dikarantina dan tidak dihitung; alasan dan "
        "contohnya di bawah tabel, semuanya di tabel karantina keluaran."
    )


def buat_kalimat_status(ringkasan: Ringkasan) -> str:
    """The lines printed BEFORE the summary table: the outcome first, then its reasons."""
    kode = tentukan_kode_keluar(ringkasan)
    baris = [_baris_utama(ringkasan, kode)]
    karantina = _baris_karantina(ringkasan)
    dipakai = kode in (KodeKeluar.BERHASIL, KodeKeluar.ADA_BERKAS_DITOLAK)
    if karantina and dipakai and not ringkasan.tanpa_perubahan:
        baris.append(karantina)
    for s in ringkasan.ditolak_penjaga:
        baris.append(f"  Ditolak penjaga — {s['pesan']}.")
    if ringkasan.ditolak_penjaga:
        baris.append(
            "  Bila susut itu memang benar (mis. koreksi yang menghapus wilayah), jalankan lagi "
            "dengan --izinkan-susut."
        )
    if ringkasan.tidak_berubah and ringkasan.generasi == ringkasan.id_run:
        baris.append(
            f"  Tahun {_daftar_tahun(ringkasan.tidak_berubah)}: berkasnya tidak berubah sejak "
            f"generasi {ringkasan.generasi_sebelumnya}; dibawa tanpa dihitung ulang."
        )
    for s in ringkasan.susut_diizinkan:
        baris.append(f"  Susut diizinkan (--izinkan-susut) — {s['pesan']}.")
    ditolak = berkas_ditolak(ringkasan)
    if ditolak:
        baris.append(f"  Berkas ditolak: {_daftar_ditolak(ditolak)}.")
    if ringkasan.kunci_basi:
        baris.append(
            f"  Kunci yang ditinggalkan {ringkasan.kunci_basi} (sudah berhenti) diambil alih; "
            "sisa run itu dibersihkan."
        )
    return "\n".join(baris)


def periksa_terbit(ringkasan: Ringkasan) -> Ringkasan:
    """The summary when something was published; :class:`RunTidakTerbit` otherwise."""
    if ringkasan.generasi is None:
        raise RunTidakTerbit(ringkasan)
    return ringkasan
