"""Checking one seed CSV a column at a time with pyarrow: fast enough for 100,000-row contributions.

Well-formed files are streamed through pyarrow's CSV reader block by block,
every column as text; a file it cannot parse (bad bytes, ragged rows, stray
quotes, CR line ends, a byte-order mark) goes to the exact record reader in
``seedfile`` for precise messages. Every cell gets at most one problem: the
first check it fails. Columns the same checks apply to are checked as one
array, since most of the time goes to the number of pyarrow calls, not to the
bytes they read. Cross-field rules then run on the rows whose cells all passed,
and only the columns the cross-table checks need are kept.
"""

from __future__ import annotations

import queue
import re
import stat
import threading
import unicodedata
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

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
from ..models.rules import AnyRule, Computed, Masks, Rule, Span, lookup
from ..models.specs import ColumnSpec
from . import quotescan
from .problem import Code, Problem
from .seedfile import quote_fault

BLOCK_SIZE = 128 << 10  # bytes of CSV parsed at a time: pyarrow reads up to 32 blocks ahead and reserves about a block per column
CHECK_SIZE = 3 << 19  # bytes of parsed text checked at a time (1.5 MiB), so the text of a large file is never all in memory
READ_AHEAD = 1  # groups of rows parsed ahead of the checks
_END = object()
_INTEGER = re.compile(INTEGER_PATTERN)
_FORBIDDEN = re.compile(f"[{FORBIDDEN}]")
_FORMULA_LEAD = re.compile(f"[{FORMULA}]")
_TEXT_FIRST, _TEXT_LAST = f"^[^{EDGE}{FORMULA}]", f"[^{EDGE}]$"
# EDGE and FORMULA's printable ASCII characters: the edges a cell of printable ASCII may not have.
_PRINTABLE = [chr(c) for c in range(0x20, 0x7F)]
_ASCII_FIRST = [c for c in _PRINTABLE if re.match(f"[{EDGE}{FORMULA}]", c)]
_ASCII_LAST = [c for c in _PRINTABLE if re.match(f"[{EDGE}]", c)]
_FORMULA_KINDS = ("text", "text_list", "slug", "slug_list", "record_refs", "iso3", "iso3_list", "sha256", "enum")


@dataclass
class Rows:
    """The rows of a table that passed every cell and rule check, as text, with their file row numbers.

    ``everything`` holds every record parsed from the file, valid or not, so a
    record with a bad cell is reported once, not again by each reference to it.
    """

    table: pa.Table
    numbers: list[int]
    everything: pa.Table | None = None
    streamed: bool = False

    def all_values(self, name: str) -> list[str | None]:
        source = self.everything if self.everything is not None else self.table
        return [v or None for v in source.column(name).to_pylist()]

    def column(self, name: str) -> list[str | None]:
        return [v or None for v in self.table.column(name).to_pylist()]


def _plain(path: Path) -> bool:
    """No byte-order mark, no CR and no stray quote anywhere: the file can go to pyarrow. The quick test
    (``quotescan``, perhaps already run by a child process) clears most files; the exact scan decides the
    rest. Read in blocks, so memory stays flat."""
    verdict = quotescan.result(path) or quotescan.scan(path)
    if verdict != quotescan.UNSURE:
        return verdict == quotescan.CLEAR
    with path.open("rb") as handle:
        return quote_fault(quotescan.blocks(handle)) is None


def _from_rows(rows: list[tuple[int, dict[str, str]]], specs: list[ColumnSpec]) -> tuple[pa.Table, list[int]]:
    columns = {s.name: pa.array([r[s.name] for _, r in rows], pa.string()) for s in specs}
    return pa.table(columns), [n for n, _ in rows]


def _drop_blank_rows(path: str, table: pa.Table, numbers: list[int],
                     problems: list[Problem]) -> tuple[pa.Table, list[int]]:
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


_WINDOW = 64 << 10  # bytes of cell text copied at a time by _text_bytes
_OVERLAP = 4  # bytes each window repeats of the one before: the longest run looked for, '-by-0', less one


