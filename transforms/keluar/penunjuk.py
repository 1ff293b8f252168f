"""The pointer to the current generation and the stable paths BI tools read.

Under ``OUT``::

    generasi/<id_run>/...          one complete generation per published run (never changed)
    terkini -> generasi/<id_run>   the pointer: a relative symlink, switched by ONE rename
    terkini.txt                    the id of the current generation, as text
    indikator -> terkini/indikator, komponen, karantina, kamus, manifest.json, ...
                                   stable paths (created once), the documented reader paths

POSIX: the pointer is switched by ``os.replace`` of a new symlink over the old one (rename(2),
atomic); a path opened through ``terkini`` at any moment resolves to one complete generation.
``terkini.txt`` is a mirror written just after, for readers that want to pin one generation.

Windows (``os.name == "nt"``): a directory symlink cannot be renamed over another, and making
one needs a privilege officers' laptops rarely have. There ``terkini.txt`` is the commit point
(replaced atomically), ``terkini`` and the stable paths are directory junctions (no privilege
needed), and the ``terkini`` junction is re-made just after the commit: for a few microseconds
paths through it do not resolve (a reader then fails and can simply refresh). ``manifest.json``
is a copy there, replaced atomically.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from pathlib import Path

from transforms.keluar.galat import KeluaranGagal

log = logging.getLogger(__name__)

TERKINI = "terkini"
TERKINI_TXT = "terkini.txt"
GENERASI = "generasi"
MANIFEST = "manifest.json"
TAUTAN_LAIN = ("kamus", "per_indikator", "indikator.duckdb", MANIFEST)
"""Stable paths besides the tables: folders, and files (a suffix) like the DuckDB file."""
_MODE = "nt" if os.name == "nt" else "posix"


class PenunjukRusak(KeluaranGagal):
    """The pointer to the current generation is missing or broken; nothing is published."""

    def __init__(self, out: Path, apa: str, generasi: list[str]):
        self.generasi = generasi
        if generasi:
            jalan = (
                f"Generasi utuh terbaru: {generasi[-1]} ({len(generasi)} generasi di "
                f"{out / GENERASI}). Pilih generasi yang berlaku dengan: indikator generasi "
                f"--out {out} --pakai {generasi[-1]} (atau id lain dari 'indikator generasi'), "
                "lalu jalankan lagi."
            )
        else:
            jalan = f"Tidak ada generasi di {out / GENERASI}: hapus {out / TERKINI}, lalu run lagi."
        super().__init__(
            f"Penunjuk generasi {out / TERKINI} rusak: {apa}. Tidak ada yang diubah. {jalan}"
        )


def _waktu_selesai(folder: Path) -> float:
    """When a generation was completed: its manifest is the last file written into it."""
    try:
        return (folder / MANIFEST).stat().st_mtime
    except OSError:
        return folder.stat().st_mtime


def daftar_generasi(out: Path) -> list[str]:
    """Ids of the complete generations under ``out/generasi``, oldest first (by completion,
    then id: two runs started in the same second are still in the order they published)."""
    folder = out / GENERASI
    if not folder.is_dir():
        return []
    ada = [p for p in folder.iterdir() if not p.name.startswith(".") and p.is_dir()]
    return [p.name for p in sorted(ada, key=lambda p: (_waktu_selesai(p), p.name))]


def _baca_symlink(out: Path, ada: list[str]) -> str | None:
    link = out / TERKINI
    if link.is_symlink():
        target = Path(os.readlink(link))
        if target.parent != Path(GENERASI) or target.name not in ada:
            raise PenunjukRusak(out, f"menunjuk ke {str(target)!r}, bukan generasi yang ada", ada)
        return target.name
    if link.exists():
        raise PenunjukRusak(
            out, "bukan tautan (symlink) — mungkin tersalin sebagai folder atau berkas biasa", ada
        )
    if _pernah_berlaku(out, ada):
        raise PenunjukRusak(out, "hilang, padahal ada generasi yang sudah terbit", ada)
    return None  # nothing published yet (generations here were left by a killed first run)


def _pernah_berlaku(out: Path, ada: list[str]) -> bool:
    """Whether one of these generations was ever current: the text pointer exists, or the
    history has a record of one of them (written only after a switch)."""
    if not ada:
        return False
    return (out / TERKINI_TXT).exists() or any((out / "runs" / f"{g}.json").exists() for g in ada)


def _baca_txt(out: Path, ada: list[str]) -> str | None:
    txt = out / TERKINI_TXT
    if not txt.exists():  # the commit point
        if _pernah_berlaku(out, ada):
            raise PenunjukRusak(out, f"{TERKINI_TXT} hilang, padahal ada generasi yang terbit", ada)
        return None
    isi = txt.read_text(encoding="utf-8", errors="replace").strip()
    if isi not in ada:
        raise PenunjukRusak(out, f"{TERKINI_TXT} berisi {isi[:60]!r}, bukan generasi yang ada", ada)
    return isi


def baca_id_terkini(out: Path) -> str | None:
    """Id of the current generation; None when ``out`` has no generation yet.

    Raises:
        PenunjukRusak: the pointer is dangling, not a link, or missing beside generations.
    """
    ada = daftar_generasi(out)
    return _baca_txt(out, ada) if _MODE == "nt" else _baca_symlink(out, ada)


def cari_folder_terbit(out: Path) -> Path | None:
    """The folder holding the current published tables: the current generation, ``out``
    itself for an output written before generations existed, or None when nothing is there."""
    id_kini = baca_id_terkini(out)
    if id_kini is not None:
        return out / GENERASI / id_kini
    lama = out / "indikator"
    if lama.is_dir() and not lama.is_symlink():
        return out
    return None


def _fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (POSIX; a no-op elsewhere)."""
    if _MODE == "nt":  # pragma: no cover - Windows has no directory fsync
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def tulis_teks_atomik(path: Path, teks: str) -> None:
    """Replace a small text file in one rename (a reader sees the old or the new text)."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(teks)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _buat_junction(link: Path, target: Path) -> None:  # pragma: no cover - Windows only
    import _winapi  # type: ignore[import-not-found]

    # abspath, not resolve(): a junction to ``OUT/terkini/x`` must keep following ``terkini``
    _winapi.CreateJunction(os.path.abspath(target), str(link))


def _hapus_tautan(link: Path) -> None:
    """Remove a symlink or a junction, never what it points to."""
    if _MODE == "nt":  # pragma: no cover - Windows only
        os.rmdir(link)
    else:
        link.unlink()


def tukar_penunjuk(out: Path, id_generasi: str) -> None:
    """Make ``generasi/<id_generasi>`` the current generation: the commit point of a run."""
    if _MODE == "nt":
        tulis_teks_atomik(out / TERKINI_TXT, id_generasi)  # the commit point on Windows
        tmp = out / f".{TERKINI}-{id_generasi}.tmp"
        _buat_junction(tmp, out / GENERASI / id_generasi)
        if (out / TERKINI).exists() or (out / TERKINI).is_symlink():
            _hapus_tautan(out / TERKINI)
        os.rename(tmp, out / TERKINI)
        return
    tmp = out / f".{TERKINI}-{id_generasi}.tmp"
    if tmp.is_symlink():
        tmp.unlink()
    try:
        os.symlink(f"{GENERASI}/{id_generasi}", tmp, target_is_directory=True)
    except OSError as exc:
        raise KeluaranGagal(
            f"Folder keluaran {out} tidak mendukung tautan simbolik (symlink), yang dipakai "
            "untuk menerbitkan generasi secara utuh. Tidak ada yang diterbitkan. Pilih --out "
            "di disk lokal (ext4, APFS, NTFS), bukan FAT/exFAT atau folder berbagi jaringan."
        ) from exc
    os.replace(tmp, out / TERKINI)  # one rename(2): the atomic switch
    _fsync_dir(out)
    tulis_teks_atomik(out / TERKINI_TXT, id_generasi)  # the mirror, right after


def _pasang_satu(out: Path, nama: str, id_run: str, ganti_lama: bool) -> None:
    """``out/<nama>`` → ``terkini/<nama>``: create it, or replace a pre-generation folder."""
    link = out / nama
    target = f"{TERKINI}/{nama}"
    if link.is_symlink() and os.readlink(link) == target:
        return
    if link.exists() and not link.is_symlink():  # the folder/file of the old layout
        if not ganti_lama:
            return
        lama = out / f".lama-{id_run}"
        lama.mkdir(exist_ok=True)
        os.replace(link, lama / nama)
    tmp = out / f".{nama}-{id_run}.tmp"
    if tmp.is_symlink():
        tmp.unlink()
    os.symlink(target, tmp, target_is_directory=not Path(nama).suffix)
    os.replace(tmp, link)


def _adalah_junction(path: Path) -> bool:  # pragma: no cover - Windows only
    import stat

    try:
        return os.lstat(path).st_reparse_tag == stat.IO_REPARSE_TAG_MOUNT_POINT
    except (OSError, AttributeError):
        return False


def _pasang_satu_nt(out: Path, nama: str) -> None:  # pragma: no cover - Windows only
    link = out / nama
    if Path(nama).suffix:  # a file: a copy (a junction links folders only)
        tmp = out / f".{nama}.tmp"
        shutil.copyfile(out / TERKINI / nama, tmp)
        os.replace(tmp, link)
        return
    if link.is_dir() and not _adalah_junction(link):
        shutil.rmtree(link)  # the old layout's folder: its years were carried already
    if not link.exists():
        _buat_junction(link, out / TERKINI / nama)


def siapkan_tautan_bi(out: Path, nama_tabel: list[str], id_run: str) -> None:
    """Before the switch: the stable paths that do not exist yet (a first run, a new table),
    so that the switch makes them resolve at the same instant as everything else."""
    if _MODE == "posix":
        for nama in [*nama_tabel, *TAUTAN_LAIN]:
            _pasang_satu(out, nama, id_run, ganti_lama=False)


def pasang_tautan_bi(out: Path, nama_tabel: list[str], id_run: str) -> None:
    """After the switch: the stable reader paths (``out/<tabel>``, ``kamus``,
    ``manifest.json``) and the text mirror of the pointer. Idempotent (it repairs what a kill
    left); it also converts, once, an output written before generations existed."""
    if _MODE == "nt":  # pragma: no cover - Windows only
        for nama in [*nama_tabel, *TAUTAN_LAIN]:
            _pasang_satu_nt(out, nama)
        return
    for nama in [*nama_tabel, *TAUTAN_LAIN]:
        _pasang_satu(out, nama, id_run, ganti_lama=True)
    kini = baca_id_terkini(out) or ""
    if not (out / TERKINI_TXT).is_file() or (out / TERKINI_TXT).read_text("utf-8") != kini:
        tulis_teks_atomik(out / TERKINI_TXT, kini)  # repairs a mirror a kill left behind
    shutil.rmtree(out / f".lama-{id_run}", ignore_errors=True)
    _fsync_dir(out)
