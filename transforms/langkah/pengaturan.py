"""Settings of a run's publication: the guard, retention and the lock wait.

Each has a default, an environment variable (for cron and Prefect deployments) and a CLI option
of ``indikator run`` that wins over both.

- share of a year's indicator rows that may disappear: ``INDIKATOR_BATAS_SUSUT`` (percent),
  ``--batas-susut``, default 10; ``--izinkan-susut`` publishes whatever is lost;
- generations kept: ``INDIKATOR_SIMPAN_GENERASI``, ``--simpan-generasi``, default 5;
- seconds to wait for another run's lock: ``INDIKATOR_TUNGGU_KUNCI``, default 3600;
  ``--tanpa-tunggu`` does not wait (0).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

from transforms.keluar.generasi import SIMPAN_BAWAAN
from transforms.keluar.penjaga import BATAS_SUSUT_BAWAAN

TUNGGU_BAWAAN = 3600.0


class PengaturanSalah(ValueError):
    """A setting has a value that cannot be used (message in Bahasa)."""


@dataclass(frozen=True)
class Pengaturan:
    """Publication settings of one run."""

    izinkan_susut: bool = False
    batas_susut: float = BATAS_SUSUT_BAWAAN
    simpan_generasi: int = SIMPAN_BAWAAN
    tunggu_kunci: float | None = TUNGGU_BAWAAN


def _angka(env: Mapping[str, str], nama: str, bawaan: float, bulat: bool = False) -> float:
    teks = env.get(nama, "").strip()
    if not teks:
        return bawaan
    try:
        nilai = int(teks) if bulat else float(teks.replace(",", "."))
    except ValueError:
        jenis = "bilangan bulat" if bulat else "angka"
        raise PengaturanSalah(f"{nama}={teks!r} bukan {jenis}; hapus atau perbaiki.") from None
    return nilai


def periksa_pengaturan(p: Pengaturan) -> Pengaturan:
    """Refuse values that cannot work (with a Bahasa message)."""
    if not 0 <= p.batas_susut <= 100:
        raise PengaturanSalah(f"batas susut {p.batas_susut:g} % harus antara 0 dan 100.")
    if p.simpan_generasi < 1:
        raise PengaturanSalah(
            f"jumlah generasi yang disimpan ({p.simpan_generasi}) minimal 1 (yang berlaku)."
        )
    if p.tunggu_kunci is not None and p.tunggu_kunci < 0:
        raise PengaturanSalah(f"waktu tunggu kunci ({p.tunggu_kunci:g} detik) tidak boleh negatif.")
    return p


def baca_pengaturan(env: Mapping[str, str] | None = None, **ubah: object) -> Pengaturan:
    """Settings from the environment, then the given overrides (None values are ignored)."""
    env = os.environ if env is None else env
    dasar = Pengaturan(
        batas_susut=_angka(env, "INDIKATOR_BATAS_SUSUT", BATAS_SUSUT_BAWAAN),
        simpan_generasi=int(_angka(env, "INDIKATOR_SIMPAN_GENERASI", SIMPAN_BAWAAN, bulat=True)),
        tunggu_kunci=_angka(env, "INDIKATOR_TUNGGU_KUNCI", TUNGGU_BAWAAN),
    )
    return periksa_pengaturan(replace(dasar, **{k: v for k, v in ubah.items() if v is not None}))
