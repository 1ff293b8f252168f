"""The bad-input corpus: every broken or hostile file gives exactly the expected outcome.

``tests/korpus/`` is written by ``scripts/buat_korpus.py``; ``harapan.yaml`` holds, per file,
the ingest parameters, the outcome (``diterima`` / ``sebagian`` / ``ditolak``), the exact set of
errors ``(baris, aturan)``, warnings that must be there, the row accounting and the exit code of
``indikator validate``. A case whose expectation a known pipeline bug breaks carries ``xfail``
(reason and the tests it breaks): those tests are marked ``xfail(strict=True)``.

Checked here: :func:`transforms.langkah.periksa.periksa_berkas_kiriman` on every case, the CLI
``indikator
validate`` on every case (exit code, no traceback, both reports), one end-to-end ``indikator
ingest`` + ``indikator run --tanpa-prefect`` over the whole corpus, and that the committed
corpus is what the script writes.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import shutil
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from flows.cli import app
from schemas.katalog import muat_katalog
from schemas.model import Katalog
from transforms.baca.nama import nama_aman
from transforms.keluar.laporan.masalah import periksa_dapat_dipakai
from transforms.komponen.umum import baca_kolom
from transforms.langkah.periksa import periksa_berkas_kiriman
from transforms.terima.rencana import Permintaan, buat_rencana
from transforms.terima.riwayat import RIWAYAT

ROOT = Path(__file__).resolve().parents[1]
KORPUS = ROOT / "tests" / "korpus"
HARAPAN = KORPUS / "harapan.yaml"
SKRIP = ROOT / "scripts" / "buat_korpus.py"
HASIL = ("diterima", "sebagian", "ditolak")

runner = CliRunner()

Kasus = dict[str, Any]
Masalah = set[tuple[int | None, str]]


def _muat() -> list[Kasus]:
    return yaml.safe_load(HARAPAN.read_text(encoding="utf-8"))["kasus"]


KASUS = _muat()


def _params(uji: str, kasus: list[Kasus] | None = None) -> list[Any]:
    """One pytest param per case; strict xfail where a known bug breaks test ``uji``."""
    out = []
    for k in KASUS if kasus is None else kasus:
        xfail = k.get("xfail")
        marks = []
        if xfail and uji in xfail["uji"]:
            marks.append(pytest.mark.xfail(strict=True, reason=xfail["alasan"]))
        out.append(pytest.param(k, id=k["berkas"], marks=marks))
    return out


@pytest.fixture(scope="module")
def katalog() -> Katalog:
    return muat_katalog()


@pytest.fixture(scope="module", autouse=True)
def log_sementara(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """CLI logs go to a temporary file; the ``transforms`` logger is restored afterwards."""
    logger = logging.getLogger("transforms")
    handlers, propagate = list(logger.handlers), logger.propagate
    path = tmp_path_factory.mktemp("log") / "indikator-galat.log"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INDIKATOR_LOG", str(path))
        yield path
    for handler in [h for h in logger.handlers if h not in handlers]:
        logger.removeHandler(handler)
        handler.close()
    logger.propagate = propagate


def _permintaan(kasus: Kasus, katalog: Katalog) -> Permintaan:
    param = dict(kasus["parameter"])
    kolom = param.pop("kolom", None)
    return Permintaan(kolom=baca_kolom(kolom, katalog) if kolom else None, **param)


def _masalah(masalah: pd.DataFrame, galat: bool) -> Masalah:
    pilih = masalah[(masalah["tingkat_masalah"] == "galat") == galat]
    return {
        (None if pd.isna(b) else int(b), str(a))
        for b, a in zip(pilih["baris"], pilih["aturan"], strict=True)
    }


def _harapan_masalah(daftar: list[dict[str, Any]]) -> Masalah:
    return {(m["baris"], m["aturan"]) for m in daftar}


def _akuntansi(akuntansi: dict[str, Any]) -> dict[str, int]:
    return {
        k: int(akuntansi[f"baris_{k}"]) for k in ("dibaca", "dipakai", "karantina", "bukan_data")
    }


def _hasil(akuntansi: dict[str, Any]) -> str:
    if "ditolak" in akuntansi:
        return "ditolak"
    return "sebagian" if int(akuntansi["baris_karantina"]) else "diterima"


def _seimbang(akuntansi: dict[str, int]) -> bool:
    return (
        akuntansi["dibaca"]
        == akuntansi["dipakai"] + akuntansi["karantina"] + akuntansi["bukan_data"]
    )


# --------------------------------------------------------------------------- the corpus


def test_korpus_lengkap():
    """At least 40 cases, every outcome present, one file per case and no stray file."""
    assert len(KASUS) >= 40
    assert {k["hasil"] for k in KASUS} == set(HASIL)
    nama = [k["berkas"] for k in KASUS]
    assert len(set(nama)) == len(nama)
    ada = {p.name for p in KORPUS.iterdir()} - {HARAPAN.name}
    assert ada == set(nama)
    for k in KASUS:
        assert k["hasil"] in HASIL and k["kode_keluar"] in (0, 1) and k["deskripsi"]
        assert _seimbang(k["akuntansi"]), k["berkas"]


# --------------------------------------------------------------------------- (a) validasi


@pytest.mark.parametrize("kasus", _params("validasi"))
def test_validasi(kasus: Kasus, katalog: Katalog):
    hasil = periksa_berkas_kiriman(
        KORPUS / kasus["berkas"], katalog, _permintaan(kasus, katalog)
    ).hasil
    akuntansi = _akuntansi(hasil.akuntansi)
    assert _seimbang(akuntansi), akuntansi
    assert akuntansi == kasus["akuntansi"]
    assert _hasil(hasil.akuntansi) == kasus["hasil"]
    assert _masalah(hasil.masalah, galat=True) == _harapan_masalah(kasus["galat"])
    peringatan = _masalah(hasil.masalah, galat=False)
    if kasus["peringatan_tepat"]:
        assert peringatan == _harapan_masalah(kasus["peringatan"])
    assert _harapan_masalah(kasus["peringatan"]) <= peringatan
    assert periksa_dapat_dipakai(hasil.masalah, hasil.akuntansi) == (kasus["kode_keluar"] == 0)
    # nothing of a quarantined row becomes a component; used rows map to the expected region
    komponen = hasil.komponen
    assert not set(komponen["baris"]) & {b for b, _ in _masalah(hasil.masalah, galat=True)}
    assert komponen["baris"].nunique() == akuntansi["dipakai"]
    for baris, kode in kasus.get("kode_wilayah", {}).items():
        assert set(komponen.loc[komponen["baris"] == baris, "kode_wilayah"]) == {kode}


def _dengan_pesan() -> list[Kasus]:
    return [k for k in KASUS if k.get("pesan_memuat")]


@pytest.mark.parametrize("kasus", _params("pesan", _dengan_pesan()))
def test_pesan(kasus: Kasus, katalog: Katalog):
    """The Bahasa message says what went wrong (and names the file where it should)."""
    hasil = periksa_berkas_kiriman(
        KORPUS / kasus["berkas"], katalog, _permintaan(kasus, katalog)
    ).hasil
    teks = " ".join([str(hasil.akuntansi.get("ditolak", "")), *hasil.masalah["pesan"].map(str)])
    for bagian in kasus["pesan_memuat"]:
        assert bagian in teks


@pytest.mark.parametrize("kasus", [k for k in KASUS if k.get("sumber")], ids=lambda k: k["berkas"])
def test_dikenali(kasus: Kasus, katalog: Katalog):
    """Issue 12: re-saved spellings and shapes are recognised as their layout."""
    sumber, _, _, _ = buat_rencana(KORPUS / kasus["berkas"], katalog, _permintaan(kasus, katalog))
    assert sumber == kasus["sumber"]


# --------------------------------------------------------------------------- (b) CLI


def _opsi(kasus: Kasus) -> list[str]:
    args: list[str] = []
    for kunci, nilai in kasus["parameter"].items():
        for satu in nilai if isinstance(nilai, list) else [nilai]:
            args += [f"--{kunci}", str(satu)]
    return args


def _tanpa_traceback(result: Any) -> None:
    teks = result.output + (result.stderr or "")
    assert "Traceback" not in teks
    assert "Rincian teknis" not in teks, teks  # the CLI's catch-all for unexpected errors
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


@pytest.mark.lambat  # the CLI over the whole corpus
@pytest.mark.parametrize("kasus", _params("cli"))
def test_cli_validate(kasus: Kasus, tmp_path: Path):
    berkas = KORPUS / kasus["berkas"]
    out = tmp_path / "laporan"
    result = runner.invoke(app, ["validate", str(berkas), *_opsi(kasus), "--out", str(out)])
    _tanpa_traceback(result)
    assert result.exit_code == kasus["kode_keluar"], result.output
    stem = nama_aman(berkas.stem)
    html, xlsx = out / f"{stem}.laporan.html", out / f"{stem}.laporan.xlsx"
    assert html.is_file() and xlsx.is_file(), sorted(p.name for p in out.iterdir())
    _cek_laporan(kasus.get("laporan", {}), stem, html, xlsx)


def _cek_laporan(harapan: dict[str, Any], stem: str, html: Path, xlsx: Path) -> None:
    if "nama_laporan" in harapan:
        assert stem == harapan["nama_laporan"]
    if "html_tanpa" in harapan:
        assert harapan["html_tanpa"] not in html.read_text(encoding="utf-8")
    if "sel_laporan" in harapan:
        sel = harapan["sel_laporan"]
        wb = load_workbook(xlsx)
        nilai = wb["Data"].cell(sel["baris"], sel["kolom"]).value
        assert isinstance(nilai, str) and nilai.startswith(sel["awalan"]), nilai
        rumus = [
            c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"
        ]
        assert rumus == []


# --------------------------------------------------------------------------- (c) end to end


def _e2e() -> list[Kasus]:
    """Cases whose outcome is known to be right (a bug breaking validate is left out)."""
    return [
        k for k in KASUS if not (k.get("xfail") and {"validasi", "cli"} & set(k["xfail"]["uji"]))
    ]


def _ingest(kasus: Kasus, raw: Path) -> None:
    args = ["ingest", str(KORPUS / kasus["berkas"]), *_opsi(kasus), "--raw", str(raw)]
    result = runner.invoke(app, args)
    _tanpa_traceback(result)
    assert result.exit_code == (0 if kasus["ingest"] else 1), (kasus["berkas"], result.output)


def _gabung_raw(kasus: Path, raw: Path) -> None:
    """Copy one case's stored files and sidecars (not its history, not its caches: the run
    refills them) into the shared store."""
    if not kasus.is_dir():
        return
    simpan = [p for p in kasus.rglob("*") if ".cache" not in p.relative_to(kasus).parts]
    for path in sorted(p for p in simpan if p.is_file() and p.name != RIWAYAT):
        tujuan = raw / path.relative_to(kasus)
        assert not tujuan.exists(), tujuan
        tujuan.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, tujuan)


@pytest.mark.lambat  # ingest + run of the whole corpus
def test_ujung_ke_ujung(tmp_path: Path):
    """Ingest the whole corpus, run once: accounting holds, bad rows never become components."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    kasus = _e2e()
    for i, k in enumerate(kasus):
        # One store per case, then one store of them all: the corpus holds variants of the
        # same desa and month, which one store refuses (regions overlap) or keeps only the
        # latest of (same regions: a correction). The run reads every variant together.
        _ingest(k, tmp_path / "kasus" / str(i))
        _gabung_raw(tmp_path / "kasus" / str(i), raw)
    result = runner.invoke(app, ["run", "--tanpa-prefect", "--raw", str(raw), "--out", str(out)])
    _tanpa_traceback(result)
    # issue 10: files not used make the run exit 2 (published without them), said first:
    # rejected ones, and those with no usable row (what validate calls unusable: exit 1)
    ditolak = sorted(k["berkas"] for k in kasus if k["ingest"] and k["kode_keluar"] != 0)
    assert {k["berkas"] for k in kasus if k["ingest"] and k["hasil"] == "ditolak"} < set(ditolak)
    assert result.exit_code == 2, result.output
    pertama = result.stdout.split("Berkas ditolak:")[0]  # progress lines go to stderr
    assert pertama.startswith(f"PERHATIAN: {len(ditolak)} dari "), result.output
    assert all(nama in result.output for nama in ditolak), (ditolak, result.output)

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    masukan = {m["nama_asli"]: m for m in manifest["masukan"]}
    diingest = {k["berkas"]: k for k in kasus if k["ingest"]}
    assert set(masukan) == set(diingest)
    karantina = pd.read_parquet(out / "karantina")
    komponen = pd.read_parquet(out / "komponen")
    for nama, k in diingest.items():
        _cek_berkas(masukan[nama], k, karantina, komponen)
    galat = karantina[(karantina["tingkat_masalah"] == "galat") & karantina["baris"].notna()]
    buruk = set(zip(galat["berkas"], galat["baris"].astype(int), strict=True))
    dipakai = set(zip(komponen["berkas"], komponen["baris"].astype(int), strict=True))
    assert not buruk & dipakai


