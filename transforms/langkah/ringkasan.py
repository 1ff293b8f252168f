"""What a run did: the summary kept in the manifest and shown in the terminal."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from transforms.hitung.presedensi import ringkas_penggantian
from transforms.komponen.asal import HasilBerkas

KOLOM_RINGKASAN = (
    "berkas",
    "sumber",
    "dibaca",
    "dipakai",
    "karantina",
    "bukan data",
    "peringatan",
)


@dataclass
class Ringkasan:
    """What a run did, for the terminal summary and the manifest."""

    id_run: str
    pemicu: str = "manual"  # what started the run: manual, terjadwal, koreksi
    berkas: list[dict[str, Any]] = field(default_factory=list)
    baris_indikator: int = 0
    jumlah_indikator: int = 0
    jumlah_wilayah: dict[str, int] = field(default_factory=dict)
    tahun: list[int] = field(default_factory=list)
    ditulis: dict[str, dict[int, int]] = field(default_factory=dict)
    # the generation this run published (its id_run); None: nothing published. A run with no
    # year to compute (``tidak_berubah``) names the generation in force, not one of its own
    generasi: str | None = None
    generasi_sebelumnya: str | None = None
    ditolak_penjaga: list[dict[str, Any]] = field(default_factory=list)
    susut_diizinkan: list[dict[str, Any]] = field(default_factory=list)
    kunci_basi: str | None = None  # the run that died holding the lock, taken over
    galat: str | None = None  # why nothing was published (Bahasa), besides the guard
    penggantian: list[str] = field(default_factory=list)  # replaced values, in Bahasa lines
    pemicu: str = "manual"  # trigger: manual, terjadwal, koreksi, pulihkan (runs/<id>.json)
    masalah: list[dict[str, Any]] = field(default_factory=list)  # per rule: counts, examples
    # rows of each table and year already written into this run's staging generation (a run
    # of several years, computed and written year by year); empty: the tables are in memory
    siap: dict[str, dict[int, int]] = field(default_factory=dict)
    # years whose inputs did not change since the generation in force: carried over, never
    # read nor computed (:mod:`transforms.langkah.sidik_tahun`)
    tidak_berubah: list[int] = field(default_factory=list)
    # fingerprint of each year this run computed with every file used (for the manifest)
    sidik_tahun: dict[int, str] = field(default_factory=dict)
    # per year, each province's fingerprint (:mod:`transforms.langkah.bawa_provinsi`), and the
    # provinces carried over from the generation in force (linked, not computed)
    sidik_provinsi: dict[int, dict[str, str]] = field(default_factory=dict)
    provinsi_dibawa: dict[int, list[str]] = field(default_factory=dict)

    @property
    def tanpa_perubahan(self) -> bool:
        """No year to compute: nothing published, the generation in force (``generasi``)
        stays."""
        return self.generasi is not None and self.generasi != self.id_run


@dataclass
class KumpulanTahun:
    """What the run summary takes from each year of a run computed year by year: files (a
    file of several years once), indicator rows, distinct indicators and regions per level,
    replaced values, and the problems and value warnings of the year."""

    berkas: dict[str, dict[str, Any]] = field(default_factory=dict)
    baris_indikator: int = 0
    kode_indikator: set[str] = field(default_factory=set)
    wilayah: dict[str, set[str]] = field(default_factory=dict)
    penggantian: list[pd.DataFrame] = field(default_factory=list)
    karantina: list[pd.DataFrame] = field(default_factory=list)
    lonjakan: list[pd.DataFrame] = field(default_factory=list)

    def tambah_tabel(self, tables: dict[str, pd.DataFrame], tahun: int, pertama: bool) -> None:
        """One year's changed values, problems and value warnings, as that year publishes
        them (its rows; the rows without a year once, with the first year)."""
        for nama, daftar in (
            ("penggantian", self.penggantian),
            ("karantina", self.karantina),
            ("lonjakan", self.lonjakan),
        ):
            frame = tables[nama]
            if nama == "penggantian" and len(frame):
                frame = frame[~frame["sama"].astype(bool)]
            if len(frame):
                tahun_baris = frame["tahun"]
                pilih = (tahun_baris == tahun).fillna(pertama).to_numpy(dtype=bool)
                daftar.append(frame[pilih])

    def tambah_berkas(self, hasil: list[HasilBerkas]) -> None:
        """One year's files (a file of several years counted once)."""
        for h in hasil:  # a result that names no file is never merged with another
            nama = h.akuntansi.get("berkas")
            self.berkas.setdefault(str(nama) if nama else f"#{len(self.berkas)}", h.akuntansi)

    def tambah_indikator(self, indikator: pd.DataFrame, baris: int | None = None) -> None:
        """Indicator rows: a year's, or one province's as the run writes them; or a carried
        province's distinct keys and its ``baris`` rows."""
        self.baris_indikator += len(indikator) if baris is None else baris
        self.kode_indikator |= {str(k) for k in indikator["kode_indikator"].unique()}
        kode = indikator.drop_duplicates("kode_wilayah")[["tingkat", "kode_wilayah"]]
        for tingkat, grup in kode.groupby("tingkat", sort=False, observed=True):
            self.wilayah.setdefault(str(tingkat), set()).update(grup["kode_wilayah"].astype(str))

    def isi(self, ringkasan: Ringkasan) -> None:
        """The summary of every year added so far (file order: as first read)."""
        ringkasan.berkas = list(self.berkas.values())
        ringkasan.baris_indikator = self.baris_indikator
        ringkasan.jumlah_indikator = len(self.kode_indikator)
        urut = sorted(self.wilayah.items(), key=lambda kv: -len(kv[1]))  # as value_counts
        ringkasan.jumlah_wilayah = {k: len(v) for k, v in urut}
        if self.penggantian:
            ringkasan.penggantian = ringkas_penggantian(_tumpuk(self.penggantian), maks=5)
        if self.karantina or self.lonjakan:
            ringkas_masalah(ringkasan, _tumpuk(self.karantina), _tumpuk(self.lonjakan))


