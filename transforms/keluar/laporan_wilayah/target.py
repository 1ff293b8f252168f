"""The target of an indicator for a region and year, and what the page says when there is none.

The fact table carries ``target`` / ``memenuhi_target``; a ``catatan_target`` column (issue
14.4) is used when present. Without it the note is derived here from the catalog targets
(``schemas.katalog``): the latest earlier year with a target, its value and legal basis.
"""

from __future__ import annotations

import pandas as pd

from schemas.model import Katalog
from transforms.keluar.laporan_wilayah.teks import ubah_angka

ARAH = {
    "naik": "makin tinggi makin baik",
    "turun": "makin rendah makin baik",
}


def jelaskan_arah(arah: str) -> str:
    """The indicator's direction in words."""
    return ARAH.get(arah, arah)


def _target_terakhir(katalog: Katalog, kode: str, wilayah: str, tahun: int) -> pd.Series | None:
    """The catalog target row of the latest year before ``tahun`` that applies to ``wilayah``
    (its own, an ancestor's, or the national one: blank ``kode_wilayah``)."""
    t = katalog.target
    berlaku = (t["kode_wilayah"] == "") | t["kode_wilayah"].map(
        lambda k: wilayah == k or wilayah.startswith(k + ".")
    )
    rows = t[(t["kode_indikator"] == kode) & berlaku & (t["tahun"] < tahun)]
    if rows.empty:
        return None
    return rows.sort_values(["tahun", "kode_wilayah"]).iloc[-1]


def buat_catatan_target(
    baris: pd.Series, katalog: Katalog, kode: str, wilayah: str, tahun: int
) -> str:
    """The note shown when the row has no target: why, and the last target there was."""
    if "catatan_target" in baris.index and pd.notna(baris["catatan_target"]):
        return str(baris["catatan_target"])
    lalu = _target_terakhir(katalog, kode, wilayah, tahun)
    if lalu is None:
        return f"Tidak ada target untuk tahun {tahun}; katalog tidak memuat target indikator ini."
    dasar = f" ({lalu['dasar_hukum']})" if lalu["dasar_hukum"] else ""
    satuan = katalog.indikator[kode].satuan if kode in katalog.indikator else ""
    return (
        f"Tidak ada target untuk tahun {tahun}; target terakhir {int(lalu['tahun'])}: "
        f"{ubah_angka(float(lalu['target']))} {satuan}{dasar}."
    )
