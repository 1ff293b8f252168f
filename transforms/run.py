"""The pipeline's steps as plain functions: the Prefect flow only calls these in order.

Load inputs: every raw file in force (sidecar says source and period).
Process data: file → components (+ problems), all files → indicators.
Save outputs: Parquet per year (indikator, karantina), data dictionary, manifest.
"""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from schemas.kontrak import kolom, pandera_schema
from transforms import wilayah
from transforms.catalog import Katalog, Layout, baca_target, load_katalog
from transforms.components import Asal, BerkasDitolak, HasilBerkas, to_komponen
from transforms.compute import hitung_indikator
from transforms.ingest import (
    SUMBER_UMUM,
    Permintaan,
    Provenans,
    SumberTidakDikenal,
    TahunTidakDiketahui,
    berkas_aktif,
    rencana,
    sha256_file,
)
from transforms.keamanan import periksa_berkas
from transforms.publish import (
    SCHEMA_VERSION,
    new_id_run,
    publish_tables,
    write_kamus,
    write_manifest,
)
from transforms.read import BerkasTidakTerbaca, TabelTeks, read_sheets, read_table
from transforms.umum import layout_umum
from transforms.validasi import periksa_lonjakan

log = logging.getLogger(__name__)


@dataclass
class Ringkasan:
    """What a run did, for the terminal summary and the manifest."""

    id_run: str
    berkas: list[dict[str, Any]] = field(default_factory=list)
    baris_indikator: int = 0
    jumlah_indikator: int = 0
    jumlah_wilayah: dict[str, int] = field(default_factory=dict)
    tahun: list[int] = field(default_factory=list)
    ditulis: dict[str, dict[int, int]] = field(default_factory=dict)


def _asal(prov: Provenans) -> Asal:
    return Asal(
        prov.berkas,
        prov.sha256,
        prov.sumber,
        prov.tahun,
        prov.bulan,
        prov.wilayah,
        tuple(prov.tahun_data or ()),
        prov.semester,
    )


def _gabung_hasil(hasil: list[HasilBerkas]) -> HasilBerkas:
    """One file's result from the results of its sheets."""
    if len(hasil) == 1:
        return hasil[0]
    akuntansi: dict[str, int | str] = dict(hasil[0].akuntansi)
    akuntansi["sheet"] = ", ".join(str(h.akuntansi.get("sheet", "")) for h in hasil)
    for key in ("baris_dibaca", "baris_dipakai", "baris_karantina", "baris_bukan_data"):
        akuntansi[key] = sum(int(h.akuntansi[key]) for h in hasil)
    akuntansi["peringatan"] = sum(int(h.akuntansi["peringatan"]) for h in hasil)
    return HasilBerkas(
        pd.concat([h.komponen for h in hasil], ignore_index=True),
        pd.concat([h.masalah for h in hasil if len(h.masalah)] or [hasil[0].masalah]),
        akuntansi,
    )


def baca_berkas(path: Path, prov: Provenans, katalog: Katalog) -> list[tuple[TabelTeks, Layout]]:
    """The tables of a raw file with the layout of each (templates, generic tables, layouts)."""
    if prov.sumber.startswith("template."):
        from transforms.template import baca_template

        tabel, layout, _ = baca_template(path)
        return [(tabel, layout)]
    if prov.sumber == SUMBER_UMUM:
        tabel = read_table(path)
        return [(tabel, layout_umum(tabel, prov.kolom or {}))]
    layout = katalog.sumber.get(prov.sumber)
    if layout is None:
        raise BerkasDitolak(f"sumber {prov.sumber!r} tidak ada di katalog")
    periksa_berkas(path)  # checked at ingest too; a raw store may be copied from elsewhere
    tabels = [
        t for t in read_sheets(path, kenali=layout.kenali) if layout.cocok(list(t.data.columns))
    ]
    if not tabels:
        tabels = [read_table(path, layout.pemisah, kenali=layout.kenali)]
    return [(t, layout) for t in tabels]


