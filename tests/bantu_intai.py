"""Watching a function from a test: each call's chosen detail recorded, the call unchanged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def intai(monkeypatch: Any, modul: Any, nama: str, catat: Callable[..., Any]) -> list[Any]:
    """Replace ``modul.nama`` for the test by a wrapper that appends ``catat(*args,
    **kwargs)`` to the returned list, then calls the original."""
    asli = getattr(modul, nama)
    daftar: list[Any] = []

    def bungkus(*args: Any, **kwargs: Any) -> Any:
        daftar.append(catat(*args, **kwargs))
        return asli(*args, **kwargs)

    monkeypatch.setattr(modul, nama, bungkus)
    return daftar
