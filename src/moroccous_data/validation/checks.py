"""Checking a seeds folder (or one CSV): each file alone, then the tables together.

Used by ``build_data.py`` and ``moroccous-data validate`` alike, so a
contribution is judged by one set of rules wherever it is checked. Each file is
read whole and checked a column at a time (``tablecheck``); keys and order are
checked per table; the checks across tables (``crosschecks``) declare what they
read. Values are compared as the text written in the CSV; the build turns valid
rows into model instances afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import MoroccousDataError
from ..models.rules import distinct, text
from ..models.specs import GAPS_FILE, REVIEWED_FILE, table_specs
from ..progress import Progress, silent
from ..seedfiles import RELEASED_IDS, sources_folder
from .crosschecks import CrossCheck, Inputs, cross_checks
from .problem import Code, Problem
from .tablecheck import Rows, check_seed_file


@dataclass
class Checked:
    """The valid rows of each table (as text, with row numbers) and every problem found."""

    rows: dict[str, Rows] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # source id -> text, when the quotes were checked
    unreadable: set[str] = field(default_factory=set)  # tables whose file could not be read: nothing may depend on them

    def fail(self, table: str, row: int, column: str, code: Code, message: str) -> None:
        self.problems.append(Problem(self.paths.get(table, f"{table}.csv"), row, column, code, message))

    def records(self, table: str) -> list[dict[str, str | None]]:
        """The valid rows of ``table`` as dicts, empty cells as None."""
        rows = self.rows.get(table)
        if rows is None:
            return []
        columns = {name: rows.column(name) for name in rows.table.column_names}
        return [{name: values[i] for name, values in columns.items()} for i in range(len(rows.numbers))]


def _keys(rows: Rows, columns: tuple[str, ...]) -> list[tuple[str | None, ...]]:
    return list(zip(*(rows.column(c) for c in columns)))


def _typed(rows: Rows, table: str, columns: tuple[str, ...]) -> pa.Table:
    """The ``columns`` of the valid rows as frictionless compares them: an integer by its value,
    so ``05656``, ``5656`` and ``-0``/``0`` are the same key. Cells have passed their checks, so every
    integer fits in 64 bits."""
    integers = table_specs()[table].integer_columns
    out = {}
    for name in columns:
        column = rows.table.column(name)
        if name in integers:
            empty = pc.equal(column, text(""))
            column = pc.if_else(empty, column, pc.cast(pc.cast(pc.if_else(empty, text("0"), column), pa.int64()), pa.string()))
        out[name] = column
    return pa.table(out)


def _repeats(keys: pa.Table) -> bool:
    """Whether any combination of the ``keys`` columns repeats."""
    return distinct(keys).num_rows < keys.num_rows


def _tuples(keys: pa.Table) -> list[tuple[str | None, ...]]:
    return list(zip(*([v or None for v in keys.column(c).to_pylist()] for c in keys.column_names)))


def check_keys(checked: Checked) -> None:
    """Primary keys unique, and the same fact not under two ids, comparing typed values as frictionless does."""
    for table, rows in checked.rows.items():
        model = table_specs()[table]
        if not rows.table.num_rows:
            continue
        primary = _typed(rows, table, model.primary_key)
        if _repeats(primary):
            seen: dict[tuple[Any, ...], int] = {}
            for number, key in zip(rows.numbers, _tuples(primary)):
                if key in seen:
                    # named by its filled parts: a citation's key holds either a quote's offset or a fingerprint
                    filled = [(c, v) for c, v in zip(model.primary_key, key) if v is not None]
                    checked.fail(table, number, filled[-1][0] if filled else model.primary_key[-1], Code.DUPLICATE_KEY,
                                 f"duplicate key {'/'.join(str(v) for _, v in filled)} (first used on row {seen[key]})")
                else:
                    seen[key] = number
        if not model.fact_key:
            continue
        facts_table = _typed(rows, table, model.fact_key)
        if not _repeats(facts_table.filter(pc.not_equal(facts_table.column(0), text("")))):
            continue
        facts: dict[tuple[Any, ...], tuple[int, str | None]] = {}
        for number, rid, fact in zip(rows.numbers, rows.column("id"), _tuples(facts_table)):
            if fact[0] is None:
                continue
            if fact in facts:
                first_row, first_id = facts[fact]
                checked.fail(table, number, "id", Code.DUPLICATE_FACT, f"same fact as {first_id} on row {first_row} "
                             f"({', '.join(model.fact_key)}); merge them or make the difference explicit")
            else:
                facts[fact] = (number, rid)


FMT_HINT = "run `moroccous-data fmt seeds` to sort the rows"


def _in_order(keys: pa.Table) -> bool:
    """Whether the rows are in ascending order of the columns, the first deciding, then the next (UTF-8 bytes
    sort as code points do), tested on each pair of neighbours."""
    if keys.num_rows < 2:
        return True
    head, tail = keys.slice(0, keys.num_rows - 1), keys.slice(1)
    ordered = None
    for name in reversed(keys.column_names):
        before, after = head.column(name), tail.column(name)
        ordered = (pc.less_equal(before, after) if ordered is None
                   else pc.or_(pc.less(before, after), pc.and_(pc.equal(before, after), ordered)))
    return bool(pc.all(ordered).as_py())


def _ordering(rows: Rows, key: tuple[str, ...], integers: frozenset[str]) -> Iterator[tuple[str, pa.ChunkedArray]]:
    """The key's columns as ``order_key`` sorts them: an integer column as (empty last, value), so a citation's
    empty offset (a fingerprint) sorts after every offset."""
    for name in key:
        column = rows.table.column(name)
        if name in integers:
            empty = pc.equal(column, text(""))
            yield f"{name} empty", pc.cast(empty, pa.int8())
            column = pc.cast(pc.if_else(empty, text("0"), column), pa.int64())
        yield name, column


def check_order(checked: Checked) -> None:
    """Rows in primary-key order, so additions land in one place and a diff shows only what changed.

    pyarrow tells whether a table is in order; only an unsorted table is walked in Python to name its first stray row.
    """
    for table, rows in checked.rows.items():
        spec = table_specs()[table]
        keys = pa.table(dict(_ordering(rows, spec.primary_key, spec.integer_columns)))
        if _in_order(keys):
            continue
        values = _keys(rows, spec.primary_key)
        for index in range(1, len(values)):
            here, before = (spec.order_key(dict(zip(spec.primary_key, v))) for v in (values[index], values[index - 1]))
            if here < before:
                checked.fail(table, rows.numbers[index], spec.primary_key[0], Code.SORT_ORDER,
                             f"row is out of order: {'/'.join(map(str, values[index]))} sorts before "
                             f"{'/'.join(map(str, values[index - 1]))} on row {rows.numbers[index - 1]} "
                             f"(rows are sorted by {', '.join(spec.primary_key)}); {FMT_HINT}")
                break


class UndeclaredCode(MoroccousDataError):
    """A check across tables reported a code it does not declare: a bug in this package."""


def run_cross_checks(checked: Checked, folder: Path, sources: Path | None,
                     checks: list[CrossCheck] | None = None) -> None:
    """Each check across tables whose tables could all be read, handed the columns it declares and no others."""
    texts: dict[tuple[str, str], tuple[str | None, str]] = {}
    for check in cross_checks() if checks is None else checks:
        if (check.quotes and sources is None) or any(t in checked.unreadable or t not in checked.rows for t in check.reads):
            continue
        inputs = Inputs({t: checked.rows[t].select(list(c)) for t, c in check.reads.items()}, checked.paths, folder,
                        sources, texts)
        for problem in check.run(inputs):
            if problem.code not in check.codes:
                raise UndeclaredCode(f"the check {check.name!r} reported {problem.code}, which it does not declare")
            checked.problems.append(problem)
    checked.texts = {source_id: text for (source_id, _), (text, _) in texts.items() if text is not None}


def check_file(path: Path, table: str) -> Checked:
    """Check one CSV as ``table`` alone: everything but the checks across tables."""
    checked = Checked(paths={table: str(path)})
    spec = table_specs()[table]
    checked.rows[table], problems = check_seed_file(path, list(spec.columns), spec.rules)
    checked.problems.extend(problems)
    check_keys(checked)
    check_order(checked)
    checked.problems.sort()
    return checked


def _unknown_files(checked: Checked, folder: Path) -> None:
    """A seed file no model describes would be silently left out of the build: name it."""
    known = {f"{table}.csv" for table in table_specs()} | {RELEASED_IDS, REVIEWED_FILE, GAPS_FILE}
    for path in sorted(folder.glob("*.csv")):
        if path.name not in known:
            checked.problems.append(Problem(str(path), 0, "-", Code.UNKNOWN_FILE, "no table of this name: write its model and list it in "
                                            "models/registry.py (CONTRIBUTING, 'Add a table'), or move the file"))


def check_folder(folder: Path, *, sources: Path | None = None, progress: Progress = silent) -> Checked:
    """Read and check every ``<table>.csv`` of a seeds folder, alone and together."""
    checked = Checked()
    for table, spec in table_specs().items():
        path = folder / f"{table}.csv"
        checked.paths[table] = str(path)
        progress(f"checking {path}")
        if not path.exists():
            checked.fail(table, 0, "-", Code.FILE_ERROR, "file is missing; create it with its header line: "
                         + ",".join(c.name for c in spec.columns))
            checked.unreadable.add(table)
            continue
        rows, problems = check_seed_file(path, list(spec.columns), spec.rules)
        checked.rows[table] = rows
        checked.problems.extend(problems)
        if any(p.code.structural for p in problems):
            checked.unreadable.add(table)
    _unknown_files(checked, folder)
    check_keys(checked)
    check_order(checked)
    if sources is not None:
        progress(f"checking every quote against {sources}")
    run_cross_checks(checked, folder, sources)
    checked.problems.sort()
    return checked


class UnknownSeedTable(MoroccousDataError):
    """A single CSV whose table cannot be told from its name."""


def check_paths(paths: tuple[Path, ...], table: str | None, sources: Path | None,
                progress: Progress = silent) -> list[Problem]:
    """What ``validate`` checks: each folder (or its ``datapackage.json``) as a whole, each CSV as its table alone
    (``table``, else the file's name), with the problems of all in order."""
    tables = list(table_specs())
    problems = []
    for path in paths:
        if path.is_dir() or path.name == "datapackage.json":
            folder = path if path.is_dir() else path.parent
            problems += check_folder(folder, sources=sources or sources_folder(folder), progress=progress).problems
            continue
        name = table or path.stem
        progress(f"checking {path}")
        if name not in tables:
            raise UnknownSeedTable(f"cannot tell which table {path} is; pass --table with one of: {', '.join(tables)}")
        problems += check_file(path, name).problems
    return sorted(problems)
