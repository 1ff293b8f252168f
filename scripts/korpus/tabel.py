"""The valid content of the corpus: a slice of real desa in the real export layouts.

The desa are the first of Kecamatan Grabag, Kabupaten Purworejo (33.06.01) in the 2025
Kemendagri master; the rows follow the SIGA exports ``data_pus``, ``data_mix_kontra``,
``data_bkb``, ``data_verval_krs`` and a generic dinas table. Numbers come from seeded generators.
A case of ``kasus/*.yaml`` names a table here (``tabel``) and the desa it covers (``desa``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from transforms.wilayah.master import muat_master

KECAMATAN = "33.06.01"  # Grabag, Kabupaten Purworejo
PROV, KAB, KEC = "JAWA TENGAH", "PURWOREJO", "GRABAG"
JUMLAH_DESA = 8
SEED = 3306

Baris = list[str]

PUS_JUDUL = ["NO", "PROVINSI", "KABUPATEN", "KECAMATAN", "KELURAHAN", "PUS", "UNMET NEED", "BULAN"]
METODE = ["SUNTIK", "PIL", "KONDOM", "IMPLAN", "IUD", "VASEKTOMI", "TUBEKTOMI", "MAL"]
MIX_JUDUL = [
    "NO",
    "PROVINSI",
    "KABUPATEN",
    "KECAMATAN",
    "KELURAHAN",
    "PA",
    *METODE,
    "KB MODERN",
    "KB TRADISIONAL",
    "BULAN",
]
MATERI = [
    "MATERI ORANG TUA HEBAT",
    "MATERI 1000 HPK",
    "MATERI KKB LAINNYA",
    "MATERI KESPRO",
    "MATERI LAINNYA",
]
BKB_JUDUL = [
    "PROVINSI",
    "KABUPATEN",
    "KECAMATAN",
    "KODE",
    "KELURAHAN",
    "YANG ADA",
    "YANG LAPOR",
    "PERSENTASE LAPOR",
    *MATERI,
    "BULAN",
]
SEJAHTERA = [f"KESEJAHTERAAN {i}" for i in range(1, 5)] + ["KESEJAHTERAAN > 4"]
VERVAL_JUDUL = [
    "PROVINSI",
    "KABUPATEN",
    "KECAMATAN",
    "KODE",
    "KELURAHAN",
    "JUMLAH KELUARGA SASARAN",
    *SEJAHTERA,
    "JUMLAH KRS",
    "JUMLAH TIDAK BERESIKO",
    "SUMBER AIR MINUM TIDAK LAYAK",
    "JAMBAN TIDAK LAYAK",
    "PERIODE",
]
DINAS_JUDUL = ["NO", "KODE WILAYAH", "NAMA DESA", "JUMLAH PUS", "PESERTA KB AKTIF"]


@dataclass(frozen=True)
class Desa:
    """One desa of the slice: Kemendagri code and the name as SIGA writes it (upper case)."""

    kode: str
    nama: str

    @property
    def suffix(self) -> str:
        return self.kode.rsplit(".", 1)[-1]


def ambil_desa(jumlah: int = JUMLAH_DESA) -> list[Desa]:
    """The first desa of Kecamatan Grabag (33.06.01) in the 2025 master, by code."""
    frame = muat_master("2025").frame
    anak = frame[(frame["kode_induk"] == KECAMATAN) & (frame["tingkat"] == "desa")]
    anak = anak.sort_values("kode_wilayah").head(jumlah)
    return [
        Desa(str(k), str(n).upper())
        for k, n in zip(anak["kode_wilayah"], anak["nama_wilayah"], strict=True)
    ]


def baris_pus(desa: Sequence[Desa], bulan: str = "JANUARI", seed: int = SEED) -> list[Baris]:
    """SIGA ``data_pus`` rows (without header): PUS and unmet need per desa."""
    rng = random.Random(seed)
    out = []
    for i, d in enumerate(desa, start=1):
        pus = rng.randint(250, 900)
        out.append([str(i), PROV, KAB, KEC, d.nama, str(pus), str(rng.randint(5, pus // 8)), bulan])
    return out


def baris_mix(desa: Sequence[Desa], seed: int = SEED) -> list[Baris]:
    """SIGA ``data_mix_kontra`` rows: PA = KB MODERN + KB TRADISIONAL, MODERN = sum of methods."""
    rng = random.Random(seed + 1)
    out = []
    for i, d in enumerate(desa, start=1):
        metode = [rng.randint(0, 120) for _ in METODE]
        modern, trad = sum(metode), rng.randint(0, 6)
        row = [str(i), PROV, KAB, KEC, d.nama, str(modern + trad), *map(str, metode)]
        out.append([*row, str(modern), str(trad), "JANUARI"])
    return out


def baris_bkb(desa: Sequence[Desa], seed: int = SEED) -> list[Baris]:
    """SIGA ``data_bkb`` rows: groups existing / reporting, percentage written like SIGA."""
    rng = random.Random(seed + 2)
    out = []
    for d in desa:
        ada = rng.randint(1, 4)
        lapor = rng.randint(0, ada)
        materi = [str(rng.randint(0, 1)) for _ in MATERI]
        persen = f"{100 * lapor / ada:.2f}"
        out.append(
            [PROV, KAB, KEC, d.suffix, d.nama, str(ada), str(lapor), persen, *materi, "JANUARI"]
        )
    return out


def baris_verval(
    desa: Sequence[Desa], periode: str = "Sem 2 2024", seed: int = SEED
) -> list[Baris]:
    """Verval KRS rows: sasaran = KRS + tidak berisiko, KRS = sum of the welfare groups."""
    rng = random.Random(seed + 3)
    out = []
    for d in desa:
        sejahtera = [rng.randint(5, 60) for _ in SEJAHTERA]
        krs, tidak = sum(sejahtera), rng.randint(100, 400)
        air, jamban = rng.randint(0, krs // 2), rng.randint(0, krs // 2)
        row = [PROV, KAB, KEC, d.suffix, d.nama, str(krs + tidak), *map(str, sejahtera)]
        out.append([*row, str(krs), str(tidak), str(air), str(jamban), periode])
    return out


def baris_dinas(desa: Sequence[Desa], seed: int = SEED) -> list[Baris]:
    """A dinas table: Kemendagri code, desa name, PUS and peserta KB aktif (PA <= PUS)."""
    rng = random.Random(seed + 4)
    out = []
    for i, d in enumerate(desa, start=1):
        pus = rng.randint(250, 900)
        out.append([str(i), d.kode, d.nama.title(), str(pus), str(rng.randint(100, pus))])
    return out


JUDUL: dict[str, Baris] = {
    "pus": PUS_JUDUL,
    "mix": MIX_JUDUL,
    "bkb": BKB_JUDUL,
    "verval": VERVAL_JUDUL,
    "dinas": DINAS_JUDUL,
}
"""The header row of each table a case can name."""

BARIS: dict[str, Callable[..., list[Baris]]] = {
    "pus": baris_pus,
    "mix": baris_mix,
    "bkb": baris_bkb,
    "verval": baris_verval,
    "dinas": baris_dinas,
}
"""The row generator of each table (desa first; ``bulan`` or ``periode`` where it takes one)."""
