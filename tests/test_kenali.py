"""Issue 12: the one header key, recognition by evidence, ``--kolom`` as people see it, component
relations on the generic route, short refusals and ``indikator katalog --sumber``."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app
from schemas.judul import bentuk_judul, kunci_judul, sama_judul
from schemas.katalog import muat_katalog
from schemas.masukan import aturan_layout, periksa_nilai
from transforms.komponen.asal import BerkasDitolak
from transforms.komponen.umum import cocokkan_kolom
from transforms.terima.kenali import SumberGanda, kenali_sumber, nilai_sumber
from transforms.terima.rencana import Permintaan, buat_rencana
from transforms.terima.saran import cari_saran_kolom
from transforms.terima.terima import terima_berkas

KATALOG = muat_katalog()
runner = CliRunner()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("jumlah_pus", "JUMLAH PUS"),
        ("Jumlah\nPUS", "JUMLAH PUS"),
        ("Kelurahan_Desa", "KELURAHAN/DESA"),
        ("Kelurahan-Desa", "kelurahan desa"),
        ("Kabupaten / Kota", "KABUPATEN/KOTA"),
        ("Peserta KB Aktif.", "PESERTA KB AKTIF"),
        ("Nama Désa", "NAMA DESA"),
        ('\ufeff"Unmet Need"', "UNMET NEED"),
    ],
)
def test_kunci_judul_sama(a, b):
    assert kunci_judul(a) == kunci_judul(b)


def test_kunci_judul_bentuk_dan_indeks():
    assert kunci_judul("Unnamed: 0") == kunci_judul("") == ""
    assert kunci_judul("KESEJAHTERAAN > 4") != kunci_judul("KESEJAHTERAAN 4")
    assert bentuk_judul("Jml. PUS") == ("JML PUS", "PUS")
    assert bentuk_judul("JUMLAH PUS") == ("JUMLAH PUS", "PUS")
    assert sama_judul("JML PUS", "Jumlah_PUS") and sama_judul("PUS", "JUMLAH PUS")
    assert not sama_judul("", "") and not sama_judul("PUS", "UNMET NEED")


@pytest.mark.parametrize(
    "desa", ["Kelurahan_Desa", "Kelurahan/Desa", "Desa/Kelurahan", "Nama Desa", "Kelurahan"]
)
def test_siga_ejaan_simpan_ulang(desa):
    header = ["", "No", "Provinsi", "Kabupaten", "Kecamatan", desa, "Pus", "Unmet Need", "Bulan"]
    lay = KATALOG.sumber["siga.pus"]
    peta = lay.peta_header(header)
    assert peta[desa] == "KELURAHAN" and peta["Unmet Need"] == "UNMET NEED"
    assert "" not in peta  # the unnamed index column matches nothing
    assert kenali_sumber(header, KATALOG) is lay


def test_kolom_periode_wajib_hanya_tanpa_periode_dari_perintah():
    header = ["KECAMATAN", "jumlah_keluarga_sasaran", "total_krs", "jumlah_tidak_beresiko"]
    assert kenali_sumber(header, KATALOG) is None
    assert kenali_sumber(header, KATALOG, periode_diberikan=True).id == "siga.verval_krs"
    best = nilai_sumber(header, KATALOG)[0]
    assert best.layout.id == "siga.verval_krs" and best.kurang == ("PERIODE",)


def test_bobot_bukti_lebih_banyak_menang():
    """A file carrying more of a layout's columns is that layout (mix over pus)."""
    header = ["KECAMATAN", "KELURAHAN", "PA", "KB MODERN", "KB TRADISIONAL", "SUNTIK", "PUS"]
    skor = nilai_sumber(header, KATALOG, periode_diberikan=True)
    assert skor[0].layout.id == "siga.mix_kontra" and skor[0].pas
    assert skor[0].nilai == ("PA", "SUNTIK", "KB TRADISIONAL")


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.write_text("\n".join(";".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def test_dua_format_sama_baik_ditolak_menyebut_keduanya(tmp_path):
    pus = KATALOG.sumber["siga.pus"]
    salinan = dataclasses.replace(pus, id="siga.pus_salinan")
    katalog = dataclasses.replace(KATALOG, sumber={pus.id: pus, salinan.id: salinan})
    src = _csv(tmp_path / "x.csv", ["KELURAHAN", "PUS", "UNMET NEED"], [["A", "1", "0"]])
    with pytest.raises(SumberGanda) as exc:
        buat_rencana(src, katalog, Permintaan(tahun=2025))
    pesan = str(exc.value)
    assert "siga.pus " in pesan and "siga.pus_salinan" in pesan
    assert "--sumber siga.pus atau --sumber siga.pus_salinan" in pesan


def test_kolom_sel_bawah_gabungan_dan_ejaan():
    kolom = ["NO", "KODE WILAYAH", "JUMLAH PUS", "JUMLAH PESERTA KB AKTIF", "METODE IUD"]
    peta = {"PUS": "pus", "jumlah_peserta_kb_aktif": "peserta_kb_aktif", "IUD": "kb_aktif_iud"}
    assert cocokkan_kolom(peta, kolom) == {
        "JUMLAH PUS": "pus",
        "JUMLAH PESERTA KB AKTIF": "peserta_kb_aktif",
        "METODE IUD": "kb_aktif_iud",
    }


def test_kolom_tidak_ada_atau_ganda_ditolak_paling_mirip_dulu():
    kolom = ["NO", "NAMA DESA", "JUMLAH PUS", "PESERTA KB AKTIF"]
    with pytest.raises(BerkasDitolak) as exc:
        cocokkan_kolom({"JUMLAH PUSS": "pus"}, kolom)
    assert "yang paling mirip dulu: JUMLAH PUS, " in str(exc.value)
    with pytest.raises(BerkasDitolak, match="lebih dari satu kolom"):
        cocokkan_kolom({"PUS": "pus"}, ["PUS BARU PUS", "PUS LAMA"])


def test_kolom_salah_ditolak_saat_ingest_tanpa_disimpan(tmp_path):
    src = _csv(tmp_path / "dinas.csv", ["KODE", "JUMLAH PUS"], [["33.06.01.2001", "5"]])
    args = ["ingest", str(src), "--tahun", "2025", "--kolom", "BALITA=pus"]
    result = runner.invoke(app, [*args, "--raw", str(tmp_path / "raw")])
    assert result.exit_code == 1
    assert "'BALITA' (dari --kolom) tidak ada di berkas" in result.output
    assert "Berkas tidak disimpan" in result.output
    assert not list((tmp_path / "raw").rglob("dinas.csv*"))


def test_penolakan_membawa_wilayah_yang_sudah_disebut(tmp_path):
    """The ready --kolom line of a refusal keeps the --wilayah the person gave, and does not
    ask for it again; nothing is stored."""
    kolom = ["NO", "KECAMATAN", "DESA", "JUMLAH BAYI", "IMUNISASI DASAR LENGKAP", "PESERTA KB BARU"]
    src = _csv(tmp_path / "imunisasi.csv", kolom, [["1", "Grabag", "Grabag", "30", "28", "4"]])
    args = ["ingest", str(src), "--tahun", "2025", "--wilayah", "33.06"]
    result = runner.invoke(app, [*args, "--raw", str(tmp_path / "raw")])
    assert result.exit_code == 1
    baris = [b for b in result.output.splitlines() if b.strip().startswith("indikator ingest")]
    assert baris == [
        "  indikator ingest 'imunisasi.csv' --tahun 2025 --wilayah 33.06 "
        '--kolom "PESERTA KB BARU=peserta_kb_baru"'
    ]
    assert "Tambahkan --wilayah" not in result.output
    assert len(result.output.strip().splitlines()) <= 10
    assert not list((tmp_path / "raw").rglob("imunisasi.csv*"))


def test_hubungan_komponen_berlaku_di_jalur_kolom():
    """The generic route gets PA = Σ methods from the component, like the dinas format."""
    metode = ["SUNTIK", "PIL", "KONDOM", "IMPLAN", "IUD", "MOP", "MOW"]
    nama = ["suntik", "pil", "kondom", "implan", "iud", "vasektomi", "tubektomi"]
    komponen = {"PA": "peserta_kb_aktif"} | {
        m: f"kb_aktif_{n}" for m, n in zip(metode, nama, strict=True)
    }
    umum = dataclasses.replace(
        KATALOG.sumber["dinas.kb_aktif_target"], id="umum", periksa=(), komponen=komponen
    )
    rules = [r for r in aturan_layout(umum, KATALOG) if r.nama == "jumlah_bagian_tidak_sama"]
    assert [set(r.kolom) for r in rules] == [{"PA", *metode}]
    nilai = pd.DataFrame({"PA": [70.0, 71.0], **{m: [10.0, 10.0] for m in metode}})
    hasil = periksa_nilai(nilai, umum, KATALOG)
    salah = hasil[hasil["aturan"] == "jumlah_bagian_tidak_sama"]
    assert list(salah["indeks"]) == [1]


def test_hubungan_komponen_tidak_menggandakan_pemeriksaan_format():
    """A format keeps its own check over the same columns (its severity wins)."""
    tren = KATALOG.sumber["dinas.kb_tren_metode"]
    rules = [r for r in aturan_layout(tren, KATALOG) if r.nama == "jumlah_bagian_tidak_sama"]
    assert len(rules) == 1 and rules[0].tingkat == "peringatan"


def test_hubungan_komponen_menyebut_komponen_yang_ada():
    for komp in KATALOG.komponen.values():
        for p in komp.periksa:
            for nama in [*p.get("bagian", ()), *p.get("wajib", ()), p.get("besar")]:
                assert nama is None or nama in KATALOG.komponen, (komp.nama, nama)


def test_saran_kolom_menurut_kemiripan():
    header = ["NO", "KECAMATAN", "DESA", "Jml PUS", "PA", "Unmet need", "IUD", "PROGRAM_TYPE"]
    assert cari_saran_kolom(header, KATALOG) == [
        ("Jml PUS", "pus"),
        ("PA", "peserta_kb_aktif"),
        ("Unmet need", "unmet_need"),
        ("IUD", "kb_aktif_iud"),
    ]


def test_ejaan_yang_cocok_tercatat_di_sidecar(tmp_path):
    header = ["No", "Provinsi", "Kabupaten", "Kecamatan", "Kelurahan/Desa", "Pus", "Unmet_Need"]
    row = ["1", "SULAWESI BARAT", "PASANGKAYU", "BAMBAIRA", "BAMBAIRA", "507", "59"]
    src = _csv(tmp_path / "pus.csv", header, [row])
    hasil = terima_berkas(src, tmp_path / "raw", KATALOG, 2025, bulan=1)
    meta = json.loads(Path(str(hasil.path) + ".meta.json").read_text(encoding="utf-8"))
    assert meta["sumber"] == "siga.pus"
    assert meta["judul_cocok"] == {
        "PROVINSI": "PROVINSI",
        "KABUPATEN": "KABUPATEN",
        "KECAMATAN": "KECAMATAN",
        "KELURAHAN": "KELURAHAN/DESA",
        "PUS": "PUS",
        "UNMET NEED": "UNMET_NEED",
    }


def test_katalog_sumber():
    result = runner.invoke(app, ["katalog", "--sumber", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [d["id"] for d in data] == sorted(KATALOG.sumber)
    pus = next(d for d in data if d["id"] == "siga.pus")
    assert pus["contoh"] == "data_pus.csv" and "UNMET NEED" in pus["kenali"]
    assert "KELURAHAN/DESA" in pus["alias_kolom"]["KELURAHAN"]
    tabel = runner.invoke(app, ["katalog", "--sumber"], env={"COLUMNS": "200"})
    assert tabel.exit_code == 0 and "siga.verval_krs" in tabel.output


def test_kolom_angka_yang_tidak_dibaca_format_disebut_saat_ingest(tmp_path):
    """A file recognised by its value columns: the numbers its format does not read are
    named at ingest, with the --kolom line that reads them."""
    header = ["NO", "KECAMATAN", "DESA", "Jml PUS", "PA", "Unmet need", "IUD"]
    src = _csv(tmp_path / "rekap_desa.csv", header, [["1", "Grabag", "Harjobinangun", *"6321"]])
    args = ["ingest", str(src), "--tahun", "2025", "--wilayah", "33.06"]
    result = runner.invoke(app, [*args, "--raw", str(tmp_path / "raw")])
    assert result.exit_code == 0, result.output
    assert "sumber siga.pus" in result.output
    assert "tidak membaca kolom PA, IUD" in result.output
    assert '--kolom "PA=peserta_kb_aktif" --kolom "IUD=kb_aktif_iud"' in result.output


def test_known_header_forms_built_once_per_layout_same_mapping():
    """Recognition scores every candidate row on every layout: a layout's known forms are
    built once (the same dict again), and a copy of the layout gets an equal one of its own;
    the mapping of a header is unchanged by the memo."""
    katalog = muat_katalog()
    lay = katalog.sumber["siga.pus"]
    judul = ["NO", "PROVINSI", "KABUPATEN", "KECAMATAN", "KELURAHAN", "JML PUS", "UNMET NEED"]
    pertama = lay.peta_header(judul)
    assert lay._peta_dikenal is lay._peta_dikenal
    salinan = dataclasses.replace(lay)
    assert salinan._peta_dikenal is not lay._peta_dikenal
    assert salinan._peta_dikenal == lay._peta_dikenal
    assert salinan.peta_header(judul) == pertama == lay.peta_header(judul)
    assert pertama["JML PUS"] == "PUS"  # a counting prefix still matches


def test_nilai_karantina_ditulis_seperti_pembaca_indonesia():
    """A quarantined value is shown as the sender wrote it: ``1,401`` (a decimal, not a
    whole number), not ``1.401``, which an Indonesian reader takes for a thousand four
    hundred one; whole numbers with thousands dots."""
    pus = KATALOG.sumber["siga.pus"]
    nilai = pd.DataFrame({"PUS": [1.401, 1401.0, 12.5, -2500.0], "UNMET NEED": [1.0] * 4})
    hasil = periksa_nilai(nilai, pus, KATALOG)
    bulat = hasil[hasil["aturan"] == "bukan_bilangan_bulat"].set_index("indeks")["nilai"]
    assert bulat.to_dict() == {0: "1,401", 2: "12,5"}
    negatif = hasil[hasil["aturan"] == "angka_negatif"].set_index("indeks")["nilai"]
    assert negatif.to_dict() == {3: "-2.500"}
