"""Which value is used where two files give one component for one region and period.

Three reasons a value is replaced, each kept as one row of the ``penggantian`` table:

* ``presedensi``: two sources give the same key; the declared precedence chooses
  (``catalog/presedensi.yaml``), never the time a file was received;
* ``koreksi``: two files of the same source give the same key; the later-received file wins
  (also: a correction that replaced a file at ingest, beside the file it replaced);
* ``tingkat``: a value reported directly for a region (a kecamatan recap) is not used because
  regions below it reported the same component and period: the roll-up sums them instead
  (:func:`transforms.hitung.rollup.hitung_rollup`), so every level adds up.

Values compared are per file and key (the rows of one file for a key are summed first, e.g.
faskes inside one desa). Where two sources or two levels meet, equal values are recorded
too, with ``sama = true``, so an analyst can count where sources agree as well as where they
do not; a correction re-sends its whole coverage, so of its rows only changed values stay.
Equal values are never warnings (see :func:`ringkas_penggantian` for the summary lines).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from schemas.kontrak import kolom
from transforms.baca.tolak import tampilkan_ribuan
from transforms.hitung.rollup import (
    KUNCI,
    kenali_panjang,
    kenali_tingkat_kode,
    normalkan_tipe_kunci,
)
from transforms.wilayah.cocok import baris_pertama, hitung_pasangan, nomori_kombinasi
from transforms.wilayah.kode import PANJANG_KODE

PEMISAH_BERKAS = "; "
"""Between file names when several files gave the value used (``tingkat`` rows)."""

_PERIODE_KOMPONEN = ["tahun", "bulan", "semester", "komponen"]


def buat_tabel_penggantian(baris: pd.DataFrame, id_run: str) -> pd.DataFrame:
    """The ``penggantian`` output table (contract columns, in order) from replacement rows.

    Equal values stay (``sama = true``) where two sources or two levels met; a correction
    re-sends its whole coverage, so of its rows only the values it changed are kept.

    Args:
        baris: rows with the key columns, ``nilai_dipakai``, ``nilai_diganti``, ``alasan``,
            ``sumber_dipakai``, ``sumber_diganti``, ``berkas_dipakai``, ``berkas_diganti``.
        id_run: the run writing the table.
    """
    nama = list(kolom("penggantian"))
    if baris.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in nama})
    dipakai = baris["nilai_dipakai"].astype("float64")
    diganti = baris["nilai_diganti"].astype("float64")
    tabel = baris.assign(
        tingkat=kenali_tingkat_kode(baris["kode_wilayah"]),
        sama=np.isclose(dipakai, diganti, rtol=1e-9, atol=1e-9),
        id_run=id_run,
    )
    tabel = normalkan_tipe_kunci(tabel[~((tabel["alasan"] == "koreksi") & tabel["sama"])])
    tabel = tabel.sort_values(
        ["alasan", "komponen", "kode_wilayah", "tahun", "semester", "bulan"], na_position="first"
    )
    return tabel[nama].reset_index(drop=True)


def bandingkan_koreksi(
    lama: pd.DataFrame, baru: pd.DataFrame, berkas_baru: str, sumber_baru: str
) -> pd.DataFrame:
    """The values a correction replaced: every key of the replaced file beside the
    correction's value (rows of one file for a key summed first).

    A key the correction no longer gives is listed with an empty ``nilai_dipakai``.

    Args:
        lama: the component rows of the replaced file.
        baru: the component rows of the correction (the file in force).
        berkas_baru: the correction's file, as stored.
        sumber_baru: the correction's source id.
    """
    if lama.empty:
        return pd.DataFrame()

    def per_kunci(frame: pd.DataFrame) -> pd.DataFrame:
        frame = normalkan_tipe_kunci(frame)
        return (
            frame.groupby(KUNCI, dropna=False, sort=False)
            .agg(nilai=("nilai", "sum"), sumber=("sumber", "first"), berkas=("berkas", "first"))
            .reset_index()
        )

    pasang = per_kunci(lama).rename(columns=lambda c: f"{c}_diganti" if c not in KUNCI else c)
    if len(baru):
        nilai_baru = per_kunci(baru)[[*KUNCI, "nilai"]].rename(columns={"nilai": "nilai_dipakai"})
        pasang = pasang.merge(nilai_baru, on=KUNCI, how="left")
    else:  # the correction gives nothing (e.g. every row quarantined)
        pasang = pasang.assign(nilai_dipakai=np.nan)
    return pasang.assign(
        nilai_dipakai=pasang["nilai_dipakai"].astype("float64"),
        sumber_dipakai=sumber_baru,
        berkas_dipakai=berkas_baru,
        alasan="koreksi",
    )


def _per_berkas(sub: pd.DataFrame) -> pd.DataFrame:
    """One row per key and file: the file's summed value, its source, name and arrival."""
    return (
        sub.groupby([*KUNCI, "_urut"], dropna=False, sort=False)
        .agg(
            nilai=("nilai", "sum"),
            sumber=("sumber", "first"),
            berkas=("berkas", "first"),
            _diterima=("_diterima", "first"),
        )
        .reset_index()
    )


