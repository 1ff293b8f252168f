"""Safe file names: a name taken from inside a file or from a user never becomes a path."""

from __future__ import annotations

import re
import unicodedata

NAMA_WINDOWS = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{dev}{i}" for dev in ("COM", "LPT") for i in range(10)}
)
NAMA_PANJANG_MAKS = 120
_EKSTENSI_PANJANG_MAKS = 16


def _tanpa_kendali(teks: str) -> str:
    return "".join(ch for ch in teks if unicodedata.category(ch)[0] != "C")


def _potong_nama(nama: str) -> str:
    """At most 120 characters, keeping a short extension."""
    if len(nama) <= NAMA_PANJANG_MAKS:
        return nama
    batang, titik, ekstensi = nama.rpartition(".")
    if not titik or not batang or len(ekstensi) > _EKSTENSI_PANJANG_MAKS:
        return nama[:NAMA_PANJANG_MAKS].rstrip("._-")
    batang = batang[: NAMA_PANJANG_MAKS - len(ekstensi) - 1].rstrip("._-")
    return f"{batang}.{ekstensi}"


def nama_aman(name: str) -> str:
    """A file name that can never act as a path or surprise a shell or Windows.

    Keeps only the last path component (``/`` and ``\\`` both count), drops NUL and other
    control characters, folds accents to ASCII, replaces everything outside ``[A-Za-z0-9._-]``
    with ``_``, collapses ``..``, strips leading and trailing dots, dashes and underscores,
    defuses reserved Windows device names (``CON.csv`` -> ``CON_.csv``), caps the length at 120
    and falls back to ``berkas``. Idempotent.
    """
    teks = _tanpa_kendali(unicodedata.normalize("NFKC", str(name)))
    teks = re.split(r"[\\/]", teks)[-1]
    teks = "".join(
        ch if ch.isascii() else "" if unicodedata.combining(ch) else "_"
        for ch in unicodedata.normalize("NFKD", teks)
    )
    teks = re.sub(r"[^A-Za-z0-9._-]+", "_", teks)
    teks = _potong_nama(re.sub(r"\.{2,}", ".", teks).strip("._-"))
    depan, titik, belakang = teks.partition(".")
    if depan.upper() in NAMA_WINDOWS:
        teks = _potong_nama(f"{depan}_{titik}{belakang}")
    return teks or "berkas"
