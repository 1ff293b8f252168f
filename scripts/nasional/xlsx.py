"""A small, fast, byte-deterministic XLSX writer for one sheet of text and integer columns.

openpyxl builds a Python object per cell (about 10 s for a national month of one source); the
generator only needs a header row and columns of names and integers, so the sheet XML is
written directly (inline strings, numbers as numbers, fixed zip entry times). The package has
the parts Excel, openpyxl, calamine and fastexcel expect.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

WAKTU = dt.datetime(2026, 1, 5, 8, 0, 0)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_NS_PR}">'
    f'<Relationship Id="rId1" Type="{_OD}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_NS_PR}">'
    f'<Relationship Id="rId1" Type="{_OD}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_OD}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _workbook(sheet: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_NS}" xmlns:r="{_NS_R}"><sheets>'
        f'<sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _huruf(i: int) -> str:
    """Column letters of a 0-based index (A, B, ..., Z, AA, ...)."""
    teks = ""
    i += 1
    while i:
        i, sisa = divmod(i - 1, 26)
        teks = chr(65 + sisa) + teks
    return teks


def _sel_kolom(nilai: pd.Series, huruf: str, baris: np.ndarray) -> np.ndarray:
    """The ``<c>`` element of every cell of one column (rows numbered from 2)."""
    if pd.api.types.is_integer_dtype(nilai.dtype):
        isi = nilai.to_numpy().astype(str)
        return (
            np.char.add(np.char.add(f'<c r="{huruf}', baris), np.char.add('"><v>', isi))
            + "</v></c>"
        )
    teks = [escape(str(v)) for v in nilai.to_numpy(dtype=object)]
    awal = np.char.add(np.char.add(f'<c r="{huruf}', baris), '" t="inlineStr"><is><t>')
    return np.char.add(awal, np.asarray(teks, dtype=str)) + "</t></is></c>"


def _sheet(frame: pd.DataFrame, header: Sequence[str]) -> bytes:
    """Sheet XML: one header row, then one row per frame row."""
    huruf = [_huruf(i) for i in range(len(header))]
    kepala = "".join(
        f'<c r="{h}1" t="inlineStr"><is><t>{escape(str(n))}</t></is></c>'
        for h, n in zip(huruf, header, strict=True)
    )
    baris = np.arange(2, len(frame) + 2).astype(str)
    sel = [
        _sel_kolom(frame[c], h, baris).tolist() for c, h in zip(frame.columns, huruf, strict=True)
    ]
    isi = [
        f'<row r="{r}">' + "".join(s) + "</row>"
        for r, s in zip(baris.tolist(), zip(*sel, strict=True), strict=True)
    ]
    badan = f'<row r="1">{kepala}</row>' + "".join(isi)
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_NS}" xmlns:r="{_NS_R}"><sheetData>{badan}</sheetData></worksheet>'
    )
    return xml.encode("utf-8")


def tulis_xlsx(frame: pd.DataFrame, path: Path, sheet: str = "Sheet1") -> None:
    """Write ``frame`` (header = its column names) as a one-sheet workbook at ``path``."""
    anggota = [
        ("[Content_Types].xml", _CONTENT_TYPES.encode()),
        ("_rels/.rels", _RELS.encode()),
        ("xl/workbook.xml", _workbook(sheet).encode()),
        ("xl/_rels/workbook.xml.rels", _WB_RELS.encode()),
        ("xl/styles.xml", _STYLES.encode()),
        ("xl/worksheets/sheet1.xml", _sheet(frame, list(frame.columns))),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as arsip:
        for nama, data in anggota:
            info = zipfile.ZipInfo(nama, date_time=WAKTU.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            arsip.writestr(info, data, compresslevel=6)
