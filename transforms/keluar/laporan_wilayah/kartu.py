"""The registry card of an indicator for the page (definisi, rumus, sumber, target basis)."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.model import Katalog
from transforms.keluar.kartu import buat_rumus_kata, sebut_komponen
from transforms.keluar.laporan_wilayah.target import jelaskan_arah


@dataclass(frozen=True)
class Kartu:
    """What the registry says about one indicator (read through ``schemas.katalog``)."""

    kode: str
    judul: str
    definisi: str
    rumus: str
    judul_pembilang: str
    judul_penyebut: str
    satuan: str
    arah: str
    arah_teks: str
    frekuensi: str
    sumber_data: str
    wali_data: str
    rujukan: str
    target_teks: str
    catatan: str
    kedalaman: tuple[str, ...] = ()


def buat_kartu(katalog: Katalog, kode: str) -> Kartu:
    """The card of ``kode``; an indicator missing from the registry gets a card saying so."""
    ind = katalog.indikator.get(kode)
    if ind is None:
        kosong = "tidak ada di katalog"
        teks = ("", "", "", "", "", "", "", "", "")
        return Kartu(kode, kode, kosong, "", "pembilang", "penyebut", *teks)
    pembilang = sebut_komponen(katalog, ind.pembilang)
    penyebut = sebut_komponen(katalog, ind.penyebut)
    rumus = buat_rumus_kata(ind, katalog, bagi=" ÷ ", kali=" × ")
    return Kartu(
        kode=kode,
        judul=ind.judul,
        definisi=ind.definisi,
        rumus=rumus,
        judul_pembilang=pembilang,
        judul_penyebut=penyebut,
        satuan=ind.satuan,
        arah=ind.arah,
        arah_teks=jelaskan_arah(ind.arah),
        frekuensi=ind.frekuensi,
        sumber_data=ind.sumber_data,
        wali_data=ind.wali_data,
        rujukan=ind.rujukan,
        target_teks=ind.target_teks,
        catatan=ind.catatan,
        kedalaman=tuple(ind.kedalaman),
    )
