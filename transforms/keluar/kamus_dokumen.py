"""The data dictionary a person reads: ``kamus/kamus.md`` and ``kamus/kamus.html``.

Rendered by jinja2 from the same definitions as the Parquet contract and the DuckDB comments:
``catalog/kolom.yaml`` (tables, columns), the registry (``dim_indikator``) and the views of
``indikator.duckdb`` (:func:`transforms.keluar.basisdata.rancang_view`).
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2
import pandas as pd

from schemas.model import Katalog
from transforms.keluar.basisdata import KETERANGAN_TABEL, rancang_view
from transforms.keluar.dimensi import buat_dim_indikator

TEMPLAT = Path(__file__).parent / "kamus_templat"
LABEL = (
    ("kelompok", "Kelompok"),
    ("definisi", "Definisi"),
    ("rumus", "Rumus"),
    ("satuan", "Satuan"),
    ("arah", "Arah"),
    ("frekuensi", "Frekuensi"),
    ("kedalaman", "Tingkat wilayah"),
    ("sumber_data", "Sumber data"),
    ("wali_data", "Wali data"),
    ("rujukan", "Rujukan"),
    ("target_teks", "Target (dokumen)"),
    ("dasar_hukum_target", "Dasar hukum target"),
    ("tahun_target", "Tahun bertarget"),
    ("catatan", "Catatan"),
)


def _md(teks: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(teks).replace("|", "\\|").replace("\n", " ")


@functools.cache
def _lingkungan() -> jinja2.Environment:
    """The jinja2 environment (templates compiled once per process)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLAT),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = _md
    return env


def _isi(katalog: Katalog, tabel: list[str], dim_indikator: pd.DataFrame) -> dict:
    tabel_list = [
        {
            "nama": nama,
            "keterangan": KETERANGAN_TABEL.get(nama, f"Tabel {nama}."),
            "kolom": [
                {"nama": k, "nilai": None, **spec} for k, spec in katalog.kolom[nama].items()
            ],
        }
        for nama in tabel
        if nama in katalog.kolom
    ]
    indikator = []
    for row in dim_indikator.to_dict("records"):
        baris = [(label, row[k]) for k, label in LABEL if isinstance(row[k], str) and row[k]]
        indikator.append({**row, "baris": baris})
    views = [{"nama": v[0], "keterangan": v[2]} for v in rancang_view(tabel, katalog)]
    return {"tabel": tabel_list, "indikator": indikator, "views": views}


def tulis_kamus_dokumen(
    folder: Path,
    katalog: Katalog,
    tabel: list[str],
    generasi: str,
    versi_skema: str,
    dim_indikator: pd.DataFrame | None = None,
) -> list[Path]:
    """Write ``folder/kamus.md`` and ``folder/kamus.html``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    dim = dim_indikator if dim_indikator is not None else buat_dim_indikator(katalog)
    isi = {**_isi(katalog, tabel, dim), "generasi": generasi, "versi_skema": versi_skema}
    env = _lingkungan()
    ditulis = []
    for nama in ("kamus.md", "kamus.html"):
        path = folder / nama
        path.write_text(env.get_template(f"{nama}.j2").render(**isi), encoding="utf-8")
        ditulis.append(path)
    return ditulis
