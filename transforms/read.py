"""SHIM: old import path of transforms.read; removed at integration."""

# ruff: noqa: F401
from transforms.baca.bentuk import KATA_TOTAL as KATA_TOTAL
from transforms.baca.bentuk import POLA_TOTAL as POLA_TOTAL
from transforms.baca.berkas import baca_lembar as read_sheets
from transforms.baca.berkas import baca_tabel as read_table
from transforms.baca.csv import PEMISAH as SEPARATORS
from transforms.baca.csv import PENGODEAN as ENCODINGS
from transforms.baca.csv import baca_baris_csv as baca_baris_csv
from transforms.baca.csv import baca_csv as read_csv_text
from transforms.baca.excel import baca_excel as read_excel_text
from transforms.baca.intip import baca_judul as read_header
from transforms.baca.intip import cari_calon_judul as calon_judul
from transforms.baca.judul import BARIS_CARI as BARIS_CARI
from transforms.baca.sel import normalkan_judul as normalize_header
from transforms.baca.tabel import ALASAN as ALASAN
from transforms.baca.tabel import BerkasTidakTerbaca as BerkasTidakTerbaca
from transforms.baca.tabel import TabelTeks as TabelTeks
