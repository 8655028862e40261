"""The rules a set of tables must satisfy together: cells, cross-field rules, keys, references, citations, quotes.

Used by ``build_data.py`` and ``moroccous-data validate`` alike, so a
contribution is judged by one set of rules wherever it is checked. Values are
compared as the text written in the CSV; the build turns valid rows into
model instances afterwards.
"""

from __future__ import annotations

import csv
import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from .problem import Problem
from .progress import Progress, silent
from .specs import cited_tables, table_specs
from .tablecheck import Rows, check_seed_file


@dataclass
class Checked:
    """The valid rows of each table (as text, with row numbers) and every problem found."""

    rows: dict[str, Rows] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # source id -> text, when the quotes were checked

    def fail(self, table: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(self.paths.get(table, f"{table}.csv"), row, column, message))

    def records(self, table: str) -> list[dict[str, str | None]]:
        """The valid rows of ``table`` as dicts, empty cells as None."""
        rows = self.rows.get(table)
        if rows is None:
            return []
        columns = {name: rows.column(name) for name in rows.table.column_names}
        return [{name: values[i] for name, values in columns.items()} for i in range(len(rows.numbers))]


def _keys(rows: Rows, columns: tuple[str, ...]) -> list[tuple[str | None, ...]]:
    return list(zip(*(rows.column(c) for c in columns)))


def _has_duplicates(rows: Rows, columns: tuple[str, ...], *, skip_empty_first: bool = False) -> bool:
    """Whether any combination of ``columns`` repeats, counted by pyarrow so the common case costs little."""
    table = rows.table.select(list(columns))
    if skip_empty_first:
        table = table.filter(pc.not_equal(table.column(columns[0]), ""))
    values = [table.column(c) for c in columns]
    joined = values[0] if len(values) == 1 else pc.binary_join_element_wise(*values, "\x1f")
    column = joined.combine_chunks() if isinstance(joined, pa.ChunkedArray) else joined
    return len(pc.unique(column)) < table.num_rows


def check_keys(checked: Checked) -> None:
    """Primary keys unique, and the same fact not under two ids."""
    for table, rows in checked.rows.items():
        model = table_specs()[table]
        if rows.table.num_rows and _has_duplicates(rows, model.primary_key):
            seen: dict[tuple[Any, ...], int] = {}
            for number, key in zip(rows.numbers, _keys(rows, model.primary_key)):
                if key in seen:
                    checked.fail(table, number, model.primary_key[-1],
                                 f"duplicate key {'/'.join(map(str, key))} (first used on row {seen[key]})")
                else:
                    seen[key] = number
        if not model.fact_key or not rows.table.num_rows:
            continue
        if not _has_duplicates(rows, model.fact_key, skip_empty_first=True):
            continue
        facts: dict[tuple[Any, ...], tuple[int, str | None]] = {}
        for number, rid, fact in zip(rows.numbers, rows.column("id"), _keys(rows, model.fact_key)):
            if fact[0] is None:
                continue
            if fact in facts:
                first_row, first_id = facts[fact]
                checked.fail(table, number, "id", f"same fact as {first_id} on row {first_row} "
                             f"({', '.join(model.fact_key)}); merge them or make the difference explicit")
            else:
                facts[fact] = (number, rid)


def _ids(checked: Checked) -> dict[str, set[str]]:
    """Every id each table's file holds, including those of rows with a bad cell."""
    return {table: {v for v in rows.all_values("id") if v is not None}
            for table, rows in checked.rows.items() if "id" in rows.table.column_names}


def check_references(checked: Checked, ids: dict[str, set[str]]) -> None:
    """Every foreign key, id list and (record_table, record_id) pair resolves."""
    for table, rows in checked.rows.items():
        for spec in table_specs()[table].columns:
            if spec.kind == "record_refs":
                for number, value in zip(rows.numbers, rows.column(spec.name)):
                    for item in value.split("|") if value else []:
                        ref_table, _, ref_id = item.partition(":")
                        if ref_id not in ids.get(ref_table, set()):
                            checked.fail(table, number, spec.name, f"{item!r}: {ref_table} has no record with id {ref_id!r}")
            if not spec.ref:
                continue
            targets = ids.get(spec.ref, set())
            for number, value in zip(rows.numbers, rows.column(spec.name)):
                for target in (value.split("|") if value and spec.kind == "slug_list" else [value] if value else []):
                    if target not in targets:
                        checked.fail(table, number, spec.name, f"{spec.ref} has no record with id {target!r}")
        if "record_table" in rows.table.column_names:
            for number, (other, record_id) in zip(rows.numbers, _keys(rows, ("record_table", "record_id"))):
                if other is not None and record_id not in ids.get(other, set()):
                    checked.fail(table, number, "record_id", f"{other} has no record with id {record_id!r}")


