"""Every export file of the demo, written into one folder, and what its ingest needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from scripts.demo.berkas import tulis_csv
from scripts.demo.faskes import tulis_faskes
from scripts.demo.model import KABUPATEN, TAHUN, Dasar, Wilayah
from scripts.demo.rekap import (
    tabel_cakupan,
    tabel_desil,
    tabel_kb_target,
    tabel_ppks,
    tabel_stunting,
    verval_krs,
)
from scripts.demo.siga_bulanan import (
    sasaran_poktan,
    tabel_bkb,
    tabel_bkb_keluarga,
    tabel_mix,
    tabel_pikr,
    tabel_pus,
    tabel_sasaran,
    tabel_uppka,
)
from scripts.demo.siga_tahunan import (
    tabel_elsimil_bumil,
    tabel_elsimil_pascasalin,
    tabel_kkb,
    tabel_pkb,
    tabel_profil,
    tabel_rdk,
)


@dataclass(frozen=True)
class Masukan:
    """A generated file and what its ingest needs beyond the year."""

    path: Path
    wilayah: str | None = KABUPATEN
    semester: int | None = None


def tulis_ekspor(w: Wilayah, d: Dasar, folder: Path) -> tuple[list[Masukan], dict]:
    """Write every export; return them with the tables the templates are bounded by."""
    poktan = sasaran_poktan(d)
    bumil, pasca = tabel_elsimil_bumil(w, d), tabel_elsimil_pascasalin(w, d)
    verval = verval_krs(w, d)
    csv: list[tuple[str, Callable[[], pd.DataFrame], str]] = [
        ("data_pus.csv", lambda: tabel_pus(w, d), ";"),
        ("data_mix_kontra.csv", lambda: tabel_mix(w, d), ";"),
        ("data_bkb_keluarga.csv", lambda: tabel_bkb_keluarga(w, d, poktan), ";"),
        ("data_bkb.csv", lambda: tabel_bkb(w, d), ";"),
        ("data_uppka.csv", lambda: tabel_uppka(w, d), ";"),
        ("data_pikr.csv", lambda: tabel_pikr(w, d), ";"),
        ("sasaran_poktan_gabung.csv", lambda: tabel_sasaran(w, poktan), ";"),
        ("data_kkb.csv", lambda: tabel_kkb(w, d), ";"),
        ("data_rdk.csv", lambda: tabel_rdk(w, d), ";"),
        ("profil_poktan.csv", lambda: tabel_profil(w, d), ";"),
        ("2025-elsimil-bumil.csv", lambda: bumil, ";"),
        ("2025-elsimil-pascasalin.csv", lambda: pasca, ";"),
        ("pkb_per_kecamatan.csv", lambda: tabel_pkb(w), ";"),
        ("pelayanan_ppks.csv", lambda: tabel_ppks(w), ","),
        ("cakupan_kab.csv", lambda: tabel_cakupan(w, bumil, pasca), ","),
        ("kesehatan_stunting.csv", lambda: tabel_stunting(w, d), ","),
        ("kb_aktif_target.csv", lambda: tabel_kb_target(w, d), ","),
    ]
    masukan = [Masukan(tulis_csv(buat(), folder / nama, sep)) for nama, buat, sep in csv]
    krs_min = np.minimum(verval[1]["JUMLAH KRS"], verval[2]["JUMLAH KRS"]).to_numpy()
    masukan.append(Masukan(tulis_csv(tabel_desil(w, krs_min), folder / "data_desil_krs.csv", ",")))
    for s, frame in verval.items():
        path = tulis_csv(frame, folder / f"data_verval_krs_{TAHUN}_sem{s}.csv")
        masukan.append(Masukan(path, semester=s))
    tulis_faskes(w, folder / f"faskes-pelayanan-{TAHUN}.xlsx")
    masukan.append(Masukan(folder / f"faskes-pelayanan-{TAHUN}.xlsx"))
    return masukan, {"verval": verval, "bumil": bumil}
