"""Problem frames, row accounting and input files shared by the tests of the sender's report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

TANGGAL = datetime(2025, 3, 5, 14, 3)
HEADER = ["NO", "KABUPATEN", "KECAMATAN", "KELURAHAN", "PUS", "UNMET NEED", "BULAN"]
SKRIP = "<script>alert(1)</script>"


def _masalah(berkas: str, rows: list[dict], sheet: str | None = None) -> pd.DataFrame:
    """A problem frame with the karantina contract's columns (no id_run)."""
    base = {"berkas": berkas, "sheet": sheet, "sumber": "siga.pus", "tahun": 2025}
    frame = pd.DataFrame([{**base, **r} for r in rows])
    return frame.assign(baris=frame["baris"].astype("Int64"))


def _p(baris, kolom, nilai, aturan, pesan, tingkat="galat") -> dict:
    return {
        "baris": baris,
        "kolom": kolom,
        "nilai": nilai,
        "aturan": aturan,
        "tingkat_masalah": tingkat,
        "pesan": pesan,
    }


def _akuntansi(berkas: str, dibaca=6, dipakai=3, karantina=2, bukan=1, peringatan=1) -> dict:
    return {
        "berkas": berkas,
        "sumber": "siga.pus",
        "baris_dibaca": dibaca,
        "baris_dipakai": dipakai,
        "baris_karantina": karantina,
        "baris_bukan_data": bukan,
        "peringatan": peringatan,
    }


def _ditolak(berkas: str, alasan: str) -> tuple[pd.DataFrame, dict]:
    masalah = _masalah(
        berkas, [_p(pd.NA, None, None, "berkas_ditolak", f"Seluruh berkas ditolak: {alasan}")]
    )
    akuntansi = {**_akuntansi(berkas, 0, 0, 0, 0, 0), "ditolak": alasan}
    return masalah, akuntansi


def _xlsx(folder: Path, name: str = "pus.xlsx", judul_di: int = 1) -> Path:
    """A data sheet (header in row ``judul_di``, a title above it) plus an unrelated sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Data PUS"
    for i in range(1, judul_di):
        ws.cell(row=i, column=1, value=f"LAPORAN PUS {i}")
    ws.append(["NO", "Kabupaten", "KECAMATAN", "KELURAHAN", " pus ", "Unmet\nNeed", "BULAN"])
    for i in range(1, 7):
        ws.append([i, "MAMUJU", "SIMBORO", "RANGAS", 100 * i, 10 * i, "JANUARI"])
    wb.create_sheet("Catatan")["A1"] = "lain"
    path = folder / name
    wb.save(path)
    return path


def _csv(folder: Path, rows: list[list[str]], sep=";", encoding="utf-8", name="pus.csv") -> Path:
    path = folder / name
    text = "\n".join(sep.join(r) for r in [HEADER, *rows]) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def _isi(cell) -> str:
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else ""
