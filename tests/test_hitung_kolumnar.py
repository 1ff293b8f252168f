"""The columnar compute pieces give exactly what the per-row / per-pair versions gave.

Target notes written once per kind of row (not per row), source ids joined through bit masks
(not per distinct pair), and lean provenance columns in the components table (the published
Parquet does not change).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from schemas.katalog import muat_katalog
from schemas.kontrak import buat_skema_arrow, ubah_ke_arrow
from transforms.hitung.catatan_target import (
    TANPA_NILAI,
    TANPA_TARGET,
    _catatan,
    _daftar,
    buat_catatan_target,
)
from transforms.hitung.rollup import (
    KUNCI,
    _gabung_sumber_lambat,
    _jumlahkan,
    gabung_sumber,
    hitung_rollup,
)
from transforms.keluar.parquet import BERKAS, tulis_tabel
from transforms.komponen.ramping import KOLOM_BERULANG, buat_ramping
from transforms.wilayah.master import muat_master


def _target_dengan_daerah() -> pd.DataFrame:
    """The catalog's targets plus a region's own: a value target for one kabupaten (2020 and
    2030), a count target for another, a target for a region of an indicator without any."""
    katalog = muat_katalog()
    daerah = pd.DataFrame(
        {
            "kode_indikator": ["spm.02", "spm.02", "siga.mkjp", "pasti.catin.01"],
            "kode_wilayah": ["33.06", "33.06", "76.01", "76.01.01"],
            "tahun": [2020, 2030, 2022, 2026],
            "target": [72.5, 80.0, 1500.0, 60.0],
            "berlaku_untuk": ["nilai", "nilai", "pembilang", "nilai"],
            "dasar_hukum": ["Perbup uji 1/2020", "", "RPJMD uji", None],
        }
    )
    return pd.concat([katalog.target, daerah], ignore_index=True)


def _baris_nyata() -> pd.DataFrame:
    """Every indicator × real regions (a whole kabupaten tree of the master, the regions with
    targets of their own, a missing code) × years before, between and after the targets."""
    frame = muat_master("2025").frame
    kode = frame.loc[frame["kode_wilayah"].str.startswith("76.01"), "kode_wilayah"].tolist()
    wilayah = [*kode[:40], "76.01", "76.01.01", "33.06", "76", None]
    kombinasi = itertools.product(muat_katalog().indikator, wilayah, range(2014, 2032, 3))
    rows = pd.DataFrame(list(kombinasi), columns=["kode_indikator", "kode_wilayah", "tahun"])
    acak = np.random.default_rng(13)
    target = np.where(acak.random(len(rows)) < 0.2, 50.0, np.nan)
    nilai = np.where(acak.random(len(rows)) < 0.2, np.nan, 10.0)
    return rows.assign(target=target, nilai=nilai)


def _catatan_per_baris(rows: pd.DataFrame, target: pd.DataFrame) -> list:
    """The note as the per-row version wrote it, row by row."""
    daftar = _daftar(target)
    out = []
    for r in rows.itertuples(index=False):
        if pd.isna(r.target):
            out.append(_catatan(daftar, r.kode_indikator, str(r.kode_wilayah), int(r.tahun)))
        else:
            out.append(TANPA_NILAI if pd.isna(r.nilai) else None)
    return out


def test_target_note_once_per_kind_equals_the_per_row_note():
    target = _target_dengan_daerah()
    rows = _baris_nyata()
    rows.index = rows.index * 2 + 7  # not a RangeIndex: the notes follow the rows' labels
    baru = buat_catatan_target(rows, target)
    lama = _catatan_per_baris(rows, target)
    assert isinstance(baru.dtype, pd.CategoricalDtype) and baru.index.equals(rows.index)
    assert baru.astype(object).where(baru.notna(), None).tolist() == lama
    teks = set(baru.dropna())
    # every situation occurs: own target before/after, national only, count only, none
    assert TANPA_TARGET in teks and TANPA_NILAI in teks
    assert any("target terakhir 2020: 72,5 (Perbup uji 1/2020)" in t for t in teks)
    assert any(
        t.endswith("target berikutnya 2015: 65 (Perbup Purworejo 32/2013, Lampiran I dan II A.2)")
        for t in teks
    )
    assert any("target terakhir 2022: 1.500 (jumlah absolut) (RPJMD uji)" in t for t in teks)
    assert any(t.startswith("tidak ada target untuk wilayah ini; target nasional") for t in teks)
    assert any(t.endswith("target terakhir 2026: 60") for t in teks)  # no legal basis


def test_target_note_of_rows_that_all_have_a_target():
    rows = pd.DataFrame(
        {
            "kode_indikator": ["spm.02"] * 2,
            "kode_wilayah": ["33.06", "33"],
            "tahun": [2015, 2015],
            "target": [65.0, 65.0],
            "nilai": [70.0, np.nan],
        }
    )
    catatan = buat_catatan_target(rows, muat_katalog().target)
    assert catatan.astype(object).where(catatan.notna(), None).tolist() == [None, TANPA_NILAI]


def _sumber_frame() -> pd.DataFrame:
    """Rows of several keys with one, several, repeated and comma-joined sources."""
    acak = np.random.default_rng(7)
    n = 4000
    sumber = np.array(["siga.pus", "siga.mix_kontra", "b,a", "a", "", "siga.pus,z"])
    desa = [f"76.01.{k:02d}.{2000 + d}" for k in range(1, 11) for d in range(1, 31)]
    return pd.DataFrame(
        {
            "kode_wilayah": acak.choice(["76", "76.01", "76.01.01", "33.06", *desa], n),
            "tahun": 2025,
            "bulan": pd.array(acak.choice([1, 2, None], n), dtype="Int64"),
            "semester": pd.array([pd.NA] * n, dtype="Int64"),
            "komponen": acak.choice(["pus", "unmet_need", "kb_aktif_pil"], n),
            "nilai": acak.integers(0, 50, n).astype("float64"),
            "sumber": pd.array(acak.choice(sumber, n), dtype="str"),
        }
    )


def _urut(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    out = frame[[*keys, "sumber"]].astype({"sumber": str})
    return out.sort_values(keys, na_position="first").reset_index(drop=True)


@pytest.mark.parametrize("keys", [KUNCI, ["kode_wilayah", "tahun"], ["komponen"]])
def test_source_ids_by_bit_mask_equal_the_pairwise_join(keys):
    frame = _sumber_frame()
    baru, lama = gabung_sumber(frame, keys), _gabung_sumber_lambat(frame, keys)
    assert not baru.duplicated(keys).any()
    pd.testing.assert_frame_equal(_urut(baru, keys), _urut(lama, keys), check_dtype=False)
    assert all(t.split(",") == sorted(set(t.split(","))) for t in baru["sumber"])


def test_missing_source_takes_the_pairwise_join():
    frame = _sumber_frame().head(50)
    frame.loc[frame.index[:3], "sumber"] = None
    baru = gabung_sumber(frame, KUNCI)
    pd.testing.assert_frame_equal(
        baru.reset_index(drop=True), _gabung_sumber_lambat(frame, KUNCI).reset_index(drop=True)
    )
    jumlah = _jumlahkan(frame)
    assert len(jumlah) == len(baru) and jumlah["nilai"].sum() == frame["nilai"].sum()


def test_rollup_sums_and_sources_unchanged_by_masks():
    frame = _sumber_frame()
    frame = frame[frame["kode_wilayah"].str.len() == 13]  # desa only: every one is summed
    tree = hitung_rollup(frame)
    prov = tree[(tree["kode_wilayah"] == "76") & (tree["komponen"] == "pus")]
    anak = frame[frame["kode_wilayah"].str.startswith("76.") & (frame["komponen"] == "pus")]
    assert prov["nilai"].sum() == anak["nilai"].sum()
    bulan_1 = prov[prov["bulan"] == 1]["sumber"].iloc[0]
    atom = anak[anak["bulan"] == 1]["sumber"].str.split(",").explode()
    assert bulan_1 == ",".join(sorted(set(atom)))


def test_lean_components_publish_the_same_parquet():
    frame = _sumber_frame().head(200)
    komponen = frame.assign(
        berkas="siga.pus/2025-01/data_pus.csv",
        lembar=None,
        sha256="ab" * 32,
        baris=range(2, 202),
        id_run_ubah="20250101T000000Z-abcdef",
    ).astype({"tahun": "Int64"})
    ramping = buat_ramping(komponen, KOLOM_BERULANG)
    kategori = [k for k in KOLOM_BERULANG if isinstance(ramping[k].dtype, pd.CategoricalDtype)]
    assert kategori == ["berkas", "sha256", "id_run_ubah"]  # a wholly empty column stays
    assert komponen["berkas"].dtype == "str"  # the input is not changed
    lama, baru = ubah_ke_arrow(komponen, "komponen"), ubah_ke_arrow(ramping, "komponen")
    assert baru.schema.equals(lama.schema, check_metadata=True)
    assert baru.equals(lama)
    assert ramping.memory_usage(deep=True).sum() < komponen.memory_usage(deep=True).sum()


def test_one_year_table_written_whole_and_rows_without_year_left_out(tmp_path):
    frame = (
        _sumber_frame()
        .head(30)
        .assign(berkas="a.csv", lembar=None, sha256="ab" * 32, baris=range(2, 32), id_run_ubah="r")
    )
    frame = buat_ramping(frame.astype({"tahun": "Int64"}), KOLOM_BERULANG)
    assert tulis_tabel(tmp_path / "k", "komponen", frame, [2025]) == {2025: 30}
    ditulis = pq.read_table(tmp_path / "k" / "2025" / "76.parquet")
    assert ditulis.equals(ubah_ke_arrow(frame, "komponen"))
    frame.loc[frame.index[:4], "tahun"] = pd.NA
    assert tulis_tabel(tmp_path / "k2", "komponen", frame, [2025]) == {2025: 26}


def test_rollup_menjaga_tipe_kolom_dan_menjumlah_benar():
    """Desa rows of one kecamatan in two months (and a kecamatan recap elsewhere): the rolled-up
    table keeps numeric and text dtypes (an empty frame in a concat made every column object,
    3.8× the memory and slow group-bys) and the sums are the desa sums."""
    desa = ["76.01.01.2001", "76.01.01.2002", "76.01.01.2003"]
    komponen = pd.DataFrame(
        {
            "kode_wilayah": desa * 2 + ["76.01.02"],
            "tahun": 2025,
            "bulan": pd.array([1, 1, 1, 2, 2, 2, 1], dtype="Int64"),
            "semester": pd.array([pd.NA] * 7, dtype="Int64"),
            "komponen": "pus",
            "nilai": [10.0, 20.0, 30.0, 11.0, 21.0, 31.0, 500.0],
            "sumber": "siga.pus",
        }
    )
    hasil = hitung_rollup(komponen)
    assert not [c for c in hasil.columns if hasil[c].dtype == object], hasil.dtypes
    assert hasil["nilai"].dtype == "float64"
    nilai = hasil.set_index(["kode_wilayah", "bulan"])["nilai"]
    assert nilai[("76.01.01", 1)] == 60.0 and nilai[("76.01.01", 2)] == 63.0
    assert nilai[("76.01", 1)] == 560.0 and nilai[("76.01", 2)] == 63.0
    assert nilai[("76", 1)] == 560.0


_KODE_304 = sorted(set(_sumber_frame()["kode_wilayah"]))


def test_tabel_ditulis_per_potongan_sama_dengan_sekaligus(tmp_path, monkeypatch):
    """Slices of 7 rows (the size is a setting of the module): the same values, schema and
    pandas metadata as one conversion of the whole frame, one row group per slice; a row
    breaking the contract in a later slice is named by its position in the whole frame."""
    import transforms.keluar.parquet as parquet

    frame = (
        _sumber_frame()
        .head(30)
        .assign(berkas="a.csv", lembar=None, sha256="ab" * 32, baris=range(2, 32), id_run_ubah="r")
    )
    kategori = (*KOLOM_BERULANG, "kode_wilayah", "komponen")  # codes: 30 of 304 in use
    frame = buat_ramping(frame.astype({"tahun": "Int64"}), kategori)
    frame = frame.assign(kode_wilayah=frame["kode_wilayah"].cat.set_categories(_KODE_304))
    frame.index = frame.index + 1000  # positions, not labels, name the rows
    monkeypatch.setattr(parquet, "POTONGAN", 7)
    assert tulis_tabel(tmp_path / "k", "komponen", frame, [2025]) == {2025: 30}
    berkas = pq.ParquetFile(tmp_path / "k" / "2025" / "76.parquet")  # one province
    assert berkas.metadata.num_row_groups == 5
    utuh = ubah_ke_arrow(frame.reset_index(drop=True), "komponen")
    assert berkas.read().equals(utuh)
    assert berkas.schema_arrow.equals(utuh.schema, check_metadata=True)
    # written from dictionaries, stored as a file written from text is: the same key-value
    # metadata (ARROW:schema with the contract's text types and descriptions, pandas) and
    # row-group statistics of the values each slice holds
    assert [f.metadata for f in berkas.schema_arrow] == [f.metadata for f in utuh.schema]
    teks = tmp_path / "teks.parquet"
    with pq.ParquetWriter(teks, utuh.schema, compression="zstd") as penulis:
        for awal in range(0, len(frame), 7):
            penulis.write_table(utuh.slice(awal, 7))
    acuan = pq.ParquetFile(teks).metadata
    assert berkas.metadata.metadata == acuan.metadata
    for g in range(5):
        for k in range(acuan.num_columns):
            a, b = berkas.metadata.row_group(g).column(k), acuan.row_group(g).column(k)
            assert a.statistics == b.statistics, (g, a.path_in_schema)
            # a dictionary page of the values the slice uses, not of every category
            assert a.total_uncompressed_size == b.total_uncompressed_size, (g, a.path_in_schema)
    rusak = frame.copy()
    rusak.loc[rusak.index[23], "nilai"] = -5.0  # min 0 in the contract
    with pytest.raises(Exception) as info:
        tulis_tabel(tmp_path / "k3", "komponen", rusak, [2025])
    gagal = info.value.failure_cases
    assert gagal["index"].tolist() == [23] and gagal["failure_case"].tolist() == [-5.0]
    # a schema without pandas metadata is stored as pyarrow stores it (no empty metadata block)
    polos = buat_skema_arrow("komponen")
    pq.write_table(polos.empty_table(), tmp_path / "polos.parquet")
    disimpan = pq.ParquetFile(tmp_path / "polos.parquet").metadata.metadata
    assert parquet._skema_tersimpan("komponen", None) == disimpan
    kosong = frame.iloc[:0]
    assert tulis_tabel(tmp_path / "k4", "komponen", kosong, [2025]) == {2025: 0}
    assert pq.read_table(tmp_path / "k4" / "2025" / BERKAS).schema.equals(utuh.schema)


def _berkas_acak(acak: np.random.Generator, n_berkas: int) -> list[pd.DataFrame]:
    """Component rows of ``n_berkas`` files: few regions, components and months (keys shared
    between files), row numbers out of order, repeated and missing."""
    frames = []
    for i in range(n_berkas):
        n = int(acak.integers(0, 40))
        baris = pd.array(acak.integers(2, 30, n), dtype="Int64")
        baris[acak.random(n) < 0.1] = pd.NA
        frames.append(
            pd.DataFrame(
                {
                    "kode_wilayah": acak.choice(["76.01.01.2001", "76.01.01.2002", "76.01"], n),
                    "tahun": 2025,
                    "bulan": pd.array(acak.integers(1, 3, n), dtype="Int64"),
                    "semester": pd.array([pd.NA] * n, dtype="Int64"),
                    "komponen": acak.choice(["pus", "kb_aktif"], n),
                    "nilai": acak.integers(0, 9, n).astype(float),
                    "sumber": f"s{i % 2}",
                    "berkas": f"b{i}.csv",
                    "baris": baris,
                }
            )
        )
    return frames


@pytest.mark.parametrize("benih", range(12))
def test_tumpukan_dan_kunci_bersama_sama_dengan_cara_lama(benih):
    """Files put in order and rows sorted per file give the rows of one stable sort of the
    whole stack; the integer overlap check agrees with the per-pair ``duplicated``."""
    from transforms.hitung.presedensi import _ada_kunci_bersama
    from transforms.komponen.asal import HasilBerkas
    from transforms.langkah.hitung import tumpuk_komponen

    acak = np.random.default_rng(benih)
    frames = _berkas_acak(acak, int(acak.integers(1, 6)))
    diterima = [str(acak.choice(["2026-01-01", "2026-01-02", "2026-01-03"])) for _ in frames]
    hasil = [HasilBerkas(f, pd.DataFrame()) for f in frames]
    baru = tumpuk_komponen(hasil, diterima)
    ada = [f.assign(_urut=i) for i, f in enumerate(frames) if len(f)]
    if not ada:
        assert baru.empty
        return
    lama = pd.concat(ada, ignore_index=True)
    lama = lama.assign(lembar=None, _diterima=lama["_urut"].map(dict(enumerate(diterima))))
    lama = lama.sort_values(["_diterima", "_urut", "baris"])
    kolom_ = list(lama.columns)
    # a file's position and arrival are an int32 and a category (not a text per row)
    assert baru["_urut"].dtype == np.int32 and baru["_diterima"].dtype == "category"
    baru = baru.assign(_diterima=baru["_diterima"].astype("str"))
    pd.testing.assert_frame_equal(
        baru[kolom_].reset_index(drop=True), lama.reset_index(drop=True), check_dtype=False
    )
    pasangan = lama[[*KUNCI, "_urut"]].drop_duplicates()
    assert _ada_kunci_bersama(lama) == bool(pasangan.duplicated(KUNCI, keep=False).any())


def test_kategori_disamakan_sebelum_digabung():
    """Files whose provenance categories differ (and one holding it as text) stack into one
    categorical column with the same values as stacking the texts."""
    from transforms.komponen.ramping import samakan_kategori

    a = buat_ramping(pd.DataFrame({"berkas": ["a.csv"] * 3, "nilai": [1.0, 2.0, 3.0]}))
    b = buat_ramping(pd.DataFrame({"berkas": ["b.xlsx", None], "nilai": [4.0, 5.0]}))
    c = pd.DataFrame({"berkas": ["c.csv"], "nilai": [6.0]})
    tumpuk = pd.concat(samakan_kategori([a, b, c]), ignore_index=True)
    assert isinstance(tumpuk["berkas"].dtype, pd.CategoricalDtype)
    assert tumpuk["berkas"].astype(object).where(tumpuk["berkas"].notna(), None).tolist() == [
        "a.csv",
        "a.csv",
        "a.csv",
        "b.xlsx",
        None,
        "c.csv",
    ]
    polos = pd.concat([a, b], ignore_index=True)["berkas"]  # the trap: text on every row again
    assert not isinstance(polos.dtype, pd.CategoricalDtype)


@pytest.mark.parametrize(
    "kode",
    [
        # provinces in order: categories in blocks, put end to end
        [["11.01", "11.02", None], ["12.01"], [], ["13.01", "13.02", "13.01"]],
        # a country's files: the same codes, one file missing one, one code twice
        [["11.01", "11.02", "12.01"], ["11.01", "12.01"], ["12.01", "11.02", "11.01", None]],
        # overlapping, out of order: the union from the values
        [["13.01", "11.01"], ["12.01", "11.01"], ["11.02"]],
        # same length, first, middle and last code, different lists (one cheap key), repeated
        [["a", "b", "c", "d", "e"], ["a", "b", "c", "x", "e"], ["e", "d", "c", "b", "a"]] * 2,
        # kabupaten files month after month: each list again and again, interleaved
        [[f"33.{k:02d}.01", f"33.{k:02d}.02"] for _ in range(3) for k in range(1, 8)],
    ],
)
def test_kategori_disamakan_tanpa_hash(kode):
    """Region codes stacked through their categories (blocks end to end, shared lists taken
    once) give the categories and values that stacking the texts gives: the sorted union
    (computed here with Python's own set and sort) and every row's text in order; a frame
    without the column keeps it out."""
    from transforms.komponen.ramping import samakan_kategori

    frames = [
        buat_ramping(pd.DataFrame({"kode_wilayah": pd.Series(k, dtype="str")}), ["kode_wilayah"])
        for k in kode
    ]
    frames = [f if len(f) else f.astype({"kode_wilayah": "category"}) for f in frames]
    frames.append(pd.DataFrame({"nilai": [1.0]}))
    tumpuk = pd.concat(samakan_kategori(frames), ignore_index=True)["kode_wilayah"]
    semua = [v for k in kode for v in k]
    assert isinstance(tumpuk.dtype, pd.CategoricalDtype)
    assert list(tumpuk.cat.categories) == sorted({v for v in semua if v is not None})
    assert tumpuk.astype(object).where(tumpuk.notna(), None).tolist() == [*semua, None]


@pytest.mark.lambat  # seconds: whole steps over several provinces or runs
def test_kategori_banyak_berkas_dibandingkan_sekali_per_berkas(monkeypatch):
    """A province's year of kabupaten files (35 lists of region codes over 1,260 files, in
    receipt order): each file's categories are compared with the lists of the same cheap key
    only, not with every distinct list seen before (44,000 comparisons before)."""
    from transforms.komponen import ramping

    frames = [
        buat_ramping(
            pd.DataFrame({"kode_wilayah": pd.Series([f"33.{k:02d}.01", f"33.{k:02d}.02"])}),
            ["kode_wilayah"],
        )
        for _ in range(36)
        for k in range(1, 36)
    ]
    banding = []
    asli = pd.Index.equals
    monkeypatch.setattr(pd.Index, "equals", lambda a, b: banding.append(1) or asli(a, b))
    tumpuk = pd.concat(ramping.samakan_kategori(frames), ignore_index=True)["kode_wilayah"]
    assert len(banding) <= 4 * len(frames)  # pandas compares each frame twice in the stacking
    harap = [f"33.{k:02d}.0{d}" for _ in range(36) for k in range(1, 36) for d in (1, 2)]
    assert tumpuk.astype(str).tolist() == harap
    assert list(tumpuk.cat.categories) == sorted(set(harap))


def test_komponen_diperiksa_kontrak_tanpa_menulis_ulang_asal():
    """The chosen components are checked against the contract (a negative value is refused)
    while the categorical provenance columns stay categories."""
    from pandera.errors import SchemaErrors

    from transforms.langkah.hitung import periksa_komponen

    frame = (
        _sumber_frame()
        .head(20)
        .assign(berkas="a.csv", lembar=None, sha256="ab" * 32, baris=range(2, 22), id_run_ubah="r")
    )
    frame = buat_ramping(frame.astype({"tahun": "Int64"}), KOLOM_BERULANG)
    diperiksa = periksa_komponen(frame)
    assert list(diperiksa.columns) == list(frame.columns)
    assert isinstance(diperiksa["sha256"].dtype, pd.CategoricalDtype)
    assert ubah_ke_arrow(diperiksa, "komponen").equals(ubah_ke_arrow(frame, "komponen"))
    rusak = frame.assign(nilai=frame["nilai"].where(frame.index != 7, -1.0))
    with pytest.raises(SchemaErrors):
        periksa_komponen(rusak)


@pytest.mark.parametrize("benih", range(6))
def test_urutan_lonjakan_sama_dengan_sort_teks(benih):
    """The integer-code order of the jump check is the order of one stable sort of the
    texts (ties: two files giving one region and month keep their order)."""
    from transforms.komponen.lonjakan import _urutan

    acak = np.random.default_rng(benih)
    n = 500
    frame = pd.DataFrame(
        {
            "kode_wilayah": acak.choice(["76.01.01.2001", "76.01.01.2002", "76.01", "33.06"], n),
            "komponen": acak.choice(["pus", "kb_aktif", "pa"], n),
            "tahun": pd.array(acak.choice([2024, 2025], n), dtype="Int64"),
            "bulan": pd.array(acak.integers(1, 13, n), dtype="Int64"),
            "nilai": acak.random(n),
        },
        index=acak.permutation(n) + 10,
    )
    lama = frame.sort_values(["kode_wilayah", "komponen", "tahun", "bulan"])
    pd.testing.assert_frame_equal(frame.take(_urutan(frame)[0]), lama)
    # some rows only (the monthly ones): positions into the whole frame, in their sorted order
    baris = np.flatnonzero(acak.random(n) < 0.6)
    lama = frame.iloc[baris].sort_values(["kode_wilayah", "komponen", "tahun", "bulan"])
    urutan, grup = _urutan(frame, baris)
    pd.testing.assert_frame_equal(frame.take(urutan), lama)
    assert (np.diff(grup) != 0).sum() + 1 == len(lama.drop_duplicates(["kode_wilayah", "komponen"]))


def _tanda_teks(urut: pd.DataFrame):
    """The jump and history flags as the text-keyed group-bys computed them."""
    from transforms.komponen import lonjakan as L

    grup = urut.groupby(["kode_wilayah", "komponen"], sort=False, observed=True)["nilai"]
    prev = grup.shift(1)
    naik = (urut["nilai"] > L.RASIO_LONJAKAN * prev) | (urut["nilai"] * L.RASIO_LONJAKAN < prev)
    lonjak = naik & ((urut["nilai"] - prev).abs() >= L.SELISIH_MIN) & prev.notna()
    median = grup.transform("median")
    simpang = (urut["nilai"] - median).abs()
    kunci = [urut["kode_wilayah"], urut["komponen"]]
    mad = simpang.groupby(kunci, observed=True).transform("median")
    z = simpang / (1.4826 * mad.where(mad > 0))
    jauh = (z > L.AMBANG_RIWAYAT) & (grup.transform("size") >= 4) & (simpang >= L.SELISIH_MIN)
    return lonjak, jauh, prev, median


@pytest.mark.parametrize("benih", range(4))
def test_tanda_lonjakan_sama_dengan_groupby_teks(benih):
    """Jumps and values far from a region's history flagged on integer group numbers equal
    the text-keyed group-bys, on random monthly series with jumps, flat series and ties."""
    from transforms.komponen.lonjakan import _tanda, _urutan

    acak = np.random.default_rng(benih)
    n = 3000
    frame = pd.DataFrame(
        {
            "kode_wilayah": acak.choice([f"76.01.01.{2000 + i}" for i in range(40)], n),
            "komponen": acak.choice(["pus", "kb_aktif", "pa"], n),
            "tahun": pd.array(acak.choice([2024, 2025], n), dtype="Int64"),
            "bulan": pd.array(acak.integers(1, 13, n), dtype="Int64"),
            "nilai": np.where(
                acak.random(n) < 0.1, acak.integers(0, 900, n), 50 + acak.integers(0, 9, n)
            ).astype(float),
        },
        index=acak.permutation(n) + 7,
    )
    urutan, grup = _urutan(frame)
    urut = frame.take(urutan)
    baru = _tanda(urut["nilai"].to_numpy(), grup)
    lama = _tanda_teks(urut)
    for b, a in zip(baru, lama, strict=True):
        b = pd.Series(b, index=urut.index)
        pd.testing.assert_series_equal(b, a, check_names=False, check_dtype=False)
    assert baru[0].any() and baru[1].any()


def test_urutkan_baris_stabil_dan_kosong_terakhir():
    from transforms.komponen.ramping import urutkan_baris

    frame = pd.DataFrame(
        {
            "baris": pd.array([3, 2, None, 2, 3], dtype="Int64"),
            "komponen": ["pus", "pus", "pus", "kb", "kb"],
        }
    )
    hasil = urutkan_baris(frame)
    assert hasil["baris"].tolist()[:4] == [2, 2, 3, 3] and pd.isna(hasil["baris"].iloc[4])
    assert hasil["komponen"].tolist()[:4] == ["pus", "kb", "pus", "kb"]  # stable
    urut = hasil.iloc[:4]
    assert urutkan_baris(urut) is urut  # already in order: the same frame, no copy


def test_baris_berkas_lebar_terurut_saat_diproses(tmp_path):
    """A wide sheet melts component by component; the processed rows (and so the cache) are
    in row-number order, so a run stacks files without sorting them."""
    from schemas.katalog import muat_katalog
    from transforms.langkah.proses import proses_berkas
    from transforms.terima.simpan import cari_berkas_aktif
    from transforms.terima.terima import terima_berkas

    kepala = (
        "NO;PROVINSI;KABUPATEN;KECAMATAN;KELURAHAN;PA;SUNTIK;PIL;KONDOM;IMPLAN;IUD;VASEKTOMI;"
        "TUBEKTOMI;MAL;KB MODERN;KB TRADISIONAL;BULAN\n"
    )
    isi = "".join(
        f"{i};JAWA TENGAH;PURWOREJO;GRABAG;{desa};10;1;1;1;1;1;1;1;1;8;2;JANUARI\n"
        for i, desa in enumerate(["HARJOBINANGUN", "PATUTREJO", "KETAWANGREJO"])
    )
    kirim = tmp_path / "data_mix_kontra.csv"
    kirim.write_text(kepala + isi, encoding="utf-8")
    katalog = muat_katalog()
    terima_berkas(kirim, tmp_path / "raw", katalog, 2025)
    path, prov = cari_berkas_aktif(tmp_path / "raw")[0][0]
    komponen = proses_berkas(path, prov, katalog).komponen
    assert komponen["baris"].nunique() == 3 and komponen["komponen"].nunique() > 3
    assert komponen["baris"].is_monotonic_increasing


def test_kolom_kosong_tidak_jadi_kategori(tmp_path: Path):
    """A wholly empty text column is text, also when it comes as a category (a file with no
    long rows given its provenance by ``kolom_tetap``; a target column no row has): it reads
    back from Parquet as it was written, so a kept copy matches its record. A column with a
    value stays a category."""
    from transforms.komponen.ramping import kolom_tetap

    nol = pd.DataFrame({"nilai": pd.Series([], dtype="float64")})
    nol = nol.assign(berkas=kolom_tetap("a.csv", 0), lembar=kolom_tetap("Sheet1", 0))
    kosong = pd.DataFrame({"berkas": pd.Categorical([None, None], categories=["a.csv"])})
    isi = pd.DataFrame({"berkas": ["a.csv", None]})
    for frame in (nol, kosong):
        ramping = buat_ramping(frame, KOLOM_BERULANG)
        assert str(ramping["berkas"].dtype) == "str"  # what a text given to no rows is
        ramping.to_parquet(tmp_path / "x.parquet")
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "x.parquet"), ramping)
    assert isinstance(buat_ramping(isi, KOLOM_BERULANG)["berkas"].dtype, pd.CategoricalDtype)
