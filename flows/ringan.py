"""What Prefect costs a run, kept small: which Prefect API a run talks to (if any) and the
Prefect settings it runs with (set in the environment before prefect is imported).

Without a configured Prefect API (``PREFECT_API_URL`` in the environment or in the active
Prefect profile), Prefect 3.8.8 can only run a flow by starting a temporary server in a
subprocess (~8 s CPU for the server, ~6 s in the run's process on the demo), which vanishes
with the run: ``indikator run`` then runs the same steps without Prefect, unless
``INDIKATOR_PREFECT_SEMENTARA=1`` asks for the temporary server (the runs are kept in
``$PREFECT_HOME/prefect.db``, readable later with ``prefect server start``).
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

PENGATURAN_PREFECT = {
    # the first migration of a new PREFECT_HOME was seen taking more than the 20 s default
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # Prefect's own chatter stays quiet; the run's log records (progress, summary, rejected
    # files, publish decision) still reach the server
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "INFO",
}
# Measured on the demo (user+sys CPU, see the README): turning off block registration,
# migrations on start, triggers, vacuum, the reconciler, resource metrics and the events
# stream of the temporary server saved nothing measurable (the cost is importing and starting
# the server app), so they are left as Prefect sets them.
ENV_SEMENTARA = "INDIKATOR_PREFECT_SEMENTARA"


def pasang_pengaturan_prefect() -> None:
    """Put the defaults of :data:`PENGATURAN_PREFECT` into the environment (never overriding)."""
    for kunci, nilai in PENGATURAN_PREFECT.items():
        os.environ.setdefault(kunci, nilai)


def _url_profil() -> str | None:
    """``PREFECT_API_URL`` of the active Prefect profile, read without importing prefect."""
    home = Path(os.environ.get("PREFECT_HOME", "~/.prefect")).expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH", home / "profiles.toml")).expanduser()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    aktif = os.environ.get("PREFECT_PROFILE") or data.get("active", "ephemeral")
    url = data.get("profiles", {}).get(aktif, {}).get("PREFECT_API_URL")
    return str(url) if url else None


def cari_api_prefect() -> str | None:
    """The Prefect API a run would talk to: the environment, the settings of a process that
    already imported prefect (a test harness), else the active profile; None: none configured."""
    if url := os.environ.get("PREFECT_API_URL"):
        return url
    if "prefect.settings" in sys.modules:  # already paid for: ask prefect itself
        from prefect.settings import get_current_settings

        return get_current_settings().api.url
    return _url_profil()


def pakai_prefect(tanpa_prefect: bool) -> bool:
    """Whether ``indikator run`` runs as a Prefect flow: not with ``--tanpa-prefect``; yes with
    a configured API, with ``INDIKATOR_PREFECT_SEMENTARA=1`` (temporary server), or with a Dask
    scheduler asked for (``INDIKATOR_DASK_ALAMAT``: the tasks go to Dask through the flow)."""
    from flows.pelaksana import baca_alamat_dask

    if tanpa_prefect:
        return False
    if baca_alamat_dask() is not None:
        return True
    return bool(cari_api_prefect()) or os.environ.get(ENV_SEMENTARA, "") == "1"
