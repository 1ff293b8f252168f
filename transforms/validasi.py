"""SHIM: old import path of transforms.validasi; removed at integration."""

# ruff: noqa: F401
from schemas.masukan import KOLOM_HASIL as KOLOM_HASIL
from schemas.masukan import Aturan as Aturan
from schemas.masukan import aturan_layout as aturan_layout
from schemas.masukan import periksa_nilai as periksa_nilai
from schemas.masukan import skema_masukan as skema_masukan
from schemas.masukan import tampilkan_angka as _fmt
from transforms.komponen.lonjakan import AMBANG_RIWAYAT as AMBANG_RIWAYAT
from transforms.komponen.lonjakan import RASIO_LONJAKAN as RASIO_LONJAKAN
from transforms.komponen.lonjakan import SELISIH_MIN as SELISIH_MIN
from transforms.komponen.lonjakan import periksa_lonjakan as periksa_lonjakan
