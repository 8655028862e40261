"""Explicit Arrow schemas for the built Parquet files, written from the column specs.

Integers are int64 (never float), EDTF bounds are date32, enums are
dictionary-encoded strings so pandas reads them as categoricals (ordered ones,
the date precisions, as ordered categoricals).
"""

from __future__ import annotations

import hashlib

import pyarrow as pa

from ..models.kinds import KINDS
from ..models.specs import ColumnSpec

_PLAIN = {"string": pa.string(), "int64": pa.int64(), "bool": pa.bool_(), "date32": pa.date32()}


def arrow_type(spec: ColumnSpec) -> pa.DataType:
    name = KINDS[spec.kind].arrow
    if name == "dictionary":
        return pa.dictionary(pa.int32(), pa.string(), ordered=spec.ordered)
    return _PLAIN[name]


def arrow_schema(specs: list[ColumnSpec], *, table: str, version: str) -> pa.Schema:
    fields = [
        pa.field(s.name, arrow_type(s), nullable=not s.required, metadata={"description": s.description})
        for s in specs
    ]
    schema = pa.schema(fields)
    return schema.with_metadata(
        {
            "moroccous_data.table": table,
            "moroccous_data.version": version,
            "moroccous_data.schema_sha256": schema_hash(schema),
        }
    )


def schema_hash(schema: pa.Schema) -> str:
    """A digest of the column names, types and nullability: changes only when the schema does."""
    text = "\n".join(f"{f.name}:{f.type}:{f.nullable}" for f in schema)
    return hashlib.sha256(text.encode()).hexdigest()
