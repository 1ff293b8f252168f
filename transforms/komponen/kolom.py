"""The layout's columns in a file: header spellings, presence check, region name columns."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from schemas.model import Layout
from transforms.baca.sel import KELAS_SPASI
from transforms.baca.tabel import TabelTeks
from transforms.komponen.asal import Asal, BerkasDitolak


def normalkan_header(tabel: TabelTeks, layout: Layout) -> TabelTeks:
    """Rename the file's headers to the layout's spellings (aliases, snake_case, prefixes)."""
    peta = layout.peta_header(list(tabel.data.columns))
    peta = {k: v for k, v in peta.items() if k != v}
    if not peta:
        return tabel
    return replace(tabel, data=tabel.data.rename(columns=peta))


def periksa_judul_ganda(tabel: TabelTeks, layout: Layout) -> None:
    """Raise :class:`BerkasDitolak` when a header the layout uses appears more than once.

    Taking one of two ``PUS`` columns would publish a number nobody chose; the sender has to
    say which one is right. A repeated header the layout does not use (or ignores, like
    ``NO``) is left alone: neither copy is read.
    """
    dipakai = {
        kolom
        for kolom, nama in layout.peta_header(list(tabel.data.columns)).items()
        if nama not in layout.abaikan
    }
    for ganda in tabel.judul_ganda:
        if dipakai.intersection(ganda.kolom):
            huruf = " dan ".join(ganda.huruf)
            raise BerkasDitolak(
                f"judul kolom {ganda.judul!r} muncul {len(ganda.kolom)} kali (kolom {huruf}); "
                "tidak jelas kolom mana yang benar. Hapus salah satunya atau beri nama "
                "yang berbeda, lalu kirim ulang"
            )


def cari_kolom_wilayah(tabel: TabelTeks, layout: Layout) -> dict[str, str]:
    """The layout's region columns present in the file (level or code key → column)."""
    return {t: c for t, c in layout.wilayah.items() if c in tabel.data.columns}


def periksa_kolom(tabel: TabelTeks, layout: Layout, asal: Asal | None = None) -> None:
    """Raise :class:`BerkasDitolak` when a column the layout needs is missing."""
    # the period comes from the ingest (a year at least): period columns are optional
    needed = [*layout.penanda_wajib(periode_diberikan=True)]
    if asal is None:
        needed = [*layout.kenali, *layout.periode.values()]
    if layout.panjang:
        needed += [layout.panjang["jenis"], layout.panjang["nilai"]]
    missing = [c for c in dict.fromkeys(needed) if c not in tabel.data.columns]
    if missing:
        raise BerkasDitolak(
            f"kolom {', '.join(repr(c) for c in missing)} tidak ditemukan; format {layout.id} "
            f"({layout.judul}) membutuhkannya. Kolom yang ada: {', '.join(tabel.data.columns)}"
        )
    if layout.wilayah and not cari_kolom_wilayah(tabel, layout):
        raise BerkasDitolak(
            f"tidak ada kolom wilayah; format {layout.id} membutuhkan salah satu dari "
            f"{', '.join(layout.wilayah.values())}"
        )
    if not layout.wilayah and (asal is None or not asal.scope):
        raise BerkasDitolak(
            f"berkas format {layout.id} tidak memuat kolom wilayah; sebutkan wilayahnya "
            "dengan --wilayah KODE saat ingest"
        )
    komponen_ada = [c for c in layout.komponen if c in tabel.data.columns]
    if not layout.panjang and not komponen_ada:
        raise BerkasDitolak(
            f"tidak ada satu pun kolom angka format {layout.id}: {', '.join(layout.komponen)}"
        )


_POLA_SPASI = "[" + KELAS_SPASI + "]+"


def rapikan_spasi(kolom: pd.Series) -> pd.Series:
    """Each text with its whitespace runs as one space, trimmed, in Arrow: the values of
    ``kolom.astype(str).str.split().str.join(" ")`` (object dtype, missing stays NaN).

    Each distinct text is cleaned once (a national file repeats ±7,000 kecamatan names over
    83,000 rows) and shared by the rows that hold it."""
    import pyarrow as pa
    import pyarrow.compute as pc

    teks = kolom.astype(str)
    if not teks.notna().any():  # nothing to clean: pandas' own answer (or refusal)
        return teks.str.split().str.join(" ")
    kode, unik = pd.factorize(teks)  # missing: code -1, the NaN appended last below
    rapi = pc.utf8_trim(
        pc.replace_substring_regex(pa.array(unik, pa.string()), _POLA_SPASI, " "), characters=" "
    )
    nilai = np.append(rapi.to_numpy(zero_copy_only=False), np.nan)
    return pd.Series(nilai[kode], index=kolom.index, name=kolom.name, dtype=object)


def normalkan_nama_wilayah(data: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Collapse whitespace (incl. embedded newlines) in region name columns."""
    return data.assign(**{c: rapikan_spasi(data[c]) for c in columns})
