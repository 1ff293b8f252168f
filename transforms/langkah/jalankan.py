"""A whole run as plain steps: raw files in force → components → indicators → one generation.

Load inputs: every raw file in force (sidecar says source and period).
Process data: file → components (+ problems); all files → the components chosen (precedence,
corrections), the per-file rows freed, then → indicators.
Save outputs: the guard, then one generation (indikator, komponen, karantina and every other
table of the run, data dictionary, manifest) made current in one switch.
The whole run holds the output folder's lock: a second run waits (or stops, ``tunggu_kunci=0``).
The Prefect flow (``flows/pipeline.py``) passes task-wrapped versions of the three steps.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from transforms.baca.ingat import lupakan_bacaan
from transforms.hitung.presedensi import ringkas_penggantian
from transforms.keluar.galat import KeluaranGagal
from transforms.keluar.kunci import PemegangKunci, kunci_keluaran
from transforms.keluar.manifest import buat_id_run, catat_run
from transforms.keluar.memori import kembalikan_memori
from transforms.keluar.penunjuk import cari_folder_terbit
from transforms.keluar.riwayat import buat_versi
from transforms.komponen.asal import HasilBerkas
from transforms.komponen.lonjakan import cari_lonjakan, periksa_lonjakan
from transforms.langkah.hitung import langkah_gabung, langkah_indikator
from transforms.langkah.kemajuan import Kemajuan, Pelapor, abaikan
from transforms.langkah.keputusan import tentukan_kode_keluar
from transforms.langkah.pengaturan import Pengaturan, baca_pengaturan
from transforms.langkah.proses import langkah_proses, saring_tahun
from transforms.langkah.ringkasan import Ringkasan, ringkas, ringkas_masalah
from transforms.langkah.siapkan import cari_belum_tersimpan, perlu_pekerja, siapkan_simpanan
from transforms.langkah.simpanan import (
    Simpanan,
    buat_nama_entri,
    cari_folder_simpanan,
    pangkas_simpanan,
)
from transforms.langkah.simpanan_hitung import SimpananHitung
from transforms.langkah.terbitkan import buat_tabel_karantina, langkah_terbitkan
from transforms.terima.simpan import Provenans, cari_berkas_aktif


def petakan_biasa(fungsi: Callable[..., Any], *daftar: Iterable[Any]) -> list[Any]:
    """``fungsi`` on every element, one after another (the builtin ``map``, as a list).

    The Dask flow passes a version that submits every call at once
    (:func:`flows.pelaksana.petakan_tugas`); results must be picklable for that.
    """
    return list(map(fungsi, *daftar))


def pilih_berkas(
    raw: Path, tahun: int | None
) -> tuple[list[tuple[Path, Provenans]], list[tuple[Path, Provenans]]]:
    """Raw files in force (optionally of one year) and those replaced or withdrawn.

    Files whose sidecar cannot be read are in force as placeholders that the run rejects.
    """
    aktif, diganti = cari_berkas_aktif(raw, tahun)
    if tahun is not None:
        aktif = [(f, p) for f, p in aktif if tahun in (p.tahun_data or [p.tahun])]
    return aktif, diganti


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


def _catat_tanpa_terbit(out: Path, ringkasan: Ringkasan, parameter: dict[str, Any]) -> None:
    """``runs/<id_run>.json`` for a run that published nothing (best effort: the disk may be
    what failed)."""
    kode = tentukan_kode_keluar(ringkasan)
    with contextlib.suppress(OSError):
        catat_run(
            out,
            {
                "id_run": ringkasan.id_run,
                "selesai": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "pemicu": ringkasan.pemicu,
                "status": kode.name.lower(),
                "kode_keluar": int(kode),
                "galat": ringkasan.galat,
                "parameter": parameter,
                "masukan": ringkasan.berkas,
                **buat_versi(),
            },
        )


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


def baca_semua(
    inputs: list[tuple[Path, Provenans]],
    proses: Callable[..., HasilBerkas],
    tahun: int | None,
    lapor: Pelapor = abaikan,
    petakan: Callable[..., Iterable[HasilBerkas]] | None = None,
    simpanan: Simpanan | None = None,
) -> list[HasilBerkas]:
    """Every file in force through the process step, reporting each file as it is done.

    With ``petakan`` (e.g. every file submitted at once to Dask) the files are reported when
    all are back, without a per-file time; without it, one after another with its time.
    ``simpanan``: the cache passed to every call of ``proses`` (None: no cache).
    """
    lapor(Kemajuan("baca", "mulai", dari=len(inputs)))
    awal, hasil = time.perf_counter(), []
    if petakan is not None and inputs:
        paths, provs = [f for f, _ in inputs], [p for _, p in inputs]
        semua = petakan(proses, paths, provs, *_tambahan(simpanan, len(inputs)))
        for ke, ((_, prov), satu) in enumerate(zip(inputs, semua, strict=True), start=1):
            hasil.append(saring_tahun(satu, tahun))
            _lapor_berkas(lapor, ke, len(inputs), prov, hasil[-1], None)
    for ke, (path, prov) in enumerate(inputs if petakan is None else [], start=1):
        mulai = time.perf_counter()
        satu = proses(path, prov, *([] if simpanan is None else [simpanan]))
        hasil.append(saring_tahun(satu, tahun))
        _lapor_berkas(lapor, ke, len(inputs), prov, hasil[-1], time.perf_counter() - mulai)
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

    A new empty frame, not a slice: a slice would keep the rows' buffers alive.
    """
    kosong = {k: pd.Series(dtype=t) for k, t in hasil.komponen.dtypes.items()}
    return replace(hasil, komponen=pd.DataFrame(kosong))


