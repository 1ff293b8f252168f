"""SHIM: old import path of transforms.catalog; removed at integration."""

# ruff: noqa: F401
from schemas.galat import KatalogTidakValid as KatalogTidakValid
from schemas.judul import kunci_judul as kunci_header
from schemas.katalog import FOLDER_KATALOG as CATALOG_DIR
from schemas.katalog import baca_target as baca_target
from schemas.katalog import baca_yaml as _read_yaml
from schemas.katalog import jelaskan_aturan_tahunan as aturan_tahunan
from schemas.katalog import muat_katalog as load_katalog
from schemas.katalog import ubah_indikator_ke_dict as indikator_as_dict
from schemas.model import ARAH as ARAH
from schemas.model import FREKUENSI as FREKUENSI
from schemas.model import JENIS_KOMPONEN as JENIS_KOMPONEN
from schemas.model import KUNCI_PERIKSA as KUNCI_PERIKSA
from schemas.model import Indikator as Indikator
from schemas.model import Katalog as Katalog
from schemas.model import Komponen as Komponen
from schemas.model import Layout as Layout
