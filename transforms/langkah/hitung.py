"""Compute step: components of all files (precedence, corrections) → indicators, year by year."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from schemas.katalog import baca_target, muat_katalog
from schemas.kontrak import buat_skema_pandera, kolom
from schemas.model import Katalog
from schemas.presedensi import Presedensi, muat_presedensi
from transforms.hitung.presedensi import (
    bandingkan_koreksi,
    buat_tabel_penggantian,
    cari_ganti_tingkat,
    pilih_menurut_presedensi,
    ringkas_penggantian,
)
from transforms.komponen.asal import HasilBerkas
from transforms.komponen.ramping import (
    KOLOM_KATEGORI_KOMPONEN,
    buat_ramping,
    kolom_tetap,
    samakan_kategori,
    urutkan_baris,
)
from transforms.langkah.per_provinsi import (
    LangkahProvinsi,
    hitung_per_provinsi,
    hitung_per_tahun,
)
from transforms.langkah.simpanan_hitung import SimpananHitung
from transforms.terima.instansi import muat_instansi
from transforms.terima.kenali import SUMBER_UMUM
from transforms.wilayah.edisi import EDISI_BAKU, cari_edisi_untuk_tahun
from transforms.wilayah.kode import normalkan_kode
from transforms.wilayah.perubahan import ubah_ke_edisi

log = logging.getLogger(__name__)


def cari_penyedia_lain(katalog: Katalog) -> dict[str, set[str]]:
    """Sources outside ``catalog/sumber`` and what they can give: every agency template
    (its components) and the generic table of ``ingest --kolom`` (any component)."""
    lain = {i.sumber: set(i.komponen) for i in muat_instansi(katalog)}
    lain[SUMBER_UMUM] = set(katalog.komponen)
    return lain


def muat_presedensi_katalog(katalog: Katalog | None = None) -> Presedensi:
    """``catalog/presedensi.yaml``, checked against every source the catalog knows."""
    katalog = katalog or muat_katalog()
    return muat_presedensi(katalog, cari_penyedia_lain(katalog))


def tumpuk_komponen(hasil: list[HasilBerkas], diterima: list[str]) -> pd.DataFrame:
    """The component rows of all files, file after file by time received (then position),
    each file's rows by row number (:func:`urutkan_baris`); with ``_urut`` (the file's
    position) and ``_diterima``: :func:`tumpuk_baris` of the files' rows (the results keep
    theirs)."""
    return tumpuk_baris([h.komponen for h in hasil], diterima)


def tumpuk_baris(baris: list[pd.DataFrame | None], diterima: list[str]) -> pd.DataFrame:
    """The component rows of all files (``baris``, in the order of ``diterima``; None: a file
    without rows here) stacked,
    file after file by time received (then position), each file's rows by row number
    (:func:`urutkan_baris`); with ``_urut`` (the file's position) and ``_diterima``.

    The order of one stable sort of the stacked rows by (``_diterima``, ``_urut``,
    ``baris``), without sorting ±14 million rows: files are put in order, and a file's rows
    only when they are not in row order already.

    ``baris`` is handed over: the list is emptied, so a frame nobody else holds is freed once
    the table is made. A run stacks one province's rows at a time
    (:mod:`~transforms.langkah.gabung_provinsi`), so the frames are stacked with one
    ``pd.concat`` (stacking column by column, which kept a national year's files and table
    from being in memory together, cost ±15 s CPU a year once done for every province).
    """
    urutan = sorted(range(len(baris)), key=lambda i: (diterima[i], i))
    frames = [(i, urutkan_baris(baris[i])) for i in urutan if baris[i] is not None]
    baris.clear()
    # the file's position and arrival: an int32 and a category, not n texts
    bagian = [
        f.assign(_urut=np.full(len(f), i, np.int32), _diterima=kolom_tetap(diterima[i], len(f)))
        for i, f in frames
        if not f.empty
    ]
    del frames
    if not bagian:
        return pd.DataFrame()
    semua = pd.concat(samakan_kategori(bagian), ignore_index=True)
    if "lembar" not in semua:  # sheet of origin: optional provenance (CSV rows have none)
        semua = semua.assign(lembar=None)
    return semua


def gabung_komponen(
    hasil: list[HasilBerkas],
    diterima: list[str],
    presedensi: Presedensi | None = None,
    id_run: str = "-",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`gabung_baris` of the files' results (the results keep their rows)."""
    return gabung_baris([h.komponen for h in hasil], diterima, presedensi, id_run)


def gabung_baris(
    baris: list[pd.DataFrame | None],
    diterima: list[str],
    presedensi: Presedensi | None = None,
    id_run: str = "-",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stack the components of all files; where two files give the same key, one is chosen.

    Between sources the declared precedence chooses (``catalog/presedensi.yaml``), within
    one source the later-received file (a correction); all rows of the chosen file for a key
    are kept (a file may hold several units per region, e.g. faskes, to be summed).

    Args:
        baris: each file's component rows, in the same order as ``diterima``; handed over
            (emptied, each frame let go as it is stacked: :func:`tumpuk_baris`).
        diterima: time each file was received (ISO strings).
        presedensi: the precedence; the catalog's when None.
        id_run: the run, as ``id_run_ubah`` of every row (the publish step carries the runs of
            unchanged values over from the previous generation).

    Returns:
        The components used (validated) and one row per replaced value (see
        :func:`transforms.hitung.presedensi.pilih_menurut_presedensi`).
    """
    semua = tumpuk_baris(baris, diterima)
    if semua.empty:
        return pd.DataFrame(columns=list(kolom("komponen"))), pd.DataFrame()
    presedensi = presedensi or muat_presedensi_katalog()
    tetap, diganti = pilih_menurut_presedensi(semua, presedensi.peringkat)
    komponen = tetap.assign(id_run_ubah=kolom_tetap(id_run, len(tetap)))
    return periksa_komponen(komponen[list(kolom("komponen"))].reset_index(drop=True)), diganti


POTONGAN_PERIKSA = 1 << 20
"""Rows checked at a time by :func:`periksa_komponen`: the check's copies (pandera's coercion,
the masks of each rule) are a slice's (a national year's 14 million rows checked at once took
±0.4 GB above the table, at the run's peak)."""


def periksa_komponen(komponen: pd.DataFrame) -> pd.DataFrame:
    """``komponen`` checked against its contract (types coerced), its categorical provenance
    columns kept as they are: coercing them would write their text on every row again, and
    publishing checks every column of the table against the contract anyway.

    Checked :data:`POTONGAN_PERIKSA` rows at a time (a failure names the rows of the first
    slice that breaks the contract, by ``komponen``'s index); a column whose type the
    contract coerces is converted once, as pandera converts it, the others are returned as
    they are (no copy)."""
    lain = [
        k for k in KOLOM_KATEGORI_KOMPONEN if isinstance(komponen[k].dtype, pd.CategoricalDtype)
    ]
    skema = buat_skema_pandera("komponen").remove_columns(lain)
    angka = komponen.drop(columns=lain)
    if angka.empty:
        diperiksa = skema.validate(angka, lazy=True)
    else:
        jenis: dict[str, object] = {}
        for awal in range(0, len(angka), POTONGAN_PERIKSA):
            satu = skema.validate(angka.iloc[awal : awal + POTONGAN_PERIKSA], lazy=True)
            jenis = dict(satu.dtypes.items())
            del satu
        ubah = {k: t for k, t in jenis.items() if angka[k].dtype != t}
        diperiksa = (angka.astype(ubah) if ubah else angka)[list(jenis)]
    return diperiksa.assign(**{k: komponen[k] for k in lain})[list(komponen.columns)]


def catat_penggantian(tabel: pd.DataFrame) -> None:
    """Log the replaced values: differing ones as warnings, equal ones as information."""
    if tabel.empty:
        return
    sama = tabel["sama"].astype(bool)
    for baris in ringkas_penggantian(tabel[~sama]):
        log.warning(baris)
    for baris in ringkas_penggantian(tabel[sama]):
        log.info(baris)


def cari_tahun_edisi_lama(tahun: pd.Series) -> list[int]:
    """The years among ``tahun`` whose region master edition is not the current one (their
    codes are carried by :func:`ubah_ke_edisi_baku`)."""
    return [int(t) for t in tahun.unique() if cari_edisi_untuk_tahun(int(t)) != EDISI_BAKU]


def ubah_ke_edisi_baku(komponen: pd.DataFrame) -> pd.DataFrame:
    """Region codes of every year carried to the current master edition (dated crosswalk).

    Data of 2021 is matched with the 2021 edition (Permendagri 58/2021), then its codes are
    mapped through ``catalog/wilayah/perubahan_kode.csv`` (e.g. the 2022 Papua split:
    Merauke 91.01 → 93.01), so a time series uses one code per region. A code that has no
    successor (a merged or split region) is kept as it was.
    """
    lama = cari_tahun_edisi_lama(komponen["tahun"])
    if komponen.empty or not lama:
        return komponen  # every year in the current edition: the codes as they are
    kolom = komponen["kode_wilayah"]
    if not isinstance(kolom.dtype, pd.CategoricalDtype):
        kolom = kolom.astype(str).astype("category")
    # each distinct code of a year is carried once, then the rows take it by its number: a
    # national year's 14 million codes as text were ±2.5 GB at the peak of its run
    teks = kolom.cat.categories.astype(str)
    nomor = kolom.cat.codes.to_numpy().astype(np.int32)
    semua, baru = list(teks), nomor.copy()
    for tahun in lama:
        sel = (komponen["tahun"] == tahun).fillna(False).to_numpy(dtype=bool)
        dipakai = np.unique(nomor[sel])
        dipakai = dipakai[dipakai >= 0]
        asal = pd.Series(teks[dipakai])
        hasil = ubah_ke_edisi(asal, cari_edisi_untuk_tahun(int(tahun)))["kode_wilayah"]
        peta = np.arange(len(teks), dtype=np.int32)
        for i, kode in zip(dipakai.tolist(), hasil.fillna(asal).astype(str).tolist(), strict=True):
            peta[i] = len(semua)
            semua.append(kode)
        baru[sel] = np.where(nomor[sel] >= 0, peta[np.maximum(nomor[sel], 0)], -1)
    # the codes in use, sorted (as a text column made categorical is)
    unik, nomor_baru = np.unique(np.asarray(semua, dtype=object), return_inverse=True)
    dipakai = np.zeros(len(unik), dtype=bool)
    dipakai[nomor_baru[baru[baru >= 0]]] = True
    urut = np.cumsum(dipakai) - 1
    kode_akhir = np.where(baru >= 0, urut[nomor_baru[np.maximum(baru, 0)]], -1)
    kategori = pd.Index(unik[dipakai].astype(str), dtype="str")
    return komponen.assign(
        kode_wilayah=pd.Categorical.from_codes(kode_akhir.astype(np.int32), categories=kategori)
    )


def pasang_target_daerah(katalog: Katalog, folder: Path | None) -> Katalog:
    """The catalog with a region's own targets (CSV files in ``folder``) added.

    Same columns as ``catalog/target/*.csv``; a row with ``kode_wilayah`` overrides the
    national target for that region and year (e.g. a Perbup/RPJMD target).
    """
    if folder is None or not folder.is_dir() or not any(folder.glob("*.csv")):
        return katalog
    daerah = baca_target(folder)
    unknown = sorted(set(daerah["kode_indikator"]) - set(katalog.indikator))
    if unknown:
        raise ValueError(f"target daerah untuk indikator yang tidak ada di katalog: {unknown}")
    bad = sorted(set(daerah["berlaku_untuk"]) - {"nilai", "pembilang", "capaian"})
    if bad:
        raise ValueError(f"berlaku_untuk tidak dikenal di target daerah: {bad}")
    daerah = daerah.assign(kode_wilayah=daerah["kode_wilayah"].map(normalkan_kode))
    return replace(katalog, target=pd.concat([katalog.target, daerah], ignore_index=True))


def gabung_bagian(
    baris: list[pd.DataFrame | None], diterima: list[str], id_run: str
) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """Components of the files (all of a year's rows, or one province's: see
    :mod:`~transforms.langkah.gabung_provinsi`) chosen (:func:`gabung_baris`), in current-edition
    codes, with lean provenance columns; and the rows of values replaced by precedence or a later
    file of the same source and by the level rule, for :func:`buat_penggantian`.

    ``baris``: each file's rows (None: none of its rows here), handed over as to
    :func:`gabung_baris`."""
    komponen, diganti = gabung_baris(baris, diterima, id_run=id_run)
    komponen = ubah_ke_edisi_baku(komponen)
    ganti = [ubah_ke_edisi_baku(diganti)] if len(diganti) else []
    ganti.append(cari_ganti_tingkat(komponen))
    return buat_ramping(komponen, KOLOM_KATEGORI_KOMPONEN), [g for g in ganti if len(g)]


def buat_penggantian(
    ganti: list[pd.DataFrame],
    koreksi: Sequence[tuple[HasilBerkas, HasilBerkas]],
    id_run: str,
) -> pd.DataFrame:
    """The ``penggantian`` table: values replaced by precedence, a later file of the same
    source or the level rule (``ganti``: :func:`gabung_bagian`'s rows, of every province), and
    by a correction at ingest (``koreksi``: pairs of the replaced file's result and the
    correction's)."""
    baris = [*ganti]
    for lama, baru in koreksi:
        akun = baru.akuntansi
        beda = bandingkan_koreksi(
            lama.komponen, baru.komponen, str(akun["berkas"]), str(akun["sumber"])
        )
        if len(beda):
            baris.append(ubah_ke_edisi_baku(beda))
    return buat_tabel_penggantian(pd.concat(baris or [pd.DataFrame()]), id_run)


def langkah_gabung(
    baris: list[pd.DataFrame | None],
    diterima: list[str],
    id_run: str,
    koreksi: Sequence[tuple[HasilBerkas, HasilBerkas]] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Components of all files (validated, current-edition codes, lean provenance columns)
    and the ``penggantian`` table (every value replaced: see :func:`buat_penggantian`), the
    whole year at once (a run combines it province by province:
    :mod:`~transforms.langkah.gabung_provinsi`).

    ``baris``: each file's component rows, handed over (:func:`tumpuk_baris`): a caller that
    holds no other reference to them has them freed as they are stacked.
    """
    komponen, ganti = gabung_bagian(baris, diterima, id_run)
    penggantian = buat_penggantian(ganti, koreksi, id_run)
    catat_penggantian(penggantian)
    return komponen, penggantian


def langkah_indikator(
    komponen: pd.DataFrame,
    id_run: str,
    target: Path | None = None,
    simpanan: SimpananHitung | None = None,
    langkah: LangkahProvinsi | None = None,
) -> pd.DataFrame:
    """Every indicator from the components, with the catalog's and the region's targets
    (``simpanan``: the province-year indicators kept by earlier runs, if any; ``langkah``:
    how each province-year is computed, :data:`LangkahProvinsi`)."""
    katalog = pasang_target_daerah(muat_katalog(), target)
    return hitung_per_tahun(komponen, katalog, id_run, simpanan, langkah)


def langkah_indikator_bertahap(
    komponen: pd.DataFrame,
    id_run: str,
    target: Path | None = None,
    simpanan: SimpananHitung | None = None,
    langkah: LangkahProvinsi | None = None,
    pekerja: int = 0,
    antar: Path | None = None,
) -> Iterator[pd.DataFrame]:
    """:func:`langkah_indikator` one province at a time (never stacked): what a run
    computes, writing each province as it comes (the catalog is read here, at once), from the
    second block of provinces on in ``pekerja`` worker processes, through files in the folder
    ``antar`` (None: no worker)."""
    katalog = pasang_target_daerah(muat_katalog(), target)
    return hitung_per_provinsi(komponen, katalog, id_run, simpanan, langkah, pekerja, antar)


def langkah_hitung(
    hasil: list[HasilBerkas],
    diterima: list[str],
    id_run: str,
    target: Path | None = None,
    koreksi: Sequence[tuple[HasilBerkas, HasilBerkas]] = (),
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Components of all files (validated), the indicators computed from them, and the
    ``penggantian`` table: :func:`langkah_gabung` then :func:`langkah_indikator`."""
    baris = [h.komponen for h in hasil]
    komponen, penggantian = langkah_gabung(baris, diterima, id_run, koreksi)
    return komponen, langkah_indikator(komponen, id_run, target), penggantian
