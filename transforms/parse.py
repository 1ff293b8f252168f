"""SHIM: old import path of transforms.parse; removed at integration."""

# ruff: noqa: F401
from transforms.baca.angka import ubah_ada as parse_ada
from transforms.baca.angka import ubah_angka as parse_angka
from transforms.baca.kalender import BULAN as BULAN
from transforms.baca.kalender import NAMA_BULAN as NAMA_BULAN
from transforms.baca.kalender import ubah_bulan as parse_bulan
from transforms.baca.kalender import ubah_semester as parse_semester
from transforms.baca.kalender import ubah_tahun as parse_tahun
