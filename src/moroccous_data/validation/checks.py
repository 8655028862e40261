"""The rules a set of tables must satisfy together: cells, cross-field rules, keys, references, citations, quotes.

Used by ``build_data.py`` and ``moroccous-data validate`` alike, so a
contribution is judged by one set of rules wherever it is checked. Values are
compared as the text written in the CSV; the build turns valid rows into
model instances afterwards.
"""

from __future__ import annotations

import bisect
import csv
import io
import os
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import MoroccousDataError
from ..models.rules import lookup
from ..models.specs import cited_tables, table_specs
from ..progress import Progress, silent
from ..sentences import sentences
from .coverage import REVIEWED_FILE
from .nearmiss import near_misses, quote_offsets
from .problem import Code, Problem
from .tablecheck import Rows, check_seed_file, key_blocks


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


# How an integer cell begins when its text is not how its value prints ('05656', '-0'; a lone '0' is how 0 prints):
# a column holding none needs no typing.
_UNCANONICAL = frozenset({"-0", *(f"0{digit}" for digit in range(10))})


def _typed(rows: Rows, table: str, columns: tuple[str, ...]) -> pa.Table:
    """The ``columns`` of the valid rows as frictionless compares them: an integer by its value,
    so ``05656``, ``5656`` and ``-0``/``0`` are the same key. Cells have passed their checks, so every
    integer fits in 64 bits."""
    integers = table_specs()[table].integer_columns
    out = {}
    for name in columns:
        column = rows.table.column(name)
        if name in integers and pc.any(pc.is_in(pc.utf8_slice_codeunits(column, 0, 2),
                                                options=lookup(_UNCANONICAL))).as_py():
            empty = pc.equal(column, "")
            number = pc.cast(pc.cast(pc.if_else(empty, "0", column), pa.int64()), pa.string())
            column = pc.if_else(empty, "", number)
        out[name] = column
    return pa.table(out)


def _has_duplicates(keys: pa.Table, *, skip_empty_first: bool = False) -> bool:
    """Whether any combination of the ``keys`` columns repeats, counted by pyarrow so the common case costs little."""
    if skip_empty_first:
        keys = keys.filter(pc.not_equal(keys.column(0), ""))
    values = keys.columns
    joined = values[0] if len(values) == 1 else pc.binary_join_element_wise(*values, "\x1f")
    column = joined.combine_chunks() if isinstance(joined, pa.ChunkedArray) else joined
    return len(pc.unique(column)) < keys.num_rows


def _tuples(keys: pa.Table) -> list[tuple[str | None, ...]]:
    return list(zip(*([v or None for v in keys.column(c).to_pylist()] for c in keys.column_names)))


def check_keys(checked: Checked) -> None:
    """Primary keys unique, and the same fact not under two ids, comparing typed values as frictionless does."""
    for table, rows in checked.rows.items():
        model = table_specs()[table]
        if not rows.table.num_rows:
            continue
        primary = _typed(rows, table, model.primary_key)
        if _has_duplicates(primary):
            seen: dict[tuple[Any, ...], int] = {}
            for number, key in zip(rows.numbers, _tuples(primary)):
                if key in seen:
                    checked.fail(table, number, model.primary_key[-1], Code.DUPLICATE_KEY,
                                 f"duplicate key {'/'.join(map(str, key))} (first used on row {seen[key]})")
                else:
                    seen[key] = number
        if not model.fact_key:
            continue
        facts_table = _typed(rows, table, model.fact_key)
        if not _has_duplicates(facts_table, skip_empty_first=True):
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


def check_order(checked: Checked) -> None:
    """Rows in primary-key order, so additions land in one place and a diff shows only what changed.

    pyarrow tells whether a table is in order (UTF-8 bytes sort as code points do); only an
    unsorted table is walked in Python to name its first stray row.
    """
    for table, rows in checked.rows.items():
        spec = table_specs()[table]
        if _in_key_order(rows, spec.primary_key, spec.integer_columns):
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


def _ids(checked: Checked) -> dict[str, set[str]]:
    """Every id each table's file holds, including those of rows with a bad cell; none for a table whose file
    could not be read, whose references are then not checked (its one problem says why)."""
    return {table: {v for v in rows.all_values("id") if v is not None}
            for table, rows in checked.rows.items() if "id" in rows.table.column_names and table not in checked.unreadable}


