"""Small generations for the publication tests: contract-valid tables, the documented readers,
and a publisher / reader process (``python tests/bantu_generasi.py terbit|baca ...``).

Every row carries the run that wrote it (``id_run``; ``berkas`` = ``<id_run>.csv`` in
``komponen``, which has no ``id_run``), so a reader can tell which generation each year of each
table came from.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script by the subprocess tests
    sys.path.insert(0, str(ROOT))

from schemas.katalog import muat_katalog  # noqa: E402
from schemas.kontrak import kolom  # noqa: E402
from transforms.hitung.periode import tambah_periode  # noqa: E402
from transforms.keluar import generasi  # noqa: E402
from transforms.keluar.kunci import kunci_keluaran  # noqa: E402
from transforms.keluar.penunjuk import cari_folder_terbit  # noqa: E402

TAHUN = (2024, 2025)
INDIKATOR = ("spm.02", "spm.03")
WILAYAH = (
    ("33", "provinsi"),
    ("33.06", "kabupaten"),
    ("33.06.01", "kecamatan"),
    ("33.06.01.2001", "desa"),
    ("33.06.01.2002", "desa"),
)
_BAWAAN = {"string": "uji", "int": 1, "double": 1.0, "bool": False}


def _isi(tabel: str, rows: list[dict]) -> pd.DataFrame:
    """Rows completed with a valid value (or empty) for every other column of the contract."""
    spec = kolom(tabel)
    lengkap = [
        {c: r.get(c, None if s["nullable"] else _BAWAAN[s["tipe"]]) for c, s in spec.items()}
        for r in rows
    ]
    return pd.DataFrame(lengkap, columns=list(spec))


def buat_tabel(
    id_run: str,
    tahun: tuple[int, ...] = TAHUN,
    indikator: tuple[str, ...] = INDIKATOR,
    wilayah: tuple[tuple[str, str], ...] = WILAYAH,
    bulan: tuple[int | None, ...] = (None, 1, 2),
) -> dict[str, pd.DataFrame]:
    """The three tables of a run: indicators per year x indicator x region x month."""
    ind = [
        {
            "kode_indikator": k,
            "kode_wilayah": w,
            "tingkat": t,
            "tahun": th,
            "bulan": b,
            "satuan": "persen",
            "id_run": id_run,
        }
        for th in tahun
        for k in indikator
        for w, t in wilayah
        for b in bulan
    ]
    kom = [
        {"kode_wilayah": w, "tahun": th, "komponen": "pus", "berkas": f"{id_run}.csv", "baris": 2}
        for th in tahun
        for w, t in wilayah
        if t == "desa"
    ]
    kar = [
        {"berkas": f"{id_run}.csv", "aturan": "uji", "tingkat_masalah": "peringatan"}
        | {"tahun": th, "id_run": id_run}
        for th in tahun
    ]
    return {
        "indikator": tambah_periode(_isi("indikator", ind)),
        "komponen": _isi("komponen", kom),
        "karantina": _isi("karantina", kar),
    }


def terbitkan_uji(
    out: Path, id_run: str, tahun_baru: tuple[int, ...] = TAHUN, simpan: int = 5, **kw
) -> Path:
    """Publish a small generation under the lock, as a run does."""
    tables = buat_tabel(id_run, tahun_baru, **kw)
    with kunci_keluaran(out, id_run, tunggu=None):
        isi = generasi.IsiGenerasi(
            id_run,
            tables,
            list(tahun_baru),
            cari_folder_terbit(out),
            {"id_run": id_run},
            muat_katalog(),
            simpan,
        )
        return generasi.terbitkan_generasi(out, isi)


def _id_per_tahun(frame: pd.DataFrame, kolom_id: str) -> dict[str, list[str]]:
    ids = frame.groupby("tahun")[kolom_id].unique()
    return {str(int(t)): sorted(str(v).removesuffix(".csv") for v in ids[t]) for t in ids.index}


def baca_sidik(out: Path, pembaca: str = "pandas") -> dict[str, dict[str, list[str]] | str]:
    """What one reader sees through the documented paths: per table and year the runs that
    wrote the rows, and the manifest's run. ``pinned`` follows the pointer once."""
    import duckdb
    import pyarrow.dataset as ds

    if pembaca == "pinned":
        out = out / "generasi" / (out / "terkini.txt").read_text(encoding="utf-8").strip()
    sidik: dict[str, dict[str, list[str]] | str] = {}
    tabel_kolom = (("indikator", "id_run"), ("komponen", "berkas"), ("karantina", "id_run"))
    if pembaca == "duckdb":
        con = duckdb.connect()
        for tabel, kol in tabel_kolom:
            q = f"SELECT tahun, {kol} FROM read_parquet('{out}/{tabel}/**/*.parquet')"
            sidik[tabel] = _id_per_tahun(con.execute(q).df(), kol)
        con.close()
    elif pembaca == "berkas_duckdb":  # the views of OUT/indikator.duckdb
        con = duckdb.connect(str(out / "indikator.duckdb"), read_only=True)
        for tabel, kol in tabel_kolom:
            sidik[tabel] = _id_per_tahun(con.sql(f"SELECT tahun, {kol} FROM {tabel}").df(), kol)
        con.close()
    elif pembaca == "pyarrow":
        for tabel, kol in tabel_kolom:
            t = ds.dataset(out / tabel).to_table(columns=["tahun", kol]).to_pandas()
            sidik[tabel] = _id_per_tahun(t, kol)
    else:
        for tabel, kol in tabel_kolom:
            sidik[tabel] = _id_per_tahun(pd.read_parquet(out / tabel, columns=["tahun", kol]), kol)
    sidik["manifest"] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["id_run"]
    return sidik


