"""One atomic generation: complete, carried-over years, a kill at every step, cleanup,
retention, a broken pointer, the layout before generations, the Windows pointer strategy."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from schemas.katalog import muat_katalog
from tests.bantu_generasi import ROOT, baca_sidik, buat_tabel, harapan, terbitkan_uji
from transforms.keluar import generasi, penunjuk
from transforms.keluar.galat import KeluaranGagal
from transforms.keluar.generasi import LANGKAH_TERBIT, IsiGenerasi, terbitkan_generasi
from transforms.keluar.penunjuk import (
    PenunjukRusak,
    baca_id_terkini,
    cari_folder_terbit,
    daftar_generasi,
)

pytestmark = pytest.mark.lambat  # whole runs or publications: the slow tier

PEMBACA = ("pandas", "duckdb", "pyarrow", "pinned", "berkas_duckdb")
SEBELUM_SAKLAR = LANGKAH_TERBIT[: LANGKAH_TERBIT.index("tukar_penunjuk")]
SETELAH_SAKLAR = LANGKAH_TERBIT[LANGKAH_TERBIT.index("tukar_penunjuk") :]
SKRIP = ROOT / "tests" / "bantu_generasi.py"


def _semua_pembaca(out, yang_diharap) -> None:
    for pembaca in PEMBACA:
        assert baca_sidik(out, pembaca) == yang_diharap, pembaca


def _sisa(out) -> list[str]:
    """Everything a run leaves that is not part of the documented layout."""
    gen = [p.name for p in (out / "generasi").iterdir() if p.name.startswith(".")]
    akar = [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".kunci"]
    return sorted(gen + akar)


def test_generation_is_complete_and_unchanged_years_are_carried_as_hard_links(tmp_path):
    out = tmp_path / "out"
    terbitkan_uji(out, "A")
    terbitkan_uji(out, "B", (2025,))
    assert baca_id_terkini(out) == "B"
    assert os.readlink(out / "terkini") == "generasi/B"
    assert (out / "terkini.txt").read_text() == "B"
    _semua_pembaca(out, harapan({2024: "A", 2025: "B"}, "B"))
    lama = out / "generasi" / "A" / "indikator" / "2024" / "33.parquet"
    baru = out / "generasi" / "B" / "indikator" / "2024" / "33.parquet"
    assert os.stat(lama).st_ino == os.stat(baru).st_ino  # the same bytes, not a copy
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["keluaran"]["indikator"]["2024"] == {
        "baris": 30,
        "berkas": "indikator/2024/33.parquet",
        "id_run": "A",
    }
    assert manifest["keluaran"]["komponen"]["2025"]["id_run"] == "B"
    dibawa = {"indikator": [2024], "komponen": [2024], "karantina": [2024]}
    assert manifest["tahun_dibawa"] == dibawa
    assert (out / "runs" / "B.json").is_file() and (out / "runs" / "A.json").is_file()
    assert _sisa(out) == []


def test_carry_over_copies_when_the_disk_cannot_link(tmp_path, monkeypatch):
    out = tmp_path / "out"
    terbitkan_uji(out, "A")

    def tanpa_link(src, dst):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(generasi.os, "link", tanpa_link)
    terbitkan_uji(out, "B", (2025,))
    _semua_pembaca(out, harapan({2024: "A", 2025: "B"}, "B"))
    lama = out / "generasi" / "A" / "indikator" / "2024" / "33.parquet"
    baru = out / "generasi" / "B" / "indikator" / "2024" / "33.parquet"
    assert os.stat(lama).st_ino != os.stat(baru).st_ino
    assert lama.read_bytes() == baru.read_bytes()


def test_every_table_handed_over_is_published(tmp_path, monkeypatch):
    """A colleague's new table (its contract in catalog/kolom.yaml) needs no publishing code."""
    from schemas import kontrak

    katalog = muat_katalog()
    spec = {
        "kode_wilayah": dict(katalog.kolom["komponen"]["kode_wilayah"]),
        "tahun": dict(katalog.kolom["komponen"]["tahun"]),
        "nilai_lama": {"tipe": "double", "nullable": False, "deskripsi": "uji"},
    }
    monkeypatch.setitem(katalog.kolom, "penggantian", spec)
    kontrak.buat_skema_arrow.cache_clear()
    kontrak.buat_skema_pandera.cache_clear()
    try:
        tables = buat_tabel("A") | {
            "penggantian": pd.DataFrame(
                {"kode_wilayah": ["33.06"] * 3, "tahun": [2024, 2025, 2025], "nilai_lama": 1.5}
            )
        }
        isi = IsiGenerasi("A", tables, [2024, 2025], None, {"id_run": "A"}, katalog)
        terbitkan_generasi(out := tmp_path / "out", isi)
    finally:
        kontrak.buat_skema_arrow.cache_clear()
        kontrak.buat_skema_pandera.cache_clear()
    assert len(pd.read_parquet(out / "penggantian")) == 3
    assert len(pd.read_parquet(out / "penggantian" / "2025")) == 2
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["keluaran"]["penggantian"]["2024"]["baris"] == 1


