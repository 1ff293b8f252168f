"""``indikator asal`` as lines of Bahasa text (the same on a terminal and in a log)."""

from __future__ import annotations

import pandas as pd

from schemas.model import Katalog
from transforms.baca.angka import tampilkan_bilangan_ringkas
from transforms.baca.kalender import NAMA_BULAN
from transforms.keluar.asal import (
    Asal,
    LangkahAsal,
    NilaiWilayah,
    cari_bagian_komponen,
    periksa_sama,
)


def sebut_angka(x: float | None, desimal: int = 2) -> str:
    """A number the Indonesian way: ``119.867``, ``59,30``; ``-`` when empty."""
    if x is None or pd.isna(x):
        return "-"
    return tampilkan_bilangan_ringkas(x, desimal)


def _sebut_periode(tahun: int, bulan: int | None, semester: int | None) -> str:
    if bulan:
        return f"{NAMA_BULAN[bulan]} {tahun}"
    if semester:
        return f"semester {semester} {tahun}"
    return f"tahun {tahun} (tahunan)"


def _int(v: object) -> int | None:
    return None if pd.isna(v) else int(v)


def _sebut_wilayah(w: NilaiWilayah) -> str:
    return f"{w.nama_wilayah} ({w.kode_wilayah})"


def _pb(pembilang: float | None, penyebut: float | None, ada_penyebut: bool) -> str:
    """``pembilang X, penyebut Y`` (only the numerator for a count indicator)."""
    teks = f"pembilang {sebut_angka(pembilang)}"
    return teks + (f", penyebut {sebut_angka(penyebut)}" if ada_penyebut else "")


def _baris_anak(w: NilaiWilayah, ditelusuri: bool, ada_penyebut: bool) -> str:
    tanda = "  ◂ ditelusuri" if ditelusuri else ""
    return (
        f"    {w.kode_wilayah} {w.nama_wilayah}: {_pb(w.pembilang, w.penyebut, ada_penyebut)}, "
        f"nilai {sebut_angka(w.nilai)}{tanda}"
    )


def _cek(jumlah: float | None, induk: float | None) -> str:
    tanda = "✓" if periksa_sama(jumlah, induk) else "✗ TIDAK SAMA"
    return f"{sebut_angka(jumlah)} = {sebut_angka(induk)} {tanda}"


def _teks_langkah(lk: LangkahAsal, tingkat_anak: str, ada_penyebut: bool) -> list[str]:
    lines = [f"{_sebut_wilayah(lk.induk)} menjumlahkan {lk.jumlah_anak} {tingkat_anak}:"]
    lines += [_baris_anak(w, i == 0, ada_penyebut) for i, w in enumerate(lk.anak)]
    sisa = lk.jumlah_anak - len(lk.anak)
    if sisa:
        pb = _pb(lk.sisa_pembilang, lk.sisa_penyebut, ada_penyebut)
        lines.append(f"    … dan {sisa} {tingkat_anak} lain ({pb})")
    cek = f"pembilang {_cek(lk.jumlah_pembilang, lk.induk.pembilang)}"
    if ada_penyebut:
        cek += f", penyebut {_cek(lk.jumlah_penyebut, lk.induk.penyebut)}"
    lines.append(f"    jumlah {lk.jumlah_anak} {tingkat_anak}: {cek}")
    return lines


def _teks_baris(asal: Asal, katalog: Katalog, maks: int) -> list[str]:
    """The leaf region's file rows, and their sum against its numerator/denominator."""
    leaf = asal.langkah[-1].anak[0] if asal.langkah else asal.nilai
    if asal.baris.empty:
        return [f"{_sebut_wilayah(leaf)}: tidak ada baris komponen di generasi ini."]
    lines = [f"{_sebut_wilayah(leaf)}: baris berkas asal"]
    batas = max(maks * 4, 8)
    for _, r in asal.baris.head(batas).iterrows():
        lembar = f", sheet {r['lembar']}" if pd.notna(r["lembar"]) and r["lembar"] else ""
        periode = ""
        if pd.notna(r["bulan"]) or pd.notna(r["semester"]):
            periode = f" ({_sebut_periode(asal.tahun, _int(r['bulan']), _int(r['semester']))})"
        lines.append(
            f"    {r['komponen']}{periode} = {sebut_angka(r['nilai'])}: {r['berkas']}{lembar}, "
            f"baris {int(r['baris'])} (sumber {r['sumber']})"
        )
    if asal.jumlah_baris > batas:
        lines.append(f"    … dan {asal.jumlah_baris - batas} baris lain")
    ind = katalog.indikator[asal.kode_indikator]
    for peran, nama, nilai in (
        ("pembilang", ind.pembilang, leaf.pembilang),
        ("penyebut", ind.penyebut, leaf.penyebut),
    ):
        if not nama:
            continue
        bagian = set(cari_bagian_komponen(katalog, nama))
        jumlah = float(asal.baris.loc[asal.baris["komponen"].isin(bagian), "nilai"].sum())
        lines.append(f"    jumlah baris {peran} ({nama}): {_cek(jumlah, nilai)}")
    return lines


def buat_teks_asal(asal: Asal, katalog: Katalog, maks: int) -> list[str]:
    """Every line ``indikator asal`` prints."""
    ind = katalog.indikator[asal.kode_indikator]
    v = asal.nilai
    pengali = f" × {sebut_angka(ind.pengali)}" if ind.penyebut and ind.pengali != 1 else ""
    lines = [
        f"{asal.kode_indikator} {asal.judul}",
        f"{_sebut_wilayah(v)}, {_sebut_periode(asal.tahun, asal.bulan, asal.semester)}: "
        f"nilai {sebut_angka(v.nilai)} = pembilang {sebut_angka(v.pembilang)}"
        + (f" / penyebut {sebut_angka(v.penyebut)}{pengali}" if ind.penyebut else "")
        + f" (sumber {asal.sumber})",
    ]
    if asal.periode_turun != (asal.bulan, asal.semester):
        lines.append(
            f"Nilai tahunan = nilai {_sebut_periode(asal.tahun, *asal.periode_turun)} "
            f"(komponen stok: periode terakhir yang dilaporkan, bulan_acuan {asal.bulan_acuan}); "
            "rincian di bawah untuk periode itu."
        )
    for i, lk in enumerate(asal.langkah):
        tingkat = lk.anak[0].tingkat if lk.anak else "wilayah"
        lines += _teks_langkah(lk, tingkat, bool(ind.penyebut))
        if i + 1 < len(asal.langkah):
            lines.append("")
    lines += ["", *_teks_baris(asal, katalog, maks)]
    bulan = asal.periode_turun[0]
    opsi = f" --bulan {bulan}" if bulan else ""
    lines.append(
        f"Telusuri wilayah lain: indikator asal {asal.kode_indikator} KODE_WILAYAH "
        f"--tahun {asal.tahun}{opsi}"
    )
    return lines
