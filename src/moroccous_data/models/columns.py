"""Column specifications derived from the models: the one place that reads model annotations.

Every derived form (Frictionless schemas, Arrow schemas, the data dictionary)
is written from these specs, so a change to a model reaches all of them.
A seed column is a model field; a built table adds, for each EDTF column
``X``, the derived ``X_start``, ``X_end``, ``X_precision`` and ``X_kind``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..edtf import KINDS, PRECISIONS
from .countries import ALPHA3
from .registry import TABLES
from .specs import ColumnSpec, TableSpec, spec_to_json
from .types import Column, Ref, field_metadata


def _spec(name: str, field: FieldInfo) -> ColumnSpec:
    base, meta = field_metadata(field)
    column = next((m for m in meta if isinstance(m, Column)), None)
    ref = next((m.table for m in meta if isinstance(m, Ref)), None)
    pattern = next((m.pattern for m in meta if getattr(m, "pattern", None)), None)
    max_length = next((m.max_length for m in meta if getattr(m, "max_length", None)), None)
    minimum = next((int(m.ge) for m in meta if isinstance(m, annotated_types.Ge)), None)  # type: ignore[call-overload]
    maximum = next((int(m.le) for m in meta if isinstance(m, annotated_types.Le)), None)  # type: ignore[call-overload]
    description, required = field.description or "", field.is_required()
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    unit = str(extra["unit"]) if "unit" in extra else None
    if isinstance(base, type) and issubclass(base, Enum):
        return ColumnSpec(name, description, "enum", required, enum=tuple(m.value for m in base), ref=ref)
    if base is bool:
        return ColumnSpec(name, description, "boolean", required, ref=ref)
    if base is int:
        return ColumnSpec(name, description, "integer", required, minimum=minimum, maximum=maximum,
                          ref=ref, unit=unit)
    if base is str:
        kind = column.kind if column else "text"
        enum = tuple(ALPHA3) if kind == "iso3" else None
        return ColumnSpec(name, description, kind, required, enum=enum, pattern=pattern,
                          max_length=max_length, ref=ref, unit="EDTF date" if kind == "edtf" else unit)
    raise TypeError(f"column {name}: no schema mapping for {base!r}")


def _derived(spec: ColumnSpec) -> list[ColumnSpec]:
    what = spec.name.replace("_", " ")
    return [
        ColumnSpec(f"{spec.name}_start", f"Earliest day {what} allows (derived from {spec.name}). A year or decade "
                   "starts on its 1 January: for a period given by year ('since 2012') the source does not say whether "
                   "it counts calendar or fiscal years, so the start is no more exact than the year.",
                   "date", False, derived=True, unit="ISO 8601 date"),
        ColumnSpec(f"{spec.name}_end", f"Latest day {what} allows (derived from {spec.name}); empty for an open end.",
                   "date", False, derived=True, unit="ISO 8601 date"),
        ColumnSpec(
            f"{spec.name}_precision",
            f"The finest unit {spec.name} pins down (derived).",
            "enum",
            False,
            enum=PRECISIONS,
            derived=True,
            ordered=True,
        ),
        ColumnSpec(
            f"{spec.name}_kind",
            f"What {spec.name} is (derived): point (one moment, to its precision), interval (a period, such as "
            "'since 2012'), or bound (one moment known only to lie between, on or after, or on or before the dates "
            "given; not a period).",
            "enum",
            False,
            enum=KINDS,
            derived=True,
        ),
    ]


def seed_columns(table: str) -> list[ColumnSpec]:
    """The columns of ``seeds/<table>.csv``, in order."""
    model: type[BaseModel] = TABLES[table]
    return [_spec(name, field) for name, field in model.model_fields.items()]


def built_columns(table: str) -> list[ColumnSpec]:
    """The columns of the built table: each EDTF column followed by its derived bounds."""
    out: list[ColumnSpec] = []
    for spec in seed_columns(table):
        out.append(spec)
        if spec.kind == "edtf":
            out.extend(_derived(spec))
    return out


def table_spec(table: str) -> TableSpec:
    model = TABLES[table]
    return TableSpec(table, model.noun, " ".join((model.__doc__ or "").split()), tuple(seed_columns(table)),
                     model.primary_key, model.fact_key, model.fact, model.cited)


def spec_document() -> dict[str, Any]:
    """The contents of ``seed_specs.json``: every table's spec, generated from the models."""
    return {"generated_from": "moroccous_data.models; do not edit", "tables": [spec_to_json(table_spec(t)) for t in TABLES]}
