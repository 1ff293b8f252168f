"""The period of each row: year, month and semester columns, checked against the ingest.

A period cell that disagrees with the ingested period quarantines its row: a month other than
the ingested month, a semester other than the ingested semester, and a year written in a month
or semester cell (``DESEMBER 2024``, ``Sem 2 2024``) other than the row's year (the year
column, else the ingested year).
"""

from __future__ import annotations

import pandas as pd

from schemas.aturan import ATURAN
from schemas.model import Layout
from transforms.baca.kalender import cari_tahun_bulan, ubah_bulan, ubah_semester, ubah_tahun
from transforms.baca.tabel import TabelTeks
from transforms.komponen.asal import Asal
from transforms.komponen.karantina import buat_karantina_sel, gabung_karantina

KUNCI_PERIODE = ["tahun", "bulan", "semester"]


Banding = tuple[pd.Series, pd.Series, str, str]
"""A comparison of a period column: value read, value expected, rule, what is compared."""


def _cek_kolom_periode(
    tabel: TabelTeks,
    asal: Asal,
    kolom: str,
    tak_dikenal: tuple[pd.Series, str, str],
    *banding: Banding,
) -> tuple[pd.Series, list[pd.DataFrame]]:
    """One period column: unreadable cells, and values that differ from the ingested period.

    Args:
        tak_dikenal: (mask of unreadable cells, rule, message).
        banding: each (value read, value expected, rule, what: ``bulan``, ``tahun``…),
            compared where both are known.

    Returns:
        The rows to quarantine and their problems.
    """
    tak, aturan_tak, pesan_tak = tak_dikenal
    salah = tak.copy()
    problems = [buat_karantina_sel(tabel, asal, kolom, tak, aturan_tak, pesan_tak)]
    for nilai, harus, aturan, apa in banding:
        beda = (nilai.notna() & harus.notna() & (nilai != harus)).fillna(False).astype(bool)
        pesan = (
            f"{apa} di berkas ("
            + nilai[beda].astype(str)
            + f") berbeda dengan {apa} yang di-ingest ("
            + harus[beda].astype(str)
            + "); baris tidak dipakai"
        )
        problems.append(buat_karantina_sel(tabel, asal, kolom, beda, aturan, pesan))
        salah |= beda
    return salah, problems


def _tahun(
    tabel: TabelTeks, kol: str, asal: Asal
) -> tuple[pd.Series, pd.Series, list[pd.DataFrame]]:
    """The year column: read, and rows whose year is unreadable or not one ingested."""
    dari = ubah_tahun(tabel.data[kol])
    salah = dari.isna() | ~dari.isin(asal.tahun_boleh).fillna(False).astype(bool)
    pesan = (
        "tahun tidak terbaca atau tidak termasuk tahun yang di-ingest "
        f"({', '.join(map(str, asal.tahun_boleh))})"
    )
    problems = buat_karantina_sel(tabel, asal, kol, salah, ATURAN.tahun_tidak_sesuai, pesan)
    return dari, salah, [problems]


def _bulan(
    tabel: TabelTeks, kol: str, asal: Asal, bulan: pd.Series, tahun: pd.Series
) -> tuple[pd.Series, pd.Series, list[pd.DataFrame]]:
    """The month column: read, unreadable names, months other than the ingested one, and
    a year written in the cell (``DESEMBER 2024``) other than the row's year."""
    dari = ubah_bulan(tabel.data[kol])
    pesan = "nama bulan tidak dikenali (harus JANUARI..DESEMBER atau 1-12)"
    salah, found = _cek_kolom_periode(
        tabel,
        asal,
        kol,
        (dari.isna(), ATURAN.bulan_tidak_dikenal, pesan),
        (dari, bulan, ATURAN.bulan_tidak_sesuai, "bulan"),
        (cari_tahun_bulan(tabel.data[kol]), tahun, ATURAN.tahun_tidak_sesuai, "tahun"),
    )
    return dari, salah, found


def _semester(
    tabel: TabelTeks, kol: str, asal: Asal, semester: pd.Series, tahun: pd.Series
) -> tuple[pd.Series, pd.Series, list[pd.DataFrame]]:
    """The semester column: read, unreadable periods, a semester other than the ingested
    one, and years other than the row's year."""
    dari = ubah_semester(tabel.data[kol])
    pesan = "periode semester tidak dikenali (mis. 'Sem 2 2024', 'Semester II')"
    salah, found = _cek_kolom_periode(
        tabel,
        asal,
        kol,
        (dari["semester"].isna(), ATURAN.semester_tidak_dikenal, pesan),
        (dari["semester"], semester, ATURAN.semester_tidak_sesuai, "semester"),
        (dari["tahun"], tahun, ATURAN.tahun_tidak_sesuai, "tahun"),
    )
    return dari["semester"], salah, found


def kenali_periode(
    tabel: TabelTeks, layout: Layout, asal: Asal
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Year, month and semester of each row, and the problems found with them.

    Returns:
        The period columns (``tahun``, ``bulan``, ``semester``) plus ``_bad`` (rows to
        quarantine), and the problems.
    """
    idx = tabel.data.index
    tahun = pd.Series(asal.tahun, index=idx, dtype="Int64")
    bulan = pd.Series(asal.bulan, index=idx, dtype="Int64")
    semester = pd.Series(asal.semester, index=idx, dtype="Int64")
    problems: list[pd.DataFrame] = []
    bad = pd.Series(False, index=idx)
    ada = set(tabel.data.columns)
    layout_periode = {p: k for p, k in layout.periode.items() if k in ada}
    if "tahun" in layout_periode:
        tahun, salah, found = _tahun(tabel, layout.periode["tahun"], asal)
        problems, bad = problems + found, bad | salah
    if "bulan" in layout_periode:
        bulan, salah, found = _bulan(tabel, layout.periode["bulan"], asal, bulan, tahun)
        problems, bad = problems + found, bad | salah
    if "semester" in layout_periode:
        kol = layout.periode["semester"]
        semester, salah, found = _semester(tabel, kol, asal, semester, tahun)
        problems, bad = problems + found, bad | salah
    periode = pd.DataFrame({"tahun": tahun, "bulan": bulan, "semester": semester}, index=idx)
    return periode.assign(_bad=bad), gabung_karantina(problems)
