"""Warnings on a run's component table: month-to-month jumps, values far outside a region's history.

These are warnings: the value is kept, the data owner is asked to look again. They are found
as DATA (:func:`cari_lonjakan`: one typed row per flagged value, rule id + values, no text),
and turned into karantina rows by :func:`periksa_lonjakan`: one row per value where the rule
fires on a few rows of a file's component, one summary row (counts and the first examples)
where it fires on most of them (:mod:`transforms.komponen.peringatan`). The Bahasa text is
made only for the rows shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np
import pandas as pd

from schemas.aturan import ATURAN
from transforms.wilayah.cocok import hitung_pasangan
from transforms.wilayah.provinsi import ambil_baris, bagi_per_provinsi

RASIO_LONJAKAN = 3.0  # month-to-month change flagged when the value triples or falls to a third
SELISIH_MIN = 20.0  # ... and changes by at least this many (small counts move a lot)
AMBANG_RIWAYAT = 5.0  # robust z-score (median / MAD) far outside the region's own history

_KUNCI = ["kode_wilayah", "komponen"]
KOLOM_LONJAKAN = [
    "aturan",
    "berkas",
    "baris",
    "kode_wilayah",
    "nama_wilayah",
    "komponen",
    "tahun",
    "bulan",
    "nilai",
    "pembanding",
    "sumber",
]
"""The detail of value warnings (the ``lonjakan`` table of ``catalog/kolom.yaml`` without
``id_run``): ``pembanding`` is the previous month's value (``lonjakan_bulanan``) or the
region's median (``di_luar_riwayat``)."""


URUTAN_ATURAN = (ATURAN.lonjakan_bulanan, ATURAN.di_luar_riwayat)
"""The value warnings' rules in the order the ``lonjakan`` table lists them."""


def _tanda(nilai: np.ndarray, grup: np.ndarray) -> tuple[np.ndarray, ...]:
    """(jump, far from history, previous month's value, the region's median) per value.

    ``nilai`` are the monthly values sorted by region, component and month; ``grup`` numbers
    their (region, component) groups, which are contiguous in that order.
    """
    awal = np.r_[True, grup[1:] != grup[:-1]]  # the first month of each group
    prev = np.r_[np.nan, nilai[:-1]]
    prev[awal] = np.nan
    naik = (nilai > RASIO_LONJAKAN * prev) | (nilai * RASIO_LONJAKAN < prev)
    lonjak = naik & (np.abs(nilai - prev) >= SELISIH_MIN) & ~np.isnan(prev)
    per_grup = pd.Series(nilai).groupby(grup, sort=False)
    median = per_grup.transform("median").to_numpy()
    simpang = np.abs(nilai - median)
    mad = pd.Series(simpang).groupby(grup, sort=False).transform("median").to_numpy()
    count = per_grup.transform("size").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        z = simpang / (1.4826 * np.where(mad > 0, mad, np.nan))
    jauh = (z > AMBANG_RIWAYAT) & (count >= 4) & (simpang >= SELISIH_MIN)
    return lonjak, jauh, prev, median


