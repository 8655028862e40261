"""Column types shared by the models, each carrying what the schema writers need.

A column's Python annotation is the single description of its type: the
``Column`` marker inside each ``Annotated`` tells the Frictionless and Arrow
schema writers how to express it, and the validators tell pydantic how to check it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, StringConstraints

from .. import edtf
from .countries import ALPHA3

from .patterns import (
    BOOLEANS,
    EDTF_PATTERN,
    ISO3_LIST_PATTERN,
    RECORD_REFS_PATTERN,
    SHA256_PATTERN,
    SLUG_LIST_PATTERN,
    SLUG_PATTERN,
    TEXT_LIST_PATTERN,
    TEXT_PATTERN,
    URL_PATTERN,
    integer_message,
    source_number_message,
)


@dataclass(frozen=True, slots=True)
class Column:
    """How a string-typed column is expressed in the derived schemas."""

    kind: str  # text, slug, slug_list, iso3, iso3_list, edtf, sha256, text_list
    pattern: str | None = None


@dataclass(frozen=True, slots=True)
class Ref:
    """A foreign key: the column holds an id (or ``|``-separated ids) of ``table``."""

    table: str


def _edtf(value: str) -> str:
    edtf.parse(value)
    return value


def _iso3(value: str) -> str:
    if value not in ALPHA3:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-3 country code")
    return value


def _iso3_list(value: str) -> str:
    for code in value.split("|"):
        _iso3(code)
    if len(set(value.split("|"))) != value.count("|") + 1:
        raise ValueError(f"{value!r} lists a country twice")
    return value


def _no_source_number(value: str) -> str:
    message = source_number_message(value)
    if message:
        raise ValueError(message)
    return value


def _unique_items(value: str) -> str:
    items = value.split("|")
    if len(set(items)) != len(items):
        raise ValueError(f"{value!r} lists an item twice")
    return value


Text = Annotated[
    str, StringConstraints(pattern=TEXT_PATTERN), AfterValidator(_no_source_number), Column("text", TEXT_PATTERN)
]
ShortText = Annotated[
    str,
    StringConstraints(pattern=TEXT_PATTERN, max_length=300),
    AfterValidator(_no_source_number),
    Column("text", TEXT_PATTERN),
]
TextList = Annotated[
    str,
    StringConstraints(pattern=TEXT_LIST_PATTERN),
    AfterValidator(_unique_items),
    AfterValidator(_no_source_number),
    Column("text_list", TEXT_LIST_PATTERN),
]
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    AfterValidator(_no_source_number),
    Column("slug", SLUG_PATTERN),
]
SlugList = Annotated[
    str,
    StringConstraints(pattern=SLUG_LIST_PATTERN),
    AfterValidator(_unique_items),
    AfterValidator(_no_source_number),
    Column("slug_list", SLUG_LIST_PATTERN),
]
Iso3 = Annotated[str, AfterValidator(_iso3), Column("iso3")]
Iso3List = Annotated[
    str,
    StringConstraints(pattern=ISO3_LIST_PATTERN),
    AfterValidator(_iso3_list),
    Column("iso3_list", ISO3_LIST_PATTERN),
]
Edtf = Annotated[
    str, StringConstraints(pattern=EDTF_PATTERN), AfterValidator(_edtf), Column("edtf", EDTF_PATTERN)
]
Sha256 = Annotated[str, StringConstraints(pattern=SHA256_PATTERN), Column("sha256", SHA256_PATTERN)]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN), Column("text", URL_PATTERN)]  # a text kind with its own pattern
RecordRefs = Annotated[
    str,
    StringConstraints(pattern=RECORD_REFS_PATTERN),
    AfterValidator(_unique_items),
    Column("record_refs", RECORD_REFS_PATTERN),
]  # table:id|table:id, each resolved against its table by the validator


def _integer_text(value: object) -> object:
    """A seed cell is text: only the text the validator accepts may become a whole number
    (pydantic alone would take '1_000', '5.0' or ' 5')."""
    if isinstance(value, str):
        message = integer_message(value)
        if message:
            raise ValueError(message)
    elif isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a whole number")
    return value


def _boolean_text(value: object) -> object:
    """Only ``true`` or ``false`` (pydantic alone would take 'yes', 'on' or '1')."""
    if isinstance(value, bool) or value in BOOLEANS:
        return value
    raise ValueError(f"{value!r} is not a boolean; write true or false")


Integer = Annotated[int, BeforeValidator(_integer_text)]
Boolean = Annotated[bool, BeforeValidator(_boolean_text)]
