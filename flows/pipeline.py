"""Prefect flow for a run: thin, it wraps the plain steps of ``transforms.langkah`` as tasks.

The flow run ends Failed (it raises :class:`RunTidakTerbit`) when nothing was published; when
something was, its result is the run summary, rejected files and guard refusals included.
"""

from __future__ import annotations

import os
from pathlib import Path

# Prefect settings must be in the environment before prefect is imported.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.pelaksana import pilih_petakan
from transforms.keluar.galat import KeluaranGagal
from transforms.langkah.hitung import langkah_hitung
from transforms.langkah.jalankan import jalankan
from transforms.langkah.keputusan import (
    buat_kalimat_status,
    periksa_terbit,
    tentukan_kode_keluar,
)
from transforms.langkah.pengaturan import baca_pengaturan
from transforms.langkah.proses import langkah_proses
from transforms.langkah.ringkasan import Ringkasan
from transforms.langkah.terbitkan import langkah_terbitkan


def _ulang_io(task, task_run, state) -> bool:
    """Retry publication only on an unexplained I/O error, never on a full disk, a refused
    permission or a broken pointer (retrying cannot help those)."""
    try:
        state.result()
    except KeluaranGagal:
        return False
    except OSError:
        return True
    except Exception:
        return False
    return False


# No caching: a corrected file at the same path must be read again (see guides/stack.md).
baca_berkas = task(langkah_proses, name="baca-berkas", cache_policy=NO_CACHE)
hitung_semua = task(langkah_hitung, name="hitung-indikator", cache_policy=NO_CACHE)
# A generation is written beside the current one and switched to, so a retry is safe.
tulis = task(
    langkah_terbitkan,
    name="terbitkan",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[5, 30],
    retry_condition_fn=_ulang_io,
)


@flow(name="indikator-run")
def pipeline(
    raw: Path,
    out: Path,
    tahun: int | None = None,
    target: Path | None = None,
    izinkan_susut: bool = False,
    batas_susut: float | None = None,
    simpan_generasi: int | None = None,
    tunggu_kunci: float | None = None,
) -> Ringkasan:
    """Read the raw store, compute every indicator, publish one generation of Parquet for BI."""
    pengaturan = baca_pengaturan(
        izinkan_susut=izinkan_susut,
        batas_susut=batas_susut,
        simpan_generasi=simpan_generasi,
        tunggu_kunci=tunggu_kunci,
    )
    ringkasan = jalankan(
        raw,
        out,
        tahun,
        target=target,
        pengaturan=pengaturan,
        proses=baca_berkas,
        hitung_semua=hitung_semua,
        tulis=tulis,
        petakan=pilih_petakan(),  # on Dask: every file submitted at once (flows/pelaksana.py)
    )
    status = buat_kalimat_status(ringkasan)
    logger = get_run_logger()
    logger.info(status) if tentukan_kode_keluar(ringkasan) == 0 else logger.warning(status)
    return periksa_terbit(ringkasan)
