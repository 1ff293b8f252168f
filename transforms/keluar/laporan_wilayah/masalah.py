"""The run's validation problems (karantina) and source replacements (penggantian) of a region.

A karantina row names a file and a row, not a region. The region of a row is found through the
component rows of the same file and row (warnings: the row was used). A quarantined row (galat)
has no component row; its region is then estimated from the nearest used rows before and after
it in the same file: the deepest region both lie in (``perkiraan``). Rows that cannot be placed
at all are kept when their file covers the region (``berkas``).
"""

from __future__ import annotations

import pandas as pd


def _di_dalam(kode: pd.Series, wilayah: str) -> pd.Series:
    """True where a code is the region itself or lies below it."""
    kode = kode.fillna("")
    return (kode == wilayah) | kode.str.startswith(wilayah + ".")


def _leluhur_bersama(a: object, b: object) -> str | None:
    """The deepest region containing both codes (None when either is missing)."""
    if not isinstance(a, str) or not isinstance(b, str):
        return a if isinstance(a, str) else b if isinstance(b, str) else None
    bagian_a, bagian_b = a.split("."), b.split(".")
    sama = []
    for x, y in zip(bagian_a, bagian_b, strict=False):
        if x != y:
            break
        sama.append(x)
    return ".".join(sama) or None


def _perkirakan(karantina: pd.DataFrame, asal: pd.DataFrame) -> pd.Series:
    """The region of rows without a component row, from the used rows around them."""
    hasil = pd.Series(None, index=karantina.index, dtype=object)
    for berkas, grup in karantina.groupby("berkas", sort=False):
        baris = asal[asal["berkas"] == berkas].drop_duplicates("baris").sort_values("baris")
        if baris.empty:
            continue
        nomor = baris["baris"].to_numpy()
        kode = baris["kode_wilayah"].to_numpy()
        for idx, n in grup["baris"].items():
            if pd.isna(n):
                continue
            pos = int(nomor.searchsorted(int(n)))
            sebelum = kode[pos - 1] if pos > 0 else None
            sesudah = kode[pos] if pos < len(kode) else None
            hasil[idx] = _leluhur_bersama(sebelum, sesudah)
    return hasil


def tempatkan_karantina(karantina: pd.DataFrame, asal: pd.DataFrame, wilayah: str) -> pd.DataFrame:
    """The karantina rows of the region, with ``kode_wilayah`` and ``penempatan``
    (``baris``: the row's own region, ``perkiraan``: estimated from the rows around it,
    ``berkas``: only the file is known to cover the region, ``seluruh_berkas``: a file refused
    whole, whose region the output does not record: shown in every report of the year)."""
    if karantina.empty:
        return karantina.assign(kode_wilayah=pd.Series(dtype=object), penempatan="")
    kunci = asal.drop_duplicates(["berkas", "baris"])
    kunci = kunci.assign(baris=kunci["baris"].astype("Int64"))
    nomor = karantina[["berkas", "baris"]].assign(baris=karantina["baris"].astype("Int64"))
    tepat = nomor.merge(kunci, on=["berkas", "baris"], how="left")
    tepat.index = karantina.index
    kode = tepat["kode_wilayah"].astype(object)
    penempatan = pd.Series("baris", index=karantina.index, dtype=object)
    kosong = kode.isna()
    if kosong.any():
        kira = _perkirakan(karantina[kosong], asal)
        kode[kosong] = kira
        penempatan[kosong] = "perkiraan"
    berkas_wilayah = set(asal.loc[_di_dalam(asal["kode_wilayah"], wilayah), "berkas"])
    tak_tentu = kode.isna() & karantina["berkas"].isin(berkas_wilayah)
    penempatan[tak_tentu] = "berkas"
    # a file refused whole gave no component row: where it lies is not in the output
    seluruh = karantina["baris"].isna() & ~karantina["berkas"].isin(set(asal["berkas"]))
    penempatan[seluruh] = "seluruh_berkas"
    dalam = _di_dalam(kode, wilayah) | tak_tentu | seluruh
    return karantina.assign(kode_wilayah=kode, penempatan=penempatan)[dalam].reset_index(drop=True)


def ringkas_karantina(karantina: pd.DataFrame) -> pd.DataFrame:
    """Count per file, rule and level (galat first), for the summary table."""
    if karantina.empty:
        return pd.DataFrame(columns=["berkas", "aturan", "tingkat_masalah", "jumlah", "tindakan"])
    grup = karantina.groupby(["berkas", "aturan", "tingkat_masalah"], as_index=False).agg(
        jumlah=("aturan", "size"), tindakan=("tindakan", "first")
    )
    grup["_urut"] = (grup["tingkat_masalah"] != "galat").astype(int)
    return grup.sort_values(["_urut", "jumlah"], ascending=[True, False]).drop(columns="_urut")


def ringkas_penggantian(penggantian: pd.DataFrame) -> pd.DataFrame:
    """Count per reason, component and source pair (values that differ first)."""
    kolom = ["alasan", "komponen", "sumber_dipakai", "sumber_diganti", "sama"]
    if penggantian.empty:
        return pd.DataFrame(columns=[*kolom, "jumlah"])
    grup = penggantian.groupby(kolom, as_index=False).agg(jumlah=("komponen", "size"))
    return grup.sort_values(["sama", "jumlah"], ascending=[True, False], ignore_index=True)
