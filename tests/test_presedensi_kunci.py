"""Whether two files give a row for one key: the check the precedence step starts with (a
shortcut on periods and components first, the regions only where those meet)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from transforms.hitung.presedensi import (
    _ada_kunci_bersama,
    _ada_periode_bersama,
    _komponen_bertingkat,
)
from transforms.hitung.rollup import KUNCI, kenali_panjang


def _berkas(seed: int, n_berkas: int = 5, baris: int = 60) -> pd.DataFrame:
    """Files of random regions, months and components (some share a period, some a key)."""
    rng = np.random.default_rng(seed)
    frames = []
    for urut in range(n_berkas):
        bulan = rng.choice([1, 2, 3, None], baris)
        frames.append(
            pd.DataFrame(
                {
                    "kode_wilayah": rng.choice(
                        [f"76.0{k}.0{c}.200{d}" for k in (1, 2) for c in (1, 2) for d in range(10)],
                        baris,
                    ),
                    "tahun": 2025,
                    "bulan": pd.array(bulan, dtype="Int64"),
                    "semester": pd.array(
                        [1 if b is None and rng.random() < 0.5 else None for b in bulan],
                        dtype="Int64",
                    ),
                    "komponen": rng.choice(["pus", "kb", "unmet"], baris),
                    "nilai": 1.0,
                    "_urut": urut,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _sendiri(semua: pd.DataFrame) -> bool:
    """Independently: a key given by rows of more than one file."""
    pasangan = semua.drop_duplicates([*KUNCI, "_urut"])
    return bool(pasangan.duplicated(KUNCI).any())


@pytest.mark.parametrize("seed", range(16))
def test_shared_keys_as_an_independent_group_by_says(seed):
    semua = _berkas(seed, baris=2 + seed % 8)
    assert _ada_kunci_bersama(semua) == _sendiri(semua)


def test_files_of_other_months_or_components_share_no_key_and_no_period():
    semua = _berkas(1)
    pisah = [
        semua[semua["_urut"] == 0].assign(bulan=pd.array([1] * 60, dtype="Int64")),
        semua[semua["_urut"] == 1].assign(bulan=pd.array([2] * 60, dtype="Int64")),
        semua[semua["_urut"] == 2].assign(bulan=pd.array([1] * 60, dtype="Int64"), komponen="x"),
    ]
    semua = pd.concat(pisah, ignore_index=True).assign(semester=pd.array([None] * 180, "Int64"))
    assert not _ada_periode_bersama(semua) and not _ada_kunci_bersama(semua)
    assert not _sendiri(semua)


def test_one_period_in_two_files_of_other_regions_shares_no_key():
    a = pd.DataFrame(
        {
            "kode_wilayah": ["76.01.01.2001", "76.01.01.2001"],  # two units of one region
            "tahun": 2025,
            "bulan": pd.array([1, 1], dtype="Int64"),
            "semester": pd.array([None, None], dtype="Int64"),
            "komponen": "pus",
            "nilai": 1.0,
            "_urut": 0,
        }
    )
    b = a.assign(kode_wilayah="76.01.01.2002", _urut=1)
    semua = pd.concat([a, b], ignore_index=True)
    assert _ada_periode_bersama(semua)  # the shortcut cannot tell: the regions decide
    assert not _ada_kunci_bersama(semua)
    c = a.iloc[:1].assign(_urut=2)  # a third file gives the first region again
    assert _ada_kunci_bersama(pd.concat([semua, c], ignore_index=True))


@pytest.mark.parametrize("kategori", [False, True], ids=["teks", "kategori"])
@pytest.mark.parametrize("seed", range(8))
def test_components_at_several_levels_as_a_group_by_says(seed, kategori):
    """The rows the level rule looks at: those of a component reported at two or more code
    lengths (the check on integer codes against an independent group-by of the text)."""
    rng = np.random.default_rng(seed)
    n = 200
    kode = rng.choice(["76", "76.01", "76.01.01", "76.01.01.2001", "76.02.01.2001", None], n)
    frame = pd.DataFrame(
        {
            "kode_wilayah": pd.array(kode, dtype="str"),
            "komponen": pd.array(rng.choice(["pus", "kb", "unmet", None], n), dtype="str"),
        }
    )
    # one component at one level only, so both answers occur
    frame.loc[frame["komponen"] == "unmet", "kode_wilayah"] = "76.01.01.2001"
    if kategori:
        frame = frame.astype("category")
    pj = kenali_panjang(frame["kode_wilayah"]).fillna(0).to_numpy(dtype=np.int16)
    teks = frame.astype(object)
    assert pj.tolist() == [len(k) if isinstance(k, str) else 0 for k in teks["kode_wilayah"]]
    tingkat = teks.assign(p=teks["kode_wilayah"].str.len()).groupby("komponen")["p"].nunique()
    harapan = teks["komponen"].isin(tingkat[tingkat > 1].index).to_numpy()
    assert _komponen_bertingkat(frame["komponen"], pj).tolist() == harapan.tolist()
    assert harapan.any() and not harapan.all()
