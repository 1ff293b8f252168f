"""The compute province by province: each province-year's indicators from its component rows
(or kept by an earlier run), stacked into one table (:mod:`transforms.hitung.bagian`).

A province-year is the unit of work: the step :func:`hitung_provinsi` takes everything it needs
in its arguments, so the flow can run it as one Prefect task per province-year, one after
another in its own process or all at once on Dask workers (:data:`LangkahProvinsi`).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from schemas.model import Katalog
from transforms.hitung.bagian import susun_bagian
from transforms.hitung.indikator import URUTAN_INDIKATOR, hitung_indikator
from transforms.keluar.memori import kembalikan_memori
from transforms.komponen.ramping import kategori_terpakai, samakan_kategori
from transforms.langkah.pekerja_hitung import Hasil, PekerjaHitung
from transforms.langkah.simpanan_hitung import KOLOM_HITUNG, SimpananHitung
from transforms.wilayah.edisi import EDISI_BAKU, cari_edisi_untuk_tahun
from transforms.wilayah.kode import PANJANG_KODE
from transforms.wilayah.master import muat_master
from transforms.wilayah.perubahan import ubah_ke_edisi
from transforms.wilayah.provinsi import ambil_baris, bagi_per_provinsi, kelompokkan_provinsi


@functools.lru_cache(maxsize=4)
def hitung_wilayah_berlaku(edisi: str) -> tuple[pd.Series, pd.Series]:
    """Desa under each region and child regions of each region, of the master ``edisi``
    counted under the current edition's codes (those the compute uses: every code is carried
    to :data:`EDISI_BAKU` before it). A kabupaten moved to a new province counts under the
    new one; a region without a current code (merged, split) is not counted."""
    master = muat_master(edisi)
    if edisi == EDISI_BAKU:
        anak = master.frame["kode_induk"].value_counts()
        return master.hitung_jumlah_desa_semua(), anak.astype("int64")  # numpy, as the other
    kode = ubah_ke_edisi(master.frame["kode_wilayah"], edisi)["kode_wilayah"]
    kode = pd.Series(kode.dropna().unique(), dtype="str")
    panjang = kode.str.len()
    desa = kode[panjang == PANJANG_KODE["desa"]]
    tingkat_atas = [PANJANG_KODE[t] for t in ("provinsi", "kabupaten", "kecamatan")]
    jumlah_desa = pd.concat([desa, *(desa.str.slice(0, n) for n in tingkat_atas)]).value_counts()
    induk = pd.concat(
        [
            kode[panjang == anak].str.slice(0, atas)
            for atas, anak in itertools.pairwise([*tingkat_atas, PANJANG_KODE["desa"]])
        ]
    )
    return jumlah_desa.astype("int64"), induk.value_counts().astype("int64")


@functools.lru_cache(maxsize=8)
def _alat_tahun(tahun: int) -> tuple[Callable[..., pd.Series], ...]:
    """Region lookups of one year: desa counts, names, number of child regions (built once
    per year in a process: every province-year of that year uses the same).

    Desa counts and children are those of the edition in force that year, counted under the
    current edition's codes (:func:`hitung_wilayah_berlaku`); names from the current edition
    (the older one only for codes the current lacks).
    """
    baku = muat_master(EDISI_BAKU)
    master = muat_master(cari_edisi_untuk_tahun(tahun))
    desa, anak = hitung_wilayah_berlaku(cari_edisi_untuk_tahun(tahun))
    desa_baku, anak_baku = hitung_wilayah_berlaku(EDISI_BAKU)
    nama = baku.frame.set_index("kode_wilayah")["nama_wilayah"]
    nama_lama = master.frame.set_index("kode_wilayah")["nama_wilayah"]

    def jumlah_desa(kode: Any) -> pd.Series:
        kode = pd.Index(kode)
        return desa.reindex(kode).fillna(desa_baku.reindex(kode))

    def nama_wilayah(kode: pd.Series) -> pd.Series:
        baru = kode.map(nama)
        kurang = baru.isna().to_numpy()  # the older edition only for codes the current lacks
        return baru.fillna(kode[kurang].map(nama_lama)) if kurang.any() else baru

    def jumlah_anak(kode: Any) -> pd.Series:
        kode = pd.Index(kode)
        return anak.reindex(kode).fillna(anak_baku.reindex(kode))

    return jumlah_desa, nama_wilayah, jumlah_anak


def _kolom_hitung(frame: pd.DataFrame) -> pd.DataFrame:
    """Only the columns the compute reads (:data:`KOLOM_HITUNG`) that ``frame`` has."""
    return frame[[k for k in KOLOM_HITUNG if k in frame.columns]]


def cari_provinsi_tahun(satu: pd.DataFrame) -> tuple[str, int]:
    """The province code (``33``, or ``31-36`` for the rows of several provinces computed
    together) and the year of one compute's rows."""
    kode = satu["kode_wilayah"]
    awal, akhir = (str(kode.iloc[i])[: PANJANG_KODE["provinsi"]] for i in (0, -1))
    return awal if awal == akhir else f"{awal}-{akhir}", int(satu["tahun"].iloc[0])


