"""Changing the seed files without hand-typing CSV: add a row, set a cell, put a file back in shape.

Every seed file has one canonical form: UTF-8 without BOM, LF, the model's
columns in order, rows in primary-key order, and Python's ``csv`` quoting
(which is what the build writes too). ``fmt`` brings a file to that form; an
edit reads a file already in it, changes one row and writes it back, so a diff
of the file shows only that row. An edit is checked with the validator, on a
staged copy of the seeds, before anything is written: a value the validator
refuses is refused here with the same message.
"""

from __future__ import annotations

import bisect
import csv
import dataclasses
import difflib
import hashlib
import io
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..atomic import remove_stale, replace_file
from ..errors import MoroccousDataError
from ..formats import csv_lines
from ..inputs import MAX_SOURCE_BYTES, InputRefused, read_regular, refuse_irregular
from ..models.specs import TableSpec, table_specs
from ..validation.checks import check_folder
from .coverage import REVIEWED_COLUMNS, REVIEWED_FILE
from ..validation.problem import Code, Problem


EDIT_STAGING = ".edit-staging"  # inside the seeds folder: where an edit is checked before it is written


class EditRefused(MoroccousDataError):
    """An edit the validator refuses: nothing was written."""

    def __init__(self, problems: Sequence[Problem | str]) -> None:
        self.problems = [str(p) for p in problems]
        super().__init__("\n".join(self.problems))


@dataclass
class Shape:
    """What a seed file's canonical form is: its columns and the order of its rows."""

    columns: list[str]
    key: Callable[[dict[str, str]], tuple[Any, ...]]
    key_names: tuple[str, ...]


def shapes() -> dict[str, Shape]:
    """The canonical form of every seed file, by file name."""
    out = {f"{name}.csv": Shape([c.name for c in spec.columns], spec.order_key, spec.primary_key)
           for name, spec in table_specs().items()}
    out[REVIEWED_FILE] = Shape(list(REVIEWED_COLUMNS), _reviewed_key, ("source_id", "sentence_start", "sentence_end"))
    return out


def _reviewed_key(row: dict[str, str]) -> tuple[Any, ...]:
    def number(value: str) -> tuple[int, Any]:
        return (0, int(value)) if value.isdigit() else (1, value)

    return (row["source_id"], number(row["sentence_start"]), number(row["sentence_end"]))


