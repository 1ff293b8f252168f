"""Name matching of one level inside one parent: :class:`_Pencocok` and its stages."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Final

import numpy as np
from rapidfuzz import fuzz, process

from transforms.wilayah.alias import _Alias
from transforms.wilayah.kode import _adalah_kota
from transforms.wilayah.master import Wilayah
from transforms.wilayah.nama import (
    AMBANG_MIRIP,
    EJAAN_LAMA,
    _jenis_kabkota,
    _kemiripan,
    _kunci_longgar,
    _nama_sesuai,
)

STATUS: Final = ("cocok", "kode", "alias", "mirip", "tidak_cocok")
"""Match statuses, from the most to the least certain (a row gets its weakest level)."""
KOLOM_SUFFIX: Final = "kode_desa_suffix"
"""``cocokkan_wilayah`` key of a column with the last digits of the desa code."""
SELISIH_MIRIP: Final = 0.05  # required margin between the best and the second-best candidate
MAKS_KANDIDAT_MIRIP: Final = 5000  # fuzzy search is skipped above this many candidates


@dataclass(frozen=True)
class _Entri:
    """One unique name to match inside one parent."""

    nama: str  # file spelling (whitespace cleaned)
    kunci: str  # normalised key
    suffix: str | None  # 4-digit desa code suffix, when the file has one


@dataclass(frozen=True)
class _Hasil:
    """Outcome for one :class:`_Entri`."""

    kode: str | None
    status: str
    catatan: str | None = None


class _Pencocok:
    """Resolve the unique names of one parent at one level (stages in documented order)."""

    def __init__(
        self,
        master: Wilayah,
        tingkat: str,
        induk: str | None,
        alias: Sequence[_Alias],
        konvensi: str | None = None,
        terpakai: Collection[str] = (),
        hanya: Collection[str] | None = None,
    ) -> None:
        self.master = master
        self.tingkat = tingkat
        self.induk = induk
        self.alias = alias
        self.konvensi = konvensi
        pos = master._posisi_kandidat(tingkat, induk)
        if hanya is not None:  # only these of the parent's children are candidates
            pos = pos[np.isin(master._kode[pos], list(hanya))]
        self.kode: list[str] = master._kode[pos].tolist()
        self.kunci: list[str] = master._kunci[pos].tolist()
        self.nama: list[str] = master._nama[pos].tolist()
        # codes already claimed by exact matches of this parent decided outside this run
        self.terpakai: set[int] = {i for i, k in enumerate(self.kode) if k in terpakai}
        self.hasil: dict[_Entri, _Hasil] = {}
        self._kunci_kabupaten: frozenset[str] | None = None

    def jalankan(self, entri: Sequence[_Entri]) -> dict[_Entri, _Hasil]:
        """Run all stages and return a result for every entry."""
        ganda = self._tahap_tepat(entri)
        self._tahap_longgar([e for e in entri if e not in self.hasil and e not in ganda])
        self._tahap_suffix([e for e in entri if e not in self.hasil])
        self._tahap_alias([e for e in entri if e not in self.hasil])
        sisa = [e for e in entri if e not in self.hasil and e not in ganda]
        gagal_mirip = self._tahap_mirip(sisa)
        for e in entri:
            if e not in self.hasil:
                self.hasil[e] = self._gagal(e, ganda.get(e), gagal_mirip.get(e))
        return self.hasil

    def jalankan_pasti(self, entri: Sequence[_Entri]) -> dict[_Entri, _Hasil]:
        """The exact and loose stages only (never alias, code suffix or fuzzy): the results
        of the entries they resolve."""
        ganda = self._tahap_tepat(entri)
        self._tahap_longgar([e for e in entri if e not in self.hasil and e not in ganda])
        return self.hasil

    def _saring_jenis(self, e: _Entri, kandidat: list[int]) -> list[int]:
        """Among several kab/kota candidates keep those of the type named in the file.

        ``KOTA BOGOR`` picks Kota Bogor over Kabupaten Bogor. Without a prefix the source's
        convention decides (``siga``: a bare name is the kabupaten, see
        :func:`_saring_konvensi`); otherwise, or when the filter would leave nothing, the
        candidates are returned unchanged.
        """
        if self.tingkat != "kabupaten" or len(kandidat) < 2:
            return kandidat
        jenis = _jenis_kabkota(e.nama)
        if jenis is None:
            return self._saring_konvensi(kandidat)
        kota = jenis == "kota"
        tersaring = [i for i in kandidat if _adalah_kota(self.kode[i]) == kota]
        return tersaring or kandidat

    def _saring_konvensi(self, kandidat: list[int]) -> list[int]:
        """``siga`` convention: a bare name never means a kota that has a kabupaten namesake.

        Drops each kota candidate whose name key equals a kabupaten's of the same parent
        (Kota Bogor beside Kabupaten Bogor), so a bare
        ``BOGOR`` is Kabupaten Bogor (exactly, loosely or fuzzily), while a bare name of a kota
        without a kabupaten namesake (``MAKASSAR``) still finds the kota.
        """
        if self.konvensi != "siga":
            return kandidat
        if self._kunci_kabupaten is None:
            kab = (i for i, k in enumerate(self.kode) if not _adalah_kota(k))
            self._kunci_kabupaten = frozenset(self.kunci[i] for i in kab)
        return [
            i
            for i in kandidat
            if not _adalah_kota(self.kode[i]) or self.kunci[i] not in self._kunci_kabupaten
        ]

    def _catat(self, e: _Entri, i: int, status: str, catatan: str | None) -> None:
        self.terpakai.add(i)
        self.hasil[e] = _Hasil(self.kode[i], status, catatan)

    def _tahap_tepat(self, entri: Sequence[_Entri]) -> dict[_Entri, list[int]]:
        """Exact normalised name; returns entries with several exact candidates."""
        indeks: dict[str, list[int]] = {}
        for i, k in enumerate(self.kunci):
            indeks.setdefault(k, []).append(i)
        ganda: dict[_Entri, list[int]] = {}
        for e in entri:
            kandidat = self._saring_jenis(e, indeks.get(e.kunci, []))
            if len(kandidat) == 1:
                self._catat(e, kandidat[0], "cocok", None)
            elif kandidat:
                ganda[e] = kandidat
        return ganda

    def _tahap_longgar(self, entri: Sequence[_Entri]) -> None:
        """Loose key: spaces, doubled letters, reduplicated words (ALU ~ Allu, PODA ~ Poda-Poda)."""
        if not entri:
            return
        indeks: dict[str, list[int]] = {}
        for i, k in enumerate(self.kunci):
            if i not in self.terpakai:
                indeks.setdefault(_kunci_longgar(k), []).append(i)
        usulan = {}
        for e in entri:
            kandidat = self._saring_jenis(e, indeks.get(_kunci_longgar(e.kunci), []))
            if len(kandidat) == 1:
                usulan[e] = kandidat[0]
        for e, i in _tanpa_rebutan(usulan).items():
            rasio = _kemiripan(e.kunci, self.kunci[i])
            jenis = _jenis_varian(e.kunci, self.kunci[i])
            catatan = (
                f'{self.tingkat}: nama "{e.nama}" dicocokkan dengan "{self.nama[i]}" '
                f"(kemiripan {rasio:.2f}), {jenis}"
            )
            self._catat(e, i, "mirip", catatan)

    def _tahap_suffix(self, entri: Sequence[_Entri]) -> None:
        """Desa code suffix from the file (SIGA ``KODE``), inside the matched parent."""
        if self.tingkat != "desa":
            return
        for e in entri:
            if e.suffix is None:
                continue
            kandidat = [i for i, k in enumerate(self.kode) if k.endswith("." + e.suffix)]
            if len(kandidat) == 1:
                self._catat_suffix(e, kandidat[0])

    def _catat_suffix(self, e: _Entri, i: int) -> None:
        """Desa ``i`` found by the file's code suffix: a name that fits it (two desa of that
        name, a misspelling) quietly; a name unlike it (a wrong code?) with a warning, as a
        full code column's (:func:`~transforms.wilayah.nama._nama_sesuai`)."""
        sesuai, rasio = _nama_sesuai(e.kunci, self.kunci[i])
        if e.kunci == self.kunci[i]:
            catatan = (
                f'desa: nama "{e.nama}" dimiliki lebih dari satu desa; dipilih lewat kode '
                f'desa {e.suffix}: "{self.nama[i]}"'
            )
        else:
            catatan = (
                f'desa: nama "{e.nama}" tidak cocok dengan nama di master; dicocokkan '
                f'lewat kode desa {e.suffix} dengan "{self.nama[i]}" (kemiripan {rasio:.2f})'
            )
        self._catat(e, i, "kode" if sesuai else "mirip", catatan)

    def _tahap_alias(self, entri: Sequence[_Entri]) -> None:
        """Alias table rows at this level whose target lies among the candidates."""
        if not self.alias or not entri:
            return
        posisi = {k: i for i, k in enumerate(self.kode)}
        for e in entri:
            cocok = {
                a.kode_wilayah: a
                for a in self.alias
                if a.tingkat == self.tingkat
                and a.kunci == e.kunci
                and a.kode_wilayah in posisi
                and _alias_berlaku(a, self.induk)
            }
            if len(cocok) == 1:
                a = next(iter(cocok.values()))
                i = posisi[a.kode_wilayah]
                alasan = f": {a.alasan}" if a.alasan else ""
                catatan = (
                    f'{self.tingkat}: nama "{e.nama}" dipetakan lewat tabel alias ke '
                    f'"{self.nama[i]}" ({self.kode[i]}){alasan}'
                )
                self._catat(e, i, "alias", catatan)

    def _tahap_mirip(self, entri: Sequence[_Entri]) -> dict[_Entri, str]:
        """Fuzzy match against the unclaimed siblings; returns failure reasons."""
        alasan: dict[_Entri, str] = {}
        sisa = [i for i in range(len(self.kode)) if i not in self.terpakai]
        if not entri or not sisa:
            return alasan
        if len(sisa) > MAKS_KANDIDAT_MIRIP:
            return dict.fromkeys(entri, f"pencarian mirip dilewati ({len(sisa)} kandidat)")
        usulan: dict[_Entri, int] = {}
        rasio_usulan: dict[_Entri, float] = {}
        for e in entri:
            sisa_e = self._saring_jenis(e, sisa)
            peringkat = _peringkat_mirip(e.kunci, [self.kunci[i] for i in sisa_e])
            if not peringkat or peringkat[0][0] < AMBANG_MIRIP:
                continue
            terbaik, j = peringkat[0]
            if len(peringkat) > 1 and peringkat[1][0] > terbaik - SELISIH_MIRIP:
                lain = self.nama[sisa_e[peringkat[1][1]]]
                alasan[e] = (
                    f'kandidat mirip tidak tunggal: "{self.nama[sisa_e[j]]}" ({terbaik:.2f}) '
                    f'dan "{lain}" ({peringkat[1][0]:.2f})'
                )
                continue
            usulan[e], rasio_usulan[e] = sisa_e[j], terbaik
        diterima = _tanpa_rebutan(usulan)
        for e, i in usulan.items():
            if e not in diterima:
                alasan[e] = f'"{self.nama[i]}" juga paling mirip dengan nama lain di berkas'
        for e, i in diterima.items():
            catatan = (
                f'{self.tingkat}: nama "{e.nama}" dicocokkan dengan "{self.nama[i]}" '
                f"(kemiripan {rasio_usulan[e]:.2f})"
            )
            self._catat(e, i, "mirip", catatan)
        return alasan

    def _gagal(self, e: _Entri, ganda: list[int] | None, alasan: str | None) -> _Hasil:
        """Build the ``tidak_cocok`` result with a reason."""
        tempat = self.master._label(self.induk)
        if ganda:
            daftar = ", ".join(f'"{self.nama[i]}" ({self.kode[i]})' for i in ganda)
            catatan = (
                f'{self.tingkat}: nama "{e.nama}" cocok dengan lebih dari satu wilayah '
                f"di {tempat}: {daftar}"
            )
        elif not self.kode:
            catatan = (
                f'{self.tingkat}: nama "{e.nama}" tidak bisa dicari, '
                f"tidak ada {self.tingkat} di {tempat}"
            )
        else:
            catatan = f'{self.tingkat}: nama "{e.nama}" tidak ditemukan di {tempat}'
            if alasan:
                catatan += f"; {alasan}"
            elif len(self.kode) <= MAKS_KANDIDAT_MIRIP:
                peringkat = _peringkat_mirip(e.kunci, self.kunci, batas=0.6)
                if peringkat:
                    rasio, i = peringkat[0]
                    catatan += f'; paling mirip "{self.nama[i]}" (kemiripan {rasio:.2f})'
        return _Hasil(None, "tidak_cocok", catatan)


