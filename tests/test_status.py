"""``indikator status``: the raw store grid (source × period), coverage, generation, last run."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from flows.cli import app
from transforms.keluar.status import baca_run_terakhir, buat_status, hitung_cakupan_sumber
from transforms.keluar.status_teks import buat_baris_bulanan, buat_kalimat_sumber
from transforms.terima.riwayat import Peristiwa, tulis_peristiwa
from transforms.terima.simpan import Provenans, tulis_sidecar
from transforms.terima.status import (
    AKTIF,
    DIGANTI,
    DITARIK,
    BerkasRaw,
    cari_berkas_tanpa_periode,
    hitung_grid_status,
)
from transforms.wilayah.master import muat_master

runner = CliRunner()


def _b(berkas, sumber, keadaan, bulan=(), semester=(), koreksi=False, tahun=2025, periode=True):
    p = frozenset({(tahun, b, None) for b in bulan} | {(tahun, None, s) for s in semester})
    if periode and not bulan and not semester:
        p = frozenset({(tahun, None, None)})
    return BerkasRaw(
        berkas, sumber, "0" * 64, keadaan, koreksi, p if periode else None, (tahun,), None
    )


BERKAS = [
    _b("pus/jan-sep.csv", "siga.pus", DIGANTI, bulan=range(1, 10)),
    _b("pus/koreksi.csv", "siga.pus", AKTIF, bulan=range(1, 10), koreksi=True),
    _b("kb/jan-sep.csv", "siga.mix_kontra", AKTIF, bulan=range(1, 10)),
    _b("kb/mar-baru.csv", "siga.mix_kontra", AKTIF, bulan=[3], koreksi=True),
    _b("kb/okt.csv", "siga.mix_kontra", DITARIK, bulan=[10]),
    _b("verval/s2.csv", "siga.verval_krs", AKTIF, semester=[2]),
    _b("kkb/2025.csv", "siga.kampung_kb", AKTIF),
    _b("baru/okt.csv", "siga.bkb", AKTIF, periode=False),
    _b("lama/2024.csv", "siga.pus", AKTIF, bulan=[12], tahun=2024),
]


def test_grid_names_every_period_and_its_state():
    grid = hitung_grid_status(BERKAS, 2025)
    sel = grid.set_index(["sumber", "bulan", "semester"])["keadaan"]
    # Jan-Sep from a correction of the whole file: corrected; Oct-Dec missing, explicitly
    assert [sel[("siga.pus", b, pd.NA)] for b in (1, 9, 10, 12)] == [
        "dikoreksi",
        "dikoreksi",
        "kosong",
        "kosong",
    ]
    assert len(grid[grid["sumber"] == "siga.pus"]) == 12  # 2024's December is not in 2025
    kalimat = {s: t for s, _, t in buat_kalimat_sumber(grid)}
    assert kalimat["siga.mix_kontra"] == (
        "diterima Jan–Feb; dikoreksi Mar; diterima Apr–Sep; ditarik Okt; kosong Nov–Des"
    )
    assert kalimat["siga.verval_krs"] == "kosong S1; diterima S2"
    assert kalimat["siga.kampung_kb"] == "diterima tahunan"
    assert kalimat["siga.pus"] == "dikoreksi Jan–Sep; kosong Okt–Des"
    # a file whose period is not known yet places nothing: listed apart, never guessed
    assert "siga.bkb" not in kalimat
    assert [b.berkas for b in cari_berkas_tanpa_periode(BERKAS, 2025)] == ["baru/okt.csv"]
    mar = grid[(grid["sumber"] == "siga.mix_kontra") & (grid["bulan"] == 3)].iloc[0]
    assert mar["jumlah_berkas"] == 2 and mar["berkas"] == "kb/jan-sep.csv; kb/mar-baru.csv"
    rows = {r[0]: r[1:] for r in buat_baris_bulanan(grid)}
    assert "".join(rows["siga.mix_kontra"]) == "✓✓K✓✓✓✓✓✓T··"
    assert set(rows) == {"siga.pus", "siga.mix_kontra"}  # semester/annual sources elsewhere
    assert hitung_grid_status(BERKAS, 2024)["keadaan"].tolist().count("diterima") == 1


def test_region_coverage_per_source_counts_regions_once():
    kec = ["33.06.01", "33.06.02"]
    cakupan = {"kabupaten": ["33.06"], "kecamatan": kec, "jumlah_kode": 4, "sidik_kode": "x"}
    monthly = [
        BerkasRaw(
            f"pus/{b}.csv",
            "siga.pus",
            "s",
            AKTIF,
            False,
            frozenset({(2025, b, None)}),
            (2025,),
            cakupan,
        )
        for b in (1, 2, 3)
    ]
    kecamatan = {"kabupaten": ["33.06"], "kecamatan": kec, "jumlah_kode": 2, "sidik_kode": "y"}
    pkb = BerkasRaw(
        "pkb.csv",
        "siga.pkb_kecamatan",
        "t",
        AKTIF,
        False,
        frozenset({(2025, None, None)}),
        (2025,),
        kecamatan,
    )
    tabel = hitung_cakupan_sumber([*monthly, pkb], 2025, muat_master("2022")).set_index("sumber")
    # three monthly files of the same 4 desa: 4, not 12; Purworejo has 16 kecamatan, 494 desa
    pus = tabel.loc["siga.pus"]
    assert (pus["kabupaten"], pus["kabupaten_harus"]) == (1, 1)
    assert (pus["kecamatan"], pus["kecamatan_harus"]) == (2, 16)
    assert (pus["desa"], pus["desa_harus"]) == (4, 494)
    assert tabel.loc["siga.pkb_kecamatan", "desa"] == 0  # reported per kecamatan


def _sidecar(raw: Path, rel: str, diterima: str, bulan=None, menggantikan=None) -> None:
    path = raw / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    sumber = rel.split("/")[0]
    sha = rel.encode().hex()[:64].ljust(64, "0")
    prov = Provenans(sha, path.name, diterima, sumber, 2025, bulan, None, 1, rel, menggantikan)
    tulis_sidecar(path, prov)


def test_status_of_a_store_reads_sidecars_history_and_runs(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    _sidecar(raw, "siga.pus/2025-01/a.csv", "2026-01-05T00:00:00+00:00", bulan=1)
    _sidecar(raw, "siga.pus/2025-02/b.csv", "2026-02-05T00:00:00+00:00", bulan=2)
    _sidecar(
        raw,
        "siga.pus/2025-02/c.csv",
        "2026-02-06T00:00:00+00:00",
        bulan=2,
        menggantikan=["siga.pus/2025-02/b.csv"],
    )
    _sidecar(raw, "siga.pus/2025-03/d.csv", "2026-03-05T00:00:00+00:00", bulan=3)
    tulis_peristiwa(
        raw,
        Peristiwa(
            "2026-03-06T00:00:00+00:00",
            "tarik",
            "siga.pus/2025-03/d.csv",
            (),
            ("siga.pus/2025-03/d.csv",),
        ),
    )
    runs = out / "runs"
    runs.mkdir(parents=True)
    (runs / "20260301T000000Z-aaaaaa.json").write_text(
        json.dumps(
            {
                "id_run": "20260301T000000Z-aaaaaa",
                "kode_keluar": 2,
                "status": "sebagian",
                "masukan": [{}, {}],
                "daftar_berkas_ditolak": [{}],
                "pemicu": "jadwal",
            }
        )
    )
    (runs / "20260302T000000Z-bbbbbb.json").write_text("{terpotong")  # unreadable: skipped
    rusak = raw / "siga.pus" / "2025-04" / "e.csv"  # a sidecar cut short: listed, not guessed
    rusak.parent.mkdir()
    rusak.write_text("x", encoding="utf-8")
    (raw / "siga.pus" / "2025-04" / "e.csv.meta.json").write_text('{"sha256": "ab', "utf-8")
    status = buat_status(raw, out)
    assert [t.tahun for t in status.tahun] == [2025]
    assert status.tahun[0].tanpa_periode == [] and len(status.rusak) == 1
    assert status.rusak[0][0] == "siga.pus/2025-04/e.csv" and "terpotong" in status.rusak[0][1]
    kalimat = {s: t for s, _, t in buat_kalimat_sumber(status.tahun[0].grid)}
    assert kalimat["siga.pus"] == "diterima Jan; dikoreksi Feb; ditarik Mar; kosong Apr–Des"
    assert status.generasi is None
    run = status.run_terakhir
    assert run["id_run"] == "20260301T000000Z-aaaaaa" and run["kode_keluar"] == 2
    assert (run["berkas"], run["jumlah_ditolak"], run["pemicu"]) == (2, 1, "jadwal")
    assert baca_run_terakhir(tmp_path / "tidak-ada") is None
    result = runner.invoke(app, ["status", "--raw", str(raw), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    cells = [c for c in data["tahun"][0]["grid"] if c["bulan"] == 2]
    assert cells[0]["keadaan"] == "dikoreksi" and cells[0]["berkas"] == "siga.pus/2025-02/c.csv"
    plain = runner.invoke(app, ["status", "--raw", str(raw), "--out", str(out)])
    assert plain.exit_code == 0
    assert "siga.pus (bulanan): diterima Jan; dikoreksi Feb; ditarik Mar; kosong Apr–Des" in (
        plain.output
    )
    assert "Generasi berlaku: belum ada" in plain.output and "kode keluar 2" in plain.output
    assert "siga.pus/2025-04/e.csv: tidak dapat dipakai." in plain.output


def test_sulbar_store_shows_october_to_december_missing(sulbar):
    # SOURCE.md: 648 desa × 9 months (JANUARI … SEPTEMBER 2025); 6 kab, 69 kec, 648 desa
    status = buat_status(sulbar["raw"], sulbar["out"])
    (tahun,) = status.tahun
    assert tahun.tahun == 2025 and tahun.tanpa_periode == []
    kalimat = {s: (j, t) for s, j, t in buat_kalimat_sumber(tahun.grid)}
    assert set(kalimat) == {"siga.pus", "siga.mix_kontra", "siga.bkb_keluarga"}
    for sumber in kalimat:
        assert kalimat[sumber] == ("bulanan", "diterima Jan–Sep; kosong Okt–Des")
    kosong = tahun.grid[tahun.grid["keadaan"] == "kosong"]
    assert sorted(set(kosong["bulan"])) == [10, 11, 12] and len(kosong) == 3 * 3
    cakupan = tahun.cakupan.set_index("sumber")
    for col, n in (("kabupaten", 6), ("kecamatan", 69), ("desa", 648)):
        assert (cakupan[col] == n).all() and (cakupan[f"{col}_harus"] == n).all()
    assert status.generasi["id"] == (sulbar["out"] / "terkini").resolve().name
    assert status.generasi["tahun"] == [2025]
    assert status.run_terakhir["kode_keluar"] == 0 and status.run_terakhir["berkas"] == 3
    result = runner.invoke(
        app, ["status", "--raw", str(sulbar["raw"]), "--out", str(sulbar["out"])]
    )
    assert result.exit_code == 0, result.output
    assert "siga.pus (bulanan): diterima Jan–Sep; kosong Okt–Des" in result.output
    assert "siga.pus: kabupaten 6/6, kecamatan 69/69, desa 648/648" in result.output


def test_correction_not_yet_run_takes_the_periods_it_replaced():
    from types import SimpleNamespace

    from transforms.terima.status import buat_berkas_raw, cari_berkas_perkiraan

    def prov(berkas, sha, menggantikan=None):
        return SimpleNamespace(
            berkas=berkas,
            sumber="siga.pus",
            sha256=sha,
            menggantikan=menggantikan,
            bulan=None,
            semester=None,
            tahun=2025,
            tahun_data=None,
            cakupan=None,
        )

    lama, baru = prov("pus/a.csv", "a"), prov("pus/b.csv", "b", ["pus/a.csv"])
    terima = Peristiwa("2026-10-01T00:00:00+00:00", "terima", "pus/b.csv")
    status = {"pus/a.csv": (False, terima), "pus/b.csv": (True, terima)}
    # the old file's months are known from the published generation; the new one's are not
    berkas = buat_berkas_raw([(None, lama), (None, baru)], status, {"a": {(2025, 1, None)}})
    assert [b.berkas for b in cari_berkas_perkiraan(berkas, 2025)] == ["pus/b.csv"]
    kalimat = {s: t for s, _, t in buat_kalimat_sumber(hitung_grid_status(berkas, 2025))}
    assert kalimat["siga.pus"] == "dikoreksi Jan; kosong Feb–Des"
    # without the old file's months nothing is guessed
    berkas = buat_berkas_raw([(None, lama), (None, baru)], status, {})
    assert [b.berkas for b in cari_berkas_tanpa_periode(berkas, 2025)] == ["pus/b.csv"]
