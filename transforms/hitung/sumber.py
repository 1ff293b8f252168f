"""The ``sumber`` of computed rows: the sorted, comma-joined ids of the sources behind a value.

Summing up the tree joins the ids of every row summed. As text that is a string per row,
taken, filtered, merged and factorised again at every step (±15 % of a province's compute).
:func:`kategori_sumber` turns the compute's input into a categorical whose **code is the bit
mask** of its ids (bit i: the i-th id, sorted) and whose categories are the texts of every
mask: joining ids is then a bitwise OR of codes, and every frame of the compute shares one
dtype, so stacking keeps it a category. :func:`teks_sumber` gives the output the categories
the text would have had. With more than :data:`ATOM_MAKS` distinct ids the column stays text
and every function here takes the text path.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

SUMBER_MASTER = "master-wilayah"
"""The source id of the components taken from the region master (``jumlah_desa``)."""

ATOM_MAKS = 10
"""Most distinct source ids held as a mask (2**10 categories); more stay text."""


def _teks(atom: Sequence[str], topeng: int) -> str:
    """The comma-joined ids of one mask (``atom`` sorted, so the text is too)."""
    return ",".join(a for i, a in enumerate(atom) if topeng >> i & 1)


@functools.lru_cache(maxsize=64)
def _jenis_topeng(atom: tuple[str, ...]) -> pd.CategoricalDtype:
    """The categorical dtype whose category ``m`` is the text of mask ``m`` over ``atom``."""
    teks = [_teks(atom, m) for m in range(1 << len(atom))]
    return pd.CategoricalDtype(pd.Index(teks, dtype="str"))


def _atom_topeng(jenis: object) -> tuple[str, ...] | None:
    """The ids of a mask dtype made by :func:`kategori_sumber`; None for any other dtype."""
    if not isinstance(jenis, pd.CategoricalDtype):
        return None
    kategori = jenis.categories
    k = len(kategori).bit_length() - 1
    if len(kategori) != 1 << k or k > ATOM_MAKS or kategori[0] != "":
        return None
    atom = tuple(str(kategori[1 << i]) for i in range(k))
    topeng = _jenis_topeng(atom)
    # in order (unordered dtypes compare equal whatever the order of their categories)
    return atom if jenis is topeng or kategori.equals(topeng.categories) else None


def _topeng(sumber: pd.Series, tambahan: Iterable[str] = ()) -> tuple[np.ndarray, list[str]] | None:
    """Each row's ids as a bit mask (bit i: ``atom[i]``) and the sorted ids (``tambahan``
    included); None when a source is missing or there are too many ids for one int64."""
    kode, unik = pd.factorize(sumber)
    if (kode < 0).any():
        return None
    bagian = [set(str(u).split(",")) for u in unik]
    atom = sorted(set().union(*bagian, tambahan))
    if len(atom) > 62:
        return None
    bit = {a: 1 << i for i, a in enumerate(atom)}
    topeng = np.array([sum(bit[a] for a in b) for b in bagian] or [0], dtype=np.int64)
    return topeng[kode], atom


def kategori_sumber(sumber: pd.Series, tambahan: Iterable[str] = (SUMBER_MASTER,)) -> pd.Series:
    """``sumber`` as the mask categorical (the ids of ``tambahan`` can be joined later, as
    the region master's); unchanged when a value is missing, an id is empty or there are more
    than :data:`ATOM_MAKS` ids."""
    per_baris = _topeng(sumber, tambahan)
    if per_baris is None or len(per_baris[1]) > ATOM_MAKS or "" in per_baris[1]:
        return sumber
    topeng, atom = per_baris
    kategori = pd.Categorical.from_codes(topeng, dtype=_jenis_topeng(tuple(atom)))
    return pd.Series(kategori, index=sumber.index, name=sumber.name)


def gabung_sumber_grup(
    sumber: pd.Series, nomor: np.ndarray, jumlah: int
) -> pd.Categorical | np.ndarray | None:
    """The joined ids of each of ``jumlah`` groups (``nomor``: each row's group): of a mask
    categorical, the OR of its codes in the same dtype; of text, an object array of texts;
    None when the text cannot be masked (the caller joins it the slow way)."""
    if _atom_topeng(sumber.dtype) is not None:
        grup = np.zeros(jumlah, dtype=np.int64)
        np.bitwise_or.at(grup, nomor, sumber.cat.codes.to_numpy().astype(np.int64))
        return pd.Categorical.from_codes(grup, dtype=sumber.dtype)
    per_baris = _topeng(sumber)
    if per_baris is None:
        return None
    topeng, atom = per_baris
    grup = np.zeros(jumlah, dtype=np.int64)
    np.bitwise_or.at(grup, nomor, topeng)
    beda, balik = np.unique(grup, return_inverse=True)
    teks = [_teks(atom, m) for m in beda.tolist()]
    return np.array(teks, dtype=object)[balik.reshape(-1)]


def satukan_sumber(kolom: Sequence[pd.Series]) -> pd.Series:
    """Row by row, the joined ids of several ``sumber`` columns of one frame."""
    jenis = kolom[0].dtype
    atom = _atom_topeng(jenis)
    if atom is not None and all(_atom_topeng(k.dtype) == atom for k in kolom):
        kode = np.bitwise_or.reduce([k.cat.codes.to_numpy() for k in kolom])
        return pd.Series(pd.Categorical.from_codes(kode, dtype=jenis), index=kolom[0].index)
    teks = pd.concat(list(kolom), axis=1).astype(str).agg(",".join, axis=1)
    return teks.map(lambda t: ",".join(sorted(set(t.split(",")))))


def teks_sumber(sumber: pd.Series) -> pd.Series:
    """A mask categorical as the category of its texts (only the used ones, sorted: what
    ``astype("category")`` makes of the text); any other column unchanged."""
    if _atom_topeng(sumber.dtype) is None:
        return sumber
    kode = sumber.cat.codes.to_numpy()
    dipakai = np.unique(kode[kode >= 0])
    teks = sumber.cat.categories[dipakai]
    urut = np.argsort(np.asarray(teks, dtype=object), kind="stable")
    peta = np.full(len(sumber.cat.categories), -1, dtype=np.int64)
    peta[dipakai[urut]] = np.arange(len(urut))
    baru = pd.Categorical.from_codes(
        np.where(kode >= 0, peta[kode], -1), categories=pd.Index(teks[urut], dtype="str")
    )
    return pd.Series(baru, index=sumber.index, name=sumber.name)
