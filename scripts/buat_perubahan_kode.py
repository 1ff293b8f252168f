"""Build the region crosswalks vendored in ``catalog/wilayah``.

* ``bps_kemendagri.csv`` (+ ``bps_kemendagri.md``): the BPS <-> Kemendagri code crosswalk
  for provinsi, kabupaten/kota and kecamatan, from the scrape of BPS's bridging service
  in ``../shared/realdata/bps-bridging-ghifar1`` (repo ``ghifar1/database-wilayah-indonesia``).
  Postal codes and the rows without a BPS code (``kode_bps=0``) are dropped; two BPS
  kecamatan that map to one Kemendagri kecamatan are both kept. Names are kept verbatim.
* ``perubahan_kode.csv``: the dated crosswalk of code renames between consecutive master
  editions (2021 -> 2022 -> 2025), see :func:`scripts.perubahan_kode.bandingkan_edisi`.

Deterministic: running it again gives the same bytes. ``--cek`` only compares the files
with what would be written (exit status 1 when they differ).

Usage: ``uv run python scripts/buat_perubahan_kode.py [--realdata ../shared/realdata] [--cek]``
"""

from __future__ import annotations

import argparse
import sys
from itertools import pairwise
from pathlib import Path

import pandas as pd

from scripts.perubahan_kode import bandingkan_edisi
from transforms.wilayah.bps import EDISI_BPS, KOLOM_BPS, PANJANG_KODE_BPS
from transforms.wilayah.edisi import urutkan_edisi
from transforms.wilayah.katalog import KATALOG_WILAYAH
from transforms.wilayah.kode import PANJANG_KODE, TINGKAT
from transforms.wilayah.master import muat_master

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"
FOLDER_BPS = "bps-bridging-ghifar1"
REPO_BPS = "ghifar1/database-wilayah-indonesia"
COMMIT_BPS = "43a55ab4a111ac48070980b20b32de0f56aab8be"
BERKAS_BPS = {
    "provinsi": "provinsi.csv",
    "kabupaten": "kabupaten-kota.csv",
    "kecamatan": "kecamatan.csv",
}


def baca_bps(folder: Path) -> tuple[pd.DataFrame, dict[str, int]]:
    """The crosswalk table and the number of source rows dropped per level (kode_bps=0)."""
    bagian, dibuang = [], {}
    for tingkat, nama_berkas in BERKAS_BPS.items():
        mentah = pd.read_csv(folder / nama_berkas, dtype=str, keep_default_na=False)
        tanpa_kode = mentah["kode_bps"].str.strip() == "0"
        dibuang[tingkat] = int(tanpa_kode.sum())
        sisa = mentah[~tanpa_kode]
        bagian.append(
            pd.DataFrame(
                {
                    "tingkat": tingkat,
                    "kode_bps": sisa["kode_bps"].str.strip(),
                    "nama_bps": sisa["nama_bps"],
                    "kode_kemendagri": sisa["kode_dagri"].str.strip(),
                    "nama_kemendagri": sisa["nama_dagri"],
                }
            )
        )
    tabel = pd.concat(bagian, ignore_index=True)
    urut = tabel.assign(_t=tabel["tingkat"].map(TINGKAT.index))
    urut = urut.sort_values(["_t", "kode_bps", "kode_kemendagri"], kind="stable")
    tabel = urut.drop(columns="_t").reset_index(drop=True)[list(KOLOM_BPS)]
    periksa_bps(tabel)
    return tabel, dibuang


def periksa_bps(tabel: pd.DataFrame) -> None:
    """Fail loudly when the source does not have the documented shape."""
    panjang_bps = tabel["tingkat"].map(PANJANG_KODE_BPS)
    panjang_dagri = tabel["tingkat"].map(PANJANG_KODE)
    salah = ~tabel["kode_bps"].str.fullmatch(r"[0-9]+") | (
        tabel["kode_bps"].str.len() != panjang_bps
    )
    salah |= tabel["kode_kemendagri"].str.len() != panjang_dagri
    if salah.any():
        raise SystemExit(f"kode tidak sah di padanan BPS:\n{tabel[salah].head()}")
    if tabel["kode_bps"].duplicated().any():
        raise SystemExit("kode_bps ganda di padanan BPS")
    master = muat_master(EDISI_BPS)
    hilang = tabel[~tabel["kode_kemendagri"].isin(master.frame["kode_wilayah"])]
    if len(hilang):
        raise SystemExit(f"kode Kemendagri tidak ada di master {EDISI_BPS}:\n{hilang.head()}")


