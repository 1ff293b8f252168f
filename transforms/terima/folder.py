"""Folders: the files of a folder sent for ingest, and which raw store a run reads.

The bundled demo lives in its own store (``data/demo``), never in the default one
(``data/raw``): a run on a fresh clone reads the demo and says so, and once a real file is
received into ``data/raw`` the demo is never read with it.
"""

from __future__ import annotations

from pathlib import Path

from transforms.terima.simpan import baca_isi_raw

FOLDER_RAW = Path("data/raw")
FOLDER_DEMO = Path("data/demo")


def daftar_berkas_masukan(path: Path) -> list[Path]:
    """The files to ingest for a path: the file itself, or every file of a folder and its
    subfolders (hidden ones skipped), sorted by their path inside the folder."""
    if not path.is_dir():
        return [path]
    return sorted(
        (
            p
            for p in path.rglob("*")
            if p.is_file() and not any(s.startswith(".") for s in p.relative_to(path).parts)
        ),
        key=lambda p: p.relative_to(path).as_posix(),
    )


def ada_berkas_raw(raw: Path) -> bool:
    """Whether a raw store holds any stored file (usable or not)."""
    baik, rusak = baca_isi_raw(raw)
    return bool(baik or rusak)


def pilih_folder_raw(
    raw: Path, default: Path = FOLDER_RAW, demo: Path = FOLDER_DEMO
) -> tuple[Path, str | None]:
    """The raw store a run reads, and a note (Bahasa) when it is the demo.

    Only the default store falls back to the demo, and only while it holds no file at all.
    """
    if raw.resolve() != default.resolve() or ada_berkas_raw(raw) or not ada_berkas_raw(demo):
        return raw, None
    return demo, (
        f"Folder {raw} belum berisi berkas yang diterima: run ini memakai data demo di {demo} "
        "(data sintetis Kab. Purworejo 2025). Setelah berkas sungguhan diterima dengan "
        f"'indikator ingest' (disimpan di {raw}), data demo tidak dipakai lagi."
    )
