"""The raw store's history: which stored files are in force, as an append-only record.

Raw files and their sidecars are never changed; what changes is which of them are used. A
receipt (the sidecar: ``diterima``, ``menggantikan``) puts a file in force and takes the files
it corrects out of it. Later changes are events appended to ``RAW/riwayat.jsonl``, one JSON
object per line: ``pulihkan`` (a stored file sent again is in force again) and ``tarik`` (a
file withdrawn, what it replaced in force again). Receipts are written there too, so the file
reads as the whole history; the state is replayed from the sidecars' receipts and the log's
other events, in time order (:func:`hitung_status`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

RIWAYAT = "riwayat.jsonl"
TERIMA, PULIHKAN, TARIK = "terima", "pulihkan", "tarik"


@dataclass(frozen=True)
class Peristiwa:
    """One change of the files in force: those it puts in force and those it takes out."""

    waktu: str
    aksi: str
    berkas: str
    aktifkan: tuple[str, ...] = ()
    nonaktifkan: tuple[str, ...] = ()
    keterangan: str = ""
    urutan: tuple[int, str] = field(default=(0, ""), compare=False, repr=False)


def buat_waktu(now: dt.datetime | None = None) -> str:
    """The time stamp of an event or a receipt (UTC, microseconds)."""
    return (now or dt.datetime.now(dt.UTC)).isoformat(timespec="microseconds")


def _kunci_waktu(waktu: str) -> dt.datetime:
    """A time stamp as an aware datetime (naive = UTC; unreadable = the earliest)."""
    try:
        when = dt.datetime.fromisoformat(waktu)
    except (TypeError, ValueError):
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def tulis_peristiwa(raw: Path, peristiwa: Peristiwa) -> None:
    """Append one event to the history (flushed to disk before returning)."""
    data = asdict(peristiwa)
    del data["urutan"]
    raw.mkdir(parents=True, exist_ok=True)
    with (raw / RIWAYAT).open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(data, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def baca_riwayat(raw: Path) -> list[Peristiwa]:
    """Every readable event of the history; an unreadable line is skipped and logged.

    A line cut short can only be the last one, by a command killed while writing it (it had
    not reported success yet), so skipping it keeps the store as that command left it.
    """
    path = raw / RIWAYAT
    if not path.is_file():
        return []
    out = []
    for nomor, teks in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines()):
        if not teks.strip():
            continue
        try:
            data = json.loads(teks)
            out.append(
                Peristiwa(
                    waktu=str(data["waktu"]),
                    aksi=str(data["aksi"]),
                    berkas=str(data["berkas"]),
                    aktifkan=tuple(map(str, data.get("aktifkan") or ())),
                    nonaktifkan=tuple(map(str, data.get("nonaktifkan") or ())),
                    keterangan=str(data.get("keterangan") or ""),
                    urutan=(1, f"{nomor:09d}"),
                )
            )
        except (ValueError, KeyError, TypeError):
            log.warning("%s baris %d tidak terbaca dan dilewati: %r", path, nomor + 1, teks[:200])
    return out


def buat_penerimaan(berkas: str, diterima: str, menggantikan: Iterable[str]) -> Peristiwa:
    """The receipt a sidecar records, as an event."""
    return Peristiwa(diterima, TERIMA, berkas, (berkas,), tuple(menggantikan), urutan=(0, berkas))


def hitung_status(
    semua: Iterable[str], penerimaan: Iterable[Peristiwa], riwayat: Iterable[Peristiwa]
) -> dict[str, tuple[bool, Peristiwa | None]]:
    """Whether each stored file is in force, and the last event that decided it.

    A file no event mentions (a sidecar that cannot be read) is in force until withdrawn, so
    the run lists it as rejected instead of forgetting it. The log's receipts are copies of
    the sidecars' and are not replayed twice.
    """
    status: dict[str, tuple[bool, Peristiwa | None]] = {b: (True, None) for b in semua}
    lain = [p for p in riwayat if p.aksi != TERIMA]
    for p in sorted([*penerimaan, *lain], key=lambda p: (_kunci_waktu(p.waktu), p.urutan)):
        for berkas in p.nonaktifkan:
            status[berkas] = (False, p)
        for berkas in p.aktifkan:
            status[berkas] = (True, p)
    return status
