"""Region matches kept on disk, so each month's ingest (one process each) matches once.

Every monthly export of a source lists the same desa: at national scale each file's ±83,000
name combinations took ±1.5 s CPU to match, again in every process. Within
:func:`pakai_gudang_cocok` a match missed in memory (:mod:`transforms.wilayah.ingat_cocok`) is
read from ``<cache>/cocok/<key>.parquet``, else matched and written there.

The file name is a hash of everything the match depends on (the combinations, master edition,
scope, levels, kab/kota convention) and of the code fingerprint
(:func:`~transforms.langkah.simpanan.hitung_sidik_kode`: code, catalog with the region master
and alias table, library versions), so an entry is never stale. The file holds the combinations
too: it is used only when they equal the table's exactly. A damaged or unreadable entry is a
miss; a failed write is logged. Nothing here ever fails an ingest. The newest entries up to
:data:`MAKS_BYTE` are kept (a hit counts as new).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from transforms.langkah.pengaturan import PengaturanSalah, baca_jalur
from transforms.langkah.simpanan import cari_folder_simpanan, hitung_sidik_kode, tulis_atomik
from transforms.wilayah.ingat_cocok import Hasil, pakai_gudang

log = logging.getLogger(__name__)

FOLDER = "cocok"
"""Subfolder of the result cache (its pruning only touches names of its own scheme)."""
MAKS_BYTE = 64 << 20
"""Bytes of entries kept, newest first (a hit counts as new): ±50 national matches (±1.3 MB
each), or a month of per-province files of a few sources (±30 KB each) many times over."""
_HASIL = ("kode", "status", "catatan")


@dataclass(frozen=True)
class GudangCocok:
    """Matches as Parquet files in ``folder`` (see the module)."""

    folder: Path

    def _path(self, kunci: str) -> Path:
        nama = hashlib.sha256(f"{kunci} {hitung_sidik_kode()}".encode()).hexdigest()
        return self.folder / f"{nama[:40]}.parquet"

    def baca(self, kunci: str, unik: pd.DataFrame) -> Hasil | None:
        """The kept match of exactly ``unik``, or None (no entry, other combinations, damaged)."""
        path = self._path(kunci)
        try:
            tabel = pq.read_table(path)
            lama = tabel.select([f"u:{k}" for k in unik.columns]).to_pandas()
            lama = lama.set_axis(unik.columns, axis=1).astype(unik.dtypes.to_dict())
            if not lama.equals(unik):
                return None
            kode, status, catatan = (tabel.column(f"h:{n}").to_pylist() for n in _HASIL)
            if len(kode) != len(unik) or any(not isinstance(s, str) for s in status):
                raise ValueError("hasil tidak utuh")
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged entry is a miss (and is written again)
            log.warning("cocok wilayah tersimpan %s tidak terpakai (%s)", path.name, exc)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept by the pruning
        return kode, status, catatan

    def simpan(self, kunci: str, unik: pd.DataFrame, hasil: Hasil) -> None:
        """Keep a match (never raises), then prune to the newest :data:`MAKS_BYTE`."""
        if not all(isinstance(k, str) for k in unik.columns):
            return
        try:
            teks = {f"u:{k}": unik[k].to_numpy(object, na_value=None) for k in unik.columns}
            teks |= {f"h:{n}": v for n, v in zip(_HASIL, hasil, strict=True)}
            tabel = pa.table({k: pa.array(v, pa.string()) for k, v in teks.items()})
            self.folder.mkdir(parents=True, exist_ok=True)
            tulis_atomik(self._path(kunci), lambda p: pq.write_table(tabel, p))
        except Exception as exc:  # a full disk or a read-only store: matched again next time
            log.warning("cocok wilayah tidak disimpan (%s: %s)", type(exc).__name__, exc)
            return
        self._pangkas()

    def _pangkas(self) -> None:
        """Remove the oldest entries beyond :data:`MAKS_BYTE` (the newest is always kept)."""
        try:
            ada = [(p, p.stat()) for p in self.folder.glob("*.parquet")]
            ada.sort(key=lambda x: x[1].st_mtime, reverse=True)
            total = 0
            for ke, (path, info) in enumerate(ada):
                total += info.st_size
                if ke and total > MAKS_BYTE:
                    path.unlink(missing_ok=True)
        except OSError as exc:  # another process pruned meanwhile
            log.info("cocok wilayah tersimpan tidak dipangkas (%s)", exc)


@contextlib.contextmanager
def pakai_gudang_cocok(raw: Path) -> Iterator[None]:
    """Within the block, region matches are kept in the raw store's result cache folder
    (the one of the settings); without usable settings, in memory only."""
    try:
        folder = cari_folder_simpanan(raw, baca_jalur().cache) / FOLDER
    except PengaturanSalah:  # 'indikator run' says what is wrong with the settings
        yield
        return
    with pakai_gudang(GudangCocok(folder)):
        yield