def proses_berkas(path: Path, prov: Provenans, katalog: Katalog) -> HasilBerkas:
    """Read one raw file with its layout; a structural problem rejects the file, not the run."""
    asal = _asal(prov)
    try:
        edisi = wilayah.edisi_untuk_tahun(prov.tahun)
        hasil = [
            to_komponen(tabel, layout, asal, edisi, katalog)
            for tabel, layout in baca_berkas(path, prov, katalog)
        ]
        return _gabung_hasil(hasil)
    except (BerkasTidakTerbaca, BerkasDitolak) as exc:
        log.warning("berkas %s ditolak: %s", prov.berkas, exc)
        return hasil_ditolak(prov.berkas, prov.sumber, prov.tahun, str(exc))
    except Exception as exc:  # a file must never take the run down: reject it, log why
        log.exception("berkas %s ditolak karena galat tak terduga", prov.berkas)
        alasan = (
            f"berkas tidak dapat diolah ({type(exc).__name__}: {exc}); rincian teknis di log. "
            "Periksa apakah berkas sesuai format sumbernya."
        )
        return hasil_ditolak(prov.berkas, prov.sumber, prov.tahun, alasan)


def hasil_ditolak(berkas: str, sumber: str | None, tahun: int | None, alasan: str) -> HasilBerkas:
    """The result of a whole file rejected for a structural problem (one clear message)."""
    masalah = pd.DataFrame(
        [
            {
                "berkas": berkas,
                "sheet": None,
                "baris": pd.NA,
                "kolom": None,
                "nilai": None,
                "aturan": "berkas_ditolak",
                "tingkat_masalah": "galat",
                "pesan": f"Seluruh berkas ditolak: {alasan}",
                "sumber": sumber,
                "tahun": tahun,
            }
        ]
    )
    akuntansi = {
        "berkas": berkas,
        "sumber": sumber,
        "ditolak": alasan,
        "baris_dibaca": 0,
        "baris_dipakai": 0,
        "baris_karantina": 0,
        "baris_bukan_data": 0,
        "peringatan": 0,
    }
    return HasilBerkas(pd.DataFrame(columns=list(kolom("komponen"))), masalah, akuntansi)


def gabung_komponen(hasil: list[HasilBerkas], diterima: list[str]) -> pd.DataFrame:
    """Stack the components of all files; where two files give the same value, the later wins.

    Args:
        hasil: per-file results, in the same order as ``diterima``.
        diterima: time each file was received (ISO strings).
    """
    frames = [h.komponen.assign(_urut=i) for i, h in enumerate(hasil) if not h.komponen.empty]
    if not frames:
        return pd.DataFrame(columns=list(kolom("komponen")))
    semua = pd.concat(frames, ignore_index=True)
    semua = semua.assign(_diterima=semua["_urut"].map(dict(enumerate(diterima))))
    semua = semua.sort_values(["_diterima", "_urut", "baris"])
    kunci = ["kode_wilayah", "tahun", "bulan", "semester", "komponen"]
    # rank files by time received; for each value the latest file that gives it wins, with
    # all its rows (a file may hold several units per region, e.g. faskes, to be summed)
    semua = semua.assign(_rank=semua.groupby("_urut", sort=False).ngroup())
    terakhir = semua.groupby(kunci, dropna=False)["_rank"].transform("max")
    dup = semua["_rank"] != terakhir
    if dup.any():
        # only worth a word when the later file says something different
        akhir = semua.loc[~dup].groupby(kunci, dropna=False)["nilai"].sum().rename("_baru")
        lama = semua.loc[dup].groupby(kunci, dropna=False)["nilai"].sum().rename("_lama")
        beda = pd.concat([lama, akhir], axis=1, join="inner")
        n_beda = int((beda["_lama"] != beda["_baru"]).sum())
        if n_beda:
            log.warning(
                "%d nilai komponen diganti nilai berbeda dari berkas yang lebih baru", n_beda
            )
    komponen = semua.loc[~dup, list(kolom("komponen"))].reset_index(drop=True)
    return pandera_schema("komponen").validate(komponen, lazy=True)


