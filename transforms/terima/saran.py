"""Short refusals for a file no layout fits: the closest layouts, the file's columns, and a
ready ``--kolom`` command line with components suggested by similarity.

The whole list of sources is not printed here any more: ``indikator katalog --sumber``.
"""

from __future__ import annotations

from pathlib import Path

from schemas.judul import bentuk_judul, kunci_judul
from schemas.model import Katalog
from transforms.terima.kenali import Skor

MIRIP_MAKS = 3
KOLOM_MAKS = 12
KURANG_MAKS = 4
SKOR_MINIMUM = 80  # rapidfuzz token sort ratio of a header and a component's name or title

_BUKAN_ANGKA = {"NO", "NOMOR", "KODE", "NAMA", "BULAN", "TAHUN", "PERIODE", "SEMESTER"}


def _kolom_keterangan(katalog: Katalog) -> set[str]:
    """Keys of headers that name a region or a period in some layout (never a number)."""
    keys = set(_BUKAN_ANGKA)
    for lay in katalog.sumber.values():
        names = [*lay.wilayah.values(), *lay.periode.values()]
        for name in names:
            keys.add(kunci_judul(name))
            keys.update(kunci_judul(a) for a in lay.alias_kolom.get(name, ()))
    keys |= {"PROVINSI", "KABUPATEN", "KOTA", "KAB KOTA", "KECAMATAN", "DESA", "KELURAHAN"}
    return keys - {""}


def _dari_layout(col: str, katalog: Katalog) -> str | None:
    """The component a layout reads from a column spelled like ``col``, if any."""
    for lay in katalog.sumber.values():
        name = lay.peta_header([col]).get(col)
        if name in lay.komponen:
            return lay.komponen[name]
    return None


def _mirip(col: str, katalog: Katalog) -> str | None:
    """The component whose name or title is most like ``col`` (rapidfuzz token sort ratio,
    counting prefixes left out on both sides), if close enough."""
    from rapidfuzz import fuzz

    key = bentuk_judul(col)[-1]
    best: tuple[float, str] | None = None
    for nama, komp in katalog.komponen.items():
        for teks in (nama, komp.judul):
            skor = fuzz.token_sort_ratio(key, bentuk_judul(teks)[-1])
            if best is None or skor > best[0]:
                best = (skor, nama)
    return best[1] if best and best[0] >= SKOR_MINIMUM else None


def cari_saran_kolom(header: list[str], katalog: Katalog) -> list[tuple[str, str]]:
    """``(file column, component)`` pairs for a ``--kolom`` line: the numbers of a table.

    Region, period and index columns are left out; a column some layout reads as a component
    suggests that component, else the component most like it by name.
    """
    lewati = _kolom_keterangan(katalog)
    saran: list[tuple[str, str]] = []
    dipakai: set[str] = set()
    for col in header:
        forms = bentuk_judul(col)
        if not forms[0] or any(f in lewati for f in forms) or forms[0].startswith("KODE "):
            continue
        komp = _dari_layout(col, katalog) or _mirip(col, katalog)
        if komp and komp not in dipakai:
            saran.append((col, komp))
            dipakai.add(komp)
    return saran


def _daftar(names: list[str] | tuple[str, ...], maks: int) -> str:
    lebih = f" (+{len(names) - maks} lagi)" if len(names) > maks else ""
    return ", ".join(names[:maks]) + lebih


def buat_pesan_sumber_tidak_dikenal(
    nama: str,
    skor: list[Skor],
    katalog: Katalog,
    tahun: int | None = None,
    wilayah: str | None = None,
) -> str:
    """At most ~10 lines: what fitted best and what it missed, the columns, what to type
    (the command line keeps the ``--wilayah`` the person already gave)."""
    header = list(max(skor, key=lambda s: s.bobot).header) if skor else []
    mirip = [s for s in skor if s.cocok and s.nilai][:MIRIP_MAKS]
    lines = [f"Berkas {nama!r} tidak dikenali sebagai format mana pun."]
    if mirip:
        lines.append("Format yang paling mirip:")
        lines += [
            f"  - {s.layout.id}: kurang kolom {_daftar(s.kurang, KURANG_MAKS)}" for s in mirip
        ]
    lines.append(f"Kolom berkas: {_daftar(header, KOLOM_MAKS) or '(tidak ada)'}")
    saran = cari_saran_kolom(header, katalog)
    tahun_teks = str(tahun) if tahun else "TAHUN"
    if wilayah:
        tahun_teks += f" --wilayah {wilayah}"
    if saran:
        kolom = " ".join(f'--kolom "{c}={k}"' for c, k in saran)
        lines.append("Bila ini tabel dinas biasa, sebutkan kolom angkanya (periksa komponennya):")
        lines.append(f"  indikator ingest '{nama}' --tahun {tahun_teks} {kolom}")
    else:
        lines.append(
            f"Bila ini tabel dinas biasa: indikator ingest '{nama}' --tahun {tahun_teks} "
            '--kolom "JUDUL KOLOM=nama_komponen"'
        )
    tambah = "" if wilayah else "Tambahkan --wilayah KODE bila berkas hanya memuat nama wilayah. "
    lines.append(
        f"{tambah}Nama komponen: indikator katalog --json; semua format: indikator katalog "
        "--sumber (lalu --sumber ID)."
    )
    return "\n".join(lines)


def buat_pesan_sumber_ganda(nama: str, a: Skor, b: Skor) -> str:
    """Two layouts fit equally: name both (by id) and ask for ``--sumber``."""
    a, b = sorted((a, b), key=lambda s: s.layout.id)
    return (
        f"Berkas {nama!r} cocok sama baiknya dengan dua format: {a.layout.id} ({a.layout.judul}) "
        f"dan {b.layout.id} ({b.layout.judul}). Sebutkan yang benar dengan "
        f"--sumber {a.layout.id} atau --sumber {b.layout.id}."
    )


def cari_kolom_terlewat(path: Path, sumber: str, katalog: Katalog) -> list[tuple[str, str]]:
    """Columns of a recognised file its layout does not read although another layout reads
    a column so spelled as a component (``(column, component)``): said at ingest, so no
    number is dropped unseen."""
    from transforms.baca.intip import baca_judul

    layout = katalog.sumber.get(sumber)
    if layout is None:
        return []
    try:
        header = baca_judul(path, kenali=layout.kenali)
    except Exception:  # an unreadable file is refused by the run, with its own message
        return []
    dibaca = set(layout.peta_header(header))
    lewati = _kolom_keterangan(katalog)
    out = []
    for col in header:
        if col in dibaca or set(bentuk_judul(col)) & lewati:
            continue
        komp = _dari_layout(col, katalog)
        if komp and komp not in {k for _, k in out} | set(layout.komponen.values()):
            out.append((col, komp))
    return out
