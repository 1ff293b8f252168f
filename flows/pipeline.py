"""Prefect flow for a run: thin, it wraps the plain steps of ``transforms.langkah`` as tasks.

The flow run ends Failed (it raises :class:`RunTidakTerbit`) when nothing was published; when
something was, its result is the run summary, rejected files and guard refusals included.
Each run is named (``bulanan-2025-09``, ``tahunan-2025``, ``koreksi-2025-…``, ``manual-2025``),
each file's task is named after the file, each province-year's compute task after the
province and year (``hitung-35-2025``; on Dask both run on the workers), the run's progress,
summary, rejected files and publish decision go to the run's log, and two artifacts go on
the run's page: a markdown summary (``indikator-ringkasan``) and a table of files
(``indikator-berkas``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flows.pelaksana import pilih_petakan
from flows.ringan import pasang_pengaturan_prefect

pasang_pengaturan_prefect()  # before prefect is imported

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact, create_table_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.runtime import flow_run, task_run  # noqa: E402

from transforms.keluar.galat import KeluaranGagal  # noqa: E402
from transforms.keluar.memori import atur_memori  # noqa: E402
from transforms.komponen.asal import HasilBerkas  # noqa: E402
from transforms.langkah.artefak import buat_markdown_ringkasan, buat_tabel_berkas  # noqa: E402
from transforms.langkah.hitung import langkah_indikator_bertahap  # noqa: E402
from transforms.langkah.jadwal import buat_nama_run, hitung_periode, periksa_pemicu  # noqa: E402
from transforms.langkah.jalankan import jalankan  # noqa: E402
from transforms.langkah.kemajuan import Kemajuan, Pelapor, buat_baris_kemajuan  # noqa: E402
from transforms.langkah.keputusan import (  # noqa: E402
    berkas_ditolak,
    buat_kalimat_status,
    periksa_terbit,
    tentukan_kode_keluar,
)
from transforms.langkah.pengaturan import PengaturanSalah, baca_jalur, baca_pengaturan  # noqa: E402
from transforms.langkah.per_provinsi import cari_provinsi_tahun, hitung_provinsi  # noqa: E402
from transforms.langkah.proses import langkah_proses  # noqa: E402
from transforms.langkah.ringkasan import Ringkasan, buat_teks_ringkasan  # noqa: E402
from transforms.langkah.simpanan import Simpanan  # noqa: E402
from transforms.langkah.terbitkan import langkah_terbitkan  # noqa: E402
from transforms.terima.simpan import Provenans  # noqa: E402

ULANG_BACA = 2
_PELAPOR: list[Pelapor] = []  # extra progress reporters of the caller (the console command)


def _ulang_io(task, task_run, state) -> bool:
    """Retry only on an unexplained I/O error, never on a full disk, a refused permission, a
    missing file or a broken pointer (retrying cannot help those), never on validation."""
    try:
        state.result()
    except KeluaranGagal:
        return False
    except (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError):
        return False
    except OSError:
        return True
    except Exception:
        return False
    return False


def _baca_ulang_io(path: Path, prov: Provenans, simpanan: Simpanan | None = None) -> HasilBerkas:
    """The process step, after opening the file: a transient I/O error raises (the task is
    retried) until the last attempt, which rejects the file as the process step does."""
    atur_memori()  # the process running the task may be a Dask worker
    if task_run.get_run_count() <= ULANG_BACA:
        with path.open("rb") as fh:
            fh.read(1)
    return langkah_proses(path, prov, simpanan)


def _nama_baca(parameters: dict[str, Any]) -> str:
    prov = parameters.get("prov")
    return f"baca-{getattr(prov, 'berkas', None) or Path(parameters['path']).name}"


# No Prefect caching: a corrected file at the same path must be read again (see
# guides/stack.md); the process step keeps its own cache, by the file's sha256
# (transforms/langkah/simpanan.py).
baca_berkas = task(
    _baca_ulang_io,
    name="baca-berkas",
    task_run_name=_nama_baca,
    cache_policy=NO_CACHE,
    retries=ULANG_BACA,
    retry_delay_seconds=[5, 30],
    retry_condition_fn=_ulang_io,
)


def _nama_hitung(parameters: dict[str, Any]) -> str:
    provinsi, tahun = cari_provinsi_tahun(parameters["satu"])
    return f"hitung-{provinsi}-{tahun}"


@functools.wraps(hitung_provinsi)
def _hitung_provinsi(*args: Any, **kwargs: Any) -> Any:
    """:func:`hitung_provinsi` with the memory thresholds set in the process running it
    (a Dask worker's, or the flow's own)."""
    atur_memori()
    return hitung_provinsi(*args, **kwargs)


# One task per province-year (``hitung-35-2025``): in the flow's process one after another,
# on Dask all at once on the workers (the region master is the worker's own copy).
hitung_provinsi_tugas = task(
    _hitung_provinsi,
    name="hitung-provinsi",
    task_run_name=_nama_hitung,
    cache_policy=NO_CACHE,
)
# A generation is written beside the current one and switched to, so a retry is safe.
tulis = task(
    langkah_terbitkan,
    name="terbitkan",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[5, 30],
    retry_condition_fn=_ulang_io,
)


@contextlib.contextmanager
def dengan_pelapor(pelapor: Pelapor) -> Iterator[None]:
    """While a flow runs in this process, also send its progress to ``pelapor``."""
    _PELAPOR.append(pelapor)
    try:
        yield
    finally:
        _PELAPOR.remove(pelapor)


def _saat_run() -> dt.datetime:
    saat = flow_run.get_scheduled_start_time()
    return dt.datetime.fromisoformat(str(saat)) if saat else dt.datetime.now(dt.UTC)


def nama_run() -> str:
    """The flow run's name, from its parameters and its scheduled time (Asia/Jakarta)."""
    p = flow_run.get_parameters()
    return buat_nama_run(p.get("jadwal"), p.get("pemicu", "manual"), p.get("tahun"), _saat_run())


