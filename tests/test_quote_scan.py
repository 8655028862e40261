"""The quick quote test (``quotes_are_plain``) never passes a file the exact one (``quote_fault``) faults, however
the bytes fall into blocks, and passes every file a CSV writer writes."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from moroccous_data.validation.seedfile import quote_fault, quotes_are_plain


def _blocks(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({min(c, len(data)) for c in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)]) if data[a:b]]


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet='",\n\ra', max_size=24).map(str.encode), st.lists(st.integers(0, 24), max_size=8))
def test_plain_only_when_the_exact_reader_finds_nothing(data: bytes, cuts: list[int]) -> None:
    """Plain exactly when no stray quote is found and no field is left open (an even number of quotes)."""
    plain = quotes_are_plain(_blocks(data, cuts))
    assert plain == (quote_fault(_blocks(data, cuts)) is None and data.count(b'"') % 2 == 0)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.text(alphabet='ab",\n ', max_size=6), min_size=1, max_size=4), min_size=1, max_size=4),
       st.lists(st.integers(0, 200), max_size=5))
def test_what_a_csv_writer_writes_is_plain(rows: list[list[str]], cuts: list[int]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    assert quotes_are_plain(_blocks(buffer.getvalue().encode(), cuts))
