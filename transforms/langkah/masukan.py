"""The run's inputs: every raw file in force (and each file a correction replaced) through the
process step, with the run's cache; files without a cache entry first go to worker processes
(:mod:`transforms.langkah.siapkan`)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from transforms.baca.ingat import lupakan_bacaan
from transforms.komponen.asal import HasilBerkas
from transforms.komponen.ramping import kategori_terpakai
from transforms.langkah.kemajuan import Kemajuan, Pelapor, abaikan
from transforms.langkah.proses import saring_tahun
from transforms.langkah.siapkan import cari_belum_tersimpan, perlu_pekerja, siapkan_simpanan
from transforms.langkah.simpanan import Simpanan, buat_nama_entri, pangkas_simpanan
from transforms.terima.simpan import Provenans


def petakan_biasa(fungsi: Callable[..., Any], *daftar: Iterable[Any]) -> list[Any]:
    """``fungsi`` on every element, one after another (the builtin ``map``, as a list).

    The Dask flow passes a version that submits every call at once
    (:func:`flows.pelaksana.petakan_tugas`); results must be picklable for that.
    """
    return list(map(fungsi, *daftar))


def pilih_pendahulu(
    inputs: list[tuple[Path, Provenans]], diganti: list[tuple[Path, Provenans]]
) -> list[tuple[int, Path, Provenans]]:
    """For each file in force that corrected earlier ones: its position and each such file."""
    per_berkas = {p.berkas: (f, p) for f, p in diganti}
    return [
        (i, *per_berkas[lama])
        for i, (_, p) in enumerate(inputs)
        for lama in p.menggantikan or []
        if lama in per_berkas
    ]


def _lapor_berkas(
    lapor: Pelapor, ke: int, dari: int, prov: Provenans, satu: HasilBerkas, detik: float | None
) -> None:
    a = satu.akuntansi
    baris, tolak = int(a.get("baris_dibaca", 0)), a.get("ditolak")
    lapor(Kemajuan("baca", "berkas", ke, dari, prov.berkas, detik, baris, tolak))


def _tambahan(simpanan: Simpanan | None, n: int) -> list[list[Simpanan]]:
    """The cache as the third argument list of ``n`` calls of ``proses``; none without one
    (a ``proses(path, prov)`` of two arguments still works)."""
    return [] if simpanan is None else [[simpanan] * n]


def _tambahan_satu(simpanan: Simpanan | None) -> list[Simpanan]:
    return [] if simpanan is None else [simpanan]


Terima = Callable[[int, HasilBerkas], HasilBerkas]
"""What becomes of a file's result as it is read: called with the file's position and its
result, returns what the run keeps (a run sets the rows aside and keeps the result without
them: :func:`~transforms.langkah.masukan.lepas_komponen`)."""


def baca_semua(
    inputs: list[tuple[Path, Provenans]],
    proses: Callable[..., HasilBerkas],
    tahun: int | None,
    lapor: Pelapor = abaikan,
    petakan: Callable[..., Iterable[HasilBerkas]] | None = None,
    simpanan: Simpanan | None = None,
    terima: Terima | None = None,
) -> list[HasilBerkas]:
    """Every file in force through the process step, reporting each file as it is done.

    With ``petakan`` (e.g. every file submitted at once to Dask) the files are reported when
    all are back, without a per-file time; without it, one after another with its time.
    ``simpanan``: the cache passed to every call of ``proses`` (None: no cache).
    ``terima``: each file's result (only ``tahun``'s rows) goes through it as it comes, what
    it returns is kept (:data:`Terima`).
    """
    lapor(Kemajuan("baca", "mulai", dari=len(inputs)))
    awal, hasil = time.perf_counter(), []
    terima = terima or (lambda _, satu: satu)
    if petakan is not None and inputs:
        paths, provs = [f for f, _ in inputs], [p for _, p in inputs]
        semua = petakan(proses, paths, provs, *_tambahan(simpanan, len(inputs)))
        for ke, ((_, prov), satu) in enumerate(zip(inputs, semua, strict=True), start=1):
            satu = saring_tahun(satu, tahun)
            _lapor_berkas(lapor, ke, len(inputs), prov, satu, None)
            hasil.append(terima(ke - 1, satu))
    for ke, (path, prov) in enumerate(inputs if petakan is None else [], start=1):
        mulai = time.perf_counter()
        satu = saring_tahun(proses(path, prov, *_tambahan_satu(simpanan)), tahun)
        _lapor_berkas(lapor, ke, len(inputs), prov, satu, time.perf_counter() - mulai)
        hasil.append(terima(ke - 1, satu))
        del satu
    lapor(Kemajuan("baca", "selesai", detik=time.perf_counter() - awal))
    return hasil


def baca_pendahulu(
    inputs: list[tuple[Path, Provenans]],
    diganti: list[tuple[Path, Provenans]],
    hasil: list[HasilBerkas],
    proses: Callable[..., HasilBerkas],
    tahun: int | None,
    petakan: Callable[..., Iterable[HasilBerkas]] | None = None,
    simpanan: Simpanan | None = None,
) -> list[tuple[HasilBerkas, HasilBerkas]]:
    """Each file a correction replaced, read again (or from ``simpanan``) and paired with the
    correction's result (its changed values are listed in the ``penggantian`` table)."""
    pendahulu = pilih_pendahulu(inputs, diganti)
    lama = (petakan or petakan_biasa)(
        proses,
        [f for _, f, _ in pendahulu],
        [p for _, _, p in pendahulu],
        *_tambahan(simpanan, len(pendahulu)),
    )
    return [
        (saring_tahun(h, tahun), hasil[i]) for h, (i, _, _) in zip(lama, pendahulu, strict=True)
    ]


