"""What the data covers, written from the data itself: ``moroccous-data info`` prints it, the build puts it in
the README.

Per fact table: how many records, the years their dates span, how many sources state them, and how many are
stated by a quote of a text the repository holds (checked offline, in CI) or only by fingerprints of pages it
does not hold (checked against the live pages by ``recheck``). Then what the dataset leaves out and what was
searched for but not found: the curated ``seeds/coverage_gaps.csv``, which the build carries into
``datapackage.json``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

GAPS_COLUMNS = ["kind", "subject", "searched"]
GAP_KINDS = {"not_covered": "Not covered",
             "believed_not_found": "Believed but not found (searched for on stored public pages, not recorded)"}
_DATES = (("date_start", "date_end"), ("stage_date_start", "stage_date_end"))


def read_gaps(path: Path) -> list[dict[str, str]]:
    """The rows of ``coverage_gaps.csv`` (none if there is no such file); a malformed file raises ValueError."""
    from ..inputs import InputRefused, read_regular

    if not path.exists():
        return []
    try:
        text = read_regular(path, 1 << 20, "coverage file").decode("utf-8")
    except (InputRefused, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames != GAPS_COLUMNS:
        raise ValueError(f"{path}:1: the columns must be {','.join(GAPS_COLUMNS)}")
    rows = list(reader)
    for number, row in enumerate(rows, start=2):
        if row["kind"] not in GAP_KINDS or not row["subject"]:
            raise ValueError(f"{path}:{number}: kind is one of {', '.join(GAP_KINDS)}, and subject says what")
    return rows


def _years(rows: Iterable[Mapping[str, Any]]) -> str:
    days = [d for r in rows for pair in _DATES for d in (r.get(pair[0]), r.get(pair[1])) if isinstance(d, date)]
    return f"{min(days).year}–{max(days).year}" if days else "undated"


def statement(rows: Mapping[str, Sequence[Mapping[str, Any]]], facts: Sequence[str],
              gaps: Sequence[Mapping[str, str]]) -> str:
    """The coverage statement as Markdown, from each table's built rows (dicts) and the curated gaps."""
    stating: dict[str, set[str]] = {}
    for c in rows.get("citations", ()):
        if c["role"] == "states":
            stating.setdefault(str(c["record_table"]), set()).add(str(c["source_id"]))
    lines = ["| table | records | years | sources | quoted | fingerprinted |", "|---|---:|---|---:|---:|---:|"]
    for table in facts:
        records = rows.get(table, ())
        kinds = [r.get("evidence") for r in records]
        lines.append(f"| `{table}` | {len(records)} | {_years(records)} | {len(stating.get(table, ()))} | "
                     f"{kinds.count('quoted')} | {kinds.count('fingerprinted')} |")
    for kind, heading in GAP_KINDS.items():
        listed = [g for g in gaps if g["kind"] == kind]
        if listed:
            lines += ["", f"{heading}:", ""]
            lines += [f"- {g['subject']}" + (f" ({g['searched']})" if g.get("searched") else "") for g in listed]
    return "\n".join(lines) + "\n"


def installed_statement() -> str:
    """The statement of the installed data."""
    from ..models.specs import fact_tables
    from . import loaders

    tables = ("citations", *fact_tables())
    rows = {name: loaders.load(name, "arrow").to_pylist() for name in tables}
    return statement(rows, fact_tables(), loaders.datapackage().get("coverage_gaps", []))
