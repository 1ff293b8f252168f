"""SHIM: old import path of transforms.publish; removed at integration."""

# ruff: noqa: F401
from transforms.keluar.kamus import tulis_kamus as write_kamus
from transforms.keluar.manifest import VERSI_SKEMA as SCHEMA_VERSION
from transforms.keluar.manifest import buat_id_run as new_id_run
from transforms.keluar.manifest import tulis_manifest as write_manifest
from transforms.keluar.parquet import PARQUET_OPTS as PARQUET_OPTS
from transforms.keluar.parquet import _periksa_staging as _check_staged
from transforms.keluar.parquet import _tukar as _swap
from transforms.keluar.parquet import _tulis_per_tahun as _write_year_tables
from transforms.keluar.parquet import terbitkan_tabel as publish_tables
