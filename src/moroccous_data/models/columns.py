"""Column specifications derived from the models: the one place that reads model annotations.

Every derived form (Frictionless schemas, Arrow schemas, the data dictionary)
is written from these specs, so a change to a model reaches all of them.
A seed column is a model field; a built table adds the columns its kinds
derive (date bounds, country codes), its hedged numbers' bounds, and the
columns its model declares (``derived_columns``: a deal's stage...).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import derived
from .kinds import KINDS, PLAIN
from .registry import TABLES
from .specs import ColumnSpec, TableSpec, spec_to_json
from .types import Column, Hedges, Money, Ref, field_metadata


def _spec(name: str, field: FieldInfo) -> ColumnSpec:
    base, meta = field_metadata(field)
    column = next((m for m in meta if isinstance(m, Column)), None)
    ref = next((m.table for m in meta if isinstance(m, Ref)), None)
    hedges = next((m.number for m in meta if isinstance(m, Hedges)), None)
    money = next((m for m in meta if isinstance(m, Money)), None)
    pattern = next((m.pattern for m in meta if getattr(m, "pattern", None)), None)
    max_length = next((m.max_length for m in meta if getattr(m, "max_length", None)), None)
    minimum = next((int(m.ge) for m in meta if isinstance(m, annotated_types.Ge)), None)  # type: ignore[call-overload]
    maximum = next((int(m.le) for m in meta if isinstance(m, annotated_types.Le)), None)  # type: ignore[call-overload]
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    unit = money.unit if money else str(extra["unit"]) if "unit" in extra else None
    enum = tuple(m.value for m in base) if isinstance(base, type) and issubclass(base, Enum) else None
    if enum is not None:
        kind = "enum"
    elif column is not None:
        kind = column.kind
    elif base in PLAIN:
        kind = PLAIN[base]
    else:
        raise TypeError(f"column {name}: no schema mapping for {base!r}")
    declared = KINDS[kind]
    return ColumnSpec(name, field.description or "", kind, field.is_required(), enum=enum or declared.enum,
                      pattern=pattern, minimum=minimum, maximum=maximum, max_length=max_length, ref=ref,
                      unit=declared.unit or unit, money=money is not None, hedges=hedges)


def seed_columns(table: str) -> list[ColumnSpec]:
    """The columns of ``seeds/<table>.csv``, in order."""
    model: type[BaseModel] = TABLES[table]
    return [_spec(name, field) for name, field in model.model_fields.items()]


def built_columns(table: str) -> list[ColumnSpec]:
    """The columns of the built table: the seed columns, each followed by what the build derives from it."""
    model = TABLES[table]
    return derived.columns(seed_columns(table), model.derived_columns, cited=model.cited)


def table_spec(table: str) -> TableSpec:
    model = TABLES[table]
    return TableSpec(table, model.noun, " ".join((model.__doc__ or "").split()), tuple(seed_columns(table)),
                     model.primary_key, model.fact_key, model.fact, model.cited, steps=model.steps,
                     key_columns=model.key_columns or tuple(dict.fromkeys(model.primary_key + model.fact_key)))


def spec_document() -> dict[str, Any]:
    """The contents of ``seed_specs.json``: every table's spec, generated from the models."""
    return {"generated_from": "moroccous_data.models; do not edit", "tables": [spec_to_json(table_spec(t)) for t in TABLES]}
