"""Input validation with pandera: the schema of a file is derived from its layout and the registry.

Nothing here is typed twice: the rules come from

* the component definitions (every component is a count: a whole number >= 0);
* the layout's ``periksa`` list (parts = whole, stated percentages, stated totals);
* the registry: where an indicator's numerator and denominator both come from the file,
  numerator <= denominator, with the severity the registry gives (``batas_pembilang``).

Validation is lazy: every problem of the file is reported at once, one row per cell or row,
with the rule, its severity (``galat`` quarantines the row, ``peringatan`` keeps it) and a
message in Bahasa Indonesia.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from transforms.catalog import Katalog, Layout

KOLOM_HASIL = ["indeks", "aturan", "tingkat_masalah", "kolom", "nilai", "pesan"]


@dataclass(frozen=True)
class Aturan:
    """One row-wise rule over the parsed columns of a file."""

    nama: str
    tingkat: str
    kolom: tuple[str, ...]
    pesan: str
    lolos: Callable[[pd.DataFrame], pd.Series]


def _jumlah(bagian: tuple[str, ...], total: str, toleransi: float) -> Callable:
    def lolos(d: pd.DataFrame) -> pd.Series:
        parts = d[list(bagian)]
        known = parts.notna().all(axis=1) & d[total].notna()
        return ~known | ((parts.sum(axis=1) - d[total]).abs() <= toleransi)

    return lolos


def _persen(pembilang: str, penyebut: str, persen: str, toleransi: float) -> Callable:
    def lolos(d: pd.DataFrame) -> pd.Series:
        hitung = 100 * d[pembilang] / d[penyebut].where(d[penyebut] != 0)
        hitung = hitung.fillna(0.0).where(d[penyebut].notna())
        known = hitung.notna() & d[persen].notna()
        return ~known | ((hitung - d[persen]).abs() <= toleransi)

    return lolos


def _maksimum(kecil: str, besar: str) -> Callable:
    def lolos(d: pd.DataFrame) -> pd.Series:
        known = d[kecil].notna() & d[besar].notna()
        return ~known | (d[kecil] <= d[besar])

    return lolos


def aturan_layout(layout: Layout, katalog: Katalog) -> list[Aturan]:
    """Row-wise rules of a layout: its declared checks and numerator <= denominator."""
    rules: list[Aturan] = []
    for p in layout.periksa:
        tingkat = p.get("tingkat", "galat")
        tol = float(p.get("toleransi", 0.5 if p["aturan"] == "jumlah" else 0.01))
        if p["aturan"] == "jumlah":
            bagian = tuple(p["bagian"])
            pesan = f"{p['total']} harus sama dengan {' + '.join(bagian)}"
            rules.append(
                Aturan(
                    "jumlah_bagian_tidak_sama",
                    tingkat,
                    (p["total"], *bagian),
                    pesan,
                    _jumlah(bagian, p["total"], tol),
                )
            )
        elif p["aturan"] == "persen":
            pesan = (
                f"persentase tertulis di {p['persen']} berbeda dengan hasil hitung ulang "
                f"100 x {p['pembilang']} / {p['penyebut']} (toleransi {tol})"
            )
            rules.append(
                Aturan(
                    "persen_tertulis_berbeda",
                    tingkat,
                    (p["persen"], p["pembilang"], p["penyebut"]),
                    pesan,
                    _persen(p["pembilang"], p["penyebut"], p["persen"], tol),
                )
            )
        elif p["aturan"] == "maksimum":
            pesan = p.get("pesan") or f"{p['kecil']} biasanya tidak lebih besar dari {p['besar']}"
            rules.append(
                Aturan(
                    "tidak_wajar",
                    tingkat,
                    (p["kecil"], p["besar"]),
                    pesan,
                    _maksimum(p["kecil"], p["besar"]),
                )
            )
    kolom_dari = {nama: kolom for kolom, nama in layout.komponen.items()}
    for ind in katalog.indikator.values():
        if ind.penyebut is None or ind.batas_pembilang == "tidak":
            continue
        if ind.pembilang in kolom_dari and ind.penyebut in kolom_dari:
            kecil, besar = kolom_dari[ind.pembilang], kolom_dari[ind.penyebut]
            if any(r.kolom == (kecil, besar) for r in rules):
                continue
            rules.append(
                Aturan(
                    "pembilang_melebihi_penyebut",
                    ind.batas_pembilang,
                    (kecil, besar),
                    f"{kecil} tidak boleh lebih besar dari {besar} (indikator {ind.kode})",
                    _maksimum(kecil, besar),
                )
            )
    return rules


def skema_masukan(layout: Layout, katalog: Katalog, kolom: list[str]) -> pa.DataFrameSchema:
    """The pandera schema of a file's parsed numeric columns.

    Args:
        layout: the source layout.
        katalog: the catalog (for the registry's numerator/denominator rules).
        kolom: the parsed numeric columns present (layout column names).
    """
    komponen_kolom = set(layout.komponen) | ({layout.panjang["nilai"]} if layout.panjang else set())
    columns = {}
    for name in kolom:
        checks = []
        if name in komponen_kolom and layout.ubah.get(name) != "ada":
            checks = [
                pa.Check(lambda s: s >= 0, name="angka_negatif", ignore_na=True),
                pa.Check(lambda s: s == np.round(s), name="bukan_bilangan_bulat", ignore_na=True),
            ]
        columns[name] = pa.Column("float64", checks=checks, nullable=True, required=False)
    rules = [r for r in aturan_layout(layout, katalog) if set(r.kolom) <= set(kolom)]
    frame_checks = [pa.Check(r.lolos, name=r.nama, error=r.pesan) for r in rules]
    return pa.DataFrameSchema(columns, checks=frame_checks, strict=False)


_PESAN_KOLOM = {
    "angka_negatif": "jumlah pada kolom {kolom!r} tidak boleh negatif",
    "bukan_bilangan_bulat": "jumlah pada kolom {kolom!r} harus bilangan bulat",
}


def periksa_nilai(nilai: pd.DataFrame, layout: Layout, katalog: Katalog) -> pd.DataFrame:
    """Validate parsed values lazily; one result row per failing (row, rule).

    Args:
        nilai: parsed numbers, columns named as in the layout, index = the file's row index.
        layout: the source layout.
        katalog: the catalog.

    Returns:
        Columns ``indeks`` (row index in ``nilai``), ``aturan``, ``tingkat_masalah``, ``kolom``,
        ``nilai`` (the values involved, as text) and ``pesan`` (Bahasa).
    """
    schema = skema_masukan(layout, katalog, list(nilai.columns))
    try:
        schema.validate(nilai, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _hasil(exc.failure_cases, nilai, layout, katalog)
    return pd.DataFrame(columns=KOLOM_HASIL)


def _hasil(
    cases: pd.DataFrame, nilai: pd.DataFrame, layout: Layout, katalog: Katalog
) -> pd.DataFrame:
    # pandera names a frame-wide check by its error text in failure_cases
    rules = {r.pesan: r for r in aturan_layout(layout, katalog)}
    cases = cases[cases["index"].notna()]
    out = []
    for (check, column), group in cases.groupby(["check", "column"], dropna=False, sort=False):
        idx = pd.Index(group["index"].astype("int64").unique())
        if check in rules:
            rule = rules[check]
            shown = nilai.loc[idx, list(rule.kolom)].apply(
                lambda r, cols=rule.kolom: "; ".join(f"{c}={_fmt(r[c])}" for c in cols), axis=1
            )
            out.append(
                pd.DataFrame(
                    {
                        "indeks": idx,
                        "aturan": rule.nama,
                        "tingkat_masalah": rule.tingkat,
                        "kolom": "/".join(rule.kolom),
                        "nilai": shown.to_numpy(),
                        "pesan": rule.pesan,
                    }
                )
            )
        elif check in _PESAN_KOLOM:
            out.append(
                pd.DataFrame(
                    {
                        "indeks": idx,
                        "aturan": check,
                        "tingkat_masalah": "galat",
                        "kolom": column,
                        "nilai": nilai.loc[idx, column].map(_fmt).to_numpy(),
                        "pesan": _PESAN_KOLOM[check].format(kolom=column),
                    }
                )
            )
    if not out:
        return pd.DataFrame(columns=KOLOM_HASIL)
    # a frame-wide check reports each of its columns: keep one row per (row, rule)
    return pd.concat(out, ignore_index=True).drop_duplicates(["indeks", "aturan", "kolom"])


def _fmt(value: float) -> str:
    if pd.isna(value):
        return ""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:g}"


RASIO_LONJAKAN = 3.0  # month-to-month change flagged when the value triples or falls to a third
SELISIH_MIN = 20.0  # ... and changes by at least this many (small counts move a lot)
AMBANG_RIWAYAT = 5.0  # robust z-score (median / MAD) far outside the region's own history


def periksa_lonjakan(komponen: pd.DataFrame) -> pd.DataFrame:
    """Warnings for month-to-month jumps and values far outside a region's history.

    Works on the long component table of a run (with ``berkas``, ``baris`` provenance) per
    region and component over its monthly values. These are warnings: the value is kept.

    Returns:
        Rows in the karantina layout (without ``id_run``).
    """
    monthly = komponen[komponen["bulan"].notna()]
    if monthly.empty:
        return pd.DataFrame()
    keys = ["kode_wilayah", "komponen"]
    urut = monthly.sort_values([*keys, "tahun", "bulan"])
    grup = urut.groupby(keys, sort=False)["nilai"]
    prev = grup.shift(1)
    naik = (urut["nilai"] > RASIO_LONJAKAN * prev) | (urut["nilai"] * RASIO_LONJAKAN < prev)
    lonjak = naik & ((urut["nilai"] - prev).abs() >= SELISIH_MIN) & prev.notna()
    median = grup.transform("median")
    mad = (urut["nilai"] - median).abs().groupby([urut[k] for k in keys]).transform("median")
    count = grup.transform("size")
    z = (urut["nilai"] - median).abs() / (1.4826 * mad.where(mad > 0))
    jauh = (z > AMBANG_RIWAYAT) & (count >= 4) & ((urut["nilai"] - median).abs() >= SELISIH_MIN)
    frames = []
    for mask, aturan, pesan in (
        (
            lonjak,
            "lonjakan_bulanan",
            "nilai berubah lebih dari 3 kali lipat dari bulan sebelumnya ("
            + prev.map(_fmt)
            + " → "
            + urut["nilai"].map(_fmt)
            + "); periksa kembali",
        ),
        (
            jauh & ~lonjak,
            "di_luar_riwayat",
            "nilai jauh dari kebiasaan wilayah ini (median "
            + median.map(_fmt)
            + "); periksa kembali",
        ),
    ):
        part = urut[mask]
        if part.empty:
            continue
        frames.append(
            pd.DataFrame(
                {
                    "berkas": part["berkas"],
                    "sheet": None,
                    "baris": part["baris"].astype("Int64"),
                    "kolom": part["komponen"],
                    "nilai": part["nilai"].map(_fmt),
                    "aturan": aturan,
                    "tingkat_masalah": "peringatan",
                    "pesan": pesan[mask] + " [" + part["kode_wilayah"] + "]",
                    "sumber": part["sumber"],
                    "tahun": part["tahun"].astype("Int64"),
                }
            )
        )
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