def siapkan_dulu(
    berkas: list[tuple[Path, Provenans]], simpanan: Simpanan, pekerja: int, lapor: Pelapor
) -> Simpanan:
    """The files without a cache entry processed in worker processes first, when worth it;
    returns the cache the run then reads. With ``--tanpa-cache`` the workers process every
    file again, and the run reads the entries they wrote (``segar``), no older one."""
    daftar = cari_belum_tersimpan(berkas, simpanan)
    if pekerja < 1 or not perlu_pekerja(daftar):
        return simpanan
    tersimpan = siapkan_simpanan(daftar, simpanan, pekerja, lapor)
    segar = {buat_nama_entri(p) for _, p in daftar if tersimpan.get(p.berkas)}
    return replace(simpanan, segar=simpanan.segar | {n for n in segar if n})


def _baca_masukan(
    raw: Path,
    berkas: tuple[list[tuple[Path, Provenans]], list[tuple[Path, Provenans]]],
    proses: Callable[..., HasilBerkas],
    tahun: int | None,
    petakan: Callable[..., Iterable[HasilBerkas]] | None,
    simpanan: Simpanan,
    lapor: Pelapor,
    pekerja: int = 0,
) -> tuple[list[HasilBerkas], list[tuple[HasilBerkas, HasilBerkas]]]:
    """Every file in force and every file a correction replaced, through the process step
    with the run's cache; then the cache entries no stored file can use are removed.

    Run locally (no ``petakan``), files without a cache entry are first processed by
    ``pekerja`` worker processes when they are worth it (:mod:`transforms.langkah.siapkan`).
    """
    inputs, diganti = berkas
    if petakan is None:
        simpanan = siapkan_dulu([*inputs, *diganti], simpanan, pekerja, lapor)
    hasil = baca_semua(inputs, proses, tahun, lapor, petakan, simpanan)
    koreksi = baca_pendahulu(inputs, diganti, hasil, proses, tahun, petakan, simpanan)
    pangkas_simpanan(simpanan, raw)
    lupakan_bacaan()  # the last file's memoised read is not needed by the compute step
    return hasil, koreksi


def _susun_tabel(
    komponen: pd.DataFrame,
    penggantian: pd.DataFrame,
    hasil: list[HasilBerkas],
    ringkasan: Ringkasan,
    target: Path | None,
    hitung_semua: Callable[..., pd.DataFrame],
    simpanan: SimpananHitung | None = None,
) -> dict[str, pd.DataFrame]:
    """The run's tables from the chosen components (``hasil``: the per-file results without
    their rows): indicators, value warnings, karantina; the summary filled on the way.
    ``simpanan``: the province-year indicators kept by earlier runs (None: none)."""
    indikator = hitung_semua(komponen, ringkasan.id_run, target, simpanan)
    ringkas(ringkasan, hasil, indikator)
    beda = penggantian[~penggantian["sama"].astype(bool)] if len(penggantian) else penggantian
    ringkasan.penggantian = ringkas_penggantian(beda, maks=5)
    kembalikan_memori()  # the roll-up's frames, before the warnings and the publish step
    lonjakan = cari_lonjakan(komponen)  # value warnings as data; text only for rows shown
    karantina = buat_tabel_karantina(hasil, ringkasan.id_run, periksa_lonjakan(komponen, lonjakan))
    ringkas_masalah(ringkasan, karantina, lonjakan)
    return {
        "indikator": indikator,
        "komponen": komponen,
        "karantina": karantina,
        "penggantian": penggantian,
        "lonjakan": lonjakan.assign(id_run=ringkasan.id_run),
    }