def _beri_peringkat(agg: pd.DataFrame, peringkat: Callable[[str, str], int]) -> pd.DataFrame:
    """Order the files of each key: precedence, then source id, then the latest received."""
    pasangan = agg[["komponen", "sumber"]].drop_duplicates()
    pasangan = pasangan.assign(
        _peringkat=[
            peringkat(k, s) for k, s in zip(pasangan["komponen"], pasangan["sumber"], strict=True)
        ]
    )
    agg = agg.merge(pasangan, on=["komponen", "sumber"], how="left")
    return agg.sort_values(
        ["_peringkat", "sumber", "_diterima", "_urut"],
        ascending=[True, True, False, False],
        kind="mergesort",
    )


def _baris_presedensi(urut: pd.DataFrame) -> pd.DataFrame:
    """Each losing file of a key beside the winner of that key."""
    pertama = ~urut.duplicated(KUNCI, keep="first")
    menang = urut.loc[pertama, [*KUNCI, "nilai", "sumber", "berkas"]]
    kalah = urut.loc[~pertama, [*KUNCI, "_urut", "nilai", "sumber", "berkas"]]
    pasang = kalah.merge(menang, on=KUNCI, how="left", suffixes=("_diganti", "_dipakai"))
    alasan = np.where(pasang["sumber_diganti"] == pasang["sumber_dipakai"], "koreksi", "presedensi")
    return pasang.assign(alasan=alasan)


BARIS_PERIODE = 1 << 20
"""Rows whose (period, component, file) combinations are numbered at a time by
:func:`_ada_periode_bersama`: its working arrays (a code per row and column) are a slice's, not
the table's (a national year's 14 million rows at once: ±0.5 GB, at the run's peak)."""


def _periode_berkas(bagian: pd.DataFrame, kolom: list[str]) -> pd.DataFrame:
    """The distinct (``kolom``, ``_urut``) combinations of ``bagian``, in order of first
    appearance."""
    nomor, _ = nomori_kombinasi(bagian, [*kolom, "_urut"])
    return bagian[[*kolom, "_urut"]].iloc[baris_pertama(nomor)]


def _ada_periode_bersama(semua: pd.DataFrame) -> bool:
    """Whether two files (``_urut``) give one component for one period, whatever the regions:
    a key shared by two files needs that, and the usual year has none (each source its own
    components, each month its own files). No region code is looked at; the combinations
    are found :data:`BARIS_PERIODE` rows at a time."""
    kolom = [k for k in KUNCI if k != "kode_wilayah"]
    satu = pd.concat(
        [
            _periode_berkas(semua.iloc[awal : awal + BARIS_PERIODE], kolom)
            for awal in range(0, len(semua), BARIS_PERIODE)
        ],
        ignore_index=True,
    )
    satu = _periode_berkas(satu, kolom)  # one row per (period, component, file)
    return bool(satu[kolom].duplicated().any())


def _ada_kunci_bersama(semua: pd.DataFrame) -> bool:
    """Whether two files (``_urut``) give a row for one key, on integer codes of the key
    columns (a national year: ±14 million rows); the regions only when two files give one
    component for one period."""
    if semua.empty or not _ada_periode_bersama(semua):
        return False
    kunci, n_kunci = nomori_kombinasi(semua, KUNCI)
    pasangan = pd.DataFrame({"k": kunci, "u": semua["_urut"].to_numpy()})
    n_pasangan = nomori_kombinasi(pasangan, ["k", "u"])[1]
    return n_pasangan > n_kunci


