"""Each province-year's indicators kept, so a rerun computes only the provinces that changed.

The compute of a province and year reads only its component rows' :data:`KOLOM_HITUNG`, the
catalog (with the region's own targets) and the region master (:mod:`transforms.hitung.bagian`:
provinces are independent). So its indicators are a function of those columns' values, and of
the code. An entry is named ``<tahun>_<provinsi>_<hash>``, the hash over the code fingerprint
(:func:`~transforms.langkah.simpanan.hitung_sidik_kode`: code, catalog with the region master,
library versions), the catalog's targets, the year and the rows' values. The rows are hashed
in their order, except when every value is a whole number: sums of whole numbers do not depend
on the order they are added in, so then the rows are hashed as a set and a correction that only
moves a file later in the stack still finds its unchanged provinces.

An entry, in ``<cache>/hitung``, is ``<name>.parquet`` (the indicator rows) and ``<name>.json``
(written last: the exact type of every column and the row count, as the file results record
them (:func:`~transforms.langkah.tabel_simpanan.jenis_kolom`), and each categorical column's
categories in order). The run id on the rows is put back as this run's on reading. A damaged
entry, or one whose types or rows do not match its JSON, is a miss (logged); a failed write
is logged. Nothing here ever fails a run. For each province and year the newest
:data:`MAKS_ENTRI` entries are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from schemas.model import Katalog
from transforms.komponen.ramping import kolom_tetap
from transforms.langkah.simpanan import (
    Simpanan,
    hitung_sidik_kode,
    pangkas_entri,
    tulis_entri,
)
from transforms.langkah.tabel_simpanan import (
    baca_tabel_simpanan,
    jenis_kolom,
    kategori_kolom,
    objek_aman,
)

log = logging.getLogger(__name__)

FOLDER = "hitung"
"""Subfolder of the result cache (its pruning only touches names of its own scheme)."""
KOLOM_HITUNG = ("kode_wilayah", "tahun", "bulan", "semester", "komponen", "nilai", "sumber")
"""The component columns the compute reads (it is given only these)."""
KOLOM_RUN = ("id_run", "id_run_ubah")
"""Columns holding the run id: written as this run's when an entry is read."""
MAKS_ENTRI = 2
"""Entries kept per province and year: the current one and the one before (a correction
taken back finds it again)."""


def sidik_hitung(katalog: Katalog) -> str:
    """What a province's indicators depend on besides its rows: the code fingerprint and the
    targets (the catalog's and the region's own, which are not in the catalog folder)."""
    h = hashlib.sha256(hitung_sidik_kode().encode())
    h.update(katalog.target.to_csv(index=False).encode())
    return h.hexdigest()


@dataclass(frozen=True)
class SimpananHitung:
    """The province-year indicators of earlier runs, in ``folder`` (see the module).

    ``pakai``: whether entries are read (False for ``--tanpa-cache``: computed again and
    written).
    """

    folder: Path
    pakai: bool = True
    sidik: str = ""

    @classmethod
    def dari(cls, simpanan: Simpanan) -> SimpananHitung:
        """The province-year indicators beside a run's file results (same folder, same use)."""
        return cls(simpanan.folder / FOLDER, simpanan.pakai)

    def untuk(self, katalog: Katalog) -> SimpananHitung:
        """This cache for a compute with ``katalog`` (:func:`sidik_hitung` in every name)."""
        return replace(self, sidik=sidik_hitung(katalog))

    def nama(self, satu: pd.DataFrame, tahun: int) -> str:
        """The entry name of one province-year's component rows (:data:`KOLOM_HITUNG`)."""
        h = hashlib.sha256(f"{self.sidik} {tahun} {list(satu.columns)}".encode())
        h.update(str(satu.dtypes.map(str).tolist()).encode())
        baris = pd.util.hash_pandas_object(satu, index=False).to_numpy()
        nilai = satu["nilai"].to_numpy(dtype=float, na_value=np.nan)
        bulat = bool(np.all(np.isfinite(nilai) & (nilai == np.round(nilai))))
        h.update(b"himpunan" if bulat else b"urutan")
        h.update((np.sort(baris) if bulat else baris).tobytes())
        provinsi = str(satu["kode_wilayah"].iloc[0])[:2] if len(satu) else "00"
        return f"{int(tahun)}_{provinsi}_{h.hexdigest()[:40]}"

    def baca(self, nama: str, id_run: str) -> pd.DataFrame | None:
        """The kept indicators under ``nama`` with this run's id, or None."""
        if not self.pakai:
            return None
        try:
            isi = json.loads((self.folder / f"{nama}.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged entry is a miss
            log.warning("hitungan tersimpan %s tidak terbaca (%s): dihitung ulang", nama, exc)
            return None
        try:
            path = self.folder / f"{nama}.parquet"
            frame = baca_tabel_simpanan(path, isi["jenis"], isi["baris"], isi["kategori"])
        except Exception as exc:  # a damaged entry is a miss, never a failed run
            log.warning("hitungan tersimpan %s rusak (%s): dihitung ulang", nama, exc)
            return None
        with contextlib.suppress(OSError):
            os.utime(self.folder / f"{nama}.json")  # recently used: kept by the pruning
        run = kolom_tetap(id_run, len(frame))
        return frame.assign(**{k: run for k in KOLOM_RUN if k in frame.columns})

    def simpan(self, nama: str, frame: pd.DataFrame) -> None:
        """Keep one province-year's indicators (never raises), then prune its older entries."""
        if not objek_aman(frame):
            return
        isi = {"jenis": jenis_kolom(frame), "kategori": kategori_kolom(frame), "baris": len(frame)}
        if tulis_entri(self.folder, nama, {".parquet": frame}, isi):
            pangkas_entri(self.folder, nama, MAKS_ENTRI)
