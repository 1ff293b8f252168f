"""SHIM: old import path of transforms.compute; removed at integration."""

# ruff: noqa: F401
from transforms.hitung.indikator import _lebar as _wide
from transforms.hitung.indikator import _nilai as _values
from transforms.hitung.indikator import hitung_indikator as hitung_indikator
from transforms.hitung.indikator import hitung_satu as hitung_satu
from transforms.hitung.kelengkapan import _INDUK as _INDUK
from transforms.hitung.kelengkapan import hitung_kelengkapan as kelengkapan
from transforms.hitung.rollup import KUNCI as KUNCI
from transforms.hitung.rollup import PERIODE as PERIODE
from transforms.hitung.rollup import TINGKAT_DARI_PANJANG as TINGKAT_DARI_PANJANG
from transforms.hitung.rollup import gabung_sumber as gabung_sumber
from transforms.hitung.rollup import hitung_rollup as rollup
from transforms.hitung.rollup import kenali_tingkat_kode as tingkat_kode
from transforms.hitung.rollup import normalkan_tipe_kunci as _tipe_kunci
from transforms.hitung.target import pasang_target as pasang_target
from transforms.hitung.turunan import hitung_komponen_turunan as tambah_komponen_turunan
from transforms.hitung.turunan import pasang_komponen_master as tambah_komponen_master
from transforms.hitung.waktu import hitung_tahunan_campuran as _annual_campuran
from transforms.hitung.waktu import hitung_tahunan_indikator as _annual
