"""One generic computation: components → rolled-up region tree → every registry indicator.

Input is a long table of components (one value per region, year, month, component).
Transformations include:

* roll-up: every value is added to its kecamatan, kabupaten and provinsi by SUMMING
  (never by averaging percentages);
* master components (``jumlah_desa``) are taken from the region master, not from reports;
* monthly indicator rows wherever the data is monthly;
* annual rows by the temporal rule of each component: a stock takes the last month in which
  all stock components of the indicator are present (that month is ``bulan_acuan``), a flow
  sums its months;
* value = pembilang / penyebut × pengali, then target and achievement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from transforms.catalog import Indikator, Katalog
from transforms.wilayah import PANJANG_KODE

TINGKAT_DARI_PANJANG = {v: k for k, v in PANJANG_KODE.items()}

KUNCI = ["kode_wilayah", "tahun", "bulan", "semester", "komponen"]
PERIODE = ["kode_wilayah", "tahun", "bulan", "semester"]


def tingkat_kode(kode: pd.Series) -> pd.Series:
    """Level of each dotted code from its length."""
    return kode.str.len().map(TINGKAT_DARI_PANJANG)


def _tipe_kunci(frame: pd.DataFrame) -> pd.DataFrame:
    """Key columns with one dtype each, so merges never see float against object."""
    fixed = {c: frame[c].astype("Int64") for c in ("bulan", "semester") if c in frame}
    if "tahun" in frame:
        fixed["tahun"] = frame["tahun"].astype("int64")
    return frame.assign(**fixed)


def _jumlahkan(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum values per key and join the contributing source ids."""
    frame = _tipe_kunci(frame)
    nilai = _tipe_kunci(frame.groupby(KUNCI, dropna=False, sort=False)["nilai"].sum().reset_index())
    return nilai.merge(_tipe_kunci(gabung_sumber(frame, KUNCI)), on=KUNCI, how="left")


def rollup(komponen: pd.DataFrame) -> pd.DataFrame:
    """Sum components up the region tree, bottom-up.

    A region's value is the sum of its children's values where any child reported; a value
    reported directly for a region (e.g. a kecamatan recap) is used only where none of its
    children reported, so mixing levels never counts the same families twice. Units inside
    a region (faskes, puskesmas rows) were already given the region's code and are summed.

    Args:
        komponen: long table with ``kode_wilayah`` (dotted), ``tahun``, ``bulan`` and
            ``semester`` (nullable), ``komponen``, ``nilai`` and ``sumber``.

    Returns:
        One row per region of every level at or above the input's, period and component,
        with the summed ``nilai`` and the ``sumber`` ids that contributed.
    """
    base = _tipe_kunci(komponen[[*KUNCI, "nilai", "sumber"]])
    panjang = base["kode_wilayah"].str.len()
    levels = sorted(PANJANG_KODE.values(), reverse=True)
    hasil: list[pd.DataFrame] = []
    current = pd.DataFrame(columns=[*KUNCI, "nilai", "sumber"])
    for n in levels:
        direct = base[panjang == n]
        if len(current):
            naik = current.assign(kode_wilayah=current["kode_wilayah"].str.slice(0, n))
            dari_anak = _jumlahkan(naik)
        else:
            dari_anak = current
        if len(direct):
            direct = _jumlahkan(direct)
            if len(dari_anak):
                keyed = direct.merge(dari_anak[KUNCI], on=KUNCI, how="left", indicator=True)
                direct = keyed[keyed["_merge"] == "left_only"].drop(columns="_merge")
            current = pd.concat([dari_anak, direct], ignore_index=True)
        else:
            current = dari_anak
        if len(current):
            hasil.append(current)
    if not hasil:
        return current
    return pd.concat(hasil, ignore_index=True)


