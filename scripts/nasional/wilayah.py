"""Every desa of the 2025 master with its names as a SIGA export writes them.

SIGA conventions copied here: upper case; a kabupaten by its bare name and a kota as ``KOTA X``
(``ADMINISTRASI KEPULAUAN SERIBU``, ``KOTA ADM. JAKARTA PUSAT`` in DKI); province short forms
(``DKI JAKARTA``, ``DI YOGYAKARTA``); ``KEP.`` for a kecamatan called Kepulauan; a few desa
spelled differently from the master (a doubled letter dropped: Tammangalle → ``TAMANGALLE``,
a reduplicated name shortened: Poda-Poda → ``PODA``), chosen only where the loose spelling
still points at one desa of the kecamatan; and the desa names that occur twice in one
kecamatan, written twice. Names are normalised here with a rule of the generator's own
(:func:`kunci`), independent of the pipeline's matcher.
"""

from __future__ import annotations

import re
import zlib

import numpy as np
import pandas as pd

from transforms.wilayah.master import muat_master

EDISI = "2025"
PROVINSI_SIGA = {"31": "DKI JAKARTA", "34": "DI YOGYAKARTA"}
_RE_TIPE = re.compile(r"^(?:Kabupaten|Kota)(?: Administrasi)? ")
_RE_BUKAN_HURUF = re.compile(r"[^0-9A-Z]+")
_RE_GANDA = re.compile(r"([A-Z])\1")


def kunci(nama: str) -> str:
    """The generator's comparison key: upper case, apostrophes dropped, punctuation = space,
    a leading ``DESA``/``KELURAHAN`` dropped."""
    teks = re.sub(r"['’`]", "", nama.upper())
    teks = " ".join(_RE_BUKAN_HURUF.sub(" ", teks).split())
    return re.sub(r"^(?:DESA|KELURAHAN|KEL|DS) (?=\S)", "", teks)


def kunci_longgar(nama: str) -> str:
    """Key without spaces, repeated words or doubled letters (what a loose spelling keeps)."""
    kata = kunci(nama).split()
    kata = [k for i, k in enumerate(kata) if i == 0 or k != kata[i - 1]]
    return re.sub(r"(.)\1+", r"\1", "".join(kata))


def nama_kabupaten(kode: str, nama: str) -> str:
    """SIGA's kab/kota name: bare kabupaten, ``KOTA X``; DKI's administrative forms."""
    polos = _RE_TIPE.sub("", nama).upper()
    if kode == "31.01":
        return "ADMINISTRASI " + polos
    if kode.startswith("31."):
        return "KOTA ADM. " + polos
    return "KOTA " + polos if int(kode[3:5]) >= 71 else polos


def _nama_kecamatan(nama: str) -> str:
    return re.sub(r"^KEPULAUAN ", "KEP. ", nama.upper())


def _varian(nama: str, kode: str) -> str | None:
    """A SIGA-style misspelling of a desa name (deterministic per code), or None."""
    if zlib.crc32(kode.encode()) % 40:  # about 1 in 40 desa is a candidate
        return None
    besar = nama.upper()
    bagian = besar.split("-")
    if len(bagian) == 2 and bagian[0] == bagian[1]:
        return bagian[0]
    ganda = _RE_GANDA.search(besar)
    return besar[: ganda.start()] + besar[ganda.start() + 1 :] if ganda else None


def _pilih_varian(desa: pd.DataFrame) -> pd.Series:
    """Variant spellings kept only where the loose key stays unique in the kecamatan."""
    varian = pd.Series(
        [_varian(n, k) for n, k in zip(desa["nama"], desa["kode"], strict=True)],
        index=desa.index,
        dtype=object,
    )
    longgar = desa["nama"].map(kunci_longgar)
    tepat = set(zip(desa["kode_kecamatan"], desa["nama"].map(kunci), strict=True))
    bebas = [
        v is not None and (kec, kunci(v)) not in tepat
        for v, kec in zip(varian, desa["kode_kecamatan"], strict=True)
    ]
    # the loose spelling must still point at one desa of the kecamatan
    sah = ~desa.assign(longgar=longgar).duplicated(["kode_kecamatan", "longgar"], keep=False)
    berawalan = desa["nama"].str.upper().str.match(r"^(?:DESA|KELURAHAN|KEL|DS)\b")
    pilih = np.asarray(bebas) & sah.to_numpy() & ~desa["ganda"].to_numpy() & ~berawalan
    return varian.where(pilih)


def buat_desa(provinsi: list[str] | None = None) -> pd.DataFrame:
    """One row per desa (master order): codes, master name, SIGA names, ``ganda`` flag.

    Columns: ``kode, kode_provinsi, kode_kabupaten, kode_kecamatan, nama, PROVINSI,
    KABUPATEN, KECAMATAN, KODE, KELURAHAN, ganda`` (``ganda``: the name occurs twice in the
    kecamatan, so a names-only file cannot tell the two apart).
    """
    frame = muat_master(EDISI).frame
    nama = frame.set_index("kode_wilayah")["nama_wilayah"]
    desa = frame[frame["tingkat"] == "desa"]
    if provinsi:
        desa = desa[desa["kode_provinsi"].isin(provinsi)]
    hasil = pd.DataFrame(
        {
            "kode": desa["kode_wilayah"].to_numpy(dtype=object),
            "kode_provinsi": desa["kode_provinsi"].to_numpy(dtype=object),
            "kode_kabupaten": desa["kode_kabupaten"].to_numpy(dtype=object),
            "kode_kecamatan": desa["kode_kecamatan"].to_numpy(dtype=object),
            "nama": desa["nama_wilayah"].to_numpy(dtype=object),
        }
    )
    prov = hasil["kode_provinsi"].map(lambda k: PROVINSI_SIGA.get(k) or nama[k].upper())
    hasil["PROVINSI"] = prov
    hasil["KABUPATEN"] = [nama_kabupaten(k, nama[k]) for k in hasil["kode_kabupaten"]]
    hasil["KECAMATAN"] = hasil["kode_kecamatan"].map(lambda k: _nama_kecamatan(nama[k]))
    hasil["KODE"] = hasil["kode"].str.slice(9)
    hasil["ganda"] = hasil.assign(k=hasil["nama"].map(kunci)).duplicated(
        ["kode_kecamatan", "k"], keep=False
    )
    varian = _pilih_varian(hasil)
    hasil["KELURAHAN"] = varian.where(varian.notna(), hasil["nama"].str.upper())
    hasil["varian"] = varian.notna()
    return hasil
