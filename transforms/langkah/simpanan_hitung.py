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

An entry is ``<name>.parquet`` (the indicator rows) and ``<name>.json`` (the exact type of every
column, categories included, and the row count; written last), in ``<cache>/hitung``. The run
id on the rows is put back as this run's on reading. A damaged entry, or one whose types or
rows do not match its JSON, is a miss (logged); a failed write is logged. Nothing here ever
fails a run. For each province and year the newest :data:`MAKS_ENTRI` entries are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from schemas.model import Katalog
from transforms.komponen.ramping import kolom_tetap
from transforms.langkah.simpanan import hitung_sidik_kode, tulis_atomik

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


def _jenis(frame: pd.DataFrame) -> dict[str, Any] | None:
    """Each column's exact type (a categorical's categories too); None when a column cannot be
    kept exactly (object, or categories that are not text)."""
    jenis: dict[str, Any] = {}
    for nama, dtype in frame.dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype):
            kategori = dtype.categories
            if str(kategori.dtype) not in ("str", "string"):
                return None
            jenis[str(nama)] = [str(kategori.dtype), bool(dtype.ordered), kategori.tolist()]
        elif pd.api.types.is_object_dtype(dtype):
            return None
        else:
            jenis[str(nama)] = str(dtype)
    return jenis


def _pulihkan(frame: pd.DataFrame, jenis: dict[str, Any]) -> pd.DataFrame:
    """The categorical columns of a read entry with their exact categories back (Parquet
    keeps only the categories used). Other columns are not converted: a column read back
    with another type than its JSON says makes the entry unusable."""
    ubah = {
        nama: pd.CategoricalDtype(pd.Index(j[2], dtype=j[0]), ordered=j[1])
        for nama, j in jenis.items()
        if isinstance(j, list) and nama in frame.columns
    }
    return frame.astype(ubah) if ubah else frame


@dataclass(frozen=True)
class SimpananHitung:
    """The province-year indicators of earlier runs, in ``folder`` (see the module).

    ``pakai``: whether entries are read (False for ``--tanpa-cache``: computed again and
    written).
    """

    folder: Path
    pakai: bool = True

    def nama(self, satu: pd.DataFrame, tahun: int, sidik: str) -> str:
        """The entry name of one province-year's component rows (:data:`KOLOM_HITUNG`);
        ``sidik``: :func:`sidik_hitung` of the catalog."""
        h = hashlib.sha256(f"{sidik} {tahun} {list(satu.columns)}".encode())
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
            frame = _pulihkan(pd.read_parquet(self.folder / f"{nama}.parquet"), isi["jenis"])
            if _jenis(frame) != isi["jenis"] or len(frame) != isi["baris"]:
                raise ValueError("kolom atau jumlah baris tidak sesuai catatannya")
        except Exception as exc:  # a damaged entry is a miss, never a failed run
            log.warning("hitungan tersimpan %s rusak (%s): dihitung ulang", nama, exc)
            return None
        with contextlib.suppress(OSError):
            os.utime(self.folder / f"{nama}.json")  # recently used: kept by the pruning
        run = kolom_tetap(id_run, len(frame))
        return frame.assign(**{k: run for k in KOLOM_RUN if k in frame.columns})

    def simpan(self, nama: str, frame: pd.DataFrame) -> None:
        """Keep one province-year's indicators (never raises), then prune its older entries."""
        jenis = _jenis(frame)
        if jenis is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tulis_atomik(self.folder / f"{nama}.parquet", frame.to_parquet)
            teks = json.dumps({"jenis": jenis, "baris": len(frame)}, ensure_ascii=False)
            tulis_atomik(self.folder / f"{nama}.json", lambda p: p.write_text(teks, "utf-8"))
        except Exception as exc:  # a full disk or a read-only store: computed again next time
            log.warning("hitungan %s tidak disimpan (%s: %s)", nama, type(exc).__name__, exc)
            return
        self._pangkas(nama)

    def _pangkas(self, nama: str) -> None:
        """Keep the newest :data:`MAKS_ENTRI` entries of this province and year."""
        awalan = nama.rsplit("_", 1)[0] + "_"
        try:
            ada = sorted(
                self.folder.glob(f"{awalan}*.json"), key=lambda p: p.stat().st_mtime, reverse=True
            )
            for json_lama in ada[MAKS_ENTRI:]:
                json_lama.unlink(missing_ok=True)  # first: an entry without JSON is a miss
                json_lama.with_suffix(".parquet").unlink(missing_ok=True)
        except OSError as exc:  # another run pruned meanwhile
            log.info("hitungan tersimpan tidak dipangkas (%s)", exc)
