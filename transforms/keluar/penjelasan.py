"""Why values changed between two runs: the input changes, from the two run records.

Pure functions over the records of ``runs/<id>.json`` (their ``masukan``: each input file with
its sidecar) and the raw store's history (``raw/riwayat.jsonl``: withdrawals). An input change
is one of

* ``ditambah``   a file in force in B that A did not use and that corrects nothing A used;
* ``koreksi``    a file in force in B that replaces (``menggantikan``) a file A used;
* ``kembali``    a file in force in B that a file A used had corrected: the correction is
  undone (withdrawn, or an earlier generation restored with ``indikator pulihkan``);
* ``ditarik``    a file A used that is no longer in force in B (withdrawn with ``indikator
  tarik``; ``tidak_dipakai`` when the history does not say so);
* ``ditolak``    a file both used, rejected by B's run (unreadable, wrong layout);
* ``isi_berubah`` same stored name, other sha256 (should not happen: the store never rewrites);
* ``katalog`` / ``kode``: the catalog hash, or the package version / commit, differ;
* ``pulihkan``   B is a restore (``indikator pulihkan``): named first in every explanation.

A changed component value is explained by the changes of the files that gave it in A and in B
(:func:`jelaskan_berkas`); an indicator value by the explanations of the component values it
is built from (:mod:`transforms.keluar.perbedaan`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from schemas.model import Katalog

PEMISAH = "; "


def _menggantikan(m: dict[str, Any]) -> list[str]:
    lama = m.get("menggantikan") or []
    return [lama] if isinstance(lama, str) else [str(x) for x in lama]


def _pendek(teks: Any, n: int = 12) -> str:
    return str(teks)[:n] if teks else "-"


def _perubahan_versi(rec_a: dict[str, Any], rec_b: dict[str, Any]) -> list[dict[str, str]]:
    hasil = []
    ha, hb = rec_a.get("hash_katalog"), rec_b.get("hash_katalog")
    if ha and hb and ha != hb:
        hasil.append(
            {
                "jenis": "katalog",
                "berkas": "",
                "teks": f"katalog berubah (hash {_pendek(ha)} → {_pendek(hb)})",
            }
        )
    for kunci, nama in (("versi_paket", "versi paket"), ("git_sha", "commit kode")):
        va, vb = rec_a.get(kunci), rec_b.get(kunci)
        if va and vb and va != vb:
            teks = f"kode berubah ({nama} {_pendek(va)} → {_pendek(vb)})"
            hasil.append({"jenis": "kode", "berkas": "", "teks": teks})
    return hasil


def _kembali(
    berkas: str, per_a: dict[str, dict], ditarik: set[str], diganti: dict[str, str]
) -> dict[str, str] | None:
    """A file of B that a file of A had corrected: the correction is undone (withdrawn, or
    an earlier generation restored)."""
    koreksi = [b for b, m in per_a.items() if berkas in _menggantikan(m)]
    if not koreksi:
        return None
    for x in koreksi:
        diganti[x] = berkas
    sebab = [f"{x} ditarik" if x in ditarik else f"{x} tidak dipakai lagi" for x in koreksi]
    teks = f"koreksi dibatalkan: {berkas} berlaku lagi ({', '.join(sebab)})"
    return {"jenis": "kembali", "berkas": berkas, "lama": ", ".join(koreksi), "teks": teks}


def _berkas_baru(
    per_a: dict[str, dict], per_b: dict[str, dict], ditarik: set[str], diganti: dict[str, str]
) -> list[dict[str, str]]:
    hasil = []
    for berkas, m in per_b.items():
        if berkas in per_a:
            continue
        lama = [x for x in _menggantikan(m) if x in per_a]
        if lama:
            for x in lama:
                diganti[x] = berkas
            teks = f"koreksi: {berkas} menggantikan {', '.join(lama)}"
            hasil.append(
                {"jenis": "koreksi", "berkas": berkas, "lama": ", ".join(lama), "teks": teks}
            )
        elif (kembali := _kembali(berkas, per_a, ditarik, diganti)) is not None:
            hasil.append(kembali)
        else:
            teks = f"berkas ditambah: {berkas}"
            hasil.append({"jenis": "ditambah", "berkas": berkas, "teks": teks})
    return hasil


def cari_perubahan_masukan(
    rec_a: dict[str, Any], rec_b: dict[str, Any], ditarik: Iterable[str] = ()
) -> list[dict[str, str]]:
    """The input changes from run A to run B (see the module text), each with ``jenis``,
    ``berkas`` (the file in B, or the file of A that went), ``teks`` (Bahasa) and for a
    correction ``lama`` (the files it replaced).

    Args:
        rec_a, rec_b: the two run records (``masukan`` lists; missing = unknown, no changes).
        ditarik: stored files withdrawn (``indikator tarik``) according to the raw history.
    """
    per_a = {str(m["berkas"]): m for m in rec_a.get("masukan") or [] if m.get("berkas")}
    per_b = {str(m["berkas"]): m for m in rec_b.get("masukan") or [] if m.get("berkas")}
    diganti: dict[str, str] = {}
    ditarik = set(ditarik)
    hasil = _berkas_baru(per_a, per_b, ditarik, diganti)
    ditolak_b = {str(d.get("berkas")) for d in rec_b.get("daftar_berkas_ditolak") or []}
    ditolak_a = {str(d.get("berkas")) for d in rec_a.get("daftar_berkas_ditolak") or []}
    for berkas, m in per_a.items():
        if berkas in diganti:
            continue
        if berkas not in per_b:
            jenis = "ditarik" if berkas in ditarik else "tidak_dipakai"
            kata = "berkas ditarik" if jenis == "ditarik" else "berkas tidak dipakai lagi"
            hasil.append({"jenis": jenis, "berkas": berkas, "teks": f"{kata}: {berkas}"})
        elif berkas in ditolak_b and berkas not in ditolak_a:
            hasil.append(
                {"jenis": "ditolak", "berkas": berkas, "teks": f"berkas ditolak: {berkas}"}
            )
        elif m.get("sha256") and per_b[berkas].get("sha256") not in (None, m.get("sha256")):
            hasil.append(
                {"jenis": "isi_berubah", "berkas": berkas, "teks": f"isi berubah: {berkas}"}
            )
    if rec_b.get("pemicu") == "pulihkan":
        dari = rec_b.get("dipulihkan_dari_run") or rec_b.get("generasi") or "-"
        teks = f"generasi run {dari} dipulihkan (indikator pulihkan, run {rec_b.get('id_run')})"
        hasil.insert(0, {"jenis": "pulihkan", "berkas": "", "teks": teks})
    return hasil + _perubahan_versi(rec_a, rec_b)


def jelaskan_berkas(
    berkas_lama: str | None, berkas_baru: str | None, perubahan: list[dict[str, str]]
) -> str:
    """Why one component value changed: the input changes of the files that gave it in A
    (``berkas_lama``) and in B (``berkas_baru``, each ``'; '``-joined); else the catalog/code
    change; else a plain statement that no input change explains it."""
    lama = set(filter(None, (berkas_lama or "").split(PEMISAH)))
    baru = set(filter(None, (berkas_baru or "").split(PEMISAH)))
    teks = [
        p["teks"]
        for p in perubahan
        if p["berkas"] in baru
        or (p["berkas"] in lama and p["jenis"] not in ("koreksi", "kembali"))
        or (p["jenis"] in ("koreksi", "kembali") and lama & set(p.get("lama", "").split(", ")))
    ]
    if not teks:
        return jelaskan_tanpa_berkas(perubahan)
    umum = [p["teks"] for p in perubahan if p["jenis"] == "pulihkan"]
    return PEMISAH.join(dict.fromkeys([*umum, *teks]))


def jelaskan_tanpa_berkas(perubahan: list[dict[str, str]]) -> str:
    """The explanation when no file change matches: the catalog/code change, or a statement."""
    versi = [p["teks"] for p in perubahan if p["jenis"] in ("pulihkan", "katalog", "kode")]
    if versi:
        return PEMISAH.join(versi)
    return "tidak ada perubahan berkas yang cocok (periksa target daerah atau master wilayah)"


def buat_peta_komponen(katalog: Katalog) -> list[tuple[str, str]]:
    """(indicator, component) for every component an indicator is built from, derived
    components expanded into their parts (recursively)."""

    def bagian(nama: str, dilihat: frozenset[str]) -> set[str]:
        komp = katalog.komponen.get(nama)
        hasil = {nama}
        if komp is None or nama in dilihat:
            return hasil
        for b in komp.bagian:
            hasil |= bagian(b, dilihat | {nama})
        return hasil

    return sorted(
        (kode, k)
        for kode, ind in katalog.indikator.items()
        for nama in ind.komponen
        for k in bagian(nama, frozenset())
    )
