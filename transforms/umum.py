"""SHIM: old import path of transforms.umum; removed at integration."""

# ruff: noqa: F401
from transforms.komponen.umum import KolomTidakDikenal as KolomTidakDikenal
from transforms.komponen.umum import baca_kolom as baca_kolom
from transforms.komponen.umum import buat_layout_umum as layout_umum
