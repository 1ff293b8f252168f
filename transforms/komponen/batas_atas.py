"""Plausible ceilings: a value far above what its region can hold is quarantined, never published.

Each component declares its ceiling as data (``batas_atas`` in ``catalog/komponen/*.yaml``):
``desa`` is the most one desa/kelurahan can report. A row of a larger region gets that times
the region's number of desa/kelurahan in the region master of the file's edition, unless the
component names an explicit ceiling for that level (``kecamatan``, ``kabupaten``,
``provinsi``). A code the edition does not know is counted in the current edition, else as
the whole country (the loosest ceiling, still far below ``1.2e29``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from schemas.aturan import ATURAN
from schemas.masukan import gaya_indonesia
from schemas.model import Katalog, Layout
from transforms.baca.tabel import TabelTeks
from transforms.baca.tolak import tampilkan_ribuan
from transforms.komponen.asal import Asal
from transforms.komponen.karantina import buat_karantina_sel, gabung_karantina
from transforms.wilayah.edisi import EDISI_BAKU
from transforms.wilayah.kode import TINGKAT
from transforms.wilayah.master import muat_master

NAMA_TINGKAT = {
    "provinsi": "provinsi",
    "kabupaten": "kabupaten/kota",
    "kecamatan": "kecamatan",
    "desa": "desa/kelurahan",
}


def hitung_jumlah_desa(kode: pd.Series, edisi: str) -> pd.Series:
    """Desa + kelurahan in each region (edition ``edisi``, else the current one, else all)."""
    desa = muat_master(edisi).hitung_jumlah_desa_semua()
    jumlah = kode.map(desa)
    if jumlah.isna().any() and edisi != EDISI_BAKU:
        jumlah = jumlah.fillna(kode.map(muat_master(EDISI_BAKU).hitung_jumlah_desa_semua()))
    semua = desa[desa.index.str.len() == 2].sum()  # every desa of the country
    return jumlah.fillna(semua).astype("float64")


def kenali_wilayah(kode: pd.Series, edisi: str) -> pd.DataFrame:
    """What a ceiling needs of each row's region, computed once per file: ``kedalaman``
    (0 provinsi … 3 desa, -1 unknown), ``tingkat`` (its name) and ``jumlah_desa``."""
    titik = kode.astype("string").str.count(r"\.")
    kedalaman = titik.fillna(-1).astype("int64").where(titik.between(0, 3).fillna(False), -1)
    nama = np.array([*TINGKAT, None], dtype=object)
    return pd.DataFrame(
        {
            "kedalaman": kedalaman,
            "tingkat": nama[kedalaman.to_numpy()],
            "jumlah_desa": hitung_jumlah_desa(kode, edisi),
        },
        index=kode.index,
    )


def _khusus(spek: dict[str, float]) -> np.ndarray:
    """A component's own ceilings by depth (provinsi … desa; NaN: scaled), then NaN for -1."""
    return np.array([spek.get(t, np.nan) if t != "desa" else np.nan for t in TINGKAT] + [np.nan])


def hitung_batas_atas(
    komponen: pd.Series | str, wilayah: pd.DataFrame, katalog: Katalog
) -> pd.DataFrame:
    """The ceiling of each row's (component, region), vectorised.

    Args:
        komponen: the component of each row, or one component for every row.
        wilayah: :func:`kenali_wilayah` of the rows.

    Returns:
        ``wilayah`` with ``batas`` (NaN where the component declares none or the region is
        unknown), ``per_desa`` (the component's ceiling per desa) and ``khusus`` (True where
        the component names its own ceiling for that level).
    """
    batas = {n: k.batas_atas for n, k in katalog.komponen.items() if k.batas_atas}
    kedalaman = wilayah["kedalaman"].to_numpy()
    if isinstance(komponen, str):
        spek = batas.get(komponen, {})
        per_desa = np.full(len(wilayah), spek.get("desa", np.nan), dtype="float64")
        khusus_nilai = _khusus(spek)[kedalaman]
    else:
        per_desa = komponen.map({n: b["desa"] for n, b in batas.items()}).to_numpy("float64")
        khusus_nilai = np.full(len(wilayah), np.nan)
        for nama, spek in batas.items():
            if len(spek) > 1:
                kena = (komponen == nama).to_numpy(bool)
                khusus_nilai[kena] = _khusus(spek)[kedalaman[kena]]
    khusus = ~np.isnan(khusus_nilai)
    nilai = np.where(kedalaman >= 0, per_desa * wilayah["jumlah_desa"].to_numpy(), np.nan)
    return wilayah.assign(
        batas=np.where(khusus, khusus_nilai, nilai), per_desa=per_desa, khusus=khusus
    )


