"""Assembly: a grid with its header and non-data rows found becomes a :class:`TabelTeks`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from schemas.judul import kunci_judul
from transforms.baca.bentuk import Pemilah, baris_judul, kenali_bukan_data
from transforms.baca.bentuk_kolom import kenali_bukan_data_kolom
from transforms.baca.grid import Grid, Judul, ada_isi
from transforms.baca.judul import cari_judul
from transforms.baca.sel import ringkas_baris
from transforms.baca.tabel import JudulGanda, TabelTeks


def _huruf(j: int) -> str:
    """Excel column letter of a 0-based column index."""
    out = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        out = chr(65 + rem) + out
    return out


def _nama_akhir(nama: Sequence[str]) -> list[str]:
    """Unnamed columns become ``KOLOM <letter>``; repeated names get ``_2``, ``_3``…"""
    out: list[str] = []
    for j, name in enumerate(nama):
        base = name or f"KOLOM {_huruf(j)}"
        unik, k = base, 1
        while unik in out:
            k += 1
            unik = f"{base}_{k}"
        out.append(unik)
    return out


def _frame(
    rows: list[list[str]], idx: list[int], cols: list[int], names: list[str]
) -> pd.DataFrame:
    if not idx:
        return pd.DataFrame({n: pd.Series(dtype="str") for n in names})
    picked = np.array([rows[i] for i in idx], dtype=object)[:, cols]
    return pd.DataFrame(picked, columns=names, dtype="str")


def _kolom_dipakai(rows: list[list[str]], idx: list[int], nama: Sequence[str]) -> list[int]:
    """Columns to keep: named ones, and unnamed ones holding something in a kept row."""
    return [j for j, n in enumerate(nama) if n or any(rows[i][j].strip() for i in idx)]


def _bukan_data(
    rows: Mapping[int, Sequence[str]] | list[list[str]], bukan: list[tuple[int, str]]
) -> pd.DataFrame:
    """The ``bukan_data`` frame: physical row, reason and a short text of each non-data row."""
    return pd.DataFrame(
        {
            "baris": pd.Series([i + 1 for i, _ in bukan], dtype="int64"),
            "alasan": pd.Series([a for _, a in bukan], dtype="str"),
            "teks": pd.Series([ringkas_baris(rows[i]) for i, _ in bukan], dtype="str"),
        }
    )


def _sel_rumus(rumus: list[tuple[int, int, str]], semua: list[str]) -> pd.DataFrame:
    """The ``sel_rumus`` frame: physical row, column name and ``=formula`` of each cell."""
    return pd.DataFrame(
        {
            "baris": pd.Series([r + 1 for r, _, _ in rumus], dtype="int64"),
            "kolom": pd.Series(
                [semua[c] if c < len(semua) else f"KOLOM {_huruf(c)}" for _, c, _ in rumus],
                dtype="str",
            ),
            "rumus": pd.Series([f"={f}" for _, _, f in rumus], dtype="str"),
        }
    )


def _judul_ganda(nama: Sequence[str], cols: list[int], semua: list[str]) -> list[JudulGanda]:
    """Kept named columns whose headers share one header key, grouped in file order."""
    grup: dict[str, list[int]] = {}
    for j in cols:
        if nama[j]:
            grup.setdefault(kunci_judul(nama[j]), []).append(j)
    return [
        JudulGanda(nama[js[0]], tuple(semua[j] for j in js), tuple(_huruf(j) for j in js))
        for js in grup.values()
        if len(js) > 1
    ]


def _baris_terpotong(grid: Grid, judul: Judul, data_idx: np.ndarray) -> int | None:
    """The physical row of a last data record cut short: no line break after it and fewer
    fields than the header has up to its last named column."""
    if grid.akhir_terbuka is None:
        return None
    i, lebar = grid.akhir_terbuka
    lebar_judul = max((j + 1 for j, n in enumerate(judul.nama) if n), default=0)
    if len(data_idx) and data_idx[-1] == i and lebar < lebar_judul:
        return i + 1
    return None


def _frame_kolom(
    kolom: Sequence[Any], idx: np.ndarray, cols: list[int], names: list[str]
) -> pd.DataFrame:
    """:func:`_frame` of a column grid: rows ``idx`` of columns ``cols``, taken in Arrow."""
    import pyarrow as pa

    ambil = pa.array(idx, type=pa.int64())
    return pd.DataFrame(
        {n: pd.Series(kolom[j].take(ambil), dtype="str") for j, n in zip(cols, names, strict=True)},
        index=pd.RangeIndex(len(idx)),
    )


def _pisah_kolom(
    grid: Grid, judul: Judul
) -> tuple[np.ndarray, list[tuple[int, str]], dict[int, list[str]], list[int]]:
    """Data rows, non-data rows (with their Python rows) and kept columns of a column grid."""
    kolom = grid.kolom or ()
    pemilah = Pemilah(baris_judul(grid.rows, judul), judul, frozenset(r for r, _, _ in grid.rumus))
    data_idx, bukan, rows = kenali_bukan_data_kolom(kolom, pemilah, judul.akhir + 1)
    total_idx = [i for i, alasan in bukan if alasan == "baris_total"]
    simpan = None
    cols: list[int] = []
    for j, n in enumerate(judul.nama):
        if not n and simpan is None:
            simpan = np.sort(np.concatenate([data_idx, np.asarray(total_idx, dtype=np.int64)]))
        if n or ada_isi(kolom[j].take(simpan)):
            cols.append(j)
    return data_idx, bukan, rows, cols


def _pisah_baris(
    grid: Grid, judul: Judul
) -> tuple[np.ndarray, list[tuple[int, str]], list[list[str]], list[int]]:
    """:func:`_pisah_kolom` of a row grid, row by row."""
    data, bukan = kenali_bukan_data(grid.rows, judul, frozenset(r for r, _, _ in grid.rumus))
    total = [i for i, alasan in bukan if alasan == "baris_total"]
    return (
        np.asarray(data, dtype=np.int64),
        bukan,
        grid.rows,
        _kolom_dipakai(grid.rows, data + total, judul.nama),
    )


def buat_tabel(grid: Grid, kenali: Sequence[str]) -> TabelTeks:
    """The table of a grid: header found (by ``kenali`` or heuristic), rows sorted, columns named.

    Raises :class:`~transforms.baca.tabel.BerkasTidakTerbaca` when no header is found.
    """
    judul = cari_judul(grid.rows, kenali, grid.gabungan, grid.nama)
    pisah = _pisah_baris if grid.kolom is None else _pisah_kolom
    data_idx, bukan, rows_bukan, cols = pisah(grid, judul)
    total_idx = [i for i, alasan in bukan if alasan == "baris_total"]
    semua = _nama_akhir(judul.nama)
    names = [semua[j] for j in cols]
    if grid.kolom is None:
        data = _frame(grid.rows, data_idx.tolist(), cols, names)
        total = _frame(grid.rows, total_idx, cols, names)
    else:
        data = _frame_kolom(grid.kolom, data_idx, cols, names)
        total = _frame_kolom(grid.kolom, np.asarray(total_idx, dtype=np.int64), cols, names)
    total["baris"] = pd.Series([i + 1 for i in total_idx], index=total.index, dtype="int64")
    baris = pd.Series(data_idx + 1, index=data.index, name="baris", dtype="int64")
    return TabelTeks(
        data,
        baris,
        grid.sheet,
        grid.encoding,
        grid.pemisah,
        baris_judul=judul.akhir + 1,
        bukan_data=_bukan_data(rows_bukan, bukan),
        total=total,
        sel_rumus=_sel_rumus(grid.rumus, semua),
        judul_ganda=tuple(_judul_ganda(judul.nama, cols, semua)),
        baris_terpotong=_baris_terpotong(grid, judul, data_idx),
    )


def ambil_tabel(
    ingatan: dict[Any, Any], sheet: str | None, pemisah: str | None, kenali: Sequence[str]
) -> TabelTeks | None:
    """The table :func:`buat_tabel_ingat` built before for this sheet (or separator) and
    ``kenali``, else None. Each caller gets its own frames over the same data (pandas
    copy-on-write): changing them never changes the memo."""
    tabel = ingatan.get(("tabel", sheet, pemisah, tuple(kenali)))
    if tabel is None:
        return None
    return replace(
        tabel,
        data=tabel.data.copy(deep=False),
        baris=tabel.baris.copy(deep=False),
        bukan_data=tabel.bukan_data.copy(deep=False),
        total=tabel.total.copy(deep=False),
        sel_rumus=tabel.sel_rumus.copy(deep=False),
    )


def buat_tabel_ingat(grid: Grid, kenali: Sequence[str], ingatan: dict[Any, Any]) -> TabelTeks:
    """:func:`buat_tabel`, built once per file's bytes, sheet (or separator) and ``kenali``
    (``ingatan``: the file's memo, :mod:`transforms.baca.ingat`), handed out as
    :func:`ambil_tabel` does. The whole grid is then dropped from the memo (the table is far
    smaller; a read with other expected names parses the file again)."""
    tabel = ambil_tabel(ingatan, grid.sheet, grid.pemisah, kenali)
    if tabel is not None:
        return tabel
    ingatan[("tabel", grid.sheet, grid.pemisah, tuple(kenali))] = buat_tabel(grid, kenali)
    ingatan.pop(("grid", grid.sheet, grid.pemisah), None)
    return ambil_tabel(ingatan, grid.sheet, grid.pemisah, kenali)  # type: ignore[return-value]


def cari_nama_kolom(grid: Grid, kenali: Sequence[str]) -> list[str]:
    """The column names :func:`buat_tabel` would give, without building the frames."""
    judul = cari_judul(grid.rows, kenali, grid.gabungan, grid.nama)
    data, bukan = kenali_bukan_data(grid.rows, judul)
    total = [i for i, alasan in bukan if alasan == "baris_total"]
    semua = _nama_akhir(judul.nama)
    return [semua[j] for j in _kolom_dipakai(grid.rows, data + total, judul.nama)]