def lepas_komponen(hasil: HasilBerkas) -> HasilBerkas:
    """A file's result without its component rows (they are in the combined table by then).

    A new empty frame, not a slice: a slice would keep the rows' buffers alive. Its columns
    keep their types, categorical ones cut to the categories its (no) rows use
    (:func:`~transforms.komponen.ramping.kategori_terpakai`): a national file's ±83,000 region
    codes, with the lookup table pandas builds for them, were ±7 MB a file kept for every file
    of the year (260 MB in a national 12-month run).
    """
    kosong = {k: pd.Series(dtype=t) for k, t in hasil.komponen.dtypes.items()}
    return replace(hasil, komponen=kategori_terpakai(pd.DataFrame(kosong)))


def siapkan_dulu(
    berkas: list[tuple[Path, Provenans]], simpanan: Simpanan, pekerja: int, lapor: Pelapor
) -> Simpanan:
    """The files without a cache entry processed in worker processes first, when worth it;
    returns the cache the run then reads. With ``--tanpa-cache`` the workers process every
    file again, and the run reads the entries they wrote (``segar``), no older one."""
    daftar = cari_belum_tersimpan(berkas, simpanan)
    if pekerja < 1 or not perlu_pekerja([path for path, _ in daftar]):
        return simpanan
    tersimpan = siapkan_simpanan(daftar, simpanan, pekerja, lapor)
    segar = {buat_nama_entri(p) for _, p in daftar if tersimpan.get(p.berkas)}
    return replace(simpanan, segar=simpanan.segar | {n for n in segar if n})


def baca_masukan(
    berkas: tuple[list[tuple[Path, Provenans]], list[tuple[Path, Provenans]]],
    proses: Callable[..., HasilBerkas],
    tahun: int | None,
    petakan: Callable[..., Iterable[HasilBerkas]] | None,
    simpanan: Simpanan,
    lapor: Pelapor,
    terima: Terima | None = None,
) -> tuple[list[HasilBerkas], list[tuple[HasilBerkas, HasilBerkas]]]:
    """Every file in force and every file a correction replaced, through the process step
    with the run's cache (only ``tahun``'s components, when given; without the provinces of
    ``simpanan.lewati`` where a file's cached rows allow, but a correction and the files it
    replaced). ``terima``: see :func:`baca_semua`; a correction's own result is kept whole
    for its pair all the same."""
    inputs, diganti = berkas
    pasangan = pilih_pendahulu(inputs, diganti)
    koreksi_ke = {i for i, _, _ in pasangan}
    if simpanan.lewati:  # a correction and the files it replaced are compared whole
        nama = {inputs[i][1].berkas for i in koreksi_ke} | {p.berkas for _, _, p in pasangan}
        simpanan = replace(simpanan, utuh=simpanan.utuh | nama)
    utuh: dict[int, HasilBerkas] = {}

    def _terima(ke: int, satu: HasilBerkas) -> HasilBerkas:
        if ke in koreksi_ke:
            utuh[ke] = satu
        return terima(ke, satu) if terima else satu

    hasil = baca_semua(inputs, proses, tahun, lapor, petakan, simpanan, _terima)
    penuh = [utuh.get(i, h) for i, h in enumerate(hasil)]
    koreksi = baca_pendahulu(inputs, diganti, penuh, proses, tahun, petakan, simpanan)
    lupakan_bacaan()  # the last file's memoised read is not needed by the compute step
    return hasil, koreksi


def siapkan_masukan(
    raw: Path,
    berkas: list[tuple[Path, Provenans]],
    simpanan: Simpanan,
    pekerja: int,
    lapor: Pelapor,
    petakan: Callable[..., Iterable[HasilBerkas]] | None = None,
) -> Simpanan:
    """Before a run reads its files: run locally (no ``petakan``), the files without a cache
    entry go to ``pekerja`` worker processes first when worth it (:func:`siapkan_dulu`); then
    the cache entries no stored file can use are removed. Returns the cache the run reads."""
    if petakan is None:
        simpanan = siapkan_dulu(berkas, simpanan, pekerja, lapor)
    pangkas_simpanan(simpanan, raw)
    return simpanan
