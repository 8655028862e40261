"""The column kinds: what each kind of column is, in every form the data takes.

A column's kind (``Slug``, ``Iso3List``, ``int``… on the model) decides how a
cell is checked (a whole column at a time by the validator, one value at a
time by the models), why a cell fails, the Python type a cell holds, its
Frictionless, Arrow, SQLite, Croissant, pandas and polars types, how the data
dictionary names it, whether it is a ``|``-separated list and which columns the
build derives from it. The models, the validator and every writer look the kind
up here and never compare kind names, so a new kind is one entry, and
``tests/test_kinds.py`` checks the built files and the loaders against this
table. Importing it costs no pydantic or pyarrow (the column checks import
pyarrow when they run).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from .. import edtf
from .countries import ALPHA3, COW
from .patterns import (
    BOOLEANS,
    EDGE,
    EDTF_PATTERN,
    FORBIDDEN,
    FORMULA,
    INTEGER_PATTERN,
    INVISIBLE,
    ISO3_LIST_PATTERN,
    RECORD_REFS_PATTERN,
    SHA256_PATTERN,
    SLUG_LIST_PATTERN,
    SLUG_PATTERN,
    TEXT_LIST_PATTERN,
    TEXT_PATTERN,
    WHITESPACE,
    integer_message,
    source_number_message,
)

if TYPE_CHECKING:
    import pyarrow as pa

    from .specs import ColumnSpec

Check = Callable[[str], "str | None"]
# The property of every published Table Schema field holding what Table Schema has no word for: the column's
# kind, unit, separator and the table its ids point at (``{"kind": "slug_list", "separator": "|", "ref": …}``).
EXTENSION = "moroccous"


def _edtf(value: str) -> str | None:
    try:
        edtf.parse(value)
    except edtf.EdtfError as exc:
        return str(exc)
    return None


def _country(value: str) -> str | None:
    return None if value in ALPHA3 else f"{value!r} is not an ISO 3166-1 alpha-3 country code"


def _items(value: str) -> str | None:
    items = value.split("|")
    return f"{value!r} lists an item twice" if len(set(items)) != len(items) else None


def _countries(value: str) -> str | None:
    return next((_country(i) for i in value.split("|") if i not in ALPHA3), None)



@dataclass(frozen=True)
class Derived:
    """A column the build derives from every column of a kind: ``<column>_<suffix>``, its description (with
    ``{name}``, the column, and ``{what}``, the column in words) and its kind, unit and values."""

    suffix: str
    description: str
    kind: str
    unit: str | None = None
    enum: tuple[str, ...] | None = None
    ordered: bool = False


# Every value source_number_message refuses matches this (a looser RE2 pattern), so only those need Python.
_SOURCE_NUMBER_SUSPECT = r"(?i)sources?[^0-9a-z]+0\p{Nd}\p{Nd}|-by-0\p{Nd}\p{Nd}"
# TEXT_PATTERN in parts, each far quicker in RE2 than the whole
_TEXT_PARTS = (f"^[^{EDGE}{FORMULA}]", f"[^{EDGE}]$")
_FORBIDDEN = re.compile(f"[{FORBIDDEN}]")
_FORMULA_LEAD = re.compile(f"[{FORMULA}]")


def _per_value(column: pa.ChunkedArray, check: Check) -> pa.ChunkedArray:
    """Cells whose value passes ``check``, run once per distinct value that could fail it."""
    import pyarrow.compute as pc

    from .rules import texts, whole

    suspects = column
    if check is source_number_message:
        suspects = column.filter(pc.match_substring_regex(column, _SOURCE_NUMBER_SUSPECT))
    elif check is integer_message:  # only a value too long for the pattern's verdict to settle it
        suspects = column.filter(pc.greater(pc.binary_length(column), whole(18)))
    failing = [v for v in pc.unique(suspects).to_pylist() if v and check(v)]
    return pc.invert(pc.is_in(column, value_set=texts(failing)))


def _among(column: pa.ChunkedArray, values: tuple[str, ...]) -> pa.ChunkedArray:
    import pyarrow.compute as pc

    from .rules import lookup

    return pc.is_in(column, options=lookup(frozenset(values)))


def _named(character: str) -> str:
    return f"U+{ord(character):04X} ({unicodedata.name(character, 'a control character')})"


@dataclass(frozen=True)
class Kind:
    """One kind of column, stored as text. ``checks`` are what a cell must pass beyond ``pattern``, in order, each
    giving the reason a cell fails it and the problem code (``validation.problem.Code``) the validator reports it
    under. ``passes`` and ``diagnose`` are the validator's whole-column check and its reason for one failing cell;
    a kind stored otherwise (``Whole``, ``Flag``, ``Day``) says so by its class."""

    storage: ClassVar[type] = str  # what a cell holds once read, in the models and the loaders
    # What a cell becomes in R and Stata (publishing/field_types.py adds factors for vocabularies and doubles
    # for whole numbers that can pass 32 bits).
    statistical: ClassVar[str] = "character"

    frictionless: str  # Table Schema type
    arrow: str  # string, int64, bool, date32, or dictionary (dictionary-encoded string)
    sqlite: str
    croissant: str
    pandas: str  # the dtype the pandas loader gives (with pandas 2, "object" where pandas 3 says "str")
    polars: str  # the dtype the polars loader gives
    label: str  # how the data dictionary names it
    pattern: str | None = None
    checks: tuple[tuple[Check, str], ...] = ()
    separator: str | None = None  # the kinds whose cells list items
    enum: tuple[str, ...] | None = None  # the values every column of the kind allows
    allowed: str | None = None  # how the data dictionary words those values, instead of listing them
    unit: str | None = None  # what every column of the kind is counted in
    free: bool = False  # free text: a failing cell most likely holds a hidden or invisible character
    formula: bool = True  # a leading formula character is the likely fault (not for a kind that may start with '-')
    record_links: bool = False  # cells name records of any table (table:id), each resolved against its table
    whole_vocabulary: bool = False  # its Arrow dictionary lists every allowed value in order, not the values present
    derives: tuple[Derived, ...] = ()  # the columns the build derives from every column of the kind
    derive: Callable[[Any], tuple[Any, ...]] | None = None  # their values from a present cell, in ``derives`` order
    frictionless_options: dict[str, Any] = field(default_factory=dict)  # Table Schema field properties it needs
    dated: bool = False  # a date a reader places on the timeline
    countries: bool = False  # cells name countries by ISO 3166-1 alpha-3 code

    def passes(self, column: pa.ChunkedArray, spec: ColumnSpec) -> pa.ChunkedArray:
        """Each cell's verdict (length limit and empty cells aside). Each check also refuses padding with
        whitespace and a leading formula character, so one pass per column finds every bad cell."""
        import pyarrow.compute as pc

        if spec.enum is not None:
            return _among(column, spec.enum if spec.required else ("", *spec.enum))
        if spec.pattern == TEXT_PATTERN:
            ok = pc.and_(pc.and_(*(pc.match_substring_regex(column, part) for part in _TEXT_PARTS)),
                         pc.invert(pc.match_substring_regex(column, f"[{FORBIDDEN}]")))
        else:
            ok = pc.match_substring_regex(column, spec.pattern or f"^[^{WHITESPACE}]")
        for check, _ in self.checks:
            ok = pc.and_(ok, _per_value(column, check))
        return ok

    def diagnose(self, spec: ColumnSpec, value: str) -> tuple[str, str]:
        """Why a non-empty, unpadded cell failed ``passes``, as a problem code and words a contributor can act on."""
        if self.free:
            hidden = _FORBIDDEN.search(value)
            if hidden:
                return "character-error", (f"holds {_named(hidden.group())} at character {hidden.start() + 1}; remove "
                                           "it (control and invisible formatting characters are not allowed in a cell)")
            if value[0] in INVISIBLE or value[-1] in INVISIBLE:
                edge = value[0] if value[0] in INVISIBLE else value[-1]
                return "character-error", (f"{'starts' if edge == value[0] else 'ends'} with {_named(edge)}, "
                                           "an invisible padding; remove it")
        if self.formula and _FORMULA_LEAD.match(value):
            return "formula", f"{value[:20]!r} starts with {value[0]!r}, which spreadsheets run as a formula"
        if spec.max_length is not None and len(value) > spec.max_length:
            return "constraint-error", f"{len(value)} characters; at most {spec.max_length} allowed"
        for check, code in self.checks:
            if message := check(value):
                return code, message
        if spec.enum is not None:
            return "enum-error", f"{value!r} is not allowed; expected one of: {', '.join(spec.enum)}"
        return "pattern-error", f"{value!r} does not match the pattern {spec.pattern}"


_INTEGER = re.compile(INTEGER_PATTERN)


@dataclass(frozen=True)
class Whole(Kind):
    """A kind stored as a whole number (a 64-bit integer), within the column's bounds."""

    storage: ClassVar[type] = int
    statistical: ClassVar[str] = "integer"

    def passes(self, column: pa.ChunkedArray, spec: ColumnSpec) -> pa.ChunkedArray:
        import pyarrow as pa
        import pyarrow.compute as pc

        from .rules import text, whole

        ok = pc.and_(pc.match_substring_regex(column, INTEGER_PATTERN), _per_value(column, integer_message))
        numbers = pc.cast(pc.if_else(ok, column, text("0")), pa.int64())
        if spec.minimum is not None:
            ok = pc.and_(ok, pc.greater_equal(numbers, whole(spec.minimum)))
        if spec.maximum is not None:
            ok = pc.and_(ok, pc.less_equal(numbers, whole(spec.maximum)))
        return ok

    def diagnose(self, spec: ColumnSpec, value: str) -> tuple[str, str]:
        if not _INTEGER.match(value):
            return "type-error", f"{value[:40]!r} is not a whole number (no separators, decimals or units)"
        too_large = integer_message(value) if len(value) > 18 else None
        if too_large:
            return "type-error", too_large
        if spec.minimum is not None and int(value) < spec.minimum:
            return "constraint-error", f"{value} is less than the minimum {spec.minimum}"
        return "constraint-error", f"{value} is more than the maximum {spec.maximum}"


