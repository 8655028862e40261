"""The column kinds: what each kind of column is, in every form the data takes.

A column's kind (``Slug``, ``Iso3List``, ``int``… on the model) decides how a
cell is checked, its Frictionless, Arrow, SQLite, Croissant, pandas and polars
types, how the data dictionary names it and whether it is a ``|``-separated
list. The models, the validator and every writer look the kind up here, so a
new kind is one entry, and ``tests/test_kinds.py`` checks the built files and
the loaders against this table. Plain data: importing it costs no pydantic or
pyarrow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import edtf
from .countries import ALPHA3
from .patterns import (
    EDTF_PATTERN,
    ISO3_LIST_PATTERN,
    RECORD_REFS_PATTERN,
    SHA256_PATTERN,
    SLUG_LIST_PATTERN,
    SLUG_PATTERN,
    TEXT_LIST_PATTERN,
    TEXT_PATTERN,
    source_number_message,
)

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
    unknown = next((_country(i) for i in value.split("|") if i not in ALPHA3), None)
    return unknown or _items(value)


def _listed_text(value: str) -> str | None:
    return _items(value) or source_number_message(value)


@dataclass(frozen=True)
class Kind:
    """One kind of column. ``check`` is what a cell must pass beyond ``pattern``, with the reason it fails."""

    frictionless: str  # Table Schema type
    arrow: str  # string, int64, bool, date32, or dictionary (dictionary-encoded string)
    sqlite: str
    croissant: str
    pandas: str  # the dtype the pandas loader gives (with pandas 2, "object" where pandas 3 says "str")
    polars: str  # the dtype the polars loader gives
    label: str  # how the data dictionary names it
    pattern: str | None = None
    check: Check | None = None
    separator: str | None = None  # the kinds whose cells list items


_TEXT = ("string", "string", "TEXT", "sc:Text", "str", "String")
_CODED = ("string", "dictionary", "TEXT", "sc:Text", "category", "Enum")

KINDS: dict[str, Kind] = {
    "text": Kind(*_TEXT, "string", TEXT_PATTERN, source_number_message),
    "text_list": Kind(*_TEXT, "texts separated by |", TEXT_LIST_PATTERN, _listed_text, "|"),
    "slug": Kind(*_TEXT, "id (lowercase slug)", SLUG_PATTERN, source_number_message),
    "slug_list": Kind(*_TEXT, "ids separated by |", SLUG_LIST_PATTERN, _listed_text, "|"),
    "record_refs": Kind(*_TEXT, "table:id references separated by |", RECORD_REFS_PATTERN, _listed_text, "|"),
    "iso3": Kind(*_CODED, "ISO 3166-1 alpha-3 code", None, _country),
    "iso3_list": Kind(*_TEXT, "ISO 3166-1 alpha-3 codes separated by |", ISO3_LIST_PATTERN, _countries, "|"),
    "edtf": Kind(*_TEXT, "EDTF date", EDTF_PATTERN, _edtf),
    "sha256": Kind(*_TEXT, "hex SHA-256", SHA256_PATTERN),
    "enum": Kind(*_CODED, "string"),
    "integer": Kind("integer", "int64", "INTEGER", "sc:Integer", "Int64", "Int64", "integer"),
    "boolean": Kind("boolean", "bool", "INTEGER", "sc:Boolean", "boolean", "Boolean", "boolean"),
    "date": Kind("date", "date32", "TEXT", "sc:Date", "datetime64[ms]", "Date", "date"),
}
