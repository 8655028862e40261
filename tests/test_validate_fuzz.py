"""The validator never crashes: random bytes, random CSV shapes and mutated real rows all get a clean verdict."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from moroccous_data.validation.checks import check_file
from moroccous_data.cli import cli
from moroccous_data.models import TABLES
from moroccous_data.validation.problem import Code, Problem
from conftest import SEEDS

pytestmark = pytest.mark.slow  # the validator's own code, property-tested: not a data contributor's run

LINE = re.compile(r"^.+:\d+:[^:]+: \[(?P<code>[a-z-]+)\] .+$", re.S)
TABLE_NAMES = sorted(TABLES)
FUZZ = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every example, each file overwritten: a new temporary folder per example cost more than
    most verdicts (4–20 ms to create and remove against 3–10 ms to check)."""
    return tmp_path_factory.mktemp("examples")


def _verdict(data: bytes, table: str, folder: Path) -> list[Problem]:
    path = folder / f"{table}.csv"
    path.write_bytes(data)
    problems = check_file(path, table).problems
    for problem in problems:
        match = LINE.match(str(problem))
        assert match and match["code"] in set(Code), problem
    assert len([p for p in problems if p.code.structural]) <= 1, problems  # a file unread is one problem, not one per cause
    return problems


# Random bytes and random CSV shapes run 300 examples; mutated real rows keeps 1000. Measured with coverage.py
# (two runs each of 100, 300 and 1000 examples, against the branches the other in-process test files reach):
# from 300 on every run of the first two added the same branches as a 1000-example run, while runs of
# mutated real rows kept finding more up to 1000 (10-12 of 13 new branches at 300, 12-13 at 1000).
@settings(FUZZ, max_examples=300)
@given(st.binary(max_size=400), st.sampled_from(TABLE_NAMES))
def test_random_bytes(scratch: Path, data: bytes, table: str) -> None:
    _verdict(data, table, scratch)


cells = st.text(alphabet=st.sampled_from(list('ab,;"\n\r\t =+-@|é\x00 1')), max_size=12)


@settings(FUZZ, max_examples=300)
@given(st.lists(st.lists(cells, max_size=6), max_size=6), st.sampled_from(TABLE_NAMES), st.booleans())
def test_random_csv_shapes(scratch: Path, rows: list[list[str]], table: str, real_header: bool) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    if real_header:
        writer.writerow(TABLES[table].model_fields)
    writer.writerows(rows)
    problems = _verdict(buffer.getvalue().encode("utf-8", "surrogatepass"), table, scratch)
    if not rows:
        assert problems, "an empty or header-only file is never valid"


def _seed_rows(table: str) -> list[list[str]]:
    with (SEEDS / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


SEED_ROWS = {t: _seed_rows(t) for t in TABLE_NAMES}


@FUZZ
@given(st.sampled_from([t for t in TABLE_NAMES if len(SEED_ROWS[t]) > 1]), st.data())
def test_mutated_real_rows(scratch: Path, table: str, data: st.DataObject) -> None:
    rows = [list(r) for r in SEED_ROWS[table]]
    row = data.draw(st.integers(1, len(rows) - 1))
    column = data.draw(st.integers(0, len(rows[0]) - 1))
    before = rows[row][column]
    after = data.draw(st.one_of(st.text(max_size=20), st.sampled_from(["", " ", "=1+1", "-5", "1.5", "USA ", "2020-02-30", "x|x", "true"])))
    rows[row][column] = after
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    problems = _verdict(buffer.getvalue().encode("utf-8", "surrogatepass"), table, scratch)
    flagged = [p for p in problems if p.row == row + 1 and p.code not in (Code.DUPLICATE_KEY, Code.DUPLICATE_FACT)]
    if after == before:
        assert not flagged, problems
    values = {k: v for k, v in zip(rows[0], rows[row]) if v != ""}
    try:
        TABLES[table].model_validate(values)
    except ValidationError as exc:
        assert flagged, f"the model refuses the row but the validator passes it: {exc}"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_cli_gives_a_verdict_not_a_traceback(scratch: Path, data: bytes) -> None:
    path = scratch / "sales.csv"
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.mark.parametrize("extra, padded", [(3, 0), (20_000, 0), (0, 6), (20_100, 6)])
def test_a_header_with_many_faults_is_one_short_message(extra: int, padded: int, tmp_path: Path) -> None:
    """A few unknown or padded labels are each named; thousands are counted, with the first few shown, so a
    hostile header gets one readable line (and the repeated-label search no longer compares every pair)."""
    rows = list(csv.reader((SEEDS / "entities.csv").open(encoding="utf-8", newline="")))
    names = [f"c{i % 20_000}" for i in range(extra)]  # past 20,000, labels repeat
    header = [f" {label} " if i < padded else label for i, label in enumerate(rows[0])] + names
    path = tmp_path / "entities.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *(row + [""] * extra for row in rows[1:])])
    problems = check_file(path, "entities").problems
    assert [p.code for p in problems] == [Code.HEADER_ERROR] and len(str(problems[0])) < 600, str(problems[0])[:700]
    message = problems[0].message
    if extra > 5:
        assert f"{extra:,} unknown columns: 'c0', 'c1', 'c2', 'c3', 'c4' and {extra - 5:,} more" in message
    else:
        assert all(f"unknown column 'c{i}'" in message for i in range(extra))
    if padded > 5:
        assert f"{padded} column labels have leading or trailing spaces: ' id '" in message
    if extra > 20_000:
        assert "appears more than once" in message
