"""Why a value is missing or incomplete, in words for the page (never a blank, never a 0).

The reasons, in the order they are checked:

* ``dikarantina``: rows of the indicator's source files placed in the region were quarantined
  (rule ``galat``) in this run;
* ``tidak_ada_masukan``: no row at all (no file gave a value for the region and period);
* ``penyebut_nol``: the row exists but its denominator is 0, so no value can be computed;
* ``belum_lengkap``: a value exists, but fewer child regions (or desa anywhere below)
  reported than the master expects.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from transforms.keluar.laporan_wilayah.periode import BULAN

ANAK = {"provinsi": "kabupaten/kota", "kabupaten": "kecamatan", "kecamatan": "desa/kelurahan"}


class Alasan(NamedTuple):
    """One reason: a short code (for CSS and tests) and the sentence shown."""

    jenis: str
    teks: str


def _karantina_di(karantina: pd.DataFrame, kode: str, sumber: set[str]) -> pd.DataFrame:
    """Quarantined (galat) rows of the given sources placed in region ``kode`` or below."""
    if karantina.empty:
        return karantina
    k = karantina["kode_wilayah"].fillna("")
    di = (k == kode) | k.str.startswith(kode + ".")
    galat = karantina["tingkat_masalah"] == "galat"
    return karantina[di & galat & karantina["sumber"].isin(sumber)]


def _karantina_sekitar(karantina: pd.DataFrame, kode: str, sumber: set[str]) -> pd.DataFrame:
    """Quarantined rows whose region was only estimated, at a region containing ``kode``."""
    if karantina.empty:
        return karantina
    k = karantina["kode_wilayah"].fillna("")
    di_atas = k.map(lambda x: bool(x) and kode.startswith(x + "."))
    galat = (karantina["tingkat_masalah"] == "galat") & karantina["sumber"].isin(sumber)
    return karantina[di_atas & galat & (karantina["penempatan"] == "perkiraan")]


def _teks_karantina(rows: pd.DataFrame) -> str:
    berkas = ", ".join(sorted(rows["berkas"].unique()))
    aturan = ", ".join(sorted(rows["aturan"].unique()))
    teks = f"{len(rows)} baris ditolak (aturan {aturan}) di berkas {berkas}"
    if (rows["penempatan"] == "perkiraan").any():
        teks += (
            " (wilayah baris itu tidak tercatat; diperkirakan dari baris sebelum dan sesudahnya)"
        )
    return teks


def _teks_mungkin(rows: pd.DataFrame) -> str:
    wilayah = ", ".join(sorted(rows["kode_wilayah"].unique()))
    return (
        f"tidak ada masukan; mungkin baris yang dikarantina: {_teks_karantina(rows)}, di {wilayah}"
    )


def jelaskan_kosong(
    baris: pd.Series | None,
    kode: str,
    tingkat: str,
    karantina: pd.DataFrame,
    sumber: set[str],
    judul_penyebut: str,
) -> Alasan | None:
    """The reason a region's value is missing or incomplete; None when it is complete."""
    ditolak = _karantina_di(karantina, kode, sumber)
    if baris is None:
        if not ditolak.empty:
            return Alasan("dikarantina", "dikarantina: " + _teks_karantina(ditolak))
        sekitar = _karantina_sekitar(karantina, kode, sumber)
        if not sekitar.empty:
            return Alasan("dikarantina", _teks_mungkin(sekitar))
        return Alasan("tidak_ada_masukan", "tidak ada masukan: belum ada berkas dengan data ini")
    if pd.isna(baris["nilai"]):
        if pd.notna(baris["penyebut"]) and baris["penyebut"] == 0:
            return Alasan(
                "penyebut_nol", f"penyebut 0 ({judul_penyebut} = 0): nilai tidak dapat dihitung"
            )
        return Alasan("tidak_ada_masukan", "tidak ada masukan untuk pembilang atau penyebut")
    anak = ANAK.get(tingkat, "wilayah")
    kurang = [
        f"{int(lapor)} dari {int(harus)} {nama} melapor"
        for lapor, harus, nama in (
            (baris.get("jumlah_wilayah_lapor"), baris.get("jumlah_wilayah_seharusnya"), anak),
            (baris.get("jumlah_desa_lapor"), baris.get("jumlah_desa_seharusnya"), "desa"),
        )
        if pd.notna(lapor) and pd.notna(harus) and lapor < harus
    ]
    if tingkat == "kecamatan":  # its children are the desa: said once
        kurang = kurang[:1]
    if kurang:
        teks = "belum lengkap: " + ", ".join(kurang)
        if not ditolak.empty:
            teks += "; dikarantina: " + _teks_karantina(ditolak)
        return Alasan("belum_lengkap", teks)
    return None


def _rentang(bulan: list[int]) -> list[str]:
    """Consecutive months as ranges: [10, 11, 12] -> ['Okt–Des']."""
    potong: list[list[int]] = []
    for b in sorted(bulan):
        if potong and b == potong[-1][-1] + 1:
            potong[-1].append(b)
        else:
            potong.append([b])
    return [
        BULAN[p[0] - 1] if len(p) == 1 else f"{BULAN[p[0] - 1]}–{BULAN[p[-1] - 1]}" for p in potong
    ]


def cari_bulan_kosong(baris_tahun: pd.DataFrame) -> list[int]:
    """Months 1-12 without a value in one year's monthly rows (empty when not monthly)."""
    bulanan = baris_tahun[baris_tahun["bulan"].notna()]
    if bulanan.empty:
        return []
    ada = set(bulanan.loc[bulanan["nilai"].notna(), "bulan"].astype(int))
    return [b for b in range(1, 13) if b not in ada]


def jelaskan_bulan_kosong(baris_tahun: pd.DataFrame, tahun: int) -> str:
    """The sentence under a monthly trend: which months of the year have no value and why."""
    kosong = cari_bulan_kosong(baris_tahun)
    if not kosong:
        return ""
    ada = set(baris_tahun.loc[baris_tahun["bulan"].notna(), "bulan"].astype(int))
    tanpa_baris = [b for b in kosong if b not in ada]
    penyebut_nol = [b for b in kosong if b in ada]
    bagian = []
    if tanpa_baris:
        bagian.append(
            f"{', '.join(_rentang(tanpa_baris))} {tahun}: tidak ada masukan "
            "(data bulan itu belum diterima)"
        )
    if penyebut_nol:
        bagian.append(f"{', '.join(_rentang(penyebut_nol))} {tahun}: penyebut 0")
    return "Bulan tanpa nilai — " + "; ".join(bagian) + "."