def jelaskan_batas(komponen: pd.Series | str, batas: pd.DataFrame) -> pd.Series:
    """How each row's ceiling was found, in Bahasa (``batas_atas pus: 125.000 per
    desa/kelurahan × 32 desa/kelurahan``); rows of :func:`hitung_batas_atas`."""
    if isinstance(komponen, str):
        komponen = pd.Series(komponen, index=batas.index)
    out = []
    for nama, (_, b) in zip(komponen, batas.iterrows(), strict=True):
        if b["khusus"]:
            out.append(f"batas_atas {nama} untuk {NAMA_TINGKAT[b['tingkat']]}")
            continue
        teks = f"batas_atas {nama}: {tampilkan_nilai(b['per_desa'])} per desa/kelurahan"
        if b["tingkat"] != "desa":
            teks += f" × {tampilkan_ribuan(int(b['jumlah_desa']))} desa/kelurahan"
        out.append(teks)
    return pd.Series(out, index=komponen.index, dtype=object)


def tampilkan_nilai(x: float) -> str:
    """A ceiling as shown: ``125.000``, ``1,5``."""
    return tampilkan_ribuan(int(x)) if float(x).is_integer() else gaya_indonesia(f"{x:g}")


def cari_komponen_kolom(
    kolom: list[str], layout: Layout, komp_baris: pd.Series | None
) -> dict[str, pd.Series | str]:
    """The component of each parsed value column: one name, or one per row.

    A wide layout names one component per column (``{kategori}`` filled with each row's
    category); a long layout's value column takes each row's component from its category.
    """
    if layout.panjang and komp_baris is not None:
        return {layout.panjang["nilai"]: komp_baris}
    out = {}
    for kol in kolom:
        nama = layout.komponen.get(kol)
        if nama is None:
            continue
        if "{kategori}" in nama and komp_baris is not None:
            out[kol] = komp_baris.map(lambda k, n=nama: n.replace("{kategori}", str(k)))
        else:
            out[kol] = nama
    return out


def periksa_batas_atas(
    tabel: TabelTeks,
    asal: Asal,
    angka: pd.DataFrame,
    komponen: dict[str, pd.Series | str],
    kode: pd.Series,
    katalog: Katalog,
    edisi: str,
) -> tuple[pd.Series, pd.DataFrame]:
    """Rows with a value above its component's ceiling for the row's region, and the problems.

    Args:
        angka: the parsed values (file columns).
        komponen: file column → the component of each row (:func:`cari_komponen_kolom`).
        kode: the Kemendagri code of each row (NA: not checked, e.g. a total row).
    """
    lebih = pd.Series(False, index=angka.index)
    frames = []
    wilayah = kenali_wilayah(kode, edisi) if komponen else None
    for kol, komp in komponen.items():
        batas = hitung_batas_atas(komp, wilayah, katalog)
        mask = (angka[kol] > batas["batas"]).fillna(False).astype(bool)
        if not mask.any():
            continue
        pesan = (
            f"{kol} melebihi batas wajar "
            + batas.loc[mask, "batas"].map(tampilkan_nilai)
            + " untuk "
            + batas.loc[mask, "tingkat"].map(NAMA_TINGKAT)
            + " "
            + kode[mask].astype(str)
            + " ("
            + jelaskan_batas(komp if isinstance(komp, str) else komp[mask], batas[mask])
            + "); nilai ini tidak diterbitkan"
        )
        frames.append(buat_karantina_sel(tabel, asal, kol, mask, ATURAN.melebihi_batas_atas, pesan))
        lebih |= mask
    return lebih, gabung_karantina(frames)
