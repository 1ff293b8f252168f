"""Build-time only: compare two editions of the region master (rows of ``perubahan_kode.csv``).

Used by ``scripts/buat_perubahan_kode.py`` (and its freshness test); the pipeline only reads
the resulting file through :mod:`transforms.wilayah.perubahan`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import numpy as np
import pandas as pd

from transforms.wilayah.edisi import _katalog_edisi, muat_daftar_edisi
from transforms.wilayah.kode import TINGKAT, _adalah_kota
from transforms.wilayah.master import Wilayah
from transforms.wilayah.nama import AMBANG_MIRIP, _kemiripan, _kunci_longgar
from transforms.wilayah.perubahan import KOLOM_PERUBAHAN

_TANPA_PADANAN: Final = "\x00"  # mapped parent of a region that has no equivalent


def _tabel_banding(master: Wilayah, tingkat: str, peta: Mapping[str, str] | None) -> pd.DataFrame:
    """Regions of one level with name keys and parents (mapped through ``peta`` if given)."""
    pos = master._posisi_tingkat[tingkat]
    kode = master._kode[pos].tolist()
    kunci = master._kunci[pos].tolist()
    if tingkat == "kabupaten":  # Kabupaten Sorong and Kota Sorong share the name
        kunci = [
            f"{k}|{'KOTA' if _adalah_kota(c) else 'KAB'}" for k, c in zip(kunci, kode, strict=True)
        ]
    induk = [c.rsplit(".", 1)[0] if "." in c else "" for c in kode]
    kakek = [c.rsplit(".", 2)[0] if c.count(".") >= 2 else "" for c in kode]
    if peta is not None:
        induk = [peta.get(i, _TANPA_PADANAN) if i else "" for i in induk]
        kakek = [peta.get(k, _TANPA_PADANAN) if k else "" for k in kakek]
    return pd.DataFrame(
        {
            "kode": kode,
            "nama": master._nama[pos].tolist(),
            "kunci": kunci,
            "longgar": [_kunci_longgar(k) for k in kunci],
            "induk": induk,
            "kakek": kakek,
            "akhir": [c.rsplit(".", 1)[-1] for c in kode],
        },
        dtype=object,  # plain Python strings: fast hash joins and isin
    )


def _gabung_unik(
    kiri: pd.DataFrame, kanan: pd.DataFrame, kunci: list[str], saring: pd.Series | None = None
) -> pd.DataFrame:
    """Pair rows whose key is unique on both sides (``saring`` limits ``kanan`` afterwards)."""
    kiri = kiri[~kiri.duplicated(kunci, keep=False)]
    unik_kanan = ~kanan.duplicated(kunci, keep=False)
    if saring is not None:
        unik_kanan &= saring
    gabung = kiri.merge(kanan[unik_kanan], on=kunci, suffixes=("_lama", "_baru"))
    if "kunci" in kunci:
        return gabung[["kode_lama", "kode_baru", "nama_lama"]]
    mirip = [
        _kemiripan(a, b) >= AMBANG_MIRIP
        for a, b in zip(gabung["kunci_lama"], gabung["kunci_baru"], strict=True)
    ]
    return gabung.loc[np.asarray(mirip, dtype=bool), ["kode_lama", "kode_baru", "nama_lama"]]


def _pasangkan(kiri: pd.DataFrame, kanan: pd.DataFrame, tingkat: str) -> pd.DataFrame:
    """Pair the regions of one level (see :func:`bandingkan_edisi`): kode_lama, kode_baru, cara."""
    sama = kiri.merge(kanan, on="kode", suffixes=("_lama", "_baru"))
    tetap = sama[
        (sama["induk_lama"] == sama["induk_baru"])
        & (
            (sama["kunci_lama"] == sama["kunci_baru"])
            | (sama["longgar_lama"] == sama["longgar_baru"])
        )
    ]
    hasil = [
        pd.DataFrame({"kode_lama": tetap["kode"], "kode_baru": tetap["kode"], "cara": "tetap"})
    ]
    sisa_l = kiri[~kiri["kode"].isin(tetap["kode"])]
    sisa_b = kanan[~kanan["kode"].isin(tetap["kode"])]
    tahap = [
        ("induk", ["induk", "kunci"]),
        ("induk_longgar", ["induk", "longgar"]),
        ("induk_mirip", ["induk", "akhir"]),  # parent recoded, same last segment, similar name
    ]
    if tingkat != "provinsi":
        tahap.append(("induk_baru", ["kakek", "kunci"]))
    for cara, kunci in tahap:
        saring = sisa_b["induk_muncul"] if cara == "induk_baru" else sisa_b["kode_muncul"]
        pasangan = _gabung_unik(sisa_l, sisa_b, kunci, saring).assign(cara=cara)
        hasil.append(pasangan)
        sisa_l = sisa_l[~sisa_l["kode"].isin(pasangan["kode_lama"])]
        sisa_b = sisa_b[~sisa_b["kode"].isin(pasangan["kode_baru"])]
    sama = sisa_l.merge(sisa_b, on="kode", suffixes=("_lama", "_baru"))
    ganti_nama = sama[sama["induk_lama"] == sama["induk_baru"]]
    hasil.append(
        pd.DataFrame(
            {"kode_lama": ganti_nama["kode"], "kode_baru": ganti_nama["kode"], "cara": "tetap"}
        )
    )
    return pd.concat(hasil, ignore_index=True)


def bandingkan_edisi(lama: Wilayah, baru: Wilayah) -> pd.DataFrame:
    """Code renames from edition ``lama`` to edition ``baru`` (rows of ``perubahan_kode.csv``).

    Level by level from the provinsi down, each region of ``lama`` is paired with one
    region of ``baru``, in this order: (1) same code, same normalised (or loose) name and
    same parent: unchanged; (2) same name under the corresponding parent (the parent's new
    code when the parent itself was renamed) with a code new in ``baru``: renamed, e.g.
    every kecamatan and desa under Merauke; (3) the same with the loose spelling key;
    (4) under a renumbered parent, the same last code segment and a name at least
    :data:`AMBANG_MIRIP` similar (Kobagma 91.21.01 -> Kobakma 95.05.01);
    (5) same name in a parent created in ``baru`` inside the corresponding grandparent:
    moved, e.g. Kab. Merauke 91.01 -> 93.01 into the new provinsi Papua Selatan;
    (6) same code and parent under another name: unchanged (renamed in place). Names are
    compared with :func:`normalkan_nama` (kabupaten and kota kept apart); a name held by
    several regions on either side is never paired, so pairs are one-to-one. Regions left
    unpaired (merged, split, removed) are not listed.

    Returns a new DataFrame with the columns of :data:`KOLOM_PERUBAHAN`, only the pairs
    whose code changed, sorted by level and old code. ``berlaku_dari`` and
    ``dasar_hukum`` come from ``edisi.yaml``: the decree of ``baru`` (``ditetapkan`` date,
    else its first year of use), and for a move into a provinsi listed under
    ``pembentukan_provinsi`` the law that created it.
    """
    kode_lama = frozenset(lama._posisi)
    peta: dict[str, str] = {}
    bagian = []
    for tingkat in TINGKAT:
        kiri = _tabel_banding(lama, tingkat, peta)
        kanan = _tabel_banding(baru, tingkat, None)
        kanan = kanan.assign(
            kode_muncul=~kanan["kode"].isin(list(kode_lama)),
            induk_muncul=~kanan["induk"].isin(list(kode_lama)) & (kanan["induk"] != ""),
        )
        pasangan = _pasangkan(kiri, kanan, tingkat)
        peta.update(zip(pasangan["kode_lama"], pasangan["kode_baru"], strict=True))
        berubah = pasangan[pasangan["kode_lama"] != pasangan["kode_baru"]]
        bagian.append(berubah.assign(tingkat=tingkat))
    hasil = pd.concat(bagian, ignore_index=True)
    return _lengkapi_perubahan(hasil, lama, baru)


def _catatan_perubahan(baris: Mapping[str, Any], baru: Wilayah) -> str:
    """Bahasa note of one rename."""
    lama_kode, baru_kode = str(baris["kode_lama"]), str(baris["kode_baru"])
    induk_lama = lama_kode.rsplit(".", 1)[0] if "." in lama_kode else ""
    induk_baru = baru_kode.rsplit(".", 1)[0] if "." in baru_kode else ""
    if baris["cara"] == "induk_baru":
        teks = f"pindah ke induk baru {baru._label(induk_baru)}"
    elif induk_lama != induk_baru:
        teks = f"ikut perubahan kode induk {induk_lama} -> {induk_baru}"
    else:
        teks = "kode berubah di bawah induk yang sama"
        awal = (lama_kode[-4], baru_kode[-4]) if baris["tingkat"] == "desa" else None
        if awal == ("2", "1"):
            teks += " (awalan 2 -> 1: desa menjadi kelurahan)"
        elif awal == ("1", "2"):
            teks += " (awalan 1 -> 2: kelurahan menjadi desa)"
    if baris["cara"] in ("induk_longgar", "induk_mirip"):
        teks += f'; nama lama ditulis "{baris["nama_lama"]}"'
    return teks


def _lengkapi_perubahan(pasangan: pd.DataFrame, lama: Wilayah, baru: Wilayah) -> pd.DataFrame:
    """Add names, dates, legal basis and notes to the raw pairs."""
    meta = muat_daftar_edisi()[baru.edisi]
    keputusan = f"{meta['jenis']} No. {meta['nomor']}"
    tanggal = str(meta.get("ditetapkan") or meta["berlaku_dari_tahun"])
    pembentukan = _katalog_edisi().get("pembentukan_provinsi", {})
    baris_hasil = []
    for baris in pasangan.to_dict("records"):
        prov_lama, prov_baru = str(baris["kode_lama"])[:2], str(baris["kode_baru"])[:2]
        uu = pembentukan.get(prov_baru) if prov_lama != prov_baru else None
        catatan = _catatan_perubahan(baris, baru)
        if uu:
            catatan += f"; provinsi {uu['nama']} dibentuk dengan {uu['dasar_hukum']}"
        baris_hasil.append(
            {
                "kode_lama": baris["kode_lama"],
                "edisi_lama": lama.edisi,
                "kode_baru": baris["kode_baru"],
                "edisi_baru": baru.edisi,
                "tingkat": baris["tingkat"],
                "nama": baru._nama[baru._posisi[baris["kode_baru"]]],
                "berlaku_dari": str(uu["tanggal"]) if uu else tanggal,
                "dasar_hukum": f"{uu['dasar_hukum']}; {keputusan}" if uu else keputusan,
                "catatan": catatan,
            }
        )
    hasil = pd.DataFrame(baris_hasil, columns=list(KOLOM_PERUBAHAN))
    urutan = hasil["tingkat"].map(TINGKAT.index)
    hasil = hasil.assign(_urut=urutan).sort_values(["_urut", "kode_lama"], kind="stable")
    return hasil.drop(columns="_urut").reset_index(drop=True).astype("string")
