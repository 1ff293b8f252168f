"""Reading what a run left on the Prefect API (flow run, logs, task runs, artifacts,
deployments), polling briefly: logs and task runs reach the server asynchronously. (The sync
client of Prefect 3.8.8 sends None for the defaults the server refuses: they are given.)"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any
from uuid import UUID


def tunggu(fungsi: Callable[[], Any], cukup: Callable[[Any], bool], detik: float = 60) -> Any:
    """Call ``fungsi`` until ``cukup(hasil)`` or the time is up; the last result."""
    batas = time.monotonic() + detik
    while True:
        hasil = fungsi()
        if cukup(hasil) or time.monotonic() > batas:
            return hasil
        time.sleep(0.5)


def baca_run(flow_run_id: UUID, jumlah_tugas: int = 0) -> dict[str, Any]:
    """The flow run, its log messages, its task run names and its artifacts by key."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterId,
        LogFilter,
        LogFilterFlowRunId,
    )
    from prefect.client.schemas.sorting import TaskRunSort
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=10)
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(flow_run_id)
        logs = tunggu(
            lambda: client.read_logs(
                LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])), limit=200, offset=0
            ),
            lambda logs: any("Keputusan terbit" in log.message for log in logs),
            detik=180,  # a served run's process sends its last records as it exits
        )
        tugas = tunggu(
            lambda: client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
                sort=TaskRunSort.EXPECTED_START_TIME_ASC,
                limit=200,
            ),
            lambda t: len(t) >= jumlah_tugas,
        )
        # fewer tasks than asked for is the test's mistake or the run's, never a slow server
        # worth sitting out in silence (a wrong count once cost every suite run 60 s)
        assert len(tugas) >= jumlah_tugas, sorted(t.name for t in tugas)
        # straight to the REST API: the sync client's artifact filter finds nothing in 3.8.8
        artefak = client._client.post(
            "/artifacts/filter",
            json={
                "artifacts": {"flow_run_id": {"any_": [str(flow_run_id)]}},
                "sort": "KEY_ASC",
                "limit": 20,
                "offset": 0,
            },
        ).json()
    return {
        "run": run,
        "log": [log.message for log in logs],
        "tugas": sorted(t.name for t in tugas),
        "artefak": {a["key"]: SimpleNamespace(**a) for a in artefak},
    }
