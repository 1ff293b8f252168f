"""Settings of a run: its folders (raw, out, target, log) and its publication (the guard,
retention and the lock wait).

Each has a default, an entry in the settings file (TOML, its path in ``INDIKATOR_PENGATURAN``),
an environment variable (for cron and Prefect deployments) and a CLI option of ``indikator
run``; later ones win (option > environment > file > default). Folders come out absolute:
relative ones in the file (or in the environment, when a file is given) are resolved against
the settings file's folder, never against the working directory (cron and Prefect workers run
elsewhere).

- folders: ``raw``/``INDIKATOR_RAW``, ``out``/``INDIKATOR_OUT``, ``target``/``INDIKATOR_TARGET``,
  ``log``/``INDIKATOR_FOLDER_LOG`` (folder of the technical log file), ``cache``/
  ``INDIKATOR_CACHE`` (processed results of raw files, default ``<raw>/.cache/hasil``;
  ``--tanpa-cache`` processes every file again);

- share of a year's indicator rows that may disappear: ``INDIKATOR_BATAS_SUSUT`` (percent),
  ``--batas-susut``, default 10; ``--izinkan-susut`` publishes whatever is lost;
- generations kept: ``INDIKATOR_SIMPAN_GENERASI``, ``--simpan-generasi``, default 5;
- seconds to wait for another run's lock: ``INDIKATOR_TUNGGU_KUNCI``, default 3600;
  ``--tanpa-tunggu`` does not wait (0);
- worker processes for the files a run has no cached result for: ``pekerja``/
  ``INDIKATOR_PEKERJA``, default 2 (at most the cores); 0 processes them in the run's own
  process (:mod:`transforms.langkah.siapkan`); the same setting lets one worker compute
  indicators while the run combines (:mod:`transforms.langkah.pekerja_hitung`; 0: none);
- ``--hitung-ulang``: compute every year again, even a year whose inputs did not change since
  the generation in force (:mod:`transforms.langkah.sidik_tahun`; ``--tanpa-cache`` also
  does).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from transforms.keluar.generasi import SIMPAN_BAWAAN
from transforms.keluar.penjaga import BATAS_SUSUT_BAWAAN

TUNGGU_BAWAAN = 3600.0
PEKERJA_BAWAAN = min(2, os.cpu_count() or 1)
"""Worker processes for the files a run has no cached result for (:mod:`transforms.langkah.
siapkan`): two at most by default, each holds a national file (±0.7 GB) while it reads."""
ENV_BERKAS = "INDIKATOR_PENGATURAN"
ENV_JALUR = {
    "raw": "INDIKATOR_RAW",
    "out": "INDIKATOR_OUT",
    "target": "INDIKATOR_TARGET",
    "log": "INDIKATOR_FOLDER_LOG",
    "cache": "INDIKATOR_CACHE",
}


class PengaturanSalah(ValueError):
    """A setting has a value that cannot be used (message in Bahasa)."""


@dataclass(frozen=True)
class Pengaturan:
    """Publication and cache settings of one run (``cache`` None: inside the raw store)."""

    izinkan_susut: bool = False
    batas_susut: float = BATAS_SUSUT_BAWAAN
    simpan_generasi: int = SIMPAN_BAWAAN
    tunggu_kunci: float | None = TUNGGU_BAWAAN
    cache: Path | None = None
    tanpa_cache: bool = False
    pekerja: int = PEKERJA_BAWAAN
    hitung_ulang: bool = False  # compute every year, even one whose inputs did not change


class IsiPengaturan(BaseModel):
    """What a settings file may say (strict: an unknown key or a wrong type is refused)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    raw: str | None = None
    out: str | None = None
    target: str | None = None
    log: str | None = None
    cache: str | None = None
    batas_susut: float | None = None
    simpan_generasi: int | None = None
    tunggu_kunci: float | None = None
    pekerja: int | None = None


@dataclass(frozen=True)
class Jalur:
    """The folders of a run, absolute (None: not set anywhere)."""

    raw: Path | None = None
    out: Path | None = None
    target: Path | None = None
    log: Path | None = None
    cache: Path | None = None
    berkas: Path | None = None  # the settings file they came from, if any


def _pesan_validasi(berkas: Path, exc: ValidationError) -> str:
    salah = "; ".join(
        f"{'.'.join(map(str, e['loc']))}: "
        + ("kunci tidak dikenal" if e["type"] == "extra_forbidden" else e["msg"])
        for e in exc.errors()
    )
    return f"berkas pengaturan {berkas} tidak valid ({salah}); perbaiki berkas itu."