def _text_bytes(column: pa.Array | pa.ChunkedArray) -> Iterator[bytes]:
    """The UTF-8 bytes of each chunk's cells, one after another, copied a window at a time (not a group's
    whole text at once); each window starts with the last ``_OVERLAP`` bytes of the one before, so a run of
    bytes that long, split between two windows, is whole in the second."""
    for chunk in _chunks(column):
        if len(chunk):
            offsets = memoryview(chunk.buffers()[1]).cast("i")
            data = memoryview(chunk.buffers()[2])
            low, high = offsets[chunk.offset], offsets[chunk.offset + len(chunk)]
            for start in range(low, high, _WINDOW):
                yield bytes(data[max(low, start - _OVERLAP):min(high, start + _WINDOW)])


def _cannot_name_a_source(column: pa.Array, printable: bool) -> bool:
    """True when no cell can fail ``source_number_message``. The cells are printable ASCII, so a space is the
    only whitespace: where the bytes hold no space (a column of slugs), only '-by-0' in some case can match;
    elsewhere, no '0' may follow a space or 'y-'/'Y-'. Looking behind each '0' (a byte search) is several
    times quicker than a regular expression over every cell."""
    if not printable:
        return False
    for data in _text_bytes(column):
        if b" " not in data:
            if b"-by-0" in data.lower():
                return False
            continue
        zero = data.find(b"0", 1)
        while zero > 0:
            if data[zero - 1] == 0x20 or (data[zero - 1] == 0x2D and data[zero - 2:zero - 1] in (b"y", b"Y")):
                return False
            zero = data.find(b"0", zero + 1)
    return True


def _per_value(column: pa.Array, check: Callable[[str], str | None], printable: bool = False) -> pa.Array:
    """Cells whose value passes ``check``, running it once per distinct value (for the source-number
    check, only on the few values that could fail it). ``printable``: every cell is printable ASCII."""
    if check is source_number_message:
        if _cannot_name_a_source(column, printable):
            return pa.repeat(pa.scalar(True), len(column))
        column_to_check = column.filter(pc.match_substring_regex(column, _SOURCE_NUMBER_SUSPECT))
    else:
        column_to_check = column
    failing = [v for v in pc.unique(column_to_check).to_pylist() if v and check(v)]
    return pc.invert(pc.is_in(column, value_set=pa.array(failing, pa.string())))


def _per_long_value(column: pa.Array, length: int, check: Callable[[str], str | None]) -> pa.Array:
    """Cells passing ``check``, run only on the few cells longer than ``length`` bytes."""
    long = pc.filter(column, pc.greater(pc.binary_length(column), length))
    failing = [v for v in pc.unique(long).to_pylist() if check(v)]
    if not failing:
        return pa.repeat(pa.scalar(True), len(column))
    return pc.invert(pc.is_in(column, value_set=pa.array(failing, pa.string())))


Check = Callable[[str], str | None]
_CODES = {code.value: code for code in Code}


def _value_parts(spec: ColumnSpec) -> tuple[tuple[Check, Code], ...]:
    """The per-value checks of the column's kind (``kinds.KINDS``, the models' own), each with its code."""
    return tuple((check, _CODES[code]) for check, code in KINDS[spec.kind].checks)


def _value_check(spec: ColumnSpec) -> Check | None:
    """The per-value checks of a kind that no pattern can express, as one: the first failure's message."""
    parts = [check for check, _ in _value_parts(spec)]
    if len(parts) < 2:
        return parts[0] if parts else None
    return lambda value: next((m for check in parts if (m := check(value))), None)


def _at_most(column: pa.Array, limit: int) -> pa.Array:
    """Cells of at most ``limit`` code points. Byte length bounds it from above, so only
    the few cells longer in bytes are counted in Python (pyarrow's utf8_length costs
    a fifth of a second on first use)."""
    lengths = pc.binary_length(column)
    if (pc.max(lengths).as_py() or 0) <= limit:
        return pa.repeat(pa.scalar(True), len(column))
    long = pc.indices_nonzero(pc.greater(lengths, limit)).to_pylist()
    too_long = [i for i, v in zip(long, column.take(pa.array(long, pa.int64())).to_pylist()) if len(v) > limit]
    if not too_long:
        return pa.repeat(pa.scalar(True), len(column))
    return pc.invert(pc.is_in(pa.array(range(len(column)), pa.int64()), value_set=pa.array(too_long, pa.int64())))