@pytest.mark.parametrize("langkah", LANGKAH_TERBIT)
def test_an_error_after_any_step_leaves_one_whole_generation(tmp_path, monkeypatch, langkah):
    """An exception right after each step: before the switch readers keep A whole and nothing
    of B stays on disk; after it they get B whole and the run still counts as published."""
    out = tmp_path / "out"
    terbitkan_uji(out, "A")
    asli = getattr(generasi, langkah)

    def lalu_galat(*args, **kwargs):
        asli(*args, **kwargs)
        raise RuntimeError(f"galat buatan setelah {langkah}")

    monkeypatch.setattr(generasi, langkah, lalu_galat)
    if langkah in SEBELUM_SAKLAR:
        with pytest.raises(RuntimeError, match="galat buatan"):
            terbitkan_uji(out, "B")
        _semua_pembaca(out, harapan({2024: "A", 2025: "A"}, "A"))
        assert daftar_generasi(out) == ["A"]
        assert _sisa(out) == []
    else:
        terbitkan_uji(out, "B")
        _semua_pembaca(out, harapan({2024: "B", 2025: "B"}, "B"))
    monkeypatch.setattr(generasi, langkah, asli)
    terbitkan_uji(out, "C", (2025,))  # the next run repairs whatever was left
    _semua_pembaca(out, harapan({2024: "A" if langkah in SEBELUM_SAKLAR else "B", 2025: "C"}, "C"))
    assert _sisa(out) == []
    assert (out / "runs" / "C.json").is_file()


def _bunuh(out, id_run, *opsi: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SKRIP), "terbit", str(out), id_run, *opsi],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


@pytest.mark.parametrize("langkah", [*LANGKAH_TERBIT, "tengah-tulis"])
def test_a_kill_after_every_step_leaves_one_whole_generation(tmp_path, langkah):
    """The publisher process dies (os._exit, as a kill) after each step, or in the middle of
    writing the Parquet files; readers see A whole or B whole, and the next run cleans up."""
    out = tmp_path / "out"
    terbitkan_uji(out, "A")
    opsi = ("--mati-di-tengah", "4") if langkah == "tengah-tulis" else ("--mati-setelah", langkah)
    hasil = _bunuh(out, "B", *opsi)
    assert hasil.returncode == 137, hasil.stderr
    terbit = langkah in SETELAH_SAKLAR
    yang_ada = "B" if terbit else "A"
    _semua_pembaca(out, harapan({2024: yang_ada, 2025: yang_ada}, yang_ada))
    tulis = LANGKAH_TERBIT[
        LANGKAH_TERBIT.index("tulis_tahun_baru") : LANGKAH_TERBIT.index("resmikan_generasi")
    ]
    assert _sisa(out) == ([".staging-B"] if langkah in (*tulis, "tengah-tulis") else [])
    if langkah in ("resmikan_generasi", "siapkan_tautan_bi"):  # whole, but never made current
        assert daftar_generasi(out) == ["A", "B"] and baca_id_terkini(out) == "A"
    terbitkan_uji(out, "C", (2025,))  # the lock of the dead process is free, its staging goes
    _semua_pembaca(out, harapan({2024: yang_ada, 2025: "C"}, "C"))
    assert _sisa(out) == []
    runs = sorted(p.stem for p in (out / "runs").glob("*.json"))
    assert runs == (["A", "B", "C"] if terbit else ["A", "C"])


