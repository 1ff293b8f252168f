"""Console command ``indikator``: one module per command group; thin, it calls transforms and flows.

The command modules register themselves on the Typer app when imported (in this order, which is
the order of ``indikator --help``); ``app`` is exposed here for ``indikator = "flows.cli:app"``.
"""

from flows.cli import terima, tarik, jalankan, riwayat, katalog, validasi, templat, cakupan  # noqa: F401, I001
from flows.cli import status, asal  # noqa: F401
from flows.cli import laporan  # noqa: F401
from flows.cli import target  # noqa: F401
from flows.cli import serve  # noqa: F401
from flows.cli.app import app

__all__ = ["app"]
