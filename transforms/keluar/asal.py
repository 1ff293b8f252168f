"""Lineage of a published value: from an indicator value down the roll-up to file rows.

Read from one published generation with DuckDB (only the year's Parquet files, only the rows
of the region's subtree), so it is fast on national data:

* the value itself (``indikator`` table: numerator, denominator, ``bulan_acuan``);
* an annual stock value is the value of its reference month (``bulan_acuan``, the one
  stock/flow rule of :mod:`transforms.hitung.waktu`), so the chain continues in that month
  (or semester), where the roll-up is a plain sum;
* per level, the child regions it sums (the largest contributions first, at most ``maks``,
  the rest as one "and N more" line with their total), and the sum of ALL children compared
  with the parent, so the totals visibly add up;
* the chain follows the largest child down to a region without children (a desa, or a
  region that reported directly), whose ``komponen`` rows name the file, sheet and row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from schemas.model import Katalog
from transforms.wilayah.kode import TINGKAT

_KOLOM_NILAI = (
    "kode_wilayah, nama_wilayah, tingkat, pembilang, penyebut, nilai, bulan, semester, "
    "bulan_acuan, jumlah_wilayah_lapor, sumber"
)
_PERIODE = "bulan IS NOT DISTINCT FROM ? AND semester IS NOT DISTINCT FROM ?"


class AsalTidakDitemukan(LookupError):
    """The value asked for is not in the published generation (message in Bahasa)."""


@dataclass(frozen=True)
class NilaiWilayah:
    """One region's published value of the indicator."""

    kode_wilayah: str
    nama_wilayah: str
    tingkat: str
    pembilang: float | None
    penyebut: float | None
    nilai: float | None


@dataclass
class LangkahAsal:
    """One level of the chain: a region and the child regions it sums."""

    induk: NilaiWilayah
    anak: list[NilaiWilayah]  # the largest contributions, at most ``maks``
    jumlah_anak: int
    jumlah_pembilang: float | None  # over ALL children
    jumlah_penyebut: float | None  # None: no denominator (a count indicator)
    sisa_pembilang: float | None  # over the children not shown
    sisa_penyebut: float | None

    @property
    def cocok(self) -> bool:
        """Whether the children's numerators and denominators add up to the parent's."""
        return periksa_sama(self.jumlah_pembilang, self.induk.pembilang) and periksa_sama(
            self.jumlah_penyebut, self.induk.penyebut
        )


@dataclass
class Asal:
    """The chain from one published value down to the rows of the files it came from."""

    kode_indikator: str
    judul: str
    tahun: int
    bulan: int | None
    semester: int | None
    nilai: NilaiWilayah
    sumber: str
    bulan_acuan: int | None  # annual stock value: the month it is taken from
    periode_turun: tuple[int | None, int | None]  # (bulan, semester) the chain continues in
    langkah: list[LangkahAsal] = field(default_factory=list)
    baris: pd.DataFrame = field(default_factory=pd.DataFrame)  # komponen rows of the leaf
    jumlah_baris: int = 0


def periksa_sama(a: float | None, b: float | None) -> bool:
    """Equal within float rounding (both empty counts as equal)."""
    if a is None or b is None or pd.isna(a) or pd.isna(b):
        return (a is None or pd.isna(a)) and (b is None or pd.isna(b))
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _berkas(folder: Path, tabel: str, tahun: int) -> list[str]:
    """The Parquet files of one table and year in a generation folder."""
    return sorted(str(p) for p in (folder / tabel / str(tahun)).glob("*.parquet"))


def _nilai(row: pd.Series) -> NilaiWilayah:
    def angka(v: object) -> float | None:
        return None if pd.isna(v) else float(v)

    return NilaiWilayah(
        str(row["kode_wilayah"]),
        str(row["nama_wilayah"]),
        str(row["tingkat"]),
        angka(row["pembilang"]),
        angka(row["penyebut"]),
        angka(row["nilai"]),
    )


def _baca_nilai(con, files, kode_ind, kode_wil, tahun, bulan, semester) -> pd.DataFrame:
    sql = (
        f"SELECT {_KOLOM_NILAI} FROM read_parquet(?) WHERE kode_indikator = ? "
        f"AND kode_wilayah = ? AND tahun = ? AND {_PERIODE}"
    )
    return con.execute(sql, [files, kode_ind, kode_wil, tahun, bulan, semester]).df()


