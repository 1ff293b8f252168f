"""Column detection: find the region columns of a table by header words and by content."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

import pandas as pd

from transforms.wilayah.edisi import EDISI_BAKU
from transforms.wilayah.kode import TINGKAT
from transforms.wilayah.master import muat_master
from transforms.wilayah.nama import _RE_HURUF, normalkan_nama
from transforms.wilayah.sistem import _skor_sistem

_KATA_TINGKAT: Final = {
    **dict.fromkeys(("PROVINSI", "PROPINSI", "PROV", "PROP"), "provinsi"),
    **dict.fromkeys(
        ("KABUPATEN", "KAB", "KOTA", "KOT", "KABKOT", "KABKOTA", "KOTAKAB"), "kabupaten"
    ),
    **dict.fromkeys(("KECAMATAN", "KEC", "KAPANEWON", "KEMANTREN", "DISTRIK"), "kecamatan"),
    **dict.fromkeys(
        ("DESA", "KELURAHAN", "KEL", "NAGARI", "GAMPONG", "DESAKEL", "KELDESA"), "desa"
    ),
}
_AWALAN_KODE: Final = ("KODE", "KD", "ID")
_AWALAN_NAMA: Final = ("NAMA", "NM")
_KATA_KODE: Final = frozenset(("KODE", "KD", "ID", "KODEWILAYAH", "KDWIL", "IDWIL"))
_KATA_NAMA: Final = frozenset(("NAMA", "NM", "NAME"))
_KATA_WILAYAH: Final = frozenset(("WILAYAH", "WIL", "DAERAH"))
_KATA_SISTEM: Final = {"BPS": "bps", "KEMENDAGRI": "kemendagri", "DAGRI": "kemendagri"}
_KATA_BUKAN: Final = frozenset(
    (
        "JUMLAH", "JML", "TOTAL", "PERSEN", "PERSENTASE", "PRESENTASE", "LUAS", "TARGET",
        "SASARAN", "RASIO", "CAKUPAN", "KEPADATAN", "PENDUDUK", "STATUS", "STAT", "KLAS",
        "JENIS", "TIPE", "TAHUN", "BULAN", "JARAK", "LATITUDE", "LONGITUDE", "PUSKESMAS",
        "FASKES", "POSYANDU",
    )
)  # fmt: skip
AMBANG_NAMA_JUDUL: Final = 0.3  # share of master names needed when the header names a level
AMBANG_NAMA_ISI: Final = 0.8  # ... and for a column found by its content alone
AMBANG_KODE_ISI: Final = 0.9  # share of valid codes for a code column found by content alone
_MAKS_NILAI_DETEKSI: Final = 2000  # distinct values examined per column


@dataclass(frozen=True)
class _Judul:
    """What a header says about a column."""

    tingkat: str | None
    peran: str | None  # "kode", "nama" or None (the content decides)
    sistem: str | None  # "bps" / "kemendagri" when the header says so


def _kata_tingkat(token: str) -> tuple[str | None, str | None]:
    """Level (and role from a glued prefix) of one header token: KDKAB, NMDESA, IDDESA."""
    if token in _KATA_TINGKAT:
        return _KATA_TINGKAT[token], None
    for awalan in (*_AWALAN_KODE, *_AWALAN_NAMA):
        sisa = token[len(awalan) :]
        if token.startswith(awalan) and sisa in _KATA_TINGKAT:
            return _KATA_TINGKAT[sisa], "kode" if awalan in _AWALAN_KODE else "nama"
    return None, None


_BUKAN_WILAYAH: Final = _Judul(None, "bukan", None)  # counts, shares, periods: never regions


def _baca_judul(judul: str) -> _Judul | None:
    """Parse a header; None when it says nothing (the content decides), :data:`_BUKAN_WILAYAH`
    when its words rule a region column out (``JUMLAH DESA``, ``STATUS_DESA``, ``BULAN``).
    """
    token = re.findall(r"[A-Z0-9]+", judul.upper())
    if not token:
        return None
    if any(t in _KATA_BUKAN for t in token):
        return _BUKAN_WILAYAH
    tingkat: list[str] = []
    peran: str | None = None
    sistem: str | None = None
    wilayah = asing = False
    for t in token:
        level, peran_token = _kata_tingkat(t)
        if level is not None:
            tingkat.append(level)
            peran = peran_token if peran_token == "kode" else peran or peran_token
        elif t in _KATA_KODE:
            peran = "kode"
        elif t in _KATA_NAMA:
            peran = peran or "nama"
        elif t in _KATA_SISTEM:
            sistem = _KATA_SISTEM[t]
        elif t in _KATA_WILAYAH:
            wilayah = True
        else:
            asing = True
    # without a level word the header must be pure code/region vocabulary (not KODE FASKES)
    if not tingkat and (asing or (not wilayah and peran != "kode")):
        return None
    level = max(tingkat, key=TINGKAT.index) if tingkat else None
    return _Judul(level, peran, sistem)


@lru_cache(maxsize=1)
def _kunci_per_tingkat() -> dict[str, frozenset[str]]:
    """Normalised names of the 2025 master per level."""
    master = muat_master(EDISI_BAKU)
    return {t: frozenset(master._kunci[master._posisi_tingkat[t]].tolist()) for t in TINGKAT}


def _tingkat_nama(nilai: pd.Series, tingkat: str | None = None) -> tuple[str | None, float]:
    """Best level for a column of names and the share of its distinct names found there."""
    unik = [
        str(v) for v in pd.unique(pd.Series(nilai).dropna().astype(str)) if _RE_HURUF.search(v)
    ][:_MAKS_NILAI_DETEKSI]
    if not unik:
        return tingkat, 0.0
    kunci = _kunci_per_tingkat()
    skor = [
        (sum(normalkan_nama(v, t) in kunci[t] for v in unik) / len(unik), t)
        for t in ((tingkat,) if tingkat else TINGKAT)
    ]
    bagian, terbaik = max(skor, key=lambda x: (x[0], -TINGKAT.index(x[1])))
    return terbaik, bagian


def _contoh(seri: pd.Series) -> pd.Series:
    """At most :data:`_MAKS_NILAI_DETEKSI` distinct values, with their row counts kept."""
    if seri.nunique(dropna=True) <= _MAKS_NILAI_DETEKSI:
        return seri
    pilihan = pd.unique(seri.dropna())[:_MAKS_NILAI_DETEKSI]
    return seri[seri.isin(pilihan)]


def _deteksi_satu(judul: str, seri: pd.Series) -> tuple[str | None, str] | None:
    """(level, system) of one column, or None when it is not a region column."""
    baca = _baca_judul(judul)
    if baca is _BUKAN_WILAYAH:
        return None
    contoh = _contoh(seri)
    if baca is None:  # content alone: demand a clear majority
        sistem, bagian, level = _skor_sistem(contoh)
        if sistem == "nama":
            level, bagian = _tingkat_nama(contoh)
            return (level, sistem) if bagian >= AMBANG_NAMA_ISI else None
        if sistem != "tidak_dikenal" and bagian >= AMBANG_KODE_ISI:
            return level, sistem
        return None
    sistem, _, level = _skor_sistem(contoh, baca.tingkat, baca.sistem)
    if sistem == "nama":
        level, bagian = _tingkat_nama(contoh, baca.tingkat)
        return (level, sistem) if bagian >= AMBANG_NAMA_JUDUL else None
    if sistem == "tidak_dikenal" and baca.tingkat is None and baca.peran != "kode":
        return None
    return level, sistem


def deteksi_kolom_wilayah(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Find the region columns of a table by header words and by content.

    Headers (``KODE``, ``KD``, ``KODE_WILAYAH``, ``KODE DESA``, ``KODE_KEC``,
    ``kemendagri_kode_*``, ``bps_kode_*``, ``IDDESA``/``KDKAB``/``NMDESA``, ``PROVINSI``/
    ``PROV``, ``KABUPATEN``/``KAB``/``KOTA``/``KAB_KOT``/``KABUPATEN/KOTA``,
    ``KECAMATAN``/``KEC``/``KAPANEWON``/``KEMANTREN``/``DISTRIK``, ``DESA``/``KELURAHAN``/
    ``KEL/DESA``/``NAGARI``/``GAMPONG``, ``NAMA WILAYAH``...) give the level and role;
    counts and shares (``JUMLAH DESA``, ``TOTAL_KEC``, ``STATUS_DESA``) are ruled out.
    The content gives the system (:func:`deteksi_sistem_kode`, with the header's level as hint)
    and, for names, the level whose master names they match. A name column named by its
    header needs 30 % of its distinct names in the master at that level. Columns without a
    telling header are taken only when their content is clear: 90 % valid codes of one
    system, or 80 % of distinct names found in the master at one level.

    Returns ``{header: {"kolom": label, "tingkat": level or None, "sistem": system}}`` in
    column order (``label`` is the column label as in ``frame``; ``sistem`` is
    ``tidak_dikenal`` for a code column whose values fit no system, e.g. partial codes
    like the BPS ``kdkec`` ``010``).
    """
    hasil: dict[str, dict[str, Any]] = {}
    for posisi, label in enumerate(frame.columns):
        temuan = _deteksi_satu(str(label), frame.iloc[:, posisi])
        if temuan is not None:
            tingkat, sistem = temuan
            hasil[str(label)] = {"kolom": label, "tingkat": tingkat, "sistem": sistem}
    return hasil
