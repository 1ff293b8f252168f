"""Turn a text table read with a source layout into the long component table.

Transformations include:

* check the layout's columns are present (else the whole file is rejected, with one message);
* match region names (and SIGA's 4-digit desa suffix) to Kemendagri codes;
* parse the month column and every component column deliberately;
* quarantine rows that cannot be used, with file, row, column, value, rule and a Bahasa message;
* melt to one row per region, year, month and component, with file and row provenance;
* account for every row read: used + quarantined + recognised as non-data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from transforms import wilayah
from transforms.catalog import Layout
from transforms.parse import parse_angka, parse_bulan
from transforms.read import TabelTeks


class BerkasDitolak(Exception):
    """A structural problem: the whole file is rejected (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class Asal:
    """Where a table came from: what the provenance columns say."""

    berkas: str
    sha256: str
    sumber: str
    tahun: int
    bulan: int | None = None
    scope: str | None = None


@dataclass
class HasilBerkas:
    """Components, problems and row accounting of one file."""

    komponen: pd.DataFrame
    masalah: pd.DataFrame
    akuntansi: dict[str, int | str] = field(default_factory=dict)


def _masalah(
    asal: Asal,
    sheet: str | None,
    baris: pd.Series,
    kolom: str,
    nilai: pd.Series,
    aturan: str,
    pesan: pd.Series | str,
    tingkat: str = "galat",
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "berkas": asal.berkas,
            "sheet": sheet,
            "baris": baris.astype("Int64"),
            "kolom": kolom,
            "nilai": nilai.astype(str),
            "aturan": aturan,
            "tingkat_masalah": tingkat,
            "pesan": pesan,
            "sumber": asal.sumber,
            "tahun": asal.tahun,
        }
    )


def cek_kolom(tabel: TabelTeks, layout: Layout) -> None:
    """Raise :class:`BerkasDitolak` when a column the layout needs is missing."""
    needed = [*layout.wilayah.values(), *layout.periode.values(), *layout.komponen]
    missing = [c for c in needed if c not in tabel.data.columns]
    if missing:
        raise BerkasDitolak(
            f"kolom {', '.join(repr(c) for c in missing)} tidak ditemukan; format {layout.id} "
            f"({layout.judul}) membutuhkannya. Kolom yang ada: {', '.join(tabel.data.columns)}"
        )


