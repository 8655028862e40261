"""Reading one seed CSV's bytes: the byte- and shape-level faults frictionless lets through.

``quote_fault`` is the validator's one quote grammar, run on every file before
any CSV reader sees it. The exact record reader handles the files pyarrow
cannot parse, or that hold what it would repair (bad bytes, ragged rows, stray
quotes, blank lines, a wrong header), reporting each fault against the file, row
(header = row 1) and column, and keeps going so a contributor sees every
problem at once. Cell values are checked in ``tablecheck``.
"""

from __future__ import annotations

import csv
import io
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..models.specs import ColumnSpec
from .problem import Code, Problem

_LABEL = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


_BOUNDARY = (b",", b"\n", b"\r")


def quote_fault(blocks: Iterable[bytes]) -> int | None:
    """The byte offset of the first stray double quote, or None: a quote may only open a field, close it,
    or be doubled inside it. CSV readers (pyarrow, Python's, frictionless's) quietly repair the rest:
    ``"Nasser" Bourita`` would become ``Nasser Bourita``. The validator's one quote grammar. Reads the blocks
    in order, keeping no more than one in memory, so a file pyarrow will read whole is not held twice."""
    inside, offset, before, carry = False, 0, b"\n", b""
    for block in _with_end(blocks):
        data = carry + (block or b"")
        cut = len(data) if block is None else len(data.rstrip(b'"'))  # a run of quotes needs the byte after it
        chunk, carry = data[:cut], data[cut:]
        start = chunk.find(b'"')
        while start >= 0:
            end = start + 1
            while chunk[end:end + 1] == b'"':
                end += 1
            count = end - start
            if not inside:
                if (chunk[start - 1:start] if start else before) not in _BOUNDARY:
                    return offset + start
                inside, count = True, count - 1
            if count % 2:
                if chunk[end:end + 1] not in (*_BOUNDARY, b""):
                    return offset + end - 1
                inside = False
            start = chunk.find(b'"', end)
        if chunk:
            before, offset = chunk[-1:], offset + len(chunk)
    return None


def _with_end(blocks: Iterable[bytes]) -> Iterator[bytes | None]:
    yield from blocks
    yield None


BLOCK_SIZE = 1 << 20


def blocks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while block := handle.read(BLOCK_SIZE):
            yield block


def repaired_unseen(path: Path) -> bool:
    """Whether the file holds what CSV readers repair without a word: a byte-order mark, a CR, a stray quote."""
    carriage = False

    def watched() -> Iterator[bytes]:
        nonlocal carriage
        for number, block in enumerate(blocks(path)):
            carriage = carriage or b"\r" in block or (number == 0 and block.startswith(b"\xef\xbb\xbf"))
            yield block

    return quote_fault(watched()) is not None or carriage


STRAY_QUOTE = ("stray double quote: a quote may only open or close a whole field, and one inside a quoted "
               "field is written twice (\"\")")


def _where(label: str, position: int) -> str:
    """A label fit to stand in the column slot of ``path:row:column``, else the column's position."""
    return label.strip() if _LABEL.match(label.strip()) else f"column {position}"


class _Reader:
    def __init__(self, path: str, specs: list[ColumnSpec]) -> None:
        self.path = path
        self.specs = specs
        self.problems: list[Problem] = []

    def fail(self, row: int, column: str, code: Code, message: str) -> None:
        self.problems.append(Problem(self.path, row, column, code, message))

    def decode(self, data: bytes) -> str | None:
        if data.startswith(b"\xef\xbb\xbf"):
            self.fail(1, "-", Code.BYTE_ORDER_MARK, "the file starts with a byte-order mark; save it as UTF-8 without BOM, or run `moroccous-data fmt seeds`")
            data = data[3:]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            row = data[: exc.start].count(b"\n") + 1
            self.fail(row, "-", Code.ENCODING_ERROR, f"byte {exc.start} is not UTF-8 ({data[exc.start:exc.start + 1]!r}); save the file as UTF-8")
            return None

    def header(self, labels: list[str]) -> bool:
        """Whether the header is the table's; if not, one problem for the file that says everything wrong with it."""
        expected = [s.name for s in self.specs]
        if labels == expected:
            return True
        faults = list(_header_faults(labels, expected))
        columns = {column for column, _ in faults if column != "-"}
        self.fail(1, columns.pop() if len(columns) == 1 else "-", Code.HEADER_ERROR, "; ".join(m for _, m in faults))
        return False


_LISTED = 5  # header faults of one kind named one by one; past this many, counted and the first few shown


def _shown(label: str) -> str:
    """A column label as a message quotes it: whole, unless a hostile header made it very long."""
    return repr(label) if len(label) <= 40 else f"{label[:40]!r}… ({len(label)} characters)"


def _some(faults: list[tuple[int, str]]) -> str:
    """The first few labels of a header fault repeated on many columns, and how many more there are."""
    return f"{', '.join(_shown(label) for _, label in faults[:_LISTED])} and {len(faults) - _LISTED:,} more"


