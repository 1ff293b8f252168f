"""The corpus cases: read from ``kasus/*.yaml`` and written out as ``harapan.yaml`` entries.

Each entry names its file (``berkas``), says what it is (``deskripsi``), how it is made (``isi``,
see :mod:`scripts.korpus.resep` and :mod:`scripts.korpus.jahat`) and what the pipeline must make
of it. Keys left out take the defaults of :class:`Kasus`; an unknown key is an error. The keys
are explained in ``kasus/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from scripts.korpus.tabel import Desa

FOLDER_KASUS = Path(__file__).with_name("kasus")
KELOMPOK = (
    "angka",
    "wilayah",
    "periode",
    "aturan",
    "bentuk",
    "teks",
    "xlsx",
    "kode",
    "tolak",
    "nilai",
    "ejaan",
)
"""The case files of ``FOLDER_KASUS`` (``<kelompok>.yaml``), in the order of harapan.yaml."""
PARAMETER = {"tahun": 2025, "bulan": 1, "semester": None, "sumber": None, "wilayah": None}
"""Ingest parameters of a case unless its ``parameter`` says otherwise (``null``: none)."""


@dataclass(frozen=True)
class Kasus:
    """One corpus file and what the pipeline must make of it."""

    berkas: str
    deskripsi: str
    isi: dict[str, Any]  # how the file is made
    hasil: str  # diterima | sebagian | ditolak
    akuntansi: list[int]  # dibaca, dipakai, karantina, bukan_data
    galat: list[list[Any]] = field(default_factory=list)  # the exact set of [baris, aturan]
    peringatan: list[list[Any]] = field(default_factory=list)  # [baris, aturan] that must be there
    peringatan_tepat: bool = False  # the warnings are the exact set, not a subset
    kode_keluar: int | None = None  # default: 1 when rejected or nothing usable
    parameter: dict[str, Any] = field(default_factory=dict)  # over PARAMETER; kolom: --kolom
    ingest: bool = True  # whether ``indikator ingest`` stores the file
    pesan_memuat: list[str] = field(default_factory=list)  # text the messages must contain
    kode_wilayah: dict[int, Any] = field(default_factory=dict)  # row -> code it is used as
    alasan: str | None = None  # why a debatable expectation was chosen
    xfail: dict[str, Any] | None = None  # known pipeline bug: alasan, uji (tests hit)
    laporan: dict[str, Any] = field(default_factory=dict)  # report checks of one case
    sumber: str | None = None  # the layout the file must be recognised as

    def kode(self) -> int:
        """Expected exit code of ``indikator validate`` (1: rejected or nothing usable)."""
        if self.kode_keluar is not None:
            return self.kode_keluar
        return 1 if self.hasil == "ditolak" or self.akuntansi[1] == 0 else 0

    def parameter_ingest(self) -> dict[str, Any]:
        """The ingest parameters that are set (``kolom`` as a list)."""
        asing = set(self.parameter) - {*PARAMETER, "kolom"}
        if asing:
            raise ValueError(f"parameter tidak dikenal di {self.berkas}: {sorted(asing)}")
        param = PARAMETER | {"kolom": []} | self.parameter
        param["kolom"] = list(param["kolom"])
        return {k: v for k, v in param.items() if v not in (None, [])}

    def sebagai_data(self) -> dict[str, Any]:
        """The harapan.yaml entry (optional keys only when set)."""
        dibaca, dipakai, karantina, bukan = self.akuntansi
        data: dict[str, Any] = {
            "berkas": self.berkas,
            "deskripsi": self.deskripsi,
            "parameter": self.parameter_ingest(),
            "hasil": self.hasil,
            "kode_keluar": self.kode(),
            "ingest": self.ingest,
            "galat": [_masalah(b, a, "galat") for b, a in self.galat],
            "peringatan": [_masalah(b, a, "peringatan") for b, a in self.peringatan],
            "peringatan_tepat": self.peringatan_tepat,
            "akuntansi": {
                "dibaca": dibaca,
                "dipakai": dipakai,
                "karantina": karantina,
                "bukan_data": bukan,
            },
        }
        xfail = (
            {"alasan": self.xfail["alasan"], "uji": list(self.xfail["uji"])} if self.xfail else None
        )
        pilihan = {
            "pesan_memuat": list(self.pesan_memuat),
            "kode_wilayah": dict(self.kode_wilayah),
            "alasan": self.alasan,
            "xfail": xfail,
            "laporan": self.laporan,
            "sumber": self.sumber,
        }
        return data | {k: v for k, v in pilihan.items() if v}


def _masalah(baris: int | None, aturan: str, tingkat: str) -> dict[str, Any]:
    return {"baris": baris, "aturan": aturan, "tingkat_masalah": tingkat}


def _kode(nilai: Any, desa: list[Desa]) -> str:
    """A region code as written (``33.06.01``) or of a desa of the slice (``{kode_desa: i}``)."""
    if isinstance(nilai, dict) and set(nilai) == {"kode_desa"}:
        return desa[nilai["kode_desa"]].kode
    if isinstance(nilai, str):
        return nilai
    raise ValueError(f"kode wilayah tidak dikenal: {nilai!r}")


def muat_kasus(desa: list[Desa], folder: Path = FOLDER_KASUS) -> list[Kasus]:
    """Every case, group by group in the order of ``KELOMPOK``, with desa references resolved."""
    ada = {p.stem for p in folder.glob("*.yaml")}
    if ada != set(KELOMPOK):
        raise ValueError(f"berkas kasus tidak sesuai KELOMPOK: {sorted(ada ^ set(KELOMPOK))}")
    daftar = [
        entri
        for nama in KELOMPOK
        for entri in yaml.safe_load((folder / f"{nama}.yaml").read_text(encoding="utf-8"))
    ]
    return [
        replace(k, kode_wilayah={b: _kode(v, desa) for b, v in k.kode_wilayah.items()})
        for k in (Kasus(**entri) for entri in daftar)
    ]