def _citing(checked: Checked) -> dict[tuple[str, str], set[str]]:
    citing: dict[tuple[str, str], set[str]] = defaultdict(set)
    rows = checked.rows.get("citations")
    if rows is not None:
        columns = [rows.all_values(c) for c in ("record_table", "record_id", "source_id")]
        for table, record_id, source in zip(*columns):
            citing[(str(table), str(record_id))].add(str(source))
    return citing


def _stated(checked: Checked) -> set[tuple[str, str]]:
    """The records with at least one quote that states their values (role ``states``)."""
    rows = checked.rows.get("citations")
    if rows is None:
        return set()
    columns = [rows.all_values(c) for c in ("record_table", "record_id", "role")]
    return {(str(table), str(record_id)) for table, record_id, role in zip(*columns) if role == "states"}


def check_cited(checked: Checked, citing: dict[tuple[str, str], set[str]]) -> None:
    """Every record of a cited table has at least one citation, and one of them states its values."""
    stated = _stated(checked)
    for table in cited_tables():
        rows = checked.rows.get(table)
        if rows is None:
            continue
        for number, record_id in zip(rows.numbers, rows.column("id")):
            if (table, record_id) not in citing:
                checked.fail(table, number, "id", f"record {record_id!r} has no citation in citations.csv")
            elif (table, record_id) not in stated:
                checked.fail(table, number, "id", f"record {record_id!r} has only context citations; "
                             "mark the quote that states its values role=states")


def check_as_of(checked: Checked, citing: dict[tuple[str, str], set[str]]) -> None:
    """A record's ``as_of`` is the date of a source citing it, so a corrected source date cannot leave records behind."""
    sources = checked.rows.get("sources")
    dates: dict[str | None, str | None] = dict(zip(sources.column("id"), sources.column("date"))) if sources else {}
    for table in cited_tables():
        rows = checked.rows.get(table)
        if rows is None or "as_of" not in rows.table.column_names:
            continue
        for number, (record_id, as_of) in zip(rows.numbers, _keys(rows, ("id", "as_of"))):
            cited_by = citing.get((table, str(record_id)), set())
            if as_of is not None and cited_by and as_of not in {dates.get(s) for s in cited_by}:
                listed = ", ".join(sorted(f"{s}: {dates.get(s)}" for s in cited_by))
                checked.fail(table, number, "as_of", f"{as_of!r} is not the date of any source citing this record ({listed})")


SOURCES_FOLDER = "sources"
SOURCES_ENV = "MOROCCOUS_SOURCES"


def sources_folder(seeds: Path) -> Path:
    """Where the source texts are: ``MOROCCOUS_SOURCES`` if set, else the ``sources/`` folder beside the seeds."""
    override = os.environ.get(SOURCES_ENV)
    return Path(override) if override else seeds / SOURCES_FOLDER


def source_texts(folder: Path) -> dict[str, str]:
    """The UTF-8 source texts in ``folder``, keyed by the sha256 of their bytes."""
    texts = {}
    for path in sorted(folder.iterdir()):
        if path.is_file():
            data = path.read_bytes()
            try:
                texts[hashlib.sha256(data).hexdigest()] = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
    return texts


def source_text(folder: Path, source_id: str, sha: str, by_hash: dict[str, str]) -> tuple[str | None, str]:
    """The text of one source and, when it cannot be had, why: ``<id>.txt`` first, then any file with its sha256."""
    path = folder / f"{source_id}.txt"
    if path.is_file():
        data = path.read_bytes()
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha:
            return None, f"{path} has sha256 {actual}, not the one recorded here; restore the text or record its hash"
        try:
            return data.decode("utf-8"), ""
        except UnicodeDecodeError:
            return None, f"{path} is not UTF-8"
    text = by_hash.get(sha)
    if text is None:
        return None, f"no source text: put it at {path} (any file in {folder} with this sha256 also serves)"
    return text, ""


