"""Frictionless Table Schemas and Data Package descriptors, written from the column specs.

Nothing here is hand-edited: ``schemas/<table>.json`` and ``seeds/datapackage.json``
are outputs of these functions, and a test fails when the files on disk differ.
The descriptors name no remote profile or schema URL except Data Package v2's
``$schema`` (which frictionless recognises without fetching), so validation
works offline.
"""

from __future__ import annotations

import json
from typing import Any

from ..models import TABLES
from ..models.columns import built_columns, seed_columns, table_spec
from ..models.kinds import EXTENSION, KINDS
from ..models.specs import ColumnSpec, TableSpec

DATAPACKAGE_V2 = "https://datapackage.org/profiles/2.0/datapackage.json"
DIALECT: dict[str, Any] = {
    "delimiter": ",",
    "lineTerminator": "\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
    "skipInitialSpace": False,
}
LICENSES = [
    {
        "name": "CC-BY-4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
        "title": "Creative Commons Attribution 4.0 (data); quotes remain under their sources' terms",
    }
]


def _field(spec: ColumnSpec) -> dict[str, Any]:
    field: dict[str, Any] = {"name": spec.name, "type": spec.type, "description": spec.description,
                             **KINDS[spec.kind].frictionless_options}
    constraints: dict[str, Any] = {}
    if spec.required:
        constraints["required"] = True
    if spec.enum is not None:
        constraints["enum"] = list(spec.enum)
    if spec.ordered:  # Data Package v2's way to say the values have an order; the enum constraint still checks them
        field["categories"] = list(spec.enum or ())
        field["categoriesOrdered"] = True
    if spec.pattern is not None:
        constraints["pattern"] = spec.pattern
    if spec.minimum is not None:
        constraints["minimum"] = spec.minimum
    if spec.maximum is not None:
        constraints["maximum"] = spec.maximum
    if spec.max_length is not None:
        constraints["maxLength"] = spec.max_length
    if constraints:
        field["constraints"] = constraints
    # What Table Schema cannot say, for every reader after the build (SQLite, the explorer, users): the column's
    # kind (kinds.KINDS), its unit, and the table its ids point at, also where a cell lists several.
    extension = {"kind": spec.kind, "unit": spec.unit, "ref": spec.ref,
                 "separator": KINDS[spec.kind].separator}
    field[EXTENSION] = {k: v for k, v in extension.items() if v is not None}
    return field


def _foreign_keys(table: str, specs: list[ColumnSpec]) -> list[dict[str, Any]]:
    keys = []
    for spec in specs:
        if spec.ref is None or KINDS[spec.kind].separator:
            continue
        # Data Package v2: a reference to the table itself names no resource.
        reference = {"fields": ["id"]} if spec.ref == table else {"resource": spec.ref, "fields": ["id"]}
        keys.append({"fields": [spec.name], "reference": reference})
    return keys


def schema_for(table: str, specs: list[ColumnSpec], primary_key: list[str]) -> dict[str, Any]:
    """A Table Schema for ``specs``; foreign keys to single ids are declared, id lists are not (frictionless cannot)."""
    schema: dict[str, Any] = {
        "fields": [_field(s) for s in specs],
        "fieldsMatch": "exact",
        "missingValues": [""],
        "primaryKey": primary_key,
    }
    keys = _foreign_keys(table, specs)
    if keys:
        schema["foreignKeys"] = keys
    return schema


def table_schema(table: str, *, built: bool) -> dict[str, Any]:
    """The Table Schema of a seed table (``built=False``) or of its built form."""
    specs = built_columns(table) if built else seed_columns(table)
    return schema_for(table, specs, list(TABLES[table].primary_key))


def resource(spec: TableSpec, schema: dict[str, Any]) -> dict[str, Any]:
    """A table's resource, with what a reader needs beyond Data Package: what one row is called, whether the
    table is a fact table, is cited, or is derived, and the columns a reader needs first (those of them the
    schema has: a seed file lacks the built columns)."""
    fields = {f["name"] for f in schema["fields"]}
    return {
        "name": spec.name,
        "type": "table",
        "path": f"{spec.name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": dict(DIALECT),
        "description": spec.description,
        "schema": schema,
        EXTENSION: {"noun": spec.noun, "fact": spec.fact, "cited": spec.cited, "derived": spec.derived,
                    "key_columns": [c for c in spec.key_columns if c in fields],
                    **({"steps": {"table": spec.steps[0], "column": spec.steps[1]}} if spec.steps else {})},
    }


def seeds_datapackage(version: str) -> dict[str, Any]:
    """The descriptor that lets ``frictionless validate seeds/datapackage.json`` check contributions."""
    return {
        "$schema": DATAPACKAGE_V2,
        "name": "moroccous-data-seeds",
        "title": "moroccous-data curated seeds",
        "description": "The human-edited records the moroccous-data package is built from. Generated from the models by build_data.py; do not edit.",
        "version": version,
        "licenses": LICENSES,
        "resources": [resource(table_spec(t), table_schema(t, built=False)) for t in TABLES],
    }


def dumps(document: dict[str, Any]) -> str:
    """Stable JSON text: key order as written, two-space indent, trailing newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
