"""Checking one seed CSV a column at a time with pyarrow: fast enough for 100,000-row contributions.

Well-formed files are parsed by pyarrow's CSV reader with every column as
text; a file it cannot parse (bad bytes, ragged rows, stray quotes, blank
lines) goes to the exact row-by-row reader in ``seedfile`` for precise
messages. Every cell gets at most one problem: the first check it fails.
Cross-field rules then run on the rows whose cells all passed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from . import edtf
from .columns import ColumnSpec
from .models.countries import ALPHA3
from .models.types import WHITESPACE
from .models.rules import AnyRule, Computed, Rule, Span
from .seedfile import Problem, read_seed

_FORMULA_KINDS = ("text", "text_list", "slug", "slug_list", "iso3", "iso3_list", "sha256", "enum")


@dataclass
class Rows:
    """The rows of a table that passed every cell and rule check, as text, with their file row numbers."""

    table: pa.Table
    numbers: list[int]

    def column(self, name: str) -> list[str | None]:
        return [v or None for v in self.table.column(name).to_pylist()]


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _parse(data: bytes, specs: list[ColumnSpec]) -> pa.Table | None:
    """pyarrow's reading of a well-formed file, or None to fall back to the exact reader."""
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(use_threads=False, block_size=1 << 26),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={s.name: pa.string() for s in specs},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    if table.column_names != [s.name for s in specs]:
        return None
    return table.combine_chunks()


def _from_rows(rows: list[tuple[int, dict[str, str]]], specs: list[ColumnSpec]) -> tuple[pa.Table, list[int]]:
    columns = {s.name: pa.array([r[s.name] for _, r in rows], pa.string()) for s in specs}
    return pa.table(columns), [n for n, _ in rows]


class _Cells:
    """Records the first problem of each cell and which rows have any."""

    def __init__(self, path: str, table: pa.Table, numbers: list[int]) -> None:
        self.path = path
        self.table = table
        self.numbers = numbers
        self.problems: list[Problem] = []
        self.bad = pa.repeat(pa.scalar(False), table.num_rows)

    def flag(self, spec: ColumnSpec, failing: Any, open_cells: Any, message: Any) -> Any:
        """Report ``failing`` rows among ``open_cells`` (cells with no problem yet); return the cells still open."""
        failing = pc.and_(pc.fill_null(failing, False), open_cells)
        indices = pc.indices_nonzero(failing).to_pylist()
        if indices:
            values = self.table.column(spec.name).take(indices).to_pylist()
            for index, value in zip(indices, values):
                self.problems.append(Problem(self.path, self.numbers[index], spec.name, message(value)))
            self.bad = pc.or_(self.bad, failing)
        return pc.and_(open_cells, pc.invert(failing))


def _per_value(column: pa.Array, check: Any) -> tuple[pa.Array, dict[str, str]]:
    """Run ``check`` once per distinct value; return the failing mask and the message per value."""
    messages = {}
    for value in pc.unique(column).to_pylist():
        if value:
            message = check(value)
            if message:
                messages[value] = message
    return pc.is_in(column, value_set=pa.array(list(messages), pa.string())), messages


def _edtf_message(value: str) -> str | None:
    try:
        edtf.parse(value)
    except edtf.EdtfError as exc:
        return str(exc)
    return None


def _list_message(kind: str) -> Any:
    def check(value: str) -> str | None:
        items = value.split("|")
        if kind == "iso3_list":
            unknown = [i for i in items if i not in ALPHA3]
            if unknown:
                return f"{unknown[0]!r} is not an ISO 3166-1 alpha-3 country code"
        if len(set(items)) != len(items):
            return f"{value!r} lists an item twice"
        return None

    return check


