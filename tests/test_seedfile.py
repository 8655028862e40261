"""The one quote grammar: what CSV readers would silently repair is found before any reader sees the file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moroccous_data.models.specs import ColumnSpec
from moroccous_data.validation.checks import check_file
from moroccous_data.validation.problem import Code
from moroccous_data.validation.seedfile import quote_fault
from moroccous_data.validation.tablecheck import _arrow
from conftest import SEEDS


@pytest.mark.parametrize("data, offset", [
    (b'id,name\n"a",b"c"\n', 13),  # the review's counter-example: a second, quicker scan once called this plain
    (b'id,name\nx,"Nasser" Bourita\n', 17),  # text after a closing quote
    (b'id,name\nx,a"b\n', 11),  # a quote inside an unquoted field
    (b'id,name\nx,"a"b"\n', 12),  # a lone quote inside a quoted field
    (b'id,name\nx,"a, b"\ny,"say ""hi"""\nz,"a\nb"\n', None),  # quoted separators, doubled quotes, a line break
])
def test_the_first_stray_quote_is_found(data: bytes, offset: int | None) -> None:
    assert quote_fault([data]) == offset


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet='",\na', max_size=24).map(str.encode), st.lists(st.integers(0, 24), max_size=8))
def test_the_verdict_does_not_depend_on_how_the_bytes_fall_into_blocks(data: bytes, cuts: list[int]) -> None:
    points = sorted({min(c, len(data)) for c in cuts})
    blocks = [data[a:b] for a, b in zip([0, *points], [*points, len(data)]) if data[a:b]]
    assert quote_fault(blocks) == quote_fault([data])


def test_validate_reports_a_stray_quote_after_a_quoted_field(tmp_path: Path) -> None:
    lines = (SEEDS / "entities.csv").read_text(encoding="utf-8").split("\n")
    row = next(csv.reader([lines[1]]))
    rest = io.StringIO(newline="")
    csv.writer(rest, lineterminator="").writerow(row[2:])
    lines[1] = f'"{row[0]}",{row[1][:3]}"{row[1][3:]}",{rest.getvalue()}'
    path = tmp_path / "entities.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert (2, Code.STRAY_QUOTE) in {(p.row, p.code) for p in check_file(path, "entities").problems}


_CELLS = st.lists(st.lists(st.text(alphabet='ab",\n ', max_size=6), min_size=2, max_size=2), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(_CELLS)
def test_what_a_csv_writer_writes_has_no_stray_quote(rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows([["x", "y"], *rows])
    assert quote_fault([buffer.getvalue().encode()]) is None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='ab",\n', max_size=20))
def test_a_file_with_no_stray_quote_reads_alike_in_pyarrow_and_python(tmp_path_factory: pytest.TempPathFactory,
                                                                       body: str) -> None:
    """Where the grammar finds nothing, pyarrow (the fast reader) and Python's strict reader (the exact one) read
    the same cells, or pyarrow refuses the file and the exact reader judges it: nothing is repaired unseen."""
    data = f"x,y\n{body}".encode()
    if quote_fault([data]) is not None:
        return
    try:
        exact = list(csv.reader(io.StringIO(data.decode(), newline=""), strict=True))[1:]
    except csv.Error:
        return
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_bytes(data)
    table = _arrow(path, [ColumnSpec("x", "", "text", True), ColumnSpec("y", "", "text", True)])
    if table is not None and all(len(r) == 2 for r in exact):
        assert [[x, y] for x, y in zip(table.column("x").to_pylist(), table.column("y").to_pylist())] == exact
