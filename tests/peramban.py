"""Headless Chromium for the tests of the HTML report: find it, open a page (screenshot, DOM,
console), and read the screenshot's pixels (a small PNG decoder: no imaging library needed).

Chromium is the Debian package ``chromium`` (``.ci/run`` installs it when missing). Without it
the browser tests skip with the reason, unless ``INDIKATOR_BROWSER_REQUIRED=1`` (as in CI).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest

BENDERA = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)


def cari_chromium() -> str:
    """The Chromium executable; skip (or fail when required) when there is none."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        reason = (
            "headless Chromium not found (Debian package 'chromium': "
            "apt-get install -y --no-install-recommends chromium; .ci/run installs it)"
        )
        if os.environ.get("INDIKATOR_BROWSER_REQUIRED") == "1":
            pytest.fail(reason + " (INDIKATOR_BROWSER_REQUIRED=1, as in CI)")
        pytest.skip(reason)
    return path


class Halaman(NamedTuple):
    """What the browser made of a page: the DOM after the scripts ran and the console."""

    dom: str
    konsol: list[str]


def _jalankan(halaman: Path, *bendera: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="chromium-") as profil:
        return subprocess.run(
            [cari_chromium(), *BENDERA, f"--user-data-dir={profil}", *bendera, halaman.as_uri()],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )


def _konsol(stderr: str) -> list[str]:
    """The page's console messages (Chromium logs them as ``INFO:CONSOLE`` lines)."""
    return [baris for baris in stderr.splitlines() if ":CONSOLE" in baris]


def buka(halaman: Path) -> Halaman:
    """Open the page and return its DOM after the scripts ran, and the console messages."""
    hasil = _jalankan(halaman, "--dump-dom")
    assert hasil.returncode == 0, hasil.stderr[-2000:]
    return Halaman(hasil.stdout, _konsol(hasil.stderr))


def potret(halaman: Path, png: Path, ukuran: str = "1280,4000") -> list[str]:
    """Screenshot the page into ``png``; returns the console messages."""
    hasil = _jalankan(halaman, f"--screenshot={png}", f"--window-size={ukuran}")
    assert hasil.returncode == 0 and png.is_file(), hasil.stderr[-2000:]
    return _konsol(hasil.stderr)


def _unfilter(jenis: int, baris: np.ndarray, atas: np.ndarray, bpp: int) -> np.ndarray:
    """Undo one scanline's PNG filter (RFC 2083 6.2); int arrays, returns 0-255 ints."""
    if jenis == 0:
        return baris
    if jenis == 1:
        return np.cumsum(baris.reshape(-1, bpp), axis=0).reshape(-1) & 255
    if jenis == 2:
        return (baris + atas) & 255
    r, p, c = baris.tolist(), atas.tolist(), [0] * len(baris)
    for i in range(len(r)):
        a = c[i - bpp] if i >= bpp else 0
        b = p[i]
        if jenis == 3:
            c[i] = (r[i] + ((a + b) >> 1)) & 255
            continue
        cc = p[i - bpp] if i >= bpp else 0
        pa, pb, pc = abs(b - cc), abs(a - cc), abs(a + b - 2 * cc)
        c[i] = (r[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else cc)) & 255
    return np.asarray(c, dtype=np.int64)


def baca_png(path: Path) -> np.ndarray:
    """The RGB pixels (height, width, 3) of an 8-bit RGB/RGBA non-interlaced PNG."""
    data, pos, idat = path.read_bytes(), 8, []
    lebar = tinggi = warna = 0
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        jenis, isi = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        if jenis == b"IHDR":
            lebar, tinggi, kedalaman, warna, _, _, selang = struct.unpack(">IIBBBBB", isi)
            assert kedalaman == 8 and warna in (2, 6) and selang == 0, isi
        elif jenis == b"IDAT":
            idat.append(isi)
        pos += 12 + n
    bpp = 3 if warna == 2 else 4
    raw = np.frombuffer(zlib.decompress(b"".join(idat)), dtype=np.uint8)
    raw = raw.reshape(tinggi, lebar * bpp + 1).astype(np.int64)
    piksel = np.zeros((tinggi, lebar * bpp), dtype=np.uint8)
    atas = np.zeros(lebar * bpp, dtype=np.int64)
    for y in range(tinggi):
        atas = _unfilter(int(raw[y, 0]), raw[y, 1:], atas, bpp)
        piksel[y] = atas
    return piksel.reshape(tinggi, lebar, bpp)[:, :, :3]


def hitung_warna(piksel: np.ndarray, hex_warna: str) -> int:
    """Pixels of exactly this colour (``#2563eb``)."""
    rgb = [int(hex_warna[i : i + 2], 16) for i in (1, 3, 5)]
    return int((piksel == np.asarray(rgb, dtype=np.uint8)).all(axis=2).sum())


def cetak_pdf(halaman: Path, pdf: Path) -> list[tuple[float, float]]:
    """Print the page to PDF as the browser would; returns each page's size in points."""
    hasil = _jalankan(halaman, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert hasil.returncode == 0 and pdf.is_file(), hasil.stderr[-2000:]
    data = pdf.read_bytes()
    halaman_pdf = re.findall(rb"/Type\s*/Page[^s]", data)
    ukuran = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert len(ukuran) in (1, len(halaman_pdf)), ukuran[:5]
    return [(float(ukuran[0][0]), float(ukuran[0][1]))] * len(halaman_pdf)