def _clean_names(data: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Collapse whitespace (incl. embedded newlines) in region name columns."""
    fixed = {c: data[c].str.split().str.join(" ") for c in columns}
    return data.assign(**fixed)


def _bulan(tabel: TabelTeks, layout: Layout, asal: Asal) -> tuple[pd.Series, pd.DataFrame]:
    """Month of each row and the problems found with it."""
    data = tabel.data
    kolom = layout.periode.get("bulan")
    if kolom is None:
        return pd.Series(asal.bulan, index=data.index, dtype="Int64"), pd.DataFrame()
    bulan = parse_bulan(data[kolom])
    bad = bulan.isna()
    problems = [
        _masalah(
            asal,
            tabel.sheet,
            tabel.baris[bad],
            kolom,
            data.loc[bad, kolom],
            "bulan_tidak_dikenal",
            "nama bulan tidak dikenali (harus JANUARI..DESEMBER atau 1-12)",
        )
    ]
    if asal.bulan is not None:
        beda = bulan.notna() & (bulan != asal.bulan)
        problems.append(
            _masalah(
                asal,
                tabel.sheet,
                tabel.baris[beda],
                kolom,
                data.loc[beda, kolom],
                "bulan_tidak_sesuai",
                f"bulan di berkas berbeda dengan bulan yang di-ingest ({asal.bulan})",
            )
        )
        bad = bad | beda
    return bulan.where(~bad), pd.concat(problems, ignore_index=True)


def _wilayah(
    tabel: TabelTeks, layout: Layout, asal: Asal, edisi: str
) -> tuple[pd.Series, pd.DataFrame]:
    """Kemendagri code of each row, and the problems (unmatched = error, fuzzy = warning)."""
    match = wilayah.match_wilayah(tabel.data, layout.wilayah, edisi=edisi, scope=asal.scope)
    name_cols = [c for t, c in layout.wilayah.items() if t in wilayah.TINGKAT]
    shown = tabel.data[name_cols].agg(" / ".join, axis=1)
    # a failed row may still carry the code of the deepest parent that matched
    gagal = match["kode_wilayah"].isna() | (match["status"] == "tidak_cocok")
    mirip = match["status"].isin(["mirip"])
    problems = pd.concat(
        [
            _masalah(
                asal,
                tabel.sheet,
                tabel.baris[gagal],
                "/".join(name_cols),
                shown[gagal],
                "wilayah_tidak_dikenal",
                "wilayah tidak ditemukan di master Kemendagri: " + match.loc[gagal, "catatan"],
            ),
            _masalah(
                asal,
                tabel.sheet,
                tabel.baris[mirip],
                "/".join(name_cols),
                shown[mirip],
                "nama_wilayah_mirip",
                match.loc[mirip, "catatan"],
                tingkat="peringatan",
            ),
        ],
        ignore_index=True,
    )
    return match["kode_wilayah"].where(~gagal), problems


def _angka(tabel: TabelTeks, layout: Layout, asal: Asal) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parsed component columns and the cells that are not valid counts."""
    values = {}
    problems = []
    for kolom, nama in layout.komponen.items():
        parsed, invalid = parse_angka(tabel.data[kolom])
        negatif = parsed < 0
        values[nama] = parsed.where(~negatif)
        for mask, rule, msg in (
            (invalid, "angka_tidak_valid", f"isi kolom {kolom!r} bukan angka"),
            (negatif, "angka_negatif", f"jumlah pada kolom {kolom!r} tidak boleh negatif"),
        ):
            problems.append(
                _masalah(
                    asal,
                    tabel.sheet,
                    tabel.baris[mask],
                    kolom,
                    tabel.data.loc[mask, kolom],
                    rule,
                    msg,
                )
            )
    return pd.DataFrame(values, index=tabel.data.index), pd.concat(problems, ignore_index=True)


def to_komponen(tabel: TabelTeks, layout: Layout, asal: Asal, edisi: str) -> HasilBerkas:
    """Turn one file read as text into long components, problems and row accounting.

    Args:
        tabel: the file read as text (:mod:`transforms.read`).
        layout: its source layout.
        asal: provenance (file, sha256, source, ingest period, region scope).
        edisi: region master edition used to match names.
    """
    cek_kolom(tabel, layout)
    name_cols = [c for t, c in layout.wilayah.items() if t in wilayah.TINGKAT]
    tabel = TabelTeks(
        _clean_names(tabel.data, name_cols),
        tabel.baris,
        tabel.sheet,
        tabel.encoding,
        tabel.pemisah,
    )
    kode, p_wil = _wilayah(tabel, layout, asal, edisi)
    bulan, p_bln = _bulan(tabel, layout, asal)
    values, p_num = _angka(tabel, layout, asal)

    problems = pd.concat([p_wil, p_bln, p_num], ignore_index=True)
    errors = problems[problems["tingkat_masalah"] == "galat"] if len(problems) else problems
    bad_rows = set(errors["baris"].dropna().astype(int)) if len(errors) else set()
    is_bad = tabel.baris.isin(bad_rows)
    kosong = values.isna().all(axis=1) & ~is_bad
    ok = ~is_bad & ~kosong

    wide = values[ok].assign(
        kode_wilayah=kode[ok], tahun=asal.tahun, bulan=bulan[ok], baris=tabel.baris[ok]
    )
    long = wide.melt(
        id_vars=["kode_wilayah", "tahun", "bulan", "baris"],
        value_vars=list(values.columns),
        var_name="komponen",
        value_name="nilai",
    ).dropna(subset=["nilai"])
    long = long.assign(
        sumber=asal.sumber,
        berkas=asal.berkas,
        sha256=asal.sha256,
        tahun=long["tahun"].astype("int64"),
        bulan=long["bulan"].astype("Int64"),
        baris=long["baris"].astype("int64"),
    )
    akuntansi = {
        "berkas": asal.berkas,
        "sumber": asal.sumber,
        "baris_dibaca": len(tabel.data),
        "baris_dipakai": int(ok.sum()),
        "baris_karantina": int(is_bad.sum()),
        "baris_bukan_data": int(kosong.sum()),
        "peringatan": int((problems["tingkat_masalah"] == "peringatan").sum())
        if len(problems)
        else 0,
    }
    return HasilBerkas(long, problems, akuntansi)
