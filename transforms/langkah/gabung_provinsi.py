"""A year's components combined province by province, each province written as it comes.

A run reads each file of the year once and sets its rows aside by province
(:class:`~transforms.langkah.tumpahan.TumpahanProvinsi`). Then, one province after another:
its files' rows are stacked and chosen (precedence, a later file of the same source) and
checked (:func:`~transforms.langkah.hitung.gabung_bagian`), its value warnings found, its
component rows written (``tulis``: the run writes each part into its staging generation) and
handed to the compute. Every one of those steps stays inside a province (a key holds its
region; a region's history, levels and children are its province's), so the tables are those
of the year combined at once, the same rows in the same order: ``komponen`` is written in
province order either way. What spans provinces is gathered as the provinces go and made into
the year's small tables at the end (:meth:`GabungTahun.tabel`): replaced values, value
warnings, and the share of a file's values a warning covers (a warning on most of a file's
values of a component is summarised: the count is the file's, over every province).

So a run holds one file's rows while reading, and one province's while combining and
computing: a national year's components (14 million rows) are never in memory at once.

A province whose inputs did not change since the generation in force (the same fingerprint,
:mod:`transforms.langkah.bawa_provinsi`) is neither read back, combined, written nor computed:
its files are linked (``bawa``) and what it adds to the small tables comes from the cache.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from transforms.komponen.asal import HasilBerkas
from transforms.komponen.lonjakan import (
    KOLOM_LONJAKAN,
    URUTAN_ATURAN,
    cari_lonjakan,
    hitung_nilai_bulanan,
)
from transforms.komponen.peringatan import buat_peringatan_nilai
from transforms.komponen.ramping import samakan_kategori
from transforms.langkah.bawa_provinsi import HasilGabung, Pembawa, sidik_provinsi
from transforms.langkah.hitung import buat_penggantian, catat_penggantian, gabung_bagian
from transforms.langkah.terbitkan import buat_tabel_karantina
from transforms.langkah.tumpahan import TumpahanProvinsi


def _urutkan_lonjakan(bagian: list[pd.DataFrame]) -> pd.DataFrame:
    """The provinces' warnings as one table: by rule, then province (each province's rows by
    region, component and month, as found), as :func:`cari_lonjakan` of the year lists them."""
    bagian = [b for b in bagian if len(b)]
    if not bagian:
        return pd.DataFrame(columns=KOLOM_LONJAKAN)
    semua = pd.concat(samakan_kategori(bagian), ignore_index=True)
    peringkat = semua["aturan"].map({a: i for i, a in enumerate(URUTAN_ATURAN)})
    urut = np.argsort(peringkat.fillna(len(URUTAN_ATURAN)).to_numpy(), kind="stable")
    return semua.take(urut).reset_index(drop=True)


@dataclass
class GabungTahun:
    """One year's combine, province by province (:meth:`per_provinsi`), then the year's other
    tables (:meth:`tabel`).

    Args:
        tumpahan: the year's component rows, set aside per province.
        diterima: when each file was received (ISO text, in file order).
        id_run: this run.
        tulis: writes one part of a table (name, rows) as it comes; a run's puts each
            province's ``komponen`` into its staging generation
            (:meth:`~transforms.langkah.tulis_tahun.PenulisBagian.tambah`).
        pembawa: which provinces are carried over (None: none; no fingerprints either).
        bawa: links a carried province's files (province, table → file in force)
            (:meth:`~transforms.langkah.tulis_tahun.PenulisBagian.bawa`).
        konteks: the year's context fingerprint (:func:`sidik_konteks`).
    """

    tumpahan: TumpahanProvinsi
    diterima: list[str]
    id_run: str
    tulis: Callable[[str, pd.DataFrame], None]
    pembawa: Pembawa | None = None
    bawa: Callable[[str, dict[str, Path]], None] | None = None
    konteks: str = ""
    ganti: list[pd.DataFrame] = field(default_factory=list)
    lonjakan: list[pd.DataFrame] = field(default_factory=list)
    bulanan: Counter = field(default_factory=Counter)
    sidik: dict[str, str] = field(default_factory=dict)  # province → fingerprint
    dibawa: list[str] = field(default_factory=list)  # provinces carried over

    def _tambah(self, hasil: HasilGabung) -> None:
        self.ganti += hasil.ganti
        self.lonjakan.append(hasil.lonjakan)
        self.bulanan.update(hasil.bulanan)

    def _bawa(self, prov: str) -> bool:
        """Carry province ``prov`` over when :attr:`pembawa` says so (its fingerprint kept)."""
        if self.pembawa is None:
            return False
        sidik = self.sidik[prov] = sidik_provinsi(self.konteks, self.tumpahan.sidik(prov))
        hasil = self.pembawa.cari(prov, sidik)
        if hasil is None or self.bawa is None:
            if prov in self.tumpahan.lewati:  # its rows were not set aside: never combined
                raise RuntimeError(f"provinsi {prov} dilewati tetapi tidak dibawa")
            return False
        self.tumpahan.buang(prov)
        self.bawa(prov, self.pembawa.sumber(prov))
        self._tambah(hasil)
        self.dibawa.append(prov)
        return True

    def per_provinsi(self) -> Iterator[pd.DataFrame]:
        """Each province's components (all columns; in province order), written before it is
        handed on; a carried province is linked, not handed on; what spans provinces is kept
        for :meth:`tabel`."""
        for prov in self.tumpahan.provinsi:
            if self._bawa(prov):
                continue
            bagian = self.tumpahan.ambil(prov)
            baris = [bagian.pop(i, None) for i in range(len(self.diterima))]
            komponen, ganti = gabung_bagian(baris, self.diterima, self.id_run)
            bulanan = hitung_nilai_bulanan(komponen)
            hasil = HasilGabung(
                ganti,
                cari_lonjakan(komponen),
                {(str(b), str(k)): int(n) for (b, k), n in bulanan.items()},
            )
            self._tambah(hasil)
            if self.pembawa is not None:
                self.pembawa.simpan(prov, self.sidik[prov], hasil)
            del hasil, bulanan
            self.tulis("komponen", komponen)
            yield komponen
            del komponen

    def tabel(
        self, hasil: Sequence[HasilBerkas], koreksi: Sequence[tuple[HasilBerkas, HasilBerkas]]
    ) -> dict[str, pd.DataFrame]:
        """The year's ``karantina`` (the files' problems and the value warnings),
        ``penggantian`` (with the corrections at ingest, ``koreksi``) and ``lonjakan``, once
        every province is combined (``hasil``: the files' results, without their rows)."""
        penggantian = buat_penggantian(self.ganti, koreksi, self.id_run)
        catat_penggantian(penggantian)
        lonjakan = _urutkan_lonjakan(self.lonjakan)
        self.ganti, self.lonjakan = [], []
        peringatan = None
        if len(lonjakan):
            kunci = pd.MultiIndex.from_tuples(list(self.bulanan), names=["berkas", "komponen"])
            jumlah = pd.Series(list(self.bulanan.values()), index=kunci, dtype="int64")
            peringatan = buat_peringatan_nilai(lonjakan, jumlah)
        return {
            "karantina": buat_tabel_karantina(list(hasil), self.id_run, peringatan),
            "penggantian": penggantian,
            "lonjakan": lonjakan.assign(id_run=self.id_run),
        }
