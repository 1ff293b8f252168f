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

Each province's parts are fingerprinted as they are written (:meth:`TumpahanProvinsi.sidik`):
every part's columns (name, type, values: a categorical's categories and codes, a number
column's values and nulls), in file order, each part with when its file was received
(precedence reads it), not its position in the year's list of files (a file of another
province added to the year moves the positions, not this province's inputs). Not the pickled
bytes: a file's rows read from the result cache and the same rows just processed pickle
differently (their memory layout differs). Equal fingerprints mean equal rows from equally
received files: the province's tables are then those of the run that fingerprinted it first
(:mod:`transforms.langkah.bawa_provinsi`).

Each part's fingerprint (:func:`sidik_bagian`) is a function of its file's result and the year
only, so it is kept beside the file's cached result
(:func:`~transforms.langkah.simpanan.simpan_sidik_bagian`). When every file's are known
before the files are read, a run knows which provinces it carries over before it reads them,
and their rows are not set aside at all (:attr:`TumpahanProvinsi.lewati`): a correction in
one province sets aside that province's rows only.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.core.arrays.masked import BaseMaskedArray

from transforms.komponen.ramping import KATEGORI_BANYAK, buat_kategori_terpakai
from transforms.langkah.hitung import cari_tahun_edisi_lama, ubah_ke_edisi_baku
from transforms.wilayah.provinsi import ambil_baris, kelompokkan_provinsi, nomori_provinsi

TUMPAHAN = ".tumpahan"
"""The folder of the parts, inside the run's staging generation (removed when the year is
done; a killed run's goes with its staging folder)."""


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


def _bita_bagian(bagian: pd.DataFrame) -> Iterator[bytes]:
    """A part's columns as bytes that depend on their names, types and values only (not on
    how the frame is laid out in memory)."""
    for nama, seri in bagian.items():
        jenis = seri.dtype
        yield f"\x1e{nama}\x1f{jenis}\x1f".encode()
        nilai = seri.array
        if isinstance(jenis, pd.CategoricalDtype):
            teks = jenis.categories.astype(str).to_numpy(dtype=object)  # not a Python loop
            yield "\x1f".join(teks).encode()
            yield np.ascontiguousarray(seri.cat.codes.to_numpy()).tobytes()
        elif isinstance(nilai, BaseMaskedArray):  # what is under a null is any value
            yield np.where(nilai._mask, 0, nilai._data).tobytes()
            yield np.ascontiguousarray(nilai._mask).tobytes()
        elif isinstance(jenis, np.dtype) and jenis.kind in "biu":
            yield np.ascontiguousarray(seri.to_numpy()).tobytes()
        elif isinstance(jenis, np.dtype) and jenis.kind == "f":  # one NaN for every NaN
            angka = seri.to_numpy()
            yield np.where(np.isnan(angka), np.nan, angka).tobytes()
        elif seri.isna().all():  # a column of nulls (a CSV's sheet name): no hash per row
            yield b"\x00kosong"
        else:  # text and anything else: a hash per value
            yield pd.util.hash_pandas_object(seri, index=False).to_numpy().tobytes()


def sidik_bagian(bagian: pd.DataFrame) -> str:
    """The fingerprint of one file's part of a province (its rows and columns by value)."""
    h = hashlib.sha256(f"{len(bagian)}\n".encode())
    for bita in _bita_bagian(bagian):
        h.update(bita)
    return h.hexdigest()


def potong_provinsi(
    baris: pd.DataFrame, lewati: frozenset[str] = frozenset()
) -> Iterator[tuple[str, pd.DataFrame]]:
    """A file's component rows cut by the current-edition province of each row (see the
    module), each part with only the region codes it uses (:func:`_kategori_bagian`); the
    provinces of ``lewati`` left out."""
    if baris.empty:
        return
    if (satu := _satu_provinsi(baris)) is not None:  # a kabupaten's file: one part, whole
        if satu not in lewati:
            yield satu, _kategori_bagian(baris.reset_index(drop=True))
        return
    kode = ubah_ke_edisi_baku(baris[["kode_wilayah", "tahun"]])["kode_wilayah"]
    for prov, posisi in kelompokkan_provinsi(kode).items():
        if prov not in lewati:
            yield prov, _kategori_bagian(ambil_baris(baris, posisi).reset_index(drop=True))


def _satu_provinsi(baris: pd.DataFrame) -> str | None:
    """The province of rows that all lie in one province of the current edition, told from
    the region codes' categories (a kabupaten's or a province's file: no cut, ±1.5 ms a file
    of a province's 1,260 kabupaten files a year); None when they may not (more provinces,
    a missing code, a year of an older edition, codes as text)."""
    kode = baris["kode_wilayah"]
    if not isinstance(kode.dtype, pd.CategoricalDtype) or "tahun" not in baris:
        return None
    if (kode.cat.codes.to_numpy() < 0).any() or cari_tahun_edisi_lama(baris["tahun"]):
        return None
    prov, nama = nomori_provinsi(kode)  # per category: no text per row
    return str(nama[prov[0]]) if (prov == prov[0]).all() else None


