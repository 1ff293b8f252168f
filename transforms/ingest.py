"""SHIM: old import path of transforms.ingest; removed at integration."""

# ruff: noqa: F401
from transforms.terima.kenali import SUMBER_UMUM as SUMBER_UMUM
from transforms.terima.kenali import SumberTidakDikenal as SumberTidakDikenal
from transforms.terima.kenali import buat_pesan_sumber_tidak_dikenal as pesan_sumber_tidak_dikenal
from transforms.terima.kenali import kenali_berkas as kenali_berkas
from transforms.terima.kenali import kenali_sumber as kenali_sumber
from transforms.terima.rencana import Permintaan as Permintaan
from transforms.terima.rencana import TahunTidakDiketahui as TahunTidakDiketahui
from transforms.terima.rencana import _tentukan_sumber as _tentukan_sumber
from transforms.terima.rencana import buat_rencana as rencana
from transforms.terima.rencana import cari_tahun_berkas as tahun_dalam_berkas
from transforms.terima.simpan import SIDECAR as SIDECAR
from transforms.terima.simpan import Provenans as Provenans
from transforms.terima.simpan import baca_daftar_raw as daftar_raw
from transforms.terima.simpan import baca_sidecar as baca_sidecar
from transforms.terima.simpan import buat_folder_periode as folder_periode
from transforms.terima.simpan import cari_berkas_aktif as berkas_aktif
from transforms.terima.simpan import hitung_sha256 as sha256_file
from transforms.terima.terima import HasilTerima as HasilIngest
from transforms.terima.terima import terima_berkas as ingest_file