def _tumpuk(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def buat_baris_ringkasan(ringkasan: Ringkasan) -> list[list[str]]:
    """One row of text per file, in the order of :data:`KOLOM_RINGKASAN`."""
    return [
        [
            str(a["berkas"]),
            str(a["sumber"]),
            str(a["baris_dibaca"]),
            str(a["baris_dipakai"]),
            str(a["baris_karantina"]),
            str(a["baris_bukan_data"]),
            str(a["peringatan"]) if "ditolak" not in a else f"DITOLAK: {a['ditolak']}",
        ]
        for a in ringkasan.berkas
    ]


def buat_teks_ringkasan(ringkasan: Ringkasan, out: Path) -> str:
    """The totals of a run and where its outputs are (Bahasa, for the terminal)."""
    dibaca = sum(int(a["baris_dibaca"]) for a in ringkasan.berkas)
    dipakai = sum(int(a["baris_dipakai"]) for a in ringkasan.berkas)
    wil = ", ".join(f"{v} {k}" for k, v in ringkasan.jumlah_wilayah.items())
    teks = (
        f"Berkas: {len(ringkasan.berkas)} · baris dibaca: {dibaca:,} · baris dipakai: {dipakai:,}"
        f"\nIndikator dihitung: {ringkasan.jumlah_indikator} · wilayah: {wil or '-'}"
        f" · baris keluaran: {ringkasan.baris_indikator:,}"
    )
    if ringkasan.generasi is None:
        return teks + f"\nTidak ada yang diterbitkan; keluaran di {out} tetap seperti sebelumnya."
    if ringkasan.tanpa_perubahan:  # nothing read or computed
        return (
            f"Tidak ada berkas yang dibaca atau dihitung ulang. Keluaran: {out / 'indikator'} · "
            f"generasi {ringkasan.generasi} (tetap) · manifest: {out / 'manifest.json'}"
        )
    return teks + (
        f"\nKeluaran: {out / 'indikator'} (tahun diterbitkan: "
        f"{', '.join(map(str, ringkasan.tahun)) or '-'}) · generasi {ringkasan.generasi}"
        f" · manifest: {out / 'manifest.json'}"
    )


CONTOH_PER_ATURAN = 3
"""Examples shown per rule in the run summary."""


def ringkas_masalah(
    ringkasan: Ringkasan, karantina: pd.DataFrame, rinci: pd.DataFrame | None = None
) -> None:
    """Problems and warnings of a run grouped by rule: count, level and the first examples.

    ``rinci`` is the typed detail of the value warnings (the ``lonjakan`` table): a rule
    summarised in one karantina row counts every value it flagged.
    """
    if karantina.empty:
        ringkasan.masalah = []
        return
    per_nilai = rinci["aturan"].value_counts() if rinci is not None and len(rinci) else None
    hasil = []
    for aturan, grup in karantina.groupby("aturan", sort=False):
        jumlah = int(per_nilai.get(aturan, len(grup))) if per_nilai is not None else len(grup)
        pertama = grup.head(CONTOH_PER_ATURAN)
        hasil.append(
            {
                "aturan": str(aturan),
                "tingkat": str(grup["tingkat_masalah"].iloc[0]),
                "jumlah": jumlah,
                "berkas": int(grup["berkas"].nunique()),
                "contoh": [_contoh(b) for b in pertama.to_dict("records")],
            }
        )
    ringkasan.masalah = sorted(hasil, key=lambda m: (m["tingkat"] != "galat", -m["jumlah"]))


def _contoh(baris: dict[str, Any]) -> str:
    """One example line: file, sheet, row, region, column and value (what the message does
    not already say), then the message."""
    pesan = str(baris["pesan"])
    tempat = [str(baris["berkas"])]
    if isinstance(baris.get("sheet"), str) and baris["sheet"]:
        tempat.append(f"sheet {baris['sheet']}")
    if pd.notna(baris.get("baris")):
        tempat.append(f"baris {baris['baris']}")
    lain = [
        f"{judul}{baris[k]}"
        for judul, k in (("", "wilayah"), ("kolom ", "kolom"), ("nilai ", "nilai"))
        if isinstance(baris.get(k), str) and baris[k] and str(baris[k]) not in pesan
    ]
    tempat = [t for t in tempat if not re.search(rf"(?<![\w/.]){re.escape(t)}(?![\w])", pesan)]
    return f"{', '.join(tempat + lain)}: {pesan}" if tempat or lain else pesan


def buat_teks_masalah(ringkasan: Ringkasan) -> list[str]:
    """The run summary's problem lines (Bahasa): per rule its count, then its first examples."""
    from transforms.baca.tolak import tampilkan_ribuan

    baris = []
    for m in ringkasan.masalah:
        jenis = "galat (baris tidak dipakai)" if m["tingkat"] == "galat" else "peringatan"
        baris.append(
            f"{m['aturan']}: {tampilkan_ribuan(m['jumlah'])} {jenis} di {m['berkas']} berkas"
        )
        baris += [f"  - {c}" for c in m["contoh"]]
    return baris