def test_a_first_run_killed_right_after_the_switch_is_readable_whole(tmp_path):
    """On a fresh folder the stable paths exist before the switch: killed right after it,
    every reader path already gives the whole first generation."""
    out = tmp_path / "out"
    hasil = _bunuh(out, "A", "--mati-setelah", "siapkan_tautan_bi")
    assert hasil.returncode == 137, hasil.stderr
    assert (out / "indikator").is_symlink() and not (out / "indikator").exists()
    assert baca_id_terkini(out) is None and daftar_generasi(out) == ["A"]
    hasil = _bunuh(out, "B", "--mati-setelah", "tukar_penunjuk")
    assert hasil.returncode == 137, hasil.stderr
    _semua_pembaca(out, harapan({2024: "B", 2025: "B"}, "B"))
    assert daftar_generasi(out) == ["B"]  # A was never current: removed as a leftover


def test_retention_keeps_the_last_n_and_always_the_current(tmp_path):
    out = tmp_path / "out"
    for i in range(7):
        terbitkan_uji(out, f"G{i}", simpan=5)
    assert daftar_generasi(out) == ["G2", "G3", "G4", "G5", "G6"]
    generasi.pakai_generasi(out, "G2")  # back to an older one
    terbitkan_uji(out, "G7", (2025,), simpan=2)
    assert daftar_generasi(out) == ["G6", "G7"]
    _semua_pembaca(out, harapan({2024: "G2", 2025: "G7"}, "G7"))
    terbitkan_uji(out, "G8", (2025,), simpan=1)
    assert daftar_generasi(out) == ["G8"]
    _semua_pembaca(out, harapan({2024: "G2", 2025: "G8"}, "G8"))


def test_generations_are_ordered_by_publication_not_by_name(tmp_path):
    out = tmp_path / "out"
    for nama in ("Z", "M", "A"):
        terbitkan_uji(out, nama, simpan=2)
    assert daftar_generasi(out) == ["M", "A"]  # Z, the oldest, went first


def test_a_generation_that_cannot_be_removed_now_stays_for_a_later_run(tmp_path, monkeypatch):
    """On Windows a generation with a file open (Power BI) cannot be renamed: publish anyway."""
    out = tmp_path / "out"
    for i in range(3):
        terbitkan_uji(out, f"G{i}", simpan=3)
    asli = os.rename

    def terkunci(src, dst):
        if str(src).endswith("G0"):
            raise PermissionError(13, "The process cannot access the file")
        return asli(src, dst)

    monkeypatch.setattr(generasi.os, "rename", terkunci)
    terbitkan_uji(out, "G3", simpan=2)
    assert daftar_generasi(out) == ["G0", "G2", "G3"] and baca_id_terkini(out) == "G3"
    monkeypatch.setattr(generasi.os, "rename", asli)
    terbitkan_uji(out, "G4", (2025,), simpan=2)
    assert daftar_generasi(out) == ["G3", "G4"]


def test_leftovers_of_killed_runs_are_cleaned(tmp_path):
    out = tmp_path / "out"
    terbitkan_uji(out, "A")
    (out / "generasi" / ".staging-X" / "indikator" / "2025").mkdir(parents=True)
    (out / "generasi" / ".hapus-Y" / "kamus").mkdir(parents=True)
    (out / ".staging-lama" / "indikator").mkdir(parents=True)  # the layout before generations
    os.symlink("generasi/A", out / ".terkini-Z.tmp")
    (out / "runs" / "A.json").unlink()  # killed before its history was written
    assert generasi.bersihkan_sisa(out) == [
        ".hapus-Y",
        ".staging-X",
        ".staging-lama",
        ".terkini-Z.tmp",
    ]
    assert _sisa(out) == []
    assert json.loads((out / "runs" / "A.json").read_text())["id_run"] == "A"


