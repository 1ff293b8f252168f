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

from dataclasses import dataclass, field, replace

import pandas as pd

from schemas.kontrak import kolom as kolom_kontrak
from transforms import wilayah
from transforms.catalog import KUNCI_PERIKSA, Katalog, Layout, load_katalog
from transforms.parse import parse_ada, parse_angka, parse_bulan, parse_semester, parse_tahun
from transforms.read import TabelTeks
from transforms.validasi import periksa_nilai


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
    tahun_data: tuple[int, ...] = ()
    semester: int | None = None

    @property
    def tahun_boleh(self) -> tuple[int, ...]:
        """Years a row of this file may carry (the file's own years for multi-year files)."""
        return self.tahun_data or (self.tahun,)


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
    if not len(baris):
        return pd.DataFrame()
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


# the karantina contract (catalog/kolom.yaml) without the run id, which the run adds
KOLOM_MASALAH = [c for c in kolom_kontrak("karantina") if c != "id_run"]
_KUNCI_PERIODE = ["tahun", "bulan", "semester"]
_AWALAN_TOTAL = ("JUMLAH", "TOTAL", "KABUPATEN", "KAB", "KOTA", "PROVINSI", "PROV", "KECAMATAN")


def _gabung_masalah(frames: list[pd.DataFrame | None]) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return pd.DataFrame(columns=KOLOM_MASALAH)
    return pd.concat(frames, ignore_index=True)[KOLOM_MASALAH]


def siapkan(tabel: TabelTeks, layout: Layout) -> TabelTeks:
    """Rename the file's headers to the layout's spellings (aliases, snake_case, prefixes)."""
    peta = layout.peta_header(list(tabel.data.columns))
    peta = {k: v for k, v in peta.items() if k != v}
    if not peta:
        return tabel
    return replace(tabel, data=tabel.data.rename(columns=peta))


def kolom_wilayah(tabel: TabelTeks, layout: Layout) -> dict[str, str]:
    """The layout's region columns present in the file (level or code key → column)."""
    return {t: c for t, c in layout.wilayah.items() if c in tabel.data.columns}


def cek_kolom(tabel: TabelTeks, layout: Layout, asal: Asal | None = None) -> None:
    """Raise :class:`BerkasDitolak` when a column the layout needs is missing."""
    needed = [*layout.kenali, *layout.periode.values()]
    if layout.panjang:
        needed += [layout.panjang["jenis"], layout.panjang["nilai"]]
    missing = [c for c in dict.fromkeys(needed) if c not in tabel.data.columns]
    if missing:
        raise BerkasDitolak(
            f"kolom {', '.join(repr(c) for c in missing)} tidak ditemukan; format {layout.id} "
            f"({layout.judul}) membutuhkannya. Kolom yang ada: {', '.join(tabel.data.columns)}"
        )
    if layout.wilayah and not kolom_wilayah(tabel, layout):
        raise BerkasDitolak(
            f"tidak ada kolom wilayah; format {layout.id} membutuhkan salah satu dari "
            f"{', '.join(layout.wilayah.values())}"
        )
    if not layout.wilayah and (asal is None or not asal.scope):
        raise BerkasDitolak(
            f"berkas format {layout.id} tidak memuat kolom wilayah; sebutkan wilayahnya "
            "dengan --wilayah KODE saat ingest"
        )
    komponen_ada = [c for c in layout.komponen if c in tabel.data.columns]
    if not layout.panjang and not komponen_ada:
        raise BerkasDitolak(
            f"tidak ada satu pun kolom angka format {layout.id}: {', '.join(layout.komponen)}"
        )