@cache
def _regex(pattern: str) -> pc.MatchSubstringOptions:
    return pc.MatchSubstringOptions(pattern)


_EMPTY = pa.scalar("")


def _array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _text_passes(column: pa.Array, plain: pa.Array, printable: bool) -> pa.Array:
    """``TEXT_PATTERN``'s verdict on each cell. A cell of printable ASCII (``plain``) holds no control, format or
    invisible character, so only its first and last characters need a look; the other cells get the pattern,
    in three quicker parts."""
    first = pc.is_in(pc.utf8_slice_codeunits(column, 0, 1), options=lookup(frozenset(_ASCII_FIRST)))
    last = pc.ends_with(column, _ASCII_LAST[0]) if len(_ASCII_LAST) == 1 else pc.is_in(
        pc.utf8_slice_codeunits(column, -1), options=lookup(frozenset(_ASCII_LAST)))
    ok = pc.invert(pc.or_(first, last))
    if printable:
        return ok
    other = pc.invert(plain)
    rest = column.filter(other)
    rest_ok = pc.and_(pc.and_(pc.match_substring_regex(rest, _TEXT_FIRST), pc.match_substring_regex(rest, _TEXT_LAST)),
                      pc.invert(pc.match_substring_regex(rest, f"[{FORBIDDEN}]")))
    return pc.replace_with_mask(_array(ok), _array(other), _array(rest_ok))


def _settle(column: pa.Array, spec: ColumnSpec, ok: pa.Array) -> pa.Array:
    """The kind's verdicts ``ok`` with the column's own constraints added: its length limit, and an empty cell
    passed or refused as ``spec.required`` says (unless the kind's checks already give it that verdict)."""
    if spec.max_length is not None and _alike(spec) is not None:
        ok = pc.and_(ok, _at_most(column, spec.max_length))
    if _empty_settled(spec):
        return ok
    return pc.and_not(ok, pc.equal(column, _EMPTY)) if spec.required else pc.or_(ok, pc.equal(column, _EMPTY))


@cache
def _empty_settled(spec: ColumnSpec) -> bool:
    """Whether the kind's checks alone pass an empty cell exactly when the column is optional."""
    return _kind_passes(pa.array([""], pa.string()), spec)[0].as_py() is not spec.required


def _alike(spec: ColumnSpec) -> tuple[str, str | None] | None:
    """What the kind's checks of a text-like column depend on: columns that share it can be checked as one array.
    None for the kinds checked by a single lookup or cast, where joining columns saves nothing."""
    if spec.type in ("integer", "boolean") or spec.enum is not None:
        return None
    return spec.kind, spec.pattern


def _verdicts(table: pa.Table, specs: list[ColumnSpec]) -> list[pa.Array]:
    """Each column's cell verdicts. Columns checked alike (the six free-text columns of a sale, say) are
    joined into one array first: one call per check instead of one per column and per parsed block."""
    alike: dict[Any, list[ColumnSpec]] = {}
    for spec in specs:
        alike.setdefault(_alike(spec) or spec.name, []).append(spec)
    verdicts: dict[str, pa.Array] = {}
    for members in alike.values():
        columns = [table.column(spec.name) for spec in members]
        joined = columns[0] if len(columns) == 1 else pa.concat_arrays([c for column in columns for c in _chunks(column)])
        ok, start = _kind_passes(joined, members[0]), 0
        for spec, column in zip(members, columns):
            verdicts[spec.name] = _settle(column, spec, ok.slice(start, len(column)))
            start += len(column)
    return [verdicts[spec.name] for spec in specs]


def _chunks(column: pa.Array | pa.ChunkedArray) -> list[pa.Array]:
    return column.chunks if isinstance(column, pa.ChunkedArray) else [column]


