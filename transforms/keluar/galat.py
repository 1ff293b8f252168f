"""Output-side failures as one Bahasa message for the data officer (never a traceback).

Every error the publication can meet on disk (no space, no permission, a read-only or missing
folder) becomes :class:`KeluaranGagal`, whose message names the folder, says that the published
output did not change, and says what to do. The technical details go to the log file.
"""

from __future__ import annotations

import errno
from pathlib import Path

_PENUH = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_IZIN = {errno.EACCES, errno.EPERM, errno.EROFS}
_BUKAN_FOLDER = {errno.ENOTDIR, errno.EEXIST}


class KeluaranGagal(Exception):
    """Publication could not be done; the message (Bahasa) names the folder and the way out."""


def jelaskan_galat_os(exc: OSError, folder: Path) -> KeluaranGagal:
    """The Bahasa message for a disk error met while writing under ``folder``."""
    tetap = "Keluaran yang sudah terbit tidak berubah."
    if exc.errno in _PENUH:
        return KeluaranGagal(
            f"Disk penuh saat menulis ke {folder}. {tetap} Kosongkan ruang di disk itu, atau "
            "simpan lebih sedikit generasi lama (--simpan-generasi 2; generasi lama dihapus "
            "sebelum yang baru ditulis), atau pindahkan --out ke disk lain; lalu jalankan lagi."
        )
    if exc.errno in _IZIN:
        return KeluaranGagal(
            f"Folder keluaran {folder} tidak dapat ditulis (izin ditolak atau disk hanya-baca). "
            f"{tetap} Perbaiki izin folder itu atau pilih folder lain dengan --out."
        )
    if exc.errno in _BUKAN_FOLDER or isinstance(exc, NotADirectoryError | FileExistsError):
        return KeluaranGagal(
            f"Folder keluaran {folder} tidak dapat dibuat: ada berkas (bukan folder) di jalurnya "
            f"({exc.filename or folder}). {tetap} Pilih folder lain dengan --out."
        )
    return KeluaranGagal(
        f"Tidak dapat menulis ke folder keluaran {folder} ({exc.strerror or exc}). {tetap} "
        "Periksa disk dan folder itu, lalu jalankan lagi."
    )
