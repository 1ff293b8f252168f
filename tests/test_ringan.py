"""Whether ``indikator run`` goes through Prefect: only with a configured Prefect API (the
environment or the active Prefect profile, read without importing prefect) or when a
temporary server is asked for; never with ``--tanpa-prefect``."""

from __future__ import annotations

import flows.ringan as ringan


def test_the_active_profile_api_url_is_read_without_prefect(tmp_path, monkeypatch):
    profil = tmp_path / "profiles.toml"
    profil.write_text(
        'active = "lokal"\n[profiles.ephemeral]\n'
        '[profiles.lokal]\nPREFECT_API_URL = "http://127.0.0.1:4200/api"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(profil))
    monkeypatch.delenv("PREFECT_PROFILE", raising=False)
    assert ringan._url_profil() == "http://127.0.0.1:4200/api"
    monkeypatch.setenv("PREFECT_PROFILE", "ephemeral")
    assert ringan._url_profil() is None
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(tmp_path / "tidak-ada.toml"))
    assert ringan._url_profil() is None


def test_prefect_only_with_an_api_or_a_temporary_server_asked_for(monkeypatch):
    monkeypatch.delenv(ringan.ENV_SEMENTARA, raising=False)
    monkeypatch.setattr(ringan, "cari_api_prefect", lambda: None)
    assert not ringan.pakai_prefect(tanpa_prefect=False)
    monkeypatch.setenv(ringan.ENV_SEMENTARA, "1")
    assert ringan.pakai_prefect(tanpa_prefect=False)
    assert not ringan.pakai_prefect(tanpa_prefect=True)
    monkeypatch.delenv(ringan.ENV_SEMENTARA)
    monkeypatch.setattr(ringan, "cari_api_prefect", lambda: "http://127.0.0.1:4200/api")
    assert ringan.pakai_prefect(tanpa_prefect=False)
    assert not ringan.pakai_prefect(tanpa_prefect=True)


def test_the_environment_wins(monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://server:4200/api")
    assert ringan.cari_api_prefect() == "http://server:4200/api"


def test_settings_are_defaults_only(monkeypatch):
    monkeypatch.setenv("PREFECT_LOGGING_LEVEL", "DEBUG")
    for kunci in ringan.PENGATURAN_PREFECT:
        if kunci != "PREFECT_LOGGING_LEVEL":
            monkeypatch.delenv(kunci, raising=False)
    ringan.pasang_pengaturan_prefect()
    import os

    assert os.environ["PREFECT_LOGGING_LEVEL"] == "DEBUG"
    assert os.environ["PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL"] == "INFO"
