"""Checking one seed CSV, read whole, a column at a time with pyarrow.

The file's bytes are scanned once for what CSV readers silently repair (a
byte-order mark, CR line ends, stray quotes); a clean file goes to pyarrow's
CSV reader, every column as text, and a file it cannot parse (or that the scan
faulted) to the exact record reader in ``seedfile`` for precise messages.
Every cell gets at most one problem: the first check it fails. Cross-field
rules then run on the rows whose cells all passed.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..models.kinds import KINDS
from ..models.patterns import (
    BOOLEANS,
    EDGE,
    FORBIDDEN,
    FORMULA,
    INTEGER_PATTERN,
    INVISIBLE,
    TEXT_PATTERN,
    WHITESPACE,
    integer_message,
    source_number_message,
)
from ..models.rules import AnyRule, Masks, lookup
from ..models.specs import ColumnSpec
from .problem import Code, Problem
from .seedfile import parse_seed, repaired_unseen, seed_bytes

_INTEGER = re.compile(INTEGER_PATTERN)
_FORBIDDEN = re.compile(f"[{FORBIDDEN}]")
_FORMULA_LEAD = re.compile(f"[{FORMULA}]")
# TEXT_PATTERN in three parts, each far quicker in RE2 than the whole
_TEXT_PARTS = (f"^[^{EDGE}{FORMULA}]", f"[^{EDGE}]$")
_FORMULA_KINDS = ("text", "text_list", "slug", "slug_list", "record_refs", "iso3", "iso3_list", "sha256", "enum")
BLOCK_SIZE = 8 << 20  # bytes pyarrow parses at a time; a file with a longer row goes to the exact reader


@dataclass
class Rows:
    """The rows of a table that passed every cell and rule check, as text, with their file row numbers.

    ``everything`` holds every record parsed from the file, valid or not, so a
    record with a bad cell is reported once, not again by each reference to it.
    """

    table: pa.Table
    numbers: Sequence[int]  # a range while no row was left out: a million rows cost no list
    everything: pa.Table

    def all_values(self, name: str) -> list[str | None]:
        return [v or None for v in self.everything.column(name).to_pylist()]

    def column(self, name: str) -> list[str | None]:
        return [v or None for v in self.table.column(name).to_pylist()]

    def select(self, columns: list[str]) -> Rows:
        return Rows(self.table.select(columns), self.numbers, self.everything.select(columns))


def _text_table(specs: list[ColumnSpec], rows: list[dict[str, str]] | None = None) -> pa.Table:
    return pa.table({s.name: pa.array([r[s.name] for r in rows or []], pa.string()) for s in specs})


def _arrow(path: Path, specs: list[ColumnSpec]) -> pa.Table | None:
    """The file as a table of text, or None when the exact reader must judge it: it is not a regular file, it
    holds what pyarrow would repair without a word (a byte-order mark, a CR, a stray quote), or pyarrow cannot
    parse it. Read through Arrow's own file and in one thread, with no more than a block parsed ahead."""
    try:
        if not stat.S_ISREG(path.stat().st_mode) or repaired_unseen(path):
            return None
        with pa.OSFile(str(path)) as handle:
            table = pacsv.open_csv(
                handle,
                read_options=pacsv.ReadOptions(use_threads=False, block_size=BLOCK_SIZE),
                parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
                convert_options=pacsv.ConvertOptions(column_types={s.name: pa.string() for s in specs},
                                                     strings_can_be_null=False, quoted_strings_can_be_null=False),
            ).read_all()
        names = table.column_names  # decoded here: a label that is not UTF-8 raises
    except (OSError, pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, UnicodeDecodeError):
        return None
    return table if names == [s.name for s in specs] else None


def read_table(path: Path, specs: list[ColumnSpec], shown: str) -> tuple[pa.Table, Sequence[int], list[Problem]]:
    """Every record of a seed file as text, its row numbers (header = row 1), and the faults of its shape."""
    table = _arrow(path, specs)
    if table is not None:
        problems = [] if table.num_rows else [Problem(shown, 2, "-", Code.FILE_ERROR, "the file has a header but no records")]
        return table, range(2, 2 + table.num_rows), problems
    data, problems = seed_bytes(path, shown)
    if data is None:
        return _text_table(specs), [], problems
    parsed, problems = parse_seed(data, specs, shown)
    return _text_table(specs, [row for _, row in parsed]), [n for n, _ in parsed], problems


def _drop_blank_rows(path: str, table: pa.Table, numbers: Sequence[int],
                     problems: list[Problem]) -> tuple[pa.Table, Sequence[int]]:
    """Report rows with every cell empty (pyarrow reads a blank line as one) and leave them out."""
    blank = pc.equal(table.column(0), "")
    for name in table.column_names[1:]:
        blank = pc.and_(blank, pc.equal(table.column(name), ""))
    indices = pc.indices_nonzero(blank).to_pylist()
    if not indices:
        return table, numbers
    problems.extend(Problem(path, numbers[i], "-", Code.BLANK_ROW, "blank row; delete it, or run `moroccous-data fmt seeds`") for i in indices)
    keep = pc.indices_nonzero(pc.invert(blank))
    return table.take(keep), [numbers[i] for i in keep.to_pylist()]