def _tersimpan(
    satu: pd.DataFrame, tahun: int, id_run: str, simpanan: SimpananHitung | None
) -> tuple[str | None, pd.DataFrame | None]:
    """The entry name of one province-year's rows and its kept indicators (None: none kept,
    or no cache)."""
    nama = simpanan.nama(satu, tahun) if simpanan else None
    return nama, simpanan.baca(nama, id_run) if simpanan and nama else None


def hitung_provinsi(
    satu: pd.DataFrame,
    katalog: Katalog,
    id_run: str,
    simpanan: SimpananHitung | None = None,
) -> pd.DataFrame:
    """One province-year's indicators from its component rows, or the kept ones of an earlier
    run with the same rows (``simpanan``, already :meth:`~SimpananHitung.untuk` ``katalog``).
    Without ``simpanan``, ``satu`` may hold several provinces of one year (their indicators
    are those of each alone, stacked: :mod:`transforms.hitung.bagian`).

    Only :data:`KOLOM_HITUNG` are read. The unit of work the flow runs as one task (on
    Dask, on the workers: everything it needs comes in its arguments, the region master from
    the worker's own copy of the project)."""
    satu = _kolom_hitung(satu)
    tahun = int(satu["tahun"].iloc[0])
    nama, hasil = _tersimpan(satu, tahun, id_run, simpanan)
    if hasil is None:
        jumlah_desa, nama_wilayah, jumlah_anak = _alat_tahun(tahun)
        hasil = hitung_indikator(satu, katalog, jumlah_desa, nama_wilayah, id_run, jumlah_anak)
        if simpanan and nama:
            simpanan.simpan(nama, hasil)
    return hasil


BARIS_BLOK = 750_000
"""Component rows computed in one call when provinces go one after another: the provinces of
a year without a kept result are computed together up to about this many rows, each
province's result then kept on its own. A call costs about 0.2 s beyond its rows. Measured
in one process (compute only, national data): a month 38 calls 19.7 s CPU, peak 506 MB; in
calls of 750,000 rows 9.3 s, 869 MB (one call of 1.5 million: 11.7 s, 1,223 MB); a year
58-63 s, 2,066 MB → 45-47 s, 2,116 MB."""

_Menunggu = tuple[list[pd.DataFrame | None], int, pd.DataFrame, str | None]
"""A province-year to compute: its province's result slots, its slot, its rows, its entry."""


def hitung_blok(
    satu: pd.DataFrame,
    katalog: Katalog,
    id_run: str,
    milik: list[tuple[str, str | None]],
    simpanan: SimpananHitung | None = None,
    hitung: Callable[..., pd.DataFrame] = hitung_provinsi,
) -> list[pd.DataFrame]:
    """One block's indicators (``hitung``), split per province-year (``milik``: each one's
    province code and cache entry name, in the block's order), each kept under its name."""
    semua = hitung(satu, katalog, id_run)
    if len(milik) == 1:
        bagian = [semua]
    else:
        per_prov = kelompokkan_provinsi(semua["kode_wilayah"])
        kosong = np.array([], dtype=np.int64)
        bagian = [
            kategori_terpakai(semua.take(per_prov.get(prov, kosong)).reset_index(drop=True))
            for prov, _ in milik
        ]
    for frame, (_, nama) in zip(bagian, milik, strict=True):
        if simpanan and nama:
            simpanan.simpan(nama, frame)
    return bagian


