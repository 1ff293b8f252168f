"""Where a run's tasks run: the default local runner, or a Dask cluster (prefect-dask).

The scheduler address comes from the environment (``INDIKATOR_DASK_ALAMAT``), e.g.
``tcp://10.0.0.5:8786`` of a cluster started with ``dask scheduler`` / ``dask worker``, or
``lokal`` for a temporary cluster on this machine. Unset or empty: the default runner, as
before. With Dask, the per-file step is submitted for every file at once (:func:`
petakan_tugas`) so the workers read files in parallel; without it files are read one after
another in the flow's process (:func:`~transforms.langkah.masukan.petakan_biasa`).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable
from typing import Any

ENV_ALAMAT = "INDIKATOR_DASK_ALAMAT"
LOKAL = "lokal"


def baca_alamat_dask(alamat: str | None = None) -> str | None:
    """The Dask scheduler address asked for (argument, then environment); None: no Dask."""
    alamat = (alamat if alamat is not None else os.environ.get(ENV_ALAMAT, "")).strip()
    return alamat or None


def buat_pelaksana(alamat: str | None = None) -> Any | None:
    """A ``DaskTaskRunner`` for the address (``lokal``: a temporary local cluster), or None."""
    alamat = baca_alamat_dask(alamat)
    if alamat is None:
        return None
    from prefect_dask import DaskTaskRunner

    # a province-year's rows travel inside its task (tens of MB for a large province): by
    # design, so Dask's advice to load the data on the workers is noise on the user's screen
    warnings.filterwarnings(
        "ignore", message="Sending large graph", category=UserWarning, module="distributed"
    )
    if alamat == LOKAL:
        return DaskTaskRunner()
    if "://" not in alamat:
        alamat = f"tcp://{alamat}"
    return DaskTaskRunner(address=alamat)


def pasang_pelaksana(alur: Any, alamat: str | None = None) -> Any:
    """The flow with the Dask runner when one is asked for, else the flow unchanged."""
    pelaksana = buat_pelaksana(alamat)
    return alur if pelaksana is None else alur.with_options(task_runner=pelaksana)


def petakan_tugas(tugas: Any, *daftar: Iterable[Any]) -> list[Any]:
    """Submit ``tugas`` for every element at once (``.map``) and wait for every result, in
    order. A task that raised raises here (the per-file step never does: it rejects the file)."""
    return [f.result() for f in tugas.map(*daftar)]


def pilih_petakan() -> Callable[..., list[Any]] | None:
    """:func:`petakan_tugas` inside a flow run on Dask; None (the plain loop) otherwise."""
    from prefect.context import FlowRunContext

    konteks = FlowRunContext.get()
    pelaksana = getattr(konteks, "task_runner", None)
    if pelaksana is not None and type(pelaksana).__name__ == "DaskTaskRunner":
        return petakan_tugas
    return None