# Every value source_number_message refuses matches this (a looser RE2 pattern), so only those need Python.
_SOURCE_NUMBER_SUSPECT = r"(?i)sources?[^0-9a-z]+0\p{Nd}\p{Nd}|-by-0\p{Nd}\p{Nd}"

Check = Callable[[str], str | None]
_CODES = {code.value: code for code in Code}


def _per_value(column: pa.ChunkedArray, check: Check) -> pa.ChunkedArray:
    """Cells whose value passes ``check``, run once per distinct value that could fail it."""
    suspects = column
    if check is source_number_message:
        suspects = column.filter(pc.match_substring_regex(column, _SOURCE_NUMBER_SUSPECT))
    elif check is integer_message:  # only a value too long for the pattern's verdict to settle it
        suspects = column.filter(pc.greater(pc.binary_length(column), 18))
    failing = [v for v in pc.unique(suspects).to_pylist() if v and check(v)]
    return pc.invert(pc.is_in(column, value_set=pa.array(failing, pa.string())))


def _value_parts(spec: ColumnSpec) -> tuple[tuple[Check, Code], ...]:
    """The per-value checks of the column's kind (``kinds.KINDS``, the models' own), each with its code."""
    return tuple((check, _CODES[code]) for check, code in KINDS[spec.kind].checks)


@cache
def _empty_settled(spec: ColumnSpec) -> bool:
    """Whether the kind's checks alone pass an empty cell exactly when the column is optional."""
    return _kind_passes(pa.chunked_array([[""]], pa.string()), spec)[0].as_py() is not spec.required


def _cell_passes(column: pa.ChunkedArray, spec: ColumnSpec) -> pa.ChunkedArray:
    """Each cell's verdict: the checks of its kind, its length limit, and an empty cell passed or refused as
    ``spec.required`` says."""
    ok = _kind_passes(column, spec)
    if spec.max_length is not None:
        ok = pc.and_(ok, pc.less_equal(pc.utf8_length(column), spec.max_length))
    if _empty_settled(spec):
        return ok
    empty = pc.equal(column, "")
    return pc.and_not(ok, empty) if spec.required else pc.or_(ok, empty)


def _kind_passes(column: pa.ChunkedArray, spec: ColumnSpec) -> pa.ChunkedArray:
    """The checks of the column's kind, each cell's verdict (length limit and empty cells aside).

    Each check is written so that it also refuses padding with whitespace and a
    leading formula character, so one pass per column finds every bad cell.
    """
    if spec.type == "integer":
        ok = pc.and_(pc.match_substring_regex(column, INTEGER_PATTERN), _per_value(column, integer_message))
        numbers = pc.cast(pc.if_else(ok, column, "0"), pa.int64())
        if spec.minimum is not None:
            ok = pc.and_(ok, pc.greater_equal(numbers, spec.minimum))
        if spec.maximum is not None:
            ok = pc.and_(ok, pc.less_equal(numbers, spec.maximum))
        return ok
    if spec.type == "boolean":
        return pc.is_in(column, options=lookup(frozenset(BOOLEANS)))
    if spec.enum is not None:
        return pc.is_in(column, options=lookup(frozenset(spec.enum if spec.required else ("", *spec.enum))))
    if spec.pattern == TEXT_PATTERN:
        ok = pc.and_(pc.and_(*(pc.match_substring_regex(column, part) for part in _TEXT_PARTS)),
                     pc.invert(pc.match_substring_regex(column, f"[{FORBIDDEN}]")))
    else:
        ok = pc.match_substring_regex(column, spec.pattern or f"^[^{WHITESPACE}]")
    for check, _ in _value_parts(spec):
        ok = pc.and_(ok, _per_value(column, check))
    return ok


def _named(character: str) -> str:
    return f"U+{ord(character):04X} ({unicodedata.name(character, 'a control character')})"


