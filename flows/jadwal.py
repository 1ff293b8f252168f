"""The scheduled deployments of the run: monthly (day 5, 02:00 Asia/Jakarta, the previous
month's year) and annual (31 January, the previous year), as code.

``indikator serve`` serves them (:func:`buat_deployment`); ``prefect.yaml`` declares the same
two for teams with a work pool (``prefect deploy --all``); ``tests/test_jadwal.py`` keeps both
in step with :data:`transforms.langkah.jadwal.CRON`.
"""

from __future__ import annotations

from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from flows.pipeline import pipeline
from transforms.langkah.jadwal import CRON, ZONA, buat_parameter_jadwal
from transforms.langkah.pengaturan import Jalur

DESKRIPSI = {
    "bulanan": "Run bulanan: tanggal 5 pukul 02.00 WIB, tahun dari bulan sebelumnya.",
    "tahunan": "Run tahunan: 31 Januari pukul 02.00 WIB, tahun sebelumnya.",
}


def buat_deployment(jalur: Jalur) -> list[RunnerDeployment]:
    """Both deployments of the run flow, with absolute folders from the settings as parameters."""
    return [
        pipeline.to_deployment(
            name=nama,
            schedules=[Cron(cron, timezone=ZONA)],
            parameters=buat_parameter_jadwal(nama, jalur.raw, jalur.out, jalur.target),
            description=DESKRIPSI[nama],
            tags=["indikator", nama],
        )
        for nama, cron in CRON.items()
    ]
