"""SHIM: old import path of transforms.cakupan; removed at integration."""

# ruff: noqa: F401
from transforms.hitung.cakupan import cari_pemasok_indikator as pemasok_indikator
from transforms.hitung.cakupan import cari_pemasok_komponen as pemasok_komponen
from transforms.hitung.cakupan import hitung_cakupan as hitung_cakupan