def check_references(checked: Checked, ids: dict[str, set[str]]) -> None:
    """Every foreign key, id list and (record_table, record_id) pair resolves."""
    for table, rows in checked.rows.items():
        for spec in table_specs()[table].columns:
            if spec.kind == "record_refs":
                for number, value in zip(rows.numbers, rows.column(spec.name)):
                    for item in value.split("|") if value else []:
                        ref_table, _, ref_id = item.partition(":")
                        if ref_table not in checked.unreadable and ref_id not in ids.get(ref_table, set()):
                            checked.fail(table, number, spec.name, Code.FOREIGN_KEY, f"{item!r}: {ref_table} has no record with id {ref_id!r}")
            if not spec.ref or spec.ref in checked.unreadable:
                continue
            targets = ids.get(spec.ref, set())
            for number, value in zip(rows.numbers, rows.column(spec.name)):
                for target in (value.split("|") if value and spec.kind == "slug_list" else [value] if value else []):
                    if target not in targets:
                        checked.fail(table, number, spec.name, Code.FOREIGN_KEY, f"{spec.ref} has no record with id {target!r}")
        if "record_table" in rows.table.column_names:
            for number, (other, record_id) in zip(rows.numbers, _keys(rows, ("record_table", "record_id"))):
                if other is not None and other not in checked.unreadable and record_id not in ids.get(other, set()):
                    checked.fail(table, number, "record_id", Code.FOREIGN_KEY, f"{other} has no record with id {record_id!r}")


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
    if "citations" in checked.unreadable:
        return
    stated = _stated(checked)
    for table in cited_tables():
        rows = checked.rows.get(table)
        if rows is None:
            continue
        for number, record_id in zip(rows.numbers, rows.column("id")):
            if (table, record_id) not in citing:
                checked.fail(table, number, "id", Code.MISSING_CITATION, f"record {record_id!r} has no citation in citations.csv")
            elif (table, record_id) not in stated:
                checked.fail(table, number, "id", Code.MISSING_CITATION, f"record {record_id!r} has only context citations; "
                             "mark the quote that states its values role=states")


def check_as_of(checked: Checked, citing: dict[tuple[str, str], set[str]]) -> None:
    """A record's ``as_of`` is the date of a source citing it, so a corrected source date cannot leave records behind."""
    if checked.unreadable & {"sources", "citations"}:
        return
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
                checked.fail(table, number, "as_of", Code.AS_OF_MISMATCH, f"{as_of!r} is not the date of any source citing this record ({listed})")


SOURCES_FOLDER = "sources"
SOURCES_ENV = "MOROCCOUS_SOURCES"


def sources_folder(seeds: Path) -> Path:
    """Where the source texts are: ``MOROCCOUS_SOURCES`` if set, else the ``sources/`` folder beside the seeds."""
    override = os.environ.get(SOURCES_ENV)
    return Path(override) if override else seeds / SOURCES_FOLDER


def source_texts(folder: Path) -> dict[str, str]:
    """The UTF-8 source texts in ``folder``, keyed by the sha256 of their bytes."""
    import hashlib  # here, not above: OpenSSL costs 4 MiB, which checking a single file does without

    texts = {}
    for path in sorted(folder.iterdir()):
        if path.is_file():
            data = path.read_bytes()
            try:
                texts[hashlib.sha256(data).hexdigest()] = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
    return texts


def source_text(folder: Path, source_id: str, sha: str) -> tuple[str | None, str]:
    """The text of one source and, when it cannot be had, why: ``<id>.txt`` first, then any file with its sha256.

    Only a folder laid out otherwise (an override of ``MOROCCOUS_SOURCES``) pays for hashing every file.
    """
    import hashlib

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
    text = source_texts(folder).get(sha) if folder.is_dir() else None
    if text is None:
        return None, f"no source text: put it at {path} (any file in {folder} with this sha256 also serves)"
    return text, ""