def render(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """A seed file's bytes in canonical form."""
    return csv_lines([list(columns), *rows]).encode("utf-8")


def _parse(path: Path, text: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise MoroccousDataError(f"{path}: malformed CSV ({exc}); run moroccous-data validate for where") from exc


# ---------------------------------------------------------------- fmt


@dataclass
class Formatted:
    """What ``fmt`` did to one file, or why it could not."""

    path: Path
    changes: list[str] = field(default_factory=list)
    refused: str = ""


def fmt_file(path: Path, shape: Shape, *, write: bool = True) -> Formatted:
    """Bring one seed file to canonical form; say what changed. Cells are never touched: quotes stay verbatim."""
    result = Formatted(path)
    try:
        original = data = read_regular(path)
    except InputRefused as exc:
        result.refused = str(exc).removeprefix(f"{path} ")
        return result
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        result.changes.append("removed the byte-order mark")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        result.refused = f"byte {exc.start} is not UTF-8; re-save the file as UTF-8 (fmt cannot guess the encoding)"
        return result
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        result.changes.append("changed CR/CRLF line endings to LF")
    try:
        records = _parse(path, text)
    except MoroccousDataError as exc:
        result.refused = str(exc).removeprefix(f"{path}: ")
        return result
    if not records:
        result.refused = "the file is empty; it needs at least the header row"
        return result
    labels = records[0]
    while labels and labels[-1].strip() == "" and all(len(r) == len(labels) and r[-1] == "" for r in records[1:]):
        labels = labels[:-1]  # an empty column a spreadsheet added at the end
        records = [labels] + [r[:-1] for r in records[1:]]
        if "removed empty trailing columns" not in result.changes:
            result.changes.append("removed empty trailing columns")
    stripped = [label.strip() for label in labels]
    if stripped != labels:
        result.changes.append("removed spaces around column labels")
    if sorted(stripped) != sorted(shape.columns):
        unknown = [c for c in stripped if c not in shape.columns]
        missing = [c for c in shape.columns if c not in stripped]
        result.refused = ("the columns are not the model's"
                          + (f"; unknown: {', '.join(unknown)}" if unknown else "")
                          + (f"; missing: {', '.join(missing)}" if missing else "")
                          + "; fix the header by hand")
        return result
    if stripped != shape.columns:
        result.changes.append("put the columns in the model's order")
    body = []
    blank = 0
    for number, record in enumerate(records[1:], start=2):
        if all(v == "" for v in record):
            blank += 1
            continue
        if len(record) != len(stripped):
            result.refused = f"row {number} has {len(record)} cells, the header has {len(stripped)}; fix it by hand"
            return result
        body.append(dict(zip(stripped, record)))
    if blank:
        result.changes.append(f"removed {blank} blank row(s)")
    ordered = sorted(body, key=shape.key)
    if ordered != body:
        result.changes.append(f"sorted the rows by {', '.join(shape.key_names)}")
    out = render(shape.columns, [[row[c] for c in shape.columns] for row in ordered])
    if out != original and not result.changes:
        result.changes.append("normalised the CSV quoting")
    if write and out != original:
        replace_file(path, out)
    return result


def fmt_folder(folder: Path, *, write: bool = True) -> list[Formatted]:
    """``fmt_file`` on every seed file present in ``folder``."""
    return [fmt_file(folder / name, shape, write=write) for name, shape in shapes().items() if (folder / name).exists()]


# ---------------------------------------------------------------- edits


@dataclass
class Edit:
    """A checked change to one seed file, ready to write: the file's new bytes and the changed row's number."""

    path: Path
    data: bytes
    row: int
    notices: list[str] = field(default_factory=list)

    def write(self) -> None:
        replace_file(self.path, self.data)


def _canonical(path: Path, spec: TableSpec) -> list[dict[str, str]]:
    """The rows of a seed file that is in canonical form; anything else is refused before an edit."""
    data = read_regular(path)
    try:
        records = _parse(path, data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise MoroccousDataError(f"{path}: not UTF-8; run moroccous-data fmt seeds, then edit") from exc
    columns = [c.name for c in spec.columns]
    rows = [dict(zip(columns, r)) for r in records[1:]]
    if not records or records[0] != columns or render(columns, records[1:]) != data or \
            any(len(r) != len(columns) for r in records[1:]) or sorted(rows, key=spec.order_key) != rows:
        raise MoroccousDataError(f"{path} is not in canonical form (column order, row order, line endings or "
                                 "quoting); run `moroccous-data fmt seeds` first, so the edit changes one row only")
    return rows


def _staged_problems(seeds: Path, table: str, data: bytes, sources: Path | None) -> list[Problem]:
    """The validator's problems with ``table`` replaced by ``data``, in a staged copy of the seeds.

    The copy is made inside the seeds folder, under the edit's lock, at a name
    computed from it: an edit killed midway leaves it there (never a copy of
    the seeds in the system's temporary folder), and the next edit removes it.
    """
    staged = seeds / EDIT_STAGING
    remove_stale(staged)
    staged.mkdir(mode=0o700)
    try:
        for path in seeds.glob("*.csv"):
            shutil.copyfile(path, staged / path.name)
        (staged / f"{table}.csv").write_bytes(data)
        problems = check_folder(staged, sources=sources).problems
        return [dataclasses.replace(p, path=p.path.replace(str(staged), str(seeds), 1)) for p in problems]
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def _notice(table: str, record_id: str | None, problem: Problem) -> str:
    """What a record just added still lacks, and the command that adds it."""
    if problem.code is Code.MISSING_STEP:
        steps = table_specs()[table].steps or ("", "")
        return (f"{table} {record_id} has no step yet: add its first with "
                f"`moroccous-data add record {steps[0]} --set {steps[1]}={record_id} …`")
    lacks = "has no citation" if "no citation" in problem.message else "has only context citations"
    return (f"{table} {record_id} {lacks} yet: add the quote that states its values with "
            f"`moroccous-data add citation {table} {record_id} SOURCE_ID QUOTE`")


def _checked(seeds: Path, table: str, rows: list[dict[str, str]], row_index: int, record_id: str | None,
             sources: Path | None) -> Edit:
    """The edit, unless the validator finds a problem on the changed row or one that was not there before.

    ``record_id`` is the record the edit concerns (the row's own, or the one a
    citation supports): that it still lacks a ``states`` citation is a notice, not a refusal.
    """
    spec = table_specs()[table]
    columns = [c.name for c in spec.columns]
    path = seeds / f"{table}.csv"
    data = render(columns, [[r[c] for c in columns] for r in rows])
    before = {(p.path, p.column, p.message) for p in check_folder(seeds, sources=sources).problems}
    after = _staged_problems(seeds, table, data, sources)
    number = row_index + 2
    # a record is added before its citations, and a context quote may come before the one that states it
    # and a deal before its first step
    pending = [p for p in after if p.code in (Code.MISSING_CITATION, Code.MISSING_STEP)
               and f"record {record_id!r} " in p.message]
    notices = [_notice(Path(p.path).stem, record_id, p) for p in pending]
    new = [p for p in after if p not in pending and
           ((p.path == str(path) and p.row == number) or (p.path, p.column, p.message) not in before)]
    if new:
        raise EditRefused(new)
    return Edit(path, data, number, notices)


def _values(spec: TableSpec, values: dict[str, str]) -> dict[str, str]:
    columns = [c.name for c in spec.columns]
    unknown = [k for k in values if k not in columns]
    if unknown:
        raise MoroccousDataError(f"{spec.name} has no column {unknown[0]!r}; the columns are: {', '.join(columns)}")
    return {c: values.get(c, "") for c in columns}


def add_row(seeds: Path, table: str, values: dict[str, str], *, sources: Path | None = None) -> Edit:
    """A new row of ``table`` at its place in key order, checked with the rest of the seeds."""
    spec = table_specs()[table]
    row = _values(spec, values)
    rows = _canonical(seeds / f"{table}.csv", spec)
    index = bisect.bisect_right([spec.order_key(r) for r in rows], spec.order_key(row))
    rows.insert(index, row)
    return _checked(seeds, table, rows, index, row.get("id") or row.get("record_id"), sources)


def set_cells(seeds: Path, table: str, record_id: str, values: dict[str, str], *,
              sources: Path | None = None) -> Edit:
    """``table``'s record ``record_id`` with the cells of ``values`` changed together, checked as one edit (so a
    date and its basis can change at once), and moved to its new place if its id changed."""
    spec = table_specs()[table]
    if "id" not in spec.primary_key:
        raise MoroccousDataError(f"{table} rows have no id (their key is {', '.join(spec.primary_key)}); "
                                 "edit them with a spreadsheet or editor, then run `moroccous-data fmt seeds`")
    _values(spec, values)
    rows = _canonical(seeds / f"{table}.csv", spec)
    found = [i for i, r in enumerate(rows) if r["id"] == record_id]
    if not found:
        close = difflib.get_close_matches(record_id, [r["id"] for r in rows], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise MoroccousDataError(f"{seeds / f'{table}.csv'} has no record with id {record_id!r}{hint}")
    row = {**rows.pop(found[0]), **values}
    index = bisect.bisect_right([spec.order_key(r) for r in rows], spec.order_key(row))
    rows.insert(index, row)
    return _checked(seeds, table, rows, index, row["id"], sources)


def read_table(seeds: Path, table: str) -> list[dict[str, str]]:
    """The rows of a seed file as text, for commands that look records up."""
    refuse_irregular(seeds / f"{table}.csv")
    with (seeds / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------- sources and citations


@dataclass
class NewSource:
    """A source text ready to be copied in, with its checked ``sources.csv`` row."""

    edit: Edit
    text: str
    data: bytes
    target: Path

    def write(self) -> None:
        replace_file(self.target, self.data)
        self.edit.write()


def add_source(seeds: Path, sources: Path, file: Path, source_id: str, values: dict[str, str]) -> NewSource:
    """The ``sources.csv`` row for a new text (sha256 and code-point count computed) and where the text goes.

    Refused when the id or the text is already a source, or when the text has a
    byte-order mark or CR line ends, which would shift every offset invisibly.
    """
    data = read_regular(file, MAX_SOURCE_BYTES, "source text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MoroccousDataError(f"{file}: byte {exc.start} is not UTF-8; save the text as UTF-8") from exc
    if text.startswith("\ufeff"):
        raise MoroccousDataError(f"{file} starts with a byte-order mark; save it as UTF-8 without BOM "
                                 "(the mark would count as a character before every offset)")
    if "\r" in text:
        raise MoroccousDataError(f"{file} has CR line ends; save it with LF line ends (each CR would count in the offsets)")
    if not text.strip():
        raise MoroccousDataError(f"{file} is empty")
    sha = hashlib.sha256(data).hexdigest()
    for row in read_table(seeds, "sources"):
        if row["id"] == source_id:
            raise MoroccousDataError(f"{seeds / 'sources.csv'} already has a source with id {source_id!r}")
        if row["sha256"] == sha:
            raise MoroccousDataError(f"{file} is already source {row['id']!r} (same sha256); cite that source")
    target = sources / f"{source_id}.txt"
    if target.exists() and read_regular(target, MAX_SOURCE_BYTES, "source text") != data:
        raise MoroccousDataError(f"{target} exists with another text; choose another id or remove that file")
    first_line = next(line.strip() for line in text.splitlines() if line.strip())
    row = {"title": first_line, "language": "en", **values, "id": source_id, "sha256": sha,
           "characters": str(len(text))}
    return NewSource(add_row(seeds, "sources", row), text, data, target)


@dataclass(frozen=True)
class Mention:
    """A known entity's name or alias found in a text."""

    start: int
    end: int
    entity_id: str
    written: str


def mentions(text: str, entities: list[dict[str, str]]) -> list[Mention]:
    """Where the text names a known entity (by name or alias, whole words, case as written), in text order."""
    found = []
    for entity in entities:
        names = {entity["name"], *(a for a in entity.get("aliases", "").split("|") if a)}
        for name in names:
            for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                found.append(Mention(match.start(), match.end(), entity["id"], name))
    return sorted(set(found), key=lambda m: (m.start, -m.end, m.entity_id))