def check_cells(cells: _Cells, spec: ColumnSpec) -> None:
    column = cells.table.column(spec.name)
    given = pc.not_equal(column, "")
    open_cells = pa.repeat(pa.scalar(True), cells.table.num_rows)
    open_cells = cells.flag(spec, pc.match_substring_regex(column, f"^[{WHITESPACE}]|[{WHITESPACE}]$"), open_cells,
                            lambda v: f"value {v!r} has leading or trailing whitespace")
    if spec.required:
        open_cells = cells.flag(spec, pc.invert(given), open_cells, lambda v: "required value is empty")
    open_cells = pc.and_(open_cells, given)
    if spec.type == "integer":
        open_cells = cells.flag(spec, pc.invert(pc.match_substring_regex(column, r"^-?[0-9]+$")), open_cells,
                                lambda v: f"{v!r} is not a whole number (no separators, decimals or units)")
        if spec.minimum is not None or spec.maximum is not None:
            numbers = pc.cast(pc.if_else(open_cells, column, "0"), pa.float64())
            if spec.minimum is not None:
                open_cells = cells.flag(spec, pc.less(numbers, spec.minimum), open_cells,
                                        lambda v: f"{v} is less than the minimum {spec.minimum}")
            if spec.maximum is not None:
                open_cells = cells.flag(spec, pc.greater(numbers, spec.maximum), open_cells,
                                        lambda v: f"{v} is more than the maximum {spec.maximum}")
        return
    if spec.type == "boolean":
        cells.flag(spec, pc.invert(pc.is_in(column, value_set=pa.array(["true", "false"]))), open_cells,
                   lambda v: f"{v!r} is not a boolean; write true or false")
        return
    if spec.kind in _FORMULA_KINDS:
        open_cells = cells.flag(spec, pc.match_substring_regex(column, r"^[=+\-@]"), open_cells,
                                lambda v: f"{v[:20]!r} starts with {v[0]!r}, which spreadsheets run as a formula")
    if spec.enum is not None:
        allowed = pa.array(list(spec.enum), pa.string())
        if spec.kind == "iso3":
            message = lambda v: f"{v!r} is not an ISO 3166-1 alpha-3 country code"  # noqa: E731
        else:
            message = lambda v: f"{v!r} is not allowed; expected one of: {', '.join(spec.enum or ())}"  # noqa: E731
        cells.flag(spec, pc.invert(pc.is_in(column, value_set=allowed)), open_cells, message)
        return
    if spec.pattern is not None:
        open_cells = cells.flag(spec, pc.invert(pc.match_substring_regex(column, spec.pattern)), open_cells,
                                lambda v: f"{v!r} does not match the pattern {spec.pattern}")
    if spec.max_length is not None:
        open_cells = cells.flag(spec, pc.greater(pc.utf8_length(column), spec.max_length), open_cells,
                                lambda v: f"{len(v)} characters; at most {spec.max_length} allowed")
    value_check = {"edtf": _edtf_message, "iso3_list": _list_message("iso3_list"),
                   "slug_list": _list_message("slug_list"), "text_list": _list_message("text_list")}.get(spec.kind)
    if value_check is not None:
        failing, messages = _per_value(column, value_check)
        cells.flag(spec, failing, open_cells, lambda v: messages[v])


def _rule_mask(rule: AnyRule, table: pa.Table) -> tuple[Any, Any]:
    """Failing rows of a rule, and a function giving the message for a failing row index."""
    if isinstance(rule, Rule):
        return rule.mask(table), lambda i: rule.message
    if isinstance(rule, Span):
        length = pc.utf8_length(table.column(rule.column))
        span = pc.subtract(pc.cast(table.column(rule.end), pa.int64()), pc.cast(table.column(rule.start), pa.int64()))
        failing = pc.not_equal(span, pc.cast(length, pa.int64()))
        return failing, lambda i: rule.row({rule.column: table.column(rule.column)[i].as_py(),
                                            rule.start: table.column(rule.start)[i].as_py(),
                                            rule.end: table.column(rule.end)[i].as_py()})
    assert isinstance(rule, Computed)
    reads = [[v or None for v in table.column(c).to_pylist()] for c in rule.reads]
    verdicts: dict[tuple[Any, ...], str | None] = {}
    messages = []
    for key in zip(*reads):
        if key not in verdicts:
            verdicts[key] = rule.row(dict(zip(rule.reads, key)))
        messages.append(verdicts[key])
    return pa.array([m is not None for m in messages], pa.bool_()), lambda i: messages[i]


def check_rules(path: str, rows: Rows, rules: tuple[AnyRule, ...]) -> list[Problem]:
    """Cross-field rules over rows whose cells are valid; reports each row once, at its first broken rule."""
    problems: list[Problem] = []
    reported: set[int] = set()
    for rule in rules:
        failing, message = _rule_mask(rule, rows.table)
        for index in pc.indices_nonzero(pc.fill_null(failing, False)).to_pylist():
            if index not in reported:
                reported.add(index)
                problems.append(Problem(path, rows.numbers[index], rule.column, message(index) or "invalid"))
    return problems


def check_seed_file(path: Path, specs: list[ColumnSpec], rules: tuple[AnyRule, ...],
                    display: str | None = None) -> tuple[Rows, list[Problem]]:
    """All single-file checks of one seed CSV: the valid rows and every problem found."""
    shown = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Rows(pa.table({s.name: pa.array([], pa.string()) for s in specs}), []), [
            Problem(shown, 0, "-", f"cannot read the file: {exc.strerror or exc}")]
    table = None
    if not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data and _is_utf8(data):
        table = _parse(data, specs)
    if table is None:
        parsed, problems = read_seed(path, specs, display=shown)
        table, numbers = _from_rows(parsed, specs)
    else:
        problems = []
        numbers = list(range(2, table.num_rows + 2))
        if table.num_rows == 0:
            problems.append(Problem(shown, 2, "-", "the file has a header but no records"))
    if table.num_rows == 0:
        return Rows(table, numbers), problems
    cells = _Cells(shown, table, numbers)
    for spec in specs:
        check_cells(cells, spec)
    problems.extend(cells.problems)
    keep = pc.indices_nonzero(pc.invert(cells.bad))
    rows = Rows(table.take(keep), [numbers[i] for i in keep.to_pylist()])
    rule_problems = check_rules(shown, rows, rules)
    if rule_problems:
        broken = {p.row for p in rule_problems}
        keep_rows = [i for i, n in enumerate(rows.numbers) if n not in broken]
        rows = Rows(rows.table.take(keep_rows), [rows.numbers[i] for i in keep_rows])
    return rows, problems + rule_problems
