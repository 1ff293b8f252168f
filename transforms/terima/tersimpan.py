"""Finding stored files as the officer names them (``--ganti``, ``indikator tarik``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from transforms.terima.simpan import Provenans, ProvenansRusak, hitung_sha256
from transforms.terima.wilayah_berkas import sebut_cakupan

Entri = tuple[Path, Provenans]


class BerkasTersimpanTidakDitemukan(Exception):
    """A name given for a stored file matches none, or several (message in Bahasa)."""


def cari_sejenis(
    semua: list[Entri], status: dict[str, tuple[bool, Any]], folder: str, kecuali: str = ""
) -> list[Entri]:
    """The valid files in force in one ``<sumber>/<periode>`` folder of the store."""
    return [
        (f, p)
        for f, p in semua
        if not isinstance(p, ProvenansRusak)
        and status[p.berkas][0]
        and p.folder == folder
        and p.berkas != kecuali
    ]


def _cocok(raw: Path, teks: str, semua: list[Entri]) -> list[Entri]:
    """Stored files a name points at: a path in the store, a file elsewhere (by its bytes),
    a stored location, or a file name (stored or as received)."""
    path = Path(teks)
    if path.is_file():
        try:
            rel = path.resolve().relative_to(raw.resolve()).as_posix()
        except ValueError:
            digest = hitung_sha256(path)
            return [(f, p) for f, p in semua if p.sha256 == digest]
        return [(f, p) for f, p in semua if p.berkas == rel]
    teks = teks.strip().replace("\\", "/")
    persis = [(f, p) for f, p in semua if p.berkas == teks]
    if persis:
        return persis
    return [(f, p) for f, p in semua if teks in (f.name, p.nama_asli)]


def cari_tersimpan(
    raw: Path, teks: str, semua: list[Entri], yang: str = "tersimpan"
) -> list[Entri]:
    """The one stored file (among ``semua``) that ``teks`` names, as a one-element list.

    ``yang`` says in messages which files were searched (``tersimpan``, ``berlaku``).

    Raises:
        BerkasTersimpanTidakDitemukan: no match, or several (each listed with its regions).
    """
    found = _cocok(raw, teks, semua)
    if len(found) == 1:
        return found
    if not found:
        raise BerkasTersimpanTidakDitemukan(
            f"Tidak ada berkas {yang} di {raw} bernama {teks!r}. Sebutkan "
            "lokasinya di penyimpanan raw seperti yang dicetak saat ingest "
            "(mis. siga.pus/2025/data_pus.csv); 'indikator tarik --daftar' menampilkan semuanya."
        )
    daftar = "\n".join(
        f"  - {p.berkas} (asal {p.nama_asli!r}, diterima {p.diterima[:16]}; "
        f"{sebut_cakupan(p.cakupan, p.tahun)})"
        for _, p in found
    )
    raise BerkasTersimpanTidakDitemukan(
        f"Nama {teks!r} cocok dengan {len(found)} berkas tersimpan; sebutkan salah satunya "
        f"dengan lokasinya di penyimpanan raw:\n{daftar}"
    )


def cari_ganti(raw: Path, ganti: Iterable[str], aktif: list[Entri], folder: str) -> set[str]:
    """What ``--ganti`` names, among the files in force of the new file's ``folder``.

    A stored file (location or unique name) is replaced whatever its regions; the folder
    itself (``siga.pus/2025``) lets the new file replace every file there it overlaps.

    Raises:
        BerkasTersimpanTidakDitemukan: a name matches no file in force (or several), or a file
            of another source or period.
    """
    out = set()
    for teks in ganti:
        bersih = teks.strip().replace("\\", "/").strip("/")
        if bersih == folder:
            out.add(folder)
            continue
        [(_, prov)] = cari_tersimpan(raw, teks, aktif, "yang berlaku")
        if prov.folder != folder:
            raise BerkasTersimpanTidakDitemukan(
                f"--ganti {teks}: berkas {prov.berkas} bukan sumber dan periode berkas baru "
                f"({folder}); --ganti hanya menggantikan berkas di {folder}. Untuk berhenti "
                f"memakai {prov.berkas}, tarik dengan 'indikator tarik {prov.berkas}'."
            )
        out.add(prov.berkas)
    return out
