"""A whole run as plain steps: raw files in force → components → indicators → Parquet.

Load inputs: every raw file in force (sidecar says source and period).
Process data: file → components (+ problems), all files → indicators.
Save outputs: Parquet per year (indikator, komponen, karantina), data dictionary, manifest.
The Prefect flow (``flows/pipeline.py``) passes task-wrapped versions of the three steps.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from transforms.keluar.manifest import buat_id_run
from transforms.komponen.asal import HasilBerkas
from transforms.komponen.lonjakan import periksa_lonjakan
from transforms.langkah.hitung import langkah_hitung
from transforms.langkah.proses import langkah_proses, saring_tahun
from transforms.langkah.ringkasan import Ringkasan, ringkas
from transforms.langkah.terbitkan import buat_tabel_karantina, langkah_terbitkan
from transforms.terima.simpan import Provenans, cari_berkas_aktif


def pilih_berkas(
    raw: Path, tahun: int | None
) -> tuple[list[tuple[Path, Provenans]], list[tuple[Path, Provenans]]]:
    """Raw files in force (optionally of one year) and those replaced or withdrawn.

    Files whose sidecar cannot be read are in force as placeholders that the run rejects.
    """
    aktif, diganti = cari_berkas_aktif(raw, tahun)
    if tahun is not None:
        aktif = [(f, p) for f, p in aktif if tahun in (p.tahun_data or [p.tahun])]
    return aktif, diganti


def pilih_pendahulu(
    inputs: list[tuple[Path, Provenans]], diganti: list[tuple[Path, Provenans]]
) -> list[tuple[int, Path, Provenans]]:
    """For each file in force that corrected earlier ones: its position and each such file."""
    per_berkas = {p.berkas: (f, p) for f, p in diganti}
    return [
        (i, *per_berkas[lama])
        for i, (_, p) in enumerate(inputs)
        for lama in p.menggantikan or []
        if lama in per_berkas
    ]


def jalankan(
    raw: Path,
    out: Path,
    tahun: int | None = None,
    *,
    target: Path | None = None,
    proses: Callable[..., HasilBerkas] = langkah_proses,
    hitung_semua: Callable[..., tuple[pd.DataFrame, ...]] = langkah_hitung,
    tulis: Callable[..., Path] = langkah_terbitkan,
) -> Ringkasan:
    """A whole run. The Prefect flow passes task-wrapped versions of the three steps.

    Args:
        raw: raw store folder.
        out: output folder.
        tahun: only this year's files (and output folders); all years when None.
        target: folder of the region's own targets (CSV), if any.
        proses: one file → :class:`HasilBerkas`.
        hitung_semua: per-file results → components, indicators and replaced values.
        tulis: publishes outputs and the manifest.
    """
    id_run = buat_id_run()
    inputs, diganti = pilih_berkas(raw, tahun)
    hasil = [saring_tahun(proses(path, prov), tahun) for path, prov in inputs]
    # a correction is compared with the file it replaced: its changed values are listed
    koreksi = [
        (saring_tahun(proses(path, prov), tahun), hasil[i])
        for i, path, prov in pilih_pendahulu(inputs, diganti)
    ]
    diterima = [p.diterima for _, p in inputs]
    komponen, indikator, penggantian = hitung_semua(hasil, diterima, id_run, target, koreksi)
    ringkasan = Ringkasan(id_run=id_run)
    ringkas(ringkasan, hasil, indikator)
    karantina = buat_tabel_karantina(hasil, id_run, periksa_lonjakan(komponen))
    parameter = {"raw": str(raw), "out": str(out), "tahun": tahun, "target": str(target or "")}
    tables = {
        "indikator": indikator,
        "komponen": komponen,
        "karantina": karantina,
        "penggantian": penggantian,
    }
    tulis(out, tables, ringkasan, parameter, inputs, diganti)
    return ringkasan