@dataclass(frozen=True)
class Flag(Kind):
    """A kind stored as true or false."""

    storage: ClassVar[type] = bool
    statistical: ClassVar[str] = "logical"

    def passes(self, column: pa.ChunkedArray, spec: ColumnSpec) -> pa.ChunkedArray:
        return _among(column, BOOLEANS)

    def diagnose(self, spec: ColumnSpec, value: str) -> tuple[str, str]:
        return "type-error", f"{value!r} is not a boolean; write true or false"


@dataclass(frozen=True)
class Day(Kind):
    """A kind stored as a calendar day: only ever derived (an EDTF date's bounds), never typed in a seed."""

    storage: ClassVar[type] = date
    statistical: ClassVar[str] = "date"
    dated: bool = True


_TEXT = ("string", "string", "TEXT", "sc:Text", "str", "String")
_CODED = ("string", "dictionary", "TEXT", "sc:Text", "category", "Enum")

_NUMBERED = ((source_number_message, "source-number"),)
_LISTED = ((_items, "constraint-error"), *_NUMBERED)


def _bounds(value: str) -> tuple[Any, ...]:
    bounds = edtf.parse(value)
    return bounds.start, bounds.end, bounds.precision, bounds.kind


def _cow_codes(value: str) -> tuple[str | None]:
    codes = [COW.get(c) for c in value.split("|")]
    return ("|".join(str(c) for c in codes) if None not in codes else None,)


