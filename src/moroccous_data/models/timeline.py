"""The derived ``timeline``: every fact record with a date of its own, in chronological order.

Only a record's ``date`` (when it happened) places it on the timeline. A
record known only through its source's ``as_of`` (when the source said it was
so) is left off: drawn at that date it would read as an event of that day.
``date_kind`` keeps a period apart from a moment known only by its bounds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from .. import edtf
from .base import Record
from .specs import ColumnSpec, TableSpec, fact_tables
from .vocab import Basis

TABLE = "timeline"


def spec(tables: Iterable[TableSpec] | None = None) -> TableSpec:
    """The timeline's table spec: its tables are the fact tables among ``tables`` (the build passes the specs it has
    just made from the models), by default those of the installed seed specs."""
    facts = tuple(t.name for t in tables if t.fact) if tables is not None else fact_tables()
    return TableSpec(TABLE, "timeline entry", "Every dated record of every fact table in chronological order "
                     "(derived; not curated).", tuple(_columns(facts)), ("record_table", "record_id"), (),
                     fact=False, cited=False, derived=True, key_columns=("date", "record_table", "record_id", "label"))


def _columns(facts: tuple[str, ...]) -> list[ColumnSpec]:
    return [
        ColumnSpec("date_start", "Earliest day the record's date allows.", "date", False, unit="ISO 8601 date"),
        ColumnSpec("date_end", "Latest day the record's date allows; empty for an open end.", "date", False,
                   unit="ISO 8601 date"),
        ColumnSpec("date_precision", "The finest unit the date pins down.", "enum", True, enum=edtf.PRECISIONS,
                   ordered=True),
        ColumnSpec("date", "The record's date in EDTF.", "edtf", True, unit="EDTF date"),
        ColumnSpec("date_kind", "What the date is: point (one moment, to its precision), interval (a period) or bound "
                   "(one moment known only to lie between, on or after, or on or before the dates given).", "enum",
                   True, enum=edtf.KINDS),
        ColumnSpec("date_basis", "How the date is known: stated, stated_elsewhere, inferred or general_knowledge.",
                   "enum", True, enum=tuple(b.value for b in Basis)),
        ColumnSpec("record_table", "The table the record is in.", "enum", True, enum=facts),
        ColumnSpec("record_id", "The record's id in that table.", "slug", True),
        ColumnSpec("label", "A short human label for the record.", "text", True),
        ColumnSpec("citations", "How many citations support the record.", "integer", True, minimum=1,
                   unit="citations"),
    ]


def _order(row: dict[str, Any]) -> tuple[Any, ...]:
    start: date | None = row["date_start"]
    return (start or date.min, row["date_end"] or date.max, row["record_table"], row["record_id"])


def timeline_rows(records: Mapping[str, Iterable[Record]], citation_keys: Iterable[tuple[str, str]],
                  names: Mapping[str, str], tables: Iterable[str]) -> list[dict[str, Any]]:
    """One row per fact record with a date of its own, sorted by start, end, table and id."""
    counts = Counter(citation_keys)
    rows = []
    for table in tables:
        for record in records.get(table, ()):
            value = getattr(record, "date", None)
            if value is None:
                continue
            bounds = edtf.parse(value)
            rid = str(getattr(record, "id"))  # every fact table has an id; the base model does not declare it
            rows.append({
                "date_start": bounds.start,
                "date_end": bounds.end,
                "date_precision": bounds.precision,
                "date": value,
                "date_kind": bounds.kind,
                "date_basis": getattr(record, "date_basis").value,
                "record_table": table,
                "record_id": rid,
                "label": record.label(names),
                "citations": counts[(table, rid)],
            })
    return sorted(rows, key=_order)
