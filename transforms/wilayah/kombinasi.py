"""Level-by-level matching of the unique name combinations of a table."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from transforms.wilayah.alias import _Alias
from transforms.wilayah.jangkar import _Jangkar
from transforms.wilayah.kode import TINGKAT, _kedalaman, _potong_kode
from transforms.wilayah.master import Wilayah
from transforms.wilayah.nama import normalkan_nama
from transforms.wilayah.pencocok import KOLOM_SUFFIX, STATUS, _Entri, _Hasil, _Pencocok
from transforms.wilayah.periksa import _PemeriksaNama
from transforms.wilayah.pindah import cari_pindahan


@dataclass
class _Kombinasi:
    """Mutable per-combination state while matching (private to one cocokkan_wilayah call)."""

    lingkup: str | None
    kode: str | None = None
    induk: str | None = None
    peringkat: int = 0
    gagal: bool = False
    punya_nama: bool = False
    jangkar: str | None = None  # code given by the file's code column(s)
    wajib_desa: bool = False  # a BPS desa code: the desa itself must come from the name
    catatan: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.induk = self.lingkup

    def mulai(self, jangkar: _Jangkar) -> None:
        """Start from the code column(s) instead of the scope."""
        self.punya_nama = True
        self.peringkat = STATUS.index(jangkar.status)
        if jangkar.catatan:
            self.catatan.append(jangkar.catatan)
        self.gagal = jangkar.gagal or jangkar.kode is None
        if jangkar.kode is None:
            return
        self.kode = self.jangkar = jangkar.kode
        self.wajib_desa = jangkar.wajib_desa
        lebih_dalam = self.lingkup is None or _kedalaman(jangkar.kode) >= _kedalaman(self.lingkup)
        self.induk = jangkar.kode if lebih_dalam else self.lingkup

    def kedalaman_jangkar(self) -> int:
        """Depth of the code given by the file (0 without one)."""
        return 0 if self.jangkar is None else _kedalaman(self.jangkar)

    def periksa(self, hasil: _Hasil) -> None:
        """Record a name cross-check against the file's code (the code itself is kept)."""
        self.peringkat = max(self.peringkat, STATUS.index(hasil.status))
        if hasil.catatan:
            self.catatan.append(hasil.catatan)

    def terapkan(self, entri: _Entri, hasil: _Hasil) -> None:
        """Record the outcome of one level."""
        self.peringkat = max(self.peringkat, STATUS.index(hasil.status))
        if hasil.catatan:
            self.catatan.append(hasil.catatan)
        if hasil.kode is None:
            self.gagal = True
            return
        self.kode = hasil.kode
        # a match above the scope (e.g. the provinsi of a kabupaten scope) keeps the scope
        di_atas_lingkup = self.lingkup is not None and _kedalaman(hasil.kode) < _kedalaman(
            self.lingkup
        )
        self.induk = self.lingkup if di_atas_lingkup else hasil.kode
        if entri.suffix is not None and not hasil.kode.endswith("." + entri.suffix):
            # name and code disagree: the name's desa is used, the sender is told (a warning)
            self.peringkat = max(self.peringkat, STATUS.index("mirip"))
            self.catatan.append(
                f"desa: kode desa di berkas ({entri.suffix}) berbeda dengan kode "
                f"hasil pencocokan nama ({hasil.kode}); yang dipakai desa hasil pencocokan nama"
            )

    def tutup(self) -> None:
        """Final checks: a BPS desa code needs its desa resolved by name."""
        if self.wajib_desa and not self.gagal and (self.kode or "").count(".") < 3:
            self.peringkat = STATUS.index("tidak_cocok")
            self.catatan.append(
                f"desa: kode BPS desa hanya menunjuk kecamatan {self.jangkar}; nama desa kosong"
            )

    def status(self) -> str:
        """Weakest status over the levels; rows without any name are ``tidak_cocok``."""
        return STATUS[self.peringkat] if self.punya_nama else "tidak_cocok"

    def teks_catatan(self) -> str | None:
        """Notes joined with ``; `` (None when there is nothing to say)."""
        if not self.punya_nama:
            return "semua kolom nama wilayah kosong"
        return "; ".join(self.catatan) if self.catatan else None


def _cocokkan_kombinasi(
    master: Wilayah,
    unik: pd.DataFrame,
    tingkat_ada: Sequence[str],
    lingkup: str | None,
    alias: Sequence[_Alias],
    jangkar: Sequence[_Jangkar | None] | None = None,
    konvensi: str | None = None,
    terpakai: Mapping[tuple[str, str | None], Collection[str]] | None = None,
) -> tuple[list[str | None], list[str], list[str | None]]:
    """Match the unique name combinations level by level; returns kode, status, catatan.

    ``konvensi`` is the source's kab/kota naming convention (see :class:`_Pencocok`);
    ``terpakai`` maps (level, parent) to the codes exact matches of the same file claimed
    outside this call (:mod:`transforms.wilayah.tepat`), so loose and fuzzy stages skip them
    exactly as if those rows were matched here.
    """
    terpakai = terpakai or {}
    state = [_Kombinasi(lingkup) for _ in range(len(unik))]
    for s, j in zip(state, jangkar or (), strict=False):
        if j is not None:
            s.mulai(j)
    suffix = unik[KOLOM_SUFFIX].tolist() if KOLOM_SUFFIX in unik else [None] * len(unik)
    pemeriksa = _PemeriksaNama(master, alias)
    for t in tingkat_ada:
        kelompok = _kelompokkan(state, unik[t].tolist(), suffix, t, pemeriksa)
        for kode_induk, per_entri in kelompok.items():
            klaim = terpakai.get((t, kode_induk), ())
            pencocok = _Pencocok(master, t, kode_induk, alias, konvensi, klaim)
            hasil = pencocok.jalankan(list(per_entri))
            if t == "kabupaten":  # a kabupaten under the province it left (2022)
                hasil = cari_pindahan(master, kode_induk, hasil, alias, konvensi)
            for entri, baris in per_entri.items():
                for i in baris:
                    state[i].terapkan(entri, hasil[entri])
    for s in state:
        s.tutup()
    return (
        [k.kode for k in state],
        [k.status() for k in state],
        [k.teks_catatan() for k in state],
    )


def _kelompokkan(
    state: Sequence[_Kombinasi],
    nama_tingkat: Sequence[object],
    suffix: Sequence[object],
    tingkat: str,
    pemeriksa: _PemeriksaNama,
) -> dict[str | None, dict[_Entri, list[int]]]:
    """Group the names of one level by parent; names covered by a file code are checked."""
    kedalaman = TINGKAT.index(tingkat) + 1
    kelompok: dict[str | None, dict[_Entri, list[int]]] = {}
    for i, nama in enumerate(nama_tingkat):
        s = state[i]
        if s.gagal:
            continue
        if s.kedalaman_jangkar() >= kedalaman:
            if not pd.isna(nama):
                kode = _potong_kode(str(s.jangkar), kedalaman)
                s.periksa(pemeriksa.periksa(kode, tingkat, str(nama)))
            continue
        if pd.isna(nama):
            s.catatan.append(f"{tingkat}: nama kosong, tingkat ini dilewati")
            continue
        s.punya_nama = True
        sfx = suffix[i] if tingkat == "desa" and not pd.isna(suffix[i]) else None
        entri = _Entri(str(nama), normalkan_nama(str(nama), tingkat), sfx)
        kelompok.setdefault(s.induk, {}).setdefault(entri, []).append(i)
    return kelompok
