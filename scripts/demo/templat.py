"""The agency templates (``indikator template``) of the demo, generated and filled.

Each template component is drawn per desa as ``isian.csv`` (beside this module) says, one row
per component (``komponen, basis, terendah, tertinggi``), in the order of the file. The basis
is a demographic or export quantity (see :func:`basis_template`) or a component listed earlier.
A share <= 1 draws binomially (never above the basis); a share above 1 multiplies (units per
person).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from schemas.model import Katalog
from scripts.demo.berkas import simpan_xlsx
from scripts.demo.model import KABUPATEN, TAHUN, Dasar, Wilayah, bagian, rng_untuk
from transforms.keluar.templat.tulis import buat_template
from transforms.terima.instansi import muat_instansi
from transforms.terima.templat_bentuk import BARIS_JUDUL, KOLOM_KODE, SHEET_DATA

# Level of each agency's template: desa unless the figures only exist higher up.
# PUPR reports household access to water/sanitation per kabupaten (the indicators it feeds on
# households only go down to kabupaten); a KUA serves a whole kecamatan.
TINGKAT_TEMPLATE = {"pupr": "kabupaten", "kemenag": "kecamatan"}

BERKAS_ISIAN = Path(__file__).with_name("isian.csv")


def muat_isian(path: Path = BERKAS_ISIAN) -> dict[str, tuple[str, float, float]]:
    """How each template component is drawn: component -> (basis, lowest, highest share)."""
    with path.open(encoding="utf-8", newline="") as berkas:
        return {
            r["komponen"]: (r["basis"], float(r["terendah"]), float(r["tertinggi"]))
            for r in csv.DictReader(berkas)
        }


ISIAN = muat_isian()


def basis_template(d: Dasar, verval: dict[int, pd.DataFrame], bumil: pd.DataFrame) -> dict:
    """Per-desa quantities template components are drawn from (exports bound the numerators)."""
    return {
        "penduduk": d.penduduk,
        "keluarga": verval[2]["JUMLAH KELUARGA"].to_numpy(),
        "balita": d.balita,
        "satu": np.ones_like(d.penduduk),
        "pus_min": d.pus.min(axis=0),
        "pa_akhir": d.pa[-1],
        "krs_min": np.minimum(verval[1]["JUMLAH KRS"], verval[2]["JUMLAH KRS"]).to_numpy(),
        "ibu_hamil": bumil["JUMLAH BUMIL"].to_numpy(),
        "anggota_uppka": d.kelompok["uppka"]
        * rng_untuk("anggota_uppka").integers(15, 26, d.pus.shape[1]),
    }


def isian_template(w: Wilayah, basis: dict[str, np.ndarray]) -> pd.DataFrame:
    """Every template component per desa (index = desa code), drawn as ``ISIAN`` says."""
    rng = rng_untuk("template")
    nilai = dict(basis)
    for komponen, (dari, lo, hi) in ISIAN.items():
        n = np.asarray(nilai[dari], dtype=np.int64)
        if hi <= 1:
            nilai[komponen] = bagian(rng, n, lo, hi)
        else:
            nilai[komponen] = np.rint(n * rng.uniform(lo, hi, size=n.shape)).astype(np.int64)
    return pd.DataFrame({k: nilai[k] for k in ISIAN}, index=pd.Index(w.desa["kode"], name="kode"))


def cek_isian(isian: pd.DataFrame, katalog: Katalog, basis: dict[str, np.ndarray]) -> None:
    """Check numerator <= denominator for every registry indicator the filled values feed.

    Denominators from exports are checked against their smallest value over the year (the
    bounds in ``basis``); a violation is a bug in ``ISIAN``.
    """
    batas = {"pus": basis["pus_min"], "keluarga_berisiko_stunting": basis["krs_min"]}
    batas["ibu_hamil"] = basis["ibu_hamil"]
    for kode, ind in katalog.indikator.items():
        if ind.penyebut is None or ind.pembilang not in isian:
            continue
        penyebut = isian[ind.penyebut] if ind.penyebut in isian else batas.get(ind.penyebut)
        if penyebut is None:
            continue
        if (isian[ind.pembilang].to_numpy() > np.asarray(penyebut)).any():
            raise ValueError(f"isian template melanggar pembilang <= penyebut pada {kode}")


def _isi_data(path: Path, nilai: pd.DataFrame) -> None:
    """Fill every value cell of a template's Data sheet from ``nilai`` (index = region code)."""
    wb = load_workbook(path)
    ws = wb[SHEET_DATA]
    judul = [c.value for c in ws[BARIS_JUDUL]]
    kolom_kode = judul.index(KOLOM_KODE) + 1
    kolom = {j + 1: h for j, h in enumerate(judul) if h in nilai.columns}
    for r in range(BARIS_JUDUL + 1, ws.max_row + 1):
        kode = ws.cell(row=r, column=kolom_kode).value
        for c, komponen in kolom.items():
            ws.cell(row=r, column=c, value=int(nilai.loc[kode, komponen]))
    simpan_xlsx(wb, path)


def _agregat(isian: pd.DataFrame, tingkat: str) -> pd.DataFrame:
    """Desa values summed to the template's row level (``desa`` as is)."""
    panjang = {"desa": 13, "kecamatan": 8, "kabupaten": 5}[tingkat]
    if panjang == 13:
        return isian
    return isian.groupby(isian.index.str.slice(0, panjang)).sum()


def tulis_template(folder: Path, isian: pd.DataFrame, katalog: Katalog) -> list[Path]:
    """Write and fill the 2025 Purworejo template of every agency."""
    paths = []
    for instansi in muat_instansi(katalog):
        tanpa_aturan = sorted(set(instansi.komponen) - set(isian.columns))
        if tanpa_aturan:
            raise ValueError(
                f"komponen template {instansi.id} tanpa aturan di ISIAN: {tanpa_aturan}"
            )
        tingkat = TINGKAT_TEMPLATE.get(instansi.id, "desa")
        path = folder / f"template_{instansi.id}_{KABUPATEN.replace('.', '')}_{TAHUN}.xlsx"
        buat_template(instansi.id, KABUPATEN, TAHUN, tingkat=tingkat, out=path, katalog=katalog)
        _isi_data(path, _agregat(isian[list(instansi.komponen)], tingkat))
        paths.append(path)
    return paths
