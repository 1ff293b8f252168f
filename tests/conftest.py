"""Shared fixtures: the real data folder (required in CI) and one Prefect harness per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"


def realdata_path(*parts: str) -> Path:
    """Path under ../shared/realdata; skip (or fail in CI) when the data is absent."""
    path = REALDATA.joinpath(*parts)
    if not path.exists():
        reason = (
            f"real data not found at {path}: the unlicensed public test data lives in "
            "../shared/realdata beside the repository and is never copied into it"
        )
        if os.environ.get("INDIKATOR_REALDATA_REQUIRED") == "1":
            pytest.fail(reason + " (INDIKATOR_REALDATA_REQUIRED=1, as in CI)")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def realdata() -> Path:
    """The ../shared/realdata folder."""
    return realdata_path()


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect backend for the whole session (startup costs ~10-15 s)."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(autouse=True)
def _log_di_tmp(tmp_path, monkeypatch):
    """The CLI's technical log goes to the test's tmp folder, never into the repository."""
    monkeypatch.setenv("INDIKATOR_LOG", str(tmp_path / "indikator-galat.log"))
