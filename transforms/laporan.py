"""SHIM: old import path of transforms.laporan; removed at integration."""

# ruff: noqa: F401
from transforms.baca.nama import nama_aman as nama_aman
from transforms.keluar.laporan.html import BATAS_HTML as BATAS_HTML
from transforms.keluar.laporan.html import tulis_laporan_html as tulis_laporan_html
from transforms.keluar.laporan.masalah import periksa_dapat_dipakai as dapat_dipakai
from transforms.keluar.laporan.tanda import BATAS_KOMENTAR as BATAS_KOMENTAR
from transforms.keluar.laporan.tanda import WARNA_GALAT as WARNA_GALAT
from transforms.keluar.laporan.tanda import WARNA_PERINGATAN as WARNA_PERINGATAN
from transforms.keluar.laporan.terminal import buat_ringkasan_validasi as ringkasan_validasi
from transforms.keluar.laporan.tulis import tulis_laporan as tulis_laporan
from transforms.keluar.laporan.xlsx import tulis_laporan_xlsx as tulis_laporan_xlsx