def _alias_berlaku(alias: _Alias, induk: str | None) -> bool:
    """An alias applies when it has no parent or its parent lies inside ``induk``."""
    if alias.kode_induk is None or induk is None:
        return True
    return alias.kode_induk == induk or alias.kode_induk.startswith(induk + ".")


_EJAAN_DISEBUT: Final = ", ".join(f"{lama} = {kini}" for lama, kini in EJAAN_LAMA)


def _jenis_varian(kunci: str, kunci_master: str) -> str:
    """How a name found by its loose key differs from the master's, in words: spaces only,
    doubled letters or reduplicated words (the same key without the spelling folded), else
    the old or the current spelling."""
    if kunci.replace(" ", "") == kunci_master.replace(" ", ""):
        return "hanya beda spasi"
    if _kunci_longgar(kunci, ejaan=False) == _kunci_longgar(kunci_master, ejaan=False):
        return "varian ejaan huruf ganda/kata ulang"
    return f"ejaan lama/baru ({_EJAAN_DISEBUT})"


def _tanpa_rebutan(usulan: Mapping[_Entri, int]) -> dict[_Entri, int]:
    """Drop proposals whose candidate is claimed by more than one entry."""
    hitung: dict[int, int] = {}
    for i in usulan.values():
        hitung[i] = hitung.get(i, 0) + 1
    return {e: i for e, i in usulan.items() if hitung[i] == 1}


def _peringkat_mirip(
    kunci: str, kandidat: Sequence[str], batas: float = AMBANG_MIRIP - SELISIH_MIRIP
) -> list[tuple[float, int]]:
    """Candidates with ratio >= ``batas``, best first, as ``(ratio, index)``.

    The ratio is difflib's ``SequenceMatcher.ratio`` (the figure shown in notes). rapidfuzz's
    ``fuzz.ratio`` (normalised longest common subsequence) is an upper bound of it, so it
    prefilters the candidates in C and only the survivors are scored in Python.
    """
    lolos = process.extract(
        kunci, kandidat, scorer=fuzz.ratio, score_cutoff=batas * 100 - 1e-6, limit=None
    )
    pembanding = SequenceMatcher(None, autojunk=False)
    pembanding.set_seq2(kunci)
    hasil = []
    for k, _, j in lolos:
        pembanding.set_seq1(k)
        rasio = pembanding.ratio()
        if rasio >= batas:
            hasil.append((rasio, j))
    return sorted(hasil, key=lambda x: (-x[0], x[1]))
