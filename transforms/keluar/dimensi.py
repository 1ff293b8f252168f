"""The dimensions of the star schema beside the fact table ``indikator``.

* ``dim_wilayah``: EVERY region of the current master edition (not only those with values),
  with the codes and names of its provinsi / kabupaten / kecamatan and its desa count, so a BI
  tool gets the Provinsi > Kabupaten > Kecamatan > Desa hierarchy without self-joins; fact
  codes that are not in the current edition (a region without successor) come from the
  edition that has them.
* ``dim_periode``: one row per period present in the fact table (label and sort key).
* ``dim_indikator``: the registry, with the formula and the legal basis of the targets.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import pandas as pd

from schemas.kontrak import kolom
from schemas.model import Katalog
from transforms.hitung.periode import buat_dim_periode
from transforms.keluar.kartu import buat_rumus_kata
from transforms.wilayah.edisi import EDISI_BAKU, urutkan_edisi
from transforms.wilayah.master import muat_master

__all__ = ["buat_dim_indikator", "buat_dim_periode", "buat_dim_wilayah"]


def _satu_edisi(edisi: str, kode: Iterable[str] | None = None) -> pd.DataFrame:
    """Master rows of one edition (all, or only ``kode``) with their ancestors' names."""
    master = muat_master(edisi)
    frame = master.frame
    nama = frame.set_index("kode_wilayah")["nama_wilayah"]
    if kode is not None:
        frame = frame[frame["kode_wilayah"].isin(set(kode))]
    desa = master.hitung_jumlah_desa_semua()
    return pd.DataFrame(
        {
            "kode_wilayah": frame["kode_wilayah"],
            "nama_wilayah": frame["nama_wilayah"],
            "tingkat": frame["tingkat"],
            "kode_induk": frame["kode_induk"],
            "kode_provinsi": frame["kode_provinsi"],
            "nama_provinsi": frame["kode_provinsi"].map(nama),
            "kode_kabupaten": frame["kode_kabupaten"],
            "nama_kabupaten": frame["kode_kabupaten"].map(nama),
            "kode_kecamatan": frame["kode_kecamatan"],
            "nama_kecamatan": frame["kode_kecamatan"].map(nama),
            "edisi_master": edisi,
            "jumlah_desa": frame["kode_wilayah"].map(desa).fillna(0).astype("int64"),
        }
    )


@functools.cache
def _baku() -> tuple[pd.DataFrame, frozenset[str]]:
    """The current edition's rows (built once per process; callers never change them)."""
    dim = _satu_edisi(EDISI_BAKU)
    return dim, frozenset(dim["kode_wilayah"])


def cari_kode_lama(kode_fakta: Iterable[str]) -> tuple[str, ...]:
    """Fact codes that are not in the current edition (sorted)."""
    return tuple(sorted(set(kode_fakta) - _baku()[1]))


def buat_dim_wilayah(kode_fakta: Iterable[str] = ()) -> pd.DataFrame:
    """Every region of the current edition, plus fact codes found only in older editions."""
    dim = _baku()[0]
    sisa = set(cari_kode_lama(kode_fakta))
    tambahan = []
    for edisi in reversed(urutkan_edisi()):
        if not sisa or edisi == EDISI_BAKU:
            continue
        lama = _satu_edisi(edisi, sisa)
        tambahan.append(lama)
        sisa -= set(lama["kode_wilayah"])
    dim = pd.concat([dim, *tambahan], ignore_index=True).sort_values("kode_wilayah")
    return dim[list(kolom("dim_wilayah"))].reset_index(drop=True)


def _gabung(nilai: Iterable[object]) -> str | None:
    teks = sorted({str(v) for v in nilai if isinstance(v, str) and v} | set())
    return "; ".join(teks) or None


def buat_dim_indikator(katalog: Katalog, target_sumber: pd.DataFrame | None = None) -> pd.DataFrame:
    """The registry as a table; ``target_sumber`` (kode_indikator, target_sumber) adds the legal
    bases of the targets actually applied (a region's own targets) to the catalog's."""
    target = katalog.target[katalog.target["berlaku_untuk"] != "capaian"]
    if "dasar_hukum" not in target.columns:
        target = target.assign(dasar_hukum=None)
    per_kode = {k: g for k, g in target.groupby("kode_indikator")}
    dipakai = {}
    if target_sumber is not None and len(target_sumber):
        dipakai = target_sumber.groupby("kode_indikator")["target_sumber"].agg(list).to_dict()
    kosong = target.iloc[:0]
    baris = []
    for kode, ind in katalog.indikator.items():
        tgt = per_kode.get(kode, kosong)
        dasar = [*tgt["dasar_hukum"], *dipakai.get(kode, [])]
        tahun = sorted({int(t) for t in tgt["tahun"]})
        baris.append(
            {
                "kode_indikator": kode,
                "kelompok": kode.split(".")[0],
                "judul": ind.judul,
                "definisi": ind.definisi,
                "rumus": buat_rumus_kata(ind, katalog),
                "pembilang": ind.pembilang,
                "penyebut": ind.penyebut,
                "pengali": float(ind.pengali),
                "satuan": ind.satuan,
                "arah": ind.arah,
                "frekuensi": ind.frekuensi,
                "kedalaman": ",".join(ind.kedalaman),
                "sumber_data": ind.sumber_data,
                "wali_data": ind.wali_data,
                "rujukan": ind.rujukan,
                "target_teks": ind.target_teks or None,
                "dasar_hukum_target": _gabung(dasar),
                "tahun_target": ",".join(map(str, tahun)) or None,
                "catatan": ind.catatan or None,
            }
        )
    return pd.DataFrame(baris, columns=list(kolom("dim_indikator")))