def batas_provinsi(baris: pd.DataFrame) -> list[tuple[str, int]] | None:
    """Each province's number of rows, in row order, when the rows of each province of
    :func:`potong_provinsi` are one run (a national export in region order): the row groups
    of its cached result (:mod:`transforms.langkah.simpanan_provinsi`). None for one province
    (a kabupaten's or a province's file) or none, or when a province's rows lie apart."""
    if baris.empty or _satu_provinsi(baris) is not None:
        return None
    kode = ubah_ke_edisi_baku(baris[["kode_wilayah", "tahun"]])["kode_wilayah"]
    prov, nama = nomori_provinsi(kode)
    awal = np.concatenate([[0], np.flatnonzero(np.diff(prov)) + 1])
    if len(awal) < 2 or len(np.unique(prov[awal])) != len(awal):
        return None
    jumlah = np.diff(np.append(awal, len(prov)))
    return [(str(nama[prov[a]]), int(n)) for a, n in zip(awal, jumlah, strict=True)]


def sidik_per_provinsi(baris: pd.DataFrame) -> dict[str, str]:
    """Each province's part's fingerprint of a file's component rows of one year (ingest
    keeps them beside the file's cached result)."""
    return {prov: sidik_bagian(bagian) for prov, bagian in potong_provinsi(baris)}


def sidik_provinsi_baris(diterima: list[str] | None, bagian: list[tuple[int, str]]) -> str:
    """A province's rows' fingerprint from its parts' (file position, :func:`sidik_bagian`),
    in file order, each with when its file was received (not its position)."""
    h = hashlib.sha256()
    for ke, sidik in sorted(bagian):
        h.update(f"{diterima[ke] if diterima is not None else ''}\n{sidik}\n".encode())
    return h.hexdigest()


class TumpahanProvinsi:
    """Component rows per province, on disk (:meth:`simpan` a file's rows, :meth:`ambil` a
    province's parts). Use as a context manager: the folder is removed on any exit.

    Args:
        folder: where the parts go (made with the first part).
        diterima: when each file was received (ISO text, in file order), for the
            fingerprints; None: fingerprinted without it.
        lewati: provinces whose rows are not set aside (carried over: decided from their
            parts' fingerprints known beforehand, :meth:`catat`).
    """

    def __init__(
        self, folder: Path, diterima: list[str] | None = None, lewati: frozenset[str] = frozenset()
    ) -> None:
        self.folder = folder  # made with the first part (a full disk fails there, said so)
        self.diterima = diterima
        self.lewati = lewati
        self.baris = 0
        self._provinsi: dict[str, int] = {}  # province → parts written
        self._sidik: dict[str, list[tuple[int, str]]] = {}  # province → its parts' fingerprints
        self._selesai: set[str] = set()  # provinces taken or let go

    def __enter__(self) -> TumpahanProvinsi:
        return self

    def __exit__(self, *_: object) -> None:
        self.hapus()

    @property
    def provinsi(self) -> list[str]:
        """The provinces with rows (set aside or not) not yet taken nor let go, in code order
        (the order a run writes them)."""
        return sorted(p for p in self._sidik if p not in self._selesai)

    def simpan(
        self, ke: int, baris: pd.DataFrame, kenal: dict[str, str] | None = None
    ) -> dict[str, str]:
        """Set aside file ``ke``'s component rows (``baris``) per province
        (:func:`potong_provinsi`), but those of :attr:`lewati`. ``kenal``: the file's parts'
        fingerprints known already (kept beside its cached result), used instead of computed.
        Returns the fingerprint of each part set aside."""
        sidik = {}
        for prov, bagian in potong_provinsi(baris, self.lewati):
            self.folder.mkdir(parents=True, exist_ok=True)
            with (self.folder / f"{prov}.pkl").open("ab") as fh:
                pickle.dump((ke, bagian), fh, protocol=5)
            ada = kenal.get(prov) if kenal is not None else None
            sidik[prov] = ada if ada is not None else sidik_bagian(bagian)
            self._provinsi[prov] = self._provinsi.get(prov, 0) + 1
            self.baris += len(bagian)
        self.catat(ke, sidik)
        if self.lewati and kenal is not None:  # the parts left out: their known fingerprints
            self.catat(ke, {p: h for p, h in kenal.items() if p in self.lewati})
        return sidik

    def catat(self, ke: int, sidik: dict[str, str]) -> None:
        """File ``ke``'s parts' fingerprints (province → :func:`sidik_bagian`), known."""
        for prov, h in sidik.items():
            self._sidik.setdefault(prov, []).append((ke, h))

    def sidik(self, prov: str) -> str:
        """The fingerprint of province ``prov``'s parts so far (see the module)."""
        bagian = self._sidik.get(prov)
        return sidik_provinsi_baris(self.diterima, bagian) if bagian is not None else ""

    def ambil(self, prov: str) -> dict[int, pd.DataFrame]:
        """Province ``prov``'s parts by file position (none: empty); its file is removed."""
        if prov in self.lewati:
            raise RuntimeError(f"provinsi {prov} tidak disisihkan (dibawa)")
        path = self.folder / f"{prov}.pkl"
        bagian: dict[int, pd.DataFrame] = {}
        self._selesai.add(prov)
        if prov not in self._provinsi:
            return bagian
        with path.open("rb") as fh:
            for _ in range(self._provinsi.pop(prov)):
                ke, frame = pickle.load(fh)  # written by this run, above
                bagian[ke] = frame
        path.unlink()
        return bagian

    def buang(self, prov: str) -> None:
        """Let province ``prov``'s parts go unread (its tables are carried over)."""
        self._selesai.add(prov)
        if self._provinsi.pop(prov, None) is not None:
            (self.folder / f"{prov}.pkl").unlink(missing_ok=True)

    def hapus(self) -> None:
        """Remove the folder and every part left."""
        self._provinsi.clear()
        shutil.rmtree(self.folder, ignore_errors=True)
