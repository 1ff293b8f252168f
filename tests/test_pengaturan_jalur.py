"""Settings for scheduled runs: folders from a settings file (INDIKATOR_PENGATURAN) or the
environment, absolute, relative ones resolved against the settings file's folder; a strict
model refuses unknown keys and wrong types; publication settings come from the same file."""

from __future__ import annotations

import pytest

from transforms.langkah.pengaturan import PengaturanSalah, baca_jalur, baca_pengaturan


def _berkas(tmp_path, teks: str):
    folder = tmp_path / "etc"
    folder.mkdir()
    path = folder / "indikator.toml"
    path.write_text(teks, encoding="utf-8")
    return path


def test_relative_folders_resolve_against_the_settings_file_not_the_cwd(tmp_path, monkeypatch):
    path = _berkas(
        tmp_path,
        'raw = "../data/raw"\nout = "/srv/indikator/out"\ntarget = "target"\nlog = "log"\n',
    )
    monkeypatch.chdir(tmp_path / "etc")  # any other working directory gives the same paths
    jalur = baca_jalur({"INDIKATOR_PENGATURAN": str(path)})
    assert jalur.raw == tmp_path / "data" / "raw"  # normalised, no ".." left
    assert jalur.raw.is_absolute()
    assert jalur.out.as_posix() == "/srv/indikator/out"
    assert jalur.target == tmp_path / "etc" / "target"
    assert jalur.log == tmp_path / "etc" / "log"
    assert jalur.berkas == path


def test_environment_overrides_the_file(tmp_path):
    path = _berkas(tmp_path, 'raw = "raw"\nout = "out"\n')
    env = {"INDIKATOR_PENGATURAN": str(path), "INDIKATOR_OUT": "/mnt/bi/out"}
    jalur = baca_jalur(env)
    assert (jalur.raw, jalur.out.as_posix()) == (tmp_path / "etc" / "raw", "/mnt/bi/out")
    assert jalur.target is None and jalur.log is None
    # a relative folder in the environment is taken from the settings file's folder too
    assert baca_jalur({**env, "INDIKATOR_RAW": "lain"}).raw == tmp_path / "etc" / "lain"


def test_without_a_file_relative_environment_folders_are_refused():
    assert baca_jalur({}).raw is None
    assert baca_jalur({"INDIKATOR_RAW": "/data/raw"}).raw.as_posix() == "/data/raw"
    with pytest.raises(PengaturanSalah, match="INDIKATOR_RAW='data/raw' adalah jalur relatif"):
        baca_jalur({"INDIKATOR_RAW": "data/raw"})


@pytest.mark.parametrize(
    ("teks", "pesan"),
    [
        ('raw = "a"\nrwa = "b"\n', r"rwa: kunci tidak dikenal"),
        ("simpan_generasi = 2.5\n", r"simpan_generasi: Input should be a valid integer"),
        ('batas_susut = "10"\n', r"batas_susut: Input should be a valid number"),
        ("raw = [\n", r"bukan TOML yang sah"),
    ],
)
def test_a_wrong_settings_file_is_refused_naming_the_key(tmp_path, teks, pesan):
    path = _berkas(tmp_path, teks)
    with pytest.raises(PengaturanSalah, match=pesan) as info:
        baca_jalur({"INDIKATOR_PENGATURAN": str(path)})
    assert str(path) in str(info.value)


def test_a_missing_settings_file_is_said(tmp_path):
    with pytest.raises(PengaturanSalah, match="tidak dapat dibaca"):
        baca_jalur({"INDIKATOR_PENGATURAN": str(tmp_path / "tidak-ada.toml")})


def test_publication_settings_from_the_file_then_environment_then_option(tmp_path):
    path = _berkas(tmp_path, "batas_susut = 25\nsimpan_generasi = 3\ntunggu_kunci = 60\n")
    env = {"INDIKATOR_PENGATURAN": str(path)}
    p = baca_pengaturan(env)
    assert (p.batas_susut, p.simpan_generasi, p.tunggu_kunci) == (25.0, 3, 60.0)
    p = baca_pengaturan({**env, "INDIKATOR_SIMPAN_GENERASI": "7"}, batas_susut=5.0)
    assert (p.batas_susut, p.simpan_generasi, p.tunggu_kunci) == (5.0, 7, 60.0)
    path.write_text("simpan_generasi = 0\n")
    with pytest.raises(PengaturanSalah, match="minimal 1"):
        baca_pengaturan(env)


def test_indikator_run_takes_its_folders_from_the_settings_file(tmp_path, monkeypatch):
    import json

    from typer.testing import CliRunner

    from flows.cli import app
    from flows.cli.log import _log_path

    path = _berkas(tmp_path, 'raw = "../raw"\nout = "../out"\nlog = "../log"\n')
    (tmp_path / "raw").mkdir()  # an empty raw store: the run says so and records it
    monkeypatch.setenv("INDIKATOR_PENGATURAN", str(path))
    monkeypatch.delenv("INDIKATOR_LOG")
    assert _log_path() == tmp_path / "log" / "indikator-galat.log"
    monkeypatch.chdir(tmp_path / "etc")  # another working directory: same folders
    result = CliRunner().invoke(app, ["run", "--tanpa-prefect"])
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith(
        f"GAGAL: tidak ada berkas di penyimpanan raw {tmp_path / 'raw'}"
    )
    (rekam,) = (tmp_path / "out" / "runs").glob("*.json")
    parameter = json.loads(rekam.read_text())["parameter"]
    assert (parameter["raw"], parameter["out"]) == (str(tmp_path / "raw"), str(tmp_path / "out"))
    assert parameter["pemicu"] == "manual"
    # an option on the command line wins over the file
    result = CliRunner().invoke(
        app, ["run", "--tanpa-prefect", "--out", str(tmp_path / "lain"), "--pemicu", "koreksi"]
    )
    (rekam,) = (tmp_path / "lain" / "runs").glob("*.json")
    assert json.loads(rekam.read_text())["parameter"]["pemicu"] == "koreksi"


def test_a_wrong_settings_file_stops_indikator_run_with_one_message(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from flows.cli import app

    path = _berkas(tmp_path, "simpan_generasi = 'lima'\n")
    monkeypatch.setenv("INDIKATOR_PENGATURAN", str(path))
    result = CliRunner().invoke(app, ["run", "--tanpa-prefect"])
    assert result.exit_code == 1
    teks = " ".join(result.output.split())
    assert "Traceback" not in teks
    assert f"GAGAL: berkas pengaturan {path} tidak valid (simpan_generasi:" in teks
