"""A whole run as plain steps: raw files in force → components → indicators → one generation.

Load inputs: every raw file in force (sidecar says source and period).
Process data: file → components (+ problems), each file's rows set aside by province as it
is read (:mod:`transforms.langkah.tumpahan`); then province by province: the components chosen
(precedence, corrections) and written, → indicators, written into the run's staging generation
as they are computed (:mod:`transforms.langkah.gabung_provinsi`,
:mod:`transforms.langkah.tulis_tahun`). Save outputs: the guard on the year written, then one
generation (indikator, komponen, karantina and every other table of the run, data dictionary,
manifest) made current in one switch. A run goes one year at a time (read, compute and write,
guard), and a year one province at a time, so only one file's or one province's components
are ever in memory, never a year's, nor its indicator table whole; the switch is still one.
The whole run holds the output folder's lock: a second run waits (or stops, ``tunggu_kunci=0``).
The Prefect flow (``flows/pipeline.py``) passes task-wrapped versions of the three steps.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from transforms.keluar.galat import KeluaranGagal, jelaskan_galat_os
from transforms.keluar.generasi import bersihkan_sisa, folder_staging, hapus_staging
from transforms.keluar.kunci import PemegangKunci, kunci_keluaran
from transforms.keluar.manifest import buat_id_run, catat_run
from transforms.keluar.memori import kembalikan_memori
from transforms.keluar.penunjuk import baca_id_terkini, cari_folder_terbit
from transforms.keluar.riwayat import buat_versi
from transforms.komponen.asal import HasilBerkas
from transforms.langkah.bawa_provinsi import Pembawa, SidikBerkas, sidik_konteks
from transforms.langkah.gabung_provinsi import GabungTahun
from transforms.langkah.hitung import langkah_indikator_bertahap
from transforms.langkah.kemajuan import Kemajuan, Pelapor, abaikan
from transforms.langkah.keputusan import berkas_ditolak, tentukan_kode_keluar
from transforms.langkah.masukan import baca_masukan, lepas_komponen, siapkan_masukan
from transforms.langkah.pekerja_hitung import ANTAR
from transforms.langkah.pengaturan import Pengaturan, baca_pengaturan
from transforms.langkah.proses import langkah_proses
from transforms.langkah.ringkasan import KumpulanTahun, Ringkasan
from transforms.langkah.sidik_tahun import berkas_utuh, cari_tahun_tetap, hitung_sidik_tahun
from transforms.langkah.simpanan import Simpanan, cari_folder_simpanan
from transforms.langkah.simpanan_hitung import SimpananHitung
from transforms.langkah.terbitkan import (
    buat_tabel_kosong,
    langkah_terbitkan,
    pilih_pendahulu_terbit,
)
from transforms.langkah.tulis_tahun import PenulisBagian, tulis_tahun_siap
from transforms.langkah.tumpahan import TUMPAHAN, TumpahanProvinsi
from transforms.terima.simpan import Provenans, cari_berkas_aktif
from transforms.terima.status import baca_tahun_sidecar


def pilih_berkas(
    raw: Path, tahun: int | None
) -> tuple[list[tuple[Path, Provenans]], list[tuple[Path, Provenans]]]:
    """Raw files in force (optionally of one year) and those replaced or withdrawn.

    Files whose sidecar cannot be read are in force as placeholders that the run rejects.
    """
    aktif, diganti = cari_berkas_aktif(raw, tahun)
    if tahun is not None:
        aktif = ambil_berkas_tahun(aktif, tahun)
    return aktif, diganti


def _catatan_run(ringkasan: Ringkasan, parameter: dict[str, Any], status: str) -> dict[str, Any]:
    """The fields of ``runs/<id_run>.json`` that every run without a generation of its own
    records (the publish step writes the whole manifest instead)."""
    return {
        "id_run": ringkasan.id_run,
        "selesai": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pemicu": ringkasan.pemicu,
        "status": status,
        "kode_keluar": int(tentukan_kode_keluar(ringkasan)),
        "parameter": parameter,
        **buat_versi(),
    }


def _catat_tanpa_terbit(out: Path, ringkasan: Ringkasan, parameter: dict[str, Any]) -> None:
    """``runs/<id_run>.json`` for a run that published nothing (best effort: the disk may be
    what failed)."""
    catatan = _catatan_run(ringkasan, parameter, tentukan_kode_keluar(ringkasan).name.lower())
    with contextlib.suppress(OSError):
        catat_run(out, {**catatan, "galat": ringkasan.galat, "masukan": ringkasan.berkas})


def _catat_tidak_berubah(out: Path, ringkasan: Ringkasan, parameter: dict[str, Any]) -> None:
    """A run with no year to compute: the generation in force stays; ``runs/<id_run>.json``
    says so (what killed runs left is removed all the same)."""
    try:
        bersihkan_sisa(out)
        ringkasan.generasi = ringkasan.generasi_sebelumnya = baca_id_terkini(out)
        catatan = _catatan_run(ringkasan, parameter, "tidak_berubah")
        catatan |= {
            # not "generasi": this run made no generation current (indikator diff, runs)
            "generasi_berlaku": ringkasan.generasi,
            "tahun_tidak_berubah": ringkasan.tidak_berubah,
        }
        catat_run(out, catatan)
    except OSError as exc:
        raise jelaskan_galat_os(exc, out) from exc


def pilih_tahun_hitung(
    out: Path,
    berkas: tuple[list[tuple[Path, Provenans]], list[tuple[Path, Provenans]]],
    daftar_tahun: list[int],
    konteks: tuple[Path | None, Pengaturan, dict[str, Any]],
) -> tuple[list[int], dict[int, str | None]]:
    """The years to compute (those whose inputs changed since the generation in force; all
    of them with ``--hitung-ulang`` or ``--tanpa-cache``) and every year's fingerprint
    (:mod:`~transforms.langkah.sidik_tahun`). ``konteks``: target folder, settings, the
    run's parameters."""
    target, pengaturan, parameter = konteks
    sidik = {
        t: hitung_sidik_tahun(*(ambil_berkas_tahun(b, t) for b in berkas), t, target)
        for t in daftar_tahun
    }
    if pengaturan.hitung_ulang or pengaturan.tanpa_cache:
        return list(daftar_tahun), sidik
    tetap = cari_tahun_tetap(sidik, pilih_pendahulu_terbit(cari_folder_terbit(out), parameter))
    tetap = [t for t in tetap if berkas_utuh(b for d in berkas for b in ambil_berkas_tahun(d, t))]
    return [t for t in daftar_tahun if t not in tetap], sidik