def pilih_menurut_presedensi(
    semua: pd.DataFrame, peringkat: Callable[[str, str], int]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep, for every key, the rows of the one file that wins it; list what was replaced.

    Args:
        semua: the component rows of every file, with ``_urut`` (the file's position) and
            ``_diterima`` (when it was received, ISO text).
        peringkat: (component, source id) → rank, 0 = most trusted
            (:meth:`schemas.presedensi.Presedensi.peringkat`).

    Returns:
        The rows kept (all rows of the winning file for each key, in input order) and one
        row per replaced (key, file) with ``alasan`` ``presedensi`` or ``koreksi``.
    """
    if not _ada_kunci_bersama(semua):  # the usual case: one file per key
        return semua, pd.DataFrame()  # as it came (its integers at their width: no copies)
    semua = normalkan_tipe_kunci(semua)
    pasangan = semua[[*KUNCI, "_urut"]].drop_duplicates()
    ganda = pasangan.duplicated(KUNCI, keep=False)
    kunci_ganda = pasangan.loc[ganda, KUNCI].drop_duplicates()
    sub = semua.merge(kunci_ganda, on=KUNCI, how="inner")
    baris = _baris_presedensi(_beri_peringkat(_per_berkas(sub), peringkat))
    buang = semua[[*KUNCI, "_urut"]].merge(
        baris[[*KUNCI, "_urut"]], on=[*KUNCI, "_urut"], how="left", indicator=True
    )
    tetap = semua.loc[(buang["_merge"] == "left_only").to_numpy()]
    return tetap, baris.drop(columns="_urut")


def _gabung_nama(frame: pd.DataFrame, kolom: str, pemisah: str) -> pd.Series:
    """Sorted distinct values of one column per key, joined."""
    unik = frame[[*KUNCI, kolom]].drop_duplicates().sort_values(kolom)
    return unik.groupby(KUNCI, dropna=False, sort=False)[kolom].agg(pemisah.join)


def _dipakai_di_atas(pakai: pd.DataFrame, ganti: pd.DataFrame, n: int) -> pd.DataFrame:
    """The sum of the used rows below each replaced level-``n`` value, with their files."""
    bawah = pakai[pakai["_pj"] > n]
    bawah = bawah.assign(kode_wilayah=bawah["kode_wilayah"].str.slice(0, n))
    bawah = bawah.merge(ganti[KUNCI], on=KUNCI, how="inner")
    nilai = bawah.groupby(KUNCI, dropna=False, sort=False)["nilai"].sum().rename("nilai_dipakai")
    dipakai = pd.concat(
        [
            nilai,
            _gabung_nama(bawah, "sumber", ",").rename("sumber_dipakai"),
            _gabung_nama(bawah, "berkas", PEMISAH_BERKAS).rename("berkas_dipakai"),
        ],
        axis=1,
    ).reset_index()
    return ganti.merge(normalkan_tipe_kunci(dipakai), on=KUNCI, how="inner")


def _komponen_bertingkat(komponen: pd.Series, pj: np.ndarray) -> np.ndarray:
    """Per row, whether its component is reported at more than one region level (code
    length ``pj``; rows without a code or component are never): one count over integer
    codes, no group-by of the rows."""
    kode, unik = pd.factorize(komponen)
    if not len(unik):  # no component named
        return np.zeros(len(kode), dtype=bool)
    lebar = int(pj.max(initial=0)) + 1
    hadir = hitung_pasangan(kode, len(unik), np.where(pj > 0, pj, -1), lebar)  # 0: no code
    tingkat = (hadir > 0).sum(axis=1)
    return (kode >= 0) & (tingkat > 1)[np.maximum(kode, 0)]


def cari_ganti_tingkat(komponen: pd.DataFrame) -> pd.DataFrame:
    """Values reported for a region that the roll-up does not use, beside what it uses.

    The roll-up sums a component up the region tree and uses a value reported directly for
    a region only where no region below it reported the same component and period. Each
    value it passes over is one row here (``alasan = tingkat``): the value reported, and the
    sum of the rows below that the roll-up uses instead, with their files.

    Args:
        komponen: the component rows used (one file per key), with ``sumber`` and ``berkas``.
    """
    pj = kenali_panjang(komponen["kode_wilayah"]).fillna(0).to_numpy(dtype=np.int16)
    pilih = _komponen_bertingkat(komponen["komponen"], pj)
    if not pilih.any():  # the usual year (every component at one level): no copy of the rows
        return pd.DataFrame()
    base = normalkan_tipe_kunci(komponen.loc[pilih, [*KUNCI, "nilai", "sumber", "berkas"]])
    base = base.assign(_pj=pj[pilih].astype(np.int64))
    langsung = (
        base.groupby([*KUNCI, "_pj"], dropna=False, sort=False)
        .agg(
            nilai_diganti=("nilai", "sum"),
            sumber_diganti=("sumber", "first"),
            berkas_diganti=("berkas", "first"),  # one file per key once precedence has chosen
        )
        .reset_index()
    )
    diganti = []
    for n in sorted(PANJANG_KODE.values())[:-1]:
        atas = langsung[langsung["_pj"] == n]
        bawah = base[base["_pj"] > n]
        if atas.empty or bawah.empty:
            continue
        ada = bawah.assign(kode_wilayah=bawah["kode_wilayah"].str.slice(0, n))[KUNCI]
        diganti.append(atas.merge(ada.drop_duplicates(), on=KUNCI, how="inner"))
    if not diganti:
        return pd.DataFrame()
    ganti = pd.concat(diganti, ignore_index=True)
    tanda = base.merge(ganti[KUNCI], on=KUNCI, how="left", indicator=True)["_merge"]
    pakai = base.loc[(tanda == "left_only").to_numpy()]
    hasil = [
        _dipakai_di_atas(pakai, ganti[ganti["_pj"] == n], n) for n in sorted(set(ganti["_pj"]))
    ]
    return pd.concat(hasil, ignore_index=True).drop(columns="_pj").assign(alasan="tingkat")


_ALASAN = {
    "presedensi": "Presedensi sumber",
    "koreksi": "Koreksi (berkas sumber sama yang diterima lebih akhir)",
    "tingkat": "Tingkat wilayah",
}


def _daftar(nama: list[str], maks: int = 3) -> str:
    """``a, b, c dan 2 lainnya``."""
    if len(nama) <= maks:
        return ", ".join(nama)
    return f"{', '.join(nama[:maks])} dan {len(nama) - maks} lainnya"


def _jumlah(n: int, beda: int) -> str:
    """How many values, and how many of them differ, in words."""
    if beda == n:
        return f"{tampilkan_ribuan(n)} nilai berbeda"
    if beda == 0:
        return f"{tampilkan_ribuan(n)} nilai sama"
    return f"{tampilkan_ribuan(n)} nilai ({tampilkan_ribuan(beda)} berbeda)"


def _kalimat(alasan: str, kelompok: pd.DataFrame) -> str:
    """One Bahasa line for the replacements of one pair of files."""
    baris = kelompok.iloc[0]
    komponen = _daftar(sorted(kelompok["komponen"].unique()))
    dipakai = _daftar(str(baris["berkas_dipakai"]).split(PEMISAH_BERKAS), 2)
    jumlah = _jumlah(len(kelompok), int((~kelompok["sama"].astype(bool)).sum()))
    wilayah = f"{tampilkan_ribuan(kelompok['kode_wilayah'].nunique())} wilayah"
    if alasan == "tingkat":
        return (
            f"{_ALASAN[alasan]}: {komponen} dari {baris['berkas_diganti']} tidak dipakai karena "
            f"wilayah di bawahnya melapor ({dipakai}); {jumlah}, {wilayah}."
        )
    return (
        f"{_ALASAN.get(alasan, alasan)}: {komponen} dari {dipakai} ({baris['sumber_dipakai']}) "
        f"dipakai, bukan dari {baris['berkas_diganti']} ({baris['sumber_diganti']}); "
        f"{jumlah}, {wilayah}."
    )


def ringkas_penggantian(tabel: pd.DataFrame, maks: int = 10) -> list[str]:
    """Short Bahasa lines for the run summary: one per reason and pair of files.

    Each line names the files, the components, how many values (and how many differ) and
    how many regions; lines with the most differing values come first. At most ``maks``
    lines, then one line saying how many more groups the ``penggantian`` table holds.
    """
    if tabel.empty:
        return []
    kunci = ["alasan", "berkas_dipakai", "berkas_diganti"]
    kelompok = [
        (int((~g["sama"].astype(bool)).sum()), len(g), alasan, g)
        for (alasan, _, _), g in tabel.groupby(kunci, sort=True)
    ]
    kelompok.sort(key=lambda k: (-k[0], -k[1]))
    baris = [_kalimat(alasan, g) for _, _, alasan, g in kelompok[:maks]]
    if len(kelompok) > maks:
        baris.append(
            f"... dan {len(kelompok) - maks} kelompok lain; semuanya ada di tabel penggantian."
        )
    return baris
