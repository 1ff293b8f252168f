"""The files of a raw store, listed in one walk that never enters hidden folders.

Every ingested file asks what the store holds (is this copy already there, which files are
in force), so the listing runs once or twice per file: with the result cache under
``RAW/.cache`` (several entries per stored file) a ``Path.rglob`` walked thousands of cache
files for nothing, and a province receiving a year of kabupaten files (1,260 files) spent
half of its ingest listing the store. Here each folder is read once with ``os.scandir``
(names and types come with the listing, no ``stat`` per entry) and hidden folders are
skipped, as the store's rules already skipped everything inside them.
"""

from __future__ import annotations

import os
from pathlib import Path


def jelajahi_raw(
    raw: Path, sidecar: str, riwayat: str, bawah: str = ""
) -> tuple[list[tuple[str, Path]], list[str]]:
    """The stored data files of ``raw`` (their location in the store, ``a/b/c.csv``, and
    path) and the paths of its sidecars, each list sorted as paths sort; only those under
    the folder ``bawah`` of the store (``sumber/periode``) when it is given.

    A data file is a regular file (or a link to one) that is not hidden, not a sidecar (its
    name does not contain ``sidecar``), not a temporary ``.tmp`` file and not the history
    ``riwayat`` at the top; a sidecar is a visible name ending with ``sidecar``. Hidden
    folders and links to folders are not entered.
    """
    data: list[tuple[tuple[str, ...], Path]] = []
    meta: list[tuple[tuple[str, ...], str]] = []
    awal = tuple(b for b in bawah.split("/") if b)
    tumpukan: list[tuple[str, tuple[str, ...]]] = [(str(raw.joinpath(*awal)), awal)]
    while tumpukan:
        folder, bagian = tumpukan.pop()
        try:
            with os.scandir(folder) as isi:
                entri = list(isi)
        except OSError:  # gone or unreadable since it was listed: nothing to use in it
            continue
        for e in entri:
            if e.name.startswith("."):
                continue
            kunci = (*bagian, e.name)  # paths sort by their parts
            if _folder(e):
                tumpukan.append((e.path, kunci))
            elif e.name.endswith(sidecar):
                meta.append((kunci, e.path))
            elif _data(e, sidecar) and not (not bagian and e.name == riwayat):
                data.append((kunci, Path(e.path)))
    return [("/".join(k), p) for k, p in sorted(data)], [p for _, p in sorted(meta)]


def _folder(e: os.DirEntry[str]) -> bool:
    try:
        return e.is_dir() and not e.is_symlink()
    except OSError:
        return False


def _data(e: os.DirEntry[str], sidecar: str) -> bool:
    if sidecar in e.name or e.name.endswith(".tmp"):
        return False
    try:
        return e.is_file()
    except OSError:
        return False
