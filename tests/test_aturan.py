"""The rule registry (catalog/aturan.yaml) is the one source of rule ids and their texts.

* Statically: every rule id the code can emit is written ``ATURAN.<id>`` and is in the
  registry, every registry entry is emitted somewhere, and no string literal spells a rule id.
* Every quarantine row comes from the one builder, which refuses an unknown id.
* What a run, the corpus and the sender's report show is the registry's.
* The loader refuses a registry it cannot read as written.
"""

from __future__ import annotations

import ast
import dataclasses
import shutil
from html import escape
from pathlib import Path

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from schemas.aturan import (
    ATURAN,
    ATURAN_YAML,
    AturanTidakDikenal,
    jelaskan_aturan,
    muat_aturan,
    saran_aturan,
    tingkat_aturan,
)
from schemas.galat import KatalogTidakValid
from schemas.katalog import muat_katalog
from schemas.kontrak import kolom as kolom_kontrak
from schemas.model import Indikator, Periksa
from tests.laporan_contoh import TANGGAL, _akuntansi, _csv, _masalah, _p
from transforms.keluar.laporan.html import tulis_laporan_html
from transforms.keluar.laporan.terminal import buat_ringkasan_validasi
from transforms.keluar.laporan.xlsx import tulis_laporan_xlsx
from transforms.komponen.karantina import KOLOM_MASALAH, buat_masalah
from transforms.langkah.jalankan import jalankan
from transforms.langkah.proses import buat_hasil_ditolak
from transforms.terima.terima import terima_berkas

ROOT = Path(__file__).resolve().parents[1]
FOLDER_KODE = ("transforms", "schemas")
KORPUS_HARAPAN = ROOT / "tests" / "korpus" / "harapan.yaml"


# --------------------------------------------------------------------------- static


@dataclasses.dataclass
class Temuan:
    """What the collector finds in source text."""

    dipakai: set[str] = dataclasses.field(default_factory=set)  # ATURAN.<name>
    literal: list[str] = dataclasses.field(default_factory=list)  # "rule_id" written as text
    alias: list[str] = dataclasses.field(default_factory=list)  # ATURAN imported under a name


def kumpulkan(sumber: str, ids: set[str], nama: str = "<teks>") -> Temuan:
    """Every ``ATURAN.<name>``, and every string literal equal to a rule id, in ``sumber``."""
    temuan = Temuan()
    for node in ast.walk(ast.parse(sumber, nama)):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "ATURAN"
        ):
            temuan.dipakai.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ids:
            temuan.literal.append(f"{nama}:{node.lineno}: {node.value!r}")
        elif isinstance(node, ast.alias) and node.name == "ATURAN" and node.asname:
            temuan.alias.append(f"{nama}:{node.lineno}: ATURAN as {node.asname}")
    return temuan


def _kumpulkan_kode(ids: set[str]) -> Temuan:
    semua = Temuan()
    for folder in FOLDER_KODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            t = kumpulkan(path.read_text(encoding="utf-8"), ids, str(path.relative_to(ROOT)))
            semua.dipakai |= t.dipakai
            semua.literal += t.literal
            semua.alias += t.alias
    return semua


def test_every_rule_the_code_names_is_in_the_registry_and_every_rule_is_used():
    ids = set(muat_aturan())
    temuan = _kumpulkan_kode(ids)
    assert temuan.dipakai - ids == set(), "ATURAN.<id> not in catalog/aturan.yaml"
    assert ids - temuan.dipakai == set(), "rules in catalog/aturan.yaml the code never emits"
    assert temuan.literal == [], "a rule id written as a string: write ATURAN.<id>"
    assert temuan.alias == []


def test_collector_can_fail():
    """The collector sees an unknown ``ATURAN.<id>``, a raw literal and an alias."""
    ids = set(muat_aturan())
    sumber = (
        "from schemas.aturan import ATURAN as A\n"
        "x = ATURAN.aturan_karangan\n"
        "y = {'aturan': 'baris_ganda'}\n"
        "z = ATURAN.baris_ganda\n"
    )
    temuan = kumpulkan(sumber, ids)
    assert temuan.dipakai - ids == {"aturan_karangan"}
    assert temuan.literal == ["<teks>:3: 'baris_ganda'"]
    assert temuan.alias == ["<teks>:1: ATURAN as A"]
    with pytest.raises(AttributeError, match="aturan_karangan"):
        _ = ATURAN.aturan_karangan


def test_no_other_module_builds_quarantine_rows():
    """Only the builder writes a ``tingkat_masalah`` key (the row of the karantina contract)."""
    pembuat = []
    for path in sorted((ROOT / "transforms").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict) and any(
                isinstance(k, ast.Constant) and k.value == "tingkat_masalah" for k in node.keys
            ):
                pembuat.append(str(path.relative_to(ROOT)))
    assert pembuat == ["transforms/komponen/karantina.py"]