def _urutan(frame: pd.DataFrame, baris: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the rows ``baris`` of ``frame`` (all when None) by region, component, year
    and month (one stable sort of integer codes: the order of ``sort_values`` on the texts,
    without sorting ±14 million texts), and the number of each row's (region, component)
    group in that order. Only the key columns are read: no copy of the rows."""
    baris = np.arange(len(frame)) if baris is None else baris
    kunci = [pd.factorize(frame[k], sort=True)[0][baris] for k in _KUNCI]
    waktu = [frame[k].take(baris).to_numpy(dtype="int64") for k in ("tahun", "bulan")]
    urutan = np.lexsort([*reversed(waktu), *reversed(kunci)])
    grup = kunci[0].astype(np.int64) * (int(kunci[1].max()) + 1) + kunci[1]
    return baris[urutan], grup[urutan]


def cari_nama_wilayah(kode: pd.Series) -> pd.Series:
    """The master name of each code (current edition, then older ones); the code if unknown.

    Looked up once per distinct code, so a million rows cost a few thousand look-ups.
    """
    from transforms.wilayah.edisi import EDISI_BAKU, muat_daftar_edisi
    from transforms.wilayah.master import muat_master

    kat = kode.astype("category")
    beda = kat.cat.categories.to_series(index=range(len(kat.cat.categories)))
    nama = pd.Series(pd.NA, index=beda.index, dtype=object)
    for edisi in [EDISI_BAKU, *sorted(muat_daftar_edisi(), reverse=True)]:
        kurang = nama.isna()
        if not kurang.any():
            break
        peta = muat_master(edisi).frame.set_index("kode_wilayah")["nama_wilayah"]
        nama[kurang] = beda[kurang].map(peta)
    nama = nama.fillna(beda).to_numpy(dtype=object)
    kode_kat = kat.cat.codes.to_numpy()
    hasil = np.where(kode_kat >= 0, nama.take(np.maximum(kode_kat, 0)), None)
    return pd.Series(hasil, index=kode.index, dtype=object)


def _cari_bagian(komponen: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The flagged monthly values of ``komponen`` (rows sorted by region, component and
    month) per rule: keys and values as arrays, rows taken only where flagged."""
    kolom = [c for c in KOLOM_LONJAKAN if c in komponen.columns]
    bulanan = np.flatnonzero(komponen["bulan"].notna().to_numpy())
    if not len(bulanan):
        return {}
    urutan, grup = _urutan(komponen, bulanan)
    nilai = komponen["nilai"].to_numpy(dtype="float64", na_value=np.nan)[urutan]
    lonjak, jauh, prev, median = _tanda(nilai, grup)
    frames = {}
    for mask, aturan, pembanding in (
        (lonjak, ATURAN.lonjakan_bulanan, prev),
        (jauh & ~lonjak, ATURAN.di_luar_riwayat, median),
    ):
        if mask.any():
            part = komponen[kolom].take(urutan[mask])
            frames[aturan] = part.assign(aturan=aturan, pembanding=pembanding[mask])
    return frames


def cari_lonjakan(
    komponen: pd.DataFrame, nama_wilayah: Callable[[pd.Series], pd.Series] = cari_nama_wilayah
) -> pd.DataFrame:
    """Every flagged monthly value as data, in :data:`KOLOM_LONJAKAN` (no text formatted).

    Works on the long component table of a run (with ``berkas``, ``baris`` provenance) per
    region and component over its monthly values; the row named is the later month's. A
    region's history never leaves its province, so the table is checked one province at a
    time (:func:`~transforms.wilayah.provinsi.bagi_per_provinsi`): the working arrays are a
    province's, not the country's. Rows by rule, then region, component and month.
    """
    if komponen.empty:
        return pd.DataFrame(columns=KOLOM_LONJAKAN)
    per_aturan: dict[str, list[pd.DataFrame]] = defaultdict(list)
    for (baris,) in bagi_per_provinsi(komponen["kode_wilayah"]):
        for aturan, frame in _cari_bagian(ambil_baris(komponen, baris)).items():
            per_aturan[aturan].append(frame)
    frames = [f for aturan in URUTAN_ATURAN for f in per_aturan[aturan]]
    if not frames:
        return pd.DataFrame(columns=KOLOM_LONJAKAN)
    rinci = pd.concat(frames, ignore_index=True)
    rinci["nama_wilayah"] = nama_wilayah(rinci["kode_wilayah"])
    return rinci.reindex(columns=KOLOM_LONJAKAN)


def periksa_lonjakan(komponen: pd.DataFrame, rinci: pd.DataFrame | None = None) -> pd.DataFrame:
    """Karantina rows (without ``id_run``) for the value warnings of a run's components.

    ``rinci`` is :func:`cari_lonjakan`'s result when the caller already has it. Per file,
    component and rule: one row per value, or one summary row when the rule fires on most of
    the file's values of that component (see :func:`~transforms.komponen.peringatan.
    buat_peringatan_nilai`).
    """
    from transforms.komponen.peringatan import buat_peringatan_nilai

    rinci = cari_lonjakan(komponen) if rinci is None else rinci
    if rinci.empty:
        return pd.DataFrame()
    return buat_peringatan_nilai(rinci, hitung_nilai_bulanan(komponen))


def hitung_nilai_bulanan(komponen: pd.DataFrame) -> pd.Series:
    """Monthly values per (``berkas``, ``komponen``) present, indexed by the pair.

    Two categorical columns are counted by their codes (one ``bincount``): a groupby of a
    national year's 14 million rows took 0.46 GB at its peak for a few hundred counts.
    """
    bulanan = komponen[["berkas", "komponen"]][komponen["bulan"].notna()]  # not every column
    berkas, nama = bulanan["berkas"], bulanan["komponen"]
    if not (
        isinstance(berkas.dtype, pd.CategoricalDtype)
        and isinstance(nama.dtype, pd.CategoricalDtype)
    ):
        return bulanan.groupby(["berkas", "komponen"], observed=True).size()
    jumlah = hitung_pasangan(  # a missing value is not counted
        berkas.cat.codes.to_numpy(),
        len(berkas.cat.categories),
        nama.cat.codes.to_numpy(),
        len(nama.cat.categories),
    )
    i, j = np.nonzero(jumlah)
    pasangan = [
        pd.Categorical.from_codes(i, dtype=berkas.dtype),
        pd.Categorical.from_codes(j, dtype=nama.dtype),
    ]
    return pd.Series(
        jumlah[i, j], index=pd.MultiIndex.from_arrays(pasangan, names=["berkas", "komponen"])
    )
