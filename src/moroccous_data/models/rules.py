"""Cross-field rules, declared once and checked two ways.

A model lists its rules; ``Record`` checks them row by row (so a model
instance is always valid), and the validator checks them a whole column at a
time over an Arrow table (so 100,000 rows take milliseconds). Each rule
implements both, and a property test asserts the two verdicts agree.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, reduce
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from .vocab import Basis

if TYPE_CHECKING:
    import pyarrow as pa

Row = Mapping[str, Any]


def _present(value: Any) -> bool:
    return value is not None


@dataclass(frozen=True)
class When:
    """A condition on one column: present, or (with ``values``) one of those values."""

    column: str
    values: frozenset[str] | None = None
    negate: bool = False

    def row(self, row: Row) -> bool:
        value = row.get(self.column)
        hit = _present(value) if self.values is None else (value is not None and _text(value) in self.values)
        return hit != self.negate

    def mask(self, masks: "Masks") -> "pa.ChunkedArray":
        """Rows where the condition, negation aside, holds (``Rule.mask`` applies ``negate``)."""
        return masks.given(self.column) if self.values is None else masks.among(self.column, self.values)

    def describe(self) -> str:
        if self.values is None:
            return f"{self.column} is {'empty' if self.negate else 'given'}"
        listed = ", ".join(sorted(self.values))
        return f"{self.column} is {'not ' if self.negate else ''}{listed}"


def _text(value: Any) -> str:
    return getattr(value, "value", value) if not isinstance(value, bool) else str(value).lower()


class Masks:
    """The masks rules test, each computed once per table: many rules ask whether the same column is given."""

    def __init__(self, table: "pa.Table") -> None:
        self.table = table
        self._made: dict[tuple[Any, ...], Any] = {}

    def given(self, column: str) -> "pa.ChunkedArray":
        """Rows whose ``column`` is not empty."""
        import pyarrow.compute as pc

        key = ("given", column)
        if key not in self._made:
            self._made[key] = pc.not_equal(self.table.column(column), text(""))
        return self._made[key]

    def among(self, column: str, values: frozenset[str]) -> "pa.ChunkedArray":
        """Rows whose ``column`` is one of ``values``."""
        import pyarrow.compute as pc

        key = ("among", column, values)
        if key not in self._made:
            self._made[key] = pc.is_in(self.table.column(column), options=lookup(values))
        return self._made[key]


def texts(values: Iterable[str]) -> "pa.Array":
    """Python strings as Arrow text, built from its buffers: ``pa.array`` and ``pa.scalar`` (and a compute
    function handed a Python value) import pandas first, which costs ``validate seeds`` a fifth of a second
    and 40 MiB. The validator makes every value it compares with here."""
    import pyarrow as pa

    data = [value.encode() for value in values]
    offsets = array("i", accumulate(map(len, data), initial=0))
    return pa.Array.from_buffers(pa.string(), len(data), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(data))])


@cache
def text(value: str) -> "pa.Scalar":
    return texts([value])[0]


@cache
def whole(value: int) -> "pa.Scalar":
    import pyarrow as pa

    return text(str(value)).cast(pa.int64())


@cache
def lookup(values: frozenset[str]) -> Any:
    """pyarrow's lookup options for a value set, made once per set (making them costs more than a lookup)."""
    import pyarrow.compute as pc

    return pc.SetLookupOptions(texts(sorted(values)))


def distinct(table: "pa.Table") -> "pa.Table":
    """One row for each distinct combination of the table's values: sorted, then each row that differs from the
    one before (pyarrow's ``group_by`` would import Acero, its datasets and pandas)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if table.num_rows < 2:
        return table
    ordered = table.take(pc.sort_indices(table, sort_keys=[(name, "ascending") for name in table.column_names]))
    head, tail = ordered.slice(0, table.num_rows - 1), ordered.slice(1)
    changed = reduce(pc.or_, (pc.not_equal(head.column(name), tail.column(name)) for name in table.column_names))
    return pa.concat_tables([ordered.slice(0, 1), tail.filter(changed)])


def given(column: str) -> When:
    return When(column)


def empty(column: str) -> When:
    return When(column, negate=True)


def is_(column: str, *values: str) -> When:
    return When(column, frozenset(values))


def is_not(column: str, *values: str) -> When:
    return When(column, frozenset(values), negate=True)


@dataclass(frozen=True)
class Rule:
    """``column`` must be given (``require``) or empty (``forbid``) when ``when`` holds."""

    column: str
    when: When
    require: bool
    message: str

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the rule reads."""
        return (self.column, self.when.column)

    def row(self, row: Row) -> str | None:
        if self.when.row(row) and _present(row.get(self.column)) != self.require:
            return self.message
        return None

    def mask(self, masks: Masks) -> "pa.ChunkedArray":
        """Rows that break the rule, in one call over shared masks: each negation is folded into an
        ``and_not`` instead of a mask inverted first."""
        import pyarrow.compute as pc

        holds, column = self.when.mask(masks), masks.given(self.column)
        if not self.when.negate:
            return pc.and_not(holds, column) if self.require else pc.and_(holds, column)
        return pc.invert(pc.or_(holds, column)) if self.require else pc.and_not(column, holds)


