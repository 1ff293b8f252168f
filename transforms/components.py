"""SHIM: old import path of transforms.components; removed at integration."""

# ruff: noqa: F401
from transforms.komponen.akuntansi import hitung_akuntansi as _akuntansi
from transforms.komponen.asal import Asal as Asal
from transforms.komponen.asal import BerkasDitolak as BerkasDitolak
from transforms.komponen.asal import HasilBerkas as HasilBerkas
from transforms.komponen.ganda import deteksi_ganda as _ganda
from transforms.komponen.karantina import KOLOM_MASALAH as KOLOM_MASALAH
from transforms.komponen.karantina import buat_karantina as _masalah
from transforms.komponen.karantina import buat_karantina_sel as _sel_salah
from transforms.komponen.karantina import gabung_karantina as _gabung_masalah
from transforms.komponen.kategori import baca_komponen_panjang as _panjang
from transforms.komponen.kategori import cocokkan_kategori as _kategori
from transforms.komponen.kolom import cari_kolom_wilayah as kolom_wilayah
from transforms.komponen.kolom import normalkan_header as siapkan
from transforms.komponen.kolom import normalkan_nama_wilayah as _clean_names
from transforms.komponen.kolom import periksa_kolom as cek_kolom
from transforms.komponen.lebur import ubah_ke_panjang as _lebur
from transforms.komponen.nilai import baca_nilai_lebar as _nilai_lebar
from transforms.komponen.nilai import buat_karantina_rumus as _rumus
from transforms.komponen.nilai import buat_karantina_tak_terbaca as _masalah_tak_terbaca
from transforms.komponen.nilai import buat_karantina_validasi as _masalah_validasi
from transforms.komponen.periode import KUNCI_PERIODE as _KUNCI_PERIODE
from transforms.komponen.periode import kenali_periode as _periode
from transforms.komponen.total import periksa_total as _cek_total
from transforms.komponen.ubah import ubah_ke_komponen as to_komponen
from transforms.komponen.wilayah_baris import _AWALAN_TOTAL as _AWALAN_TOTAL
from transforms.komponen.wilayah_baris import cocokkan_wilayah_baris as _wilayah
