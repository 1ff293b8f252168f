"""The shape of the house: layers, no loops between packages, small files and functions.

Layering, ground up: schemas → transforms/wilayah, transforms/baca → transforms/terima,
transforms/komponen, transforms/hitung → transforms/keluar → transforms/langkah → flows.
Only flows imports Prefect or Typer.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAKET = ("schemas", "transforms", "flows")
LAPISAN = {
    "schemas": 0,
    "transforms.wilayah": 1,
    "transforms.baca": 1,
    "transforms.terima": 2,
    "transforms.komponen": 2,
    "transforms.hitung": 2,
    "transforms.keluar": 3,
    "transforms.langkah": 4,
    "flows": 5,
}
HANYA_FLOWS = ("prefect", "typer")
MAKS_BARIS_BERKAS = 400
MAKS_BARIS_FUNGSI = 60


def _berkas() -> list[Path]:
    out = [p for d in PAKET for p in sorted((ROOT / d).rglob("*.py"))]
    return (
        out + sorted((ROOT / "scripts").rglob("*.py")) + sorted((ROOT / "benchmarks").glob("*.py"))
    )


def _modul(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _paket(modul: str) -> str | None:
    """The layer unit a module belongs to (longest prefix in LAPISAN)."""
    best = None
    for p in LAPISAN:
        if (modul == p or modul.startswith(p + ".")) and (best is None or len(p) > len(best)):
            best = p
    return best


def _impor(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            out += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return out


def test_every_module_has_a_layer():
    tanpa = [
        _modul(p)
        for p in _berkas()
        if p.parts[len(ROOT.parts)] in PAKET and _paket(_modul(p)) is None
    ]
    assert tanpa in ([], ["transforms"]), f"modules outside every layer: {tanpa}"


def test_no_upward_import():
    naik = []
    for path in _berkas():
        asal = _paket(_modul(path))
        if asal is None:
            continue
        for baris, nama in _impor(path):
            tuju = _paket(nama)
            if tuju is not None and LAPISAN[tuju] > LAPISAN[asal]:
                naik.append(f"{path.relative_to(ROOT)}:{baris} imports {nama} ({asal} → {tuju})")
    assert not naik, "upward imports:\n" + "\n".join(naik)


def test_no_loop_between_packages():
    graf: dict[str, set[str]] = defaultdict(set)
    for path in _berkas():
        asal = _paket(_modul(path))
        for _, nama in _impor(path):
            tuju = _paket(nama)
            if asal and tuju and tuju != asal:
                graf[asal].add(tuju)

    def kunjungi(node: str, jalan: list[str]) -> list[str] | None:
        if node in jalan:
            return [*jalan[jalan.index(node) :], node]
        for nxt in sorted(graf[node]):
            if loop := kunjungi(nxt, [*jalan, node]):
                return loop
        return None

    for start in sorted(graf):
        assert kunjungi(start, []) is None, f"loop: {' → '.join(kunjungi(start, []))}"


def test_only_flows_imports_prefect_or_typer():
    salah = [
        f"{path.relative_to(ROOT)}:{baris} {nama}"
        for path in _berkas()
        if not _modul(path).startswith("flows")
        for baris, nama in _impor(path)
        if nama.split(".")[0] in HANYA_FLOWS
    ]
    assert not salah, salah


@pytest.mark.parametrize("path", _berkas(), ids=lambda p: str(p.relative_to(ROOT)))
def test_files_and_functions_are_small(path):
    teks = path.read_text(encoding="utf-8")
    assert len(teks.splitlines()) <= MAKS_BARIS_BERKAS
    panjang = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(teks))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAKS_BARIS_FUNGSI
    ]
    assert not panjang, panjang


def test_the_checker_sees_an_upward_import(tmp_path):
    """The layer test is not vacuous: a baca module importing langkah is caught."""
    assert LAPISAN[_paket("transforms.langkah.jalankan")] > LAPISAN[_paket("transforms.baca.csv")]
    berkas = tmp_path / "x.py"
    berkas.write_text("from transforms.langkah.jalankan import jalankan\nimport prefect\n")
    assert [n for _, n in _impor(berkas)] == [
        "transforms.langkah.jalankan",
        "transforms.langkah.jalankan.jalankan",
        "prefect",
    ]
