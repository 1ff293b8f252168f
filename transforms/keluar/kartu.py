"""The metadata card of one indicator and its formula, as plain text (``indikator katalog``)."""

from __future__ import annotations

from schemas.katalog import jelaskan_aturan_tahunan
from schemas.model import Indikator, Katalog


def buat_rumus(ind: Indikator) -> str:
    """The indicator's formula, e.g. ``Σ peserta_kb_aktif / Σ pus × 100``."""
    if ind.penyebut is None:
        return f"Σ {ind.pembilang}"
    kali = f" × {ind.pengali:g}" if ind.pengali != 1 else ""
    return f"Σ {ind.pembilang} / Σ {ind.penyebut}{kali}"


def sebut_komponen(katalog: Katalog, nama: str | None) -> str:
    """A component's title (its name when the registry lacks it; empty for no component)."""
    if nama is None:
        return ""
    komponen = katalog.komponen.get(nama)
    return komponen.judul if komponen is not None else nama


def buat_rumus_kata(ind: Indikator, katalog: Katalog, bagi: str = " / ", kali: str = " x ") -> str:
    """The formula in words, with component titles: ``Peserta KB aktif (PA) / Pasangan usia
    subur (PUS) x 100`` (the separators as the reader's medium wants them)."""
    teks = sebut_komponen(katalog, ind.pembilang)
    if ind.penyebut is not None:
        teks += f"{bagi}{sebut_komponen(katalog, ind.penyebut)}"
    return teks if ind.pengali == 1 else f"{teks}{kali}{ind.pengali:g}"


def buat_judul_kartu(ind: Indikator) -> str:
    """Title of the card."""
    return f"{ind.kode} — {ind.judul}"


def buat_kartu(ind: Indikator, katalog: Katalog) -> list[tuple[str, str]]:
    """The card's rows: (label, text), in the order a metadata sheet lists them."""
    rows = [
        ("NAMA INDIKATOR", ind.judul),
        ("KODE", ind.kode),
        ("KONSEP / DEFINISI", ind.definisi),
        ("RUMUS", buat_rumus(ind)),
    ]
    for peran, nama in (("PEMBILANG", ind.pembilang), ("PENYEBUT", ind.penyebut)):
        if nama:
            k = katalog.komponen[nama]
            rows.append(
                (peran, f"{k.judul} [{nama}] — {k.definisi} ({jelaskan_aturan_tahunan(k)})")
            )
    rows += [
        ("SATUAN", ind.satuan),
        (
            "ARAH",
            "naik (semakin tinggi semakin baik)"
            if ind.arah == "naik"
            else "turun (semakin rendah semakin baik)",
        ),
        ("PERIODE", ind.frekuensi),
        ("KEDALAMAN DATA", ", ".join(ind.kedalaman)),
        ("SUMBER DATA", ind.sumber_data),
        ("WALI DATA", ind.wali_data),
        ("TARGET", ind.target_teks or "-"),
        ("RUJUKAN", ind.rujukan),
    ]
    if ind.alias:
        rows.append(("ALIAS", "; ".join(f"{a['sistem']} {a['kode']}" for a in ind.alias)))
    if ind.catatan:
        rows.append(("CATATAN", ind.catatan))
    return rows
