"""Byte-identical workbooks: fixed package times and zip entry times.

openpyxl writes the current time into ``docProps/core.xml`` and every zip entry; the generators
(``scripts/buat_demo.py``, ``scripts/buat_korpus.py``) rewrite both so that equal content gives
equal bytes on every run.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl import Workbook

Ubah = Callable[[str, bytes], bytes]
"""A rewrite of one archive member: (member name, bytes) -> bytes."""


def _tetap(nama: str, data: bytes) -> bytes:
    return data


def xml_tetap(nama: str, data: bytes, waktu: dt.datetime) -> bytes:
    """Fixed creation/modification times in ``docProps/core.xml`` (other members as they are)."""
    if nama != "docProps/core.xml":
        return data
    teks = data.decode("utf-8")
    stempel = waktu.strftime("%Y-%m-%dT%H:%M:%SZ")
    for tag in ("created", "modified"):
        teks = re.sub(
            rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)", rf"\g<1>{stempel}\g<2>", teks
        )
    return teks.encode("utf-8")


def zip_tetap(anggota: Sequence[tuple[str, bytes]], waktu: dt.datetime) -> bytes:
    """A deflated zip archive whose entries all carry the time ``waktu``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as arsip:
        for nama, data in anggota:
            info = zipfile.ZipInfo(nama, date_time=waktu.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            arsip.writestr(info, data)
    return buffer.getvalue()


def simpan_xlsx_tetap(
    wb: Workbook, path: Path, *, pembuat: str, waktu: dt.datetime, ubah: Ubah = _tetap
) -> None:
    """Save ``wb`` at ``path`` byte-identically on every run (creator ``pembuat``, time ``waktu``).

    ``ubah`` may rewrite a member after its times are fixed, to plant something hostile.
    """
    wb.properties.creator = pembuat
    wb.properties.created = waktu.replace(tzinfo=None)
    wb.properties.modified = waktu.replace(tzinfo=None)
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as asal:
        isi = [(i.filename, asal.read(i)) for i in asal.infolist()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(zip_tetap([(n, ubah(n, xml_tetap(n, d, waktu))) for n, d in isi], waktu))
