"""Check one sent file exactly as a run would, storing and publishing nothing (``validate``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from schemas.model import Katalog
from transforms.baca.tabel import BerkasTidakTerbaca
from transforms.komponen.asal import BerkasDitolak, HasilBerkas
from transforms.langkah.proses import baca_berkas, buat_hasil_ditolak, proses_berkas
from transforms.terima.kenali import SumberTidakDikenal
from transforms.terima.rencana import Permintaan, TahunTidakDiketahui, buat_rencana
from transforms.terima.simpan import Provenans, hitung_sha256


@dataclass
class HasilValidasi:
    """What ``indikator validate`` found in one file (nothing is stored or published)."""

    hasil: HasilBerkas
    sheet: str | None = None
    baris_judul: int = 1


def periksa_berkas_kiriman(src: Path, katalog: Katalog, minta: Permintaan) -> HasilValidasi:
    """Check a file exactly as a run would, without storing or publishing anything.

    A refused or unreadable file gives a rejected result (one clear message), never an error.
    """
    try:
        sumber, minta, tahun, tahun_data = buat_rencana(src, katalog, minta)
    except (BerkasTidakTerbaca, SumberTidakDikenal, TahunTidakDiketahui) as exc:
        return HasilValidasi(buat_hasil_ditolak(src.name, minta.sumber, minta.tahun, str(exc)))
    prov = Provenans(
        sha256=hitung_sha256(src),
        nama_asli=src.name,
        diterima="",
        sumber=sumber,
        tahun=tahun,
        bulan=minta.bulan,
        wilayah=minta.wilayah,
        ukuran=src.stat().st_size,
        berkas=src.name,
        semester=minta.semester,
        tahun_data=tahun_data,
        kolom=minta.kolom,
        judul_cocok=minta.judul_cocok or None,
    )
    hasil = proses_berkas(src, prov, katalog)
    sheet, baris_judul = None, 1
    try:
        tables = baca_berkas(src, prov, katalog)
        sheet, baris_judul = tables[0][0].sheet, tables[0][0].baris_judul
    except (BerkasTidakTerbaca, BerkasDitolak):
        pass
    return HasilValidasi(hasil, sheet, baris_judul)
