"""Validation report for the sender of a file: terminal summary, HTML page and annotated XLSX.

The officer at a dinas who sent a file gets back

* :func:`ringkasan_validasi`: a short plain-text summary in Bahasa Indonesia for the terminal;
* :func:`tulis_laporan_html`: one self-contained HTML page (inline CSS, no script, no external
  resource) with the verdict, the row accounting, a per-rule summary and the problem list;
* :func:`tulis_laporan_xlsx`: a copy of their own sheet with every failing cell filled (red for
  ``galat``, yellow for ``peringatan``) and commented, plus the sheets ``Masalah`` (every
  problem) and ``Ringkasan`` (accounting and legend).

Every cell value comes from a possibly hostile file: text written to XLSX goes through
:func:`transforms.keamanan.escape_sel` (and loses the control characters XML cannot hold), text
written to HTML is escaped with :func:`html.escape` as well, and text printed to the terminal
loses control characters (no ANSI escape sequences from a cell reach the terminal).
"""

from __future__ import annotations

import html
import logging
import re
import warnings
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from schemas.kontrak import kolom as kolom_kontrak
from transforms.keamanan import escape_sel
from transforms.read import BerkasTidakTerbaca, baca_baris_csv, normalize_header

log = logging.getLogger(__name__)

KOLOM_MASALAH = tuple(c for c in kolom_kontrak("karantina") if c != "id_run")
BATAS_HTML = 5_000  # problems listed in the HTML page; the XLSX has them all
BATAS_NILAI_HTML = 300  # characters of a cell value shown in the HTML page
BATAS_PESAN_PER_SEL = 20  # messages in one cell comment
BATAS_KOMENTAR = 10_000  # cells that get a comment (all failing cells are filled)
BATAS_TEKS_SEL = 32_767  # Excel's limit for the text of a cell
BATAS_UNZIP = 150 * 1024 * 1024  # uncompressed size above which an XLSX is not copied
BATAS_SEL = 3_000_000  # cells above which a CSV/XLS/ODS sheet is not copied
MAKS_BARIS_EXCEL = 1_048_576
MAKS_KOLOM_EXCEL = 16_384
WARNA_GALAT = "FFFF9999"
WARNA_PERINGATAN = "FFFFFF66"
ISI_GALAT = PatternFill("solid", start_color=WARNA_GALAT, end_color=WARNA_GALAT)
ISI_PERINGATAN = PatternFill("solid", start_color=WARNA_PERINGATAN, end_color=WARNA_PERINGATAN)
PENULIS = "indikator"

PENJELASAN = {
    "berkas_ditolak": "Seluruh berkas tidak dapat dipakai (struktur atau format berkas salah).",
    "wilayah_tidak_dikenal": "Nama wilayah tidak ditemukan di master wilayah Kemendagri; "
    "periksa ejaan nama kabupaten/kecamatan/kelurahan.",
    "nama_wilayah_mirip": "Nama wilayah hanya mirip dengan nama di master Kemendagri; "
    "baris tetap dipakai, mohon periksa ejaannya.",
    "bulan_tidak_dikenal": "Nama bulan tidak dikenali (tulis JANUARI..DESEMBER atau 1-12).",
    "bulan_tidak_sesuai": "Bulan di berkas berbeda dengan bulan laporan yang dikirim.",
    "angka_tidak_valid": "Sel seharusnya berisi angka (jumlah), tetapi berisi teks lain.",
    "angka_negatif": "Jumlah tidak boleh negatif.",
    "bukan_bilangan_bulat": "Jumlah harus bilangan bulat (tanpa pecahan).",
    "jumlah_bagian_tidak_sama": "Total tidak sama dengan jumlah bagian-bagiannya.",
    "persen_tertulis_berbeda": "Persentase yang tertulis berbeda dengan hasil hitung ulang.",
    "pembilang_melebihi_penyebut": "Pembilang tidak boleh lebih besar dari penyebutnya.",
}
BULAN_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
# as transforms.read decodes and splits CSV files (kept here: that module is still moving)
_KENDALI = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_NAMA_TIDAK_AMAN = re.compile(r"[^A-Za-z0-9._-]+")


class _TidakDisalin(Exception):
    """The original sheet cannot be copied into the XLSX report (message in Bahasa)."""


# --------------------------------------------------------------------------- text helpers


def _teks(value: object) -> str:
    """Any cell value as text; missing values (None, NA, NaN) become the empty string."""
    if value is None:
        return ""
    if not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value):
        return ""
    return str(value)