def check_quotes(checked: Checked, folder: Path) -> None:
    """Each quote is the exact text of its source at its offsets; each source text is present."""
    if not folder.is_dir():
        checked.fail("sources", 0, "-", f"the source texts folder {folder} does not exist; pass --sources or set {SOURCES_ENV}")
        return
    by_hash = source_texts(folder)
    by_id: dict[str, str] = {}
    sources = checked.rows.get("sources")
    if sources is not None:
        for number, (source_id, sha, characters) in zip(sources.numbers, _keys(sources, ("id", "sha256", "characters"))):
            text, why = source_text(folder, str(source_id), str(sha), by_hash)
            if text is None:
                checked.fail("sources", number, "sha256", why)
                continue
            if str(len(text)) != characters:
                checked.fail("sources", number, "characters", f"the text has {len(text)} characters, not {characters}")
            by_id[str(source_id)] = text
    checked.texts = by_id
    citations = checked.rows.get("citations")
    if citations is None:
        return
    for number, (source_id, quote, start, end) in zip(
            citations.numbers, _keys(citations, ("source_id", "quote", "quote_start", "quote_end"))):
        text = by_id.get(str(source_id))
        if text is None or quote is None:
            continue
        actual = text[int(str(start)):int(str(end))]
        if actual != quote:
            where = text.find(quote)
            hint = f"; the quote occurs at {where}" if where >= 0 else "; the quote does not occur in the source"
            checked.fail("citations", number, "quote", f"source text at [{start}:{end}] is {actual!r}{hint}")


RELEASED_IDS = "released_ids.csv"
RELEASED_COLUMNS = ["table", "id", "released_in", "retired_in", "replaced_by"]


def read_released(path: Path) -> list[dict[str, str]]:
    """The rows of ``released_ids.csv`` (none if it does not exist yet); a wrong header raises ValueError."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != RELEASED_COLUMNS:
            raise ValueError(f"the columns must be {','.join(RELEASED_COLUMNS)}")
        return list(reader)


def check_released_ids(checked: Checked, path: Path, ids: dict[str, set[str]]) -> None:
    """A retired id never comes back, and the id that replaced it exists, so old references still resolve."""
    try:
        released = read_released(path)
    except ValueError as exc:
        checked.problems.append(Problem(str(path), 1, "-", str(exc)))
        return
    retired = {(row["table"], row["id"]): row for row in released if row["retired_in"]}
    for number, row in enumerate(released, start=2):
        target = row["replaced_by"]
        if target and not row["retired_in"]:
            checked.problems.append(Problem(str(path), number, "retired_in", "an id with a replaced_by must be retired"))
        elif target and row["table"] in ids and target not in ids[row["table"]]:
            checked.problems.append(Problem(str(path), number, "replaced_by",
                                            f"{row['table']} has no record with id {target!r}"))
    for table, rows in checked.rows.items():
        if "id" not in rows.table.column_names:
            continue
        for number, record_id in zip(rows.numbers, rows.column("id")):
            found = retired.get((table, str(record_id)))
            if found is not None:
                checked.fail(table, number, "id", f"{record_id!r} was released in {found['released_in']} and retired in "
                             f"{found['retired_in']}; a retired id is never reused, choose another")


def check_file(path: Path, table: str) -> Checked:
    """Check one CSV as ``table`` alone: everything but references to other tables."""
    checked = Checked(paths={table: str(path)})
    spec = table_specs()[table]
    rows, problems = check_seed_file(path, list(spec.columns), spec.rules, keep=spec.key_columns)
    checked.rows[table] = rows
    checked.problems.extend(problems)
    check_keys(checked)
    checked.problems.sort()
    return checked


def check_folder(folder: Path, *, sources: Path | None = None, full: bool = True,
                 progress: Progress = silent) -> Checked:
    """Read and check every ``<table>.csv`` of a seeds folder, alone and together.

    With ``full=False`` only the columns the cross-table checks need are kept, so
    memory follows the keys, not the text, of a large contribution.
    """
    checked = Checked()
    for table, spec in table_specs().items():
        path = folder / f"{table}.csv"
        checked.paths[table] = str(path)
        progress(f"checking {path}")
        if not path.exists():
            checked.fail(table, 0, "-", "file is missing")
            continue
        rows, problems = check_seed_file(path, list(spec.columns), spec.rules,
                                         keep=None if full else spec.key_columns)
        checked.rows[table] = rows
        checked.problems.extend(problems)
    check_keys(checked)
    ids = _ids(checked)
    check_references(checked, ids)
    citing = _citing(checked)
    check_cited(checked, citing)
    check_as_of(checked, citing)
    check_released_ids(checked, folder / RELEASED_IDS, ids)
    if sources is not None:
        progress(f"checking every quote against {sources}")
        check_quotes(checked, sources)
    checked.problems.sort()
    return checked