MD_BPS = """\
# Padanan kode BPS - Kemendagri (`bps_kemendagri.csv`)

Tabel padanan kode wilayah BPS dan kode Kemendagri untuk provinsi, kabupaten/kota dan
kecamatan. Dibuat dengan `scripts/buat_perubahan_kode.py` (deterministik).

## Sumber dan lisensi

- Repo GitHub [`{repo}`](https://github.com/{repo}), berkas `data/provinsi.csv`,
  `data/kabupaten-kota.csv`, `data/kecamatan.csv`, commit `{commit}` (2025-10-06).
- Isinya hasil *scrape* layanan *bridging* wilayah BPS (sig.bps.go.id,
  `rest-bridging/getwilayah`), yang memasangkan kode BPS dengan kode Kemendagri.
  README repo: "Sumber data: Badan Pusat Statistik (BPS) Indonesia - sig.bps.go.id".
- Lisensi: **tidak ada lisensi untuk datanya** (repo tanpa berkas LICENSE;
  `package.json` menyebut "ISC" untuk kode scraper saja). Isinya kode dan nama wilayah
  rujukan publik BPS/Kemendagri; disalin di sini sebagai data rujukan dengan menyebut
  sumbernya di atas.

## Perubahan dari sumber

- Kolom: `tingkat,kode_bps,nama_bps,kode_kemendagri,nama_kemendagri`; kode pos dibuang.
- Baris dengan `kode_bps=0` (tanpa kode BPS) dibuang. Nama disalin apa adanya
  (termasuk spasi ganda seperti `KABUPATEN  PELALAWAN`).
- Diurutkan per tingkat lalu `kode_bps`.

| tingkat | baris | dibuang (kode_bps=0) |
|---|---|---|
{tabel}

## Hal yang perlu diingat

- Kode Kemendagri mengikuti master edisi {edisi} (semua kode ada di
  `kemendagri_{edisi}.csv`); untuk edisi lain pakai `ke_edisi`.
- Kode provinsi BPS berbeda untuk semua provinsi Papua: BPS 91 = Kemendagri 92
  (Papua Barat), 92 = 96 (Papua Barat Daya), 94 = 91 (Papua), 95 = 93 (Papua Selatan),
  96 = 94 (Papua Tengah), 97 = 95 (Papua Pegunungan).
- {beda_kab} dari {jumlah_kab} kode kabupaten/kota berbeda setelah titik dibuang
  (mis. BPS 1101 Simeulue = 11.09, BPS 7605 Pasangkayu = 76.01).
- Nomor kecamatan tidak berhubungan (BPS 3273010 Bandung Kulon = 32.73.15).
- Satu kode BPS selalu punya satu padanan; beberapa kecamatan Kemendagri punya dua
  kode BPS: {ganda}.
- Desa tidak ada di tabel ini: kode desa BPS (10 digit) dipetakan lewat kecamatannya
  lalu nama desa (`bps_desa_ke_kemendagri`).
"""


def teks_md_bps(tabel: pd.DataFrame, dibuang: dict[str, int]) -> str:
    """The credit/readme text next to the crosswalk (counts computed from the table)."""
    jumlah = tabel["tingkat"].value_counts()
    ganda = tabel[tabel["kode_kemendagri"].duplicated(keep=False)]
    kab = tabel[tabel["tingkat"] == "kabupaten"]
    return MD_BPS.format(
        repo=REPO_BPS,
        commit=COMMIT_BPS,
        edisi=EDISI_BPS,
        tabel="\n".join(f"| {t} | {int(jumlah.get(t, 0))} | {dibuang[t]} |" for t in BERKAS_BPS),
        beda_kab=int((kab["kode_bps"] != kab["kode_kemendagri"].str.replace(".", "")).sum()),
        jumlah_kab=len(kab),
        ganda=", ".join(
            f"{k} ({'/'.join(g['kode_bps'])})"
            for k, g in ganda.groupby("kode_kemendagri", sort=True)
        ),
    )


def teks_csv(tabel: pd.DataFrame) -> str:
    """CSV text with LF line ends."""
    return tabel.to_csv(index=False, lineterminator="\n")


def buat_perubahan() -> pd.DataFrame:
    """Renames between consecutive editions, oldest first."""
    urutan = urutkan_edisi()
    bagian = [bandingkan_edisi(muat_master(a), muat_master(b)) for a, b in pairwise(urutan)]
    return pd.concat(bagian, ignore_index=True)


def ringkas(perubahan: pd.DataFrame) -> str:
    """Counts per step and level, with a few examples."""
    baris = []
    for (lama, baru), langkah in perubahan.groupby(["edisi_lama", "edisi_baru"], sort=True):
        hitung = langkah["tingkat"].value_counts()
        rincian = ", ".join(f"{t} {int(hitung.get(t, 0))}" for t in TINGKAT)
        baris.append(f"{lama} -> {baru}: {len(langkah)} kode berubah ({rincian})")
        for t in TINGKAT:
            contoh = langkah[langkah["tingkat"] == t].head(2)
            for r in contoh.itertuples(index=False):
                baris.append(f"  {t}: {r.kode_lama} -> {r.kode_baru} {r.nama} ({r.catatan})")
    return "\n".join(baris)


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--cek`` compare) the three files; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdata", type=Path, default=REALDATA, help="folder shared/realdata")
    parser.add_argument("--cek", action="store_true", help="bandingkan saja, jangan menulis")
    args = parser.parse_args(argv)

    tabel_bps, dibuang = baca_bps(args.realdata / FOLDER_BPS)
    perubahan = buat_perubahan()
    berkas = {
        KATALOG_WILAYAH / "bps_kemendagri.csv": teks_csv(tabel_bps),
        KATALOG_WILAYAH / "bps_kemendagri.md": teks_md_bps(tabel_bps, dibuang),
        KATALOG_WILAYAH / "perubahan_kode.csv": teks_csv(perubahan),
    }
    beda = [p for p, isi in berkas.items() if not p.exists() or p.read_text("utf-8") != isi]
    if not args.cek:
        for path in beda:
            path.write_text(berkas[path], encoding="utf-8", newline="\n")
    hitung = tabel_bps["tingkat"].value_counts()
    print("padanan BPS:", ", ".join(f"{t} {int(hitung.get(t, 0))}" for t in BERKAS_BPS))
    print(ringkas(perubahan))
    status = "berbeda" if args.cek else "ditulis"
    print(f"{status}: {', '.join(p.name for p in beda) or 'tidak ada (sudah sama)'}")
    return 1 if args.cek and beda else 0


if __name__ == "__main__":
    sys.exit(main())
