"""Per-indicator files from the fact table: slices of sorted rows, text read as dictionaries,
the same files as one filter per indicator over fully decoded rows."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from schemas.kontrak import ubah_ke_arrow
from tests.bantu_generasi import buat_tabel
from transforms.keluar.bintang import _per_kode, baca_potongan_fakta, tulis_per_indikator


def _filter(table: pa.Table) -> dict[str, pa.Table]:
    kode = table["kode_indikator"]
    return {k: table.filter(pa.compute.equal(kode, k)) for k in pa.compute.unique(kode).to_pylist()}


@pytest.mark.parametrize("urut", [True, False])
def test_per_kode_sama_dengan_filter(urut):
    acak = np.random.default_rng(3)
    kode = (
        np.sort(acak.choice(["b.1", "a.2", "c.3"], 200)) if urut else acak.choice(["b", "a"], 200)
    )
    table = pa.table({"kode_indikator": kode, "nilai": acak.random(200)})
    hasil = dict(_per_kode(table))
    assert list(hasil) == list(_filter(table))
    for k, part in hasil.items():
        assert part.equals(_filter(table)[k])
    assert sum(p.num_rows for p in hasil.values()) == 200


def test_teks_sebagai_kamus_memberi_berkas_yang_sama(tmp_path):
    """The fact file as the run writes it (sorted by indicator, several row groups): the
    per-indicator files from dictionary-read text equal those from text."""
    fakta = buat_tabel("20260101T000000Z-uji", bulan=(None, 1, 2, 3))["indikator"]
    fakta = fakta.sort_values(["kode_indikator", "kode_wilayah"], ignore_index=True)
    path = tmp_path / "indikator" / "2025" / "part-0.parquet"
    path.parent.mkdir(parents=True)
    pq.write_table(ubah_ke_arrow(fakta, "indikator"), path, row_group_size=7)
    berkas = [(2025, path)]
    assert pq.ParquetFile(path).metadata.num_row_groups > 2
    teks = tulis_per_indikator(tmp_path / "teks", baca_potongan_fakta(berkas))
    kamus = tulis_per_indikator(tmp_path / "kamus", baca_potongan_fakta(berkas, kamus=True))
    assert teks == kamus and len(teks) > 1
    for kode in teks:
        a = pq.read_table(tmp_path / "teks" / f"{kode}.parquet")
        b = pq.read_table(tmp_path / "kamus" / f"{kode}.parquet")
        assert a.equals(b) and a.schema.equals(b.schema)
        assert a.num_rows == int((fakta["kode_indikator"] == kode).sum())
