"""What the region report reads from one published generation (the pointer followed once).

Only the rows the page needs are read (Parquet filters): the region's own indicator rows of
every year (for the trend), its direct children's rows of the report year (for the bar chart),
the run's quarantine rows of that year, the replacements inside the region and the component
rows' provenance (file, row, region) of the files that have quarantine rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from transforms.keluar.galat import KeluaranGagal
from transforms.keluar.penunjuk import MANIFEST, cari_folder_terbit
from transforms.wilayah.master import Wilayah, muat_master


class LaporanGagal(KeluaranGagal):
    """The report cannot be made (no output, unknown region, no row for the year)."""


@dataclass(frozen=True)
class Bahan:
    """The published rows one region report is built from (frames are not changed later)."""

    folder: Path
    id_run: str
    selesai: str
    kode: str
    nama: str
    tingkat: str
    tahun: int
    anak: pd.DataFrame  # master rows of the direct children (every child, with or without data)
    sendiri: pd.DataFrame  # the region's own indicator rows, every year
    rinci: pd.DataFrame  # the children's indicator rows of the report year
    karantina: pd.DataFrame  # the run's quarantine rows of the report year (all files)
    asal: pd.DataFrame  # berkas, baris, kode_wilayah of the component rows of those files
    penggantian: pd.DataFrame  # replacements inside the region in the report year


def _baca(folder: Path, tabel: str, filters: list | None = None, columns=None) -> pd.DataFrame:
    """One table of the generation; an empty frame when the run did not publish it."""
    path = folder / tabel
    if not path.exists():
        return pd.DataFrame()
    return pd.read_parquet(path, filters=filters, columns=columns)


def _manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def cari_wilayah(master: Wilayah, kode: str) -> dict[str, str | None]:
    """The master row of ``kode`` (province, kabupaten/kota or kecamatan), or LaporanGagal."""
    baris = master.get(kode)
    if baris is None:
        raise LaporanGagal(
            f"Kode wilayah {kode!r} tidak ada di master wilayah Kemendagri edisi {master.edisi}. "
            "Pakai kode bertitik, mis. 76 (provinsi), 76.01 (kabupaten) atau 76.01.01 (kecamatan)."
        )
    if baris["tingkat"] == "desa":
        raise LaporanGagal(
            f"{baris['nama_wilayah']} ({baris['kode_wilayah']}) adalah desa/kelurahan; laporan "
            "dibuat untuk provinsi, kabupaten/kota atau kecamatan (mis. kecamatannya: "
            f"{baris['kode_kecamatan']})."
        )
    return baris


def _folder(keluaran: Path) -> Path:
    folder = cari_folder_terbit(keluaran)
    if folder is None:
        raise LaporanGagal(
            f"Belum ada keluaran di {keluaran}; jalankan 'indikator run' dulu "
            "(atau pilih folder keluaran dengan --keluaran)."
        )
    return folder


def baca_bahan(keluaran: Path, kode: str, tahun: int) -> Bahan:
    """Read what the report of region ``kode`` for ``tahun`` needs from the current generation."""
    folder = _folder(keluaran)
    master = muat_master()
    baris = cari_wilayah(master, kode)
    kode = str(baris["kode_wilayah"])
    anak = master.frame.set_index("kode_wilayah").loc[master.anak(kode)].reset_index()
    sendiri = _baca(folder, "indikator", [("kode_wilayah", "==", kode)])
    if sendiri.empty or not (sendiri["tahun"] == tahun).any():
        ada = sorted(int(t) for t in sendiri["tahun"].unique()) if not sendiri.empty else []
        raise LaporanGagal(
            f"Tidak ada nilai indikator untuk {baris['nama_wilayah']} ({kode}) tahun {tahun} di "
            f"keluaran {keluaran}. Tahun yang ada untuk wilayah ini: "
            f"{', '.join(map(str, ada)) or 'tidak ada'}."
        )
    kode_anak = anak["kode_wilayah"].tolist()
    rinci = _baca(
        folder, "indikator", [("kode_wilayah", "in", kode_anak or [""]), ("tahun", "==", tahun)]
    )
    karantina = _baca(folder, "karantina")
    if not karantina.empty:  # the year's rows, and whole-file refusals whose year is unknown
        tahun_ini = (karantina["tahun"] == tahun).fillna(False) | karantina["tahun"].isna()
        karantina = karantina[tahun_ini].reset_index(drop=True)
    berkas = sorted(karantina["berkas"].unique()) if not karantina.empty else []
    asal = _baca(
        folder, "komponen", [("berkas", "in", berkas or [""])], ["berkas", "baris", "kode_wilayah"]
    )
    ganti = _baca(folder, "penggantian", [("tahun", "==", tahun)])
    if not ganti.empty:
        dalam = (ganti["kode_wilayah"] == kode) | ganti["kode_wilayah"].str.startswith(kode + ".")
        ganti = ganti[dalam].reset_index(drop=True)
    manifest = _manifest(folder)
    return Bahan(
        folder=folder,
        id_run=str(manifest.get("id_run") or folder.name),
        selesai=str(manifest.get("selesai") or ""),
        kode=kode,
        nama=str(baris["nama_wilayah"]),
        tingkat=str(baris["tingkat"]),
        tahun=tahun,
        anak=anak,
        sendiri=sendiri,
        rinci=rinci,
        karantina=karantina,
        asal=asal.drop_duplicates(ignore_index=True),
        penggantian=ganti,
    )