_COW = ("The Correlates of War country code of {name} (derived){listed}; empty where a country has none (a territory "
        "such as Western Sahara, ESH, is no COW state).")
_COW_UNIT = "COW country code"

KINDS: dict[str, Kind] = {
    "text": Kind(*_TEXT, "string", TEXT_PATTERN, _NUMBERED, free=True),
    "text_list": Kind(*_TEXT, "texts separated by |", TEXT_LIST_PATTERN, _LISTED, "|", free=True),
    "slug": Kind(*_TEXT, "id (lowercase slug)", SLUG_PATTERN, _NUMBERED),
    "slug_list": Kind(*_TEXT, "ids separated by |", SLUG_LIST_PATTERN, _LISTED, "|"),
    "record_refs": Kind(*_TEXT, "table:id references separated by |", RECORD_REFS_PATTERN, _LISTED, "|",
                          record_links=True),
    "iso3": Kind(*_CODED, "ISO 3166-1 alpha-3 code", None, ((_country, "enum-error"),), enum=tuple(ALPHA3),
                 allowed="any ISO 3166-1 alpha-3 code", countries=True,
                 derives=(Derived("cow", _COW.format(name="{name}", listed=""), "integer", _COW_UNIT),),
                 derive=lambda value: (COW.get(value),)),
    "iso3_list": Kind(*_TEXT, "ISO 3166-1 alpha-3 codes separated by |", ISO3_LIST_PATTERN,
                      ((_countries, "enum-error"), (_items, "constraint-error")), "|",
                      derives=(Derived("cow", _COW.format(name="{name}", listed=", separated by '|' in the same order"),
                                       "text", _COW_UNIT),),
                      derive=_cow_codes, countries=True),
    "edtf": Kind(*_TEXT, "EDTF date", EDTF_PATTERN, ((_edtf, "date-error"),), unit="EDTF date", formula=False, dated=True,
                 derives=(
                     Derived("start", "Earliest day {what} allows (derived from {name}). A year or decade starts on its "
                             "1 January: for a period given by year ('since 2012') the source does not say whether it "
                             "counts calendar or fiscal years, so the start is no more exact than the year.",
                             "date", "ISO 8601 date"),
                     Derived("end", "Latest day {what} allows (derived from {name}); empty for an open end.", "date",
                             "ISO 8601 date"),
                     Derived("precision", "The finest unit {name} pins down (derived).", "enum", enum=edtf.PRECISIONS,
                             ordered=True),
                     Derived("kind", "What {name} is (derived): point (one moment, to its precision), interval (a "
                             "period, such as 'since 2012'), or bound (one moment known only to lie between, on or "
                             "after, or on or before the dates given; not a period).", "enum", enum=edtf.KINDS),
                 ),
                 derive=_bounds),
    "sha256": Kind(*_TEXT, "hex SHA-256", SHA256_PATTERN),
    "enum": Kind(*_CODED, "string", whole_vocabulary=True),
    "integer": Whole("integer", "int64", "INTEGER", "sc:Integer", "Int64", "Int64", "integer",
                     frictionless_options={"bareNumber": True}),
    "boolean": Flag("boolean", "bool", "INTEGER", "sc:Boolean", "boolean", "Boolean", "boolean",
                    frictionless_options={"trueValues": ["true"], "falseValues": ["false"]}),
    "date": Day("date", "date32", "TEXT", "sc:Date", "datetime64[ms]", "Date", "date"),
}
# The kind of a column whose model annotation is a plain Python type and names no kind
PLAIN: dict[type, str] = {str: "text", int: "integer", bool: "boolean"}
