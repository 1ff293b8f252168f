"""Parquet writes in a background thread (transforms/keluar/latar.py): the same files as
written in place, in order, and a write's error (a full disk) reaches the run as before, once
nothing is still writing into the generation it gives up."""

from __future__ import annotations

import errno
import threading
import time

import pandas as pd
import pyarrow.parquet as pq
import pytest
from pandera.errors import SchemaErrors
from typer.testing import CliRunner

from flows.cli import app
from schemas.katalog import muat_katalog
from tests.bantu_bagian import komponen_acak
from tests.bantu_generasi import buat_raw_kecil
from transforms.keluar import parquet
from transforms.keluar.latar import ANTRI, Latar
from transforms.keluar.parquet_provinsi import PenulisProvinsi
from transforms.keluar.ubah import pasang_id_run_ubah
from transforms.langkah.per_provinsi import hitung_per_provinsi


def _benang_parquet() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("parquet")]


def test_writes_run_in_order_and_the_sender_waits_beyond_the_queue():
    urutan: list[int] = []
    with Latar() as latar:
        for i in range(7):
            latar.kirim(lambda i=i: (time.sleep(0.01), urutan.append(i)))
            assert len(latar._antri) <= ANTRI
    assert urutan == list(range(7))
    assert not _benang_parquet()


def test_an_error_is_raised_once_every_write_sent_has_ended():
    selesai: list[int] = []

    def gagal_lambat():
        time.sleep(0.05)
        raise OSError(errno.ENOSPC, "No space left on device")

    latar = Latar()
    latar.kirim(gagal_lambat)
    latar.kirim(lambda: selesai.append(1))
    with pytest.raises(OSError, match="No space"):
        latar.kirim(lambda: selesai.append(2))  # the queue is full: the oldest's error
    assert selesai == [1]  # the write after it ended before the error came back; 2 not sent
    with pytest.raises(OSError, match="No space"), latar:
        raise OSError(errno.ENOSPC, "No space left on device")
    assert not _benang_parquet()


@pytest.fixture(scope="module")
def bagian() -> list[pd.DataFrame]:
    """Indicator rows of three provinces (11, 33, 76) as the run writes them."""
    komponen = komponen_acak(5)
    komponen = komponen[komponen["tahun"] == 2025].reset_index(drop=True)
    return [
        pasang_id_run_ubah("indikator", b, None, [2025], "B")
        for b in hitung_per_provinsi(komponen, muat_katalog(), "B")
    ]


class _TanpaLatar(Latar):
    """Runs every write in the sending thread (as without a background writer)."""

    def kirim(self, fungsi, *args):
        fungsi(*args)


def test_province_files_equal_those_written_in_place(tmp_path, bagian, monkeypatch):
    monkeypatch.setattr(parquet, "POTONGAN", 500)  # many row groups, many writes waiting
    with PenulisProvinsi(tmp_path / "latar", "indikator") as penulis:
        for b in bagian:
            penulis.tambah(b)
    monkeypatch.setattr("transforms.keluar.parquet_provinsi.Latar", _TanpaLatar)
    with PenulisProvinsi(tmp_path / "kini", "indikator") as penulis:
        for b in bagian:
            penulis.tambah(b)
    for prov in ("11", "33", "76"):
        a = pq.ParquetFile(tmp_path / "latar" / f"{prov}.parquet")
        b = pq.ParquetFile(tmp_path / "kini" / f"{prov}.parquet")
        assert a.read().equals(b.read())
        assert a.schema_arrow.equals(b.schema_arrow, check_metadata=True)
        assert a.metadata.num_row_groups == b.metadata.num_row_groups > 1
    assert not _benang_parquet()


def test_a_full_disk_in_a_later_province_is_raised_and_nothing_keeps_writing(
    tmp_path, bagian, monkeypatch
):
    asli = parquet.PenulisParquet._tulis_kini
    ditulis: list[str] = []

    def kini(self, table):
        prov = self._fh.name.rsplit("/", 1)[-1]
        if prov == "33.parquet":
            raise OSError(errno.ENOSPC, "No space left on device")
        ditulis.append(prov)
        asli(self, table)

    monkeypatch.setattr(parquet.PenulisParquet, "_tulis_kini", kini)
    with pytest.raises(OSError, match="No space"), PenulisProvinsi(tmp_path, "indikator") as p:
        for b in bagian:
            p.tambah(b)
    assert not _benang_parquet()
    assert "11.parquet" in ditulis and "76.parquet" not in ditulis


def test_a_contract_error_in_the_background_reaches_the_writer(tmp_path, bagian):
    """A part that breaks the contract fails the writer with pandera's error naming the
    value, while earlier parts are still being written in the background; the parts after it
    are not written and no writing thread is left."""
    rusak = bagian[1].assign(tingkat=pd.Categorical(["planet"] * len(bagian[1])))
    with (
        pytest.raises(SchemaErrors, match="planet"),
        PenulisProvinsi(tmp_path, "indikator") as penulis,
    ):
        for b in (bagian[0], rusak, bagian[2]):
            penulis.tambah(b)
    assert not _benang_parquet()
    tidak_ditulis = tmp_path / "76.parquet"  # opened at most, no row in it
    assert not tidak_ditulis.exists() or tidak_ditulis.stat().st_size == 0


@pytest.mark.lambat  # a whole run, twice
def test_a_full_disk_while_indicators_are_written_is_one_message(tmp_path, monkeypatch):
    raw, out = buat_raw_kecil(tmp_path), tmp_path / "out"
    args = ["run", "--tanpa-prefect", "--raw", str(raw), "--out", str(out)]
    assert CliRunner().invoke(app, args).exit_code == 0
    generasi = sorted(p.name for p in (out / "generasi").iterdir())

    def penuh(self, table):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(parquet.PenulisParquet, "_tulis_kini", penuh)
    hasil = CliRunner().invoke(app, [*args, "--hitung-ulang"])
    teks = " ".join(hasil.output.split())
    assert hasil.exit_code == 1 and "Traceback" not in hasil.output
    assert f"GAGAL: Disk penuh saat menulis ke {out}." in teks
    assert sorted(p.name for p in (out / "generasi").iterdir()) == generasi
    assert not _benang_parquet()
