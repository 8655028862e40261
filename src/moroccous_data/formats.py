"""How values are written as text, shared by the build and the CLI so their CSVs agree."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any


# Code as the descriptions mark it: reST ``literal`` or Markdown `literal`.
LITERAL = re.compile(r"``(.+?)``|`([^`]+)`")


def without_markup(text: str) -> str:
    """A description as plain text, for readers that show no code style (a terminal, a Stata label)."""
    return LITERAL.sub(lambda m: m[1] or m[2], text)


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


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """A header and rows as CSV: LF line ends, minimal quoting, every value through ``csv_cell``."""
    return csv_lines([columns, *([row[c] for c in columns] for row in rows)])


def csv_lines(rows: Iterable[Sequence[Any]]) -> str:
    """Rows of values as CSV lines, the one CSV writer of the package (build, CLI and seed edits)."""
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue()
