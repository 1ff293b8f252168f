"""A look at the first rows of a file only, for source recognition: its header, or candidates."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from schemas.judul import bersihkan_judul
from transforms.baca.csv import baca_grid_csv
from transforms.baca.excel import baca_grid_excel, buka_excel, cari_lembar, deteksi_excel
from transforms.baca.grid import Grid
from transforms.baca.judul import BARIS_CARI, buat_judul, hitung_skor, kenali_dua_baris
from transforms.baca.susun import cari_nama_kolom
from transforms.baca.tabel import BerkasTidakTerbaca


def baca_judul(path: Path, *, kenali: Sequence[str] = ()) -> list[str]:
    """Normalised header names of a file (after title rows), for source recognition.

    Only the first rows are read (the first sheet with a header, or the sheet best matching
    ``kenali``); the names are those :func:`~transforms.baca.berkas.baca_tabel` would give.
    """
    path = Path(path)
    peek = BARIS_CARI + 12
    if not deteksi_excel(path):
        return cari_nama_kolom(baca_grid_csv(path, None, batas=peek), kenali)
    want = {bersihkan_judul(k) for k in kenali}
    found: list[list[str]] = []
    error: BerkasTidakTerbaca | None = None
    with buka_excel(path) as buku:
        for sheet in cari_lembar(buku):
            grid = baca_grid_excel(buku, sheet, nrows=peek)
            if grid.kosong():
                continue
            try:
                found.append(cari_nama_kolom(grid, kenali))
            except BerkasTidakTerbaca as exc:
                error = exc
                continue
            if not want:
                break
    if not found:
        raise error or BerkasTidakTerbaca(f"{path.name}: tidak ada sheet yang berisi tabel")
    return max(found, key=lambda names: hitung_skor(names, want))


def _calon_grid(grid: Grid) -> list[list[str]]:
    rows, gab = grid.rows, grid.gabungan
    calon = [[bersihkan_judul(c) for c in row] for row in rows]
    calon += [
        list(buat_judul(rows, t, True, gab).nama)
        for t in range(len(rows))
        if kenali_dua_baris(rows, t, gab)
    ]
    return calon


def cari_calon_judul(path: Path, n: int = BARIS_CARI) -> list[list[str]]:
    """Every header a file could have in its first ``n`` rows, for source recognition.

    Each row of every sheet (title rows may come first), and each two-row header the reader
    would combine there (merged cells honoured). A quote left open is tolerated here.
    """
    path = Path(path)
    if not deteksi_excel(path):
        return _calon_grid(baca_grid_csv(path, None, batas=n, ketat=False))
    calon: list[list[str]] = []
    with buka_excel(path) as buku:
        for sheet in cari_lembar(buku):
            calon += _calon_grid(baca_grid_excel(buku, sheet, nrows=n))
    return calon