def _mulai_blok(
    menunggu: list[_Menunggu],
    pelaksana: PekerjaHitung,
    argumen: tuple[Callable[..., pd.DataFrame], SimpananHitung | None],
    lanjut: bool = True,
) -> tuple[list[_Menunggu], Hasil]:
    """Start computing the province-years ``menunggu`` (one year) as one block (``argumen``:
    the step and the cache; ``lanjut``: more rows follow)."""
    satu = [m[2] for m in menunggu]
    rakit = satu[0] if len(satu) == 1 else pd.concat(satu)
    milik = [(cari_provinsi_tahun(m[2])[0], m[3]) for m in menunggu]
    return menunggu, pelaksana.mulai(rakit, milik, *argumen, lanjut=lanjut)


def _isi_blok(menunggu: list[_Menunggu], hasil: Hasil) -> None:
    """Put each province-year's rows of a block's result in its slot."""
    for (slot, ke, _, _), bagian in zip(menunggu, hasil(), strict=True):  # may wait
        slot[ke] = bagian


def _per_blok(
    provinsi: Iterator[list[pd.DataFrame]],
    hitung: Callable[..., pd.DataFrame],
    argumen: tuple[Katalog, str, SimpananHitung | None],
    pekerja: tuple[int, Path | None] = (0, None),
) -> Iterator[list[pd.DataFrame]]:
    """Each province's results (one per year), in order: kept ones read, the others computed
    :data:`BARIS_BLOK` rows of a year at a time (a correction's one province alone); from the
    second block on in ``pekerja[0]`` worker processes, through files in the folder
    ``pekerja[1]``, while the next is combined (:mod:`transforms.langkah.pekerja_hitung`;
    only for the plain step, not a flow's task)."""
    katalog, id_run, simpanan = argumen
    antre: list[list[pd.DataFrame | None]] = []
    blok: dict[int, list[_Menunggu]] = {}
    jalan: list[tuple[list[_Menunggu], Hasil]] = []  # blocks started, in order
    jumlah, antar = pekerja if hitung is hitung_provinsi else (0, None)
    langkah = (hitung, simpanan)
    with PekerjaHitung(jumlah, katalog, id_run, antar) as pelaksana:
        for per_tahun in provinsi:
            antre.append(slot := [None] * len(per_tahun))
            for ke, satu in enumerate(per_tahun):
                tahun = int(satu["tahun"].iloc[0])
                nama, slot[ke] = _tersimpan(satu, tahun, id_run, simpanan)
                if slot[ke] is None:
                    blok.setdefault(tahun, []).append((slot, ke, satu, nama))
                    if sum(len(m[2]) for m in blok[tahun]) >= BARIS_BLOK:
                        jalan.append(_mulai_blok(blok.pop(tahun), pelaksana, langkah))
            # blocks done are taken in order; at most one per worker is left computing
            while jalan and (len(jalan) > pelaksana.jumlah or jalan[0][1].siap()):
                _isi_blok(*jalan.pop(0))
            while antre and all(s is not None for s in antre[0]):
                yield antre.pop(0)
        jalan += [_mulai_blok(blok.pop(t), pelaksana, langkah, False) for t in sorted(blok)]
        while jalan:
            _isi_blok(*jalan.pop(0))
    yield from antre


BagianKomponen = pd.DataFrame | Iterable[pd.DataFrame]
"""Components to compute: one table, or its provinces one after another (in province order,
each province whole: a run combines them so, :mod:`transforms.langkah.gabung_provinsi`)."""

LangkahProvinsi = tuple[Callable[..., pd.DataFrame], Callable[..., Sequence[Any]] | None]
"""How a compute applies the per-province-year step: the step (:func:`hitung_provinsi`, or the
flow's task of it) and None, one call after another as the provinces are cut, the provinces
without a kept result together up to :data:`BARIS_BLOK` rows (:func:`_per_blok`), or a map
that submits calls at once, given the step and its argument lists
(:func:`flows.pelaksana.petakan_tugas`: Dask workers compute the provinces), one call per
province-year, for :data:`JENDELA` provinces at a time."""


def _potong_provinsi(komponen: BagianKomponen) -> Iterator[list[pd.DataFrame]]:
    """Each province's rows, one frame per year (in the table's order), only the columns the
    compute reads."""
    for frame in [komponen] if isinstance(komponen, pd.DataFrame) else komponen:
        if frame.empty:
            continue
        frame = _kolom_hitung(frame)  # the other columns go with the caller's frame
        for per_tahun in bagi_per_provinsi(frame["kode_wilayah"], frame["tahun"]):
            yield [ambil_baris(frame, baris) for baris in per_tahun]
        del frame