def _sidik_bersih(
    sidik: dict[int, str | None],
    hitung: list[int],
    inputs: list[tuple[Path, Provenans]],
    ringkasan: Ringkasan,
) -> dict[int, str]:
    """The fingerprints of the years computed with every file of theirs used (a year with a
    rejected file is computed again next time, and says so again)."""
    ditolak = {a["berkas"] for a in berkas_ditolak(ringkasan)}
    return {
        t: s
        for t, s in sidik.items()
        if t in hitung
        and s
        and not any(p.berkas in ditolak for _, p in ambil_berkas_tahun(inputs, t))
    }


def cari_tahun_run(inputs: list[tuple[Path, Provenans]], tahun: int | None) -> list[int]:
    """The years a run computes: the one asked for, else every year of its files in force."""
    if tahun is not None:
        return [int(tahun)]
    return sorted({int(t) for _, p in inputs for t in baca_tahun_sidecar(p)})


def ambil_berkas_tahun(
    berkas: list[tuple[Path, Provenans]], tahun: int
) -> list[tuple[Path, Provenans]]:
    """The files with data of ``tahun`` (a file of several years is in each of them)."""
    return [(f, p) for f, p in berkas if tahun in baca_tahun_sidecar(p)]


def _hitung_tahun(
    out: Path,
    berkas: tuple[list[tuple[Path, Provenans]], list[tuple[Path, Provenans]]],
    tahun: int,
    langkah: tuple[Callable[..., Any], ...],
    simpanan: Simpanan,
    konteks: tuple[Path | None, Ringkasan, Pengaturan, Path | None],
    kumpulan: tuple[KumpulanTahun, bool],
    lapor: Pelapor,
) -> float:
    """Year ``tahun`` computed and written into the run's staging generation: each file read
    once, its rows set aside per province (:class:`TumpahanProvinsi`); then province by
    province combined, its components written and its indicators computed and written
    (:class:`GabungTahun`, ``hitung_semua``, :func:`tulis_tahun_siap`); then the year's other
    tables and the guard. ``konteks``: the generation in force, the year's summary, the
    settings, the target folder; ``kumpulan``: the run's summary so far, and whether this is
    the run's first year. Returns when the compute began (``time.perf_counter``)."""
    proses, hitung_semua, _, petakan = langkah
    kini, satu, pengaturan, target = konteks
    tahunan = (kini, satu, pengaturan)
    diterima = [p.diterima for _, p in berkas[0]]
    bawa = not (pengaturan.hitung_ulang or pengaturan.tanpa_cache)
    pembawa = Pembawa.dari(kini, tahun, simpanan, bawa)
    konteks_tahun = sidik_konteks(tahun, target)
    sidik = SidikBerkas.dari(simpanan, [p for _, p in berkas[0]], tahun)
    lewati = sidik.pilih_dibawa(pembawa, konteks_tahun, diterima)  # not even set aside
    with (
        PenulisBagian(out, tahun, tahunan, ("komponen",)) as bagian,
        TumpahanProvinsi(bagian.staging / TUMPAHAN, diterima, lewati) as tumpahan,
    ):

        def terima(ke: int, hasil: HasilBerkas) -> HasilBerkas:
            try:
                sidik.simpan(tumpahan, ke, hasil.komponen)  # the rows go to disk
            except OSError as exc:  # a full disk: the output folder's, said so
                raise jelaskan_galat_os(exc, out) from exc
            return lepas_komponen(hasil)  # the result stays

        tanpa = replace(simpanan, lewati=lewati)  # the rows of carried provinces: not read
        hasil, koreksi = baca_masukan(berkas, proses, tahun, petakan, tanpa, lapor, terima)
        kumpulan[0].tambah_berkas(hasil)
        lapor(Kemajuan("hitung", "mulai"))
        mulai = time.perf_counter()
        gabung = GabungTahun(
            tumpahan, diterima, satu.id_run, bagian.tambah, pembawa, bagian.bawa, konteks_tahun
        )
        hitungan = SimpananHitung.dari(simpanan)  # the province-year indicators beside the files'
        indikator = hitung_semua(gabung.per_provinsi(), satu.id_run, target, hitungan)

        def lain() -> Iterator[tuple[str, pd.DataFrame]]:
            tables = gabung.tabel(hasil, koreksi)  # once every province is combined
            koreksi.clear()
            kumpulan[0].tambah_tabel(tables, tahun, pertama=kumpulan[1])
            yield from ((nama, tables.pop(nama)) for nama in list(tables))  # freed as written

        tulis_tahun_siap(out, indikator, lain(), tahun, tahunan, kumpulan[0], bagian)
        satu.sidik_provinsi[tahun] = gabung.sidik
        satu.provinsi_dibawa[tahun] = gabung.dibawa
    return mulai


