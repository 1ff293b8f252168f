"""The bundled demo (``data/demo``): every registry indicator for Kab. Purworejo, checked by hand.

The committed raw store is run as ``indikator run --tanpa-prefect`` would (without Prefect):
the session fixture ``demo`` of ``tests/conftest.py``.
Expected values are recomputed here with pandas straight from the raw files (byte copies of
what ``scripts/buat_demo.py`` generated), independently of the pipeline. Re-running the script
must change nothing: every file is reported as already present.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from schemas.katalog import muat_katalog

pytestmark = pytest.mark.lambat  # runs the whole demo raw store and the demo script

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "demo"
KAB, PROV = "33.06", "33"
KATALOG = muat_katalog()


def _raw(nama: str) -> Path:
    """The one raw file with this name."""
    found = [p for p in RAW.rglob(nama) if not p.name.endswith(".meta.json")]
    assert len(found) == 1, found
    return found[0]


def _siga(nama: str) -> pd.DataFrame:
    return pd.read_csv(_raw(nama), sep=";", dtype=str, keep_default_na=False)


def _angka(frame: pd.DataFrame, kolom: str) -> int:
    return int(pd.to_numeric(frame[kolom]).sum())


def _baris(hasil: pd.DataFrame, kode: str, wilayah: str = KAB, **periode) -> pd.Series:
    """The one output row of an indicator, region and period (annual when none is given)."""
    sel = (hasil["kode_indikator"] == kode) & (hasil["kode_wilayah"] == wilayah)
    for col in ("bulan", "semester"):
        value = periode.get(col)
        sel &= hasil[col].isna() if value is None else hasil[col] == value
    rows = hasil[sel]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def _tingkat_uji(kedalaman: tuple[str, ...]) -> str:
    """Purworejo's own row where the registry publishes kabupaten values, else the province."""
    return KAB if "kabupaten" in kedalaman else PROV


@pytest.mark.parametrize("kode", list(KATALOG.indikator))
def test_every_indicator_has_an_annual_value_for_purworejo(demo, kode):
    wilayah = _tingkat_uji(KATALOG.indikator[kode].kedalaman)
    row = _baris(demo["hasil"], kode, wilayah)
    assert pd.notna(row["nilai"]), row


def test_no_file_rejected_every_row_accounted_for(demo):
    berkas = demo["ringkasan"].berkas
    assert len(berkas) == len(list(RAW.rglob("*.meta.json")))
    for a in berkas:
        assert "ditolak" not in a, a
        assert (
            a["baris_dibaca"] == a["baris_dipakai"] + a["baris_karantina"] + a["baris_bukan_data"]
        )
    # the synthetic data satisfy every check: nothing quarantined, not even a warning
    assert demo["karantina"].empty, demo["karantina"].head()
    templates = {f"template.{i}" for i in ("kemenkes", "kemensos", "pupr", "kemenag")}
    templates |= {f"template.{i}" for i in ("kkp", "kementan", "bpjs", "bkkbn")}
    assert templates <= {a["sumber"] for a in berkas}


def test_spm02_kabupaten_is_pa_over_pus_of_december(demo):
    pus = _siga("data_pus.csv")
    mix = _siga("data_mix_kontra.csv")
    pa = _angka(mix[mix["BULAN"] == "DESEMBER"], "PA")
    n_pus = _angka(pus[pus["BULAN"] == "DESEMBER"], "PUS")
    row = _baris(demo["hasil"], "spm.02")
    assert (row["pembilang"], row["penyebut"], row["bulan_acuan"]) == (pa, n_pus, 12)
    assert row["nilai"] == pytest.approx(100 * pa / n_pus)
    juni = _baris(demo["hasil"], "spm.02", bulan=6)
    assert juni["penyebut"] == _angka(pus[pus["BULAN"] == "JUNI"], "PUS")


def _template(instansi: str) -> pd.DataFrame:
    path = _raw(f"template_{instansi}_3306_{2025}.xlsx")
    return pd.read_excel(path, sheet_name="Data", header=5, engine="calamine")


@pytest.mark.parametrize(
    ("kode", "instansi", "pembilang", "penyebut"),
    [
        ("pasti.balita.03", "kemenkes", "balita_idl", "balita"),
        ("pasti.catin.11", "bpjs", "pus_miskin_pbi", "pus_miskin"),
        ("pasti.keluarga.03", "pupr", "rumah_tangga_air_minum_layak", "rumah_tangga"),
        ("spm.05", "bkkbn", "anggota_uppks_ber_kb", "anggota_uppks_pus"),
    ],
)
def test_template_indicator_is_the_filled_numbers(demo, kode, instansi, pembilang, penyebut):
    data = _template(instansi)
    assert data.notna().all().all()  # every value cell was filled
    num, den = int(data[pembilang].sum()), int(data[penyebut].sum())
    row = _baris(demo["hasil"], kode)
    assert (row["pembilang"], row["penyebut"]) == (num, den)
    assert row["nilai"] == pytest.approx(100 * num / den)


