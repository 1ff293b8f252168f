"""SHIM: old import path of transforms.keamanan; removed at integration."""

# ruff: noqa: F401
from schemas.batas import AWALAN_ENV as AWALAN_ENV
from schemas.batas import BATAS_YAML as BATAS_YAML
from schemas.batas import Batas as Batas
from schemas.batas import muat_batas as muat_batas
from transforms.baca.aman import EKSTENSI_EXCEL as EKSTENSI_EXCEL
from transforms.baca.aman import MAGIC_OLE2 as MAGIC_OLE2
from transforms.baca.aman import MAGIC_ZIP as MAGIC_ZIP
from transforms.baca.aman import periksa_berkas as periksa_berkas
from transforms.baca.nama import nama_aman as nama_aman
from transforms.baca.tolak import BerkasBerbahaya as BerkasBerbahaya
from transforms.baca.xml import pastikan_defusedxml as pastikan_defusedxml
from transforms.keluar.tulis_aman import AWALAN_RUMUS as AWALAN_RUMUS
from transforms.keluar.tulis_aman import amankan_kolom_teks as escape_kolom_teks
from transforms.keluar.tulis_aman import amankan_sel as escape_sel
from transforms.keluar.tulis_aman import tulis_csv_aman as tulis_csv_aman
from transforms.keluar.tulis_aman import tulis_xlsx_aman as tulis_xlsx_aman
