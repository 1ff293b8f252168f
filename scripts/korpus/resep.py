"""A case's table recipe (``isi`` in ``kasus/*.yaml``) turned into rows.

A recipe starts from a generated table (``tabel`` over ``desa``, see :mod:`scripts.korpus.tabel`)
or from literal rows (``judul`` and ``baris``), puts rows above the header (``di_atas``) and
applies its edits (``ubah``) in order. Rows are counted from 0 over the data rows (the header and
the rows above it not counted); a column is its header text or its position from 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scripts.korpus.tabel import BARIS, JUDUL, Baris, Desa


@dataclass
class Tabel:
    """A table being built: rows above the header, the header, the data rows."""

    judul: Baris
    data: list[Baris]
    atas: list[Baris] = field(default_factory=list)

    def kolom(self, kunci: str | int) -> int:
        """Position of a column named by its header text or by its position."""
        return kunci if isinstance(kunci, int) else self.judul.index(kunci)

    def baris(self) -> list[Baris]:
        """Every row of the file, top to bottom."""
        return [*self.atas, self.judul, *self.data]


KUNCI_NILAI = {"nama_desa", "dari", "hapus", "tambah", "salah_ketik", "awalan", "akhiran"}


def nilai_sel(spek: Any, tabel: Tabel, i: int, j: int, desa: list[Desa]) -> str:
    """The new text of cell (row ``i``, column ``j``): literal text or a derivation.

    A derivation starts from the cell itself, another column of the row (``dari``) or the name
    of a desa of the slice (``nama_desa``); then removes a text (``hapus``), adds a number
    (``tambah``), makes a typo (``salah_ketik``: the second-to-last letter dropped, the last
    doubled) and puts text around it (``awalan``, ``akhiran``).
    """
    if isinstance(spek, str):
        return spek
    if not isinstance(spek, dict) or set(spek) - KUNCI_NILAI:
        raise ValueError(f"nilai sel tidak dikenal: {spek!r}")
    if "nama_desa" in spek:
        teks = desa[spek["nama_desa"]].nama
    else:
        teks = tabel.data[i][tabel.kolom(spek.get("dari", j))]
    if "hapus" in spek:
        teks = teks.replace(spek["hapus"], "")
    if "tambah" in spek:
        teks = str(int(teks) + spek["tambah"])
    if spek.get("salah_ketik"):
        teks = teks[:-2] + teks[-1:] * 2
    return spek.get("awalan", "") + teks + spek.get("akhiran", "")


def _ganti(t: Tabel, arg: list[Any], desa: list[Desa]) -> None:
    """``[baris, kolom, nilai]``: one cell replaced."""
    i, kolom, spek = arg
    j = t.kolom(kolom)
    t.data[i][j] = nilai_sel(spek, t, i, j, desa)


def _ubah_kolom(t: Tabel, arg: list[Any], desa: list[Desa]) -> None:
    """``[kolom, nilai]``: the cell of every data row replaced."""
    kolom, spek = arg
    j = t.kolom(kolom)
    for i, row in enumerate(t.data):
        row[j] = nilai_sel(spek, t, i, j, desa)


def _tambah_kolom(t: Tabel, arg: list[str], desa: list[Desa]) -> None:
    """``[judul, nilai]``: a column appended, the same text on every data row."""
    judul, nilai = arg
    t.judul.append(judul)
    for row in t.data:
        row.append(nilai)


def _hapus_kolom(t: Tabel, arg: str | int, desa: list[Desa]) -> None:
    """``kolom``: a column removed from the header and every data row."""
    j = t.kolom(arg)
    for row in [t.judul, *t.data]:
        del row[j]


def _urutkan(t: Tabel, arg: list[str], desa: list[Desa]) -> None:
    """``[judul, ...]``: the columns in this order (every column named once)."""
    urut = [t.kolom(k) for k in arg]
    t.judul = [t.judul[j] for j in urut]
    t.data = [[row[j] for j in urut] for row in t.data]


def _sisip(t: Tabel, arg: dict[str, Any], desa: list[Desa]) -> None:
    """``{posisi, baris}`` or ``{posisi, judul: true}``: rows inserted (default: at the end)."""
    rows = [list(t.judul)] if arg.get("judul") else [list(r) for r in arg["baris"]]
    posisi = arg.get("posisi", len(t.data))
    t.data[posisi:posisi] = rows


def _salin(t: Tabel, arg: int, desa: list[Desa]) -> None:
    """``baris``: a copy of a data row appended."""
    t.data.append(list(t.data[arg]))


def _jumlah(t: Tabel, arg: dict[str, Any], desa: list[Desa]) -> None:
    """``{isi, posisi, dari, tambah}``: a total row inserted (default: at the end).

    ``isi`` is the row, ``null`` where a cell is the sum of its column over the data rows
    ``dari`` (``[awal, akhir]``, default all); ``tambah`` adds to the sum of named columns.
    """
    awal, akhir = arg.get("dari", [0, len(t.data)])
    tambah = {t.kolom(k): n for k, n in arg.get("tambah", {}).items()}
    row = [
        str(sum(int(r[j]) for r in t.data[awal:akhir]) + tambah.get(j, 0)) if v is None else v
        for j, v in enumerate(arg["isi"])
    ]
    posisi = arg.get("posisi", len(t.data))
    t.data[posisi:posisi] = [row]


def _dua_baris(t: Tabel, arg: list[str], desa: list[Desa]) -> None:
    """``[grup, ...]``: a two-row header; columns named ``<grup> <sub>`` get the group above.

    A group is written once above its first column (the cells right of it stay empty, to be
    merged); other columns keep their name above an empty cell below.
    """
    atas: Baris = []
    bawah: Baris = []
    sebelum = None
    for nama in t.judul:
        grup = next((g for g in arg if nama.startswith(g + " ")), None)
        if grup is None:
            atas.append(nama)
            bawah.append("")
        else:
            atas.append("" if grup == sebelum else grup)
            bawah.append(nama.removeprefix(grup + " "))
        sebelum = grup
    t.judul = atas
    t.data = [bawah, *t.data]


UBAH: dict[str, Callable[[Tabel, Any, list[Desa]], None]] = {
    "ganti": _ganti,
    "ubah_kolom": _ubah_kolom,
    "tambah_kolom": _tambah_kolom,
    "hapus_kolom": _hapus_kolom,
    "urutkan": _urutkan,
    "sisip": _sisip,
    "salin": _salin,
    "jumlah": _jumlah,
    "dua_baris": _dua_baris,
}
"""Every edit a recipe can name, applied in the order listed."""


def _potong(desa: list[Desa], rentang: int | list[int]) -> list[Desa]:
    """``n``: the first n desa; ``[awal, akhir]``: that slice."""
    awal, akhir = (0, rentang) if isinstance(rentang, int) else rentang
    return desa[awal:akhir]


def tabel_awal(isi: dict[str, Any], desa: list[Desa]) -> Tabel:
    """The table a recipe starts from: generated (``tabel``) or literal (``judul``, ``baris``)."""
    if "tabel" in isi:
        opsi = {k: isi[k] for k in ("bulan", "periode") if k in isi}
        data = BARIS[isi["tabel"]](_potong(desa, isi["desa"]), **opsi)
        judul = isi.get("judul", JUDUL[isi["tabel"]])
    else:
        data, judul = isi.get("baris", []), isi["judul"]
    return Tabel(list(judul), [list(r) for r in data], [list(r) for r in isi.get("di_atas", [])])


def buat_baris(isi: dict[str, Any], desa: list[Desa]) -> list[Baris]:
    """Every row of the file a recipe describes."""
    tabel = tabel_awal(isi, desa)
    for langkah in isi.get("ubah", []):
        ((nama, arg),) = langkah.items()
        UBAH[nama](tabel, arg, desa)
    return tabel.baris()
