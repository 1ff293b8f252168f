"""SHIM: old import path of transforms.template; removed at integration."""

# ruff: noqa: F401
from transforms.keluar.templat.data import PESAN_VALIDASI as PESAN_VALIDASI
from transforms.keluar.templat.data import buat_rentang_isian as rentang_isian
from transforms.keluar.templat.petunjuk import buat_aturan_isian as aturan_isian
from transforms.keluar.templat.rencana import LABEL_TINGKAT as LABEL_TINGKAT
from transforms.keluar.templat.rencana import TINGKAT_TEMPLATE as TINGKAT_TEMPLATE
from transforms.keluar.templat.rencana import buat_teks_periode as teks_periode
from transforms.keluar.templat.tulis import buat_template as buat_template
from transforms.terima.instansi import INSTANSI_YAML as INSTANSI_YAML
from transforms.terima.instansi import Instansi as Instansi
from transforms.terima.instansi import buat_layout_template as layout_template
from transforms.terima.instansi import buat_layouts_template as layouts_template
from transforms.terima.instansi import buat_teks_daftar_instansi as teks_daftar_instansi
from transforms.terima.instansi import cari_indikator_diisi as indikator_diisi
from transforms.terima.instansi import cari_instansi as cari_instansi
from transforms.terima.instansi import muat_indikator_dari_ekspor as indikator_dari_ekspor
from transforms.terima.instansi import muat_instansi as daftar_instansi
from transforms.terima.instansi import muat_komponen_dari_ekspor as komponen_dari_ekspor
from transforms.terima.templat import baca_template as baca_template
from transforms.terima.templat import kenali_template as kenali_template
from transforms.terima.templat import ubah_angka_ke_teks_templat as teks_angka
from transforms.terima.templat_bentuk import AWALAN_SUMBER as AWALAN_SUMBER
from transforms.terima.templat_bentuk import BARIS_JUDUL as BARIS_JUDUL
from transforms.terima.templat_bentuk import BARIS_LABEL as BARIS_LABEL
from transforms.terima.templat_bentuk import KOLOM_KABUPATEN as KOLOM_KABUPATEN
from transforms.terima.templat_bentuk import KOLOM_KECAMATAN as KOLOM_KECAMATAN
from transforms.terima.templat_bentuk import KOLOM_KODE as KOLOM_KODE
from transforms.terima.templat_bentuk import KOLOM_NAMA as KOLOM_NAMA
from transforms.terima.templat_bentuk import PENANDA as PENANDA
from transforms.terima.templat_bentuk import SHEET_DATA as SHEET_DATA
from transforms.terima.templat_bentuk import SHEET_META as SHEET_META
from transforms.terima.templat_bentuk import SHEET_PETUNJUK as SHEET_PETUNJUK
from transforms.terima.templat_bentuk import VERSI as VERSI
from transforms.terima.templat_bentuk import TemplateMeta as TemplateMeta
from transforms.terima.templat_bentuk import TemplateTidakValid as TemplateTidakValid
