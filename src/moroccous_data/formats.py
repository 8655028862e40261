"""How values are written as text, shared by the build and the CLI so their CSVs agree."""

from __future__ import annotations

from datetime import date
from typing import Any


def csv_cell(value: Any) -> str:
    """Empty for null, true/false for booleans, ISO 8601 for dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def json_default(value: Any) -> Any:
    """Dates as ISO 8601 strings in JSON output."""
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
