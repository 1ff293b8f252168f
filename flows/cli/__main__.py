"""``python -m flows.cli``: the same console command as ``indikator``."""

from flows.cli import app

app()
