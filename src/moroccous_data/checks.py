"""The rules a set of tables must satisfy together: models, keys, references, citations, quotes.

Used by ``build_data.py`` and ``moroccous-data validate`` alike, so a
contribution is judged by one set of rules wherever it is checked.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .columns import ColumnSpec, seed_columns
from .models import TABLES, Record
from .models.vocab import CitedTable
from .seedfile import Problem, read_seed

Row = tuple[int, dict[str, str | None]]


@dataclass
class Checked:
    """Validated records per table, each with its row number, and every problem found."""

    records: dict[str, list[tuple[int, Record]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)

    def fail(self, table: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(self.paths.get(table, f"{table}.csv"), row, column, message))


def _message(error: dict[str, Any]) -> str:
    msg = str(error.get("msg", "invalid value"))
    msg = msg.removeprefix("Value error, ")
    if error.get("type") == "missing":
        return "required value is empty"
    if error.get("type") == "extra_forbidden":
        return "unknown column"
    if error.get("type") == "string_pattern_mismatch":
        return f"{error.get('input')!r} does not match the pattern {error.get('ctx', {}).get('pattern')}"
    if error.get("type") == "enum":
        return f"{error.get('input')!r} is not allowed; expected {error.get('ctx', {}).get('expected')}"
    return msg


def _column_of(error: dict[str, Any], model: type[Record]) -> str:
    loc = error.get("loc") or ()
    if loc and isinstance(loc[0], str):
        return loc[0]
    first = _message(error).split(" ", 1)[0].rstrip(":,")
    return first if first in model.model_fields else "-"


def validate_rows(checked: Checked, table: str, rows: list[Row]) -> None:
    model = TABLES[table]
    good: list[tuple[int, Record]] = []
    for number, values in rows:
        present = {k: v for k, v in values.items() if v is not None}
        try:
            good.append((number, model.model_validate(present)))
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                checked.fail(table, number, _column_of(error, model), _message(error))
    checked.records[table] = good


def _key(record: Record, columns: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(record, c) for c in columns)


def check_keys(checked: Checked) -> dict[str, set[str]]:
    """Primary keys unique, same fact not under two ids; returns the ids of each table."""
    ids: dict[str, set[str]] = {}
    for table, records in checked.records.items():
        model = TABLES[table]
        seen: dict[tuple[Any, ...], int] = {}
        facts: dict[tuple[Any, ...], tuple[int, Record]] = {}
        for number, record in records:
            key = _key(record, model.primary_key)
            if key in seen:
                checked.fail(table, number, model.primary_key[-1] if len(key) > 1 else model.primary_key[0],
                             f"duplicate key {'/'.join(map(str, key))} (first used on row {seen[key]})")
            else:
                seen[key] = number
            if model.fact_key and getattr(record, model.fact_key[0]) is not None:
                fact = _key(record, model.fact_key)
                if fact in facts:
                    first_row, first = facts[fact]
                    checked.fail(table, number, "id", f"same fact as {getattr(first, 'id', '?')} on row {first_row} "
                                 f"({', '.join(model.fact_key)}); merge them or make the difference explicit")
                else:
                    facts[fact] = (number, record)
        if "id" in model.model_fields:
            ids[table] = {str(k[0]) for k in seen}
    return ids


def check_references(checked: Checked, ids: dict[str, set[str]]) -> None:
    """Every foreign key, id list and (record_table, record_id) pair resolves."""
    for table, records in checked.records.items():
        specs = [s for s in seed_columns(table) if s.ref]
        for number, record in records:
            for spec in specs:
                _check_ref(checked, table, number, spec, getattr(record, spec.name), ids)
            table_ref = getattr(record, "record_table", None)
            if table_ref is not None:
                record_id = getattr(record, "record_id")
                if record_id not in ids.get(table_ref.value, set()):
                    checked.fail(table, number, "record_id", f"{table_ref.value} has no record with id {record_id!r}")


def _check_ref(checked: Checked, table: str, number: int, spec: ColumnSpec, value: str | None,
               ids: dict[str, set[str]]) -> None:
    if value is None:
        return
    targets = value.split("|") if spec.kind == "slug_list" else [value]
    for target in targets:
        if target not in ids.get(spec.ref or "", set()):
            checked.fail(table, number, spec.name, f"{spec.ref} has no record with id {target!r}")


def check_cited(checked: Checked) -> None:
    """Every record of a cited table has at least one citation."""
    cited = {(c.record_table.value, c.record_id) for _, c in checked.records.get("citations", [])}  # type: ignore[attr-defined]
    for table in CitedTable:
        for number, record in checked.records.get(table.value, []):
            if (table.value, record.id) not in cited:  # type: ignore[attr-defined]
                checked.fail(table.value, number, "id", f"record {record.id!r} has no citation in citations.csv")  # type: ignore[attr-defined]


def source_texts(folder: Path) -> dict[str, str]:
    """The source texts in ``folder``, keyed by the sha256 of their bytes."""
    texts = {}
    for path in sorted(folder.iterdir()):
        if path.is_file():
            data = path.read_bytes()
            try:
                texts[hashlib.sha256(data).hexdigest()] = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
    return texts


def check_quotes(checked: Checked, folder: Path) -> None:
    """Each quote is the exact text of its source at its offsets; each source text is present."""
    texts = source_texts(folder)
    by_id: dict[str, str] = {}
    for number, source in checked.records.get("sources", []):
        text = texts.get(source.sha256)  # type: ignore[attr-defined]
        if text is None:
            checked.fail("sources", number, "sha256", f"no file in {folder} has this sha256")
            continue
        if len(text) != source.characters:  # type: ignore[attr-defined]
            checked.fail("sources", number, "characters", f"the text has {len(text)} characters, not {source.characters}")  # type: ignore[attr-defined]
        by_id[source.id] = text  # type: ignore[attr-defined]
    for number, c in checked.records.get("citations", []):
        text = by_id.get(c.source_id)  # type: ignore[attr-defined]
        if text is None:
            continue
        actual = text[c.quote_start:c.quote_end]  # type: ignore[attr-defined]
        if actual != c.quote:  # type: ignore[attr-defined]
            where = text.find(c.quote)  # type: ignore[attr-defined]
            hint = f"; the quote occurs at {where}" if where >= 0 else "; the quote does not occur in the source"
            checked.fail("citations", number, "quote", f"source text at [{c.quote_start}:{c.quote_end}] is {actual!r}{hint}")  # type: ignore[attr-defined]


def check_file(path: Path, table: str) -> Checked:
    """Check one CSV as ``table`` alone: everything but references to other tables."""
    checked = Checked(paths={table: str(path)})
    rows, problems = read_seed(path, seed_columns(table))
    checked.problems.extend(problems)
    validate_rows(checked, table, rows)
    check_keys(checked)
    checked.problems.sort()
    return checked


def check_folder(folder: Path, *, sources: Path | None = None) -> Checked:
    """Read and check every ``<table>.csv`` of a seeds folder."""
    checked = Checked()
    for table in TABLES:
        path = folder / f"{table}.csv"
        checked.paths[table] = str(path)
        if not path.exists():
            checked.fail(table, 0, "-", "file is missing")
            checked.records[table] = []
            continue
        rows, problems = read_seed(path, seed_columns(table))
        checked.problems.extend(problems)
        validate_rows(checked, table, rows)
    ids = check_keys(checked)
    check_references(checked, ids)
    check_cited(checked)
    if sources is not None:
        check_quotes(checked, sources)
    checked.problems.sort()
    return checked
