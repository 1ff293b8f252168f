"""``indikator run`` as the officer types it: honest exit codes, the outcome said first, and
output-side errors (full disk, unwritable folder, broken pointer, busy folder) as one Bahasa
message with the details in the log file, never a traceback; the published output stays."""

from __future__ import annotations

import errno
import json
import subprocess
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.bantu_generasi import ROOT, buat_raw_kecil, tolak_semua

pytestmark = pytest.mark.lambat  # whole runs or publications: the slow tier

runner = CliRunner()


@pytest.fixture
def raw(tmp_path):
    """A raw store with one small SIGA PUS export of 2025."""
    return buat_raw_kecil(tmp_path)


def _run(raw, out, *opsi: str):
    args = ["run", "--tanpa-prefect", "--raw", str(raw), "--out", str(out), *opsi]
    result = runner.invoke(app, args)
    assert "Traceback" not in result.output, result.output
    return result


def _teks(result) -> str:
    """The output with line breaks as spaces (the terminal wraps long messages)."""
    return " ".join(result.output.split())


def _generasi(out) -> list[str]:
    return sorted(p.name for p in (out / "generasi").iterdir())


def test_a_good_run_exits_0_and_says_so_first(raw, tmp_path):
    result = _run(raw, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("BERHASIL: semua 1 berkas dipakai; generasi ")


def test_a_rejected_only_file_never_replaces_a_good_year(raw, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert _run(raw, out).exit_code == 0
    sebelum = pd.read_parquet(out / "indikator")
    gen = _generasi(out)
    tolak_semua(monkeypatch)
    result = _run(raw, out)
    assert result.exit_code == 3, result.output
    assert result.stdout.startswith("TIDAK DITERBITKAN: penjaga menolak tahun")
    assert "indikator hilang (pasti.bumil.03, spm.03)" in result.output
    assert "Berkas ditolak: siga.pus/2025-01/data_pus.csv" in result.output
    assert _generasi(out) == gen
    pd.testing.assert_frame_equal(pd.read_parquet(out / "indikator"), sebelum)
    # the first line comes before the table of files
    assert result.output.index("Kode keluar 3") < result.output.index("┏")


def test_a_rejected_file_on_a_fresh_folder_publishes_its_reason_and_exits_2(
    raw, tmp_path, monkeypatch
):
    tolak_semua(monkeypatch)
    out = tmp_path / "out"
    result = _run(raw, out)
    assert result.exit_code == 2, result.output
    assert result.stdout.startswith("PERHATIAN: 1 dari 1 berkas DITOLAK dan tidak dipakai")
    karantina = pd.read_parquet(out / "karantina")
    assert list(karantina["aturan"]) == ["berkas_ditolak"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kode_keluar"] == 2 and manifest["status"] == "ada_berkas_ditolak"
    assert manifest["daftar_berkas_ditolak"][0]["berkas"] == "siga.pus/2025-01/data_pus.csv"


def test_an_empty_raw_store_publishes_nothing_and_exits_1(tmp_path):
    (tmp_path / "raw").mkdir()
    result = _run(tmp_path / "raw", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("GAGAL: tidak ada berkas di penyimpanan raw")
    assert not (tmp_path / "out" / "generasi").exists()


def _disk_penuh(monkeypatch):
    import transforms.keluar.parquet as parquet

    def penuh(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(parquet.pq, "write_table", penuh)


def test_a_full_disk_is_one_message_and_the_output_stays(raw, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert _run(raw, out).exit_code == 0
    gen = _generasi(out)
    _disk_penuh(monkeypatch)
    result = _run(raw, out, "--hitung-ulang")  # the same files: computed and published again
    assert result.exit_code == 1, result.output
    assert f"GAGAL: Disk penuh saat menulis ke {out}." in _teks(result)
    assert "Keluaran yang sudah terbit tidak berubah" in _teks(result)
    assert _generasi(out) == gen  # no staging left, nothing half-published
    log = (tmp_path / "indikator-galat.log").read_text()
    assert "Traceback" in log and "No space left on device" in log
    (gagal,) = [p for p in (out / "runs").glob("*.json") if p.stem not in gen]
    catatan = json.loads(gagal.read_text())
    assert catatan["status"] == "gagal" and "Disk penuh" in catatan["galat"]


def test_a_permission_error_is_one_message(raw, tmp_path, monkeypatch):
    import transforms.keluar.generasi as generasi

    def ditolak(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(generasi, "tulis_kamus", ditolak)
    out = tmp_path / "out"
    result = _run(raw, out)
    assert result.exit_code == 1, result.output
    teks = _teks(result)
    assert f"Folder keluaran {out} tidak dapat ditulis (izin ditolak atau disk hanya-baca)" in teks
    assert "pilih folder lain dengan --out" in teks


def test_an_output_path_through_a_file_is_one_message(raw, tmp_path):
    berkas = tmp_path / "bukan-folder"
    berkas.write_text("x")
    result = _run(raw, berkas / "out")
    assert result.exit_code == 1, result.output
    assert "ada berkas (bukan folder) di jalurnya" in _teks(result)


def test_a_broken_pointer_is_one_message_with_the_way_out(raw, tmp_path):
    out = tmp_path / "out"
    assert _run(raw, out).exit_code == 0
    (gen,) = _generasi(out)
    (out / "terkini").unlink()
    (out / "terkini").symlink_to("generasi/hilang")
    result = _run(raw, out)
    assert result.exit_code == 1, result.output
    teks = _teks(result)
    assert f"Penunjuk generasi {out / 'terkini'} rusak: menunjuk ke 'generasi/hilang'" in teks
    assert f"indikator generasi --out {out} --pakai {gen}" in teks
    cakupan = runner.invoke(app, ["cakupan", "--keluaran", str(out)])
    assert cakupan.exit_code == 1 and "rusak" in cakupan.output
    pulih = runner.invoke(app, ["generasi", "--out", str(out), "--pakai", gen])
    assert pulih.exit_code == 0, pulih.output
    assert f"Generasi {gen} sekarang berlaku" in " ".join(pulih.output.split())
    assert _run(raw, out).exit_code == 0


def test_a_busy_folder_with_tanpa_tunggu_exits_4(raw, tmp_path):
    out = tmp_path / "out"
    kode = (
        "import sys,time;from pathlib import Path;from transforms.keluar.kunci import "
        "kunci_keluaran\nwith kunci_keluaran(Path(sys.argv[1]),'LAIN'):\n print('ok',flush=True)"
        "\n time.sleep(30)"
    )
    lain = subprocess.Popen(
        [sys.executable, "-c", kode, str(out)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert lain.stdout.readline().strip() == "ok"
        result = _run(raw, out, "--tanpa-tunggu")
    finally:
        lain.kill()
        lain.wait(10)
    assert result.exit_code == 4, result.output
    assert f"sedang dipakai oleh run LAIN (pid {lain.pid}" in _teks(result)


def test_a_wrong_setting_is_one_message(raw, tmp_path, monkeypatch):
    monkeypatch.setenv("INDIKATOR_SIMPAN_GENERASI", "lima")
    result = _run(raw, tmp_path / "out")
    assert result.exit_code == 1
    assert "INDIKATOR_SIMPAN_GENERASI='lima' bukan bilangan bulat" in result.output


@pytest.mark.lambat  # a real process: what the officer's terminal shows
def test_a_full_disk_in_a_real_process_shows_no_traceback(raw, tmp_path):
    out = tmp_path / "out"
    kode = (
        "import errno, sys\nimport transforms.keluar.parquet as p\n"
        "def penuh(*a, **k):\n    raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "p.pq.write_table = penuh\nfrom flows.cli import app\nsys.argv[0] = 'indikator'\napp()"
    )
    proses = subprocess.run(
        [
            sys.executable,
            "-c",
            kode,
            "run",
            "--tanpa-prefect",
            "--raw",
            str(raw),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**__import__("os").environ, "INDIKATOR_LOG": str(tmp_path / "galat.log")},
    )
    assert proses.returncode == 1, proses.stderr
    assert "Traceback" not in proses.stdout + proses.stderr
    assert "Disk penuh saat menulis ke" in " ".join(proses.stderr.split())
    assert "Traceback" in (tmp_path / "galat.log").read_text()


@pytest.fixture
def disk_kecil(tmp_path):
    """A real 4 MB tmpfs (needs root and ``mount``; skipped elsewhere), unmounted after: room
    for two generations of the small raw store (one ≈ 1.8 MB with the 91,599-row dim_wilayah,
    which the next generation hard-links)."""
    import os
    import shutil

    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a real full disk needs root to mount a small tmpfs")
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True
    )
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mount.stderr.decode(errors='replace')}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.lambat  # mounts a filesystem
def test_a_really_full_disk_keeps_the_output_and_recovers(raw, disk_kecil):
    import os

    out = disk_kecil / "out"
    assert _run(raw, out).exit_code == 0
    sebelum = pd.read_parquet(out / "indikator")
    gen = _generasi(out)
    bebas = os.statvfs(disk_kecil).f_bavail * os.statvfs(disk_kecil).f_frsize
    (disk_kecil / "isi").write_bytes(b"\0" * (bebas - 40_000))  # ~40 KB left: half a generation
    result = _run(raw, out, "--hitung-ulang")  # the same files: computed and published again
    assert result.exit_code == 1, result.output
    assert f"GAGAL: Disk penuh saat menulis ke {out}." in _teks(result)
    assert _generasi(out) == gen and not list((out / "generasi").glob(".staging-*"))
    pd.testing.assert_frame_equal(pd.read_parquet(out / "indikator"), sebelum)
    # nothing changed: no generation to write, only the run record, which still fits
    tetap = _run(raw, out)
    assert tetap.exit_code == 0 and _teks(tetap).startswith("TIDAK ADA PERUBAHAN"), tetap.output
    assert _generasi(out) == gen
    (disk_kecil / "isi").unlink()
    assert _run(raw, out, "--hitung-ulang").exit_code == 0
    assert len(_generasi(out)) == 2
