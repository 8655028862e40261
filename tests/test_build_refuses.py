"""The build refuses what validation refuses: one seeds copy per defect class from the reliability trial.

Each defect is refused by ``moroccous-data validate``, ``build_data.py`` and
``build_data.py --check`` with the same ``file:row:column: [code] message`` line,
and the build writes nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from moroccous_data.cli import cli
from moroccous_data.validation.problem import Code
from conftest import SEEDS, build_here


def _edit(path: Path, change: Callable[[list[list[str]]], None]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _cell(table: str, row: int, column: str, value: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(seeds: Path) -> None:
        def change(rows: list[list[str]]) -> None:
            index = rows[0].index(column)
            rows[row - 1][index] = value(rows[row - 1][index])
        _edit(seeds / f"{table}.csv", change)
    return apply


def _row_with(text: str) -> int:
    """The file row (header = 1) of the first citation whose quote holds ``text``."""
    with (SEEDS / "citations.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    quote = rows[0].index("quote")
    return next(number for number, row in enumerate(rows[1:], start=2) if text in row[quote])


def _shift(seeds: Path) -> None:
    def change(rows: list[list[str]]) -> None:
        start = rows[0].index("quote_start")
        rows[1][start] = str(int(rows[1][start]) + 1)
        rows[1][start + 1] = str(int(rows[1][start + 1]) + 1)
    _edit(seeds / "citations.csv", change)


def _padded_duplicate(value: str) -> Callable[[Path], None]:
    """A copy of citations row 2, right after it (so still in key order), its quote_start written ``value``."""
    def apply(seeds: Path) -> None:
        def change(rows: list[list[str]]) -> None:
            copy = list(rows[1])
            copy[rows[0].index("quote_start")] = value.format(copy[rows[0].index("quote_start")])
            rows.insert(2, copy)
        _edit(seeds / "citations.csv", change)
    return apply


SECRETARY, APOSTROPHE = _row_with("Secretary"), _row_with("’")
with (SEEDS / "sources.csv").open(encoding="utf-8", newline="") as _handle:
    HELD = next(n for n, r in enumerate(csv.DictReader(_handle), start=2) if r["sha256"])  # a text the repository holds
DEFECTS: dict[str, tuple[Callable[[Path], None], str]] = {
    "quote character changed": (_cell("citations", SECRETARY, "quote", lambda q: q.replace("Secretary", "Secretory", 1)),
                                f"citations.csv:{SECRETARY}:quote: [quote-mismatch] "),
    "offsets shifted": (_shift, "citations.csv:2:quote: [quote-mismatch] "),
    "apostrophe straightened": (_cell("citations", APOSTROPHE, "quote", lambda q: q.replace("’", "'")),
                                f"citations.csv:{APOSTROPHE}:quote: [quote-mismatch] "),
    "wrong sha256": (_cell("sources", HELD, "sha256", lambda s: ("0" if s[0] != "0" else "1") + s[1:]),
                     f"sources.csv:{HELD}:sha256: [source-text] "),
    "wrong characters": (_cell("sources", HELD, "characters", lambda c: str(int(c) + 1)),
                         f"sources.csv:{HELD}:characters: [source-text] "),
    "zero-padded duplicate key": (_padded_duplicate("0{}"), "citations.csv:3:quote_start: [duplicate-key] "),
}


@pytest.mark.parametrize("defect", DEFECTS)
def test_validate_build_and_check_refuse_alike(defect: str, seeds_copy: Path, tmp_path: Path) -> None:
    change, expected = DEFECTS[defect]
    change(seeds_copy)
    validate = CliRunner().invoke(cli, ["validate", str(seeds_copy)])
    built = build_here("--seeds", seeds_copy, "--out", tmp_path / "out")
    check = build_here("--seeds", seeds_copy, "--check")
    problems = [line for line in validate.stdout.splitlines() if ": " in line and ".csv:" in line]
    assert validate.exit_code == 1 and len(problems) == 1 and f"{expected}" in problems[0], validate.output
    for result in (built, check):
        assert result.returncode == 1, result.stdout + result.stderr
        assert problems[0] in result.stderr.splitlines(), "the same message as validate"
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists(), "nothing written"


@pytest.mark.parametrize("written", ["0{}", "00{}"])
def test_integer_keys_compare_as_numbers(written: str, seeds_copy: Path) -> None:
    from moroccous_data.validation.checks import check_file

    _padded_duplicate(written)(seeds_copy)
    problems = [str(p) for p in check_file(seeds_copy / "citations.csv", "citations").problems]
    assert len(problems) == 1 and ":3:quote_start: [duplicate-key] " in problems[0] and "(first used on row 2)" in problems[0]


def test_minus_zero_is_zero_in_a_key(seeds_copy: Path) -> None:
    """``-0`` and ``0`` are one integer, so a fact written both ways is one fact."""
    from moroccous_data.validation.checks import check_file

    def change(rows: list[list[str]]) -> None:
        header = rows[0]
        zeros = [r for r in rows[1:] if r[header.index("quote_start")] == "0"]
        copy = list(zeros[0])
        copy[header.index("quote_start")] = "-0"
        rows.append(copy)

    _edit(seeds_copy / "citations.csv", change)
    problems = check_file(seeds_copy / "citations.csv", "citations").problems
    assert Code.DUPLICATE_KEY in {p.code for p in problems}, problems


@pytest.mark.parametrize("value, message", [
    ("9" * 19, "does not fit in a 64-bit integer"),
    ("9" * 25, "has more than 19 digits"),
    ("9" * 5000, "has more than 19 digits"),
    ("0" * 5000 + "7", "has more than 19 digits"),
    ("-" + "9" * 300_000, "has more than 19 digits"),
    ("+5", "is not a whole number"),
])
def test_integers_beyond_int64_are_refused_cleanly(value: str, message: str, seeds_copy: Path, tmp_path: Path) -> None:
    for table, column in (("sale_events", "quantity"), ("citations", "quote_end"), ("assistance", "fiscal_year_end")):
        _cell(table, 2, column, lambda _: value)(seeds_copy)
    built = build_here("--seeds", seeds_copy, "--out", tmp_path / "out")
    assert built.returncode == 1 and "Traceback" not in built.stderr, built.stderr
    for table, column in (("sale_events", "quantity"), ("citations", "quote_end"), ("assistance", "fiscal_year_end")):
        line = next(x for x in built.stderr.splitlines() if f"{table}.csv:2:{column}:" in x)
        assert "[type-error]" in line and message in line and len(line) < 400, line


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_a_cell_longer_than_the_csv_modules_guard_gets_its_own_problem(line_end: str, tmp_path: Path) -> None:
    """A 300,000-digit quantity in a file pyarrow cannot stream (a row over two blocks long; with CR line ends
    also the exact reader's) is named as too many digits, not as malformed CSV, and the csv module's field
    limit, lifted for the read, is left as it was."""
    rows = list(csv.reader((SEEDS / "sale_events.csv").open(encoding="utf-8", newline="")))
    rows[1][rows[0].index("quantity")] = "9" * 300_000
    path = tmp_path / "sale_events.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator=line_end).writerows(rows)
    limit = csv.field_size_limit()
    result = CliRunner().invoke(cli, ["validate", str(path), "--table", "sale_events"])
    assert csv.field_size_limit() == limit
    assert result.exit_code == 1, result.output
    assert f"{path}:2:quantity: [type-error]" in result.output and "has more than 19 digits" in result.output, result.output
    assert "[csv-error]" not in result.output