def _cek_berkas(
    masuk: dict[str, Any], kasus: Kasus, karantina: pd.DataFrame, komponen: pd.DataFrame
) -> None:
    """One file of the run: its accounting, its rejection, its components."""
    akuntansi = _akuntansi(masuk)
    assert _seimbang(akuntansi), (kasus["berkas"], akuntansi)
    assert akuntansi == kasus["akuntansi"], kasus["berkas"]
    assert _hasil(masuk) == kasus["hasil"], kasus["berkas"]
    milik = karantina[karantina["berkas"] == masuk["berkas"]]
    ditolak = milik[milik["aturan"] == "berkas_ditolak"]
    assert len(ditolak) == (1 if kasus["hasil"] == "ditolak" else 0), kasus["berkas"]
    baris = komponen.loc[komponen["berkas"] == masuk["berkas"], "baris"]
    # a later file may supersede values of an earlier one, so at most the rows used
    assert baris.nunique() <= akuntansi["dipakai"], kasus["berkas"]


# --------------------------------------------------------------------------- determinism


def _skrip(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The generator script as a module (it is not a package member)."""
    spec = importlib.util.spec_from_file_location("buat_korpus", SKRIP)
    assert spec is not None and spec.loader is not None
    modul = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, modul)  # dataclasses look their module up
    spec.loader.exec_module(modul)
    return modul


def _sel(ws: Any) -> tuple[str, list[tuple[Any, ...]], Any]:
    """Dimensions, the values of the top-left block and of the far corner of one sheet.

    The block is bounded: a hostile case puts one cell at XFD1048576, whose full rectangle
    would take hours to walk.
    """
    blok = ws.iter_rows(max_row=min(ws.max_row, 200), max_col=min(ws.max_column, 60))
    nilai = [tuple(c.value for c in row) for row in blok]
    return ws.dimensions, nilai, ws.cell(ws.max_row, ws.max_column).value


def _isi_xlsx(path: Path) -> Any:
    """Cell values and merged ranges of a workbook; the zip directory or bytes otherwise."""
    try:
        wb = load_workbook(path)
    except Exception:
        try:
            with zipfile.ZipFile(path) as arsip:
                return [(i.filename, i.CRC, i.file_size) for i in arsip.infolist()]
        except zipfile.BadZipFile:
            return path.read_bytes()
    return [(ws.title, sorted(map(str, ws.merged_cells.ranges)), _sel(ws)) for ws in wb]


def test_korpus_sama_dengan_skrip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The committed corpus is exactly what ``scripts/buat_korpus.py`` writes."""
    baru = tmp_path / "korpus"
    _skrip(monkeypatch).tulis_korpus(baru)
    assert sorted(p.name for p in baru.iterdir()) == sorted(p.name for p in KORPUS.iterdir())
    for path in sorted(baru.iterdir()):
        lama = KORPUS / path.name
        if path.suffix == ".xlsx":
            assert _isi_xlsx(path) == _isi_xlsx(lama), path.name
        else:
            assert path.read_bytes() == lama.read_bytes(), path.name
