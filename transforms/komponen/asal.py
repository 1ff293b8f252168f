"""What the component step knows about a file: its provenance, its result, its rejection."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


class BerkasDitolak(Exception):
    """A structural problem: the whole file is rejected (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class Asal:
    """Where a table came from: what the provenance columns say."""

    berkas: str
    sha256: str
    sumber: str
    tahun: int
    bulan: int | None = None
    scope: str | None = None
    tahun_data: tuple[int, ...] = ()
    semester: int | None = None

    @property
    def tahun_boleh(self) -> tuple[int, ...]:
        """Years a row of this file may carry (the file's own years for multi-year files)."""
        return self.tahun_data or (self.tahun,)


@dataclass
class HasilBerkas:
    """Components, problems and row accounting of one file."""

    komponen: pd.DataFrame
    masalah: pd.DataFrame
    akuntansi: dict[str, int | str] = field(default_factory=dict)
