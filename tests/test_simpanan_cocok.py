"""Region matches kept on disk: the next process (next month's ingest) reads the match instead
of matching again and gets exactly what a fresh match gives; an entry of other combinations, a
damaged entry or an unwritable folder only costs a new match; old entries are pruned."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
from typer.testing import CliRunner

import transforms.langkah.simpanan_cocok as simpanan_cocok
from flows.cli import app
from tests.test_ingat_cocok import KOLOM, _desa_majene
from transforms.langkah.simpanan_cocok import FOLDER, GudangCocok
from transforms.wilayah.cocok import cocokkan_wilayah
from transforms.wilayah.ingat_cocok import lupakan_cocok, pakai_gudang


def _cocok(tabel: pd.DataFrame) -> pd.DataFrame:
    return cocokkan_wilayah(tabel, KOLOM, edisi="2025", nama_kabupaten="siga")


def test_proses_berikutnya_membaca_cocok_dari_disk(tmp_path, hitungan):
    tabel = _desa_majene()
    with pakai_gudang(GudangCocok(tmp_path)):
        pertama = _cocok(tabel)
        lupakan_cocok()  # as a new process: nothing in memory
        kedua = _cocok(tabel)
    assert hitungan["kali"] == 1
    assert len(list(tmp_path.glob("*.parquet"))) == 1
    pd.testing.assert_frame_equal(pertama, kedua, check_exact=True)
    lupakan_cocok()
    segar = _cocok(tabel)  # outside the block: matched again, the same
    assert hitungan["kali"] == 2
    pd.testing.assert_frame_equal(pertama, segar, check_exact=True)
    assert segar["status"].iloc[-1] == "tidak_cocok" and segar["catatan"].iloc[-1] is not pd.NA
    assert segar["catatan"].iloc[0] is pd.NA  # None stays missing, not the text 'None'


def test_entri_kombinasi_lain_atau_rusak_dicocokkan_lagi(tmp_path, hitungan):
    tabel, lain = _desa_majene(), _desa_majene().iloc[:-2]
    with pakai_gudang(GudangCocok(tmp_path)):
        benar_lain = _cocok(lain)
        (entri_lain,) = tmp_path.glob("*.parquet")
        _cocok(tabel)
        (entri_tabel,) = set(tmp_path.glob("*.parquet")) - {entri_lain}
        assert hitungan["kali"] == 2
        # the entry of ``lain`` now holds the combinations (and codes) of ``tabel``
        entri_lain.write_bytes(entri_tabel.read_bytes())
        lupakan_cocok()
        pd.testing.assert_frame_equal(_cocok(lain), benar_lain, check_exact=True)
        assert hitungan["kali"] == 3
        entri_tabel.write_bytes(b"PAR1 rusak")
        lupakan_cocok()
        rusak = _cocok(tabel)
        assert hitungan["kali"] == 4
        assert pq.read_table(entri_tabel).num_rows == len(tabel)  # written again, whole
    lupakan_cocok()
    pd.testing.assert_frame_equal(rusak, _cocok(tabel), check_exact=True)


def test_folder_tidak_dapat_ditulis_tidak_menggagalkan(tmp_path, hitungan):
    bukan_folder = tmp_path / "berkas"
    bukan_folder.write_text("bukan folder")
    with pakai_gudang(GudangCocok(bukan_folder / FOLDER)):
        hasil = _cocok(_desa_majene())
    lupakan_cocok()
    pd.testing.assert_frame_equal(hasil, _cocok(_desa_majene()))


def test_hanya_entri_terbaru_disimpan(tmp_path, hitungan, monkeypatch):
    tabel = _desa_majene()
    potong = [tabel.iloc[i * 10 : i * 10 + 10] for i in range(4)]
    with pakai_gudang(GudangCocok(tmp_path)):
        _cocok(potong[0])
        (pertama,) = tmp_path.glob("*.parquet")
        monkeypatch.setattr(simpanan_cocok, "MAKS_BYTE", int(2.5 * pertama.stat().st_size))
        _cocok(potong[1])
        _cocok(potong[2])  # over the budget: the oldest goes
        assert len(list(tmp_path.glob("*.parquet"))) == 2 and not pertama.exists()
        lupakan_cocok()
        _cocok(potong[1])  # read from disk: now the newest
        _cocok(potong[3])  # the one of potong[2] goes, not potong[1]'s
        lupakan_cocok()
        n = hitungan["kali"]
        _cocok(potong[1])
        assert hitungan["kali"] == n  # kept: read, not matched
        _cocok(potong[2])
        assert hitungan["kali"] == n + 1


def _siga_majene(path, bulan: str) -> None:
    """A SIGA PUS export of every desa of Majene (names only, as SIGA writes them)."""
    tabel = _desa_majene().iloc[:-2]
    isi = "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PUS;UNMET NEED;BULAN\n" + "".join(
        f"{i};{r.prov};{r.kab};{r.kec};{r.desa};{100 + i};{i % 7};{bulan}\n"
        for i, r in enumerate(tabel.itertuples())
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(isi, encoding="utf-8")


def test_ingest_bulan_berikutnya_tidak_mencocokkan_lagi(tmp_path, hitungan):
    raw = tmp_path / "raw"
    for ke, bulan in enumerate(["JANUARI", "FEBRUARI"], start=1):
        path = tmp_path / f"kirim{ke}" / "data_pus.csv"
        _siga_majene(path, bulan)
        lupakan_cocok()  # each ingest is its own process
        args = ["ingest", str(path), "--raw", str(raw), "--tahun", "2025", "--bulan", str(ke)]
        hasil = CliRunner().invoke(app, args)
        assert hasil.exit_code == 0, hasil.output
    assert hitungan["kali"] == 1
    assert len(list((raw / ".cache" / "hasil" / FOLDER).glob("*.parquet"))) == 1
