"""The plan of bytes already received: the safety scan and the header reading once per file.

Receiving a file first checks it (:func:`transforms.baca.aman.periksa_berkas`: size, zip bomb,
XML limits) and reads its header rows to decide its source, years and period
(:func:`transforms.terima.rencana.buat_rencana`): about 1.7 s for a national XLSX. Both depend
only on the file's bytes, what the officer said (:class:`~transforms.terima.rencana.
Permintaan`), the catalog's layouts, the limits and the code. A folder ingested again (a
provincial office that adds a seventh file to the folder of six and ingests the folder) did
both again for every file already stored, before finding its bytes in the store.

The plan of bytes that passed is kept in ``<raw>/.cache/rencana/<key>.json`` (hidden: no
raw-store lister sees it); ``key`` is a sha256 over the file's sha256,
the request, the layouts, the limits and the code fingerprint
(:func:`~transforms.langkah.simpanan.hitung_sidik_kode`). Another request, layout, limit or
code gives another key: an entry is never stale, only unused. A refused file has no entry:
it is checked (and refused) again every time. A symbolic link is always checked (whether it
may be followed depends on where it points, not on its bytes). An entry that cannot be read
is a miss. The entries are trusted as the processed results beside them are: whoever can
write the cache folder can write those too.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict
from pathlib import Path

from schemas.batas import Batas, muat_batas
from schemas.model import Katalog
from transforms.baca.ingat import hitung_sha256
from transforms.langkah.simpanan import hitung_sidik_kode, tulis_atomik
from transforms.terima.rencana import Permintaan, Rencana, buat_rencana
from transforms.terima.terima import Perencana, rencanakan_berkas

log = logging.getLogger(__name__)

FOLDER = Path(".cache") / "rencana"
"""The plans' folder inside the raw store."""


def _kunci(digest: str, katalog: Katalog, minta: Permintaan, batas: Batas) -> str:
    """The entry name of a plan: what it depends on, hashed."""
    layout = {k: asdict(v) for k, v in sorted(katalog.sumber.items())}
    isi = [digest, asdict(minta), layout, asdict(batas), hitung_sidik_kode()]
    teks = json.dumps(isi, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(teks.encode("utf-8")).hexdigest()


def _baca(path: Path) -> Rencana | None:
    """A kept plan, or None when there is none or it cannot be read."""
    try:
        isi = json.loads(path.read_text(encoding="utf-8"))
        minta = Permintaan(**isi["minta"])
        tahun_data = isi["tahun_data"]
        return str(isi["sumber"]), minta, int(isi["tahun"]), tahun_data
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:  # a miss, never a failure
        log.warning("rencana tersimpan %s tidak terbaca (%s): berkas diperiksa ulang", path, exc)
        return None


def _tulis(path: Path, rencana: Rencana) -> None:
    sumber, minta, tahun, tahun_data = rencana
    isi = {"sumber": sumber, "minta": asdict(minta), "tahun": tahun, "tahun_data": tahun_data}
    teks = json.dumps(isi, ensure_ascii=False, sort_keys=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tulis_atomik(path, lambda tmp: tmp.write_text(teks, encoding="utf-8"))
    except OSError as exc:  # a full disk costs the next ingest the check, nothing more
        log.warning("rencana %s tidak tersimpan: %s", path, exc)


def _ukuran_wajar(src: Path, batas: Batas) -> bool:
    """Whether the file is within the larger size limit (a larger one is refused by the
    check, never hashed first)."""
    return src.stat().st_size <= max(batas.ukuran_maks_csv, batas.ukuran_maks_xlsx)


def buat_perencana(raw: Path) -> Perencana:
    """The planner of an ingest into ``raw``: the kept plan of bytes already checked, else
    :func:`~transforms.terima.rencana.buat_rencana` (the plan then kept)."""

    def rencanakan(src: Path, katalog: Katalog, minta: Permintaan) -> tuple[Rencana, str]:
        batas = muat_batas()  # read once: the size limit and the key
        if src.is_symlink() or not _ukuran_wajar(src, batas):  # checked first, then hashed
            return rencanakan_berkas(src, katalog, minta)
        digest = hitung_sha256(src)
        path = raw / FOLDER / f"{_kunci(digest, katalog, minta, batas)}.json"
        rencana = _baca(path)
        if rencana is None:
            rencana = buat_rencana(src, katalog, minta)
            _tulis(path, rencana)
        return rencana, digest

    return rencanakan
