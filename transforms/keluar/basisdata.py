"""``indikator.duckdb``: a ready DuckDB file in each generation, views over its Parquet.

The file holds no data, only VIEWs (and their comments), so it is small and written in the
staging folder with the rest of the generation; readers open it read-only through the stable
path ``OUT/indikator.duckdb`` → ``terkini/indikator.duckdb``. A view finds its Parquet files
relative to the database file itself: DuckDB's default ``temp_directory`` is
``<database file>.tmp`` with links resolved, so ``parse_dirpath(current_setting(
'temp_directory'))`` is the generation folder, whatever the working directory of the reader
and however the file was reached (``OUT/indikator.duckdb``, ``terkini/…``, a copy of the
output folder elsewhere). A client that sets its own ``temp_directory`` sets the folder with
``SET VARIABLE indikator_folder = '<generation folder>'``.

Views: every table of the generation (``indikator``, ``komponen``, ``karantina``, the
dimensions, …), ``indikator_tahunan`` (annual rows), ``indikator_terakhir`` (the latest annual
value per indicator and region) and ``lebar_<kelompok>`` (one row per region and year, one
column per indicator of the group). Every view and column carries a ``COMMENT`` from
``catalog/kolom.yaml`` and the registry.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import duckdb

from schemas.model import Katalog

BERKAS_DUCKDB = "indikator.duckdb"
FOLDER = (
    "coalesce(getvariable('indikator_folder'), parse_dirpath(current_setting('temp_directory')))"
)
KOMPATIBEL = "v1.1.0"  # storage readable by DuckDB 1.1 and later (getvariable needs 1.1)
KETERANGAN_TABEL = {
    "indikator": "Tabel fakta: nilai indikator per wilayah dan periode (semua tahun generasi).",
    "komponen": "Nilai komponen per wilayah dan periode, dengan berkas asal dan nomor baris.",
    "karantina": "Baris yang ditolak atau diberi peringatan, dengan alasan dan tindakan.",
    "penggantian": "Setiap nilai komponen yang diganti (presedensi, koreksi, tingkat).",
    "dim_wilayah": "Dimensi wilayah: semua wilayah master Kemendagri, dengan hierarki "
    "provinsi > kabupaten > kecamatan > desa.",
    "dim_periode": "Dimensi periode: satu baris per periode yang ada di data, label Bahasa "
    "dan kunci urut.",
    "dim_indikator": "Dimensi indikator: registri (judul, definisi, rumus, satuan, arah, "
    "sumber, wali data, dasar hukum target).",
}


def _teks(nilai: object) -> str:
    """A SQL string literal."""
    return "'" + str(nilai).replace("'", "''") + "'"


def _nama_kolom(kode: str) -> str:
    """An indicator code as a column name of a wide view: ``spm.02`` → ``spm_02``."""
    return kode.replace(".", "_").replace("-", "_")


def _baca(tabel: str) -> str:
    return f"read_parquet({FOLDER} || '/{tabel}/**/*.parquet', union_by_name = true)"


def _sql_lebar(kode_list: list[str]) -> str:
    kolom = ",\n  ".join(
        f"max(nilai) FILTER (WHERE kode_indikator = {_teks(k)}) AS {_nama_kolom(k)}"
        for k in kode_list
    )
    return (
        "SELECT kode_wilayah, nama_wilayah, tingkat, tahun,\n  "
        f"{kolom}\nFROM indikator WHERE jenis_periode = 'tahunan'\n"
        "GROUP BY kode_wilayah, nama_wilayah, tingkat, tahun"
    )


def rancang_view(tabel_ada: list[str], katalog: Katalog) -> list[tuple[str, str, str, dict]]:
    """Every view: (name, SQL, comment, column → comment)."""
    views = []
    for tabel in tabel_ada:
        komentar = {k: v["deskripsi"] for k, v in katalog.kolom.get(tabel, {}).items()}
        ket = KETERANGAN_TABEL.get(tabel, f"Tabel {tabel} generasi ini.")
        views.append((tabel, f"SELECT * FROM {_baca(tabel)}", ket, komentar))
    if "indikator" not in tabel_ada:
        return views
    fakta = {k: v["deskripsi"] for k, v in katalog.kolom["indikator"].items()}
    views.append(
        (
            "indikator_tahunan",
            "SELECT * FROM indikator WHERE jenis_periode = 'tahunan'",
            "Baris tahunan tabel indikator (jenis_periode = 'tahunan').",
            fakta,
        )
    )
    views.append(
        (
            "indikator_terakhir",
            "SELECT * FROM indikator WHERE jenis_periode = 'tahunan' AND nilai IS NOT NULL "
            "QUALIFY row_number() OVER (PARTITION BY kode_indikator, kode_wilayah "
            "ORDER BY tahun DESC) = 1",
            "Nilai tahunan terakhir yang ada (nilai tidak kosong) per indikator dan wilayah.",
            fakta,
        )
    )
    views += _view_lebar(katalog, fakta)
    return views


def _view_lebar(katalog: Katalog, fakta: dict[str, str]) -> list[tuple[str, str, str, dict]]:
    kelompok: dict[str, list[str]] = {}
    for kode in katalog.indikator:
        kelompok.setdefault(kode.split(".")[0], []).append(kode)
    views = []
    for nama, kode_list in kelompok.items():
        komentar = {k: fakta[k] for k in ("kode_wilayah", "nama_wilayah", "tingkat", "tahun")}
        for k in kode_list:
            ind = katalog.indikator[k]
            komentar[_nama_kolom(k)] = f"{k} — {ind.judul} ({ind.satuan}, arah {ind.arah})"
        views.append(
            (
                f"lebar_{_nama_kolom(nama)}",
                _sql_lebar(kode_list),
                f"Nilai tahunan indikator kelompok {nama}: satu baris per wilayah dan tahun, "
                "satu kolom per indikator (kolom kosong bila belum ada data).",
                komentar,
            )
        )
    return views


_GALAT_DISK = (
    ("No space left", errno.ENOSPC),
    ("Disk quota", errno.ENOSPC),
    ("Permission denied", errno.EACCES),
    ("Read-only file system", errno.EROFS),
)


def _sebagai_galat_os(exc: Exception, path: Path) -> Exception:
    """A DuckDB error that is really a disk error (full, no permission) as that OSError, so
    the run reports it like any other disk error; other errors unchanged."""
    for teks, kode in _GALAT_DISK:
        if teks in str(exc):
            return OSError(kode, os.strerror(kode), str(path))
    return exc


def tulis_duckdb(generasi: Path, tabel_ada: list[str], katalog: Katalog) -> Path:
    """Write ``generasi/indikator.duckdb`` with every view and comment; return its path.

    ``tabel_ada``: the tables of the generation that have Parquet files in it.

    Raises:
        OSError: the disk is full or not writable (DuckDB's own error, translated).
    """
    path = generasi / BERKAS_DUCKDB
    try:
        _tulis(path, tabel_ada, katalog)
    except duckdb.Error as exc:
        galat = _sebagai_galat_os(exc, path)
        if galat is exc:
            raise
        raise galat from exc
    return path


def _tulis(path: Path, tabel_ada: list[str], katalog: Katalog) -> None:
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path), config={"storage_compatibility_version": KOMPATIBEL})
    try:
        con.execute("BEGIN TRANSACTION")  # one commit: hundreds of comments in one write
        for nama, sql, ket, komentar in rancang_view(tabel_ada, katalog):
            con.execute(f"CREATE VIEW {nama} AS {sql}")
            con.execute(f"COMMENT ON VIEW {nama} IS {_teks(ket)}")
            kolom = [r[0] for r in con.execute(f"DESCRIBE {nama}").fetchall()]
            for k in kolom:
                teks = komentar.get(k) or f"Kolom {k}."
                con.execute(f'COMMENT ON COLUMN {nama}."{k}" IS {_teks(teks)}')
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()
