"""Checking one seed CSV, read whole, a column at a time with pyarrow.

The file's bytes are scanned once for what CSV readers silently repair (a
byte-order mark, CR line ends, stray quotes); a clean file goes to pyarrow's
CSV reader, every column as text, and a file it cannot parse (or that the scan
faulted) to the exact record reader in ``seedfile`` for precise messages.
Every cell gets at most one problem: the first check it fails. Cross-field
rules then run on the rows whose cells all passed.
"""

from __future__ import annotations

import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..models.kinds import KINDS
from ..models.rules import AnyRule, Masks, text, whole
from ..models.specs import ColumnSpec
from .problem import Code, Problem
from .seedfile import parse_seed, repaired_unseen, seed_bytes

BLOCK_SIZE = 1 << 20  # bytes pyarrow parses at a time; a file with a longer row goes to the exact reader
_CODES = {code.value: code for code in Code}  # the codes the kinds' diagnoses name by value


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
    parse it. Read in one thread, a block at a time."""
    try:
        if not stat.S_ISREG(path.stat().st_mode) or repaired_unseen(path):
            return None
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=False, block_size=BLOCK_SIZE),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={s.name: pa.string() for s in specs},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
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
    blank = pc.equal(table.column(0), text(""))
    for name in table.column_names[1:]:
        blank = pc.and_(blank, pc.equal(table.column(name), text("")))
    indices = pc.indices_nonzero(blank).to_pylist()
    if not indices:
        return table, numbers
    problems.extend(Problem(path, numbers[i], "-", Code.BLANK_ROW, "blank row; delete it, or run `moroccous-data fmt seeds`") for i in indices)
    keep = pc.indices_nonzero(pc.invert(blank))
    return table.take(keep), [numbers[i] for i in keep.to_pylist()]


def _cell_passes(column: pa.ChunkedArray, spec: ColumnSpec) -> pa.ChunkedArray:
    """Each cell's verdict: the checks of its kind, its length limit, and an empty cell passed or refused as
    ``spec.required`` says."""
    ok = KINDS[spec.kind].passes(column, spec)
    if spec.max_length is not None:
        ok = pc.and_(ok, pc.less_equal(pc.utf8_length(column), whole(spec.max_length)))
    empty = pc.equal(column, text(""))
    return pc.and_not(ok, empty) if spec.required else pc.or_(ok, empty)


def _diagnose(spec: ColumnSpec, value: str) -> tuple[Code, str]:
    """Why a cell failed, in words a contributor can act on: an empty or padded cell, or what its kind says."""
    if value == "":
        return Code.MISSING_VALUE, "required value is empty"
    if value != value.strip():
        return Code.CHARACTER_ERROR, f"value {value!r} has leading or trailing whitespace"
    code, message = KINDS[spec.kind].diagnose(spec, value)
    return _CODES[code], message


def check_cells(path: str, table: pa.Table, numbers: Sequence[int], specs: list[ColumnSpec]) -> tuple[pa.ChunkedArray | None, list[Problem]]:
    """Every cell's verdict: a mask of rows with no bad cell (None: every row), and one problem per bad cell."""
    problems: list[Problem] = []
    good = None
    for spec in specs:
        passes = _cell_passes(table.column(spec.name), spec)
        if pc.all(passes).as_py() is not False:
            continue
        good = passes if good is None else pc.and_(good, passes)
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
        failing = pc.indices_nonzero(rule.mask(masks))
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
    if table.num_rows and pc.any(pc.equal(table.column(0), text(""))).as_py():  # a blank row leaves even the key empty
        table, numbers = _drop_blank_rows(shown, table, numbers, problems)
    everything = table
    good, cell_problems = check_cells(shown, table, numbers, specs)
    problems.extend(cell_problems)
    if good is not None:
        keep = pc.indices_nonzero(good)
        table, numbers = table.take(keep), [numbers[i] for i in keep.to_pylist()]
    rule_problems = check_rules(shown, table, numbers, rules)
    problems.extend(rule_problems)
    if rule_problems:
        broken = {p.row for p in rule_problems}
        keep_rows = [i for i, n in enumerate(numbers) if n not in broken]
        table, numbers = table.take(pa.array(keep_rows, pa.int64())), [numbers[i] for i in keep_rows]
    return Rows(table, numbers, everything), problems
