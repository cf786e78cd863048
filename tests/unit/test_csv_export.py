import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voicedash.calls.export import neutralise_cell, neutralise_row


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+905321234567", "'+905321234567"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("confirmed", "confirmed"),
        ("Ayşe Yılmaz", "Ayşe Yılmaz"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
        (-1, "'-1"),
    ],
)
def test_cells_a_spreadsheet_would_run_get_a_leading_quote(cell: object, written: str) -> None:
    assert neutralise_cell(cell) == written


@given(st.lists(st.text(), max_size=5))
def test_no_written_cell_starts_like_a_formula(cells: list[str]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(neutralise_row(list(cells)))
    for cell in next(csv.reader(io.StringIO(buffer.getvalue()))) if cells else []:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
