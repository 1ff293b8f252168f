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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from schemas.kontrak import kolom, pandera_schema
from transforms import wilayah
from transforms.catalog import Katalog, load_katalog
from transforms.components import Asal, BerkasDitolak, HasilBerkas, to_komponen
from transforms.compute import hitung_indikator
from transforms.ingest import Provenans, berkas_aktif
from transforms.publish import (
    SCHEMA_VERSION,
    new_id_run,
    publish_tables,
    write_kamus,
    write_manifest,
)
from transforms.read import BerkasTidakTerbaca, read_table

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


def proses_berkas(path: Path, prov: Provenans, katalog: Katalog) -> HasilBerkas:
    """Read one raw file with its layout; a structural problem rejects the file, not the run."""
    layout = katalog.sumber.get(prov.sumber)
    asal = Asal(prov.berkas, prov.sha256, prov.sumber, prov.tahun, prov.bulan, prov.wilayah)
    try:
        if layout is None:
            raise BerkasDitolak(f"sumber {prov.sumber!r} tidak ada di katalog")
        tabel = read_table(path, layout.pemisah)
        return to_komponen(tabel, layout, asal, wilayah.edisi_untuk_tahun(prov.tahun), katalog)
    except (BerkasTidakTerbaca, BerkasDitolak) as exc:
        log.warning("berkas %s ditolak: %s", prov.berkas, exc)
        masalah = pd.DataFrame(
            [
                {
                    "berkas": prov.berkas,
                    "sheet": None,
                    "baris": pd.NA,
                    "kolom": None,
                    "nilai": None,
                    "aturan": "berkas_ditolak",
                    "tingkat_masalah": "galat",
                    "pesan": f"Seluruh berkas ditolak: {exc}",
                    "sumber": prov.sumber,
                    "tahun": prov.tahun,
                }
            ]
        )
        akuntansi = {
            "berkas": prov.berkas,
            "sumber": prov.sumber,
            "ditolak": str(exc),
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
        log.warning("%d nilai komponen digantikan oleh berkas yang diterima kemudian", dup.sum())
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


def hitung(komponen: pd.DataFrame, katalog: Katalog, id_run: str) -> pd.DataFrame:
    """Indicators from components, with names and desa counts from the region master."""
    tahun = komponen["tahun"].max() if len(komponen) else dt.date.today().year
    master = wilayah.load_master(wilayah.edisi_untuk_tahun(int(tahun)))
    desa = master.jumlah_desa_all()
    frame = master.frame
    nama = frame.set_index("kode_wilayah")["nama_wilayah"]
    anak = frame["kode_induk"].value_counts()

    def jumlah_desa(kode: Any) -> pd.Series:
        return desa.reindex(list(kode))

    def nama_wilayah(kode: pd.Series) -> pd.Series:
        return kode.map(nama)

    def jumlah_anak(kode: Any) -> pd.Series:
        return anak.reindex(list(kode))

    return hitung_indikator(komponen, katalog, jumlah_desa, nama_wilayah, id_run, jumlah_anak)


def karantina_tabel(hasil: list[HasilBerkas], id_run: str) -> pd.DataFrame:
    """All problems of all files as the karantina table."""
    names = list(kolom("karantina"))
    frames = [h.masalah for h in hasil if len(h.masalah)]
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
        aktif = [(f, p) for f, p in aktif if p.tahun == tahun]
    return aktif, diganti


def ringkas(ringkasan: Ringkasan, hasil: list[HasilBerkas], indikator: pd.DataFrame) -> None:
    """Fill the run summary from the per-file results and the output."""
    ringkasan.berkas = [h.akuntansi for h in hasil]
    ringkasan.baris_indikator = len(indikator)
    ringkasan.jumlah_indikator = int(indikator["kode_indikator"].nunique())
    per_level = indikator.drop_duplicates("kode_wilayah")["tingkat"].value_counts()
    ringkasan.jumlah_wilayah = {k: int(v) for k, v in per_level.items()}


def langkah_hitung(
    hasil: list[HasilBerkas], diterima: list[str], id_run: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Components of all files (validated) and the indicators computed from them."""
    komponen = gabung_komponen(hasil, diterima)
    return komponen, hitung(komponen, load_katalog(), id_run)


def langkah_proses(path: Path, prov: Provenans) -> HasilBerkas:
    return proses_berkas(path, prov, load_katalog())


def langkah_terbitkan(out: Path, *args: Any) -> Path:
    return terbitkan(out, load_katalog(), *args)


def jalankan(
    raw: Path,
    out: Path,
    tahun: int | None = None,
    *,
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
    hasil = [proses(path, prov) for path, prov in inputs]
    komponen, indikator = hitung_semua(hasil, [p.diterima for _, p in inputs], id_run)
    ringkasan = Ringkasan(id_run=id_run)
    ringkas(ringkasan, hasil, indikator)
    karantina = karantina_tabel(hasil, id_run)
    parameter = {"raw": str(raw), "out": str(out), "tahun": tahun}
    tables = {"indikator": indikator, "komponen": komponen, "karantina": karantina}
    tulis(out, tables, ringkasan, parameter, inputs, diganti)
    return ringkasan
