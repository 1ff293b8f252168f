"""Cross-check of a file's names against the master names of the file's codes."""

from __future__ import annotations

from collections.abc import Sequence

from transforms.wilayah.alias import _Alias
from transforms.wilayah.kode import _adalah_kota
from transforms.wilayah.master import Wilayah
from transforms.wilayah.nama import _jenis_kabkota, _nama_sesuai, normalkan_nama
from transforms.wilayah.pencocok import _Hasil


class _PemeriksaNama:
    """Cross-check file names against the master name of a code (memoised per call)."""

    def __init__(self, master: Wilayah, alias: Sequence[_Alias]) -> None:
        self.master = master
        self.alias = alias
        self.memo: dict[tuple[str, str, str], _Hasil] = {}

    def periksa(self, kode: str, tingkat: str, nama: str) -> _Hasil:
        """``kode`` status when ``nama`` fits the code's master name, ``mirip`` otherwise."""
        kunci_memo = (kode, tingkat, nama)
        if kunci_memo not in self.memo:
            self.memo[kunci_memo] = self._periksa(kode, tingkat, nama)
        return self.memo[kunci_memo]

    def _periksa(self, kode: str, tingkat: str, nama: str) -> _Hasil:
        pos = self.master._posisi[kode]
        nama_master, kunci_master = self.master._nama[pos], self.master._kunci[pos]
        kunci = normalkan_nama(nama, tingkat)
        jenis = _jenis_kabkota(nama) if tingkat == "kabupaten" else None
        jenis_sesuai = jenis is None or (jenis == "kota") == _adalah_kota(kode)
        if jenis_sesuai and kunci == kunci_master:
            return _Hasil(kode, "kode")
        sesuai, rasio = _nama_sesuai(kunci, kunci_master)
        if jenis_sesuai and any(
            a.tingkat == tingkat and a.kunci == kunci and a.kode_wilayah == kode for a in self.alias
        ):
            return _Hasil(
                kode,
                "kode",
                f'{tingkat}: nama "{nama}" sesuai dengan kode {kode} ("{nama_master}") '
                "lewat tabel alias",
            )
        if jenis_sesuai and sesuai:
            return _Hasil(
                kode,
                "kode",
                f'{tingkat}: nama "{nama}" ditulis "{nama_master}" di master '
                f"(kode {kode}, kemiripan {rasio:.2f})",
            )
        return _Hasil(
            kode,
            "mirip",
            f'{tingkat}: nama "{nama}" tidak sesuai dengan kode {kode} ("{nama_master}" di '
            f"master, kemiripan {rasio:.2f}); kode yang dipakai",
        )
