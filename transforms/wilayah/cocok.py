"""Match the region names (and codes) of a whole table: :func:`cocokkan_wilayah`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import numpy as np
import pandas as pd

from transforms.wilayah.alias import _Alias, _alias_baku, _siapkan_alias
from transforms.wilayah.edisi import EDISI_BAKU
from transforms.wilayah.ingat_cocok import ingat_cocok, ingat_tabel
from transforms.wilayah.jangkar import KOLOM_KODE, KOLOM_KODE_BPS, _Jangkar, _jangkar_baris
from transforms.wilayah.kode import LEBAR_SUFFIX_DESA, PANJANG_KODE, TINGKAT
from transforms.wilayah.kombinasi import _cocokkan_kombinasi
from transforms.wilayah.master import Wilayah, muat_master
from transforms.wilayah.pencocok import KOLOM_SUFFIX
from transforms.wilayah.tepat import cocokkan_tepat, kumpulkan_klaim


def _bersihkan_nama(kolom: pd.Series) -> pd.Series:
    """Collapse whitespace (newlines too) and turn blanks into NA.

    Each distinct name is cleaned once (a national file repeats few names many times).
    """
    kode, unik = pd.factorize(kolom.astype("string"), use_na_sentinel=True)
    bersih = [" ".join(str(u).split()) or None for u in unik]
    nilai = np.asarray([*bersih, None], dtype=object)[kode]  # -1 (NA) takes the last
    return pd.Series(pd.array(nilai, dtype="string"), index=kolom.index)


def _bersihkan_suffix(kolom: pd.Series) -> pd.Series:
    """Normalise the desa code suffix column to 4 digits (``2001``, ``"2001.0"``) or NA."""
    teks = kolom.astype("string").str.strip().str.replace(r"\.0+$", "", regex=True)
    sah = teks.str.fullmatch(rf"[0-9]{{1,{LEBAR_SUFFIX_DESA}}}").fillna(False).astype(bool)
    return teks.str.zfill(LEBAR_SUFFIX_DESA).where(sah)


def _validasi_kolom(df: pd.DataFrame, kolom: Mapping[str, str]) -> tuple[list[str], str | None]:
    """Check the ``kolom`` mapping; return the levels present and the suffix column."""
    dikenal = {*TINGKAT, KOLOM_SUFFIX, KOLOM_KODE, KOLOM_KODE_BPS}
    asing = [k for k in kolom if k not in dikenal]
    if asing:
        raise ValueError(f"kunci kolom tidak dikenal: {asing} (pilihan: {sorted(dikenal)})")
    hilang = [c for c in kolom.values() if c not in df.columns]
    if hilang:
        raise KeyError(f"kolom tidak ada di tabel: {hilang}")
    tingkat = [t for t in TINGKAT if t in kolom]
    if not tingkat and KOLOM_KODE not in kolom and KOLOM_KODE_BPS not in kolom:
        raise ValueError("kolom harus memuat minimal satu tingkat wilayah atau kolom kode")
    suffix = kolom.get(KOLOM_SUFFIX)
    if suffix is not None and "desa" not in kolom:
        raise ValueError("kode_desa_suffix hanya bisa dipakai bersama kolom desa")
    return tingkat, suffix


def gabung_kode(
    kode: Iterable[tuple[np.ndarray, int]], n_baris: int, ruang: int = 0
) -> tuple[np.ndarray, int]:
    """One number per distinct combination of per-column integer codes (each ``(codes, size)``,
    codes in 0 … size-1), in order of first appearance, and how many. The codes are combined
    in mixed radix, renumbered only when the product of the sizes would pass 2**62 (no
    overflow), and once at the end. ``ruang``: while the product of the sizes stays within it,
    the combined codes are returned as they are (not consecutive; the product as their size),
    without the final renumbering (a hash pass over every row)."""
    nomor, n = np.zeros(n_baris, dtype=np.int64), 1
    for k, m in kode:
        m = max(m, 1)
        if n * m >= 2**62:
            nomor, beda = pd.factorize(nomor)
            n = len(beda)
        nomor, n = nomor * m + k, n * m
    if n <= ruang:
        return nomor, n
    nomor, beda = pd.factorize(nomor)
    return nomor, len(beda)


def hitung_pasangan(a: np.ndarray, na: int, b: np.ndarray, nb: int) -> np.ndarray:
    """Rows per pair of codes (``a`` in 0 … na-1, ``b`` in 0 … nb-1) as an ``(na, nb)`` matrix;
    a row with a negative code (null) is not counted. One ``bincount`` over the codes of
    millions of rows, no hashing, for a count matrix of a few thousand cells."""
    sah = (a >= 0) & (b >= 0)
    lebar = np.int32 if na * nb < 2**31 else np.int64
    kode = a[sah].astype(lebar) * nb + b[sah].astype(lebar)
    return np.bincount(kode, minlength=na * nb).reshape(na, nb)


def nomori_kombinasi(frame: pd.DataFrame, kolom: Sequence[str]) -> tuple[np.ndarray, int]:
    """One number per distinct combination of ``kolom`` (0 … n-1, in order of first
    appearance) for each row, and n: the columns factorised one by one (null is a value too)
    and their codes combined by :func:`gabung_kode` (no per-row strings)."""
    kode = (pd.factorize(frame[nama], use_na_sentinel=False) for nama in kolom)
    return gabung_kode(((k, len(u)) for k, u in kode), len(frame))


def baris_pertama(nomor: np.ndarray) -> np.ndarray:
    """Position of the first row of each group, in group order, for group numbers given in
    order of first appearance (:func:`nomori_kombinasi`): one hash pass, no sort."""
    return np.flatnonzero(~pd.Series(nomor).duplicated().to_numpy())


def cari_kombinasi_unik(frame: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """The distinct rows of ``frame``: (group number per row, the distinct rows in group
    order), groups numbered in order of first appearance (:func:`nomori_kombinasi`)."""
    grup, _ = nomori_kombinasi(frame, list(frame.columns))
    return grup, frame.iloc[baris_pertama(grup)].reset_index(drop=True)


_KOLOM_JANGKAR: Final = "\x00jangkar"  # internal column of the anchor id per row


def cocokkan_wilayah(
    df: pd.DataFrame,
    kolom: Mapping[str, str],
    edisi: str = EDISI_BAKU,
    scope: str | None = None,
    alias: pd.DataFrame | None = None,
    nama_kabupaten: str | None = None,
    cepat: bool = True,
) -> pd.DataFrame:
    """Match region names (and/or codes) in ``df`` to Kemendagri codes, level by level.

    ``kolom`` maps levels to column names, e.g. ``{"provinsi": "PROVINSI", "kabupaten":
    "KABUPATEN", "kecamatan": "KECAMATAN", "desa": "KELURAHAN"}``; levels may be skipped
    and ``"kode_desa_suffix"`` may name a column with the last 4 digits of the desa code.
    ``scope`` (any code format) restricts matching to that region's subtree. ``alias`` is a
    table with columns ``tingkat, kode_induk, nama, kode_wilayah, alasan``; None (the
    default) uses the vendored ``catalog/wilayah/alias.csv`` (see :func:`muat_alias`), an
    empty frame disables aliases.

    Per level, within the parent matched at the level above, the stages are: exact
    normalised name (``cocok``); loose spelling with doubled letters / reduplicated words
    collapsed (``mirip``); the desa suffix (``kode``); the alias table (``alias``); fuzzy
    ratio >= 0.8 against unclaimed siblings with a unique best (``mirip``). A failed level
    stops the row (``tidak_cocok``). Only unique name combinations are processed.

    ``nama_kabupaten``: the source's kab/kota convention, see :mod:`transforms.wilayah.tepat`
    (also for ``cepat``, the memoised exact path).

    Code columns: ``"kode"`` names a column of full Kemendagri codes (dotted or not, any
    level, Excel floats accepted) and ``"kode_bps"`` a column of BPS codes (provinsi 2,
    kabupaten 4, kecamatan 7 digits, mapped through :func:`ubah_bps_ke_kemendagri`; a 10-digit
    BPS desa code gives its kecamatan and the desa is then matched by name). A code found in
    the edition anchors the row (status ``kode``); an invalid or unknown code gives
    ``tidak_cocok`` with a note naming the value. Name columns at or above the code's level
    are cross-checked against the master names of the code and its ancestors (a mismatch is
    noted and gives ``mirip``: the code wins); name columns below it are matched inside the
    code. With both ``kode`` and ``kode_bps``, the BPS code must point into the same region
    (compared at the shallower of the two levels), otherwise the row is ``tidak_cocok`` and
    the note names both codes. Rows whose code cells are blank fall back to the names.

    Returns a new DataFrame with ``df``'s index and string columns ``kode_wilayah`` (the
    deepest level matched, NA if none), ``status`` (the weakest level's status) and
    ``catatan`` (notes in Bahasa Indonesia, NA when everything matched exactly).
    """
    if alias is not None:  # a caller's alias table: not kept
        return _cocokkan_tabel(df, kolom, edisi, scope, alias, nama_kabupaten, cepat)
    _validasi_kolom(df, kolom)
    konteks = (str(edisi), tuple(kolom.items()), scope, nama_kabupaten, cepat)
    nama = df[list(dict.fromkeys(kolom.values()))]
    return ingat_tabel(
        konteks, nama, lambda: _cocokkan_tabel(df, kolom, edisi, scope, None, nama_kabupaten, cepat)
    )


def _cocokkan_tabel(
    df: pd.DataFrame,
    kolom: Mapping[str, str],
    edisi: str,
    scope: str | None,
    alias: pd.DataFrame | None,
    nama_kabupaten: str | None,
    cepat: bool,
) -> pd.DataFrame:
    """:func:`cocokkan_wilayah` of one table, computed."""
    master = muat_master(str(edisi))
    tingkat_ada, kolom_suffix = _validasi_kolom(df, kolom)
    lingkup = None if scope is None else master._wajib_ada(scope)
    daftar_alias = (
        list(_alias_baku(master.edisi)) if alias is None else _siapkan_alias(alias, master)
    )
    bersih, daftar_jangkar = _tabel_bersih(df, kolom, tingkat_ada, kolom_suffix, master, lingkup)
    grup, unik = cari_kombinasi_unik(bersih)
    args = (master, unik, tingkat_ada, lingkup, daftar_alias, daftar_jangkar, nama_kabupaten, cepat)
    kode, status, catatan = _cocokkan_unik_ingat(alias is None, *args)
    hasil = {"kode_wilayah": kode, "status": status, "catatan": catatan}
    return pd.DataFrame(
        {k: pd.array(v, dtype="string").take(grup) for k, v in hasil.items()}, index=df.index
    )


def _cocokkan_unik_ingat(
    alias_baku: bool, *args: Any
) -> tuple[list[str | None], list[str], list[str | None]]:
    """:func:`_cocokkan_unik` of ``args``, kept for the next table with the same combinations
    (:mod:`transforms.wilayah.ingat_cocok`) when it depends on nothing else: the vendored
    alias table (``alias_baku``) and no code anchors."""
    master, unik, tingkat_ada, lingkup, _, jangkar, konvensi, cepat = args
    if not alias_baku or jangkar:
        return _cocokkan_unik(*args)
    konteks = (master.edisi, tuple(tingkat_ada), lingkup, konvensi, cepat)
    return ingat_cocok(konteks, unik, lambda: _cocokkan_unik(*args))


def _cocokkan_unik(
    master: Wilayah,
    unik: pd.DataFrame,
    tingkat_ada: Sequence[str],
    lingkup: str | None,
    alias: Sequence[_Alias],
    daftar_jangkar: Sequence[_Jangkar | None],
    konvensi: str | None,
    cepat: bool,
) -> tuple[list[str | None], list[str], list[str | None]]:
    """Exact lookups first (memoised), the staged matcher only for the combinations left.

    With code columns (anchors) or ``cepat=False`` every combination takes the stages.
    """
    if daftar_jangkar or not cepat:
        jangkar = [daftar_jangkar[int(i)] for i in unik[_KOLOM_JANGKAR]] if daftar_jangkar else None
        return _cocokkan_kombinasi(master, unik, tingkat_ada, lingkup, alias, jangkar, konvensi)
    suffix = KOLOM_SUFFIX if KOLOM_SUFFIX in unik.columns else None
    tepat = cocokkan_tepat(master, unik, tingkat_ada, suffix, lingkup, konvensi)
    kode: list[str | None] = [t.kode for t in tepat]
    status: list[str] = ["cocok"] * len(tepat)
    catatan: list[str | None] = [None] * len(tepat)
    sisa = [i for i, t in enumerate(tepat) if t.kode is None]
    if sisa:
        klaim = kumpulkan_klaim(tepat)
        hasil = _cocokkan_kombinasi(
            master, unik.iloc[sisa], tingkat_ada, lingkup, alias, None, konvensi, klaim
        )
        for j, i in enumerate(sisa):
            kode[i], status[i], catatan[i] = hasil[0][j], hasil[1][j], hasil[2][j]
    return kode, status, catatan


def _tabel_bersih(
    df: pd.DataFrame,
    kolom: Mapping[str, str],
    tingkat_ada: Sequence[str],
    kolom_suffix: str | None,
    master: Wilayah,
    lingkup: str | None,
) -> tuple[pd.DataFrame, list[_Jangkar | None]]:
    """Cleaned names (and suffixes, anchor ids) per row, positionally indexed; the anchors."""
    bersih = pd.DataFrame(
        {t: _bersihkan_nama(df[kolom[t]]).to_numpy() for t in tingkat_ada},
        index=pd.RangeIndex(len(df)),
    )
    if kolom_suffix is not None:
        bersih[KOLOM_SUFFIX] = _bersihkan_suffix(df[kolom_suffix]).to_numpy()
    daftar_jangkar: list[_Jangkar | None] = []
    if KOLOM_KODE in kolom or KOLOM_KODE_BPS in kolom:
        id_jangkar, daftar_jangkar = _jangkar_baris(df, kolom, master, lingkup)
        bersih[_KOLOM_JANGKAR] = pd.array(id_jangkar.astype(str), dtype="string")
    return bersih, daftar_jangkar


def ubah_bps_desa_ke_kemendagri(
    kode_bps_desa: pd.Series, nama_desa: pd.Series, edisi: str = EDISI_BAKU
) -> pd.Series:
    """Map 10-digit BPS desa codes to Kemendagri desa codes of ``edisi``, via the names.

    BPS desa numbering is unrelated to Kemendagri's, so the 7-digit BPS kecamatan prefix
    is mapped through the crosswalk (and carried to ``edisi``), then ``nama_desa`` is
    matched among that kecamatan's desa like :func:`cocokkan_wilayah` does (normalised,
    loose spelling, aliases, fuzzy). ``nama_desa`` is aligned by position. Returns a
    string Series (``kode_kemendagri``, index of ``kode_bps_desa``), NA where the
    kecamatan is unknown or the name does not match.
    """
    if len(kode_bps_desa) != len(nama_desa):
        raise ValueError("kode_bps_desa dan nama_desa harus sama panjang")
    tabel = pd.DataFrame(
        {
            "kode_bps": pd.Series(kode_bps_desa).astype(object).to_numpy(),
            "desa": pd.Series(nama_desa).astype(object).to_numpy(),
        }
    )
    hasil = cocokkan_wilayah(tabel, {KOLOM_KODE_BPS: "kode_bps", "desa": "desa"}, edisi=edisi)
    kode = hasil["kode_wilayah"]
    sah = (hasil["status"] != "tidak_cocok") & (kode.str.len() == PANJANG_KODE["desa"])
    return pd.Series(
        pd.array(kode.where(sah.fillna(False)).to_numpy(), dtype="string"),
        index=pd.Series(kode_bps_desa).index,
        name="kode_kemendagri",
    )
