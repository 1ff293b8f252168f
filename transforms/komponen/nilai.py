"""The numbers of each row: parsed deliberately, unreadable cells, registry checks, formulas,
and a last row the file cut short."""

from __future__ import annotations

import pandas as pd

from schemas.aturan import ATURAN
from schemas.model import KUNCI_PERIKSA, Layout
from transforms.baca.angka import kenali_ambigu, kenali_tak_hingga, ubah_ada, ubah_angka
from transforms.baca.sel import ringkas_baris
from transforms.baca.tabel import TabelTeks
from transforms.komponen.asal import Asal
from transforms.komponen.karantina import (
    KOLOM_MASALAH,
    buat_karantina,
    buat_karantina_sel,
    gabung_karantina,
)


def baca_nilai_lebar(tabel: TabelTeks, layout: Layout) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parsed numbers of every numeric column the layout names, and the unreadable cells."""
    cols = [c for c in layout.komponen if c in tabel.data.columns]
    for p in layout.periksa:
        cols += [v for k, v in p.items() if k in KUNCI_PERIKSA] + list(p.get("bagian", ()))
    cols = [c for c in dict.fromkeys(cols) if c in tabel.data.columns]
    values, invalid = {}, {}
    for kol in cols:
        if layout.ubah.get(kol) == "ada":
            values[kol], invalid[kol] = ubah_ada(tabel.data[kol])
        else:
            values[kol], invalid[kol] = ubah_angka(tabel.data[kol])
    idx = tabel.data.index
    return pd.DataFrame(values, index=idx), pd.DataFrame(invalid, index=idx, dtype=bool)


def buat_karantina_tak_terbaca(
    tabel: TabelTeks, invalid: pd.DataFrame, asal: Asal, penting: set[str]
) -> pd.DataFrame:
    """Unreadable numbers: an error in a component column, a warning in a check-only column.

    A non-finite number (``inf``, ``NaN``, ``1e999``) has its own rule, at the same level.
    """
    frames = []
    for kol in invalid.columns:
        tingkat = "galat" if kol in penting else "peringatan"
        salah = invalid[kol]
        if not salah.any():  # most columns of most files: no problem frame to build
            continue
        teks = tabel.data.loc[salah, kol]
        tak_hingga = kenali_tak_hingga(teks).reindex(salah.index, fill_value=False)
        ambigu = kenali_ambigu(teks).reindex(salah.index, fill_value=False)
        frames += [
            buat_karantina_sel(
                tabel,
                asal,
                kol,
                salah & ~tak_hingga & ~ambigu,
                ATURAN.angka_tidak_valid,
                f"isi kolom {kol!r} bukan angka",
                tingkat,
            ),
            buat_karantina_sel(
                tabel,
                asal,
                kol,
                ambigu,
                ATURAN.angka_ambigu,
                f"isi kolom {kol!r} ambigu: komanya bisa pemisah ribuan atau desimal; "
                "nilai ini tidak dipakai",
                tingkat,
            ),
            buat_karantina_sel(
                tabel,
                asal,
                kol,
                tak_hingga,
                ATURAN.angka_tak_hingga,
                f"isi kolom {kol!r} bernilai tak hingga atau bukan-angka (inf/NaN), "
                "bukan jumlah; nilai ini tidak diterbitkan",
                tingkat,
            ),
        ]
    return gabung_karantina(frames)


def buat_karantina_validasi(tabel: TabelTeks, hasil: pd.DataFrame, asal: Asal) -> pd.DataFrame:
    """The registry checks' findings (:func:`schemas.masukan.periksa_nilai`) as problems."""
    if hasil.empty:
        return pd.DataFrame(columns=KOLOM_MASALAH)
    idx = pd.Index(hasil["indeks"])
    return buat_karantina(
        asal,
        tabel.sheet,
        pd.Series(tabel.baris.loc[idx].to_numpy()),
        pd.Series(hasil["kolom"].to_numpy()),
        pd.Series(hasil["nilai"].to_numpy()),
        pd.Series(hasil["aturan"].to_numpy()),
        pd.Series(hasil["pesan"].to_numpy()),
        tingkat=pd.Series(hasil["tingkat_masalah"].to_numpy()),
    )


def buat_karantina_rumus(tabel: TabelTeks, asal: Asal) -> pd.DataFrame:
    """Formula cells without a stored value (the reader lists them in ``sel_rumus``)."""
    sel = getattr(tabel, "sel_rumus", None)
    if sel is None or not len(sel):
        return pd.DataFrame(columns=KOLOM_MASALAH)
    return buat_karantina(
        asal,
        tabel.sheet,
        sel["baris"],
        sel["kolom"],
        sel["rumus"],
        ATURAN.rumus_tanpa_nilai,
        "sel berisi rumus tanpa nilai tersimpan (berkas belum pernah dihitung di Excel); "
        "buka dan simpan ulang di Excel, atau isi angkanya langsung",
    )


def ganti_masalah_terpotong(tabel: TabelTeks, asal: Asal, masalah: pd.DataFrame) -> pd.DataFrame:
    """A truncated last row (``tabel.baris_terpotong``) gets one error saying so.

    Its other problems (a blank month, a cut number) only follow from the cut, so they are
    replaced by that one message; the row is quarantined, never used.
    """
    baris = tabel.baris_terpotong
    if baris is None:
        return masalah
    mask = tabel.baris == baris
    isi = tabel.data.loc[mask].apply(lambda r: ringkas_baris(list(r)), axis=1)
    terisi = int((tabel.data.loc[mask].iloc[0].str.strip() != "").sum())
    potong = buat_karantina(
        asal,
        tabel.sheet,
        tabel.baris[mask],
        None,
        isi,
        ATURAN.baris_terpotong,
        f"berkas terpotong: baris terakhir berhenti di tengah baris ({terisi} dari "
        f"{tabel.data.shape[1]} kolom terisi, tanpa pindah baris di akhir berkas); baris ini "
        "tidak dipakai dan baris sesudahnya mungkin hilang",
    )
    lain = masalah[masalah["baris"].astype("Int64") != baris]
    return gabung_karantina([lain, potong])
