"""Coverage: for which regions and periods each indicator has a value, and what would fill the gaps.

Input is the published indicator table; the regions that should have a value come from the
region master (every region of the indicator's depth levels under the chosen scope). For a
missing value the report names the inputs that supply the indicator's components: source
layouts (exports, dinas recaps) and Excel templates (``indikator template``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from schemas.model import Indikator, Katalog
from transforms.wilayah.kode import PANJANG_KODE, TINGKAT, cari_tingkat
from transforms.wilayah.master import Wilayah


def cari_pemasok_komponen(katalog: Katalog, template: dict[str, list[str]]) -> dict[str, list[str]]:
    """Which inputs supply each component (derived components: the inputs of their parts).

    Args:
        katalog: the catalog (source layouts, components).
        template: template source id → components it carries.
    """
    out: dict[str, list[str]] = {k: [] for k in katalog.komponen}
    for layout in katalog.sumber.values():
        names = list(layout.komponen.values())
        if layout.panjang:
            names += list(layout.panjang["komponen"].values())
        for name in names:
            if name in out and layout.id not in out[name]:
                out[name].append(layout.id)
    for sumber, names in template.items():
        for name in names:
            if name in out and sumber not in out[name]:
                out[name].append(sumber)
    for k in katalog.komponen.values():
        if k.dari_master:
            out[k.nama] = ["master wilayah Kemendagri"]
        elif k.turunan and not out[k.nama]:
            parts = {p for b in k.bagian for p in out.get(b, [])}
            out[k.nama] = sorted(parts)
    return out


def cari_pemasok_indikator(ind: Indikator, pemasok: dict[str, list[str]]) -> str:
    """Bahasa text: which inputs supply the numerator and the denominator."""
    bagian = [f"pembilang {ind.pembilang}: {', '.join(pemasok[ind.pembilang]) or 'belum ada'}"]
    if ind.penyebut:
        bagian.append(f"penyebut {ind.penyebut}: {', '.join(pemasok[ind.penyebut]) or 'belum ada'}")
    return "; ".join(bagian)


def cari_wilayah_harus(
    master: Wilayah, scope: Iterable[str], kedalaman: Iterable[str]
) -> pd.DataFrame:
    """Every region of the given levels that should have a value under the scope codes."""
    rows = []
    for kode in scope:
        tingkat_scope = TINGKAT.index(cari_tingkat(kode))
        for level in kedalaman:
            depth = TINGKAT.index(level)
            if depth < tingkat_scope:
                rows.append((kode[: PANJANG_KODE[level]], level))
            elif depth == tingkat_scope:
                rows.append((kode, level))
            else:
                rows += [(k, level) for k in master.keturunan(kode, level)]
    return pd.DataFrame(rows, columns=["kode_wilayah", "tingkat"]).drop_duplicates()


def _rinci(
    ind: Indikator,
    grid: pd.DataFrame,
    annual: pd.DataFrame,
    months: pd.DataFrame,
    dipasok_oleh: str,
) -> pd.DataFrame:
    """One indicator per region-year: has a value, denominator 0, months, what supplies it."""
    ada = annual[annual["kode_indikator"] == ind.kode][["kode_wilayah", "tahun", "nilai"]]
    ada = ada.assign(_ada=True)
    n_bulan = (
        months[months["kode_indikator"] == ind.kode]
        .groupby(["kode_wilayah", "tahun"])
        .size()
        .rename("jumlah_bulan")
        .reset_index()
    )
    detail = grid.merge(ada, on=["kode_wilayah", "tahun"], how="left").merge(
        n_bulan, on=["kode_wilayah", "tahun"], how="left"
    )
    detail = detail.assign(
        kode_indikator=ind.kode,
        # a row exists (data reported); its value may still be empty: denominator 0
        ada_nilai=detail["_ada"].fillna(False).astype(bool),
        penyebut_nol=detail["_ada"].fillna(False).astype(bool) & detail["nilai"].isna(),
        jumlah_bulan=detail["jumlah_bulan"].fillna(0).astype("int64"),
        dipasok_oleh=dipasok_oleh,
    )
    detail.loc[detail["ada_nilai"], "dipasok_oleh"] = ""
    return detail


def _ringkas(ind: Indikator, detail: pd.DataFrame, dipasok_oleh: str, tahun: int) -> dict:
    """One indicator's summary in ONE year: covered/expected per level, complete, denominators 0."""
    per_level = detail.groupby("tingkat")["ada_nilai"].agg(["sum", "size"])
    return {
        "tahun": tahun,
        "kode_indikator": ind.kode,
        "judul": ind.judul,
        **{
            f"{lvl}": f"{int(per_level.loc[lvl, 'sum'])}/{int(per_level.loc[lvl, 'size'])}"
            for lvl in TINGKAT
            if lvl in per_level.index
        },
        "lengkap": bool(detail["ada_nilai"].all()),
        "penyebut_nol": int(detail["penyebut_nol"].sum()),
        "dipasok_oleh": dipasok_oleh,
    }


def hitung_cakupan(
    indikator: pd.DataFrame,
    katalog: Katalog,
    master: Wilayah,
    scope: list[str],
    tahun: list[int],
    template: dict[str, list[str]],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per indicator and year (summary) and per indicator-region-year (detail) coverage.

    Each summary row counts ONE year (never regions of several years in one count). A
    region-year counts as covered when its annual row exists; ``penyebut_nol`` counts the
    covered ones whose value is empty because the denominator is 0 (e.g. no UPPKA group).

    Args:
        indikator: the published indicator table (any subset of years).
        katalog: the catalog.
        master: region master edition for the names and the list of regions.
        scope: region codes whose subtree should be covered (e.g. ``["33.06"]``).
        tahun: years to report.
        template: template source id → components (see :func:`cari_pemasok_komponen`).
    """
    pemasok = cari_pemasok_komponen(katalog, template)
    annual = indikator[indikator["bulan"].isna() & indikator["semester"].isna()]
    months = indikator[indikator["bulan"].notna()]
    ringkas_rows, rinci = [], []
    for t in tahun:
        for ind in katalog.indikator.values():
            grid = cari_wilayah_harus(master, scope, ind.kedalaman).assign(tahun=t)
            dipasok_oleh = cari_pemasok_indikator(ind, pemasok)
            detail = _rinci(ind, grid, annual, months, dipasok_oleh)
            rinci.append(detail.drop(columns=["nilai", "_ada"]))
            ringkas_rows.append(_ringkas(ind, detail, dipasok_oleh, t))
    ringkas = pd.DataFrame(ringkas_rows)
    ringkas = ringkas.reindex(
        columns=[
            "tahun",
            "kode_indikator",
            "judul",
            *TINGKAT,
            "lengkap",
            "penyebut_nol",
            "dipasok_oleh",
        ]
    )
    return ringkas, pd.concat(rinci, ignore_index=True)
