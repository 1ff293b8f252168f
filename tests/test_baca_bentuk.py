"""Row classes of the reader, tested directly: total rows and column-number rows."""

from __future__ import annotations

import pytest

from transforms.baca.bentuk import KATA_TOTAL, POLA_TOTAL, kenali_nomor_kolom, kenali_total


@pytest.mark.parametrize(
    ("row", "total"),
    [
        (["", "JUMLAH", "1", "2"], True),
        (["Grand Total", "", "3"], True),
        (["Sub-Total", "", "3"], True),
        (["KABUPATEN MAMUJU", "Jumlah", "1"], True),  # the second text cell
        (["1", "2", "3", "TOTAL"], True),  # numbers are skipped, TOTAL is the first text cell
        (["A", "B", "C", "TOTAL"], False),  # only the first three text cells count
        (["REKAPITULASI DESA", "X", "1"], False),  # whole words only
        (["JUMLAHNYA", "X", "1"], False),
    ],
)
def test_total_rows(row, total):
    assert kenali_total(row) is total


def test_every_total_label_holds_a_total_word():
    """The cheap word filter before the pattern must never drop a row the pattern matches."""
    for label in ("GRAND TOTAL", "SUB-TOTAL", "SUBTOTAL", "JML", "REKAP", "JUMLAH", "TOTAL"):
        assert POLA_TOTAL.match(label)
        assert any(k in label for k in KATA_TOTAL)


@pytest.mark.parametrize(
    ("row", "lebar", "nomor"),
    [
        (["1", "2", "3", "4=2+3"], 4, True),
        (["(1)", "(2)", "(3)", "(4)"], 4, True),
        (["1", " ", "3= Σ (2-3)", "4"], 4, True),  # a blank may stand for a number
        (["1", "2", "3", "5"], 4, False),  # 3 of 4 cells: a data row
        (["1", "2"], 2, False),  # fewer than 3 cells
    ],
)
def test_column_number_rows(row, lebar, nomor):
    assert kenali_nomor_kolom(row, lebar) is nomor
