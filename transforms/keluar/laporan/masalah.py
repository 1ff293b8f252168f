"""The problem frame of the sender's report, its row accounting and the verdict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from schemas.aturan import ATURAN, jelaskan_aturan, saran_aturan
from transforms.baca.tolak import tampilkan_ribuan
from transforms.keluar.laporan.teks import ubah_teks
from transforms.komponen.karantina import KOLOM_MASALAH

TANPA_ATURAN = "tanpa_aturan"
"""Shown for a problem handed to the report without a rule id. Not a rule: a run never makes
one (every problem row comes from the builder, which requires a registry id)."""


def normalkan_masalah(masalah: pd.DataFrame) -> pd.DataFrame:
    """The problem columns of the karantina contract, sorted by row (whole-file problems first).

    Missing columns are added empty, ``baris`` becomes Int64 and a missing level counts as
    ``galat``; within a row errors come before warnings.
    """
    m = masalah.reindex(columns=KOLOM_MASALAH).reset_index(drop=True)
    tingkat = m["tingkat_masalah"].astype("string").fillna("galat").str.strip().str.lower()
    m = m.assign(
        baris=pd.to_numeric(m["baris"], errors="coerce").astype("Int64"),
        tingkat_masalah=tingkat.astype(object),
        aturan=m["aturan"].astype("string").fillna(TANPA_ATURAN).astype(object),
        _urut=(tingkat != "galat").astype(int),
    )
    m = m.sort_values(["baris", "_urut"], na_position="first", kind="stable")
    return m.drop(columns="_urut").reset_index(drop=True)


def _bilangan(akuntansi: Mapping[str, object], kunci: str) -> int:
    """An integer count of the accounting dict (0 when absent or not a number)."""
    value: Any = akuntansi.get(kunci, 0)
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def hitung_tingkat(m: pd.DataFrame) -> tuple[int, int]:
    """Number of errors and of warnings."""
    galat = int((m["tingkat_masalah"] == "galat").sum())
    return galat, len(m) - galat


def cari_alasan_tolak(m: pd.DataFrame, akuntansi: Mapping[str, object]) -> str | None:
    """Why the whole file was rejected, or None when it was not."""
    if "ditolak" in akuntansi:
        return ubah_teks(akuntansi["ditolak"]) or "berkas ditolak"
    tolak = m[m["aturan"] == ATURAN.berkas_ditolak]
    if tolak.empty:
        return None
    pesan = ubah_teks(tolak["pesan"].iloc[0])
    awalan = "seluruh berkas ditolak:"
    if pesan.lower().startswith(awalan):
        pesan = pesan[len(awalan) :].strip()
    return pesan or "berkas ditolak"


def periksa_dapat_dipakai(masalah: pd.DataFrame, akuntansi: Mapping[str, object]) -> bool:
    """True when the file was not rejected and at least one row is usable."""
    if cari_alasan_tolak(normalkan_masalah(masalah), akuntansi) is not None:
        return False
    return _bilangan(akuntansi, "baris_dipakai") > 0


def buat_vonis(m: pd.DataFrame, akuntansi: Mapping[str, object]) -> tuple[bool, str, str]:
    """Verdict: usable or not, the verdict words, and why (Bahasa)."""
    ditolak = cari_alasan_tolak(m, akuntansi)
    if ditolak is not None:
        return False, "TIDAK DAPAT DIPAKAI", f"seluruh berkas ditolak: {ditolak}"
    dipakai = _bilangan(akuntansi, "baris_dipakai")
    if dipakai <= 0:
        return False, "TIDAK DAPAT DIPAKAI", "tidak ada satu baris pun yang dapat dipakai"
    karantina = _bilangan(akuntansi, "baris_karantina")
    if karantina:
        alasan = (
            f"{tampilkan_ribuan(dipakai)} baris dipakai; "
            f"{tampilkan_ribuan(karantina)} baris dikarantina dan tidak dipakai sampai diperbaiki"
        )
        return True, "DAPAT DIPAKAI", alasan
    return True, "DAPAT DIPAKAI", f"{tampilkan_ribuan(dipakai)} baris dipakai"


def buat_baris_akuntansi(akuntansi: Mapping[str, object]) -> list[tuple[str, int]]:
    """Labelled row counts, in the order read = used + quarantined + non-data."""
    return [
        ("Baris dibaca", _bilangan(akuntansi, "baris_dibaca")),
        ("Baris dipakai", _bilangan(akuntansi, "baris_dipakai")),
        ("Baris dikarantina (ada galat, tidak dipakai)", _bilangan(akuntansi, "baris_karantina")),
        ("Baris bukan data (kosong, judul, total)", _bilangan(akuntansi, "baris_bukan_data")),
    ]


def periksa_seimbang(akuntansi: Mapping[str, object]) -> bool:
    """True when rows read = used + quarantined + non-data."""
    dibaca, dipakai, karantina, bukan = (n for _, n in buat_baris_akuntansi(akuntansi))
    return dibaca == dipakai + karantina + bukan


def hitung_per_aturan(m: pd.DataFrame) -> pd.DataFrame:
    """One row per rule, errors first, then by count.

    Each row has the rule's level, count, first example by row (``baris``, ``kolom``,
    ``nilai``, ``pesan``, ``wilayah``), and from the registry its Bahasa explanation
    (``penjelasan``; the example's message for a rule the registry does not know) and what to
    do (``tindakan``).
    """
    kolom = ["aturan", "tingkat", "jumlah", "baris", "kolom", "nilai", "pesan"]
    kolom += ["penjelasan", "tindakan", "wilayah"]
    if m.empty:
        return pd.DataFrame(columns=kolom)
    grup = m.assign(_galat=m["tingkat_masalah"] == "galat").groupby("aturan", sort=False)
    ringkas = pd.DataFrame({"_galat": grup["_galat"].any(), "jumlah": grup.size()})
    contoh = m.reindex(columns=[*m.columns.drop("wilayah", errors="ignore"), "wilayah"])
    contoh = contoh.drop_duplicates("aturan").set_index("aturan")
    contoh = contoh[["baris", "kolom", "nilai", "pesan", "wilayah"]]
    ringkas = ringkas.join(contoh).reset_index()
    ringkas = ringkas.sort_values(["_galat", "jumlah"], ascending=[False, False], kind="stable")
    ringkas = ringkas.assign(
        tingkat=ringkas["_galat"].map({True: "galat", False: "peringatan"}),
        penjelasan=[
            jelaskan_aturan(a) or ubah_teks(p)
            for a, p in zip(ringkas["aturan"], ringkas["pesan"], strict=True)
        ],
        tindakan=ringkas["aturan"].map(saran_aturan),
    )
    return ringkas[kolom].reset_index(drop=True)
