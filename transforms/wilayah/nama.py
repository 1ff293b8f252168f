"""Region names: the comparison key, the loose spelling key and similarity."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Final

from transforms.wilayah.kode import TINGKAT

AMBANG_MIRIP: Final = 0.8  # minimum SequenceMatcher ratio for a fuzzy match

_RE_APOSTROF: Final = re.compile(r"[’'`´‘ʼ]")
_RE_TANDA_BACA: Final = re.compile(r"[^\w\s]|_")
_RE_HURUF_GANDA: Final = re.compile(r"(.)\1+")
# "KAB. ADM. KEP. SERIBU", "KOTA ADMINISTRASI JAKARTA PUSAT", and SIGA's bare
# "ADMINISTRASI KEPULAUAN SERIBU" (the type word dropped, the administrative word kept).
# "KOTAMADYA BALIKPAPAN", "KODYA BONTANG": the kota's designation before UU No. 22 Tahun 1999.
_RE_AWALAN_KABKOTA: Final = re.compile(
    r"^(?:(?:KABUPATEN|KAB|KOTAMADYA|KOTA MADYA|KODYA|KOTA)(?: (?:ADMINISTRASI|ADM))?"
    r"|ADMINISTRASI|ADM) (?=\S)"
)
_AWALAN_KOTA: Final = frozenset({"KOTA", "KOTAMADYA", "KODYA"})
_RE_AWALAN_PROVINSI: Final = re.compile(r"^(?:PROVINSI|PROPINSI|PROV) ")
# "KEC. GRABAG", "DESA PATUTREJO": type words written before the name. Removed on both sides
# (file and master), as often as they repeat, so a master name that starts with one ("Desa
# Baru") still matches itself, bare ("BARU") or with the sender's type word ("DESA DESA BARU").
_RE_AWALAN_KECAMATAN: Final = re.compile(r"^(?:(?:KECAMATAN|KEC|DISTRIK) )+(?=\S)")
# "Desa Adat Yoboi" (a desa adat, code 3xxx, since the 2022 master: Kepmendagri
# 100.1.1-6117/2022) is "YOBOI" where the sender's region list predates it
_RE_AWALAN_DESA: Final = re.compile(r"^(?:(?:DESA ADAT|DESA|KELURAHAN|KEL|DS) )+(?=\S)")
_SINGKATAN_PROVINSI: Final = (
    (re.compile(r"^(?:D K I|DKI)\b"), "DAERAH KHUSUS IBUKOTA"),
    (re.compile(r"^(?:D I Y|DIY)$"), "DAERAH ISTIMEWA YOGYAKARTA"),
    (re.compile(r"^(?:D I|DI)\b"), "DAERAH ISTIMEWA"),
    (re.compile(r"^NTB$"), "NUSA TENGGARA BARAT"),
    (re.compile(r"^NTT$"), "NUSA TENGGARA TIMUR"),
)
_RE_KEP: Final = re.compile(r"\bKEP\b")
EJAAN_LAMA: Final = (("OE", "U"), ("DJ", "J"), ("TJ", "C"), ("SJ", "SY"), ("CH", "KH"))
"""Old Indonesian spellings and the current ones (OE until 1947, the others until 1972): a
name written in one where the master has the other (SOEKAMAJOE ~ Sukamaju, LURAM ~ Loeram,
DJATI ~ Jati) has the same loose key. Left to the similarity tier: old J for Y and NJ for NY,
whose letters current names hold in both roles (SUKAMAJU / SUKAMAYU, BANJAR / BANYAR)."""
_RE_HURUF: Final = re.compile(r"[A-Za-z]")


def normalkan_nama(nama: str, tingkat: str | None = None) -> str:
    """Return the comparison key for a region name.

    Upper-cases, drops apostrophes, turns other punctuation (dots, hyphens, commas,
    brackets) into spaces, collapses whitespace (newlines included) and expands ``KEP``
    to ``KEPULAUAN``. At ``kabupaten`` level the type prefix ``KABUPATEN``/``KAB``/``KOTA``
    (optionally followed by ``ADMINISTRASI``/``ADM``, or ``ADMINISTRASI``/``ADM`` alone) is
    removed, likewise ``KECAMATAN``/
    ``KEC``/``DISTRIK`` and ``DESA ADAT``/``DESA``/``KELURAHAN``/``KEL``; at ``provinsi`` level
    ``PROVINSI`` is removed and ``DKI``/``DI``/``DIY``/``NTB``/``NTT`` are expanded.
    With ``tingkat=None`` no prefix is removed (a desa may be called "Kota Baru").

    >>> normalkan_nama("KAB. ADM. KEP. SERIBU", "kabupaten")
    'KEPULAUAN SERIBU'
    >>> normalkan_nama("ADMINISTRASI KEPULAUAN SERIBU", "kabupaten")
    'KEPULAUAN SERIBU'
    """
    if tingkat is not None and tingkat not in TINGKAT:
        raise ValueError(f"tingkat tidak dikenal: {tingkat!r} (pilihan: {', '.join(TINGKAT)})")
    teks = _RE_APOSTROF.sub("", str(nama).upper())
    teks = " ".join(_RE_TANDA_BACA.sub(" ", teks).split())
    if tingkat == "kabupaten":
        teks = _RE_AWALAN_KABKOTA.sub("", teks)
    elif tingkat == "kecamatan":
        teks = _RE_AWALAN_KECAMATAN.sub("", teks)
    elif tingkat == "desa":
        teks = _RE_AWALAN_DESA.sub("", teks)
    elif tingkat == "provinsi":
        teks = _RE_AWALAN_PROVINSI.sub("", teks)
        for pola, ganti in _SINGKATAN_PROVINSI:
            teks = pola.sub(ganti, teks)
    return _RE_KEP.sub("KEPULAUAN", teks)


def _ejaan_kini(kunci: str) -> str:
    """A name key in the current spelling (:data:`EJAAN_LAMA`): SOEKAMADJOE -> SUKAMAJU."""
    for lama, kini in EJAAN_LAMA:
        kunci = kunci.replace(lama, kini)
    return kunci


@lru_cache(maxsize=65536)
def _kunci_longgar(kunci: str, ejaan: bool = True) -> str:
    """Loose key: reduplicated words dropped (PODA PODA -> PODA), no spaces, the current
    spelling (:func:`_ejaan_kini`, unless ``ejaan`` is False), no doubled letters.

    Catches spelling variants such as ALU/Allu, MAPILI BARAT/Mapilli Barat, PODA/Poda-Poda,
    SOEKAMAJOE/Sukamaju. The spelling is folded after the spaces go, so a space between two
    letters of a digraph (KRAMAT JATI / Kramatjati) changes nothing.
    """
    kata = kunci.split()
    rapat = "".join(k for i, k in enumerate(kata) if i == 0 or k != kata[i - 1])
    return _RE_HURUF_GANDA.sub(r"\1", _ejaan_kini(rapat) if ejaan else rapat)


def _nama_sesuai(kunci: str, kunci_master: str) -> tuple[bool, float]:
    """Whether a name written beside a code fits that code's master name (the same loose key,
    or similar: :data:`AMBANG_MIRIP`), and their similarity. One rule for a full code column
    (:mod:`transforms.wilayah.periksa`) and for SIGA's desa code suffix
    (:mod:`transforms.wilayah.pencocok`)."""
    rasio = _kemiripan(kunci, kunci_master)
    return _kunci_longgar(kunci) == _kunci_longgar(kunci_master) or rasio >= AMBANG_MIRIP, rasio


def _jenis_kabkota(nama: str) -> str | None:
    """Return "kota"/"kabupaten" from a name's prefix, None when it has no prefix."""
    kata = normalkan_nama(nama).split()
    if not kata:
        return None
    if kata[0] in _AWALAN_KOTA:
        return "kota"
    return "kabupaten" if kata[0] in ("KAB", "KABUPATEN") else None


def _kemiripan(a: str, b: str) -> float:
    """SequenceMatcher ratio between two normalised names."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
