"""Shared checks of the reader tests: every row below the header is accounted for exactly once."""

from __future__ import annotations

from transforms.baca.tabel import ALASAN, TabelTeks


def cek_akuntansi(tabel: TabelTeks, jumlah_baris: int) -> None:
    """Every row below the header is data or non-data, exactly once, in file order."""
    below = list(range(tabel.baris_judul + 1, jumlah_baris + 1))
    assert jumlah_baris - tabel.baris_judul == len(tabel.data) + len(tabel.bukan_data)
    assert sorted([*tabel.baris.tolist(), *tabel.bukan_data["baris"].tolist()]) == below
    assert tabel.baris.index.equals(tabel.data.index)
    assert set(tabel.bukan_data["alasan"]) <= set(ALASAN)
    ditotal = tabel.bukan_data.loc[tabel.bukan_data["alasan"] == "baris_total", "baris"]
    assert tabel.total["baris"].tolist() == ditotal.tolist()
    assert list(tabel.total.columns) == [*tabel.data.columns, "baris"]


def alasan(tabel: TabelTeks) -> list[tuple[int, str]]:
    return list(zip(tabel.bukan_data["baris"], tabel.bukan_data["alasan"], strict=True))