def _hitung_dan_terbitkan(
    raw: Path,
    out: Path,
    tahun: int | None,
    target: Path | None,
    ringkasan: Ringkasan,
    langkah: tuple[Callable[..., Any], ...],
    pengaturan: Pengaturan,
    lapor: Pelapor,
) -> None:
    """Under the lock: read every file in force, compute, publish (or record why not)."""
    proses, hitung_semua, tulis, petakan = langkah
    parameter = {
        "raw": str(raw),
        "out": str(out),
        "tahun": tahun,
        "target": str(target or ""),
        "pemicu": ringkasan.pemicu,
    }
    cari_folder_terbit(out)  # a broken pointer stops the run before any work
    inputs, diganti = pilih_berkas(raw, tahun)
    if not inputs:
        untuk = f" untuk tahun {tahun}" if tahun is not None else ""
        ringkasan.galat = (
            f"tidak ada berkas di penyimpanan raw {raw}{untuk}; jalankan 'indikator ingest' dulu."
        )
        _catat_tanpa_terbit(out, ringkasan, parameter)
        return
    berkas = (inputs, diganti)
    simpanan = Simpanan(cari_folder_simpanan(raw, pengaturan.cache), not pengaturan.tanpa_cache)
    hasil, koreksi = _baca_masukan(
        raw, berkas, proses, tahun, petakan, simpanan, lapor, pengaturan.pekerja
    )
    diterima = [p.diterima for _, p in inputs]
    lapor(Kemajuan("hitung", "mulai"))
    mulai = time.perf_counter()
    komponen, penggantian = langkah_gabung(hasil, diterima, ringkasan.id_run, koreksi)
    # the per-file rows are in ``komponen`` now: free them before the indicators (peak memory)
    hasil, koreksi = [lepas_komponen(h) for h in hasil], []
    kembalikan_memori()
    hitungan = SimpananHitung.dari(simpanan)  # the province-year indicators beside the files'
    tables = _susun_tabel(komponen, penggantian, hasil, ringkasan, target, hitung_semua, hitungan)
    lapor(Kemajuan("hitung", "selesai", detik=time.perf_counter() - mulai))
    kembalikan_memori()
    lapor(Kemajuan("terbitkan", "mulai"))
    mulai = time.perf_counter()
    try:
        tulis(out, tables, ringkasan, parameter, inputs, diganti, pengaturan)
    except KeluaranGagal as exc:
        ringkasan.galat = str(exc)
        _catat_tanpa_terbit(out, ringkasan, parameter)
        raise
    lapor(Kemajuan("terbitkan", "selesai", detik=time.perf_counter() - mulai))


def jalankan(
    raw: Path,
    out: Path,
    tahun: int | None = None,
    *,
    target: Path | None = None,
    pengaturan: Pengaturan | None = None,
    saat_menunggu: Callable[[PemegangKunci | None], None] | None = None,
    pemicu: str = "manual",
    proses: Callable[..., HasilBerkas] = langkah_proses,
    hitung_semua: Callable[..., pd.DataFrame] = langkah_indikator,
    tulis: Callable[..., Path | None] = langkah_terbitkan,
    petakan: Callable[..., Iterable[HasilBerkas]] | None = None,
    lapor: Pelapor = abaikan,
) -> Ringkasan:
    """A whole run. The Prefect flow passes task-wrapped versions of the three steps.

    Args:
        raw: raw store folder.
        out: output folder.
        tahun: only this year's files (and output year); all years when None.
        target: folder of the region's own targets (CSV), if any.
        pengaturan: guard, retention and lock settings (from the environment when None).
        saat_menunggu: called once with the holder when another run holds the lock.
        pemicu: what started the run, kept as ``pemicu`` in ``runs/<id_run>.json``: ``manual``,
            ``terjadwal`` (a deployment's schedule), ``koreksi`` (a rerun after a correction).
        proses: one file → :class:`HasilBerkas`, called ``proses(path, prov, simpanan)``
            with the run's cache (:class:`~transforms.langkah.simpanan.Simpanan`).
        hitung_semua: the components of all files (after precedence and corrections,
            :func:`~transforms.langkah.hitung.langkah_gabung`) → the indicators,
            called ``hitung_semua(komponen, id_run, target, simpanan)`` with the kept
            province-year indicators (:class:`~transforms.langkah.simpanan_hitung.SimpananHitung`).
        tulis: publishes outputs and the manifest.
        petakan: how ``proses`` is applied to every file, ``petakan(proses, paths, provs,
            simpanans)``; None: one after another (:func:`petakan_biasa`).
        lapor: called with each :class:`Kemajuan` (steps, and each file read).

    Raises:
        KunciDipegang: another run kept the output folder longer than the wait allowed.
        KeluaranGagal: the output folder could not be written, or its pointer is broken.
    """
    pengaturan = pengaturan or baca_pengaturan()
    ringkasan = Ringkasan(id_run=buat_id_run(), pemicu=pemicu or "manual")
    with kunci_keluaran(
        out, ringkasan.id_run, tunggu=pengaturan.tunggu_kunci, saat_menunggu=saat_menunggu
    ) as basi:
        ringkasan.kunci_basi = str(basi) if basi else None
        langkah = (proses, hitung_semua, tulis, petakan)
        _hitung_dan_terbitkan(raw, out, tahun, target, ringkasan, langkah, pengaturan, lapor)
    return ringkasan
