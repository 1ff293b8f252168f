"""The child regions of one indicator in the report year: every child of the master, each
with its value or the reason it has none."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from transforms.keluar.laporan_wilayah.alasan import Alasan, jelaskan_kosong
from transforms.keluar.laporan_wilayah.periode import pilih_tahunan


@dataclass(frozen=True)
class BarisAnak:
    """One child region's row in the indicator's table."""

    kode: str
    nama: str
    nilai: float | None
    pembilang: float | None
    penyebut: float | None
    lapor: int | None
    harus: int | None
    target: float | None
    memenuhi: bool | None
    alasan: Alasan | None

    @property
    def status(self) -> str:
        """The bar colour's category (see ``grafik.WARNA``)."""
        if self.alasan is not None and self.alasan.jenis == "belum_lengkap":
            return "belum lengkap"
        if self.memenuhi is None:
            return "tanpa target"
        return "memenuhi target" if self.memenuhi else "belum memenuhi target"


def _opsional(nilai: object, jenis: type) -> object:
    return None if nilai is None or pd.isna(nilai) else jenis(nilai)


def buat_baris_anak(
    rinci: pd.DataFrame,
    anak: pd.DataFrame,
    karantina: pd.DataFrame,
    sumber: set[str],
    judul_penyebut: str,
) -> list[BarisAnak]:
    """One row per child of the master (``anak``), from the indicator's annual rows in
    ``rinci`` (rows of this indicator and year only)."""
    tahunan = pilih_tahunan(rinci).set_index("kode_wilayah")
    hasil = []
    for kode, nama, tingkat in zip(
        anak["kode_wilayah"], anak["nama_wilayah"], anak["tingkat"], strict=True
    ):
        baris = tahunan.loc[kode] if kode in tahunan.index else None
        alasan = jelaskan_kosong(baris, kode, tingkat, karantina, sumber, judul_penyebut)
        if baris is None:
            hasil.append(BarisAnak(kode, nama, None, None, None, None, None, None, None, alasan))
            continue
        hasil.append(
            BarisAnak(
                kode=kode,
                nama=nama,
                nilai=_opsional(baris["nilai"], float),
                pembilang=_opsional(baris["pembilang"], float),
                penyebut=_opsional(baris["penyebut"], float),
                lapor=_opsional(baris["jumlah_wilayah_lapor"], int),
                harus=_opsional(baris["jumlah_wilayah_seharusnya"], int),
                target=_opsional(baris["target"], float),
                memenuhi=_opsional(baris["memenuhi_target"], bool),
                alasan=alasan,
            )
        )
    return hasil


def buat_frame_grafik(baris: list[BarisAnak]) -> pd.DataFrame:
    """The bar chart's data: name, value (NA when missing), status and the reason's words."""
    return pd.DataFrame(
        {
            "nama": [b.nama for b in baris],
            "nilai": pd.array([b.nilai for b in baris], dtype="Float64"),
            "status": [b.status for b in baris],
            "keterangan": [
                f"tidak ada nilai — {b.alasan.teks.split(':')[0]}"
                if b.nilai is None and b.alasan
                else ""
                for b in baris
            ],
        }
    )