@pytest.mark.parametrize(
    ("rusak", "pesan"),
    [
        ("menggantung", "menunjuk ke 'generasi/Z', bukan generasi yang ada"),
        ("folder", "bukan tautan (symlink)"),
        ("hilang", "hilang, padahal ada generasi yang sudah terbit"),
        ("keduanya-hilang", "hilang, padahal ada generasi yang sudah terbit"),
    ],
)
def test_a_broken_pointer_stops_publication_and_names_the_way_out(tmp_path, rusak, pesan):
    out = tmp_path / "out"
    terbitkan_uji(out, "A")
    terbitkan_uji(out, "B")
    (out / "terkini").unlink()
    if rusak == "menggantung":
        os.symlink("generasi/Z", out / "terkini")
    elif rusak == "folder":
        (out / "terkini").mkdir()
    elif rusak == "keduanya-hilang":  # the history still says these were published
        (out / "terkini.txt").unlink()
    with pytest.raises(PenunjukRusak) as info:
        terbitkan_uji(out, "C")
    teks = str(info.value)
    assert pesan in teks
    assert f"indikator generasi --out {out} --pakai B" in teks
    assert daftar_generasi(out) == ["A", "B"]  # nothing written, nothing deleted
    if rusak == "folder":
        (out / "terkini").rmdir()
    else:
        (out / "terkini").unlink(missing_ok=True)
    generasi.pakai_generasi(out, "B")
    _semua_pembaca(out, harapan({2024: "B", 2025: "B"}, "B"))
    with pytest.raises(KeluaranGagal, match="Generasi 'Q' tidak ada"):
        generasi.pakai_generasi(out, "Q")


def test_output_of_the_layout_before_generations_is_carried_into_the_first(tmp_path):
    """An output folder written by the previous version (``OUT/indikator/<tahun>`` as real
    folders, ``.prev``, ``manifest.json``) becomes the source of the first generation."""
    import shutil

    lama = tmp_path / "lama"
    terbitkan_uji(lama, "L")
    out = tmp_path / "out"
    out.mkdir()
    for nama in ("indikator", "komponen", "karantina", "kamus", "manifest.json"):
        src = lama / "generasi" / "L" / nama
        shutil.copytree(src, out / nama) if src.is_dir() else shutil.copy(src, out / nama)
    (out / ".prev" / "indikator" / "2025").mkdir(parents=True)
    assert cari_folder_terbit(out) == out
    terbitkan_uji(out, "B", (2025,))
    assert (out / "indikator").is_symlink() and (out / "manifest.json").is_symlink()
    _semua_pembaca(out, harapan({2024: "L", 2025: "B"}, "B"))
    assert _sisa(out) == [".prev"]  # the old layout's backup is left for the officer


def test_windows_strategy_commits_with_the_text_pointer(tmp_path, monkeypatch):
    """Simulated on POSIX: the commit is ``terkini.txt``; the junction is re-made after it."""
    urutan = []
    asli_teks = penunjuk.tulis_teks_atomik

    def catat_teks(path, teks):
        urutan.append(("teks", path.name, teks))
        asli_teks(path, teks)

    def junction(link, target):
        urutan.append(("junction", link.name, target.name))
        os.symlink(os.path.abspath(target), link, target_is_directory=True)

    monkeypatch.setattr(penunjuk, "_MODE", "nt")
    monkeypatch.setattr(penunjuk, "tulis_teks_atomik", catat_teks)
    monkeypatch.setattr(penunjuk, "_buat_junction", junction)
    monkeypatch.setattr(penunjuk, "_hapus_tautan", lambda link: link.unlink())
    monkeypatch.setattr(penunjuk, "_adalah_junction", os.path.islink)
    out = tmp_path / "out"
    terbitkan_uji(out, "A")
    terbitkan_uji(out, "B", (2025,))
    assert urutan[:2] == [("teks", "terkini.txt", "A"), ("junction", ".terkini-A.tmp", "A")]
    saklar_b = urutan.index(("teks", "terkini.txt", "B"))
    assert urutan[saklar_b + 1] == ("junction", ".terkini-B.tmp", "B")
    assert baca_id_terkini(out) == "B"
    assert json.loads((out / "manifest.json").read_text())["id_run"] == "B"
    assert not (out / "manifest.json").is_symlink()  # a copy on Windows
    assert not (out / "indikator.duckdb").is_symlink()  # a copy too: junctions link folders
    import duckdb

    con = duckdb.connect(str(out / "indikator.duckdb"), read_only=True)  # reads beside itself
    assert con.sql("SELECT DISTINCT tahun, id_run FROM indikator ORDER BY 1").fetchall() == [
        (2024, "A"),
        (2025, "B"),
    ]
    con.close()
    _semua_pembaca(out, harapan({2024: "A", 2025: "B"}, "B"))
    (out / "terkini.txt").write_text("Z")
    with pytest.raises(PenunjukRusak, match=r"terkini\.txt berisi 'Z'"):
        baca_id_terkini(out)