def harapan(per_tahun: dict[int, str], id_generasi: str) -> dict:
    """The fingerprint of a generation whose year ``t`` was written by run ``per_tahun[t]``."""
    tahun = {str(t): [i] for t, i in per_tahun.items()}
    return {"indikator": tahun, "komponen": tahun, "karantina": tahun, "manifest": id_generasi}


PUS_HEADER = "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PUS;UNMET NEED;BULAN\n"
PUS_BARIS = (
    "0;JAWA TENGAH;PURWOREJO;GRABAG;GRABAG;500;50;JANUARI\n"
    "1;JAWA TENGAH;PURWOREJO;GRABAG;KALIREJO;400;40;JANUARI\n"
)


def buat_raw_kecil(folder: Path) -> Path:
    """``folder/raw``: a raw store with one small SIGA PUS export of 2025 (two desa)."""
    from transforms.terima.terima import terima_berkas

    src = folder / "kirim" / "data_pus.csv"
    src.parent.mkdir(parents=True)
    src.write_text(PUS_HEADER + PUS_BARIS, encoding="utf-8")
    terima_berkas(src, folder / "raw", muat_katalog(), 2025)
    return folder / "raw"


def tolak_semua(monkeypatch) -> None:
    """Every file of a run is rejected (as an unreadable file would be)."""
    import transforms.langkah.proses as proses_mod
    from transforms.langkah import bawa_provinsi

    def rusak(*args, **kwargs):
        raise KeyError("kolom hilang di tengah jalan")

    monkeypatch.setattr(proses_mod, "ubah_ke_komponen", rusak)
    # an earlier run's cached result would be used as is: this run processes every file
    monkeypatch.setattr(proses_mod, "baca_simpanan", lambda *args: None)
    # as a change of code would: no year nor province is carried over as unchanged (their
    # fingerprints differ)
    monkeypatch.setattr(bawa_provinsi, "hitung_sidik_kode", lambda: "kode yang menolak")


def _mati_setelah(langkah: str, kode: int) -> None:
    """Make ``generasi.<langkah>`` end the process right after it ran (as a kill would)."""
    asli = getattr(generasi, langkah)

    def lalu_mati(*args, **kwargs):
        hasil = asli(*args, **kwargs)
        sys.stdout.flush()
        os._exit(kode)
        return hasil

    setattr(generasi, langkah, lalu_mati)


def _mati_di_tengah(ke: int, kode: int) -> None:
    """End the process after the ``ke``-th Parquet file of a generation (inside a step)."""
    from transforms.keluar import parquet

    asli, asli_tutup, hitung = parquet.tulis_parquet, parquet.PenulisParquet.tutup, [0]

    def satu_lagi() -> None:
        hitung[0] += 1
        if hitung[0] >= ke:
            os._exit(kode)

    def tulis_lalu_mati(table, path):
        asli(table, path)
        satu_lagi()

    def tutup_lalu_mati(penulis):  # the tables' files (a year's provinces), slice by slice
        selesai = penulis._fh.closed
        asli_tutup(penulis)
        if not selesai:
            satu_lagi()

    parquet.tulis_parquet = tulis_lalu_mati
    parquet.PenulisParquet.tutup = tutup_lalu_mati


def _utama_terbit(a: argparse.Namespace) -> None:
    if a.mati_setelah:
        _mati_setelah(a.mati_setelah, 137)
    if a.mati_di_tengah:
        _mati_di_tengah(a.mati_di_tengah, 137)
    tahun = tuple(int(t) for t in a.tahun.split(","))
    for i in range(a.ulang):
        id_run = a.id if a.ulang == 1 else f"{a.id}-{i:02d}"
        terbitkan_uji(Path(a.out), id_run, tahun, a.simpan)
        print(json.dumps({"terbit": id_run}), flush=True)


def _utama_baca(a: argparse.Namespace) -> None:
    """Read in a loop until the stop file appears (or ``detik`` pass); one JSON line per read."""
    out, akhir = Path(a.out), time.monotonic() + a.detik
    pembaca = ("pandas", "duckdb", "pyarrow", "pinned", "berkas_duckdb")
    i = 0
    while time.monotonic() < akhir and not (out / ".berhenti-baca").exists():
        nama = pembaca[i % len(pembaca)]
        i += 1
        try:
            print(json.dumps({"pembaca": nama, "sidik": baca_sidik(out, nama)}), flush=True)
        except Exception as exc:  # every error is a finding of the test
            galat = f"{type(exc).__name__}: {exc}"
            print(json.dumps({"pembaca": nama, "galat": galat}), flush=True)


def main() -> None:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="perintah", required=True)
    t = sub.add_parser("terbit")
    t.add_argument("out")
    t.add_argument("id")
    t.add_argument("--tahun", default="2024,2025")
    t.add_argument("--simpan", type=int, default=5)
    t.add_argument("--ulang", type=int, default=1)
    t.add_argument("--mati-setelah", default=None)
    t.add_argument("--mati-di-tengah", type=int, default=0)
    b = sub.add_parser("baca")
    b.add_argument("out")
    b.add_argument("--detik", type=float, default=60)
    a = p.parse_args()
    _utama_terbit(a) if a.perintah == "terbit" else _utama_baca(a)


if __name__ == "__main__":
    main()
