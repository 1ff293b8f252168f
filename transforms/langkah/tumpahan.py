"""A year's component rows set aside on disk province by province, as each file is read.

A run combines and computes a year one province at a time
(:mod:`transforms.langkah.gabung_provinsi`), so it never needs the year's components in
memory at once: each file's rows are cut by province as the file is read, each province's
part appended to that province's file here, and the file's rows let go. A province's parts
are read back when its turn comes (and its file removed). A national year's rows (±1.2 GB in
memory) were all held at once before; now one file's rows and one province's.

The province a row goes to is that of its region code carried to the current master edition
(:func:`~transforms.langkah.hitung.ubah_ke_edisi_baku`): a 2021 row of Merauke (91.01) is
computed with Papua Selatan (93), where the compute puts it. Rows with the same key always
go to the same province, so precedence chosen per province is precedence chosen over the
year.

The parts are pickles of the frames (protocol 5: their arrays as they are, types and
categories exact), written and read by the same run in its own staging folder: nothing from
outside is ever unpickled here.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from transforms.komponen.ramping import buat_kategori_terpakai
from transforms.langkah.hitung import ubah_ke_edisi_baku
from transforms.wilayah.provinsi import ambil_baris, kelompokkan_provinsi

TUMPAHAN = ".tumpahan"
"""The folder of the parts, inside the run's staging generation (removed when the year is
done; a killed run's goes with its staging folder)."""


KATEGORI_BANYAK = 1024
"""A categorical column with more categories than this (a file's region codes) is cut to the
categories a part's rows use; when they are sorted, to the range they use: a province's codes
are one run of them, so no category is counted (counting a national file's ±83,000 codes for
each of its 38 parts cost ±5 s CPU a year). Fewer categories (a file's name, its source, the
component names) stay as they are: cutting them cost more than the few texts it saves."""


def _kategori_bagian(bagian: pd.DataFrame) -> pd.DataFrame:
    """A part with the categories of each column of :data:`KATEGORI_BANYAK` categories cut
    to those its rows use (sorted ones: to the range they use)."""
    ubah = {}
    for nama, jenis in bagian.dtypes.items():
        if not isinstance(jenis, pd.CategoricalDtype) or len(jenis.categories) <= KATEGORI_BANYAK:
            continue
        kode, kategori = bagian[nama].cat.codes.to_numpy(), jenis.categories
        if not kategori.is_monotonic_increasing:
            ubah[str(nama)] = buat_kategori_terpakai(kode, kategori, jenis.ordered)
            continue
        ada = kode[kode >= 0]
        awal, akhir = (int(ada.min()), int(ada.max()) + 1) if len(ada) else (0, 0)
        jenis_baru = pd.CategoricalDtype(kategori[awal:akhir], jenis.ordered)
        kode_baru = np.where(kode >= 0, kode - awal, -1).astype(kode.dtype)
        ubah[str(nama)] = pd.Categorical.from_codes(kode_baru, dtype=jenis_baru)
    return bagian.assign(**ubah) if ubah else bagian


class TumpahanProvinsi:
    """Component rows per province, on disk (:meth:`simpan` a file's rows, :meth:`ambil` a
    province's parts). Use as a context manager: the folder is removed on any exit.

    Args:
        folder: where the parts go (made with the first part).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder  # made with the first part (a full disk fails there, said so)
        self.baris = 0
        self._provinsi: dict[str, int] = {}  # province → parts written

    def __enter__(self) -> TumpahanProvinsi:
        return self

    def __exit__(self, *_: object) -> None:
        self.hapus()

    @property
    def provinsi(self) -> list[str]:
        """The provinces with rows, in code order (the order a run writes them)."""
        return sorted(self._provinsi)

    def simpan(self, ke: int, baris: pd.DataFrame) -> None:
        """Set aside file ``ke``'s component rows (``baris``, current-edition province of
        each row: see the module), each province's part with only the region codes it uses
        (:func:`_kategori_bagian`)."""
        if baris.empty:
            return
        kode = ubah_ke_edisi_baku(baris[["kode_wilayah", "tahun"]])["kode_wilayah"]
        self.folder.mkdir(parents=True, exist_ok=True)
        for prov, posisi in kelompokkan_provinsi(kode).items():
            bagian = _kategori_bagian(ambil_baris(baris, posisi).reset_index(drop=True))
            with (self.folder / f"{prov}.pkl").open("ab") as fh:
                pickle.dump((ke, bagian), fh, protocol=5)
            self._provinsi[prov] = self._provinsi.get(prov, 0) + 1
            self.baris += len(bagian)

    def ambil(self, prov: str) -> dict[int, pd.DataFrame]:
        """Province ``prov``'s parts by file position (none: empty); its file is removed."""
        path = self.folder / f"{prov}.pkl"
        bagian: dict[int, pd.DataFrame] = {}
        if prov not in self._provinsi:
            return bagian
        with path.open("rb") as fh:
            for _ in range(self._provinsi.pop(prov)):
                ke, frame = pickle.load(fh)  # written by this run, above
                bagian[ke] = frame
        path.unlink()
        return bagian

    def hapus(self) -> None:
        """Remove the folder and every part left."""
        self._provinsi.clear()
        shutil.rmtree(self.folder, ignore_errors=True)
