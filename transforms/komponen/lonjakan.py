"""Warnings on a run's component table: month-to-month jumps, values far outside a region's history.

These are warnings: the value is kept, the data owner is asked to look again.
"""

from __future__ import annotations

import pandas as pd

from schemas.aturan import ATURAN
from schemas.masukan import tampilkan_angka
from transforms.komponen.karantina import buat_masalah

RASIO_LONJAKAN = 3.0  # month-to-month change flagged when the value triples or falls to a third
SELISIH_MIN = 20.0  # ... and changes by at least this many (small counts move a lot)
AMBANG_RIWAYAT = 5.0  # robust z-score (median / MAD) far outside the region's own history

_KUNCI = ["kode_wilayah", "komponen"]


def _tanda(urut: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """(jump, far from history, previous month's value, the region's median) per row.

    ``urut`` is the monthly table sorted by region, component and month.
    """
    grup = urut.groupby(_KUNCI, sort=False)["nilai"]
    prev = grup.shift(1)
    naik = (urut["nilai"] > RASIO_LONJAKAN * prev) | (urut["nilai"] * RASIO_LONJAKAN < prev)
    lonjak = naik & ((urut["nilai"] - prev).abs() >= SELISIH_MIN) & prev.notna()
    median = grup.transform("median")
    mad = (urut["nilai"] - median).abs().groupby([urut[k] for k in _KUNCI]).transform("median")
    count = grup.transform("size")
    z = (urut["nilai"] - median).abs() / (1.4826 * mad.where(mad > 0))
    jauh = (z > AMBANG_RIWAYAT) & (count >= 4) & ((urut["nilai"] - median).abs() >= SELISIH_MIN)
    return lonjak, jauh, prev, median


def _baris(part: pd.DataFrame, aturan: str, pesan: pd.Series) -> pd.DataFrame:
    """Karantina rows (without ``id_run``) of the flagged rows ``part`` (warnings)."""
    return buat_masalah(
        berkas=part["berkas"],
        sheet=None,
        baris=part["baris"],
        kolom=part["komponen"],
        nilai=part["nilai"].map(tampilkan_angka),
        aturan=aturan,
        pesan=pesan + " [" + part["kode_wilayah"] + "]",
        sumber=part["sumber"],
        tahun=part["tahun"],
    )


def periksa_lonjakan(komponen: pd.DataFrame) -> pd.DataFrame:
    """Warnings for month-to-month jumps and values far outside a region's history.

    Works on the long component table of a run (with ``berkas``, ``baris`` provenance) per
    region and component over its monthly values. These are warnings: the value is kept.

    Returns:
        Rows in the karantina layout (without ``id_run``).
    """
    monthly = komponen[komponen["bulan"].notna()]
    if monthly.empty:
        return pd.DataFrame()
    urut = monthly.sort_values([*_KUNCI, "tahun", "bulan"])
    lonjak, jauh, prev, median = _tanda(urut)
    frames = []
    for mask, aturan, pesan in (
        (
            lonjak,
            ATURAN.lonjakan_bulanan,
            "nilai berubah lebih dari 3 kali lipat dari bulan sebelumnya ("
            + prev.map(tampilkan_angka)
            + " → "
            + urut["nilai"].map(tampilkan_angka)
            + "); periksa kembali",
        ),
        (
            jauh & ~lonjak,
            ATURAN.di_luar_riwayat,
            "nilai jauh dari kebiasaan wilayah ini (median "
            + median.map(tampilkan_angka)
            + "); periksa kembali",
        ),
    ):
        part = urut[mask]
        if part.empty:
            continue
        frames.append(_baris(part, aturan, pesan[mask]))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