def _baca_anak(con, files, kode_ind, kode_wil, tahun, periode) -> pd.DataFrame:
    """Rows of the nearest level below ``kode_wil`` that has rows, largest numerator first."""
    sql = (
        f"SELECT {_KOLOM_NILAI} FROM read_parquet(?) WHERE kode_indikator = ? AND tingkat = ? "
        f"AND starts_with(kode_wilayah, ?) AND tahun = ? AND {_PERIODE} "
        "ORDER BY pembilang DESC NULLS LAST, kode_wilayah"
    )
    for tingkat in TINGKAT[TINGKAT.index(_tingkat(kode_wil)) + 1 :]:
        anak = con.execute(sql, [files, kode_ind, tingkat, kode_wil + ".", tahun, *periode]).df()
        if len(anak):
            return anak
    return pd.DataFrame()


def _tingkat(kode: str) -> str:
    return TINGKAT[kode.count(".")] if kode.count(".") < len(TINGKAT) else TINGKAT[-1]


def _periode_turun(con, files, kode_ind, baris: pd.Series, tahun) -> tuple:
    """The period the chain continues in: an annual stock value's reference month (or the
    semester ending then), else the row's own period."""
    acuan = baris["bulan_acuan"]
    if pd.isna(baris["bulan"]) and pd.isna(baris["semester"]) and pd.notna(acuan):
        acuan = int(acuan)
        kode = baris["kode_wilayah"]
        if len(_baca_nilai(con, files, kode_ind, kode, tahun, acuan, None)):
            return (acuan, None)
        if acuan in (6, 12) and len(
            _baca_nilai(con, files, kode_ind, kode, tahun, None, acuan // 6)
        ):
            return (None, acuan // 6)
    bulan = None if pd.isna(baris["bulan"]) else int(baris["bulan"])
    semester = None if pd.isna(baris["semester"]) else int(baris["semester"])
    return (bulan, semester)


def _langkah(induk: NilaiWilayah, anak: pd.DataFrame, maks: int) -> LangkahAsal:
    tampil, sisa = anak.head(maks), anak.iloc[maks:]
    return LangkahAsal(
        induk=induk,
        anak=[_nilai(r) for _, r in tampil.iterrows()],
        jumlah_anak=len(anak),
        jumlah_pembilang=_jumlah(anak["pembilang"]),
        jumlah_penyebut=_jumlah(anak["penyebut"]),
        sisa_pembilang=_jumlah(sisa["pembilang"]),
        sisa_penyebut=_jumlah(sisa["penyebut"]),
    )


def cari_bagian_komponen(katalog: Katalog, nama: str) -> list[str]:
    """A component and the parts it may be derived from (recursively), itself first."""
    out: list[str] = []
    antre = [nama]
    while antre:
        k = antre.pop(0)
        if k not in out:
            out.append(k)
            antre += list(katalog.komponen[k].bagian) if k in katalog.komponen else []
    return out


def cari_komponen_asal(katalog: Katalog, kode_indikator: str) -> list[str]:
    """The components of an indicator and, for derived ones, the parts they are built from."""
    ind = katalog.indikator[kode_indikator]
    nama = [ind.pembilang, *([ind.penyebut] if ind.penyebut else [])]
    return list(dict.fromkeys(b for n in nama for b in cari_bagian_komponen(katalog, n)))


def _baca_baris(con, files, kode_wil, tahun, periode, komponen) -> tuple[pd.DataFrame, int]:
    """The komponen rows of one region (file, sheet, row), and how many there are.

    For an annual value (period ``(None, None)``) every row of the year: a flow's annual value
    is the sum of its months, and data that is annual already has no other rows.
    """
    if not files:
        return pd.DataFrame(), 0
    tahunan = periode == (None, None)
    sql = (
        "SELECT komponen, nilai, bulan, semester, sumber, berkas, lembar, baris FROM "
        "read_parquet(?, union_by_name = true) WHERE kode_wilayah = ? AND tahun = ? AND "
        f"{'TRUE' if tahunan else _PERIODE} AND list_contains(?, komponen) "
        "ORDER BY komponen, bulan NULLS FIRST, semester NULLS FIRST, berkas, baris"
    )
    params = [files, kode_wil, tahun, *([] if tahunan else periode), komponen]
    try:
        rows = con.execute(sql, params).df()
    except _galat_duckdb() as exc:  # a generation published before the ``lembar`` column
        if "lembar" not in str(exc):
            raise
        rows = con.execute(sql.replace(", lembar,", ", NULL AS lembar,", 1), params).df()
    return rows, len(rows)


def _galat_duckdb() -> type[Exception]:
    """DuckDB's binder error class (imported lazily: DuckDB loads only when used)."""
    import duckdb

    return duckdb.BinderException


def _jumlah(kolom: pd.Series) -> float | None:
    """Sum of a column; None when every value is empty (a count indicator's denominator)."""
    return None if kolom.isna().all() else float(kolom.sum())


def _tanpa_bagian(rows: pd.DataFrame, katalog: Katalog) -> pd.DataFrame:
    """Drop the parts of a derived component that was reported directly (not used for it)."""
    ada = set(rows["komponen"]) if len(rows) else set()
    bagian = {b for k in ada if k in katalog.komponen for b in katalog.komponen[k].bagian}
    return rows[~rows["komponen"].isin(bagian)].reset_index(drop=True) if bagian else rows


def telusuri_asal(
    folder: Path,
    katalog: Katalog,
    kode_indikator: str,
    kode_wilayah: str,
    tahun: int,
    bulan: int | None = None,
    semester: int | None = None,
    maks: int = 5,
) -> Asal:
    """The chain of a published value down to the file rows (see the module docstring).

    Raises:
        AsalTidakDitemukan: unknown indicator, or no published value for the region/period.
    """
    import duckdb

    if kode_indikator not in katalog.indikator:
        raise AsalTidakDitemukan(f"indikator {kode_indikator!r} tidak ada di katalog")
    files = _berkas(folder, "indikator", tahun)
    con = duckdb.connect()
    rows = (
        _baca_nilai(con, files, kode_indikator, kode_wilayah, tahun, bulan, semester)
        if files
        else pd.DataFrame()
    )
    if rows.empty:
        raise AsalTidakDitemukan(
            _pesan_tidak_ada(kode_indikator, kode_wilayah, tahun, bulan, semester)
        )
    baris = rows.iloc[0]
    periode = _periode_turun(con, files, kode_indikator, baris, tahun)
    asal = Asal(
        kode_indikator,
        katalog.indikator[kode_indikator].judul,
        tahun,
        bulan,
        semester,
        _nilai(baris),
        str(baris["sumber"]),
        None if pd.isna(baris["bulan_acuan"]) else int(baris["bulan_acuan"]),
        periode,
    )
    kini = asal.nilai
    if periode != (bulan, semester):  # the reference month's value: the same numbers
        ulang = _baca_nilai(con, files, kode_indikator, kode_wilayah, tahun, *periode)
        kini = _nilai(ulang.iloc[0])
    while True:
        anak = _baca_anak(con, files, kode_indikator, kini.kode_wilayah, tahun, periode)
        if anak.empty:
            break
        asal.langkah.append(_langkah(kini, anak, maks))
        kini = asal.langkah[-1].anak[0]
    komponen = cari_komponen_asal(katalog, kode_indikator)
    kfiles = _berkas(folder, "komponen", tahun)
    leaf, _ = _baca_baris(con, kfiles, kini.kode_wilayah, tahun, periode, komponen)
    asal.baris = _tanpa_bagian(leaf, katalog)
    asal.jumlah_baris = len(asal.baris)
    return asal


def _pesan_tidak_ada(kode_ind, kode_wil, tahun, bulan, semester) -> str:
    periode = (
        f" bulan {bulan}" if bulan else (f" semester {semester}" if semester else " (tahunan)")
    )
    return (
        f"tidak ada nilai {kode_ind} untuk wilayah {kode_wil} tahun {tahun}{periode} di generasi "
        "yang berlaku. Periksa kode wilayah (Kemendagri bertitik, mis. 76.01) dan periodenya; "
        "'indikator cakupan' menunjukkan wilayah dan tahun yang punya nilai."
    )
