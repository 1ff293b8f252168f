"""Generic tables: a dinas table with a region column and numeric columns, no layout in the catalog.

The person ingesting names only the numbers (``--kolom HEADER=KOMPONEN``); region columns and
their code system (Kemendagri dotted or not, BPS, SIGA suffix, names) are detected from the
headers and the content, and a period column named BULAN / TAHUN / SEMESTER is used when present.
"""

from __future__ import annotations

from collections.abc import Mapping

from schemas.judul import bentuk_judul, bersihkan_judul, kunci_judul
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


def _peringkat(nama: str, col: str) -> int | None:
    """How a ``--kolom`` name meets a file column: 0 same key, 1 same without a counting
    prefix, 2 the lower (or upper) cell of a two-row header, None not at all."""
    kn, kc = bentuk_judul(nama), bentuk_judul(col)
    if not kn[0] or not kc[0]:
        return None
    if kn[0] == kc[0]:
        return 0
    if set(kn) & set(kc):
        return 1
    if kc[0].endswith(" " + kn[0]) or kc[0].startswith(kn[0] + " "):
        return 2
    return None


def urutkan_mirip(nama: str, kolom: list[str]) -> list[str]:
    """The columns, the most like ``nama`` first (rapidfuzz)."""
    from rapidfuzz import fuzz

    key = kunci_judul(nama)
    return sorted(kolom, key=lambda c: -fuzz.WRatio(key, kunci_judul(c)))


def cocokkan_kolom(peta: Mapping[str, str], kolom: list[str]) -> dict[str, str]:
    """``--kolom`` names (as typed) → the file's own columns, with their component.

    A name meets a column equal under the header key (case, ``_``, punctuation, a
    ``JUMLAH``/``JML`` prefix), or, in a two-row header, the lower cell a person sees (``PUS``
    under ``JUMLAH``: the column ``JUMLAH PUS``) or the upper one. The closest way wins; a
    name that meets no column, or two equally, is refused (:class:`BerkasDitolak`) with the
    file's columns, the most alike first.
    """
    hasil: dict[str, str] = {}
    for nama, komponen in peta.items():
        ranks = {c: r for c in kolom if (r := _peringkat(nama, c)) is not None}
        best = [c for c, r in ranks.items() if r == min(ranks.values(), default=None)]
        if len(best) != 1:
            ada = [c for c in kolom if kunci_judul(c)]
            calon = best or urutkan_mirip(nama, ada)
            sebab = "cocok dengan lebih dari satu kolom" if best else "tidak ada di berkas"
            raise BerkasDitolak(
                f"kolom {nama!r} (dari --kolom) {sebab}; kolom berkas, yang paling mirip "
                f"dulu: {', '.join(calon)}"
            )
        hasil[best[0]] = komponen
    return hasil


def cari_kolom_indeks(tabel: TabelTeks) -> set[str]:
    """Index columns, never regions nor numbers: no header (``Unnamed: 0``, empty), or
    counting the rows ``1..n`` (or ``0..n-1``, a pandas index saved along)."""
    found = set()
    for col in tabel.data.columns:
        isi = tabel.data[col].str.strip()
        if not kunci_judul(col):
            found.add(col)
        elif len(isi) > 1 and isi.str.fullmatch(r"\d+").all():
            angka = isi.astype(int).tolist()
            if angka in (list(range(1, len(angka) + 1)), list(range(len(angka)))):
                found.add(col)
    return found


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
    kolom = cocokkan_kolom(kolom, list(tabel.data.columns))
    wil = _kolom_wilayah(tabel, set(kolom) | cari_kolom_indeks(tabel))
    periode = {
        _PERIODE[kunci_judul(h)]: h for h in tabel.data.columns if kunci_judul(h) in _PERIODE
    }
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