JENDELA = 8
"""Provinces whose rows are submitted at once by a mapped compute (Dask): their rows travel
in the calls, so the flow's process holds only this many provinces' rows (and the client their
serialised copies) at a time; a national year is five such rounds."""


def _per_jendela(
    provinsi: Iterator[list[pd.DataFrame]],
    langkah: tuple[Callable[..., pd.DataFrame], Callable[..., Sequence[Any]], int],
    argumen: tuple[Katalog, str, SimpananHitung | None],
) -> Iterator[list[pd.DataFrame]]:
    """Each province's results (one per year): ``langkah`` is the step, the map applying it
    and how many provinces each call of the map gets."""
    hitung, petakan, lebar = langkah
    while jendela := list(itertools.islice(provinsi, lebar)):
        datar = [satu for prov in jendela for satu in prov]
        tahun_per_prov = [len(prov) for prov in jendela]
        del jendela  # the rows go with the calls; only their results stay
        keluar = iter(petakan(hitung, datar, *([a] * len(datar) for a in argumen)))
        del datar
        for k in tahun_per_prov:
            yield [next(keluar) for _ in range(k)]


def hitung_per_tahun(
    komponen: BagianKomponen,
    katalog: Katalog,
    id_run: str,
    simpanan: SimpananHitung | None = None,
    langkah: LangkahProvinsi | None = None,
) -> pd.DataFrame:
    """Indicators from components (current-edition codes), province by province and year by
    year (:mod:`transforms.hitung.bagian`), as one table in province order (provinces by
    code, each sorted by ``URUTAN_INDIKATOR``: the order the fact files are written in).

    Names come from the current master edition; desa counts and the number of child regions
    (completeness) from the edition in force for each year. With ``simpanan``, a province-year
    whose rows an earlier run computed is read instead (:mod:`transforms.langkah.simpanan_hitung`).
    ``langkah``: how each province-year is computed (:data:`LangkahProvinsi`).
    """
    kolom_out = list(katalog.kolom["indikator"])
    bagian = hitung_per_provinsi(komponen, katalog, id_run, simpanan, langkah)
    hasil = susun_bagian(bagian, kembalikan_memori)
    return hasil if len(hasil) else pd.DataFrame(columns=kolom_out)


def hitung_per_provinsi(
    komponen: BagianKomponen,
    katalog: Katalog,
    id_run: str,
    simpanan: SimpananHitung | None = None,
    langkah: LangkahProvinsi | None = None,
    pekerja: int = 0,
    antar: Path | None = None,
) -> Iterator[pd.DataFrame]:
    """The indicators of :func:`hitung_per_tahun`, one province (all its years) at a time, in
    province order, each sorted, never stacked: a run writes each province as it comes
    (:mod:`transforms.langkah.tulis_tahun`), so a national year's indicator table (±0.8 GB)
    is never in memory whole. Nothing for no components.

    ``komponen``: one table (only its :data:`KOLOM_HITUNG` are kept from the first province
    on, the other columns are freed with the caller's frame), or its provinces one after
    another, each taken as it is needed (a run combines and writes each as it comes).
    ``langkah``: see :data:`LangkahProvinsi`; None: :func:`hitung_provinsi`, the provinces
    without a kept result together (:func:`_per_blok`), from the second block on in
    ``pekerja`` worker processes, their blocks passed through files in the folder ``antar``
    (None: no worker; a run's: :data:`~transforms.langkah.pekerja_hitung.ANTAR` in its staging
    folder)."""
    hitung, petakan = langkah or (hitung_provinsi, None)
    simpanan = simpanan.untuk(katalog) if simpanan is not None else None
    argumen = (katalog, id_run, simpanan)
    if petakan is None:
        hasil = _per_blok(_potong_provinsi(komponen), hitung, argumen, (pekerja, antar))
    else:
        hasil = _per_jendela(_potong_provinsi(komponen), (hitung, petakan, JENDELA), argumen)
    for bagian in hasil:
        bagian = [b for b in bagian if len(b)]
        if len(bagian) == 1:
            yield bagian[0]
        elif bagian:  # years of one province: the full key order again
            semua_tahun = pd.concat(samakan_kategori(bagian), ignore_index=True)
            yield semua_tahun.sort_values(URUTAN_INDIKATOR, na_position="first", ignore_index=True)