def _git_sha() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[1],
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def ke_edisi_baku(komponen: pd.DataFrame) -> pd.DataFrame:
    """Region codes of every year carried to the current master edition (dated crosswalk).

    Data of 2021 is matched with the 2021 edition (Permendagri 58/2021), then its codes are
    mapped through ``catalog/wilayah/perubahan_kode.csv`` (e.g. the 2022 Papua split:
    Merauke 91.01 → 93.01), so a time series uses one code per region. A code that has no
    successor (a merged or split region) is kept as it was.
    """
    if komponen.empty:
        return komponen
    kode = komponen["kode_wilayah"].copy()
    for tahun in komponen["tahun"].unique():
        edisi = wilayah.edisi_untuk_tahun(int(tahun))
        if edisi == wilayah.EDISI_BAKU:
            continue
        sel = komponen["tahun"] == tahun
        baru = wilayah.ke_edisi(komponen.loc[sel, "kode_wilayah"], edisi)["kode_wilayah"]
        kode.loc[sel] = baru.fillna(komponen.loc[sel, "kode_wilayah"]).astype(str)
    return komponen.assign(kode_wilayah=kode.astype(str))


def _hitung_tahun(komponen: pd.DataFrame, katalog: Katalog, id_run: str, tahun: int):
    """Indicators of one year: desa counts and children from that year's edition."""
    baku = wilayah.load_master(wilayah.EDISI_BAKU)
    master = wilayah.load_master(wilayah.edisi_untuk_tahun(tahun))
    desa = master.jumlah_desa_all()
    desa_baku = baku.jumlah_desa_all()
    anak = master.frame["kode_induk"].value_counts()
    anak_baku = baku.frame["kode_induk"].value_counts()
    nama = baku.frame.set_index("kode_wilayah")["nama_wilayah"]
    nama_lama = master.frame.set_index("kode_wilayah")["nama_wilayah"]

    def jumlah_desa(kode: Any) -> pd.Series:
        kode = list(kode)
        return desa.reindex(kode).fillna(desa_baku.reindex(kode))

    def nama_wilayah(kode: pd.Series) -> pd.Series:
        return kode.map(nama).fillna(kode.map(nama_lama))

    def jumlah_anak(kode: Any) -> pd.Series:
        kode = list(kode)
        return anak.reindex(kode).fillna(anak_baku.reindex(kode))

    return hitung_indikator(komponen, katalog, jumlah_desa, nama_wilayah, id_run, jumlah_anak)


def hitung(komponen: pd.DataFrame, katalog: Katalog, id_run: str) -> pd.DataFrame:
    """Indicators from components (current-edition codes), year by year.

    Names come from the current master edition; desa counts and the number of child regions
    (completeness) from the edition in force for each year.
    """
    kolom_out = list(katalog.kolom["indikator"])
    if komponen.empty:
        return pd.DataFrame(columns=kolom_out)
    parts = [
        _hitung_tahun(komponen[komponen["tahun"] == t], katalog, id_run, int(t))
        for t in sorted(komponen["tahun"].unique())
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=kolom_out)
    return (
        pd.concat(parts, ignore_index=True)
        .sort_values(
            ["kode_indikator", "kode_wilayah", "tahun", "semester", "bulan"], na_position="first"
        )
        .reset_index(drop=True)
    )


def karantina_tabel(
    hasil: list[HasilBerkas], id_run: str, lain: pd.DataFrame | None = None
) -> pd.DataFrame:
    """All problems of all files (and run-level warnings) as the karantina table."""
    names = list(kolom("karantina"))
    frames = [h.masalah for h in hasil if len(h.masalah)]
    if lain is not None and len(lain):
        frames.append(lain)
    if not frames:
        return pd.DataFrame(columns=names)
    return pd.concat(frames, ignore_index=True).assign(id_run=id_run)[names]


