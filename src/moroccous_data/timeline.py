"""The derived ``timeline``: every dated fact record of every table, in chronological order.

A record is dated by its ``date`` (when it happened) or, failing that, by its
``as_of`` (when the source said it was so); ``dated_by`` says which. Records
with neither are not on the timeline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from . import edtf
from .specs import ColumnSpec
from .models.base import Record

TABLE = "timeline"
FACT_TABLES = ("sales", "assistance", "agreements", "memberships", "exercises", "engagements", "deployments", "political_acts", "claims")
DESCRIPTION = "Every dated record of every fact table in chronological order (derived; not curated)."

COLUMNS: list[ColumnSpec] = [
    ColumnSpec("date_start", "Earliest day the record's date allows.", "date", "date", False, unit="ISO 8601 date"),
    ColumnSpec("date_end", "Latest day the record's date allows; empty for an open end.", "date", "date", False,
               unit="ISO 8601 date"),
    ColumnSpec("date_precision", "The finest unit the date pins down.", "string", "enum", True, enum=edtf.PRECISIONS,
               ordered=True),
    ColumnSpec("date", "The record's date in EDTF.", "string", "edtf", True, unit="EDTF date"),
    ColumnSpec("dated_by", "Which column dates the record: date (when it happened) or as_of (when the source said so).", "string", "enum", True, enum=("date", "as_of")),
    ColumnSpec("record_table", "The table the record is in.", "string", "enum", True, enum=FACT_TABLES),
    ColumnSpec("record_id", "The record's id in that table.", "string", "slug", True),
    ColumnSpec("label", "A short human label for the record.", "string", "text", True),
    ColumnSpec("citations", "How many citations support the record.", "integer", "integer", True, minimum=1,
               unit="citations"),
]


def _order(row: dict[str, Any]) -> tuple[Any, ...]:
    start: date | None = row["date_start"]
    return (start or date.min, row["date_end"] or date.max, row["record_table"], row["record_id"])


def timeline_rows(records: Mapping[str, Iterable[Record]], citation_keys: Iterable[tuple[str, str]],
                  names: Mapping[str, str]) -> list[dict[str, Any]]:
    """One row per dated fact record, sorted by start, end, table and id."""
    counts = Counter(citation_keys)
    rows = []
    for table in FACT_TABLES:
        for record in records.get(table, ()):
            for column in ("date", "as_of"):
                value = getattr(record, column, None)
                if value is None:
                    continue
                bounds = edtf.parse(value)
                rid = str(getattr(record, "id"))  # every fact table has an id; the base model does not declare it
                rows.append({
                    "date_start": bounds.start,
                    "date_end": bounds.end,
                    "date_precision": bounds.precision,
                    "date": value,
                    "dated_by": column,
                    "record_table": table,
                    "record_id": rid,
                    "label": record.label(names),
                    "citations": counts[(table, rid)],
                })
                break
    return sorted(rows, key=_order)