def _diagnose(spec: ColumnSpec, value: str) -> tuple[Code, str]:
    """Why a cell failed, in words a contributor can act on."""
    if value == "":
        return Code.MISSING_VALUE, "required value is empty"
    if value != value.strip():
        return Code.CHARACTER_ERROR, f"value {value!r} has leading or trailing whitespace"
    if spec.type == "integer":
        if not _INTEGER.match(value):
            return Code.TYPE_ERROR, f"{value[:40]!r} is not a whole number (no separators, decimals or units)"
        too_large = integer_message(value) if len(value) > 18 else None
        if too_large:
            return Code.TYPE_ERROR, too_large
        if spec.minimum is not None and int(value) < spec.minimum:
            return Code.CONSTRAINT_ERROR, f"{value} is less than the minimum {spec.minimum}"
        return Code.CONSTRAINT_ERROR, f"{value} is more than the maximum {spec.maximum}"
    if spec.type == "boolean":
        return Code.TYPE_ERROR, f"{value!r} is not a boolean; write true or false"
    if spec.kind in ("text", "text_list"):
        hidden = _FORBIDDEN.search(value)
        if hidden:
            return Code.CHARACTER_ERROR, (f"holds {_named(hidden.group())} at character {hidden.start() + 1}; remove it "
                                          "(control and invisible formatting characters are not allowed in a cell)")
        if value[0] in INVISIBLE or value[-1] in INVISIBLE:
            edge = value[0] if value[0] in INVISIBLE else value[-1]
            return Code.CHARACTER_ERROR, (f"{'starts' if edge == value[0] else 'ends'} with {_named(edge)}, "
                                          "an invisible padding; remove it")
    if _FORMULA_LEAD.match(value) and spec.kind in _FORMULA_KINDS:
        return Code.FORMULA, f"{value[:20]!r} starts with {value[0]!r}, which spreadsheets run as a formula"
    if spec.kind == "iso3":
        return Code.ENUM_ERROR, f"{value!r} is not an ISO 3166-1 alpha-3 country code"
    if spec.enum is not None:
        return Code.ENUM_ERROR, f"{value!r} is not allowed; expected one of: {', '.join(spec.enum)}"
    if spec.max_length is not None and len(value) > spec.max_length:
        return Code.CONSTRAINT_ERROR, f"{len(value)} characters; at most {spec.max_length} allowed"
    for check, code in _value_parts(spec):
        if message := check(value):
            return code, message
    return Code.PATTERN_ERROR, f"{value!r} does not match the pattern {spec.pattern}"


def check_cells(path: str, table: pa.Table, numbers: Sequence[int], specs: list[ColumnSpec]) -> tuple[pa.ChunkedArray, list[Problem]]:
    """Every cell's verdict: a mask of rows with no bad cell, and one problem per bad cell."""
    problems: list[Problem] = []
    good = pa.chunked_array([pa.repeat(pa.scalar(True), table.num_rows)])
    for spec in specs:
        passes = _cell_passes(table.column(spec.name), spec)
        if pc.all(passes).as_py() is not False:
            continue
        good = pc.and_(good, passes)
        failing = pc.indices_nonzero(pc.invert(passes))
        for index, value in zip(failing.to_pylist(), table.column(spec.name).take(failing).to_pylist()):
            problems.append(Problem(path, numbers[index], spec.name, *_diagnose(spec, value)))
    return good, problems


def check_rules(path: str, table: pa.Table, numbers: Sequence[int], rules: tuple[AnyRule, ...]) -> list[Problem]:
    """Cross-field rules over rows whose cells are valid, each a whole column at a time; reports each row
    once, at its first broken rule, with the message the rule gives that row."""
    masks = Masks(table)
    problems: list[Problem] = []
    reported: set[int] = set()
    for rule in rules:
        failing = pc.indices_nonzero(pc.fill_null(rule.mask(masks), False))
        if not len(failing):
            continue
        columns = list(dict.fromkeys(rule.columns))
        for index, row in zip(failing.to_pylist(), table.select(columns).take(failing).to_pylist()):
            if index not in reported:
                reported.add(index)
                message = rule.row({k: v or None for k, v in row.items()})
                problems.append(Problem(path, numbers[index], rule.column, Code.RULE_ERROR, message or "invalid"))
    return problems


def check_seed_file(path: Path, specs: list[ColumnSpec], rules: tuple[AnyRule, ...],
                    display: str | None = None) -> tuple[Rows, list[Problem]]:
    """All single-file checks of one seed CSV: its valid rows and every problem found."""
    shown = display or str(path)
    table, numbers, problems = read_table(path, specs, shown)
    if table.num_rows and pc.any(pc.equal(table.column(0), "")).as_py():  # a blank row leaves even the key empty
        table, numbers = _drop_blank_rows(shown, table, numbers, problems)
    everything = table
    good, cell_problems = check_cells(shown, table, numbers, specs)
    problems.extend(cell_problems)
    if cell_problems:
        keep = pc.indices_nonzero(good)
        table, numbers = table.take(keep), [numbers[i] for i in keep.to_pylist()]
    rule_problems = check_rules(shown, table, numbers, rules)
    problems.extend(rule_problems)
    if rule_problems:
        broken = {p.row for p in rule_problems}
        keep_rows = [i for i, n in enumerate(numbers) if n not in broken]
        table, numbers = table.take(pa.array(keep_rows, pa.int64())), [numbers[i] for i in keep_rows]
    return Rows(table, numbers, everything), problems