def _header_faults(labels: list[str], expected: list[str]) -> Iterator[tuple[str, str]]:
    """(column, what is wrong) for each fault of a header that is not ``expected``."""
    if len(labels) == 1 and (";" in labels[0] or "\t" in labels[0]):
        yield "-", "the header is not comma-separated; use ',' as the delimiter"
        return
    padded = [(position, label) for position, label in enumerate(labels, start=1) if label != label.strip()]
    if len(padded) > _LISTED:
        yield "-", (f"{len(padded):,} column labels have leading or trailing spaces: {_some(padded)}; "
                    "run `moroccous-data fmt seeds`")
    else:
        for position, label in padded:
            yield _where(label, position), f"column label {_shown(label)} has leading or trailing spaces; run `moroccous-data fmt seeds`"
    stripped = [label.strip() for label in labels]
    known = set(expected)
    unknown = [(position, label) for position, label in enumerate(stripped, start=1) if label not in known]
    if len(unknown) > _LISTED:
        yield "-", f"{len(unknown):,} unknown columns: {_some(unknown)}"
    else:
        for position, label in unknown:
            yield _where(label, position), f"unknown column {_shown(label)}"
    missing = [name for name in expected if name not in stripped]
    if len(missing) == 1:
        yield missing[0], f"required column {missing[0]!r} is missing from the header"
    elif missing:
        yield "-", f"{len(missing)} required columns are missing from the header: {', '.join(missing)}"
    if stripped == expected:
        return
    if sorted(stripped) == sorted(expected) and len(set(stripped)) == len(stripped):
        yield "-", f"columns are out of order; expected: {','.join(expected)}; run `moroccous-data fmt seeds`"
    elif len(set(stripped)) != len(stripped):
        dupes = sorted(label for label, count in Counter(stripped).items() if count > 1)
        yield _where(dupes[0], stripped.index(dupes[0]) + 1), f"column {_shown(dupes[0])} appears more than once"
    elif set(stripped) != set(expected):
        yield "-", f"the columns are: {', '.join(expected)}"


def seed_bytes(path: Path, shown: str) -> tuple[bytes | None, list[Problem]]:
    """The whole file, or None and the one problem saying why it cannot be read."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None, [Problem(shown, 0, "-", Code.FILE_ERROR,
                                  "not a regular file (a folder, FIFO or device); a seed is a plain CSV file")]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [Problem(shown, 0, "-", Code.FILE_ERROR, f"cannot read the file: {exc.strerror or exc}")]


def parse_seed(data: bytes, specs: list[ColumnSpec], shown: str) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """Parse a seed CSV's bytes into ``(row number, {column: text})`` pairs and the faults found."""
    reader = _Reader(shown, specs)
    text = reader.decode(data)
    if text is None:
        return [], reader.problems
    shape = _Reader(reader.path, specs)  # faults reported only once the file is known to parse
    stray = quote_fault([data])
    if stray is not None:
        shape.fail(data[:stray].count(b"\n") + 1, "-", Code.STRAY_QUOTE, STRAY_QUOTE)
    if "\r" in text:
        shape.fail(text[: text.index("\r")].count("\n") + 1, "-", Code.LINE_ENDING, "line ends with CR (\\r); use LF line endings, or run `moroccous-data fmt seeds`")
    rows: list[tuple[int, dict[str, str]]] = []
    parsed = csv.reader(io.StringIO(text, newline=""), strict=True)
    number = 0
    # No field is longer than the file, which is already in memory: lift the csv module's guard (128 KiB) so a
    # huge cell gets its own problem (too long, too many digits) and not a misleading parse error.
    limit = csv.field_size_limit(max(len(text), csv.field_size_limit()))
    try:
        for number, record in enumerate(parsed, start=1):
            if number == 1:
                if not reader.header(record):
                    return [], reader.problems
                continue
            if not record or all(v == "" for v in record):
                reader.fail(number, "-", Code.BLANK_ROW, "blank row; delete it, or run `moroccous-data fmt seeds`")
                continue
            if len(record) != len(specs):
                reader.fail(number, "-", Code.RAGGED_ROW, f"row has {len(record)} cells, the header has {len(specs)}")
                continue
            rows.append((number, {s.name: v for s, v in zip(specs, record)}))
    except csv.Error as exc:
        reader.fail(number + 1, "-", Code.CSV_ERROR, f"malformed CSV ({exc}); check for an unbalanced double quote")
        return rows, reader.problems
    finally:
        csv.field_size_limit(limit)
    if number == 0:
        reader.fail(1, "-", Code.FILE_ERROR, "the file is empty; it needs at least the header row")
    elif number == 1:
        reader.fail(2, "-", Code.FILE_ERROR, "the file has a header but no records")
    return rows, reader.problems + shape.problems