def baca_berkas_pengaturan(
    env: Mapping[str, str] | None = None,
) -> tuple[Path | None, IsiPengaturan]:
    """The settings file named by ``INDIKATOR_PENGATURAN`` (absolute path) and its content;
    no file named: (None, empty settings)."""
    env = os.environ if env is None else env
    teks = env.get(ENV_BERKAS, "").strip()
    if not teks:
        return None, IsiPengaturan()
    berkas = Path(teks).expanduser().absolute()
    try:
        isi = tomllib.loads(berkas.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PengaturanSalah(
            f"berkas pengaturan {berkas} ({ENV_BERKAS}) tidak dapat dibaca: {exc.strerror}."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise PengaturanSalah(f"berkas pengaturan {berkas} bukan TOML yang sah: {exc}.") from None
    try:
        return berkas, IsiPengaturan.model_validate(isi)
    except ValidationError as exc:
        raise PengaturanSalah(_pesan_validasi(berkas, exc)) from None


def _jalur_absolut(nilai: str | None, dasar: Path | None, asal: str) -> Path | None:
    if not nilai:
        return None
    path = Path(nilai).expanduser()
    if path.is_absolute():
        return Path(os.path.normpath(path))
    if dasar is None:
        raise PengaturanSalah(
            f"{asal}={nilai!r} adalah jalur relatif; tulis jalur absolut, atau tulis folder itu "
            f"di berkas pengaturan ({ENV_BERKAS}), yang jalur relatifnya dihitung dari folder "
            "berkas itu."
        )
    return Path(os.path.normpath(dasar / path))


def baca_jalur(env: Mapping[str, str] | None = None) -> Jalur:
    """The run's folders from the settings file and the environment (environment wins), all
    absolute; relative ones are resolved against the settings file's folder."""
    env = os.environ if env is None else env
    berkas, isi = baca_berkas_pengaturan(env)
    jalur = {kunci: _baca_folder(kunci, env, berkas, isi) for kunci in ENV_JALUR}
    return Jalur(**jalur, berkas=berkas)


def _baca_folder(
    kunci: str, env: Mapping[str, str], berkas: Path | None, isi: IsiPengaturan
) -> Path | None:
    """One folder of the settings: environment, else settings file; absolute."""
    nama_env = ENV_JALUR[kunci]
    dari_env = env.get(nama_env, "").strip()
    asal = nama_env if dari_env else f"{kunci} (di {berkas})"
    return _jalur_absolut(dari_env or getattr(isi, kunci), berkas.parent if berkas else None, asal)


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
    if p.pekerja < 0:
        raise PengaturanSalah(
            f"jumlah proses pekerja ({p.pekerja}) tidak boleh negatif (0: tanpa proses pekerja)."
        )
    if p.tunggu_kunci is not None and p.tunggu_kunci < 0:
        raise PengaturanSalah(f"waktu tunggu kunci ({p.tunggu_kunci:g} detik) tidak boleh negatif.")
    return p


def baca_pengaturan(env: Mapping[str, str] | None = None, **ubah: object) -> Pengaturan:
    """Settings from the settings file, the environment, then the given overrides (None values
    are ignored)."""
    env = os.environ if env is None else env
    berkas, isi = baca_berkas_pengaturan(env)

    def dari_berkas(nilai: float | None, bawaan: float) -> float:
        return bawaan if nilai is None else nilai

    dasar = Pengaturan(
        batas_susut=_angka(
            env, "INDIKATOR_BATAS_SUSUT", dari_berkas(isi.batas_susut, BATAS_SUSUT_BAWAAN)
        ),
        simpan_generasi=int(
            _angka(
                env,
                "INDIKATOR_SIMPAN_GENERASI",
                dari_berkas(isi.simpan_generasi, SIMPAN_BAWAAN),
                bulat=True,
            )
        ),
        tunggu_kunci=_angka(
            env, "INDIKATOR_TUNGGU_KUNCI", dari_berkas(isi.tunggu_kunci, TUNGGU_BAWAAN)
        ),
        cache=_baca_folder("cache", env, berkas, isi),
        pekerja=int(
            _angka(env, "INDIKATOR_PEKERJA", dari_berkas(isi.pekerja, PEKERJA_BAWAAN), bulat=True)
        ),
    )
    return periksa_pengaturan(replace(dasar, **{k: v for k, v in ubah.items() if v is not None}))