def _hitung_per_tahun(
    out: Path,
    berkas: tuple[list[tuple[Path, Provenans]], list[tuple[Path, Provenans]]],
    daftar_tahun: list[int],
    langkah: tuple[Callable[..., Any], ...],
    simpanan: Simpanan,
    ringkasan: Ringkasan,
    konteks: tuple[Path | None, Pengaturan, dict[str, Any]],
    lapor: Pelapor,
) -> dict[str, pd.DataFrame]:
    """A run, one year at a time: each year is computed and written into the run's staging
    generation, province by province as it is combined and computed, then checked by the
    guard (:func:`_hitung_tahun`), before the next year is read; so the peak is that of one
    file's rows while reading and of the largest province while computing. Returns the
    tables as the publish step takes them: no rows (the years are in the staging generation,
    ``ringkasan.siap``). A failure removes the staging folder."""
    target, pengaturan, parameter = konteks
    kini = pilih_pendahulu_terbit(cari_folder_terbit(out), parameter)
    kumpulan = KumpulanTahun()
    try:
        for tahun in daftar_tahun:
            satu = Ringkasan(ringkasan.id_run, pemicu=ringkasan.pemicu)
            per_tahun = tuple(ambil_berkas_tahun(b, tahun) for b in berkas)
            tahunan = (kini, satu, pengaturan, target)
            pertama = (kumpulan, tahun == daftar_tahun[0])
            mulai = _hitung_tahun(out, per_tahun, tahun, langkah, simpanan, tahunan, pertama, lapor)
            lapor(Kemajuan("hitung", "selesai", detik=time.perf_counter() - mulai))
            ringkasan.ditolak_penjaga += satu.ditolak_penjaga
            ringkasan.susut_diizinkan += satu.susut_diizinkan
            for tabel, baris in satu.siap.items():
                ringkasan.siap.setdefault(tabel, {}).update(baris)
            ringkasan.sidik_provinsi |= satu.sidik_provinsi
            ringkasan.provinsi_dibawa |= satu.provinsi_dibawa
            kembalikan_memori()
    except BaseException:
        hapus_staging(out, ringkasan.id_run)  # nothing of this run is published
        raise
    kumpulan.isi(ringkasan)
    return buat_tabel_kosong()


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
    """Under the lock: read every file in force, compute, publish (or record why not).

    The years are computed and written one at a time (:func:`_hitung_per_tahun`), then
    published as one generation."""
    tulis, petakan = langkah[2], langkah[3]
    parameter = {"raw": str(raw), "out": str(out), "tahun": tahun}
    parameter |= {"target": str(target or ""), "pemicu": ringkasan.pemicu}
    cari_folder_terbit(out)  # a broken pointer stops the run before any work
    inputs, diganti = pilih_berkas(raw, tahun)
    if not inputs:
        untuk = f" untuk tahun {tahun}" if tahun is not None else ""
        ringkasan.galat = (
            f"tidak ada berkas di penyimpanan raw {raw}{untuk}; jalankan 'indikator ingest' dulu."
        )
        _catat_tanpa_terbit(out, ringkasan, parameter)
        return
    daftar_tahun = cari_tahun_run(inputs, tahun)
    konteks = (target, pengaturan, parameter)
    hitung, sidik = pilih_tahun_hitung(out, (inputs, diganti), daftar_tahun, konteks)
    ringkasan.tidak_berubah = [t for t in daftar_tahun if t not in hitung]
    if not hitung:
        _catat_tidak_berubah(out, ringkasan, parameter)
        return
    dibaca = [(f, p) for f, p in [*inputs, *diganti] if set(baca_tahun_sidecar(p)) & set(hitung)]
    simpanan = Simpanan(cari_folder_simpanan(raw, pengaturan.cache), not pengaturan.tanpa_cache)
    simpanan = siapkan_masukan(raw, dibaca, simpanan, pengaturan.pekerja, lapor, petakan)
    try:
        tables = _hitung_per_tahun(
            out, (inputs, diganti), hitung, langkah, simpanan, ringkasan, konteks, lapor
        )
        ringkasan.sidik_tahun = _sidik_bersih(sidik, hitung, inputs, ringkasan)
        ringkasan.sidik_provinsi = {  # kept only with the year's, for the same reason
            t: s for t, s in ringkasan.sidik_provinsi.items() if t in ringkasan.sidik_tahun
        }
        lapor(Kemajuan("terbitkan", "mulai"))
        mulai = time.perf_counter()
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
    hitung_semua: Callable[..., Any] | None = None,
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
        hitung_semua: the components of all files (after precedence and corrections), its
            provinces one after another as they are combined
            (:meth:`~transforms.langkah.gabung_provinsi.GabungTahun.per_provinsi`) → the
            indicators, called ``hitung_semua(komponen, id_run, target, simpanan)`` with the kept
            province-year indicators (:class:`~transforms.langkah.simpanan_hitung.SimpananHitung`):
            one table, or the provinces one after another, each written as it comes;
            None: :func:`~transforms.langkah.hitung.langkah_indikator_bertahap`, workers
            as set (``pengaturan.pekerja``), blocks passed through the run's staging folder.
        tulis: publishes outputs and the manifest.
        petakan: how ``proses`` is applied to every file, ``petakan(proses, paths, provs,
            simpanans)``; None: one after another
            (:func:`~transforms.langkah.masukan.petakan_biasa`).
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
        hitung_semua = hitung_semua or functools.partial(
            langkah_indikator_bertahap,
            pekerja=pengaturan.pekerja,
            antar=folder_staging(out, ringkasan.id_run) / ANTAR,
        )
        langkah = (proses, hitung_semua, tulis, petakan)
        _hitung_dan_terbitkan(raw, out, tahun, target, ringkasan, langkah, pengaturan, lapor)
    return ringkasan