def test_registry_levels_are_the_defaults_of_the_code():
    """A rule that takes its level from data has the data's default level in the registry."""
    bawaan = {f.name: f.default for f in dataclasses.fields(Periksa)}
    for aturan in (
        ATURAN.jumlah_bagian_tidak_sama,
        ATURAN.persen_tertulis_berbeda,
        ATURAN.tidak_wajar,
    ):
        assert tingkat_aturan(aturan) == bawaan["tingkat"], aturan
    batas = {f.name: f.default for f in dataclasses.fields(Indikator)}["batas_pembilang"]
    assert tingkat_aturan(ATURAN.pembilang_melebihi_penyebut) == batas


# --------------------------------------------------------------------------- builder


def test_builder_refuses_unknown_rule_and_fills_level_and_advice():
    baris = pd.Series([3, 4])
    umum = {"berkas": "a.csv", "sheet": None, "baris": baris, "kolom": "PUS", "nilai": baris}
    umum |= {"pesan": "x", "sumber": "siga.pus", "tahun": 2025}
    with pytest.raises(AturanTidakDikenal, match="aturan_karangan"):
        buat_masalah(**umum, aturan="aturan_karangan")
    with pytest.raises(AturanTidakDikenal, match="aturan_karangan"):
        buat_masalah(**umum, aturan=pd.Series([ATURAN.baris_ganda, "aturan_karangan"]))
    with pytest.raises(AturanTidakDikenal):  # even when there is no row
        buat_masalah(**(umum | {"baris": pd.Series([], dtype="Int64")}), aturan="x")

    aturan = pd.Series([ATURAN.total_tidak_sesuai, ATURAN.angka_negatif])
    m = buat_masalah(**umum, aturan=aturan)
    assert list(m.columns) == KOLOM_MASALAH == list(kolom_kontrak("karantina"))[:-1]
    assert m["tingkat_masalah"].tolist() == ["peringatan", "galat"]  # the registry's levels
    assert m["tindakan"].tolist() == [saran_aturan(a) for a in aturan]
    assert m["nilai"].tolist() == ["3", "4"]
    m = buat_masalah(**umum, aturan=ATURAN.total_tidak_sesuai, tingkat="galat")
    assert m["tingkat_masalah"].tolist() == ["galat", "galat"]


def test_rejected_file_row_comes_from_the_builder():
    (row,) = buat_hasil_ditolak("a.csv", "siga.pus", 2025, "rusak").masalah.to_dict("records")
    assert row["aturan"] == ATURAN.berkas_ditolak and row["tingkat_masalah"] == "galat"
    assert row["tindakan"] == saran_aturan(ATURAN.berkas_ditolak)
    assert row["pesan"] == "Seluruh berkas ditolak: rusak"
    assert pd.isna(row["baris"]) and row["nilai"] is None and row["kolom"] is None


# --------------------------------------------------------------------------- corpus and a run


def _nilai_aturan(data: object) -> set[str]:
    """Every value written under an ``aturan`` key, anywhere in a YAML document."""
    if isinstance(data, dict):
        dari_sini = {data["aturan"]} if "aturan" in data else set()
        return dari_sini.union(*(_nilai_aturan(v) for v in data.values()))
    if isinstance(data, list):
        return set().union(*(_nilai_aturan(v) for v in data))
    return set()


def test_corpus_rules_are_in_the_registry():
    harapan = yaml.safe_load(KORPUS_HARAPAN.read_text(encoding="utf-8"))
    ids = _nilai_aturan(harapan)
    assert len(ids) >= 5, ids  # the collector does find the corpus's rules
    assert ids <= set(muat_aturan())


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_run_karantina_rules_and_advice_from_the_registry(tmp_path):
    header = "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PUS;UNMET NEED;BULAN\n"
    rows = [
        "0;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;500;50;JANUARI",
        "1;JAWA TENGAH;PURWOREJO;GRABAG;DESA ENTAH BERANTAH;300;10;JANUARI",
        "2;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;abc;50;FEBRUARI",
        "3;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;510;52;BULAN13",
    ]
    raw, out = tmp_path / "raw", tmp_path / "out"
    pus = tmp_path / "data_pus.csv"
    pus.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    terima_berkas(pus, raw, muat_katalog(), 2025)
    rusak = tmp_path / "mix.csv"  # the layout's PA column is missing: the file is rejected
    rusak.write_text("NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;XX;BULAN\n0;a;b;c;d;1;JANUARI\n")
    terima_berkas(rusak, raw, muat_katalog(), 2025, sumber="siga.mix_kontra")
    jalankan(raw, out, 2025)
    karantina = pd.read_parquet(out / "karantina")
    assert list(karantina.columns) == list(kolom_kontrak("karantina"))
    assert set(karantina["aturan"]) <= set(muat_aturan())
    assert set(karantina["aturan"]) == {
        ATURAN.wilayah_tidak_dikenal,
        ATURAN.angka_tidak_valid,
        ATURAN.bulan_tidak_dikenal,
        ATURAN.berkas_ditolak,
    }
    assert karantina["tindakan"].tolist() == [saran_aturan(a) for a in karantina["aturan"]]