def check_quotes(checked: Checked, folder: Path) -> None:
    """Each quote is the exact text of its source at its offsets, and at most one sentence; each source text is present.

    A citation of an entity is exempt from the one-sentence rule: it shows how a
    name is written, and a name may hold a full stop (``New Defence Order. Strategy``).
    """
    if not folder.is_dir():
        checked.fail("sources", 0, "-", Code.SOURCE_TEXT, f"the source texts folder {folder} does not exist; pass --sources or set {SOURCES_ENV}")
        return
    by_id: dict[str, str] = {}
    sources = checked.rows.get("sources")
    if sources is not None:
        for number, (source_id, sha, characters) in zip(sources.numbers, _keys(sources, ("id", "sha256", "characters"))):
            text, why = source_text(folder, str(source_id), str(sha))
            if text is None:
                checked.fail("sources", number, "sha256", Code.SOURCE_TEXT, why)
                continue
            if len(text) != int(str(characters)):
                checked.fail("sources", number, "characters", Code.SOURCE_TEXT, f"the text has {len(text)} characters, not {characters}")
            by_id[str(source_id)] = text
    checked.texts = by_id
    citations = checked.rows.get("citations")
    if citations is None:
        return
    split: dict[str, list[tuple[int, int]]] = {}
    searched = 0
    for number, (record_table, source_id, quote, start, end) in zip(
            citations.numbers, _keys(citations, ("record_table", "source_id", "quote", "quote_start", "quote_end"))):
        text = by_id.get(str(source_id))
        if text is None or quote is None:
            continue
        actual = text[int(str(start)):int(str(end))]
        if actual != quote:
            searched += 1
            checked.fail("citations", number, "quote", Code.QUOTE_MISMATCH, f"source text at [{start}:{end}] is {actual!r}; "
                         + where_quote_is(text, quote, closest=searched <= NEAR_MISS_SEARCHES))
        elif record_table != "entities":
            crossed = _overlapping(_sentence_spans(str(source_id), text, split), int(str(start)), int(str(end)))
            if len(crossed) > 1:
                checked.fail("citations", number, "quote", Code.QUOTE_SENTENCES, f"the quote spans {len(crossed)} sentences ("
                             + ", ".join(f"[{a}:{b}]" for a, b in crossed)
                             + "); a quote is at most one sentence: cite each sentence in its own citation (if a break "
                             "falls after an abbreviation, add it to ABBREVIATIONS in sentences.py)")


NEAR_MISS_SEARCHES = 20  # a fuzzy search takes a tenth of a second or so: enough for a contribution, not for a broken file


def where_quote_is(text: str, quote: str, *, closest: bool = True) -> str:
    """Where a quote that is not at its offsets is: its exact positions, else the closest spans, never one chosen."""
    starts = quote_offsets(text, quote)
    if starts:
        return f"the quote occurs at {', '.join(map(str, starts))}"
    if not closest:
        return "the quote does not occur in the source (moroccous-data locate shows the closest spans)"
    misses = near_misses(text, quote)
    if not misses:
        return "the quote does not occur in the source, and no span is close to it"
    return ("the quote does not occur in the source; closest: " + "; ".join(m.describe() for m in misses)
            + " (copy the source's exact characters; offsets are never changed for you)")