def terbitkan(
    out: Path,
    katalog: Katalog,
    tables: dict[str, pd.DataFrame],
    ringkasan: Ringkasan,
    parameter: dict[str, Any],
    inputs: list[tuple[Path, Provenans]],
    diganti: list[tuple[Path, Provenans]],
) -> Path:
    """Write Parquet for every year of this run, the data dictionary and the manifest."""
    from_data = {int(t) for t in tables["indikator"]["tahun"]}
    tahun_list = sorted(from_data | {p.tahun for _, p in inputs})
    ringkasan.ditulis = publish_tables(out, tables, tahun_list, ringkasan.id_run)
    ringkasan.tahun = tahun_list
    write_kamus(out, katalog)
    manifest = {
        "id_run": ringkasan.id_run,
        "selesai": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versi_skema": SCHEMA_VERSION,
        "git_sha": _git_sha(),
        "parameter": parameter,
        "masukan": [
            {**vars(p), **next((a for a in ringkasan.berkas if a["berkas"] == p.berkas), {})}
            for _, p in inputs
        ],
        "digantikan_koreksi": [p.berkas for _, p in diganti],
        "keluaran": {
            tabel: {
                str(t): {"baris": n, "berkas": f"{tabel}/{t}/part-0.parquet"}
                for t, n in counts.items()
            }
            for tabel, counts in ringkasan.ditulis.items()
        },
        "jumlah_indikator": ringkasan.jumlah_indikator,
        "jumlah_wilayah": ringkasan.jumlah_wilayah,
    }
    return write_manifest(out, manifest)


def pilih_berkas(raw: Path, tahun: int | None) -> tuple[list, list]:
    """Raw files in force (optionally of one year) and those replaced by corrections."""
    aktif, diganti = berkas_aktif(raw)
    if tahun is not None:
        aktif = [(f, p) for f, p in aktif if tahun in (p.tahun_data or [p.tahun])]
    return aktif, diganti


def saring_tahun(hasil: HasilBerkas, tahun: int | None) -> HasilBerkas:
    """Only one year's components of a (multi-year) file, when the run is for one year."""
    if tahun is None or hasil.komponen.empty:
        return hasil
    return replace(hasil, komponen=hasil.komponen[hasil.komponen["tahun"] == tahun])


def ringkas(ringkasan: Ringkasan, hasil: list[HasilBerkas], indikator: pd.DataFrame) -> None:
    """Fill the run summary from the per-file results and the output."""
    ringkasan.berkas = [h.akuntansi for h in hasil]
    ringkasan.baris_indikator = len(indikator)
    ringkasan.jumlah_indikator = int(indikator["kode_indikator"].nunique())
    per_level = indikator.drop_duplicates("kode_wilayah")["tingkat"].value_counts()
    ringkasan.jumlah_wilayah = {k: int(v) for k, v in per_level.items()}


def dengan_target_daerah(katalog: Katalog, folder: Path | None) -> Katalog:
    """The catalog with a region's own targets (CSV files in ``folder``) added.

    Same columns as ``catalog/target/*.csv``; a row with ``kode_wilayah`` overrides the
    national target for that region and year (e.g. a Perbup/RPJMD target).
    """
    if folder is None or not folder.is_dir() or not any(folder.glob("*.csv")):
        return katalog
    daerah = baca_target(folder)
    unknown = sorted(set(daerah["kode_indikator"]) - set(katalog.indikator))
    if unknown:
        raise ValueError(f"target daerah untuk indikator yang tidak ada di katalog: {unknown}")
    bad = sorted(set(daerah["berlaku_untuk"]) - {"nilai", "pembilang", "capaian"})
    if bad:
        raise ValueError(f"berlaku_untuk tidak dikenal di target daerah: {bad}")
    daerah = daerah.assign(kode_wilayah=daerah["kode_wilayah"].map(wilayah.normalize_kode))
    return replace(katalog, target=pd.concat([katalog.target, daerah], ignore_index=True))


