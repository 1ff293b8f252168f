"""Where the header is: title rows above it, two-row headers with merged group cells.

Expected names (``kenali``, from a layout) find the header when given; otherwise a heuristic
looks for the row with the most text among the first :data:`BARIS_CARI` rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from schemas.judul import bersihkan_judul, kunci_judul
from transforms.baca.bentuk import kenali_nomor_kolom
from transforms.baca.grid import Gabungan, Judul
from transforms.baca.sel import berisi_nilai, hitung_isi
from transforms.baca.tabel import BerkasTidakTerbaca

BARIS_CARI = 30  # the header is looked for among the first 30 rows


def _grup(top: Sequence[str], sub: Sequence[str], spans: list[tuple[int, int]]) -> dict[int, str]:
    """Columns under a group label: merged spans, or a top cell followed by blanks over text."""
    grup: dict[int, str] = {}
    for c0, c1 in spans:
        label = top[c0].strip()
        if label:
            grup.update(dict.fromkeys(range(c0, min(c1 + 1, len(top))), label))
    w = len(top)
    j = 0
    while j < w - 1:
        head = top[j].strip()
        if head and sub[j].strip() and not top[j + 1].strip() and sub[j + 1].strip():
            k = j
            while k < w and (k == j or (not top[k].strip() and sub[k].strip())):
                grup.setdefault(k, head)
                k += 1
            j = k
        else:
            j += 1
    return grup


def _nama_gabung(top: Sequence[str], sub: Sequence[str], grup: dict[int, str]) -> list[str]:
    """Names of a two-row header: ``group sub``, or whichever row has text."""
    names = []
    for j, (t, s) in enumerate(zip(top, sub, strict=True)):
        atas, bawah = grup.get(j, t.strip()), s.strip()
        if bersihkan_judul(atas) == bersihkan_judul(bawah):
            bawah = ""
        names.append(bersihkan_judul(f"{atas} {bawah}"))
    return names


def kenali_dua_baris(rows: list[list[str]], t: int, gab: Gabungan) -> bool:
    """True when row ``t + 1`` completes row ``t`` as the second row of a two-row header."""
    if t + 1 >= len(rows):
        return False
    top, sub = rows[t], rows[t + 1]
    if hitung_isi(sub)[1] < 1 or kenali_nomor_kolom(sub, 0):
        return False
    grup = _grup(top, sub, gab.mendatar(t))
    if not grup or any(berisi_nilai(c) for j, c in enumerate(sub) if j not in grup):
        return False
    if gab.tegak(t):
        return True
    # a label alone in the top row (vertically merged, e.g. NO, KECAMATAN) with data below it
    tegak = [j for j, c in enumerate(top) if c.strip() and not sub[j].strip() and j not in grup]
    below = [r for r in rows[t + 2 : t + 12] if "".join(r).strip()][:5]
    return any(r[j].strip() for r in below for j in tegak)


def buat_judul(rows: list[list[str]], t: int, dua: bool, gab: Gabungan) -> Judul:
    """The header at row ``t``: that row's names, or the combined names of rows ``t, t + 1``."""
    if not dua:
        return Judul(t, None, tuple(bersihkan_judul(c) for c in rows[t]))
    grup = _grup(rows[t], rows[t + 1], gab.mendatar(t))
    return Judul(t, t + 1, tuple(_nama_gabung(rows[t], rows[t + 1], grup)))


def hitung_skor(names: Iterable[str], want: set[str]) -> int:
    """How many of the expected names ``want`` appear among ``names``, compared by the one
    header key (:func:`schemas.judul.kunci_judul`: case, ``_``, punctuation, accents)."""
    return len({kunci_judul(w) for w in want} & {kunci_judul(n) for n in names} - {""})


def _judul_kenali(rows: list[list[str]], kenali: Sequence[str], gab: Gabungan) -> Judul | None:
    """Header row with the most expected names (at least half of them, or all when ≤ 2)."""
    want = {bersihkan_judul(k) for k in kenali}
    need = len(want) if len(want) <= 2 else math.ceil(len(want) / 2)
    best: tuple[int, Judul] | None = None
    for t in range(min(BARIS_CARI, len(rows))):
        single = buat_judul(rows, t, False, gab)
        choice = (hitung_skor(single.nama, want), single)
        if t + 1 < len(rows):
            grup = _grup(rows[t], rows[t + 1], gab.mendatar(t))
            dua = Judul(t, t + 1, tuple(_nama_gabung(rows[t], rows[t + 1], grup)))
            score = hitung_skor(dua.nama, want)
            if score > choice[0] or (score == choice[0] > 0 and kenali_dua_baris(rows, t, gab)):
                choice = (score, dua)
        if best is None or choice[0] > best[0]:
            best = choice
    if best is None or best[0] < need:
        return None
    return best[1]


def _judul_heuristik(rows: list[list[str]], gab: Gabungan) -> Judul | None:
    """Header without expected names, among the first 30 rows.

    Candidates have at least two text cells, at least as much text as values, and fill more
    than half of the columns used by the rows below them (which rules out ``Periode: |
    Januari 2025`` title rows). The earliest candidate with the most text cells is the
    header: data rows carry numbers. Fallback: the first row with two non-empty cells and
    some text. A two-row header is recognised around the chosen row.
    """
    limit = min(BARIS_CARI, len(rows))
    best, best_text = -1, 1
    for r in range(limit):
        isi, text = hitung_isi(rows[r])
        if text > best_text and 2 * text >= isi and _cakupan(rows, r) > 0.5:
            best, best_text = r, text
    if best < 0:
        best = next((r for r in range(limit) if _cukup(rows[r])), -1)
    if best < 0:
        return None
    if best > 0 and hitung_isi(rows[best - 1])[1] >= 1 and kenali_dua_baris(rows, best - 1, gab):
        return buat_judul(rows, best - 1, True, gab)
    return buat_judul(rows, best, kenali_dua_baris(rows, best, gab), gab)


def _cakupan(rows: list[list[str]], r: int) -> float:
    """Share of the columns used by the 10 rows below row ``r`` that ``r`` fills."""
    cols = {j for j, c in enumerate(rows[r]) if c.strip()}
    below: set[int] = set()
    seen = 0
    for row in rows[r + 1 : r + 41]:
        used = {j for j, c in enumerate(row) if c.strip()}
        if used:
            below |= used
            seen += 1
            if seen == 10:
                break
    if not below:
        return 1.0
    return len(cols & below) / len(below)


def _cukup(row: Sequence[str]) -> bool:
    isi, text = hitung_isi(row)
    return isi >= 2 and text >= 1


def cari_judul(rows: list[list[str]], kenali: Sequence[str], gab: Gabungan, nama: str) -> Judul:
    """The header by the expected names ``kenali``, else by the heuristic; refused in Bahasa."""
    judul = _judul_kenali(rows, kenali, gab) if kenali else None
    judul = judul or _judul_heuristik(rows, gab)
    if judul is None:
        raise BerkasTidakTerbaca(
            f"{nama}: baris judul kolom tidak ditemukan di {BARIS_CARI} baris pertama"
        )
    return judul
