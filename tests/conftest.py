"""Shared fixtures: the real data folder (required in CI), one Prefect harness per session, and
the end-to-end states (demo run, real Sulawesi Barat runs) built once per session."""

from __future__ import annotations

import os
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import pytest

from schemas.katalog import muat_katalog
from transforms.langkah.jalankan import jalankan
from transforms.terima.terima import terima_berkas
from transforms.wilayah import cocok
from transforms.wilayah.ingat_cocok import lupakan_cocok

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


# --------------------------------------------------------------------------- end-to-end states
# Each is built once per session, on first use (only by tests in the slow tier), and is
# shared READ-ONLY: a test that writes into one of these folders (a re-run, say) copies it first.
# The dicts are read-only views; the frames in them must not be changed in place.
# A test that uses one of them (or the Prefect harness) is in the slow tier, marked or not.

UJUNG = frozenset({"prefect_harness", "demo", "sulbar", "sulbar_semua"})


@pytest.hookimpl(tryfirst=True)  # before ``-m "not lambat"`` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``lambat`` every test that uses an end-to-end state of this file."""
    for item in items:
        if UJUNG & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.lambat)


SULBAR_SIGA_2025 = ("data_pus.csv", "data_mix_kontra.csv", "data_bkb_keluarga.csv")
SULBAR_SEMUA_2025 = (
    *SULBAR_SIGA_2025,
    "data_bkb.csv",
    "data_uppka.csv",
    "data_pikr.csv",
    "sasaran_poktan_gabung.csv",
    "data_kkb.csv",
    "data_rdk.csv",
    "2025-elsimil-bumil.csv",
    "2025-elsimil-pascasalin.csv",
    "pkb_per_kecamatan_DERIVED.csv",
)


def _keluaran(raw: Path, out: Path, tahun: int | None = None) -> dict:
    """``indikator run --tanpa-prefect`` of a raw store: summary and the published tables."""
    ringkasan = jalankan(raw, out, tahun)
    return {
        "raw": raw,
        "out": out,
        "ringkasan": ringkasan,
        "hasil": pd.read_parquet(out / "indikator"),
        "karantina": pd.read_parquet(out / "karantina"),
    }


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> MappingProxyType:
    """The bundled demo raw store (``data/demo``, read in place) run without Prefect."""
    return MappingProxyType(_keluaran(ROOT / "data" / "demo", tmp_path_factory.mktemp("demo")))


@pytest.fixture(scope="session")
def sulbar(tmp_path_factory) -> MappingProxyType:
    """The three SIGA exports of PUS, method mix and BKB families, ingested and run for 2025."""
    folder = realdata_path("bkkbn-sulbar-siga")
    raw = tmp_path_factory.mktemp("sulbar-raw")
    for name in SULBAR_SIGA_2025:
        terima_berkas(folder / name, raw, muat_katalog(), 2025)
    out = tmp_path_factory.mktemp("sulbar-out")
    return MappingProxyType({"folder": folder, **_keluaran(raw, out, 2025)})


@pytest.fixture(scope="session")
def sulbar_semua(tmp_path_factory) -> MappingProxyType:
    """Every real Sulbar export (SIGA, Verval KRS, Elsimil, PKB, SIMONEP), recognised by its
    header, ingested and run for all years; ``sumber`` is the source each file was given."""
    siga = realdata_path("bkkbn-sulbar-siga")
    simonep = realdata_path("bkkbn-sulbar-simonep")
    raw = tmp_path_factory.mktemp("sulbar-semua-raw")
    katalog = muat_katalog()
    sumber = {}
    for name in SULBAR_SEMUA_2025:
        sumber[name] = terima_berkas(siga / name, raw, katalog, 2025).provenans.sumber
    verval = terima_berkas(siga / "data_verval_krs_2024_sem2.csv", raw, katalog, 2024)
    sumber["verval"] = verval.provenans.sumber
    faskes = terima_berkas(simonep / "faskes-pelayanan-2024-1.xlsx", raw, katalog)
    ppks = terima_berkas(simonep / "pelayanan_ppks.csv", raw, katalog)
    sumber["faskes"], sumber["ppks"] = faskes.provenans.sumber, ppks.provenans.sumber
    keluaran = _keluaran(raw, tmp_path_factory.mktemp("sulbar-semua-out"))
    return MappingProxyType(
        {
            "siga": siga,
            "simonep": simonep,
            "sumber": MappingProxyType(sumber),
            "ppks_tahun": ppks.provenans.tahun_data,
            **keluaran,
        }
    )


@pytest.fixture
def hitungan(monkeypatch):
    """How many times region name combinations were really matched (the kept matches of the
    process are forgotten before and after)."""
    lupakan_cocok()
    asli = cocok._cocokkan_unik
    n = {"kali": 0}

    def dihitung(*args, **kwargs):
        n["kali"] += 1
        return asli(*args, **kwargs)

    monkeypatch.setattr(cocok, "_cocokkan_unik", dihitung)
    yield n
    lupakan_cocok()
