"""Kabupaten written under the province they left: the Papua provinces of 2022.

Papua Selatan, Papua Tengah and Papua Pegunungan (UU No. 14-16 Tahun 2022) took 20 kabupaten
of Papua (91), Papua Barat Daya (UU No. 29 Tahun 2022) six of Papua Barat (92). A sender's
region list that predates the split writes ``PAPUA`` + ``MERAUKE``: the province is found (Papua
still exists), the kabupaten is not among its children. When a kabupaten name is not found
under its written province, it is looked up, exactly or loosely (never fuzzily), among the
kabupaten that moved out of that province (``catalog/wilayah/perubahan_kode.csv``); one match
is used with a warning naming the province it belongs to now. A name found in several is not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from transforms.wilayah.alias import _Alias
from transforms.wilayah.edisi import urutkan_edisi
from transforms.wilayah.master import Wilayah
from transforms.wilayah.pencocok import _Entri, _Hasil, _Pencocok
from transforms.wilayah.perubahan import _penerjemah_edisi, _tabel_perubahan


@lru_cache(maxsize=8)
def kabupaten_pindahan(edisi: str) -> Mapping[str, Mapping[str, str]]:
    """Province code → {code in ``edisi`` of each kabupaten that moved out of it: the legal
    basis and date}, from every edition change up to ``edisi``."""
    urutan = urutkan_edisi()
    tabel = _tabel_perubahan()
    pindah = tabel[
        (tabel["tingkat"] == "kabupaten")
        & (tabel["kode_lama"].str[:2] != tabel["kode_baru"].str[:2])
        & tabel["edisi_baru"].map(lambda e: e in urutan and urutan.index(e) <= urutan.index(edisi))
    ]
    hasil: dict[str, dict[str, str]] = {}
    for baris in pindah.itertuples(index=False):
        kode = _penerjemah_edisi(str(baris.edisi_baru), edisi)(str(baris.kode_baru))
        if kode is not None:
            dasar = str(baris.dasar_hukum).split(";")[0].strip()
            keterangan = f"{dasar}, berlaku {str(baris.berlaku_dari)[:10]}"
            hasil.setdefault(str(baris.kode_lama)[:2], {})[kode] = keterangan
    return hasil


def cari_pindahan(
    master: Wilayah,
    induk: str | None,
    hasil: Mapping[_Entri, _Hasil],
    alias: Sequence[_Alias],
    konvensi: str | None,
) -> dict[_Entri, _Hasil]:
    """``hasil`` of the kabupaten names under province ``induk``, each one not found there
    looked up among the kabupaten that left ``induk`` (see the module)."""
    gagal = [e for e, h in hasil.items() if h.kode is None]
    pindahan = kabupaten_pindahan(master.edisi).get(induk or "", {})
    if not gagal or not pindahan:
        return dict(hasil)
    temuan: dict[_Entri, list[_Hasil]] = {}
    for prov in sorted({k[:2] for k in pindahan}):
        pencocok = _Pencocok(master, "kabupaten", prov, alias, konvensi, hanya=pindahan)
        for e, h in pencocok.jalankan_pasti(gagal).items():
            temuan.setdefault(e, []).append(h)
    keluar = dict(hasil)
    for e, daftar in temuan.items():
        if len(daftar) == 1 and daftar[0].kode is not None:
            kode = daftar[0].kode
            # a warning (nama_wilayah_mirip): the sender's region list predates the split
            keluar[e] = _Hasil(kode, "mirip", _catatan(master, e, induk, kode, pindahan[kode]))
    return keluar


def _catatan(master: Wilayah, e: _Entri, induk: str | None, kode: str, dasar: str) -> str:
    return (
        f'kabupaten: "{e.nama}" ditulis di bawah {master._label(induk)}, tetapi sudah pindah ke '
        f"{master._label(kode[:2])} ({dasar}); baris dipakai untuk {master._label(kode)}"
    )