def langkah_hitung(
    hasil: list[HasilBerkas], diterima: list[str], id_run: str, target: Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Components of all files (validated) and the indicators computed from them."""
    komponen = ke_edisi_baku(gabung_komponen(hasil, diterima))
    return komponen, hitung(komponen, dengan_target_daerah(load_katalog(), target), id_run)


def langkah_proses(path: Path, prov: Provenans) -> HasilBerkas:
    return proses_berkas(path, prov, load_katalog())


def langkah_terbitkan(out: Path, *args: Any) -> Path:
    return terbitkan(out, load_katalog(), *args)


def jalankan(
    raw: Path,
    out: Path,
    tahun: int | None = None,
    *,
    target: Path | None = None,
    proses: Callable[..., HasilBerkas] = langkah_proses,
    hitung_semua: Callable[..., tuple[pd.DataFrame, pd.DataFrame]] = langkah_hitung,
    tulis: Callable[..., Path] = langkah_terbitkan,
) -> Ringkasan:
    """A whole run. The Prefect flow passes task-wrapped versions of the three steps.

    Args:
        raw: raw store folder.
        out: output folder.
        tahun: only this year's files (and output folders); all years when None.
        proses: one file → :class:`HasilBerkas`.
        hitung_semua: per-file results → indicator table.
        tulis: publishes outputs and the manifest.
    """
    id_run = new_id_run()
    inputs, diganti = pilih_berkas(raw, tahun)
    hasil = [saring_tahun(proses(path, prov), tahun) for path, prov in inputs]
    komponen, indikator = hitung_semua(hasil, [p.diterima for _, p in inputs], id_run, target)
    ringkasan = Ringkasan(id_run=id_run)
    ringkas(ringkasan, hasil, indikator)
    karantina = karantina_tabel(hasil, id_run, periksa_lonjakan(komponen))
    parameter = {"raw": str(raw), "out": str(out), "tahun": tahun, "target": str(target or "")}
    tables = {"indikator": indikator, "komponen": komponen, "karantina": karantina}
    tulis(out, tables, ringkasan, parameter, inputs, diganti)
    return ringkasan


@dataclass
class HasilValidasi:
    """What ``indikator validate`` found in one file (nothing is stored or published)."""

    hasil: HasilBerkas
    sheet: str | None = None
    baris_judul: int = 1


def validasi_berkas(src: Path, katalog: Katalog, minta: Permintaan) -> HasilValidasi:
    """Check a file exactly as a run would, without storing or publishing anything.

    A refused or unreadable file gives a rejected result (one clear message), never an error.
    """
    try:
        sumber, minta, tahun, tahun_data = rencana(src, katalog, minta)
    except (BerkasTidakTerbaca, SumberTidakDikenal, TahunTidakDiketahui) as exc:
        return HasilValidasi(hasil_ditolak(src.name, minta.sumber, minta.tahun, str(exc)))
    prov = Provenans(
        sha256=sha256_file(src),
        nama_asli=src.name,
        diterima="",
        sumber=sumber,
        tahun=tahun,
        bulan=minta.bulan,
        wilayah=minta.wilayah,
        ukuran=src.stat().st_size,
        berkas=src.name,
        semester=minta.semester,
        tahun_data=tahun_data,
        kolom=minta.kolom,
    )
    hasil = proses_berkas(src, prov, katalog)
    sheet, baris_judul = None, 1
    try:
        tables = baca_berkas(src, prov, katalog)
        sheet, baris_judul = tables[0][0].sheet, tables[0][0].baris_judul
    except (BerkasTidakTerbaca, BerkasDitolak):
        pass
    return HasilValidasi(hasil, sheet, baris_judul)
