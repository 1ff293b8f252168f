"""The output lock: a second run waits (or stops), a dead holder's lock is taken over, and two
publishers with readers running at the same time never show an error, a gap or a torn year."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from tests.bantu_generasi import ROOT, terbitkan_uji
from transforms.keluar.galat import KeluaranGagal
from transforms.keluar.kunci import (
    KunciDipegang,
    baca_pemegang_aktif,
    baca_pemegang_kunci,
    kunci_keluaran,
)

SKRIP = ROOT / "tests" / "bantu_generasi.py"
PEGANG = """
import os, sys, time
from pathlib import Path
from transforms.keluar.kunci import kunci_keluaran
with kunci_keluaran(Path(sys.argv[1]), "PEMEGANG"):
    print("pegang", flush=True)
    if sys.argv[2] == "mati":
        os._exit(137)
    time.sleep(float(sys.argv[2]))
"""


def _pegang(out, cara: str) -> subprocess.Popen:
    """A process holding the lock of ``out`` (for ``cara`` seconds, or dying with it held)."""
    proses = subprocess.Popen(
        [sys.executable, "-c", PEGANG, str(out), cara],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proses.stdout is not None and proses.stdout.readline().strip() == "pegang"
    return proses


@pytest.mark.lambat  # a whole run while another holds the lock
def test_a_second_run_waits_for_the_holder(tmp_path):
    proses = _pegang(tmp_path, "1.5")
    dilihat = []
    mulai = time.monotonic()
    with kunci_keluaran(tmp_path, "KEDUA", tunggu=60, saat_menunggu=dilihat.append) as basi:
        menunggu = time.monotonic() - mulai
        assert baca_pemegang_kunci(tmp_path).id_run == "KEDUA"
    assert proses.wait(10) == 0
    assert basi is None  # released cleanly, nothing taken over
    assert baca_pemegang_aktif(tmp_path) is None
    assert 0.5 < menunggu < 30
    assert [p.id_run for p in dilihat] == ["PEMEGANG"]  # said once, naming the holder
    assert dilihat[0].pid == proses.pid
    assert baca_pemegang_kunci(tmp_path) is None  # a clean release empties the file


def test_without_waiting_the_run_stops_and_names_the_holder(tmp_path):
    proses = _pegang(tmp_path, "30")
    assert baca_pemegang_aktif(tmp_path).pid == proses.pid
    try:
        with pytest.raises(KunciDipegang) as info, kunci_keluaran(tmp_path, "KEDUA", tunggu=0):
            pass
    finally:
        proses.kill()
        proses.wait(10)
    teks = str(info.value)
    assert f"run PEMEGANG (pid {proses.pid} di " in teks
    assert "tanpa menunggu" in teks and str(tmp_path) in teks


def test_the_lock_of_a_dead_run_is_taken_over_at_once(tmp_path):
    proses = _pegang(tmp_path, "mati")
    assert proses.wait(10) == 137
    assert baca_pemegang_kunci(tmp_path).pid == proses.pid  # it died holding the lock
    assert baca_pemegang_aktif(tmp_path) is None  # but nobody holds it now
    mulai = time.monotonic()
    with kunci_keluaran(tmp_path, "BARU", tunggu=0) as basi:
        assert time.monotonic() - mulai < 1
    assert basi.pid == proses.pid and basi.id_run == "PEMEGANG"


def test_an_output_folder_that_cannot_exist_is_one_message(tmp_path):
    berkas = tmp_path / "bukan-folder"
    berkas.write_text("x")
    with pytest.raises(KeluaranGagal) as info, kunci_keluaran(berkas / "out", "X"):
        pass
    assert "ada berkas (bukan folder) di jalurnya" in str(info.value)
    assert str(berkas / "out") in str(info.value)


def _baris_json(teks: str) -> list[dict]:
    return [json.loads(b) for b in teks.splitlines() if b.strip()]


@pytest.mark.lambat  # three processes for several seconds
def test_two_publishers_and_a_reader_at_once(tmp_path):
    """Publishers P and Q each publish 4 generations (both years) while a reader reads the
    documented paths with pandas, DuckDB, pyarrow and a pinned read, in a loop."""
    out = tmp_path / "out"
    terbitkan_uji(out, "A")
    pembaca = subprocess.Popen(
        [sys.executable, str(SKRIP), "baca", str(out), "--detik", "120"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert pembaca.stdout is not None
    pertama = pembaca.stdout.readline()  # the reader is reading before anyone publishes
    penerbit = [
        subprocess.Popen(
            [sys.executable, str(SKRIP), "terbit", str(out), nama, "--ulang", "4"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for nama in ("P", "Q")
    ]
    hasil_terbit = [p.communicate(timeout=180) for p in penerbit]
    (out / ".berhenti-baca").touch()
    bacaan = _baris_json(pertama + pembaca.communicate(timeout=60)[0])
    assert [p.returncode for p in penerbit] == [0, 0], [e for _, e in hasil_terbit]
    terbit = {"A"} | {b["terbit"] for o, _ in hasil_terbit for b in _baris_json(o)}
    assert len(terbit) == 9
    galat = [b for b in bacaan if "galat" in b]
    assert galat == [], galat[:3]
    assert len(bacaan) >= 10, len(bacaan)
    lintas_tahun = lintas_tabel = 0
    for b in bacaan:
        sidik = b["sidik"]
        assert sidik["manifest"] in terbit
        runs = set()
        for tabel in ("indikator", "komponen", "karantina"):
            assert sorted(sidik[tabel]) == ["2024", "2025"], b  # never a year missing
            for tahun, ids in sidik[tabel].items():
                assert len(ids) == 1 and ids[0] in terbit, (tabel, tahun, b)  # never torn
            per_tahun = {ids[0] for ids in sidik[tabel].values()}
            lintas_tahun += len(per_tahun) > 1
            runs |= per_tahun
        if b["pembaca"] == "pinned":
            assert runs == {sidik["manifest"]}, b  # one generation, whole
        lintas_tabel += len(runs | {sidik["manifest"]}) > 1
    # reads through the stable paths resolve the pointer at each file they open: one that
    # spans a switch can take 2024 from one generation and 2025 from the next (each whole)
    print(
        f"{len(bacaan)} bacaan; tabel dengan tahun dari dua generasi: {lintas_tahun}; "
        f"bacaan yang melintasi satu perpindahan: {lintas_tabel}"
    )


@pytest.mark.lambat  # two whole runs and a reader, as processes
def test_two_indikator_runs_at_once_one_waits_both_publish(tmp_path):
    from tests.bantu_generasi import buat_raw_kecil

    raw, out = buat_raw_kecil(tmp_path), tmp_path / "out"
    # the run; with LANJUT set it holds the lock until that file exists (at most 120 s)
    lambat = (
        "import os, sys, time\nimport transforms.langkah.jalankan as j\nasli = j.pilih_berkas\n"
        "def tahan(*a):\n    lanjut = os.environ.get('LANJUT')\n    batas = time.time() + 120\n"
        "    while lanjut and not os.path.exists(lanjut) and time.time() < batas:\n"
        "        time.sleep(0.05)\n    return asli(*a)\nj.pilih_berkas = tahan\n"
        "from flows.cli import app\nsys.argv[0] = 'indikator'\napp()"
    )
    # --hitung-ulang: every run computes and publishes (the same files again would otherwise
    # change nothing: tests/test_tidak_berubah.py)
    perintah = [sys.executable, "-c", lambat, "run", "--tanpa-prefect", "--hitung-ulang"]
    perintah += ["--raw", str(raw), "--out", str(out)]
    env = {**os.environ, "INDIKATOR_LOG": str(tmp_path / "galat.log"), "COLUMNS": "200"}

    def mulai(**tambah: str) -> subprocess.Popen:
        return subprocess.Popen(
            perintah,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env | tambah,
        )

    assert mulai().wait(300) == 0  # a generation readers can read from the start
    pembaca = subprocess.Popen(
        [sys.executable, str(SKRIP), "baca", str(out), "--detik", "300"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert pembaca.stdout is not None
    bacaan_pertama = pembaca.stdout.readline()
    lanjut = tmp_path / "lanjut"
    pertama = mulai(LANJUT=str(lanjut))
    while baca_pemegang_kunci(out) is None and pertama.poll() is None:
        time.sleep(0.05)  # the first run holds the lock
    kedua = mulai()
    assert kedua.stderr is not None
    menunggu = kedua.stderr.readline()  # the second says it waits, naming the first
    lanjut.touch()
    keluaran = [p.communicate(timeout=300) for p in (pertama, kedua)]
    (out / ".berhenti-baca").touch()
    bacaan = _baris_json(bacaan_pertama + pembaca.communicate(timeout=60)[0])
    assert [pertama.returncode, kedua.returncode] == [0, 0], keluaran
    assert menunggu.startswith("Menunggu run ") and f"(pid {pertama.pid} di " in menunggu
    assert all(o.startswith("BERHASIL") for o, _ in keluaran)
    assert len(list((out / "generasi").iterdir())) == 3
    assert [b for b in bacaan if "galat" in b] == []
    assert "Traceback" not in "".join(o + e for o, e in keluaran)
