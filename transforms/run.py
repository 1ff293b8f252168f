"""SHIM: old import path of transforms.run; removed at integration."""

# ruff: noqa: F401
from transforms.langkah.hitung import _hitung_tahun as _hitung_tahun
from transforms.langkah.hitung import gabung_komponen as gabung_komponen
from transforms.langkah.hitung import hitung_per_tahun as hitung
from transforms.langkah.hitung import langkah_hitung as langkah_hitung
from transforms.langkah.hitung import pasang_target_daerah as dengan_target_daerah
from transforms.langkah.hitung import ubah_ke_edisi_baku as ke_edisi_baku
from transforms.langkah.jalankan import jalankan as jalankan
from transforms.langkah.jalankan import pilih_berkas as pilih_berkas
from transforms.langkah.periksa import HasilValidasi as HasilValidasi
from transforms.langkah.periksa import periksa_berkas_kiriman as validasi_berkas
from transforms.langkah.proses import _asal as _asal
from transforms.langkah.proses import _gabung_hasil as _gabung_hasil
from transforms.langkah.proses import baca_berkas as baca_berkas
from transforms.langkah.proses import buat_hasil_ditolak as hasil_ditolak
from transforms.langkah.proses import langkah_proses as langkah_proses
from transforms.langkah.proses import proses_berkas as proses_berkas
from transforms.langkah.proses import saring_tahun as saring_tahun
from transforms.langkah.ringkasan import Ringkasan as Ringkasan
from transforms.langkah.ringkasan import ringkas as ringkas
from transforms.langkah.terbitkan import _git_sha as _git_sha
from transforms.langkah.terbitkan import buat_tabel_karantina as karantina_tabel
from transforms.langkah.terbitkan import langkah_terbitkan as langkah_terbitkan
from transforms.langkah.terbitkan import terbitkan as terbitkan
