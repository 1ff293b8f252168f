"""Prefect flow for a run: thin, it wraps the plain steps of ``transforms.langkah`` as tasks."""

from __future__ import annotations

import os
from pathlib import Path

# Prefect settings must be in the environment before prefect is imported.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from transforms.langkah.hitung import langkah_hitung
from transforms.langkah.jalankan import jalankan
from transforms.langkah.proses import langkah_proses
from transforms.langkah.ringkasan import Ringkasan
from transforms.langkah.terbitkan import langkah_terbitkan

# No caching: a corrected file at the same path must be read again (see guides/stack.md).
baca_berkas = task(langkah_proses, name="baca-berkas", cache_policy=NO_CACHE)
hitung_semua = task(langkah_hitung, name="hitung-indikator", cache_policy=NO_CACHE)
# Publishing is idempotent (staged swap), so retrying I/O is safe.
tulis = task(
    langkah_terbitkan,
    name="terbitkan",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[5, 30],
)


@flow(name="indikator-run")
def pipeline(
    raw: Path, out: Path, tahun: int | None = None, target: Path | None = None
) -> Ringkasan:
    """Read the raw store, compute every indicator, publish Parquet for BI."""
    return jalankan(
        raw,
        out,
        tahun,
        target=target,
        proses=baca_berkas,
        hitung_semua=hitung_semua,
        tulis=tulis,
    )
