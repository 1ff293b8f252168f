"""Which period a scheduled run computes, and the name of a run (plain functions).

The monthly run (day 5, 02:00 Asia/Jakarta) computes the year of the previous month, so the
run of 5 January computes December of the year before; the annual run (31 January) computes
the previous year. "Previous" is taken in Asia/Jakarta at the run's scheduled time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

ZONA = "Asia/Jakarta"
CRON: dict[str, str] = {
    "bulanan": "0 2 5 * *",  # day 5 of each month, 02:00: the previous month's year
    "tahunan": "0 2 31 1 *",  # 31 January, 02:00: the previous year
}
"""The schedules of the deployments (``flows/jadwal.py`` and ``prefect.yaml``), in :data:`ZONA`."""
JADWAL = tuple(CRON)
PEMICU = ("manual", "terjadwal", "koreksi")


class JadwalSalah(ValueError):
    """A schedule or trigger name that is not known (message in Bahasa)."""


def hitung_periode(jadwal: str, saat: dt.datetime) -> tuple[int, int | None]:
    """(year, month) a scheduled run at ``saat`` computes: the previous month for ``bulanan``,
    (previous year, None) for ``tahunan``. A naive ``saat`` is taken as UTC."""
    if saat.tzinfo is None:
        saat = saat.replace(tzinfo=dt.UTC)
    lokal = saat.astimezone(ZoneInfo(ZONA))
    if jadwal == "bulanan":
        return (lokal.year, lokal.month - 1) if lokal.month > 1 else (lokal.year - 1, 12)
    if jadwal == "tahunan":
        return lokal.year - 1, None
    raise JadwalSalah(f"jadwal {jadwal!r} tidak dikenal; pilih salah satu: {', '.join(JADWAL)}.")


def buat_parameter_jadwal(
    jadwal: str, raw: Path | None = None, out: Path | None = None, target: Path | None = None
) -> dict[str, str]:
    """The parameters of a scheduled deployment: its schedule, the trigger ``terjadwal`` and
    the folders given (absolute); folders left out are read from the settings at run time."""
    if jadwal not in CRON:
        hitung_periode(jadwal, dt.datetime.now(dt.UTC))  # raises JadwalSalah
    jalur = {"raw": raw, "out": out, "target": target}
    return {
        "jadwal": jadwal,
        "pemicu": "terjadwal",
        **{k: str(v.absolute()) for k, v in jalur.items() if v is not None},
    }


def periksa_pemicu(pemicu: str) -> str:
    """The trigger, if it is one of :data:`PEMICU`."""
    if pemicu not in PEMICU:
        raise JadwalSalah(
            f"pemicu {pemicu!r} tidak dikenal; pilih salah satu: {', '.join(PEMICU)}."
        )
    return pemicu


def buat_nama_run(jadwal: str | None, pemicu: str, tahun: int | None, saat: dt.datetime) -> str:
    """The name of a run: ``bulanan-2025-09``, ``tahunan-2025``, ``koreksi-2025-20251103-0915``
    (a rerun after a correction, stamped in Asia/Jakarta), ``manual-2025`` (``semua``: every
    year)."""
    periksa_pemicu(pemicu)
    if jadwal is not None and pemicu != "koreksi":
        th, bulan = hitung_periode(jadwal, saat)
        if tahun is not None and tahun != th:  # a scheduled deployment run for another year
            return f"{jadwal}-{tahun}"
        return f"bulanan-{th}-{bulan:02d}" if bulan else f"tahunan-{th}"
    nama_tahun = str(tahun) if tahun is not None else "semua"
    if pemicu == "koreksi":
        if saat.tzinfo is None:
            saat = saat.replace(tzinfo=dt.UTC)
        stempel = saat.astimezone(ZoneInfo(ZONA)).strftime("%Y%m%d-%H%M")
        return f"koreksi-{nama_tahun}-{stempel}"
    return f"{pemicu}-{nama_tahun}"