def _kind_passes(column: pa.Array, spec: ColumnSpec) -> pa.Array:
    """The checks of the column's kind, each cell's verdict (length limit and empty cells aside: ``_settle``).

    Each check is written so that it also refuses padding with whitespace and a
    leading formula character, so one pass per column finds every bad cell.
    """
    if spec.type == "integer":
        ok = pc.and_(pc.match_substring_regex(column, options=_regex(INTEGER_PATTERN)),
                     _per_long_value(column, 18, integer_message))
        numbers = pc.cast(pc.if_else(ok, column, "0"), pa.int64())
        if spec.minimum is not None:
            ok = pc.and_(ok, pc.greater_equal(numbers, spec.minimum))
        if spec.maximum is not None:
            ok = pc.and_(ok, pc.less_equal(numbers, spec.maximum))
    elif spec.type == "boolean":
        ok = pc.is_in(column, options=lookup(frozenset(BOOLEANS)))
    elif spec.enum is not None:
        ok = pc.is_in(column, options=lookup(frozenset(spec.enum if spec.required else ("", *spec.enum))))
    else:
        check = _value_check(spec)
        plain = pc.ascii_is_printable(column) if spec.pattern == TEXT_PATTERN or check is source_number_message else None
        printable = plain is not None and bool(pc.all(plain).as_py())
        if spec.pattern == TEXT_PATTERN:
            ok = _text_passes(column, plain, printable)
        else:
            ok = pc.match_substring_regex(column, options=_regex(spec.pattern or f"^[^{WHITESPACE}]"))
        if check is not None:
            ok = pc.and_(ok, _per_value(column, check, printable))
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


def _joined_masks(masks: list[pa.Array | pa.ChunkedArray]) -> pa.Array:
    """Masks joined into one, so a question about all of them is two calls, not one per mask."""
    chunks = [chunk for mask in masks for chunk in _chunks(mask)]
    return pa.concat_arrays(chunks) if chunks else pa.array([], pa.bool_())


def _all_true(masks: list[pa.Array | pa.ChunkedArray]) -> bool:
    return bool(pc.all(_joined_masks(masks)).as_py())


def _any_true(masks: list[pa.Array | pa.ChunkedArray]) -> bool:
    return bool(pc.any(_joined_masks(masks)).as_py())


def check_cells(path: str, table: pa.Table, numbers: list[int], specs: list[ColumnSpec]) -> tuple[pa.Array, list[Problem]]:
    """Every cell's verdict: a mask of rows with no bad cell, and one problem per bad cell."""
    problems: list[Problem] = []
    verdicts = _verdicts(table, specs)
    if _all_true(verdicts):
        return pa.repeat(pa.scalar(True), table.num_rows), problems
    good = verdicts[0]
    for passes in verdicts[1:]:
        good = pc.and_(good, passes)
    for spec, passes in zip(specs, verdicts):
        failing = pc.indices_nonzero(pc.invert(passes))
        for index, value in zip(failing.to_pylist(), table.column(spec.name).take(failing).to_pylist()):
            problems.append(Problem(path, numbers[index], spec.name, *_diagnose(spec, value)))
    return good, problems


def _rule_mask(rule: AnyRule, masks: Masks) -> tuple[Any, Any]:
    """Failing rows of a rule, and a function giving the message for a failing row index."""
    table = masks.table
    if isinstance(rule, Rule):
        return rule.mask(masks), lambda i: rule.message
    if isinstance(rule, Span):
        text = table.column(rule.column)
        span = pc.subtract(pc.cast(table.column(rule.end), pa.int64()), pc.cast(table.column(rule.start), pa.int64()))
        # bytes and code points differ only for non-ASCII quotes: count those few in Python
        suspect = pc.indices_nonzero(pc.not_equal(span, pc.cast(pc.binary_length(text), pa.int64())))
        picked = [table.column(c).take(suspect).to_pylist() for c in (rule.column, rule.start, rule.end)]
        values = {i: {rule.column: q, rule.start: a, rule.end: b}
                  for i, q, a, b in zip(suspect.to_pylist(), *picked)}
        failing_rows = {i for i, row in values.items() if rule.row(row)}
        mask = pa.array([i in failing_rows for i in range(table.num_rows)], pa.bool_()) if failing_rows else \
            pa.repeat(pa.scalar(False), table.num_rows)
        return mask, lambda i: rule.row(values[i])
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
    """Cross-field rules over rows whose cells are valid; reports each row once, at its first broken rule.
    Every rule's mask is made first and tested once together: most groups of rows break none."""
    masks = Masks(rows.table)
    made = [(rule, *_rule_mask(rule, masks)) for rule in rules]
    if not _any_true([failing for _, failing, _ in made]):
        return []
    problems: list[Problem] = []
    reported: set[int] = set()
    for rule, failing, message in made:
        for index in pc.indices_nonzero(pc.fill_null(failing, False)).to_pylist():
            if index not in reported:
                reported.add(index)
                problems.append(Problem(path, rows.numbers[index], rule.column, Code.RULE_ERROR, message(index) or "invalid"))
    return problems