def require(column: str, when: When, message: str | None = None) -> Rule:
    return Rule(column, when, True, message or f"{column} is required when {when.describe()}")


def forbid(column: str, when: When, message: str | None = None) -> Rule:
    return Rule(column, when, False, message or f"{column} must be empty when {when.describe()}")


@dataclass(frozen=True)
class Computed:
    """A rule over several columns' values, written once as a function of a row.

    The vectorised check runs the function only on the distinct combinations of
    the columns it reads, so its cost follows the variety of values, not the rows.
    """

    column: str
    reads: tuple[str, ...]
    check: Callable[[Row], str | None]

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column, *self.reads)

    def row(self, row: Row) -> str | None:
        values = {c: None if row.get(c) is None else str(_text(row.get(c))) for c in self.reads}
        if all(v is None for v in values.values()):
            return None
        return self.check(values)

    def mask(self, masks: Masks) -> "pa.ChunkedArray":
        """Rows that break the rule: the function runs once per distinct combination of the columns it reads."""
        import pyarrow as pa

        table = masks.table.select(list(self.reads))
        failing = {tuple(row[c] for c in self.reads) for row in distinct(table).to_pylist()
                   if self.row({c: row[c] or None for c in self.reads}) is not None}
        if not failing:
            return pa.chunked_array([pa.repeat(text("false").cast(pa.bool_()), table.num_rows)])
        rows = zip(*(table.column(c).to_pylist() for c in self.reads))
        return pa.chunked_array([pa.array([values in failing for values in rows], pa.bool_())])


@dataclass(frozen=True)
class Span:
    """``end - start`` equals the length of ``text`` (in code points)."""

    column: str
    start: str
    end: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column, self.start, self.end)

    def row(self, row: Row) -> str | None:
        text, start, end = row.get(self.column), row.get(self.start), row.get(self.end)
        if text is None or start is None or end is None:
            return None
        if int(end) - int(start) != len(text):
            return f"{self.end} - {self.start} is {int(end) - int(start)} but the {self.column} is {len(text)} characters long"
        return None

    def mask(self, masks: Masks) -> "pa.ChunkedArray":
        """Rows that break the rule: Arrow counts code points as Python's ``len`` does."""
        import pyarrow as pa
        import pyarrow.compute as pc

        table = masks.table
        given = pc.and_(pc.and_(masks.given(self.column), masks.given(self.start)), masks.given(self.end))
        start, end = (pc.cast(pc.if_else(given, table.column(c), text("0")), pa.int64()) for c in (self.start, self.end))
        return pc.and_(given, pc.not_equal(pc.subtract(end, start), pc.utf8_length(table.column(self.column))))


AnyRule = Rule | Computed | Span


def implied_rules(fields: Sequence[str], hedges: Mapping[str, str]) -> tuple[AnyRule, ...]:
    """The rules every column with a basis (``X_basis``, ``X_note``) and every hedged number brings (``hedges``: each
    qualifier column and the number it hedges).

    One rule for every basis, dated or not: a value known in a way whose ``Basis`` member ``needs_note`` carries
    its reasoning.
    """
    needs_note = [b.value for b in Basis if b.needs_note]
    reasoned = f"{', '.join(needs_note[:-1])} or {needs_note[-1]}"
    found: list[AnyRule] = []
    for name in fields:
        basis, note = f"{name}_basis", f"{name}_note"
        if basis in fields:
            found.append(forbid(basis, empty(name), f"{basis} is set but {name} is empty"))
            found.append(require(basis, given(name), f"{basis} is required when {name} is given"))
            found.append(require(note, is_(basis, *needs_note), f"{note} must give the reasoning when {basis} is {reasoned}"))
            if note in fields:
                found.append(forbid(note, empty(name), f"{note} is set but {name} is empty"))
    for name, number in hedges.items():
        found.append(forbid(name, empty(number), f"{name} is set but {number} is empty"))
        found.append(require(name, given(number), f"{name} is required when {number} is given (use 'exact')"))
    return tuple(found)
