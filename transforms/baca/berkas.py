"""Read any supported file as text, dispatched on its content: Excel package or delimited text.

Nothing is parsed here: numbers and codes stay text, so ``32.01.01`` stays a code and ``10.000``
stays ten thousand until :mod:`transforms.baca.angka` decides per column. Row numbers
(``baris``) are physical: the sheet row for Excel, the 1-based record number for CSV.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from transforms.baca.csv import baca_csv
from transforms.baca.excel import baca_excel, baca_semua_lembar, buka_excel, deteksi_excel
from transforms.baca.tabel import TabelTeks


def baca_tabel(
    path: Path,
    pemisah: str | None = None,
    *,
    sheet: int | str | None = None,
    kenali: Sequence[str] = (),
) -> TabelTeks:
    """Read a CSV or Excel file as text.

    Excel (by content, whatever the extension): ``sheet`` or, when ``None``, the sheet best
    matching ``kenali`` or else the first visible sheet with a recognisable header. Anything
    else is read as delimited text with ``pemisah`` or a sniffed separator.
    """
    path = Path(path)
    if deteksi_excel(path):
        return baca_excel(path, sheet, kenali=kenali)
    return baca_csv(path, pemisah, kenali=kenali)


def baca_lembar(path: Path, *, kenali: Sequence[str] = ()) -> list[TabelTeks]:
    """Every non-empty sheet that has a header (hidden sheets only when all are hidden).

    A CSV file gives a one-element list. Sheets without a recognisable header are skipped;
    :class:`~transforms.baca.tabel.BerkasTidakTerbaca` when none is left.
    """
    path = Path(path)
    if not deteksi_excel(path):
        return [baca_csv(path, kenali=kenali)]
    with buka_excel(path) as buku:
        return baca_semua_lembar(buku, kenali)
