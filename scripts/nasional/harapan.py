"""Expected province and kabupaten values, summed from the generator's own numbers.

The three indicators the SIGA monthly exports feed: ``spm.02`` (PA / PUS), ``spm.03``
(unmet need / PUS) and ``spm.04`` (BKB members ber-KB / BKB members still PUS). Desa whose name
occurs twice in one kecamatan are left out of ``spm.02``/``spm.03``: ``data_pus`` and
``data_mix_kontra`` carry names only, so such a row cannot be told from its namesake and the
pipeline must quarantine it; ``data_bkb_keluarga`` has the desa code suffix (``KODE``), so every
desa counts in ``spm.04``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scripts.nasional.angka import Bulan

INDIKATOR = {
    "spm.02": ("pa", "pus", True),
    "spm.03": ("unmet", "pus", True),
    "spm.04": ("bkb_ber_kb", "bkb_pus", False),
}
"""Indicator -> (numerator, denominator, names only: duplicates left out)."""
KOLOM_HARAPAN = ("tingkat", "kode_wilayah", "tahun", "bulan", "kode_indikator")
KOLOM_HARAPAN += ("pembilang", "penyebut", "jumlah_desa")


def hitung_harapan(desa: pd.DataFrame, b: Bulan, tahun: int, bulan: int) -> pd.DataFrame:
    """Expected rows (provinsi, kabupaten, one month) for the desa of one province."""
    nilai = pd.DataFrame(
        {
            "kode_provinsi": desa["kode_provinsi"].to_numpy(),
            "kode_kabupaten": desa["kode_kabupaten"].to_numpy(),
            "pus": b.pus,
            "pa": b.pa,
            "unmet": b.unmet,
            "bkb_pus": b.bkb["STATUS PUS"],
            "bkb_ber_kb": b.bkb["STATUS BER KB"],
        }
    )
    ganda = desa["ganda"].to_numpy(dtype=bool)
    bagian = []
    for kode, (pembilang, penyebut, hanya_nama) in INDIKATOR.items():
        pakai = nilai[~ganda] if hanya_nama else nilai
        for tingkat, kolom in (("provinsi", "kode_provinsi"), ("kabupaten", "kode_kabupaten")):
            jumlah = pakai.groupby(kolom, sort=True).agg(
                pembilang=(pembilang, "sum"),
                penyebut=(penyebut, "sum"),
                jumlah_desa=("pus", "size"),
            )
            bagian.append(
                pd.DataFrame(
                    {
                        "tingkat": tingkat,
                        "kode_wilayah": jumlah.index.to_numpy(dtype=object),
                        "tahun": tahun,
                        "bulan": bulan,
                        "kode_indikator": kode,
                        "pembilang": jumlah["pembilang"].to_numpy(dtype=np.int64),
                        "penyebut": jumlah["penyebut"].to_numpy(dtype=np.int64),
                        "jumlah_desa": jumlah["jumlah_desa"].to_numpy(dtype=np.int64),
                    }
                )
            )
    return pd.concat(bagian, ignore_index=True)[list(KOLOM_HARAPAN)]
