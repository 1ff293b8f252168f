"""The reader on random tables (every row accounted for) and on the real files."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bantu_baca import cek_akuntansi
from tests.conftest import realdata_path
from transforms.baca.berkas import baca_tabel

_SEL = st.one_of(
    st.sampled_from(["", " ", "0", "1.234", "85,24", "32.01.01", "-", "#N/A", "Jumlah", "1"]),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789.,", min_size=1, max_size=8),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(_SEL, min_size=4, max_size=4), max_size=25))
def test_every_row_below_the_header_is_accounted_for(tmp_path, rows):
    path = tmp_path / "acak.csv"
    body = ["KODE;NAMA DESA;PUS;UNMET NEED", *(";".join(r) for r in rows)]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    tabel = baca_tabel(path, kenali=["KODE", "NAMA DESA", "PUS", "UNMET NEED"])
    assert tabel.baris_judul == 1
    cek_akuntansi(tabel, len(body))
    for baris, values in zip(tabel.baris, tabel.data.to_numpy().tolist(), strict=True):
        assert values == rows[baris - 2]  # cells come back exactly as written


# --------------------------------------------------------------------------- real data


def test_real_simonep_column_number_rows():
    path = realdata_path("bkkbn-sulbar-simonep", "faskes-pelayanan-2024-1.xlsx")
    tabel = baca_tabel(path)
    assert tabel.sheet == "Sheet1"
    assert tabel.baris_judul == 1
    assert len(tabel.data) == 9_389
    assert tabel.bukan_data["alasan"].value_counts().to_dict() == {"nomor_kolom": 759}
    cek_akuntansi(tabel, 10_149)
    cols = list(tabel.data.columns)
    assert cols[:4] == ["KOLOM A", "KODE", "NAMA FASKES", "JUMLAH PESERTA KB BARU"]
    assert cols[-4:] == ["BULAN", "KABUPATEN", "KECAMATAN", "TAHUN"]
    assert set(tabel.data["TAHUN"]) == {"2024"}  # a number cell, read without ".0"
    first = tabel.data.iloc[0]
    assert (first["KODE"], first["JUMLAH PESERTA KB BARU"], tabel.baris.iloc[0]) == (
        "7601002",
        "3",
        3,
    )
    assert tabel.data["KODE"].iloc[1] == "76010020 6"  # stray space kept
    assert tabel.sel_rumus.empty and tabel.total.empty


def test_real_siga_pus_embedded_newline():
    path = realdata_path("bkkbn-sulbar-siga", "data_pus.csv")
    tabel = baca_tabel(path)
    assert (tabel.encoding, tabel.pemisah, tabel.baris_judul) == ("utf-8", ";", 1)
    assert len(tabel.data) == 5_832
    cek_akuntansi(tabel, 5_833)
    limboro = tabel.data["KELURAHAN"] == "LIMBORO RAMBU-\nRAMBU"
    assert limboro.sum() == 1
    assert tabel.baris[limboro].tolist() == [5_407]
    assert tabel.data.loc[limboro, "BULAN"].tolist() == ["SEPTEMBER"]
    assert tabel.baris.iloc[-1] == 5_833  # records, not the 5,834 physical lines


def test_real_jabar_xlsx():
    path = realdata_path("jabar-2021-compiled", "kesehatan balita di jawa barat 2021.xlsx")
    tabel = baca_tabel(path)
    assert len(tabel.data) == 27
    assert tabel.data.columns[0] == "KAB_KOT"
    assert len(tabel.data.columns) == 13
    assert tabel.data["KAB_KOT"].iloc[0] == "KABUPATEN BOGOR"
    cek_akuntansi(tabel, 28)


def test_real_bantul_crlf_quoted_decimal_comma():
    path = realdata_path("bantul-kb-aktif", "DataAPI.csv")
    tabel = baca_tabel(path)
    assert tabel.pemisah == ","
    assert tabel.data["PERSENTASE_TRHDP_TARGET_KB_AKTIF"].iloc[0] == "85,24"
    assert tabel.data["KAPANEWON"].iloc[0] == "Srandakan"
    assert not any("\r" in c for c in tabel.data.columns)


def test_real_bps_mfd_bom_and_leading_zero_codes():
    path = realdata_path("bps-mfd-kota-bandung", "mfd_23_1_32.csv")
    tabel = baca_tabel(path)
    assert tabel.encoding == "utf-8-sig"
    assert tabel.data.columns[0] == "KDKAB"
    assert tabel.data["KDKEC"].iloc[0] == "010"
    assert tabel.data["IDDESA"].iloc[0] == "3273010001"