def gabung_sumber(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The comma-joined, sorted source ids per key (fast when a key has one source)."""
    pairs = frame[[*keys, "sumber"]].drop_duplicates()
    if pairs["sumber"].str.contains(",", regex=False).any():
        pairs = pairs.assign(sumber=pairs["sumber"].str.split(",")).explode("sumber")
        pairs = pairs.drop_duplicates()
    multi = pairs.duplicated(keys, keep=False)
    if not multi.any():
        return pairs
    joined = (
        pairs[multi]
        .sort_values("sumber")
        .groupby(keys, dropna=False, sort=False)["sumber"]
        .agg(",".join)
        .reset_index()
    )
    return pd.concat([pairs[~multi], joined], ignore_index=True)


def tambah_komponen_master(
    agregat: pd.DataFrame, katalog: Katalog, jumlah_desa: Callable[[Iterable[str]], pd.Series]
) -> pd.DataFrame:
    """Add master-derived components (``jumlah_desa``) for every region-period present.

    Args:
        agregat: rolled-up components.
        katalog: the catalog (tells which components come from the master).
        jumlah_desa: maps region codes to their number of desa/kelurahan.
    """
    master_names = [k.nama for k in katalog.komponen.values() if k.dari_master]
    if not master_names or agregat.empty:
        return agregat
    periods = agregat[PERIODE].drop_duplicates()
    counts = jumlah_desa(periods["kode_wilayah"].unique())
    extra = [
        periods.assign(
            komponen=name,
            nilai=periods["kode_wilayah"].map(counts).astype("float64"),
            sumber="master-wilayah",
        )
        for name in master_names
    ]
    return pd.concat([agregat, *extra], ignore_index=True).dropna(subset=["nilai"])


def tambah_komponen_turunan(agregat: pd.DataFrame, katalog: Katalog) -> pd.DataFrame:
    """Add derived components (sums or differences of others) where not reported directly.

    A derived component's ``turunan`` lists ``tambah`` and ``kurang`` parts and, optionally,
    ``wajib`` (the parts that must be present; other missing parts count as 0; by default
    every part is required). Derivation runs on rolled-up values, which is exact because sums
    and differences commute with the roll-up.
    """
    turunan = [k for k in katalog.komponen.values() if k.turunan]
    if not turunan or agregat.empty:
        return agregat
    out = agregat
    for k in _urut_turunan(turunan):
        parts = out[out["komponen"].isin(k.bagian)]
        if parts.empty:
            continue
        wide = parts.pivot_table(
            index=PERIODE, columns="komponen", values="nilai", aggfunc="sum", dropna=False
        )
        wajib = k.turunan.get("wajib", k.bagian)
        if any(w not in wide.columns for w in wajib):
            continue
        wide = wide.reindex(columns=list(k.bagian))
        ada = wide[list(wajib)].notna().all(axis=1)
        tambah = wide[list(k.turunan.get("tambah", ()))].sum(axis=1, min_count=0)
        kurang = wide[list(k.turunan.get("kurang", ()))].sum(axis=1, min_count=0)
        nilai = _tipe_kunci((tambah - kurang)[ada].rename("nilai").reset_index())
        sudah = _tipe_kunci(out[out["komponen"] == k.nama][PERIODE])
        nilai = nilai.merge(sudah, on=PERIODE, how="left", indicator=True)
        nilai = nilai[nilai["_merge"] == "left_only"].drop(columns="_merge")
        if nilai.empty:
            continue
        src = _tipe_kunci(gabung_sumber(parts, PERIODE))
        baru = nilai.merge(src, on=PERIODE, how="left").assign(komponen=k.nama)
        out = pd.concat([out, baru[[*KUNCI, "nilai", "sumber"]]], ignore_index=True)
    return out


def _urut_turunan(turunan: list) -> list:
    """Derived components in an order where parts come before what is built from them."""
    names = {k.nama for k in turunan}
    done: list = []
    pending = list(turunan)
    while pending:
        ready = [k for k in pending if not (set(k.bagian) & names - {d.nama for d in done})]
        if not ready:
            raise ValueError("komponen turunan saling bergantung (siklus)")
        done += ready
        pending = [k for k in pending if k not in ready]
    return done


def _wide(agregat: pd.DataFrame, ind: Indikator) -> pd.DataFrame:
    """Numerator and denominator side by side per region and period."""
    part = agregat[agregat["komponen"].isin(ind.komponen)]
    if part.empty:
        return pd.DataFrame()
    wide = part.pivot_table(
        index=PERIODE,
        columns="komponen",
        values="nilai",
        aggfunc="sum",
        dropna=False,
    )
    if any(c not in wide.columns for c in ind.komponen):
        return pd.DataFrame()
    wide = _tipe_kunci(wide.reset_index()).merge(
        _tipe_kunci(gabung_sumber(part, PERIODE)), on=PERIODE, how="left"
    )
    return wide.dropna(subset=list(ind.komponen))


def _sub_tahunan(wide: pd.DataFrame) -> pd.DataFrame:
    """Monthly rows, or semester rows where a region-year has no monthly rows, with ``_akhir``.

    ``_akhir`` is the last month the row covers (the month, or 6 / 12 for a semester).
    """
    keys = ["kode_wilayah", "tahun"]
    monthly = wide[wide["bulan"].notna()]
    semester = wide[wide["bulan"].isna() & wide["semester"].notna()]
    if len(semester) and len(monthly):
        keyed = semester.merge(monthly[keys].drop_duplicates(), on=keys, how="left", indicator=True)
        semester = keyed[keyed["_merge"] == "left_only"].drop(columns="_merge")
    return pd.concat(
        [
            monthly.assign(_akhir=monthly["bulan"].astype("Int64")),
            semester.assign(_akhir=(semester["semester"] * 6).astype("Int64")),
        ],
        ignore_index=True,
    )


def _annual(wide: pd.DataFrame, ind: Indikator, katalog: Katalog) -> pd.DataFrame:
    """Apply each component's temporal rule to get one row per region and year."""
    stok = [c for c in ind.komponen if katalog.komponen[c].jenis == "stok"]
    arus = [c for c in ind.komponen if katalog.komponen[c].jenis == "arus"]
    keys = ["kode_wilayah", "tahun"]
    sub = _sub_tahunan(wide)
    yearly = wide[wide["bulan"].isna() & wide["semester"].isna()]

    if stok:
        # last month (or semester end) in which every stock component is present
        acuan = sub.groupby(keys)["_akhir"].max().rename("bulan_acuan").reset_index()
        at_last = sub.merge(acuan, left_on=[*keys, "_akhir"], right_on=[*keys, "bulan_acuan"])
        base = at_last[[*keys, "bulan_acuan", *stok, "sumber"]]
    else:
        base = sub[keys].drop_duplicates().assign(bulan_acuan=pd.NA, sumber="")
    if arus:
        sums = sub.groupby(keys)[arus].sum().reset_index()
        src = gabung_sumber(sub, keys)
        base = base.drop(columns="sumber").merge(sums, on=keys).merge(src, on=keys)
    from_sub = base.assign(bulan=pd.NA, semester=pd.NA)
    # data that is annual already is used as is where no monthly/semester data exists
    yearly_only = yearly.merge(from_sub[keys], on=keys, how="left", indicator=True)
    yearly_only = yearly_only[yearly_only["_merge"] == "left_only"].drop(columns="_merge")
    yearly_only = yearly_only.assign(bulan_acuan=pd.NA)
    return pd.concat([from_sub, yearly_only], ignore_index=True)


def _values(frame: pd.DataFrame, ind: Indikator) -> pd.DataFrame:
    pembilang = frame[ind.pembilang].astype("float64")
    if ind.penyebut is None:
        penyebut = pd.Series(np.nan, index=frame.index)
        nilai = pembilang * ind.pengali
    else:
        penyebut = frame[ind.penyebut].astype("float64")
        nilai = (pembilang / penyebut.where(penyebut != 0)) * ind.pengali
    return pd.DataFrame(
        {
            "kode_indikator": ind.kode,
            "kode_wilayah": frame["kode_wilayah"],
            "tahun": frame["tahun"].astype("int64"),
            "bulan": frame["bulan"].astype("Int64"),
            "semester": frame["semester"].astype("Int64"),
            "bulan_acuan": frame["bulan_acuan"].astype("Int64"),
            "pembilang": pembilang,
            "penyebut": penyebut,
            "nilai": nilai,
            "satuan": ind.satuan,
            "sumber": frame["sumber"],
        }
    )


def hitung_satu(
    agregat: pd.DataFrame,
    ind: Indikator,
    katalog: Katalog,
    jumlah_anak: Callable[[Iterable[str]], pd.Series] | None = None,
) -> pd.DataFrame:
    """Monthly, semester and annual rows of one indicator (empty when a component is missing).

    Completeness is counted before the depth filter, so a kabupaten row says how many of its
    kecamatan reported even when the registry does not publish kecamatan values.
    """
    wide = _wide(agregat, ind)
    if wide.empty:
        sub = annual = pd.DataFrame()
    else:
        sub = wide[wide["bulan"].notna() | wide["semester"].notna()].assign(bulan_acuan=pd.NA)
        annual = _annual(wide, ind, katalog)
    campuran = _annual_campuran(agregat, ind, katalog, annual)
    frames = [f for f in (sub, annual, campuran) if len(f)]
    if not frames:
        return pd.DataFrame()
    rows = _values(pd.concat(frames, ignore_index=True), ind)
    rows = kelengkapan(rows, jumlah_anak)
    return rows[tingkat_kode(rows["kode_wilayah"]).isin(ind.kedalaman)]


def _tahunan_komponen(part: pd.DataFrame, jenis: str) -> pd.DataFrame:
    """Annual value of ONE component per region-year, by its own temporal rule."""
    keys = ["kode_wilayah", "tahun"]
    sub = _sub_tahunan(part)
    yearly = part[part["bulan"].isna() & part["semester"].isna()]
    if jenis == "stok":
        last = sub.groupby(keys)["_akhir"].transform("max")
        dari_sub = sub[sub["_akhir"] == last].assign(acuan=sub["_akhir"])
    else:
        dari_sub = sub.groupby(keys, as_index=False).agg(
            nilai=("nilai", "sum"), sumber=("sumber", lambda x: ",".join(sorted(set(x))))
        )
        dari_sub = dari_sub.assign(acuan=pd.NA)
    dari_sub = dari_sub[[*keys, "nilai", "sumber", "acuan"]]
    sisa = yearly.merge(dari_sub[keys], on=keys, how="left", indicator=True)
    sisa = sisa[sisa["_merge"] == "left_only"][[*keys, "nilai", "sumber"]].assign(acuan=pd.NA)
    return pd.concat([dari_sub, sisa], ignore_index=True)


def _annual_campuran(
    agregat: pd.DataFrame, ind: Indikator, katalog: Katalog, sudah: pd.DataFrame
) -> pd.DataFrame:
    """Annual rows where numerator and denominator come at different granularities.

    E.g. a yearly template value over a semester Verval count: each component is first made
    annual by its own rule (stock: last period, recorded in ``bulan_acuan``; flow: sum), then
    they are put side by side. Region-years already computed from common periods are skipped.
    """
    keys = ["kode_wilayah", "tahun"]
    part = agregat[agregat["komponen"].isin(ind.komponen)]
    if set(part["komponen"]) != set(ind.komponen):
        return pd.DataFrame()
    jenis_periode = (
        part.assign(_b=part["bulan"].notna(), _s=part["semester"].notna())
        .groupby("komponen")[["_b", "_s"]]
        .agg(lambda x: frozenset(x))
    )
    if len(set(map(tuple, jenis_periode.to_numpy().tolist()))) == 1:
        return pd.DataFrame()  # same granularities: the common-period rows cover it
    part = _tipe_kunci(part)
    hasil = None
    for nama in ind.komponen:
        satu = _tahunan_komponen(part[part["komponen"] == nama], katalog.komponen[nama].jenis)
        satu = satu.rename(columns={"nilai": nama, "sumber": f"_s_{nama}", "acuan": f"_a_{nama}"})
        hasil = satu if hasil is None else hasil.merge(satu, on=keys)
    if hasil is None or hasil.empty:
        return pd.DataFrame()
    if len(sudah):
        hasil = hasil.merge(sudah[keys], on=keys, how="left", indicator=True)
        hasil = hasil[hasil["_merge"] == "left_only"].drop(columns="_merge")
    if hasil.empty:
        return pd.DataFrame()
    acuan = hasil[[f"_a_{n}" for n in ind.komponen]].astype("Float64").max(axis=1)
    sumber = hasil[[f"_s_{n}" for n in ind.komponen]].astype(str).agg(",".join, axis=1)
    sumber = sumber.map(lambda t: ",".join(sorted(set(t.split(",")))))
    return hasil[[*keys, *ind.komponen]].assign(
        bulan=pd.NA, semester=pd.NA, bulan_acuan=acuan.astype("Int64"), sumber=sumber
    )


_INDUK = {13: 8, 8: 5, 5: 2}


def kelengkapan(
    rows: pd.DataFrame, jumlah_anak: Callable[[Iterable[str]], pd.Series] | None
) -> pd.DataFrame:
    """Add ``jumlah_wilayah_lapor`` (children with a value) and ``..._seharusnya`` (master).

    Both stay empty for a value reported directly at its own level (no child has a row).
    """
    per = ["tahun", "bulan", "semester"]
    panjang = rows["kode_wilayah"].str.len()
    anak = rows[panjang.isin(list(_INDUK))]
    induk = pd.Series(
        [k[: _INDUK[len(k)]] for k in anak["kode_wilayah"]], index=anak.index, dtype=object
    )
    counts = (
        anak.assign(kode_wilayah=induk)
        .groupby(["kode_wilayah", *per], dropna=False)
        .size()
        .rename("jumlah_wilayah_lapor")
        .reset_index()
    )
    out = rows.merge(counts, on=["kode_wilayah", *per], how="left")
    lapor = out["jumlah_wilayah_lapor"].astype("Int64")
    if jumlah_anak is None:
        seharusnya = pd.Series(pd.NA, index=out.index, dtype="Int64")
    else:
        jumlah = jumlah_anak(out["kode_wilayah"].unique())
        seharusnya = out["kode_wilayah"].map(jumlah).astype("Int64").where(lapor.notna())
    return out.assign(jumlah_wilayah_lapor=lapor, jumlah_wilayah_seharusnya=seharusnya)


def _target_tabel(target: pd.DataFrame, berlaku: tuple[str, ...]) -> tuple[pd.DataFrame, ...]:
    cols = ["kode_indikator", "tahun", "target", "berlaku_untuk"]
    part = target[target["berlaku_untuk"].isin(berlaku)]
    # one target per indicator, year and region: a later file (a region's own) wins
    part = part.drop_duplicates(["kode_indikator", "tahun", "kode_wilayah"], keep="last")
    nasional = part[part["kode_wilayah"] == ""][cols]
    daerah = part[part["kode_wilayah"] != ""][[*cols, "kode_wilayah"]]
    return nasional, daerah


def _pasang(out: pd.DataFrame, nasional: pd.DataFrame, daerah: pd.DataFrame) -> pd.DataFrame:
    """Merge targets: a regional target (by kode_wilayah) overrides the national one."""
    merged = out.merge(nasional, on=["kode_indikator", "tahun"], how="left")
    if not daerah.empty:
        keys = ["kode_indikator", "tahun", "kode_wilayah"]
        merged = merged.merge(daerah, on=keys, how="left", suffixes=("", "_daerah"))
        has = merged["target_daerah"].notna()
        merged.loc[has, "target"] = merged.loc[has, "target_daerah"]
        merged.loc[has, "berlaku_untuk"] = merged.loc[has, "berlaku_untuk_daerah"]
        merged = merged.drop(columns=["target_daerah", "berlaku_untuk_daerah"])
    return merged


def pasang_target(hasil: pd.DataFrame, katalog: Katalog) -> pd.DataFrame:
    """Attach the applicable target, achievement and whether the target is met.

    A regional target (``kode_wilayah`` set) overrides the national one for that region.
    A target with ``berlaku_untuk = pembilang`` (a count, e.g. 10,000,000 keluarga) is
    compared with the numerator, and the output says so in ``target_berlaku_untuk``; a
    national count target is not compared with a region's numerator. Targets with
    ``berlaku_untuk = capaian`` are planned achievement levels (``target_capaian``).
    """
    target = katalog.target
    if hasil.empty:
        return hasil.assign(
            target=np.nan,
            target_berlaku_untuk=None,
            memenuhi_target=pd.array([], "boolean"),
            capaian_target=np.nan,
            target_capaian=np.nan,
        )
    nasional, daerah = _target_tabel(target, ("nilai", "pembilang"))
    nasional = nasional[nasional["berlaku_untuk"] == "nilai"]
    merged = _pasang(hasil, nasional, daerah)
    cap_n, cap_d = _target_tabel(target, ("capaian",))
    capaian = _pasang(merged[["kode_indikator", "tahun", "kode_wilayah"]], cap_n, cap_d)[
        "target"
    ].to_numpy()
    arah = merged["kode_indikator"].map({k: v.arah for k, v in katalog.indikator.items()})
    banding = merged["nilai"].where(merged["berlaku_untuk"] != "pembilang", merged["pembilang"])
    naik = arah == "naik"
    met = (banding >= merged["target"]).where(naik, banding <= merged["target"])
    known = merged["target"].notna() & banding.notna()
    tgt = merged["target"].where(merged["target"] != 0)
    rasio = (100 * banding / tgt).where(naik, 100 * tgt / banding.where(banding != 0))
    return merged.assign(
        memenuhi_target=pd.array(met.where(known, None), dtype="boolean"),
        target_berlaku_untuk=merged["berlaku_untuk"].where(merged["target"].notna()),
        capaian_target=rasio.where(known),
        target_capaian=capaian,
    ).drop(columns="berlaku_untuk")


def hitung_indikator(
    komponen: pd.DataFrame,
    katalog: Katalog,
    jumlah_desa: Callable[[Iterable[str]], pd.Series],
    nama_wilayah: Callable[[pd.Series], pd.Series],
    id_run: str,
    jumlah_anak: Callable[[Iterable[str]], pd.Series] | None = None,
) -> pd.DataFrame:
    """Compute every registry indicator whose components are present.

    Args:
        komponen: long component table (see :func:`rollup`).
        katalog: the loaded catalog.
        jumlah_desa: region codes → number of desa (from the region master).
        jumlah_anak: region codes → number of child regions (completeness), optional.
        nama_wilayah: region codes → names (from the region master).
        id_run: run identifier written on every row.

    Returns:
        The output table (columns of ``catalog/kolom.yaml`` → ``indikator``), sorted by
        kode_indikator, kode_wilayah, tahun, bulan (annual row first).
    """
    kolom = list(katalog.kolom["indikator"])
    if komponen.empty:
        return pd.DataFrame(columns=kolom)
    agregat = tambah_komponen_master(rollup(komponen), katalog, jumlah_desa)
    agregat = tambah_komponen_turunan(agregat, katalog)
    per_komponen = {k: g for k, g in agregat.groupby("komponen", sort=False)}
    parts = []
    for ind in katalog.indikator.values():
        if any(c not in per_komponen for c in ind.komponen):
            continue
        bagian = pd.concat([per_komponen[c] for c in dict.fromkeys(ind.komponen)])
        parts.append(hitung_satu(bagian, ind, katalog, jumlah_anak))
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=kolom)
    hasil = pasang_target(pd.concat(parts, ignore_index=True), katalog)
    hasil = hasil.assign(
        tingkat=tingkat_kode(hasil["kode_wilayah"]),
        nama_wilayah=nama_wilayah(hasil["kode_wilayah"]),
        id_run=id_run,
    )
    hasil = hasil.sort_values(
        ["kode_indikator", "kode_wilayah", "tahun", "semester", "bulan"], na_position="first"
    )
    return hasil[kolom].reset_index(drop=True)