def _lapor_prefect(k: Kemajuan) -> None:
    get_run_logger().info(buat_baris_kemajuan(k))
    for pelapor in list(_PELAPOR):
        pelapor(k)


def laporkan(ringkasan: Ringkasan, out: Path) -> None:
    """The run's summary, each rejected file with its reason and the publish decision with
    its exit code to the run's log; the summary and the file table as artifacts."""
    logger = get_run_logger()
    for baris in buat_teks_ringkasan(ringkasan, out).splitlines():
        logger.info(baris)
    for a in berkas_ditolak(ringkasan):
        logger.warning("Berkas DITOLAK: %s: %s", a["berkas"], a["ditolak"])
    kode = tentukan_kode_keluar(ringkasan)
    keputusan = f"Keputusan terbit (kode keluar {int(kode)}): {buat_kalimat_status(ringkasan)}"
    logger.info(keputusan) if kode == 0 else logger.warning(keputusan)
    create_markdown_artifact(
        buat_markdown_ringkasan(ringkasan, out),
        key="indikator-ringkasan",
        description=f"Ringkasan run {ringkasan.id_run}",
    )
    create_table_artifact(
        buat_tabel_berkas(ringkasan),
        key="indikator-berkas",
        description="Berkas: baris dibaca, dipakai, dikarantina, bukan data; masalah",
    )


def _jalur(
    raw: Path | None, out: Path | None, target: Path | None
) -> tuple[Path, Path, Path | None]:
    """Folders from the parameters, else from the settings (file or environment); absolute."""
    jalur = baca_jalur()
    raw, out, target = raw or jalur.raw, out or jalur.out, target or jalur.target
    if raw is None or out is None:
        raise PengaturanSalah(
            "folder raw dan keluaran tidak diberikan: isi parameter raw dan out, atau tulis "
            "keduanya di berkas pengaturan (INDIKATOR_PENGATURAN) / INDIKATOR_RAW, INDIKATOR_OUT."
        )
    return Path(raw).absolute(), Path(out).absolute(), Path(target).absolute() if target else None


@flow(name="indikator-run", flow_run_name=nama_run)
def pipeline(
    raw: Path | None = None,
    out: Path | None = None,
    tahun: int | None = None,
    target: Path | None = None,
    izinkan_susut: bool = False,
    batas_susut: float | None = None,
    simpan_generasi: int | None = None,
    tunggu_kunci: float | None = None,
    jadwal: str | None = None,
    pemicu: str = "manual",
    tanpa_cache: bool = False,
    hitung_ulang: bool = False,
) -> Ringkasan:
    """Read the raw store, compute every indicator, publish one generation of Parquet for BI.

    ``jadwal`` (``bulanan``/``tahunan``): a scheduled run computes the year of the previous
    month / the previous year (Asia/Jakarta) unless ``tahun`` is given. ``pemicu``: manual,
    terjadwal or koreksi (kept in the run record). Folders not given come from the settings.
    ``tanpa_cache``: process every raw file and compute every province again (the caches are
    still refreshed). ``hitung_ulang``: compute every year, even one whose files did not
    change since the generation in force (otherwise carried over, not computed).
    """
    periksa_pemicu(pemicu)
    atur_memori()  # a served run's process does not start through the console command
    raw, out, target = _jalur(raw, out, target)
    if jadwal is not None and tahun is None:
        tahun = hitung_periode(jadwal, _saat_run())[0]
    pengaturan = baca_pengaturan(
        izinkan_susut=izinkan_susut,
        batas_susut=batas_susut,
        simpan_generasi=simpan_generasi,
        tunggu_kunci=tunggu_kunci,
        tanpa_cache=tanpa_cache,
        hitung_ulang=hitung_ulang,
    )
    get_run_logger().info(f"Run {pemicu}: raw {raw}, keluaran {out}, tahun {tahun or 'semua'}")
    petakan = pilih_petakan()  # on Dask: every file, every province at once (flows/pelaksana.py)
    ringkasan = jalankan(
        raw,
        out,
        tahun,
        target=target,
        pengaturan=pengaturan,
        proses=baca_berkas,
        hitung_semua=functools.partial(
            langkah_indikator_bertahap, langkah=(hitung_provinsi_tugas, petakan)
        ),
        tulis=tulis,
        petakan=petakan,
        lapor=_lapor_prefect,
        pemicu=pemicu,
    )
    laporkan(ringkasan, out)
    return periksa_terbit(ringkasan)