def _check_chunk(shown: str, table: pa.Table, numbers: list[int], specs: list[ColumnSpec],
                 rules: tuple[AnyRule, ...], problems: list[Problem]) -> Rows:
    """Blank rows, cells and cross-field rules of some rows; returns those that passed."""
    if table.num_rows and pc.any(pc.equal(table.column(0), "")).as_py():  # a blank row leaves even the key empty
        table, numbers = _drop_blank_rows(shown, table, numbers, problems)
    if table.num_rows == 0:
        return Rows(table, numbers, table)
    good, cell_problems = check_cells(shown, table, numbers, specs)
    problems.extend(cell_problems)
    rows = Rows(table, numbers, table)
    if cell_problems:
        keep = pc.indices_nonzero(good)
        rows = Rows(table.take(keep), [numbers[i] for i in keep.to_pylist()], table)
    rule_problems = check_rules(shown, rows, rules)
    problems.extend(rule_problems)
    if rule_problems:
        broken = {p.row for p in rule_problems}
        keep_rows = [i for i, n in enumerate(rows.numbers) if n not in broken]
        rows = Rows(rows.table.take(pa.array(keep_rows, pa.int64())), [rows.numbers[i] for i in keep_rows], table)
    return rows


def _open(path: Path, specs: list[ColumnSpec], columns: list[str] | None = None) -> tuple[Any, Any]:
    """pyarrow's streaming CSV reader over ``path``, every column as text (only ``columns`` if given).

    Arrow's own file, not a Python one: a Python file is read from Arrow's threads, which then need the
    interpreter lock, and one still reading at exit aborts the process (SIGABRT). Small blocks keep
    memory low (see ``BLOCK_SIZE``); a row longer than about two blocks cannot be streamed, and its file
    goes to the exact reader, which holds it whole.
    """
    handle = pa.OSFile(str(path), "r")
    try:
        reader = pacsv.open_csv(
            handle,
            read_options=pacsv.ReadOptions(use_threads=False, block_size=BLOCK_SIZE),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={s.name: pa.string() for s in specs},
                include_columns=columns or [],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except BaseException:
        handle.close()
        raise
    return handle, reader


def _groups(reader: Any) -> Iterator[pa.Table]:
    """The reader's small batches gathered into tables of about ``CHECK_SIZE`` bytes (not copied: each column
    keeps its batches as chunks), so each check runs on many rows."""
    group: list[pa.RecordBatch] = []
    size = 0
    for batch in reader:
        group.append(batch)
        size += batch.nbytes
        if size >= CHECK_SIZE:
            yield pa.Table.from_batches(group)
            group, size = [], 0
    if group:
        yield pa.Table.from_batches(group)


def _read_ahead(items: Iterator[Any]) -> Generator[Any, None, None]:
    """The items of ``items`` (groups of parsed rows), each made in a thread of their own while the one before is
    used: pyarrow parses without the interpreter lock, so parsing the next rows overlaps checking these. At most
    ``READ_AHEAD`` items are made ahead, so memory stays bounded. Closing the iterator stops and joins the
    thread, so none is left reading when the file closes or the process exits."""
    ready: queue.Queue[Any] = queue.Queue()
    room = threading.Semaphore(READ_AHEAD + 1)  # the item in use and those made ahead
    stop = threading.Event()

    def produce() -> None:
        try:
            while room.acquire() and not stop.is_set():
                item = next(items, _END)
                ready.put(item)
                if item is _END:
                    return
        except BaseException as exc:  # raised again in the reading thread
            ready.put(exc)

    thread = threading.Thread(target=produce, daemon=True)
    thread.start()
    try:
        while (item := ready.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item
            del item
            room.release()
    finally:
        stop.set()
        room.release()
        thread.join()


def key_blocks(path: Path, specs: list[ColumnSpec], columns: list[str]) -> Iterator[tuple[int, pa.Table]]:
    """The ``columns`` of a file pyarrow already parsed once, block by block, with each block's first row number."""
    handle, reader = _open(path, specs, columns)
    try:
        start = 2
        for batch in reader:
            yield start, pa.Table.from_batches([batch])
            start += batch.num_rows
    finally:
        reader.close()
        handle.close()


def _stream(path: Path, shown: str, specs: list[ColumnSpec], rules: tuple[AnyRule, ...],
            keep: list[str], sink: Callable[[Rows], None] | None) -> tuple[Rows, list[Problem]] | None:
    """Parse and check a well-formed file block by block, keeping only the ``keep`` columns (or, with
    ``sink``, handing each block's valid rows to it and keeping nothing); None when pyarrow cannot parse
    it, so the exact reader takes over.

    The quote scan runs first, in this thread: it is Python holding the interpreter lock, and beside the checks
    in a thread of its own it made them wait for the lock longer than it takes alone."""
    if not _plain(path):
        return None
    problems: list[Problem] = []
    kept: list[pa.Table] = []
    everything: list[pa.Table] = []
    numbers: list[int] = []
    try:
        handle, reader = _open(path, specs)
    except (OSError, pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    groups = _read_ahead(_groups(reader))
    try:
        if reader.schema.names != [s.name for s in specs]:
            return None
        start = 2
        for chunk in groups:
            rows = _check_chunk(shown, chunk, list(range(start, start + chunk.num_rows)), specs, rules, problems)
            start += chunk.num_rows
            if sink is not None:
                sink(Rows(rows.table.select(keep), rows.numbers))
                continue
            kept.append(rows.table.select(keep))
            everything.append(chunk.select(keep))
            numbers.extend(rows.numbers)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, UnicodeDecodeError):
        return None
    finally:
        groups.close()
        reader.close()
        handle.close()
    if start == 2:
        problems.append(Problem(shown, 2, "-", Code.FILE_ERROR, "the file has a header but no records"))
    empty = pa.schema([(name, pa.string()) for name in keep])
    table = pa.concat_tables(kept) if kept else empty.empty_table()
    return Rows(table, numbers, pa.concat_tables(everything) if everything else table, streamed=True), problems


def check_seed_file(path: Path, specs: list[ColumnSpec], rules: tuple[AnyRule, ...],
                    display: str | None = None, keep: list[str] | None = None,
                    sink: Callable[[Rows], None] | None = None) -> tuple[Rows, list[Problem]]:
    """All single-file checks of one seed CSV: the valid rows (only the ``keep`` columns, default all)
    and every problem found. With ``sink``, a file pyarrow can stream hands its valid rows to ``sink``
    a block at a time and the returned rows are empty (``streamed`` tells which happened)."""
    shown = display or str(path)
    columns = keep or [s.name for s in specs]
    try:
        streamed = _stream(path, shown, specs, rules, columns, sink) if stat.S_ISREG(path.stat().st_mode) else None
    except OSError as exc:
        return Rows(pa.table({name: pa.array([], pa.string()) for name in columns}), []), [
            Problem(shown, 0, "-", Code.FILE_ERROR, f"cannot read the file: {exc.strerror or exc}")]
    if streamed is not None:
        return streamed
    # the exact, slower reader, only for files pyarrow cannot parse
    from .seedfile import read_seed

    parsed, problems = read_seed(path, specs, display=shown)
    table, numbers = _from_rows(parsed, specs)
    rows = _check_chunk(shown, table, numbers, specs, rules, problems)
    return Rows(rows.table.select(columns), rows.numbers, (rows.everything or rows.table).select(columns)), problems
