"""Value warnings as a person reads them: the Bahasa text, made only for the rows shown.

:func:`buat_peringatan_nilai` turns the typed detail of :func:`~transforms.komponen.lonjakan.
cari_lonjakan` into karantina rows through the one builder (:func:`~transforms.komponen.
karantina.buat_masalah`): per file, component and rule, one row per value when the rule fires
on few of the file's values, one summary row (count, share, the first examples) when it fires
on most of them or on more than :data:`BATAS_RINCI`. The detail stays whole as data (the
``lonjakan`` table). Every text names the file, the row, the region name and code, the
component, the month and the values.
"""

from __future__ import annotations

import pandas as pd

from schemas.aturan import ATURAN
from schemas.masukan import tampilkan_angka
from transforms.baca.kalender import NAMA_BULAN
from transforms.baca.tolak import tampilkan_ribuan
from transforms.komponen.karantina import KOLOM_MASALAH, buat_masalah

BATAS_RINCI = 200
"""At most this many per-value warning rows per file, component and rule; beyond, a summary."""
PORSI_RINGKAS = 0.5
"""A rule firing on at least this share of a file's values of a component is summarised..."""
MIN_RINGKAS = 20
"""... when it fires on at least this many of them (a few rows are always listed)."""
CONTOH = 3
"""Examples named in a summary row."""


def sebut_wilayah(nama: pd.Series, kode: pd.Series) -> pd.Series:
    """``GRABAG (33.06.01.2001)``: the region as a person finds it (the code alone when the
    master has no name for it)."""
    kode = kode.astype(str)
    dikenal = nama.notna() & (nama.astype(str) != kode)
    return (nama.astype(str) + " (" + kode + ")").where(dikenal, kode)


def _periode(rinci: pd.DataFrame) -> pd.Series:
    bulan = rinci["bulan"].astype("Int64").map(NAMA_BULAN, na_action="ignore").fillna("")
    return bulan + " " + rinci["tahun"].astype("Int64").astype(str)


def tulis_pesan_nilai(rinci: pd.DataFrame) -> pd.Series:
    """The Bahasa message of each detail row (rule, region, component, month, values)."""
    nilai = rinci["nilai"].map(tampilkan_angka)
    banding = rinci["pembanding"].map(tampilkan_angka)
    lonjak = rinci["aturan"] == ATURAN.lonjakan_bulanan
    inti = (
        ("nilai " + nilai + " berubah lebih dari 3 kali lipat dari bulan sebelumnya (" + banding)
        .where(lonjak, "nilai " + nilai + " jauh dari kebiasaan wilayah ini (median " + banding)
        .astype(str)
    )
    return (
        sebut_wilayah(rinci["nama_wilayah"], rinci["kode_wilayah"])
        + ", komponen "
        + rinci["komponen"].astype(str)
        + ", "
        + _periode(rinci)
        + ": "
        + inti
        + "); periksa kembali baris "
        + rinci["baris"].astype("Int64").astype(str)
        + " di berkas "
        + rinci["berkas"].astype(str)
    )


def _per_nilai(rinci: pd.DataFrame) -> pd.DataFrame:
    return buat_masalah(
        berkas=rinci["berkas"],
        sheet=None,
        baris=rinci["baris"],
        kolom=rinci["komponen"],
        nilai=rinci["nilai"].map(tampilkan_angka),
        aturan=rinci["aturan"],
        pesan=tulis_pesan_nilai(rinci),
        sumber=rinci["sumber"],
        tahun=rinci["tahun"],
        wilayah=sebut_wilayah(rinci["nama_wilayah"], rinci["kode_wilayah"]),
    )


def _ringkasan(grup: pd.DataFrame, total: int) -> pd.DataFrame:
    """One summary row for a file/component/rule whose detail is too long to list."""
    pertama = grup.iloc[0]
    contoh = grup.sort_values("baris").head(CONTOH)
    teks_contoh = "; ".join(
        f"baris {b} {p}" for b, p in zip(contoh["baris"], _pendek(contoh), strict=True)
    )
    n = len(grup)
    pesan = (
        f"aturan {pertama['aturan']} berlaku pada {tampilkan_ribuan(n)} dari "
        f"{tampilkan_ribuan(total)} nilai bulanan komponen {pertama['komponen']} di berkas "
        f"{pertama['berkas']} ({n / max(total, 1):.0%}); terlalu banyak untuk dicatat satu per "
        f"satu, rinciannya ada di tabel 'lonjakan' keluaran run ini. Contoh: {teks_contoh}. "
        "Bila hampir semua nilai berubah, periksa apakah bulan atau kolom berkas ini tertukar."
    )
    return buat_masalah(
        berkas=pertama["berkas"],
        sheet=None,
        baris=pd.Series([pd.NA]),
        kolom=pertama["komponen"],
        nilai=f"{n} dari {total} nilai",
        aturan=pertama["aturan"],
        pesan=pesan,
        sumber=pertama["sumber"],
        tahun=pertama["tahun"],
        wilayah=f"{tampilkan_ribuan(grup['kode_wilayah'].nunique())} wilayah",
    )


def _pendek(contoh: pd.DataFrame) -> list[str]:
    """A short example: ``GRABAG (33.06.01.2001) Februari 2025 12 → 50``."""
    wilayah = sebut_wilayah(contoh["nama_wilayah"], contoh["kode_wilayah"])
    periode = _periode(contoh)
    return [
        f"{w} {p} {tampilkan_angka(b)} → {tampilkan_angka(n)}"
        for w, p, b, n in zip(wilayah, periode, contoh["pembanding"], contoh["nilai"], strict=True)
    ]


def buat_peringatan_nilai(rinci: pd.DataFrame, jumlah: pd.Series) -> pd.DataFrame:
    """Karantina rows (without ``id_run``) for the value warnings in ``rinci``.

    Args:
        rinci: the typed detail (:data:`~transforms.komponen.lonjakan.KOLOM_LONJAKAN`).
        jumlah: the number of monthly values per ``(berkas, komponen)`` (the share's base).
    """
    if rinci.empty:
        return pd.DataFrame(columns=KOLOM_MASALAH)
    kunci = ["berkas", "komponen", "aturan"]
    n = rinci.groupby(kunci, observed=True)["nilai"].transform("size")
    idx = pd.MultiIndex.from_frame(rinci[["berkas", "komponen"]].astype(object))
    total = pd.Series(jumlah.reindex(idx).to_numpy(), index=rinci.index).fillna(n)
    ringkas = (n > BATAS_RINCI) | ((n >= MIN_RINGKAS) & (n >= PORSI_RINGKAS * total))
    frames = [_per_nilai(rinci[~ringkas])] if (~ringkas).any() else []
    for _, grup in rinci[ringkas].groupby(kunci, observed=True, sort=True):
        frames.append(_ringkasan(grup, int(total[grup.index[0]])))
    return pd.concat(frames, ignore_index=True)[KOLOM_MASALAH]