# --------------------------------------------------------------------------- the sender's report


def test_report_shows_the_registry_explanation_and_advice(tmp_path):
    aturan = ATURAN.angka_tidak_valid
    masalah = _masalah(
        "pus.csv",
        [
            _p(5, "PUS", "x", aturan, "isi kolom 'PUS' bukan angka"),
            _p(6, "PUS", "7", "aturan_lama", "pesan aturan lama", "peringatan"),
        ],
    )
    doc = tulis_laporan_html(
        masalah, _akuntansi("pus.csv"), tmp_path / "r.html", judul_berkas="pus.csv", tanggal=TANGGAL
    ).read_text(encoding="utf-8")
    assert "<th>Yang perlu dilakukan</th>" in doc
    sel = f"<td>{escape(jelaskan_aturan(aturan))}</td><td>{escape(saran_aturan(aturan))}</td>"
    assert sel in doc
    # a rule the registry does not know (an old run): its message explains it, no advice
    assert "<td>pesan aturan lama</td><td></td>" in doc

    teks = buat_ringkasan_validasi(masalah, _akuntansi("pus.csv"))
    assert f"yang perlu dilakukan: {saran_aturan(aturan)}" in teks
    assert teks.count("yang perlu dilakukan:") == 1

    src = _csv(tmp_path, [["1", "A", "B", "C", "x", "1", "MEI"]])
    wb = load_workbook(tulis_laporan_xlsx(src, masalah, tmp_path / "r.xlsx"))
    rows = list(wb["Ringkasan"].iter_rows(values_only=True))
    judul = rows.index(("Aturan", "Penjelasan", "Yang perlu dilakukan", "Tingkat", "Jumlah"))
    assert rows[judul + 1] == (aturan, jelaskan_aturan(aturan), saran_aturan(aturan), "galat", 1)
    assert rows[judul + 2] == ("aturan_lama", "pesan aturan lama", None, "peringatan", 1)


# --------------------------------------------------------------------------- the loader


_GANDA = "baris_ganda:\n  tingkat: galat\n"


def _salin(tmp_path: Path, ganti: tuple[str, str]) -> Path:
    path = tmp_path / "aturan.yaml"
    shutil.copyfile(ATURAN_YAML, path)
    teks = path.read_text(encoding="utf-8")
    assert teks.count(ganti[0]) == 1
    path.write_text(teks.replace(*ganti), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("ganti", "pesan"),
    [
        ((_GANDA, _GANDA + "  warna: merah\n"), "baris_ganda: kunci 'warna' tidak dikenal"),
        (
            (_GANDA, _GANDA.replace("galat", "gawat")),
            "baris_ganda: kunci 'tingkat': nilai 'gawat' tidak dikenal",
        ),
        (("baris_ganda:\n", "Baris-Ganda:\n"), "kunci 'Baris-Ganda' bukan id aturan"),
        (("baris_ganda:\n", "class:\n"), "kunci 'class' bukan id aturan"),
        ((_GANDA, _GANDA + "  tindakan: x\n"), "kunci ganda"),
    ],
)
def test_loader_refuses_what_it_cannot_read(tmp_path, ganti, pesan):
    path = _salin(tmp_path, ganti)
    with pytest.raises(KatalogTidakValid) as info:
        muat_aturan(path)
    assert pesan in str(info.value)
    assert str(path) in str(info.value)  # names the file


def test_loader_refuses_an_empty_text(tmp_path):
    teks = ATURAN_YAML.read_text(encoding="utf-8")
    awal = teks.index("baris_ganda:\n")
    akhir = teks.index("\n\n", awal)
    entri = "baris_ganda:\n  tingkat: galat\n  penjelasan: '  '\n  tindakan: x\n"
    path = tmp_path / "aturan.yaml"
    path.write_text(teks[:awal] + entri + teks[akhir + 1 :], encoding="utf-8")
    with pytest.raises(KatalogTidakValid, match="baris_ganda: kunci 'penjelasan': tidak boleh"):
        muat_aturan(path)