def test_yearly_numerator_over_monthly_or_semester_denominator(demo):
    # spm.01: a yearly template value over the stock PUS of the last month (December)
    pus = _siga("data_pus.csv")
    bawah_20 = int(_template("bkkbn")["pus_isteri_bawah_20"].sum())
    row = _baris(demo["hasil"], "spm.01")
    expected = (bawah_20, _angka(pus[pus["BULAN"] == "DESEMBER"], "PUS"), 12)
    assert (row["pembilang"], row["penyebut"], row["bulan_acuan"]) == expected
    # siga.krs_desil_1_3: the yearly desil recap over the KRS of Verval semester 2
    desil = pd.read_csv(_raw("data_desil_krs.csv"), dtype=str)
    krs = _angka(_siga("data_verval_krs_2025_sem2.csv"), "JUMLAH KRS")
    row = _baris(demo["hasil"], "siga.krs_desil_1_3")
    assert (row["pembilang"], row["penyebut"]) == (_angka(desil, "jumlah_krs"), krs)
    assert _angka(desil, "jumlah_krs") == sum(_angka(desil, f"desil_{i}") for i in (1, 2, 3))


def test_template_only_component_sipd_kkks_reaches_the_province(demo):
    kkks = int(_template("kemensos")["kkks"].sum())
    assert _baris(demo["hasil"], "sipd.kkks", PROV)["nilai"] == kkks


def test_faskes_kb_baru_is_a_flow_summed_over_months(demo):
    faskes = pd.read_excel(_raw("faskes-pelayanan-2025.xlsx"), dtype=str, engine="calamine")
    data = faskes[faskes["KODE"] != "1"]  # the repeated column-number rows are not data
    assert len(data) < len(faskes)
    assert _baris(demo["hasil"], "siga.peserta_kb_baru")["nilai"] == _angka(
        data, "JUMLAH PESERTA KB BARU"
    )
    maret = data[data["BULAN"] == "MARET"]
    assert _baris(demo["hasil"], "siga.peserta_kb_baru", bulan=3)["nilai"] == _angka(
        maret, "JUMLAH PESERTA KB BARU"
    )


def test_verval_krs_per_semester(demo):
    for semester in (1, 2):
        verval = _siga(f"data_verval_krs_2025_sem{semester}.csv")
        row = _baris(demo["hasil"], "siga.krs", semester=semester)
        expected = (_angka(verval, "JUMLAH KRS"), _angka(verval, "JUMLAH KELUARGA SASARAN"))
        assert (row["pembilang"], row["penyebut"]) == expected
    layak = _baris(demo["hasil"], "pasti.krs.04", semester=2)
    assert layak["pembilang"] == _angka(verval, "JUMLAH KRS") - _angka(
        verval, "SUMBER AIR MINUM TIDAK LAYAK"
    )


def test_stunting_annual_is_the_august_weighing(demo):
    stunting = pd.read_csv(_raw("kesehatan_stunting.csv"), dtype=str)
    agustus = stunting[stunting["Bulan"] == "Agustus"]
    row = _baris(demo["hasil"], "siga.stunting")
    expected = (_angka(agustus, "Stunting"), _angka(agustus, "Jumlah Yang Diukur"))
    assert (row["pembilang"], row["penyebut"], row["bulan_acuan"]) == (*expected, 8)


def _skrip() -> ModuleType:
    spec = importlib.util.spec_from_file_location("buat_demo", ROOT / "scripts" / "buat_demo.py")
    assert spec is not None and spec.loader is not None
    modul = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = modul  # dataclasses resolve string annotations through it
    spec.loader.exec_module(modul)
    return modul


def _sidik(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_rerunning_the_script_changes_nothing(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    _skrip().main(["--raw", str(raw), "--keluaran", str(tmp_path / "demo")])
    baris = capsys.readouterr().out.strip().splitlines()
    per_berkas = baris[:-1]
    assert len(per_berkas) == len(list(RAW.rglob("*.meta.json")))
    assert all(b.endswith("(sudah ada)") for b in per_berkas), per_berkas
    assert baris[-1].endswith(": 0 baru, 29 sudah ada")
    assert _sidik(raw) == _sidik(RAW)
