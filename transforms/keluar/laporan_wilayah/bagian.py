"""One indicator's section of the report: headline value, target, completeness, trend, children."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from schemas.model import Katalog
from transforms.keluar.laporan_wilayah.alasan import (
    ANAK,
    Alasan,
    jelaskan_bulan_kosong,
    jelaskan_kosong,
)
from transforms.keluar.laporan_wilayah.anak import BarisAnak, buat_baris_anak, buat_frame_grafik
from transforms.keluar.laporan_wilayah.bahan import Bahan
from transforms.keluar.laporan_wilayah.grafik import buat_grafik_anak, buat_grafik_tren
from transforms.keluar.laporan_wilayah.kartu import Kartu, buat_kartu
from transforms.keluar.laporan_wilayah.periode import (
    buat_label_periode,
    buat_urut_periode,
    cari_jenis_periode,
    jelaskan_bulan_acuan,
    pilih_tahunan,
)
from transforms.keluar.laporan_wilayah.target import buat_catatan_target


@dataclass(frozen=True)
class Bagian:
    """What the page shows for one indicator of the region."""

    kartu: Kartu
    periode: str
    nilai: float | None
    pembilang: float | None
    penyebut: float | None
    target: float | None
    memenuhi: bool | None
    capaian: float | None
    catatan_target: str
    acuan: str
    lapor: int | None
    harus: int | None
    alasan: Alasan | None
    sumber: str
    svg_tren: str
    catatan_tren: str
    bulan_kosong: str
    svg_anak: str
    anak: tuple[BarisAnak, ...]
    catatan_anak: str = ""

    @property
    def status(self) -> str:
        """``memenuhi``, ``belum``, ``tanpa_target`` or ``kosong`` (no value)."""
        if self.nilai is None:
            return "kosong"
        if self.memenuhi is None:
            return "tanpa_target"
        return "memenuhi" if self.memenuhi else "belum"

    @property
    def belum_lengkap(self) -> bool:
        """The value (or a child's) is missing or made from fewer regions than expected."""
        if self.alasan is not None:
            return True
        return any(a.alasan is not None for a in self.anak)

    @property
    def anak_lapor(self) -> int:
        """Children with a value."""
        return sum(a.nilai is not None for a in self.anak)


def _opsional(nilai: object, jenis: type) -> object:
    return None if nilai is None or pd.isna(nilai) else jenis(nilai)


def _frame_titik(tahun: list, bulan: list, semester: list, nilai: list) -> pd.DataFrame:
    """Trend points (label, sort key, value) of the given periods."""
    kunci = list(zip(tahun, bulan, semester, strict=True))
    return pd.DataFrame(
        {
            "label": [buat_label_periode(*k) for k in kunci],
            "urut": [buat_urut_periode(*k) for k in kunci],
            "nilai": pd.array(nilai, dtype="Float64"),
        }
    )


def _titik_tren(sendiri: pd.DataFrame, tahun: int) -> pd.DataFrame:
    """The trend's periods: months when the indicator has monthly rows (the report year's
    months without a value included, as NA), else semesters, else years."""
    jenis = cari_jenis_periode(sendiri)
    for pilih in ("bulanan", "semesteran", "tahunan"):
        rows = sendiri[(jenis == pilih) & (sendiri["tahun"] <= tahun)]
        if not rows.empty:
            break
    titik = _frame_titik(
        rows["tahun"].tolist(),
        rows["bulan"].tolist(),
        rows["semester"].tolist(),
        rows["nilai"].tolist(),
    )
    if pilih != "bulanan":
        return titik
    ada = set(rows.loc[rows["tahun"] == tahun, "bulan"].dropna().astype(int))
    tambah = [b for b in range(1, 13) if b not in ada]
    kosong = _frame_titik([tahun] * len(tambah), tambah, [None] * len(tambah), [None] * len(tambah))
    return pd.concat([titik, kosong], ignore_index=True)


def _catatan_kedalaman(kartu: Kartu, bahan: Bahan) -> str:
    """Why an indicator has no child table: the registry does not compute it at that level."""
    if bahan.anak.empty or not kartu.kedalaman:
        return ""
    tingkat = str(bahan.anak["tingkat"].iloc[0])
    if tingkat in kartu.kedalaman:
        return ""
    return (
        f"Indikator ini tidak dihitung per {ANAK[bahan.tingkat]} (kedalaman di katalog: "
        f"{', '.join(kartu.kedalaman)})."
    )


def _satu_titik(titik: pd.DataFrame) -> str:
    """The note under a trend with a single period: there is nothing to compare yet."""
    ada = titik[titik["nilai"].notna()]
    if len(ada) != 1:
        return ""
    return (
        f"Baru ada data untuk {ada['label'].iloc[0]}; tren terlihat setelah data periode lain "
        "diterima."
    )


def _utama(sendiri_tahun: pd.DataFrame) -> pd.Series:
    """The headline row: the annual row of the year, else its latest period."""
    tahunan = pilih_tahunan(sendiri_tahun)
    if not tahunan.empty:
        return tahunan.iloc[0]
    urut = [
        buat_urut_periode(t, b, s)
        for t, b, s in zip(
            sendiri_tahun["tahun"], sendiri_tahun["bulan"], sendiri_tahun["semester"], strict=True
        )
    ]
    return sendiri_tahun.iloc[max(range(len(urut)), key=urut.__getitem__)]


def _angka_utama(baris: pd.Series) -> dict[str, object]:
    """The headline row's numbers (None where missing)."""
    return {
        "nilai": _opsional(baris["nilai"], float),
        "pembilang": _opsional(baris["pembilang"], float),
        "penyebut": _opsional(baris["penyebut"], float),
        "target": _opsional(baris["target"], float),
        "memenuhi": _opsional(baris["memenuhi_target"], bool),
        "capaian": _opsional(baris["capaian_target"], float),
        "lapor": _opsional(baris["jumlah_wilayah_lapor"], int),
        "harus": _opsional(baris["jumlah_wilayah_seharusnya"], int),
    }


def buat_bagian(bahan: Bahan, katalog: Katalog, kode: str, karantina: pd.DataFrame) -> Bagian:
    """The section of indicator ``kode`` for the report's region and year."""
    kartu = buat_kartu(katalog, kode)
    sendiri = bahan.sendiri[bahan.sendiri["kode_indikator"] == kode]
    tahun_ini = sendiri[sendiri["tahun"] == bahan.tahun]
    baris = _utama(tahun_ini)
    angka = _angka_utama(baris)
    sumber = {s for teks in sendiri["sumber"].unique() for s in str(teks).split(",")}
    catatan_anak = _catatan_kedalaman(kartu, bahan)
    anak = []
    if not catatan_anak:
        rinci = bahan.rinci[bahan.rinci["kode_indikator"] == kode]
        anak = buat_baris_anak(rinci, bahan.anak, karantina, sumber, kartu.judul_penyebut)
    target = angka["target"]
    awalan = kode.replace(".", "-")
    titik = _titik_tren(sendiri, bahan.tahun)
    bulan_kosong = jelaskan_bulan_kosong(tahun_ini, bahan.tahun)
    alasan = jelaskan_kosong(
        baris, bahan.kode, bahan.tingkat, karantina, sumber, kartu.judul_penyebut
    )
    return Bagian(
        kartu=kartu,
        periode=buat_label_periode(baris["tahun"], baris["bulan"], baris["semester"]),
        **angka,
        catatan_target=""
        if target is not None
        else buat_catatan_target(baris, katalog, kode, bahan.kode, bahan.tahun),
        acuan=jelaskan_bulan_acuan(baris["bulan_acuan"], bahan.tahun),
        alasan=alasan,
        sumber=str(baris["sumber"]),
        svg_tren=buat_grafik_tren(titik, kartu.satuan, target, f"tren-{awalan}"),
        catatan_tren=bulan_kosong or _satu_titik(titik),
        bulan_kosong=bulan_kosong,
        svg_anak=buat_grafik_anak(buat_frame_grafik(anak), kartu.satuan, target, f"anak-{awalan}")
        if anak
        else "",
        anak=tuple(anak),
        catatan_anak=catatan_anak,
    )
