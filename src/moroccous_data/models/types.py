"""Column types shared by the models, each carrying what the schema writers need.

A column's Python annotation is the single description of its type: the
``Column`` marker inside each ``Annotated`` names the column's kind, which
``kinds.KINDS`` turns into the cell check (the same one the validator runs)
and into every derived type.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, GetCoreSchemaHandler
from pydantic.fields import FieldInfo
from pydantic_core import CoreSchema, core_schema

from .kinds import KINDS, Check
from .patterns import BOOLEANS, URL_PATTERN, integer_message


def _raising(checks: tuple[tuple[Check, str], ...]) -> Callable[[str], str]:
    def validate(value: str) -> str:
        for check, _ in checks:
            if message := check(value):
                raise ValueError(message)
        return value

    return validate


@dataclass(frozen=True)
class Column:
    """A string column's kind, as the model's annotation declares it: pydantic checks the cell with the kind's
    pattern and check from ``kinds.KINDS`` (the validator's own), and the schema writers read the kind."""

    kind: str
    pattern: str | None = None  # the kind's pattern unless the column narrows it
    max_length: int | None = None

    def __post_init__(self) -> None:
        if self.pattern is None:
            object.__setattr__(self, "pattern", KINDS[self.kind].pattern)

    def __get_pydantic_core_schema__(self, _source: Any, _handler: GetCoreSchemaHandler) -> CoreSchema:
        schema = core_schema.str_schema(pattern=self.pattern, max_length=self.max_length)
        checks = KINDS[self.kind].checks
        if not checks:
            return schema
        return core_schema.no_info_after_validator_function(_raising(checks), schema)


@dataclass(frozen=True, slots=True)
class Ref:
    """A foreign key: the column holds an id (or ``|``-separated ids) of ``table``."""

    table: str


@dataclass(frozen=True, slots=True)
class Hedges:
    """A qualifier column: how the source hedges the figure of the column ``number`` (which brings the rules of a
    hedged number and the derived ``<number>_low`` and ``<number>_high``)."""

    number: str


@dataclass(frozen=True, slots=True)
class Money:
    """A dollar amount: readers and the build know the column is money by this mark, never by its name."""

    unit: str = "U.S. dollars (nominal, whole)"


Text = Annotated[str, Column("text")]
ShortText = Annotated[str, Column("text", max_length=300)]
TextList = Annotated[str, Column("text_list")]
Slug = Annotated[str, Column("slug", max_length=80)]
SlugList = Annotated[str, Column("slug_list")]
Iso3 = Annotated[str, Column("iso3")]
Iso3List = Annotated[str, Column("iso3_list")]
Edtf = Annotated[str, Column("edtf")]
Sha256 = Annotated[str, Column("sha256")]
Fingerprint = Annotated[str, Column("text", r"^sha256:[0-9a-f]{64}$")]  # of a normalised sentence (docs/checking.md)
Transmittal = Annotated[str, Column("text", r"^[0-9]{2}-[0-9]{1,3}$")]  # a DSCA transmittal number, e.g. 19-16
Url = Annotated[str, Column("text", URL_PATTERN)]  # a text kind with its own pattern
RecordRefs = Annotated[str, Column("record_refs")]  # table:id|table:id, each resolved against its table by the validator


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
Dollars = Annotated[int, BeforeValidator(_integer_text), Money()]
Boolean = Annotated[bool, BeforeValidator(_boolean_text)]


def field_metadata(field: FieldInfo) -> tuple[Any, list[Any]]:
    """A field's base type and every metadata object on it (``Column``, ``Ref``, constraints), looking through
    ``X | None`` and ``Annotated[...]``: what the specs and the models both read a column's declaration from."""
    annotation: Any = field.annotation
    meta: list[Any] = []
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    while typing.get_origin(annotation) is typing.Annotated:
        meta.extend(annotation.__metadata__)
        annotation = annotation.__origin__
    return annotation, [*meta, *field.metadata]
