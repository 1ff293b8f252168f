"""Generic tables: a dinas table with a region column and numeric columns, no layout in the catalog.

The person ingesting names only the numbers (``--kolom HEADER=KOMPONEN``); region columns and
their code system (Kemendagri dotted or not, BPS, SIGA suffix, names) are detected from the
headers and the content, and a period column named BULAN / TAHUN / SEMESTER is used when present.
"""

from __future__ import annotations

from collections.abc import Mapping

from schemas.judul import bersihkan_judul
from schemas.model import Katalog, Layout
from transforms.baca.tabel import TabelTeks
from transforms.komponen.asal import BerkasDitolak
from transforms.wilayah.deteksi import deteksi_kolom_wilayah
from transforms.wilayah.kode import TINGKAT

_KUNCI_SISTEM = {
    "kemendagri": "kode",
    "kemendagri_tanpa_titik": "kode",
    "bps": "kode_bps",
    "siga_suffix": "kode_desa_suffix",
}
_PERIODE = {"BULAN": "bulan", "TAHUN": "tahun", "SEMESTER": "semester", "PERIODE": "semester"}


class KolomTidakDikenal(ValueError):
    """A ``--kolom`` mapping names an unknown header or component (Bahasa message)."""


def baca_kolom(pasangan: list[str], katalog: Katalog) -> dict[str, str]:
    """Parse ``HEADER=KOMPONEN`` options; every component must exist in the catalog."""
    hasil: dict[str, str] = {}
    for teks in pasangan:
        if "=" not in teks:
            raise KolomTidakDikenal(f"--kolom {teks!r}: tulis sebagai JUDUL_KOLOM=nama_komponen")
        header, komponen = (part.strip() for part in teks.rsplit("=", 1))
        if not header:
            raise KolomTidakDikenal(f"--kolom {teks!r}: judul kolom kosong")
        if komponen not in katalog.komponen:
            raise KolomTidakDikenal(
                f"--kolom {teks!r}: komponen {komponen!r} tidak ada di katalog; lihat nama "
                "komponen dengan 'indikator katalog KODE --json'"
            )
        hasil[bersihkan_judul(header)] = komponen
    return hasil


def _kolom_wilayah(tabel: TabelTeks, angka: set[str]) -> dict[str, str]:
    """Region columns of a table as ``match_wilayah`` keys (names per level, or code columns)."""
    found = deteksi_kolom_wilayah(tabel.data.drop(columns=list(angka), errors="ignore"))
    out: dict[str, str] = {}
    kode_terdalam: dict[str, tuple[int, str]] = {}
    for info in found.values():
        sistem, tingkat, kolom = info.get("sistem"), info.get("tingkat"), info["kolom"]
        if sistem == "nama" and tingkat in TINGKAT:
            out.setdefault(tingkat, kolom)
        elif sistem in _KUNCI_SISTEM:
            key = _KUNCI_SISTEM[sistem]
            depth = TINGKAT.index(tingkat) if tingkat in TINGKAT else 0
            if key not in kode_terdalam or depth > kode_terdalam[key][0]:
                kode_terdalam[key] = (depth, kolom)
    out.update({key: kolom for key, (_, kolom) in kode_terdalam.items()})
    return out


def buat_layout_umum(tabel: TabelTeks, kolom: Mapping[str, str]) -> Layout:
    """The layout of a generic table: detected region and period columns, the named numbers."""
    headers = set(tabel.data.columns)
    missing = [h for h in kolom if h not in headers]
    if missing:
        raise BerkasDitolak(
            f"kolom {', '.join(map(repr, missing))} (dari --kolom) tidak ada di berkas; "
            f"kolom yang ada: {', '.join(tabel.data.columns)}"
        )
    wil = _kolom_wilayah(tabel, set(kolom))
    periode = {_PERIODE[h]: h for h in tabel.data.columns if h in _PERIODE}
    return Layout(
        id="umum",
        judul="Tabel umum dinas (kolom angka ditentukan saat ingest)",
        pemilik="dinas",
        format="csv/xlsx",
        kenali=tuple(kolom),
        wilayah=wil,
        periode=periode,
        komponen=dict(kolom),
    )