def _overlapping(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The sentences (sorted, disjoint spans) that ``[start:end]`` overlaps, found by bisection."""
    index = max(bisect.bisect_right(spans, (start, start)) - 1, 0)
    out = []
    while index < len(spans) and spans[index][0] < end:
        if spans[index][1] > start:
            out.append(spans[index])
        index += 1
    return out


def _sentence_spans(source_id: str, text: str, cache: dict[str, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    if source_id not in cache:
        cache[source_id] = [(s.start, s.end) for s in sentences(text)]
    return cache[source_id]


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
        checked.problems.append(Problem(str(path), 1, "-", Code.HEADER_ERROR, str(exc)))
        return
    retired = {(row["table"], row["id"]): row for row in released if row["retired_in"]}
    for number, row in enumerate(released, start=2):
        target = row["replaced_by"]
        if target and not row["retired_in"]:
            checked.problems.append(Problem(str(path), number, "retired_in", Code.RETIRED_ID, "an id with a replaced_by must be retired"))
        elif target and row["table"] in ids and target not in ids[row["table"]]:
            checked.problems.append(Problem(str(path), number, "replaced_by", Code.FOREIGN_KEY,
                                            f"{row['table']} has no record with id {target!r}"))
    for table, rows in checked.rows.items():
        if "id" not in rows.table.column_names:
            continue
        for number, record_id in zip(rows.numbers, rows.column("id")):
            found = retired.get((table, str(record_id)))
            if found is not None:
                checked.fail(table, number, "id", Code.RETIRED_ID, f"{record_id!r} was released in {found['released_in']} and retired in "
                             f"{found['retired_in']}; a retired id is never reused, choose another")


def _key_table(rows: Rows, key: tuple[str, ...], integers: frozenset[str]) -> pa.Table:
    """The ``key`` columns of the rows as they sort: whole numbers as numbers."""
    return pa.table({k: pc.cast(rows.table.column(k), pa.int64()) if k in integers else rows.table.column(k) for k in key})


def _in_key_order(rows: Rows, key: tuple[str, ...], integers: frozenset[str]) -> bool:
    """Whether the rows are sorted by ``key``, whole numbers compared as numbers."""
    return _ascending(_key_table(rows, key, integers))


def _ascending(keys: pa.Table, strict: bool = False) -> bool:
    """Whether the rows are in ascending order of the columns, the first deciding, then the next (the order
    ``sort_indices`` gives, tested pairwise on neighbours instead of sorting); ``strict``: and no row equals
    the one before."""
    if keys.num_rows < 2:
        return True
    head, tail = keys.slice(0, keys.num_rows - 1), keys.slice(1)
    ordered = None
    for name in reversed(keys.column_names):
        before, after = head.column(name), tail.column(name)
        ordered = ((pc.less if strict else pc.less_equal)(before, after) if ordered is None
                   else pc.or_(pc.less(before, after), pc.and_(pc.equal(before, after), ordered)))
    return bool(pc.all(ordered).as_py())


class KeyIndex:
    """Repeated keys of a streamed file, found in memory that does not grow with its rows.

    A first pass writes the 64-bit hash of each fact key (typed as
    ``check_keys`` types it) to a temporary file (in memory up to ``SPOOL``
    bytes); the hashes are then sorted by pyarrow a slice of the hash space at a
    time, at most ``SLICE`` of them at once. Only when a hash repeats (a
    repeated key, or two keys with one hash) a second pass re-reads the key
    columns and compares those keys exactly, so the messages are
    ``check_keys``'s. Primary keys are hashed only in a file where one is not
    above the key before it: in key order, which ``check_order`` asks for anyway,
    a repeated key would stand next to itself, so comparing neighbours, as the
    order check does, finds it; otherwise they are hashed from a re-read.
    """

    SPOOL = 1 << 21  # bytes of hashes kept in memory before they go to a temporary file
    SLICE = 1 << 17  # hashes sorted at once
    HASH_MASK = -1  # the bits of each hash kept (fewer make keys collide, to test the second pass)

    def __init__(self, table: str) -> None:
        spec = table_specs()[table]
        self.table = table
        self.keys = [spec.primary_key] + ([spec.fact_key] if spec.fact_key else [])
        self.hashes: list[Any] = [io.BytesIO() for _ in self.keys]
        self.counts = [0 for _ in self.keys]
        self.last: tuple[tuple[str | None, ...], int] | None = None  # the previous valid row's key and number
        self.stray: tuple[int, tuple[str | None, ...], tuple[str | None, ...], int] | None = None
        self.distinct = True  # every valid row's primary key so far above the one before: none repeats

    def _order(self, rows: Rows) -> None:
        """``check_order`` a group at a time, keeping ``distinct``: pyarrow tells whether a group is sorted
        (strictly, while ``distinct`` holds); only the group holding the first stray row is walked in Python."""
        spec = table_specs()[self.table]
        def later(here: tuple[str | None, ...], before: tuple[str | None, ...], strictly: bool = False) -> bool:
            after, first = (spec.order_key(dict(zip(spec.primary_key, v))) for v in (here, before))
            return after > first if strictly else after >= first
        count = len(rows.numbers)
        keys = _key_table(rows, spec.primary_key, spec.integer_columns)
        head = _keys(Rows(rows.table.slice(0, 1), []), spec.primary_key)[0]
        self.distinct = self.distinct and _ascending(keys, strict=True) and (
            self.last is None or later(head, self.last[0], strictly=True))
        if self.distinct or (_ascending(keys) and (self.last is None or later(head, self.last[0]))):
            self.last = (_keys(Rows(rows.table.slice(count - 1), []), spec.primary_key)[0], rows.numbers[-1])
            return
        values = _keys(rows, spec.primary_key)
        previous = self.last
        for value, number in zip(values, rows.numbers):
            if previous is not None and not later(value, previous[0]):
                self.stray = (number, value, previous[0], previous[1])
                return
            previous = (value, number)

    def _joined(self, rows: Rows, index: int) -> tuple[pa.ChunkedArray, pa.ChunkedArray | None]:
        """Each row's key as one text, typed as ``check_keys`` types it; for a fact key, also which rows state
        a fact (its first part not empty)."""
        values = _typed(rows, self.table, self.keys[index]).columns
        joined = values[0] if len(values) == 1 else pc.binary_join_element_wise(*values, "\x1f")
        return joined, (pc.not_equal(values[0], "") if index else None)

    def _hash_all(self, keys: list[str]) -> list[int]:
        hashes = list(map(hash, keys))
        return hashes if self.HASH_MASK == -1 else [h & self.HASH_MASK for h in hashes]

    def _hashes(self, rows: Rows, index: int) -> pa.Array:
        """One 64-bit hash per row's key (null for a fact whose first part is empty: no fact)."""
        joined, stated = self._joined(rows, index)
        hashes = pa.array(self._hash_all(joined.to_pylist()), pa.int64())
        return hashes if stated is None else pc.if_else(stated, hashes, pa.scalar(None, pa.int64()))

    def add(self, rows: Rows) -> None:
        if not rows.numbers:
            return
        if self.stray is None:
            self._order(rows)
        for index in range(1, len(self.keys)):
            self._spool(index, rows)

    def _spool(self, index: int, rows: Rows) -> None:
        """Write the hash of each row's key ``index`` (of each fact stated)."""
        joined, stated = self._joined(rows, index)
        hashes = array("q", self._hash_all((joined if stated is None else joined.filter(stated)).to_pylist()))
        spool = self.hashes[index]
        spool.write(hashes)
        self.counts[index] += len(hashes)
        if isinstance(spool, io.BytesIO) and spool.tell() > self.SPOOL:
            import tempfile  # only for a file this large

            self.hashes[index] = tempfile.TemporaryFile()
            self.hashes[index].write(spool.getbuffer())

    def _repeated(self, index: int) -> set[int]:
        """The hashes written more than once, sorted a slice of the hash space (by its low bits) at a time."""
        spool = self.hashes[index]
        slices = 1
        while slices * self.SLICE < self.counts[index]:
            slices *= 2
        repeated: set[int] = set()
        for part in range(slices):
            spool.seek(0)
            picked = []
            while data := spool.read(1 << 20):
                hashes = pa.Array.from_buffers(pa.int64(), len(data) // 8, [None, pa.py_buffer(data)])
                picked.append(hashes.filter(pc.equal(pc.bit_wise_and(hashes, slices - 1), part)) if slices > 1 else hashes)
            hashes = pa.concat_arrays(picked).sort() if picked else pa.array([], pa.int64())
            later = hashes.slice(1)  # sorted, a repeat is equal to its predecessor (lighter than a hash table)
            repeated.update(later.filter(pc.equal(later, hashes.slice(0, len(later)))).to_pylist())
        return repeated

    def problems(self, checked: Checked, path: Path, invalid: set[int]) -> None:
        """The second pass, only when a key may repeat: ``check_keys``'s messages for the real repeats.
        ``invalid`` are the rows with a problem already, which the first pass left out too. Also reports
        the first row out of key order, as ``check_order`` does."""
        spec = table_specs()[self.table]
        if self.stray is not None:
            number, here, before, before_number = self.stray
            checked.fail(self.table, number, spec.primary_key[0], Code.SORT_ORDER,
                         f"row is out of order: {'/'.join(map(str, here))} sorts before "
                         f"{'/'.join(map(str, before))} on row {before_number} "
                         f"(rows are sorted by {', '.join(spec.primary_key)}); {FMT_HINT}")
        if not self.distinct:
            for start, block in key_blocks(path, list(spec.columns), list(spec.primary_key)):
                numbers = [n for n in range(start, start + block.num_rows) if n not in invalid]
                if numbers:
                    self._spool(0, Rows(block.take(pa.array([n - start for n in numbers], pa.int64())), numbers))
        repeated = [self._repeated(index) for index in range(len(self.keys))]
        for spool in self.hashes:
            spool.close()
        if not any(repeated):
            return
        names = [c.name for c in spec.columns]
        columns = sorted({"id", *(c for key in self.keys for c in key)} & set(names), key=names.index)
        firsts: list[dict[tuple[str | None, ...], tuple[int, str | None]]] = [{} for _ in self.keys]
        suspects = [pa.array(sorted(s), pa.int64()) for s in repeated]
        for start, block in key_blocks(path, list(spec.columns), columns):
            numbers = [n for n in range(start, start + block.num_rows) if n not in invalid]
            rows = Rows(block.take(pa.array([n - start for n in numbers], pa.int64())), numbers)
            for index, wanted in enumerate(suspects):
                if not len(wanted) or not numbers:
                    continue
                picked = pc.indices_nonzero(pc.fill_null(pc.is_in(self._hashes(rows, index), value_set=wanted), False))
                if not len(picked):
                    continue
                subset = Rows(rows.table.take(picked), [numbers[i] for i in picked.to_pylist()])
                ids = subset.column("id") if "id" in columns else [None] * len(subset.numbers)
                keys = _tuples(_typed(subset, self.table, self.keys[index]))
                for number, record_id, key in zip(subset.numbers, ids, keys):
                    if key not in firsts[index]:
                        firsts[index][key] = (number, record_id)
                    elif index == 0:
                        checked.fail(self.table, number, spec.primary_key[-1], Code.DUPLICATE_KEY, f"duplicate key "
                                     f"{'/'.join(map(str, key))} (first used on row {firsts[0][key][0]})")
                    else:
                        first_row, first_id = firsts[index][key]
                        checked.fail(self.table, number, "id", Code.DUPLICATE_FACT, f"same fact as {first_id} on row {first_row} "
                                     f"({', '.join(spec.fact_key)}); merge them or make the difference explicit")


def check_file(path: Path, table: str) -> Checked:
    """Check one CSV as ``table`` alone: everything but references to other tables.

    A file pyarrow can stream is checked a block at a time and its keys through
    a ``KeyIndex``, so memory stays flat however many rows it has.
    """
    checked = Checked(paths={table: str(path)})
    spec = table_specs()[table]
    index = KeyIndex(table)
    rows, problems = check_seed_file(path, list(spec.columns), spec.rules, keep=spec.key_columns, sink=index.add)
    checked.rows[table] = rows
    checked.problems.extend(problems)
    if rows.streamed:
        index.problems(checked, path, {p.row for p in problems})
    else:
        check_keys(checked)
        check_order(checked)
    checked.problems.sort()
    return checked


def _unknown_files(checked: Checked, folder: Path) -> None:
    """A seed file no model describes would be silently left out of the build: name it."""
    known = {f"{table}.csv" for table in table_specs()} | {RELEASED_IDS, REVIEWED_FILE}
    for path in sorted(folder.glob("*.csv")):
        if path.name not in known:
            checked.problems.append(Problem(str(path), 0, "-", Code.UNKNOWN_FILE, "no table of this name: write its model and list it in "
                                            "models/registry.py (CONTRIBUTING, 'Add a table'), or move the file"))


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
            checked.fail(table, 0, "-", Code.FILE_ERROR, "file is missing; create it with its header line: "
                         + ",".join(c.name for c in spec.columns))
            checked.unreadable.add(table)
            continue
        rows, problems = check_seed_file(path, list(spec.columns), spec.rules,
                                         keep=None if full else spec.key_columns)
        checked.rows[table] = rows
        checked.problems.extend(problems)
        if any(p.code.structural for p in problems):
            checked.unreadable.add(table)
    _unknown_files(checked, folder)
    check_keys(checked)
    check_order(checked)
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
            problems += check_folder(folder, sources=sources or sources_folder(folder), full=False,
                                     progress=progress).problems
            continue
        name = table or path.stem
        progress(f"checking {path}")
        if name not in tables:
            raise UnknownSeedTable(f"cannot tell which table {path} is; pass --table with one of: {', '.join(tables)}")
        problems += check_file(path, name).problems
    return sorted(problems)