def _clean_names(data: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Collapse whitespace (incl. embedded newlines) in region name columns."""
    fixed = {c: data[c].astype(str).str.split().str.join(" ") for c in columns}
    return data.assign(**fixed)


def _sel_salah(
    tabel: TabelTeks,
    asal: Asal,
    kolom: str,
    mask: pd.Series,
    aturan: str,
    pesan: pd.Series | str,
    tingkat: str = "galat",
) -> pd.DataFrame:
    """Problems for the cells of one column where ``mask`` holds (their own text shown)."""
    nilai = tabel.data.loc[mask, kolom]
    return _masalah(asal, tabel.sheet, tabel.baris[mask], kolom, nilai, aturan, pesan, tingkat)


def _cek_kolom_periode(
    tabel: TabelTeks,
    asal: Asal,
    kolom: str,
    tak_dikenal: tuple[pd.Series, str, str],
    banding: tuple[pd.Series, pd.Series, str],
) -> tuple[pd.Series, list[pd.DataFrame]]:
    """One period column: unreadable cells, and values that differ from the ingested period.

    Args:
        tak_dikenal: (mask of unreadable cells, rule, message).
        banding: (value read, value ingested, rule) — compared where both are known.

    Returns:
        The rows to quarantine and their problems.
    """
    tak, aturan_tak, pesan_tak = tak_dikenal
    nilai, harus, aturan_beda = banding
    beda = nilai.notna() & harus.notna() & (nilai != harus)
    pesan_beda = (
        "periode di berkas berbeda dengan periode yang di-ingest (" + harus[beda].astype(str) + ")"
    )
    problems = [
        _sel_salah(tabel, asal, kolom, tak, aturan_tak, pesan_tak),
        _sel_salah(tabel, asal, kolom, beda, aturan_beda, pesan_beda),
    ]
    return tak | beda.fillna(False).astype(bool), problems


def _periode(tabel: TabelTeks, layout: Layout, asal: Asal) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Year, month and semester of each row, and the problems found with them."""
    data = tabel.data
    idx = data.index
    tahun = pd.Series(asal.tahun, index=idx, dtype="Int64")
    bulan = pd.Series(asal.bulan, index=idx, dtype="Int64")
    semester = pd.Series(asal.semester, index=idx, dtype="Int64")
    problems: list[pd.DataFrame] = []
    bad = pd.Series(False, index=idx)
    if "tahun" in layout.periode:
        kol = layout.periode["tahun"]
        dari = parse_tahun(data[kol])
        salah = dari.isna() | ~dari.isin(asal.tahun_boleh).fillna(False).astype(bool)
        pesan = (
            "tahun tidak terbaca atau tidak termasuk tahun yang di-ingest "
            f"({', '.join(map(str, asal.tahun_boleh))})"
        )
        problems.append(_sel_salah(tabel, asal, kol, salah, "tahun_tidak_sesuai", pesan))
        tahun, bad = dari, bad | salah
    if "bulan" in layout.periode:
        kol = layout.periode["bulan"]
        dari = parse_bulan(data[kol])
        pesan = "nama bulan tidak dikenali (harus JANUARI..DESEMBER atau 1-12)"
        salah, found = _cek_kolom_periode(
            tabel,
            asal,
            kol,
            (dari.isna(), "bulan_tidak_dikenal", pesan),
            (dari, bulan, "bulan_tidak_sesuai"),
        )
        problems += found
        bad, bulan = bad | salah, dari
    if "semester" in layout.periode:
        kol = layout.periode["semester"]
        dari = parse_semester(data[kol])
        pesan = "periode semester tidak dikenali (mis. 'Sem 2 2024', 'Semester II')"
        salah, found = _cek_kolom_periode(
            tabel,
            asal,
            kol,
            (dari["semester"].isna(), "semester_tidak_dikenal", pesan),
            (dari["tahun"], tahun, "tahun_tidak_sesuai"),
        )
        problems += found
        bad, semester = bad | salah, dari["semester"]
    periode = pd.DataFrame({"tahun": tahun, "bulan": bulan, "semester": semester}, index=idx)
    return periode.assign(_bad=bad), _gabung_masalah(problems)


def _baris_total_nama(tabel: TabelTeks, kolom: dict[str, str], match: pd.DataFrame) -> pd.Series:
    """Unmatched rows whose deepest name reads as a total (``JUMLAH``, ``KABUPATEN X``...)."""
    names = [c for t, c in kolom.items() if t in wilayah.TINGKAT]
    if not names:
        return pd.Series(False, index=tabel.data.index)
    deepest = tabel.data[names[-1]].astype(str).str.upper().str.strip()
    kosong_lain = (
        tabel.data[names[:-1]].astype(str).apply(lambda s: s.str.strip() == "").all(axis=1)
        if len(names) > 1
        else pd.Series(True, index=tabel.data.index)
    )
    mirip_total = deepest.str.match(r"^(?:" + "|".join(_AWALAN_TOTAL) + r")\b")
    gagal = match["kode_wilayah"].isna() | (match["status"] == "tidak_cocok")
    kosong = deepest == ""
    return gagal & (
        (mirip_total & (kosong_lain | deepest.str.match(r"^(JUMLAH|TOTAL)")))
        | (kosong & kosong_lain)
    )


def _wilayah(
    tabel: TabelTeks, layout: Layout, asal: Asal, edisi: str
) -> tuple[pd.Series, pd.DataFrame, pd.Series]:
    """Kemendagri code of each row, problems (unmatched = error, fuzzy = warning), total rows."""
    idx = tabel.data.index
    kolom = kolom_wilayah(tabel, layout)
    if not kolom:
        kode = wilayah.normalize_kode(asal.scope)
        return pd.Series(kode, index=idx, dtype="string"), pd.DataFrame(), pd.Series(False, idx)
    match = wilayah.match_wilayah(tabel.data, kolom, edisi=edisi, scope=asal.scope)
    total = _baris_total_nama(tabel, kolom, match)
    shown_cols = list(kolom.values())
    gagal = (match["kode_wilayah"].isna() | (match["status"] == "tidak_cocok")) & ~total
    mirip = (match["status"] == "mirip") & ~total
    perlu = tabel.data.loc[gagal | mirip, shown_cols].astype(str)
    shown = perlu[shown_cols[0]].str.cat([perlu[c] for c in shown_cols[1:]], sep=" / ")
    shown = shown.reindex(tabel.data.index)
    problems = _gabung_masalah(
        [
            _masalah(
                asal,
                tabel.sheet,
                tabel.baris[gagal],
                "/".join(shown_cols),
                shown[gagal],
                "wilayah_tidak_dikenal",
                "wilayah tidak ditemukan di master Kemendagri: "
                + match.loc[gagal, "catatan"].fillna("").astype(str),
            ),
            _masalah(
                asal,
                tabel.sheet,
                tabel.baris[mirip],
                "/".join(shown_cols),
                shown[mirip],
                "nama_wilayah_mirip",
                match.loc[mirip, "catatan"].fillna("").astype(str),
                tingkat="peringatan",
            ),
        ]
    )
    return match["kode_wilayah"].where(~gagal & ~total), problems, total


def _nilai_lebar(tabel: TabelTeks, layout: Layout) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parsed numbers of every numeric column the layout names, and the unreadable cells."""
    cols = [c for c in layout.komponen if c in tabel.data.columns]
    for p in layout.periksa:
        cols += [v for k, v in p.items() if k in KUNCI_PERIKSA] + list(p.get("bagian", ()))
    cols = [c for c in dict.fromkeys(cols) if c in tabel.data.columns]
    values, invalid = {}, {}
    for kol in cols:
        if layout.ubah.get(kol) == "ada":
            values[kol], invalid[kol] = parse_ada(tabel.data[kol])
        else:
            values[kol], invalid[kol] = parse_angka(tabel.data[kol])
    idx = tabel.data.index
    return pd.DataFrame(values, index=idx), pd.DataFrame(invalid, index=idx, dtype=bool)


def _masalah_tak_terbaca(
    tabel: TabelTeks, invalid: pd.DataFrame, asal: Asal, penting: set[str]
) -> pd.DataFrame:
    frames = []
    for kol in invalid.columns:
        mask = invalid[kol]
        frames.append(
            _sel_salah(
                tabel,
                asal,
                kol,
                mask,
                "angka_tidak_valid",
                f"isi kolom {kol!r} bukan angka",
                "galat" if kol in penting else "peringatan",
            )
        )
    return _gabung_masalah(frames)


def _masalah_validasi(tabel: TabelTeks, hasil: pd.DataFrame, asal: Asal) -> pd.DataFrame:
    if hasil.empty:
        return pd.DataFrame(columns=KOLOM_MASALAH)
    idx = pd.Index(hasil["indeks"])
    return pd.DataFrame(
        {
            "berkas": asal.berkas,
            "sheet": tabel.sheet,
            "baris": tabel.baris.loc[idx].astype("Int64").to_numpy(),
            "kolom": hasil["kolom"].to_numpy(),
            "nilai": hasil["nilai"].to_numpy(),
            "aturan": hasil["aturan"].to_numpy(),
            "tingkat_masalah": hasil["tingkat_masalah"].to_numpy(),
            "pesan": hasil["pesan"].to_numpy(),
            "sumber": asal.sumber,
            "tahun": asal.tahun,
        }
    )


def _panjang(
    tabel: TabelTeks, layout: Layout, asal: Asal
) -> tuple[pd.Series, pd.Series, pd.DataFrame, pd.DataFrame]:
    """Long layout: the component of each row (from its category) and its parsed value."""
    spec = layout.panjang or {}
    peta = {" ".join(str(k).upper().split()): v for k, v in spec["komponen"].items()}
    jenis = tabel.data[spec["jenis"]].astype(str).str.upper().str.split().str.join(" ")
    komponen = jenis.map(peta)
    values, invalid = parse_angka(tabel.data[spec["nilai"]])
    tak = komponen.isna()
    problems = _sel_salah(
        tabel,
        asal,
        spec["jenis"],
        tak,
        "kategori_tidak_dikenal",
        f"kategori tidak dikenal; yang dikenal: {', '.join(spec['komponen'])}",
    )
    return komponen, values, invalid.to_frame(spec["nilai"]), problems


def _slug(teks: pd.Series) -> pd.Series:
    return teks.astype(str).str.strip().str.lower().str.replace(r"[^a-z0-9]+", "_", regex=True)


def _kategori(
    tabel: TabelTeks, layout: Layout, katalog: Katalog, asal: Asal
) -> tuple[pd.Series, pd.DataFrame, pd.Series]:
    """Rows of a table with a category column (one row per region and category).

    Component names in the layout carry ``{kategori}``, replaced by the row's category
    (lower case); a category that gives no known component is an error on that row.
    """
    kol = layout.kategori or ""
    slug = _slug(tabel.data[kol])
    nama = [n for n in layout.komponen.values() if "{kategori}" in n]
    dikenal = pd.Series(
        [all(n.replace("{kategori}", s) in katalog.komponen for n in nama) for s in slug],
        index=slug.index,
    )
    problems = _sel_salah(
        tabel,
        asal,
        kol,
        ~dikenal,
        "kategori_tidak_dikenal",
        f"kategori pada kolom {kol!r} tidak dikenal oleh format {layout.id}",
    )
    return slug, problems, dikenal


def _ganda(
    kode: pd.Series, periode: pd.DataFrame, extra: pd.Series | None, ok: pd.Series
) -> pd.Series:
    """Rows that repeat a region and period (all copies), among rows otherwise usable."""
    kunci = pd.DataFrame({"kode": kode, **{c: periode[c] for c in _KUNCI_PERIODE}})
    if extra is not None:
        kunci = kunci.assign(_k=extra)
    return kunci.duplicated(keep=False) & ok


def _cek_total(
    tabel: TabelTeks,
    total_nama: pd.Series,
    values: pd.DataFrame,
    dipakai: pd.Series,  # every data row (used or quarantined), not totals or blanks
    asal: Asal,
    layout: Layout,
    tak_terbaca: pd.DataFrame,
) -> pd.DataFrame:
    """Compare each stated total row with the sum of the data rows above it (its block)."""
    kol = [c for c in layout.komponen if c in values.columns]
    totals = []
    reader_total = getattr(tabel, "total", None)
    if reader_total is not None and len(reader_total):
        rt = reader_total
        parsed = pd.DataFrame(
            {c: parse_angka(rt[c])[0] for c in kol if c in rt.columns}, index=rt.index
        )
        baris = rt["baris"] if "baris" in rt.columns else pd.Series(pd.NA, index=rt.index)
        totals.append(parsed.assign(_baris=baris.to_numpy()))
    if total_nama.any():
        totals.append(values.loc[total_nama, kol].assign(_baris=tabel.baris[total_nama]))
    if not totals:
        return pd.DataFrame(columns=KOLOM_MASALAH)
    semua = pd.concat(totals, ignore_index=True).dropna(subset=["_baris"])
    semua = semua.sort_values("_baris")
    data_baris = tabel.baris[dipakai]
    frames, awal = [], 0
    for _, row in semua.iterrows():
        blok = dipakai & tabel.baris.between(awal + 1, int(row["_baris"]) - 1)
        awal = int(row["_baris"])
        if not blok.any() or data_baris.empty:
            continue
        for c in kol:
            if c not in row or pd.isna(row[c]):
                continue
            if c in tak_terbaca and tak_terbaca.loc[blok, c].any():
                continue  # an unreadable cell above: the stated total cannot be checked
            jumlah = values.loc[blok, c].sum()
            if abs(jumlah - row[c]) > 0.5:
                frames.append(
                    pd.DataFrame(
                        [
                            {
                                "berkas": asal.berkas,
                                "sheet": tabel.sheet,
                                "baris": int(row["_baris"]),
                                "kolom": c,
                                "nilai": f"{row[c]:g}",
                                "aturan": "total_tidak_sesuai",
                                "tingkat_masalah": "peringatan",
                                "pesan": f"baris total menulis {row[c]:g}, padahal jumlah "
                                f"baris-baris datanya {jumlah:g} (dipakai: hasil penjumlahan)",
                                "sumber": asal.sumber,
                                "tahun": asal.tahun,
                            }
                        ]
                    )
                )
    return _gabung_masalah(frames)


def _rumus(tabel: TabelTeks, asal: Asal) -> pd.DataFrame:
    sel = getattr(tabel, "sel_rumus", None)
    if sel is None or not len(sel):
        return pd.DataFrame(columns=KOLOM_MASALAH)
    return _masalah(
        asal,
        tabel.sheet,
        sel["baris"],
        "",
        sel["rumus"],
        "rumus_tanpa_nilai",
        "sel berisi rumus tanpa nilai tersimpan (berkas belum pernah dihitung di Excel); "
        "buka dan simpan ulang di Excel, atau isi angkanya langsung",
    ).assign(kolom=sel["kolom"].to_numpy())


def _akuntansi(
    tabel: TabelTeks, asal: Asal, ok: pd.Series, bad: pd.Series, bukan: pd.Series, problems
) -> dict[str, int | str]:
    reader = getattr(tabel, "bukan_data", None)
    dari_pembaca = len(reader) if reader is not None else 0
    return {
        "berkas": asal.berkas,
        "sumber": asal.sumber,
        "sheet": tabel.sheet or "",
        "baris_dibaca": len(tabel.data) + dari_pembaca,
        "baris_dipakai": int(ok.sum()),
        "baris_karantina": int(bad.sum()),
        "baris_bukan_data": int(bukan.sum()) + dari_pembaca,
        "peringatan": int((problems["tingkat_masalah"] == "peringatan").sum()),
    }


def to_komponen(
    tabel: TabelTeks,
    layout: Layout,
    asal: Asal,
    edisi: str,
    katalog: Katalog | None = None,
) -> HasilBerkas:
    """Turn one file read as text into long components, problems and row accounting.

    Args:
        tabel: the file read as text (:mod:`transforms.read`).
        layout: its source layout.
        asal: provenance (file, sha256, source, ingest period, region scope).
        edisi: region master edition used to match names.
        katalog: the catalog (registry rules for validation); the default catalog when None.
    """
    katalog = katalog or load_katalog()
    tabel = siapkan(tabel, layout)
    cek_kolom(tabel, layout, asal)
    kolom = kolom_wilayah(tabel, layout)
    names = [c for t, c in kolom.items() if t in wilayah.TINGKAT]
    tabel = replace(tabel, data=_clean_names(tabel.data, names))

    kode, p_wil, total_nama = _wilayah(tabel, layout, asal, edisi)
    periode, p_per = _periode(tabel, layout, asal)
    if layout.panjang:
        komp_baris, nilai1, invalid, p_kat = _panjang(tabel, layout, asal)
        values = nilai1.to_frame(layout.panjang["nilai"])
        penting = {layout.panjang["nilai"]}
    else:
        values, invalid = _nilai_lebar(tabel, layout)
        komp_baris, p_kat = None, pd.DataFrame()
        penting = {c for c in layout.komponen if c in values.columns}
    p_num = _masalah_tak_terbaca(tabel, invalid, asal, penting)
    p_val = _masalah_validasi(tabel, periksa_nilai(values, layout, katalog), asal)

    early = _gabung_masalah([p_wil, p_per, p_kat, p_num, p_val, _rumus(tabel, asal)])
    errors = early[early["tingkat_masalah"] == "galat"]
    is_bad = tabel.baris.isin(set(errors["baris"].dropna().astype(int)))
    komp_cols = [c for c in values.columns if c in penting]
    kosong = values[komp_cols].isna().all(axis=1) & ~is_bad & ~total_nama
    ok = ~is_bad & ~kosong & ~total_nama
    if layout.kategori:
        komp_baris, p_kkat, ok_kat = _kategori(tabel, layout, katalog, asal)
        p_kat = _gabung_masalah([p_kat, p_kkat])
        is_bad, ok = is_bad | (~ok_kat & ok), ok & ok_kat
    if layout.per_wilayah == "satu":
        ganda = _ganda(kode, periode, komp_baris, ok)
        p_dup = _masalah(
            asal,
            tabel.sheet,
            tabel.baris[ganda],
            "/".join(kolom.values()) or "wilayah",
            kode[ganda].astype(str),
            "baris_ganda",
            "wilayah dan periode yang sama muncul lebih dari sekali; semua salinannya "
            "dikarantina sampai berkas diperbaiki",
        )
        is_bad, ok = is_bad | ganda, ok & ~ganda
    else:
        p_dup = pd.DataFrame()
    p_tot = _cek_total(tabel, total_nama, values, ok | is_bad, asal, layout, invalid)
    problems = _gabung_masalah([early, p_kat if layout.kategori else None, p_dup, p_tot])

    long = _lebur(values, komp_baris, layout, kode, periode, tabel, ok, asal)
    bukan = kosong | total_nama
    return HasilBerkas(long, problems, _akuntansi(tabel, asal, ok, is_bad, bukan, problems))


def _lebur(
    values: pd.DataFrame,
    komp_baris: pd.Series | None,
    layout: Layout,
    kode: pd.Series,
    periode: pd.DataFrame,
    tabel: TabelTeks,
    ok: pd.Series,
    asal: Asal,
) -> pd.DataFrame:
    """Usable rows → one row per region, period and component, with provenance."""
    base = periode.loc[ok, _KUNCI_PERIODE].assign(kode_wilayah=kode[ok], baris=tabel.baris[ok])
    if layout.kategori and komp_baris is not None:
        cols = {c: n for c, n in layout.komponen.items() if c in values.columns}
        wide = values.loc[ok, list(cols)].rename(columns=cols)
        long = pd.concat([base.assign(_kat=komp_baris[ok]), wide], axis=1).melt(
            id_vars=["kode_wilayah", *_KUNCI_PERIODE, "baris", "_kat"],
            value_vars=list(cols.values()),
            var_name="komponen",
            value_name="nilai",
        )
        long = long.assign(
            komponen=[
                k.replace("{kategori}", c)
                for k, c in zip(long["komponen"], long["_kat"], strict=True)
            ]
        ).drop(columns="_kat")
        long = long.dropna(subset=["nilai"])
    elif komp_baris is not None:
        long = base.assign(
            komponen=komp_baris[ok], nilai=values.loc[ok, layout.panjang["nilai"]]
        ).dropna(subset=["nilai", "komponen"])
    else:
        cols = {c: n for c, n in layout.komponen.items() if c in values.columns}
        wide = values.loc[ok, list(cols)].rename(columns=cols)
        long = pd.concat([base, wide], axis=1).melt(
            id_vars=["kode_wilayah", *_KUNCI_PERIODE, "baris"],
            value_vars=list(cols.values()),
            var_name="komponen",
            value_name="nilai",
        )
        long = long.dropna(subset=["nilai"])
    return long.assign(
        sumber=asal.sumber,
        berkas=asal.berkas,
        sha256=asal.sha256,
        tahun=long["tahun"].astype("int64"),
        bulan=long["bulan"].astype("Int64"),
        semester=long["semester"].astype("Int64"),
        baris=long["baris"].astype("int64"),
    )
