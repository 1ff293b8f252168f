"""Input schema with pandera: the schema of a file is derived from its layout and the registry.

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
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from schemas.aturan import ATURAN
from schemas.model import Katalog, Layout

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


def _aturan_periksa(p: dict[str, Any]) -> Aturan | None:
    """The rule of one check the layout declares (``jumlah``, ``persen``, ``maksimum``)."""
    tingkat = p.get("tingkat", "galat")
    tol = float(p.get("toleransi", 0.5 if p["aturan"] == "jumlah" else 0.01))
    if p["aturan"] == "jumlah":
        bagian = tuple(p["bagian"])
        pesan = f"{p['total']} harus sama dengan {' + '.join(bagian)}"
        return Aturan(
            ATURAN.jumlah_bagian_tidak_sama,
            tingkat,
            (p["total"], *bagian),
            pesan,
            _jumlah(bagian, p["total"], tol),
        )
    if p["aturan"] == "persen":
        pesan = (
            f"persentase tertulis di {p['persen']} berbeda dengan hasil hitung ulang "
            f"100 x {p['pembilang']} / {p['penyebut']} (toleransi {tol})"
        )
        return Aturan(
            ATURAN.persen_tertulis_berbeda,
            tingkat,
            (p["persen"], p["pembilang"], p["penyebut"]),
            pesan,
            _persen(p["pembilang"], p["penyebut"], p["persen"], tol),
        )
    if p["aturan"] == "maksimum":
        pesan = p.get("pesan") or f"{p['kecil']} biasanya tidak lebih besar dari {p['besar']}"
        return Aturan(
            ATURAN.tidak_wajar,
            tingkat,
            (p["kecil"], p["besar"]),
            pesan,
            _maksimum(p["kecil"], p["besar"]),
        )
    return None


def _aturan_registri(layout: Layout, katalog: Katalog, rules: list[Aturan]) -> list[Aturan]:
    """Numerator <= denominator where both come from the file and no declared check covers it."""
    kolom_dari = {nama: kolom for kolom, nama in layout.komponen.items()}
    out: list[Aturan] = []
    for ind in katalog.indikator.values():
        if ind.penyebut is None or ind.batas_pembilang == "tidak":
            continue
        if ind.pembilang in kolom_dari and ind.penyebut in kolom_dari:
            kecil, besar = kolom_dari[ind.pembilang], kolom_dari[ind.penyebut]
            if any(r.kolom == (kecil, besar) for r in [*rules, *out]):
                continue
            out.append(
                Aturan(
                    ATURAN.pembilang_melebihi_penyebut,
                    ind.batas_pembilang,
                    (kecil, besar),
                    f"{kecil} tidak boleh lebih besar dari {besar} (indikator {ind.kode})",
                    _maksimum(kecil, besar),
                )
            )
    return out


def _periksa_komponen(p: dict[str, Any], nama: str, kolom_dari: dict[str, str]) -> dict | None:
    """One component check in the layout's column names, or None when the file's layout
    does not carry its components (the whole, the other, or a required part)."""
    if p["aturan"] == "jumlah":
        wajib = p.get("wajib") or p["bagian"]
        if any(b not in kolom_dari for b in wajib):
            return None
        bagian = [kolom_dari[b] for b in p["bagian"] if b in kolom_dari]
        return {**p, "total": kolom_dari[nama], "bagian": bagian}
    if p.get("besar") not in kolom_dari:
        return None
    return {**p, "kecil": kolom_dari[nama], "besar": kolom_dari[p["besar"]]}


def _aturan_komponen(layout: Layout, katalog: Katalog, rules: list[Aturan]) -> list[Aturan]:
    """The relations declared on the components (``periksa`` in catalog/komponen), in the
    columns of this file; a check the layout declares over the same columns wins."""
    kolom_dari = {nama: kolom for kolom, nama in layout.komponen.items()}
    out: list[Aturan] = []
    for nama in kolom_dari:
        komp = katalog.komponen.get(nama)
        for p in komp.periksa if komp else ():
            spec = _periksa_komponen(p, nama, kolom_dari)
            rule = _aturan_periksa(spec) if spec else None
            if rule is None or any(set(r.kolom) == set(rule.kolom) for r in [*rules, *out]):
                continue
            out.append(rule)
    return out


def aturan_layout(layout: Layout, katalog: Katalog) -> list[Aturan]:
    """Row-wise rules of a layout: its declared checks, the relations declared on its
    components, and numerator <= denominator."""
    rules = [r for r in map(_aturan_periksa, layout.periksa) if r is not None]
    rules += _aturan_komponen(layout, katalog, rules)
    return [*rules, *_aturan_registri(layout, katalog, rules)]


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
                pa.Check(lambda s: s >= 0, name=ATURAN.angka_negatif, ignore_na=True),
                pa.Check(
                    lambda s: s == np.round(s), name=ATURAN.bukan_bilangan_bulat, ignore_na=True
                ),
            ]
        columns[name] = pa.Column("float64", checks=checks, nullable=True, required=False)
    rules = [r for r in aturan_layout(layout, katalog) if set(r.kolom) <= set(kolom)]
    frame_checks = [pa.Check(r.lolos, name=r.nama, error=r.pesan) for r in rules]
    return pa.DataFrameSchema(columns, checks=frame_checks, strict=False)


# the column checks' names are rule ids; pandera reports a failure under the check's name
_PESAN_KOLOM = {
    ATURAN.angka_negatif: "jumlah pada kolom {kolom!r} tidak boleh negatif",
    ATURAN.bukan_bilangan_bulat: "jumlah pada kolom {kolom!r} harus bilangan bulat",
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


def _baris_aturan(rule: Aturan, idx: pd.Index, nilai: pd.DataFrame) -> pd.DataFrame:
    """Result rows of a failing row-wise rule: the values of all its columns, as text."""
    shown = nilai.loc[idx, list(rule.kolom)].apply(
        lambda r, cols=rule.kolom: "; ".join(f"{c}={tampilkan_angka(r[c])}" for c in cols),
        axis=1,
    )
    return pd.DataFrame(
        {
            "indeks": idx,
            "aturan": rule.nama,
            "tingkat_masalah": rule.tingkat,
            "kolom": "/".join(rule.kolom),
            "nilai": shown.to_numpy(),
            "pesan": rule.pesan,
        }
    )


def _baris_kolom(check: str, column: str, idx: pd.Index, nilai: pd.DataFrame) -> pd.DataFrame:
    """Result rows of a failing column check (negative or non-integral count)."""
    return pd.DataFrame(
        {
            "indeks": idx,
            "aturan": check,
            "tingkat_masalah": "galat",
            "kolom": column,
            "nilai": nilai.loc[idx, column].map(tampilkan_angka).to_numpy(),
            "pesan": _PESAN_KOLOM[check].format(kolom=column),
        }
    )


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
            out.append(_baris_aturan(rules[check], idx, nilai))
        elif check in _PESAN_KOLOM:
            out.append(_baris_kolom(check, column, idx, nilai))
    if not out:
        return pd.DataFrame(columns=KOLOM_HASIL)
    # a frame-wide check reports each of its columns: keep one row per (row, rule)
    return pd.concat(out, ignore_index=True).drop_duplicates(["indeks", "aturan", "kolom"])


def gaya_indonesia(teks: str) -> str:
    """A number written by Python (``1,048,576.5``) as an Indonesian reader writes it
    (``1.048.576,5``): the one place the separators are swapped for display."""
    return teks.replace(",", "_").replace(".", ",").replace("_", ".")


def tampilkan_angka(value: float) -> str:
    """A value as shown in messages, exactly and as an Indonesian reader writes it: ``12``,
    ``1.401`` (a thousand four hundred one), ``1,401`` (the sender's decimal), ``12,5``;
    empty when missing. (Shown the English way, the ``1,401`` a sender typed and had
    quarantined as not a whole number read back as ``1.401``: a whole number.)"""
    if pd.isna(value):
        return ""
    return gaya_indonesia(f"{value:,.0f}" if float(value).is_integer() else f"{value:,}")
