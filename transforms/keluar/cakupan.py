"""Coverage of a published run, ready to show and to write (``indikator cakupan``).

Reads the published indicator table, computes per indicator which regions and periods have a
value (:func:`transforms.hitung.cakupan.hitung_cakupan`), formats the summary as plain rows for the
terminal and writes ``cakupan.csv``, ``cakupan_rinci.csv`` and ``cakupan.xlsx``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from schemas.katalog import muat_katalog
from transforms.hitung.cakupan import hitung_cakupan
from transforms.keluar.penunjuk import cari_folder_terbit
from transforms.wilayah.edisi import cari_edisi_untuk_tahun
from transforms.wilayah.kode import TINGKAT
from transforms.wilayah.master import muat_master

KOLOM_CAKUPAN = ("kode", *TINGKAT, "sumber yang kurang")


@dataclass
class Cakupan:
    """Coverage of some regions and years: the summary and the detail tables."""

    ringkas: pd.DataFrame
    rinci: pd.DataFrame
    wilayah: list[str]
    tahun: list[int]
    tahun_lain: list[int] = field(default_factory=list)  # published years not reported


def hitung_cakupan_keluaran(
    keluaran: Path,
    wilayah: list[str] | None = None,
    tahun: int | None = None,
    semua: bool = False,
) -> Cakupan:
    """Coverage of the indicators published under ``keluaran`` (its current generation, read
    whole: the pointer is followed once, so a run publishing meanwhile cannot mix in).

    Every summary row counts one year. Without ``tahun`` the latest published year is
    reported, or every year (one summary per year) with ``semua``.

    Args:
        keluaran: output folder of a run (or a generation folder).
        wilayah: region codes of the scope; all kabupaten in the data when empty.
        tahun: one year; the latest year in the data when None.
        semua: every year in the data (when ``tahun`` is None).
    """
    from transforms.terima.instansi import muat_instansi

    folder = cari_folder_terbit(keluaran) or keluaran
    data = pd.read_parquet(folder / "indikator")
    ada = sorted(int(t) for t in data["tahun"].unique())
    tahun_list = [tahun] if tahun else (ada if semua else ada[-1:])
    data = data[data["tahun"].isin(tahun_list)]
    scope = wilayah or sorted(data.loc[data["tingkat"] == "kabupaten", "kode_wilayah"].unique())
    master = muat_master(cari_edisi_untuk_tahun(max(tahun_list)))
    template_komponen = {i.sumber: list(i.komponen) for i in muat_instansi()}
    ringkas, rinci = hitung_cakupan(
        data, muat_katalog(), master, list(scope), tahun_list, template_komponen
    )
    return Cakupan(ringkas, rinci, list(scope), tahun_list, [t for t in ada if t not in tahun_list])


def buat_judul_cakupan(cakupan: Cakupan, tahun: int) -> str:
    """Title of the coverage table of one year."""
    return f"Cakupan indikator ({', '.join(cakupan.wilayah)}; tahun {tahun})"


def buat_baris_cakupan(ringkas: pd.DataFrame) -> list[list[str]]:
    """One row of text per indicator, in the order of :data:`KOLOM_CAKUPAN`."""
    return [
        [
            r["kode_indikator"],
            *[str(r[t]) if pd.notna(r[t]) else "-" for t in TINGKAT],
            "" if r["lengkap"] else str(r["dipasok_oleh"]),
        ]
        for _, r in ringkas.iterrows()
    ]


def buat_teks_lengkap(ringkas: pd.DataFrame) -> str:
    """How many indicators are complete for every region, in one year (one Bahasa sentence)."""
    tahun = sorted(int(t) for t in ringkas["tahun"].unique()) if len(ringkas) else []
    if len(tahun) > 1:
        raise ValueError("buat_teks_lengkap: satu tahun saja (jumlah per tahun, tidak dicampur)")
    lengkap = int(ringkas["lengkap"].sum())
    per = f" pada tahun {tahun[0]}" if tahun else ""
    return f"{lengkap} dari {len(ringkas)} indikator lengkap untuk semua wilayah{per}."


def pisah_per_tahun(ringkas: pd.DataFrame) -> list[tuple[int, pd.DataFrame]]:
    """The summary split into one table per year, ascending."""
    return [(int(t), part) for t, part in ringkas.groupby("tahun", sort=True)]


def tulis_cakupan(cakupan: Cakupan, out: Path) -> list[Path]:
    """Write the summary and detail as CSV and one XLSX (formula-safe); the paths written."""
    from transforms.keluar.tulis_aman import tulis_csv_aman, tulis_xlsx_aman

    out.mkdir(parents=True, exist_ok=True)
    tulis_csv_aman(cakupan.ringkas, out / "cakupan.csv", index=False)
    tulis_csv_aman(cakupan.rinci, out / "cakupan_rinci.csv", index=False)
    tulis_xlsx_aman({"ringkasan": cakupan.ringkas, "rinci": cakupan.rinci}, out / "cakupan.xlsx")
    return [out / "cakupan.csv", out / "cakupan_rinci.csv", out / "cakupan.xlsx"]