def _bersih(text: str) -> str:
    """Drop the control characters an XLSX/XML file cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _sel(value: object) -> str | None:
    """A text value ready for an XLSX cell: formula-escaped, cleaned, capped; empty -> None."""
    text = _bersih(_teks(value))
    if not text:
        return None
    return str(escape_sel(text))[:BATAS_TEKS_SEL]


def _h(value: object, batas: int | None = None) -> str:
    """A value from the file ready for HTML: formula-escaped, cleaned, capped, HTML-escaped."""
    text = _bersih(_teks(value))
    if batas is not None and len(text) > batas:
        text = text[:batas] + "…"
    return html.escape(str(escape_sel(text)), quote=True)


def _terminal(value: object, batas: int = 80) -> str:
    """A value safe to print: no control or bidi characters, one line, capped."""
    text = " ".join(_KENDALI.sub(" ", _teks(value)).split())
    return text if len(text) <= batas else text[: batas - 1] + "…"


def _ribuan(n: int) -> str:
    """An integer with Indonesian thousands separators: 20000 -> '20.000'."""
    return f"{n:,}".replace(",", ".")


def _tanggal(t: datetime) -> str:
    """A date and time in Bahasa Indonesia: '5 Maret 2025, pukul 14.03'."""
    return f"{t.day} {BULAN_ID[t.month - 1]} {t.year}, pukul {t:%H.%M}"


def nama_aman(stem: str) -> str:
    """A file stem made of ``[A-Za-z0-9._-]`` only, never hidden nor empty."""
    return _NAMA_TIDAK_AMAN.sub("_", stem).strip("._")[:100] or "berkas"


# --------------------------------------------------------------------------- problem frame


def _rapikan(masalah: pd.DataFrame) -> pd.DataFrame:
    """The problem columns of the karantina contract, sorted by row (whole-file problems first).

    Missing columns are added empty, ``baris`` becomes Int64 and a missing level counts as
    ``galat``; within a row errors come before warnings.
    """
    m = masalah.reindex(columns=list(KOLOM_MASALAH)).reset_index(drop=True)
    tingkat = m["tingkat_masalah"].astype("string").fillna("galat").str.strip().str.lower()
    m = m.assign(
        baris=pd.to_numeric(m["baris"], errors="coerce").astype("Int64"),
        tingkat_masalah=tingkat.astype(object),
        aturan=m["aturan"].astype("string").fillna("tanpa_aturan").astype(object),
        _urut=(tingkat != "galat").astype(int),
    )
    m = m.sort_values(["baris", "_urut"], na_position="first", kind="stable")
    return m.drop(columns="_urut").reset_index(drop=True)


def _bilangan(akuntansi: Mapping[str, object], kunci: str) -> int:
    """An integer count of the accounting dict (0 when absent or not a number)."""
    value: Any = akuntansi.get(kunci, 0)
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _jumlah_tingkat(m: pd.DataFrame) -> tuple[int, int]:
    """Number of errors and of warnings."""
    galat = int((m["tingkat_masalah"] == "galat").sum())
    return galat, len(m) - galat


def _ditolak(m: pd.DataFrame, akuntansi: Mapping[str, object]) -> str | None:
    """Why the whole file was rejected, or None when it was not."""
    if "ditolak" in akuntansi:
        return _teks(akuntansi["ditolak"]) or "berkas ditolak"
    tolak = m[m["aturan"] == "berkas_ditolak"]
    if tolak.empty:
        return None
    pesan = _teks(tolak["pesan"].iloc[0])
    awalan = "seluruh berkas ditolak:"
    if pesan.lower().startswith(awalan):
        pesan = pesan[len(awalan) :].strip()
    return pesan or "berkas ditolak"


def dapat_dipakai(masalah: pd.DataFrame, akuntansi: Mapping[str, object]) -> bool:
    """True when the file was not rejected and at least one row is usable."""
    if _ditolak(_rapikan(masalah), akuntansi) is not None:
        return False
    return _bilangan(akuntansi, "baris_dipakai") > 0


def _vonis(m: pd.DataFrame, akuntansi: Mapping[str, object]) -> tuple[bool, str, str]:
    """Verdict: usable or not, the verdict words, and why (Bahasa)."""
    ditolak = _ditolak(m, akuntansi)
    if ditolak is not None:
        return False, "TIDAK DAPAT DIPAKAI", f"seluruh berkas ditolak: {ditolak}"
    dipakai = _bilangan(akuntansi, "baris_dipakai")
    if dipakai <= 0:
        return False, "TIDAK DAPAT DIPAKAI", "tidak ada satu baris pun yang dapat dipakai"
    karantina = _bilangan(akuntansi, "baris_karantina")
    if karantina:
        alasan = (
            f"{_ribuan(dipakai)} baris dipakai; {_ribuan(karantina)} baris dikarantina dan "
            "tidak dipakai sampai diperbaiki"
        )
        return True, "DAPAT DIPAKAI", alasan
    return True, "DAPAT DIPAKAI", f"{_ribuan(dipakai)} baris dipakai"


def _akuntansi_baris(akuntansi: Mapping[str, object]) -> list[tuple[str, int]]:
    """Labelled row counts, in the order read = used + quarantined + non-data."""
    return [
        ("Baris dibaca", _bilangan(akuntansi, "baris_dibaca")),
        ("Baris dipakai", _bilangan(akuntansi, "baris_dipakai")),
        ("Baris dikarantina (ada galat, tidak dipakai)", _bilangan(akuntansi, "baris_karantina")),
        ("Baris bukan data (kosong, judul, total)", _bilangan(akuntansi, "baris_bukan_data")),
    ]


def _seimbang(akuntansi: Mapping[str, object]) -> bool:
    """True when rows read = used + quarantined + non-data."""
    dibaca, dipakai, karantina, bukan = (n for _, n in _akuntansi_baris(akuntansi))
    return dibaca == dipakai + karantina + bukan


def _per_aturan(m: pd.DataFrame) -> pd.DataFrame:
    """One row per rule: level, count and the first example by row; errors first, then count."""
    kolom = ["aturan", "tingkat", "jumlah", "baris", "kolom", "nilai", "pesan"]
    if m.empty:
        return pd.DataFrame(columns=kolom)
    grup = m.assign(_galat=m["tingkat_masalah"] == "galat").groupby("aturan", sort=False)
    ringkas = pd.DataFrame({"_galat": grup["_galat"].any(), "jumlah": grup.size()})
    contoh = m.drop_duplicates("aturan").set_index("aturan")[["baris", "kolom", "nilai", "pesan"]]
    ringkas = ringkas.join(contoh).reset_index()
    ringkas = ringkas.sort_values(["_galat", "jumlah"], ascending=[False, False], kind="stable")
    ringkas = ringkas.assign(tingkat=ringkas["_galat"].map({True: "galat", False: "peringatan"}))
    return ringkas[kolom].reset_index(drop=True)


def _penjelasan(aturan: str, pesan: object) -> str:
    """The Bahasa explanation of a rule (its first message when the rule is not known here)."""
    return PENJELASAN.get(aturan) or _teks(pesan)


# --------------------------------------------------------------------------- terminal


def _contoh(baris: object, kolom: object, nilai: object, pesan: object) -> str:
    """One example problem as a terminal line fragment."""
    bagian = ["seluruh berkas" if _teks(baris) == "" else f"baris {_teks(baris)}"]
    if _teks(kolom):
        bagian.append(f"kolom {_terminal(kolom, 60)}")
    if _teks(baris) != "":
        bagian.append(f'nilai "{_terminal(nilai, 40)}"' if _teks(nilai) else "nilai kosong")
    return f"{', '.join(bagian)}: {_terminal(pesan, 160)}"


def _baris_aturan(m: pd.DataFrame, maks_aturan: int) -> list[str]:
    """Terminal lines for the most frequent rules (errors first), one example each."""
    per = _per_aturan(m)
    if per.empty:
        return ["Tidak ada masalah yang ditemukan."]
    lines = ["Aturan yang dilanggar:"]
    for r in per.head(maks_aturan).itertuples(index=False):
        lines.append(f"  - {_terminal(r.aturan, 60)} ({r.tingkat}): {_ribuan(int(r.jumlah))} kali")
        lines.append(f"      contoh: {_contoh(r.baris, r.kolom, r.nilai, r.pesan)}")
    if len(per) > maks_aturan:
        lines.append(f"  … dan {len(per) - maks_aturan} aturan lain (lihat laporan).")
    return lines


def ringkasan_validasi(
    masalah: pd.DataFrame,
    akuntansi: Mapping[str, object],
    *,
    laporan: Mapping[str, Path] | None = None,
    maks_aturan: int = 5,
) -> str:
    """A short plain-text summary in Bahasa Indonesia for the terminal (no rich markup).

    Args:
        masalah: the problems (columns of the karantina contract; ``id_run`` not needed).
        akuntansi: the file's row accounting (see :mod:`transforms.components`).
        laporan: where the report files were written (e.g. :func:`tulis_laporan`'s result).
        maks_aturan: how many rules to list, errors first then by count.
    """
    m = _rapikan(masalah)
    berkas = akuntansi.get("berkas") or next(iter(m["berkas"].dropna()), "")
    _, kata, alasan = _vonis(m, akuntansi)
    dibaca, dipakai, karantina, bukan = (n for _, n in _akuntansi_baris(akuntansi))
    galat, peringatan = _jumlah_tingkat(m)
    lines = [
        f"Berkas  : {_terminal(berkas, 120)}",
        f"Hasil   : {kata} ({_terminal(alasan, 300)})",
        f"Baris   : {_ribuan(dibaca)} dibaca = {_ribuan(dipakai)} dipakai + "
        f"{_ribuan(karantina)} dikarantina + {_ribuan(bukan)} bukan data"
        + ("" if _seimbang(akuntansi) else "  (JUMLAH TIDAK SEIMBANG)"),
        f"Masalah : {_ribuan(galat)} galat, {_ribuan(peringatan)} peringatan",
        *_baris_aturan(m, maks_aturan),
    ]
    if laporan:
        lines.append("Laporan :")
        lines.extend(
            f"  {_terminal(jenis, 10).upper():<5} {path}" for jenis, path in laporan.items()
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- HTML

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2937;
 max-width:72rem;margin:1.5rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin-top:2rem;
 border-bottom:1px solid #e5e7eb;padding-bottom:.2rem}
.meta{color:#4b5563;margin:.2rem 0}
.vonis{display:inline-block;padding:.35rem .9rem;border-radius:.3rem;font-weight:700;color:#fff}
.vonis.ya{background:#15803d}.vonis.tidak{background:#b91c1c}
table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}
th,td{border:1px solid #d1d5db;padding:.3rem .55rem;text-align:left;vertical-align:top}
th{background:#f3f4f6}td.angka{text-align:right;font-variant-numeric:tabular-nums}
table.daftar{width:100%}td.nilai{font-family:ui-monospace,Consolas,monospace;
 white-space:pre-wrap;word-break:break-all}
tr.galat td{background:#fdecea}tr.peringatan td{background:#fff6db}
.t-galat{color:#b91c1c;font-weight:700}.t-peringatan{color:#b45309;font-weight:700}
.kotak{border-left:4px solid #b45309;background:#fff6db;padding:.5rem .8rem;margin:.6rem 0}
.kotak.merah{border-left-color:#b91c1c;background:#fdecea}
@media print{body{margin:0}tr{break-inside:avoid}}
"""


def _html_kepala(
    m: pd.DataFrame, akuntansi: Mapping[str, object], judul_berkas: str, tanggal: datetime
) -> str:
    """Title, file name, date and verdict."""
    ya, kata, alasan = _vonis(m, akuntansi)
    ditolak = _ditolak(m, akuntansi)
    kotak = (
        f'<p class="kotak merah"><strong>Seluruh berkas ditolak.</strong> {_h(ditolak)}</p>'
        if ditolak is not None
        else ""
    )
    return (
        "<header><h1>Laporan pemeriksaan berkas</h1>"
        f'<p class="meta">Berkas: <strong>{_h(judul_berkas)}</strong></p>'
        f'<p class="meta">Diperiksa: {_h(_tanggal(tanggal))}</p>'
        f'<p><span class="vonis {"ya" if ya else "tidak"}">{kata}</span> '
        f"{_h(alasan if ditolak is None else 'seluruh berkas ditolak')}</p>{kotak}</header>"
    )


def _html_akuntansi(m: pd.DataFrame, akuntansi: Mapping[str, object]) -> str:
    """The accounting table: read = used + quarantined + non-data, errors and warnings."""
    galat, peringatan = _jumlah_tingkat(m)
    rows = [
        *_akuntansi_baris(akuntansi),
        ("Jumlah galat", galat),
        ("Jumlah peringatan", peringatan),
    ]
    body = "".join(
        f'<tr><th scope="row">{_h(label)}</th><td class="angka">{_ribuan(n)}</td></tr>'
        for label, n in rows
    )
    cek = (
        "Baris dibaca = dipakai + dikarantina + bukan data."
        if _seimbang(akuntansi)
        else "Perhatian: jumlah baris dibaca tidak sama dengan dipakai + dikarantina + bukan data."
    )
    return (
        f'<section><h2>Perhitungan baris</h2><table class="akuntansi">{body}</table>'
        f'<p class="meta">{cek} Galat: baris tidak dipakai sampai diperbaiki. Peringatan: '
        "baris tetap dipakai, tetapi mohon diperiksa.</p></section>"
    )


def _html_aturan(m: pd.DataFrame) -> str:
    """The per-rule summary table."""
    per = _per_aturan(m)
    if per.empty:
        return "<section><h2>Ringkasan per aturan</h2><p>Tidak ada masalah.</p></section>"
    body = "".join(
        f'<tr class="{_h(r.tingkat)}"><td><code>{_h(r.aturan)}</code></td>'
        f'<td class="t-{_h(r.tingkat)}">{_h(r.tingkat)}</td>'
        f'<td class="angka">{_ribuan(int(r.jumlah))}</td>'
        f"<td>{_h(_penjelasan(r.aturan, r.pesan))}</td></tr>"
        for r in per.itertuples(index=False)
    )
    return (
        "<section><h2>Ringkasan per aturan</h2><table><thead><tr><th>Aturan</th>"
        "<th>Tingkat</th><th>Jumlah</th><th>Penjelasan</th></tr></thead>"
        f"<tbody>{body}</tbody></table></section>"
    )


def _html_tindakan(m: pd.DataFrame, akuntansi: Mapping[str, object]) -> str:
    """What the officer should do next."""
    ditolak = _ditolak(m, akuntansi)
    if ditolak is not None:
        langkah = [
            f"Perbaiki penyebab penolakan: {_h(ditolak)}",
            "Pastikan judul kolom dan format berkas sesuai format laporan yang diminta.",
            "Simpan, lalu kirim ulang seluruh berkas.",
        ]
    elif m.empty:
        return (
            "<section><h2>Apa yang harus dilakukan</h2>"
            "<p>Tidak ada masalah. Tidak perlu tindakan apa pun.</p></section>"
        )
    else:
        langkah = [
            "Buka laporan XLSX yang menyertai laporan ini: sel <strong>merah</strong> berisi "
            "galat (barisnya tidak dipakai), sel <strong>kuning</strong> berisi peringatan "
            "(barisnya tetap dipakai, mohon diperiksa). Arahkan kursor ke sel untuk membaca "
            "komentarnya.",
            "Perbaiki isi sel tersebut di berkas asli Anda. Jangan mengubah judul kolom, urutan "
            "kolom, atau nama sheet.",
            "Simpan, lalu kirim ulang seluruh berkas (bukan hanya baris yang diperbaiki).",
        ]
    items = "".join(f"<li>{s}</li>" for s in langkah)
    return f"<section><h2>Apa yang harus dilakukan</h2><ol>{items}</ol></section>"


def _html_daftar(m: pd.DataFrame, batas: int) -> str:
    """The problem list sorted by row, capped at ``batas`` rows with a note."""
    if m.empty:
        return ""
    tampil = m.head(batas)
    rows = []
    for baris, kolom, nilai, aturan, tingkat, pesan in zip(
        tampil["baris"].tolist(),
        tampil["kolom"].tolist(),
        tampil["nilai"].tolist(),
        tampil["aturan"].tolist(),
        tampil["tingkat_masalah"].tolist(),
        tampil["pesan"].tolist(),
        strict=True,
    ):
        kelas = "galat" if tingkat == "galat" else "peringatan"
        rows.append(
            f'<tr class="{kelas}"><td class="angka">{_h(baris) or "seluruh berkas"}</td>'
            f'<td>{_h(kolom)}</td><td class="nilai">{_h(nilai, BATAS_NILAI_HTML)}</td>'
            f'<td><code>{_h(aturan)}</code></td><td class="t-{kelas}">{_h(tingkat)}</td>'
            f"<td>{_h(pesan)}</td></tr>"
        )
    catatan = ""
    if len(m) > batas:
        catatan = (
            f'<p class="kotak">Ditampilkan {_ribuan(batas)} dari {_ribuan(len(m))} masalah; '
            f"{_ribuan(len(m) - batas)} masalah lainnya tidak ditampilkan di sini. Daftar "
            "lengkap ada di laporan XLSX (sheet Masalah).</p>"
        )
    isi = "\n".join(rows)
    return (
        "<section><h2>Daftar masalah</h2>"
        f'{catatan}<table class="daftar"><thead><tr><th>Baris</th><th>Kolom</th>'
        "<th>Nilai</th><th>Aturan</th><th>Tingkat</th><th>Pesan</th></tr></thead>"
        f"<tbody>\n{isi}\n</tbody></table>{catatan}</section>"
    )


def tulis_laporan_html(
    masalah: pd.DataFrame,
    akuntansi: Mapping[str, object],
    out: Path,
    *,
    judul_berkas: str,
    tanggal: datetime | None = None,
    batas: int = BATAS_HTML,
) -> Path:
    """Write the self-contained HTML report (Bahasa Indonesia) and return its path.

    Args:
        masalah: the problems (karantina contract columns).
        akuntansi: the file's row accounting.
        out: the HTML file to write.
        judul_berkas: the file name shown to the officer.
        tanggal: when the check ran (default: now).
        batas: at most this many problems are listed (the XLSX report has them all).
    """
    m = _rapikan(masalah)
    tanggal = tanggal or datetime.now()
    isi = "\n".join(
        [
            _html_kepala(m, akuntansi, judul_berkas, tanggal),
            _html_akuntansi(m, akuntansi),
            _html_aturan(m),
            _html_tindakan(m, akuntansi),
            _html_daftar(m, batas),
        ]
    )
    doc = (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Laporan pemeriksaan — {_h(judul_berkas)}</title><style>{CSS}</style></head>"
        f'<body>{isi}<footer class="meta"><p>Dibuat oleh indikator.</p></footer></body></html>\n'
    )
    out.write_text(doc, encoding="utf-8")
    return out


# --------------------------------------------------------------------------- XLSX: copy


def _ukuran_unzip(path: Path) -> int:
    """Total uncompressed size of a zip file's members."""
    with zipfile.ZipFile(path) as z:
        return sum(info.file_size for info in z.infolist())


def _salin_xlsx(path: Path, sheet: str | None) -> tuple[Workbook, Worksheet, str]:
    """Open the original workbook (external links and macros dropped) and pick the sheet."""
    if not zipfile.is_zipfile(path):
        raise _TidakDisalin("berkas bukan berkas Excel (XLSX) yang sah")
    if _ukuran_unzip(path) > BATAS_UNZIP:
        raise _TidakDisalin("berkas terlalu besar untuk disalin ke laporan")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(path, keep_links=False, keep_vba=False)
    ws = wb.worksheets[0] if sheet is None and wb.worksheets else None
    if sheet is not None and sheet in wb.sheetnames:
        ws = wb[sheet]
    if not isinstance(ws, Worksheet):
        raise _TidakDisalin(
            f"sheet {sheet!r} tidak ditemukan di berkas" if sheet else "berkas tidak berisi sheet"
        )
    return wb, ws, f"Sheet {ws.title!r} disalin dari berkas asli."


def _teks_excel(value: object) -> object:
    """A calamine value for the values-only copy: numbers stay numbers, the rest is text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        iso = getattr(value, "isoformat", None)
        return _sel(iso() if callable(iso) else value)
    return value


def _salin_nilai_excel(path: Path, sheet: str | None) -> tuple[Workbook, Worksheet, str]:
    """A values-only copy of a sheet openpyxl cannot open (XLS, ODS), read with calamine."""
    import python_calamine as pc

    buku = pc.CalamineWorkbook.from_path(str(path))
    lembar = buku.get_sheet_by_name(sheet) if sheet else buku.get_sheet_by_index(0)
    akhir = lembar.end or (0, 0)
    if (akhir[0] + 1) * (akhir[1] + 1) > BATAS_SEL:
        raise _TidakDisalin("berkas terlalu besar untuk disalin ke laporan")
    rows = lembar.to_python(skip_empty_area=False)
    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\[\]:*?/\\]", "_", lembar.name)[:31] or "Data"
    _tulis_baris(ws, ([_teks_excel(v) for v in row] for row in rows))
    _lebar_kolom(ws, rows[:500])
    catatan = f"Sheet {lembar.name!r} disalin (nilai saja, tanpa format) dari berkas asli."
    return wb, ws, catatan


def _baca_csv(path: Path, pemisah: str | None) -> list[list[str]]:
    """The records of a CSV file, decoded and split exactly as the pipeline's reader does."""
    try:
        return baca_baris_csv(path, pemisah)
    except BerkasTidakTerbaca as exc:
        raise _TidakDisalin(str(exc)) from exc


def _tulis_baris(ws: Worksheet, rows: Iterable[list[object]]) -> None:
    """Write rows from A1 (record number = row number); text cells get the text format."""
    for r, row in enumerate(rows, start=1):
        if r > MAKS_BARIS_EXCEL:
            break
        for c, value in enumerate(row[:MAKS_KOLOM_EXCEL], start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.number_format = "@"
    for cell in ws[1]:
        cell.font = Font(bold=True)


def _salin_csv(path: Path, pemisah: str | None) -> tuple[Workbook, Worksheet, str]:
    """A new workbook with the CSV records as (escaped) text cells."""
    records = _baca_csv(path, pemisah)
    if sum(map(len, records)) > BATAS_SEL:
        raise _TidakDisalin("berkas terlalu besar untuk disalin ke laporan")
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    _tulis_baris(ws, ([_sel(v) for v in record] for record in records))
    _lebar_kolom(ws, records[:500])
    return wb, ws, "Isi berkas CSV disalin sebagai teks ke sheet 'Data'."


def _salin(path: Path, sheet: str | None, pemisah: str | None) -> tuple[Workbook, Worksheet, str]:
    """Copy the original by its extension; an XLSX openpyxl cannot read is copied by value."""
    akhiran = path.suffix.lower()
    if akhiran in {".xlsx", ".xlsm"}:
        try:
            return _salin_xlsx(path, sheet)
        except _TidakDisalin:
            raise
        except Exception:
            log.info("openpyxl tidak dapat membuka %s; salinan nilai saja", path, exc_info=True)
            return _salin_nilai_excel(path, sheet)
    if akhiran in {".xls", ".ods"}:
        return _salin_nilai_excel(path, sheet)
    return _salin_csv(path, pemisah)


def _salin_asli(
    path: Path, sheet: str | None, pemisah: str | None
) -> tuple[Workbook, Worksheet | None, str]:
    """The workbook to annotate, its data sheet (None when not copied) and a Bahasa note."""
    try:
        return _salin(path, sheet, pemisah)
    except _TidakDisalin as exc:
        return _tanpa_salinan(str(exc))
    except Exception:  # a hostile or corrupt file must never crash the report
        log.warning("salinan %s tidak dapat dibuat", path, exc_info=True)
        return _tanpa_salinan("berkas asli tidak dapat dibuka")


def _tanpa_salinan(alasan: str) -> tuple[Workbook, Worksheet | None, str]:
    """An empty workbook (no copy of the original) and the Bahasa note saying why."""
    wb = Workbook()
    wb.remove(wb.active)
    return wb, None, f"Tidak ada salinan sheet: {alasan}."


# --------------------------------------------------------------------------- XLSX: marks


@dataclass
class _Tanda:
    """The problems that fall on one cell."""

    galat: bool = False
    pesan: list[str] = field(default_factory=list)

    def tambah(self, tingkat: str, teks: str) -> None:
        """Add one problem (identical messages once)."""
        self.galat = self.galat or tingkat == "galat"
        if teks not in self.pesan:
            self.pesan.append(teks)


def _nilai_baris(ws: Worksheet, row: int) -> list[str]:
    """The cells of one sheet row as text ('' for empty)."""
    if row < 1:
        return []
    rows = ws.iter_rows(min_row=row, max_row=row, values_only=True)
    return [_teks(v).strip() for v in next(rows, ())]


def _peta_kolom(ws: Worksheet, baris_judul: int) -> dict[str, int]:
    """Normalised header name -> column number (first occurrence wins).

    Names are the cells of row ``baris_judul``; for a two-row header also the cells of the row
    above, and ``group sub`` where a group label (carried right over blank cells, as merged
    cells are) stands above a sub-header, as :mod:`transforms.read` names such columns.
    """
    bawah = _nilai_baris(ws, baris_judul)
    atas = _nilai_baris(ws, baris_judul - 1)
    peta: dict[str, int] = {}
    for c, nama in enumerate(bawah, start=1):
        if nama:
            peta.setdefault(normalize_header(nama), c)
    grup = ""
    for c in range(1, max(len(atas), len(bawah)) + 1):
        label = atas[c - 1] if c <= len(atas) else ""
        sub = bawah[c - 1] if c <= len(bawah) else ""
        grup = label or grup
        if label:
            peta.setdefault(normalize_header(label), c)
        if grup and sub:
            peta.setdefault(normalize_header(f"{grup} {sub}"), c)
    return peta


def _kolom_sasaran(kolom: object, peta: Mapping[str, int]) -> list[int]:
    """Columns a problem names: the header itself, or each part of ``A/B/C`` that is known."""
    text = _teks(kolom)
    if not text:
        return []
    nama = normalize_header(text)
    if nama in peta:
        return [peta[nama]]
    return list(dict.fromkeys(peta[p] for p in map(normalize_header, text.split("/")) if p in peta))


def _kumpulkan_tanda(m: pd.DataFrame, peta: Mapping[str, int]) -> dict[tuple[int, int], _Tanda]:
    """Cell (row, column) -> its problems; a row-level problem goes to the row's first cell."""
    tanda: dict[tuple[int, int], _Tanda] = {}
    for baris, kolom, nilai, tingkat, pesan in zip(
        m["baris"].tolist(),
        m["kolom"].tolist(),
        m["nilai"].tolist(),
        m["tingkat_masalah"].tolist(),
        m["pesan"].tolist(),
        strict=True,
    ):
        if baris is pd.NA or not 1 <= baris <= MAKS_BARIS_EXCEL:
            continue
        label = "GALAT" if tingkat == "galat" else "PERINGATAN"
        sasaran = _kolom_sasaran(kolom, peta)
        teks = f"{label}: {_teks(pesan)}"
        if not sasaran:
            sasaran = [1]
            bagian = [f"kolom {_teks(kolom)}" if _teks(kolom) else "", _teks(nilai)]
            rincian = "; ".join(b for b in bagian if b)
            teks = f"{label} ({rincian}): {_teks(pesan)}" if rincian else teks
        for c in sasaran:
            tanda.setdefault((int(baris), c), _Tanda()).tambah(tingkat, teks)
    return tanda


def _komentar(t: _Tanda, lama: Comment | None) -> Comment:
    """One comment listing every problem of a cell (the original comment kept below)."""
    lines = [f"• {p}" for p in t.pesan[:BATAS_PESAN_PER_SEL]]
    if len(t.pesan) > BATAS_PESAN_PER_SEL:
        lines.append(f"… dan {len(t.pesan) - BATAS_PESAN_PER_SEL} masalah lain (sheet Masalah)")
    if lama is not None and lama.author != PENULIS:
        lines.append(f"\nKomentar asli: {lama.text}")
    text = _bersih("\n".join(lines))[:BATAS_TEKS_SEL]
    tinggi = min(400, 30 + 18 * sum(1 + len(line) // 45 for line in lines))
    return Comment(text, PENULIS, height=tinggi, width=320)


def _sel_utama(ws: Worksheet, row: int, col: int) -> Cell:
    """The cell at (row, col), or the top-left cell of the merged range that covers it."""
    cell = ws.cell(row=row, column=col)
    if isinstance(cell, MergedCell):
        for rng in ws.merged_cells.ranges:
            if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
                return ws.cell(row=rng.min_row, column=rng.min_col)
    return cell


def _tandai(ws: Worksheet, m: pd.DataFrame, baris_judul: int) -> str:
    """Fill and comment every failing cell of the data sheet; return a Bahasa note.

    Every failing cell is filled; the first :data:`BATAS_KOMENTAR` (by row) get a comment
    (openpyxl writes comments slowly; beyond that many the ``Masalah`` sheet is the guide).
    """
    tanda = _kumpulkan_tanda(m, _peta_kolom(ws, baris_judul))
    for i, ((row, col), t) in enumerate(tanda.items()):
        cell = _sel_utama(ws, row, col)
        cell.fill = ISI_GALAT if t.galat else ISI_PERINGATAN
        if i < BATAS_KOMENTAR:
            cell.comment = _komentar(t, cell.comment)
    if ws.freeze_panes is None and baris_judul >= 1:
        ws.freeze_panes = f"A{baris_judul + 1}"
    ws.sheet_state = "visible"
    if len(tanda) <= BATAS_KOMENTAR:
        return f"{_ribuan(len(tanda))} sel ditandai."
    return (
        f"{_ribuan(len(tanda))} sel ditandai; hanya {_ribuan(BATAS_KOMENTAR)} sel pertama diberi "
        "komentar, penjelasan lengkap ada di sheet Masalah."
    )


# --------------------------------------------------------------------------- XLSX: sheets


def _nama_sheet(wb: Workbook, dasar: str) -> str:
    """A sheet title not yet used in the workbook."""
    nama, i = dasar, 1
    while nama in wb.sheetnames:
        i += 1
        nama = f"{dasar} ({i})"
    return nama


def _lebar_kolom(ws: Worksheet, rows: Iterable[Iterable[object]]) -> None:
    """Set column widths roughly from the longest text of the given rows (8..60 characters)."""
    lebar: dict[int, int] = {}
    for row in rows:
        for c, value in enumerate(row, start=1):
            panjang = max((len(p) for p in _teks(value).split("\n")), default=0)
            lebar[c] = max(lebar.get(c, 0), panjang)
    for c, n in lebar.items():
        ws.column_dimensions[get_column_letter(c)].width = min(60, max(8, n + 2))


def _sheet_masalah(wb: Workbook, m: pd.DataFrame) -> Worksheet:
    """The sheet listing every problem, one row each (values escaped).

    The file name is on ``Ringkasan``; the sheet name is a column only when problems name one.
    """
    ws = wb.create_sheet(_nama_sheet(wb, "Masalah"))
    judul = ["Baris", "Kolom", "Nilai", "Aturan", "Tingkat", "Pesan"]
    kolom = ["kolom", "nilai", "aturan", "tingkat_masalah", "pesan"]
    if m["sheet"].notna().any():
        judul.append("Sheet")
        kolom.append("sheet")
    ws.append(judul)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    teks = [m[k].tolist() for k in kolom]
    for i, baris in enumerate(m["baris"].tolist()):
        ws.append([None if baris is pd.NA else int(baris), *(_sel(t[i]) for t in teks)])
    rentang = f"E2:E{max(len(m), 1) + 1}"
    for kata, isi in (("galat", ISI_GALAT), ("peringatan", ISI_PERINGATAN)):
        ws.conditional_formatting.add(
            rentang, CellIsRule(operator="equal", formula=[f'"{kata}"'], fill=isi)
        )
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(judul))}{len(m) + 1}"
    _lebar_kolom(ws, ws.iter_rows(max_row=500, values_only=True))
    return ws


def _sheet_ringkasan(
    wb: Workbook,
    m: pd.DataFrame,
    akuntansi: Mapping[str, object] | None,
    catatan: str,
    tanggal: datetime,
) -> Worksheet:
    """The sheet with the verdict, the accounting, the legend and what to do."""
    ws = wb.create_sheet(_nama_sheet(wb, "Ringkasan"))
    galat, peringatan = _jumlah_tingkat(m)
    rows: list[tuple[str, object]] = [("Keterangan", "Isi"), ("Diperiksa", _tanggal(tanggal))]
    if akuntansi is not None:
        _, kata, alasan = _vonis(m, akuntansi)
        rows += [("Berkas", akuntansi.get("berkas")), ("Keputusan", f"{kata} ({alasan})")]
        rows += _akuntansi_baris(akuntansi)
    rows += [("Jumlah galat", galat), ("Jumlah peringatan", peringatan), ("Salinan", catatan)]
    rows += [
        ("", None),
        ("Merah", "galat: baris tidak dipakai sampai sel diperbaiki"),
        ("Kuning", "peringatan: baris tetap dipakai, mohon diperiksa"),
        ("Yang harus dilakukan", "perbaiki sel yang ditandai di berkas asli, lalu kirim ulang"),
    ]
    for label, value in rows:
        ws.append([_sel(label), value if isinstance(value, int) else _sel(value)])
    ws["A1"].font = ws["B1"].font = Font(bold=True)
    baris_merah = len(rows) - 2
    ws.cell(row=baris_merah, column=1).fill = ISI_GALAT
    ws.cell(row=baris_merah + 1, column=1).fill = ISI_PERINGATAN
    ws.column_dimensions["A"].width = 46
    ws.column_dimensions["B"].width = 90
    for row in ws.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    return ws


def _aktifkan(wb: Workbook, ws: Worksheet) -> None:
    """Make ``ws`` the only selected, active sheet."""
    for other in wb.worksheets:
        other.sheet_view.tabSelected = other is ws
    wb.active = wb.worksheets.index(ws)


@dataclass(frozen=True)
class _Isi:
    """What goes into the XLSX report besides the copy of the original."""

    masalah: pd.DataFrame
    akuntansi: Mapping[str, object] | None
    baris_judul: int
    tanggal: datetime


def tulis_laporan_xlsx(
    path_asli: Path,
    masalah: pd.DataFrame,
    out: Path,
    *,
    sheet: str | None = None,
    baris_judul: int = 1,
    akuntansi: Mapping[str, object] | None = None,
    pemisah: str | None = None,
    tanggal: datetime | None = None,
) -> Path:
    """Write the XLSX report: the officer's sheet annotated, plus ``Masalah`` and ``Ringkasan``.

    An XLSX input is copied with openpyxl (all its sheets kept, in order; external links and
    macros dropped; the data sheet made active); an XLS/ODS input, or an XLSX openpyxl cannot
    load, gets a values-only copy of the sheet read with calamine; a CSV input is written as
    text cells into a sheet ``Data``. Failing cells get a red (galat) or yellow (peringatan)
    fill and one comment listing their messages. When the original cannot be opened (corrupt,
    not a spreadsheet, too big) the report has only ``Masalah`` and ``Ringkasan``.

    Args:
        path_asli: the file the officer sent.
        masalah: the problems (karantina contract columns); ``baris`` is the physical row.
        out: the XLSX file to write.
        sheet: the data sheet of an XLSX input (default: the sheet named in ``masalah``,
            else the first).
        baris_judul: physical row of the header, used to find a problem's column.
        akuntansi: the row accounting for the ``Ringkasan`` sheet (verdict left out if None).
        pemisah: the CSV separator (default: sniffed among ``; , TAB |``).
        tanggal: when the check ran (default: now).
    """
    m = _rapikan(masalah)
    if sheet is None and m["sheet"].notna().any():
        sheet = _teks(m["sheet"].dropna().iloc[0]) or None
    isi = _Isi(m, akuntansi, baris_judul, tanggal or datetime.now())
    wb, ws, catatan = _salin_asli(Path(path_asli), sheet, pemisah)
    try:
        _simpan_xlsx(wb, ws, catatan, isi, out)
    except Exception:  # an odd workbook that cannot be annotated or saved back
        if ws is None:
            raise
        log.warning("salinan %s tidak dapat ditandai atau disimpan", path_asli, exc_info=True)
        _simpan_xlsx(*_tanpa_salinan("sheet asli tidak dapat ditandai atau disimpan"), isi, out)
    return out


def _simpan_xlsx(wb: Workbook, ws: Worksheet | None, catatan: str, isi: _Isi, out: Path) -> None:
    """Mark the copied sheet (if any), add ``Masalah`` and ``Ringkasan``, save."""
    m = isi.masalah
    if ws is not None:
        catatan = f"{catatan} {_tandai(ws, m, isi.baris_judul)}"
    masalah_ws = _sheet_masalah(wb, m)
    ringkasan_ws = _sheet_ringkasan(wb, m, isi.akuntansi, catatan, isi.tanggal)
    _aktifkan(wb, ws if ws is not None else (ringkasan_ws if m.empty else masalah_ws))
    wb.save(out)


# --------------------------------------------------------------------------- both


def tulis_laporan(
    path_asli: Path,
    masalah: pd.DataFrame,
    akuntansi: Mapping[str, object],
    folder_out: Path,
    *,
    sheet: str | None = None,
    baris_judul: int = 1,
    pemisah: str | None = None,
    tanggal: datetime | None = None,
) -> dict[str, Path]:
    """Write ``<stem>.laporan.html`` and ``<stem>.laporan.xlsx`` into ``folder_out``.

    Returns:
        ``{"html": path, "xlsx": path}``.
    """
    path_asli = Path(path_asli)
    folder_out.mkdir(parents=True, exist_ok=True)
    stem = nama_aman(path_asli.stem)
    tanggal = tanggal or datetime.now()
    judul = _teks(akuntansi.get("berkas")) or path_asli.name
    return {
        "html": tulis_laporan_html(
            masalah,
            akuntansi,
            folder_out / f"{stem}.laporan.html",
            judul_berkas=judul,
            tanggal=tanggal,
        ),
        "xlsx": tulis_laporan_xlsx(
            path_asli,
            masalah,
            folder_out / f"{stem}.laporan.xlsx",
            sheet=sheet,
            baris_judul=baris_judul,
            akuntansi=akuntansi,
            pemisah=pemisah,
            tanggal=tanggal,
        ),
    }
