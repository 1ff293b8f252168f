"""Listing the raw store: one walk that lists exactly what the store's rules list (hidden
folders such as the result cache never entered), and sidecars parsed once per process while
unchanged, so receiving many small files (a province's kabupaten files) does not re-read the
whole store for each of them."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from schemas.katalog import muat_katalog
from transforms.terima import simpan
from transforms.terima.jelajah import jelajahi_raw
from transforms.terima.riwayat import RIWAYAT
from transforms.terima.simpan import SIDECAR, baca_isi_raw, baca_sidecar, tulis_sidecar
from transforms.terima.terima import terima_berkas

HEADER = "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PUS;UNMET NEED;BULAN\n"
DESA = {  # kabupaten → one of its desa (kecamatan, desa) in the 2025 master
    "PURWOREJO": ("GRABAG", "GRABAG"),
    "KEBUMEN": ("AYAH", "AYAH"),
    "WONOSOBO": ("KERTEK", "KERTEK"),
    "MAGELANG": ("SALAMAN", "SALAMAN"),
}


def _aturan_lama(raw: Path) -> tuple[list[Path], list[Path]]:
    """The store's rules as written before the walk (``Path.rglob``), for comparison."""

    def data(p: Path) -> bool:
        rel = p.relative_to(raw)
        if any(part.startswith(".") for part in rel.parts) or rel.as_posix() == RIWAYAT:
            return False
        return SIDECAR not in p.name and not p.name.endswith(".tmp") and p.is_file()

    def meta(p: Path) -> bool:
        return not any(part.startswith(".") for part in p.relative_to(raw).parts)

    return (
        sorted(p for p in raw.rglob("*") if data(p)),
        sorted(p for p in raw.rglob(f"*{SIDECAR}") if meta(p)),
    )


def _tulis(path: Path, teks: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(teks, encoding="utf-8")
    return path


def test_the_walk_lists_what_the_store_rules_list(tmp_path):
    raw = tmp_path / "raw"
    for rel in [
        "siga.pus/2025-01/data_pus.csv",
        "siga.pus/2025-01/data_pus.csv.meta.json",
        "siga.pus/2025-01/kab_a/data_pus.csv",  # deeper folders too
        "siga.pus/2025-01/data_pus.csv.tmp",  # temporary: not data
        "siga.pus/2025-01/data_pus.csv.meta.json.tmp",
        "siga.pus/2025-01/.tersembunyi.csv",  # hidden file
        "siga.pus/2025-02/yatim.csv.meta.json",  # sidecar whose data file is gone
        "siga.pus/2025-02/riwayat.jsonl",  # the history's name below the top is data
        "siga.pus/2025-02/a.meta.json.csv",  # a name holding the suffix: neither
        ".cache/hasil/x.parquet",  # the result cache: never entered
        ".cache/hasil/y.csv.meta.json",
        "siga.pus/.lama/z.csv",
        RIWAYAT,
        "kunci.lock.tmp",
    ]:
        _tulis(raw / rel)
    (raw / "siga.pus/2025-03").mkdir(parents=True)
    luar = _tulis(tmp_path / "luar/data.csv")
    os.symlink(luar.parent, raw / "siga.pus/tautan_folder")  # a link to a folder: not entered
    os.symlink(luar, raw / "siga.pus/2025-03/tautan.csv")  # a link to a file: data
    daftar, meta = jelajahi_raw(raw, SIDECAR, RIWAYAT)
    data = [p for _, p in daftar]
    assert (data, [Path(m) for m in meta]) == _aturan_lama(raw)
    rel = [r for r, _ in daftar]
    assert rel == [p.relative_to(raw).as_posix() for p in data]
    assert rel == [
        "siga.pus/2025-01/data_pus.csv",
        "siga.pus/2025-01/kab_a/data_pus.csv",
        "siga.pus/2025-02/riwayat.jsonl",
        "siga.pus/2025-03/tautan.csv",
    ]
    # one folder of the store (the hint of a receipt lists only its sumber/periode)
    bawah, meta_bawah = jelajahi_raw(raw, SIDECAR, RIWAYAT, "siga.pus/2025-01")
    assert bawah == [(r, p) for r, p in daftar if r.startswith("siga.pus/2025-01/")]
    assert meta_bawah == [m for m in meta if "/siga.pus/2025-01/" in m]
    assert jelajahi_raw(raw, SIDECAR, RIWAYAT, "siga.pus/2099-01") == ([], [])
    assert [Path(m).relative_to(raw).as_posix() for m in meta] == [
        "siga.pus/2025-01/data_pus.csv.meta.json",
        "siga.pus/2025-02/yatim.csv.meta.json",
    ]


def test_an_unchanged_sidecar_is_parsed_once_a_changed_one_again(tmp_path, monkeypatch):
    dibaca = []
    asli = simpan._periksa_isi_sidecar
    monkeypatch.setattr(simpan, "_periksa_isi_sidecar", lambda d: dibaca.append(1) or asli(d))
    data = _tulis(tmp_path / "data_pus.csv")
    prov = simpan.Provenans(
        "a" * 64, "data_pus.csv", "2025-10-01", "siga.pus", 2025, 1, None, 1, "data_pus.csv"
    )
    tulis_sidecar(data, prov)
    assert baca_sidecar(data) == baca_sidecar(data) == prov
    assert len(dibaca) == 1
    tulis_sidecar(data, simpan.replace(prov, bulan=2))  # rewritten through a new file
    assert baca_sidecar(data).bulan == 2
    meta = Path(str(data) + SIDECAR)
    isi = json.loads(meta.read_text(encoding="utf-8"))
    meta.write_text(json.dumps({**isi, "bulan": 12}), encoding="utf-8")  # edited in place
    assert baca_sidecar(data).bulan == 12
    meta.write_text("", encoding="utf-8")
    with pytest.raises(simpan.SidecarRusak, match="kosong"):
        baca_sidecar(data)
    assert len(dibaca) == 3


def test_kabupaten_files_received_one_by_one_parse_each_sidecar_once(tmp_path, monkeypatch):
    """Six kabupaten files all named data_pus.csv: each receipt lists the store twice, yet
    each stored sidecar is parsed once (before: once per listing, growing with the store)."""
    dibaca = []
    asli = simpan._periksa_isi_sidecar
    monkeypatch.setattr(simpan, "_periksa_isi_sidecar", lambda d: dibaca.append(1) or asli(d))
    monkeypatch.setattr(simpan, "_SIDECAR_DIBACA", {})
    katalog, raw = muat_katalog(), tmp_path / "raw"
    for i, (kab, (kec, desa)) in enumerate(DESA.items()):
        src = _tulis(tmp_path / kab.lower() / "data_pus.csv")
        src.write_text(HEADER + f"0;JAWA TENGAH;{kab};{kec};{desa};500;50;JANUARI\n")
        when = dt.datetime(2025, 10, 1 + i, tzinfo=dt.UTC)
        hasil = terima_berkas(src, raw, katalog, 2025, now=when)
        assert hasil.baru, kab
    baik, rusak = baca_isi_raw(raw)
    assert len(baik) == len(DESA) and rusak == []
    assert {p.nama_asli for _, p in baik} == {"data_pus.csv"}
    # every sidecar parsed once after it was written (the last listing above included)
    assert len(dibaca) == len(DESA)
