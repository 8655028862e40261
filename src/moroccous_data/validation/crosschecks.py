"""The checks across tables, each a unit that declares the columns it reads and the codes it may raise.

``checks.check_folder`` runs a unit only when every table it reads could be
read (an unreadable file is one problem, not a cascade of references into it),
and hands it those columns alone, so a check cannot read what it did not
declare; a problem with a code it did not declare is an internal error. The
units are made from the table specs: a new table or column needs no edit here.
To add a check, add its unit to ``cross_checks`` and its case to
``tests/mutations.py``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ..models.kinds import KINDS
from ..models.rules import text, texts, whole
from ..models.specs import cited_tables, table_specs
from ..seedfiles import RELEASED_IDS, SOURCES_ENV, read_released, source_text
from ..sentences import sentences
from .nearmiss import near_misses, quote_offsets
from .problem import Code, Problem
from .tablecheck import Rows

NEAR_MISS_SEARCHES = 20  # a fuzzy search takes a tenth of a second or so: enough for a contribution, not for a broken file


@dataclass
class Inputs:
    """What a check is handed: the valid rows of the tables it reads (its declared columns only), where each
    table's file is, the seeds folder and the source texts folder (None: quotes are not checked)."""

    rows: dict[str, Rows]
    paths: Mapping[str, str]
    seeds: Path
    sources: Path | None
    texts: dict[tuple[str, str], tuple[str | None, str]] = field(default_factory=dict)  # shared by the checks

    def problem(self, table: str, row: int, column: str, code: Code, message: str) -> Problem:
        return Problem(self.paths.get(table, f"{table}.csv"), row, column, code, message)

    def ids(self, table: str) -> pa.Array:
        """Every id the table's file holds, including those of rows with a bad cell."""
        return self.rows[table].everything.column("id").combine_chunks()

    def text(self, source_id: str, sha: str) -> tuple[str | None, str]:
        """A source's text, or None and why, read once however many checks ask."""
        assert self.sources is not None
        if (source_id, sha) not in self.texts:
            self.texts[(source_id, sha)] = source_text(self.sources, source_id, sha)
        return self.texts[(source_id, sha)]

    def released(self) -> list[dict[str, str]]:
        try:
            return read_released(self.seeds / RELEASED_IDS)
        except ValueError:
            return []  # the released-ids check reports the header


@dataclass(frozen=True)
class CrossCheck:
    """A check across tables: what it reads (table: columns), the codes it may raise, and the check itself."""

    name: str
    reads: Mapping[str, tuple[str, ...]]
    codes: frozenset[Code]
    run: Callable[[Inputs], Iterator[Problem]]
    quotes: bool = False  # needs the source texts


def _reads(*pairs: tuple[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Tables and their columns, a table named twice reading the union."""
    out: dict[str, tuple[str, ...]] = {}
    for table, columns in pairs:
        out[table] = tuple(dict.fromkeys((*out.get(table, ()), *columns)))
    return out


def _references(table: str, column: str, target: str, separator: str | None, inputs: Inputs) -> Iterator[Problem]:
    """Each id in ``table.column`` (each item, in a list) names a record of ``target``."""
    rows = inputs.rows[table]
    values = rows.table.column(column).combine_chunks()
    if separator is not None:
        lists = pc.split_pattern(values, separator)
        parents, values = pc.list_parent_indices(lists), pc.list_flatten(lists)
    missing = pc.and_(pc.not_equal(values, text("")), pc.invert(pc.is_in(values, value_set=inputs.ids(target))))
    rows_missing = pc.indices_nonzero(missing) if separator is None else parents.filter(missing)
    for parent, value in zip(rows_missing.to_pylist(), values.filter(missing).to_pylist()):
        yield inputs.problem(table, rows.numbers[parent], column, Code.FOREIGN_KEY, f"{target} has no record with id {value!r}")


def _links(rows: Rows, column: str | None) -> pa.Table:
    """The records a row names by table and id, one row each: its index, the table, the id and the text naming
    it. From a ``table:id|table:id`` column, or (``column`` None) from the ``record_table``/``record_id`` pair."""
    if column is None:
        named = pc.not_equal(rows.table.column("record_table"), text(""))
        table, record_id = rows.table.column("record_table").filter(named), rows.table.column("record_id").filter(named)
        return pa.table({"row": pc.indices_nonzero(named), "table": table, "id": record_id, "written": record_id})
    lists = pc.split_pattern(rows.table.column(column), "|")
    written = pc.list_flatten(lists)
    given = pc.not_equal(written, text(""))
    written, parents = written.filter(given), pc.list_parent_indices(lists).filter(given)
    parts = pc.split_pattern(written, ":", max_splits=1)
    return pa.table({"row": parents, "table": pc.list_element(parts, whole(0)), "id": pc.list_element(parts, whole(1)),
                     "written": written})


def _link_problem(inputs: Inputs, table: str, column: str | None, row: int, target: str, record_id: str,
                  written: str) -> Problem:
    number = inputs.rows[table].numbers[row]
    if column is None:
        return inputs.problem(table, number, "record_id", Code.FOREIGN_KEY, f"{target} has no record with id {record_id!r}")
    return inputs.problem(table, number, column, Code.FOREIGN_KEY, f"{written!r}: {target} has no record with id {record_id!r}")


def _record_links(table: str, column: str | None, target: str, inputs: Inputs) -> Iterator[Problem]:
    """Each record named as ``target:id`` (or by ``record_table``/``record_id``) exists in ``target``."""
    links = _links(inputs.rows[table], column)
    links = links.filter(pc.and_(pc.equal(links.column("table"), text(target)),
                                 pc.invert(pc.is_in(links.column("id"), value_set=inputs.ids(target)))))
    for link in links.to_pylist():
        yield _link_problem(inputs, table, column, link["row"], target, link["id"], link["written"])


def _unknown_link_tables(table: str, column: str | None, known: tuple[str, ...], inputs: Inputs) -> Iterator[Problem]:
    """A record named in a table that has no ids."""
    links = _links(inputs.rows[table], column)
    links = links.filter(pc.invert(pc.is_in(links.column("table"), value_set=texts(known))))
    for link in links.to_pylist():
        yield _link_problem(inputs, table, column, link["row"], link["table"], link["id"], link["written"])


def _cited(table: str, inputs: Inputs) -> Iterator[Problem]:
    """Every record of a cited table has at least one citation, and one of them states its values (role ``states``)."""
    citations = inputs.rows["citations"].everything
    citing = citations.filter(pc.equal(citations.column("record_table"), text(table)))
    stating = citing.filter(pc.equal(citing.column("role"), text("states")))
    rows = inputs.rows[table]
    ids = rows.table.column("id")
    cited = pc.is_in(ids, value_set=citing.column("record_id")).to_pylist()
    stated = pc.is_in(ids, value_set=stating.column("record_id")).to_pylist()
    for number, record_id, has_any, has_stating in zip(rows.numbers, ids.to_pylist(), cited, stated):
        if not has_any:
            yield inputs.problem(table, number, "id", Code.MISSING_CITATION, f"record {record_id!r} has no citation in citations.csv")
        elif not has_stating:
            yield inputs.problem(table, number, "id", Code.MISSING_CITATION, f"record {record_id!r} has only context "
                                 "citations; mark the quote that states its values role=states")


def _steps(table: str, part: str, column: str, inputs: Inputs) -> Iterator[Problem]:
    """Every record of a table with steps (a deal) has at least one (a stage event), so its stage can be derived."""
    named = set(inputs.rows[part].all_values(column))
    rows = inputs.rows[table]
    for number, record_id in zip(rows.numbers, rows.column("id")):
        if record_id not in named:
            yield inputs.problem(table, number, "id", Code.MISSING_STEP,
                                 f"record {record_id!r} has no row in {part}.csv naming it in {column}")


def _evidence_kinds(inputs: Inputs) -> Iterator[Problem]:
    """A held text is cited by exact quotes, which CI checks; a page not held by locator and fingerprint, which
    `recheck` checks: never the other way round."""
    sources = inputs.rows["sources"]
    held = {str(i): sha is not None for i, sha in zip(sources.column("id"), sources.column("sha256"))}
    citations = inputs.rows["citations"]
    for number, source_id, quote in zip(citations.numbers, citations.column("source_id"), citations.column("quote")):
        is_held = held.get(str(source_id))
        if is_held is False and quote is not None:
            yield inputs.problem("citations", number, "quote", Code.EVIDENCE_KIND, f"source {source_id!r} is not held "
                                 "in the repository: cite its sentence by locator and fingerprint, not by a quote")
        elif is_held and quote is None:
            yield inputs.problem("citations", number, "fingerprint", Code.EVIDENCE_KIND, f"source {source_id!r} is held "
                                 "in the repository: quote its text exactly instead of a fingerprint")


def _as_of(table: str, inputs: Inputs) -> Iterator[Problem]:
    """A record's ``as_of`` is the date of a source citing it, so a corrected source date cannot leave records behind."""
    sources = inputs.rows["sources"]
    dates = dict(zip(sources.column("id"), sources.column("date")))
    citing: dict[str, set[str]] = {}
    citations = inputs.rows["citations"]
    for cited_table, record_id, source in zip(*(citations.all_values(c) for c in ("record_table", "record_id", "source_id"))):
        if cited_table == table:
            citing.setdefault(str(record_id), set()).add(str(source))
    rows = inputs.rows[table]
    for number, record_id, as_of in zip(rows.numbers, rows.column("id"), rows.column("as_of")):
        cited_by = citing.get(str(record_id), set())
        if as_of is not None and cited_by and as_of not in {dates.get(s) for s in cited_by}:
            listed = ", ".join(sorted(f"{s}: {dates.get(s)}" for s in cited_by))
            yield inputs.problem(table, number, "as_of", Code.AS_OF_MISMATCH,
                                 f"{as_of!r} is not the date of any source citing this record ({listed})")


def _released_file(inputs: Inputs) -> Iterator[Problem]:
    """``released_ids.csv`` is well formed, and an id with a ``replaced_by`` is retired."""
    path = str(inputs.seeds / RELEASED_IDS)
    try:
        released = read_released(inputs.seeds / RELEASED_IDS)
    except ValueError as exc:
        yield Problem(path, 1, "-", Code.HEADER_ERROR, str(exc))
        return
    for number, row in enumerate(released, start=2):
        if row["replaced_by"] and not row["retired_in"]:
            yield Problem(path, number, "retired_in", Code.RETIRED_ID, "an id with a replaced_by must be retired")


def _released(table: str, inputs: Inputs) -> Iterator[Problem]:
    """A retired id of ``table`` never comes back, and the id that replaced it exists, so old references resolve."""
    released = inputs.released()
    ids = set(inputs.ids(table).to_pylist())
    for number, row in enumerate(released, start=2):
        if row["table"] == table and row["replaced_by"] and row["retired_in"] and row["replaced_by"] not in ids:
            yield Problem(str(inputs.seeds / RELEASED_IDS), number, "replaced_by", Code.FOREIGN_KEY,
                          f"{table} has no record with id {row['replaced_by']!r}")
    retired = {row["id"]: row for row in released if row["table"] == table and row["retired_in"]}
    rows = inputs.rows[table]
    for number, record_id in zip(rows.numbers, rows.column("id")):
        found = retired.get(str(record_id))
        if found is not None:
            yield inputs.problem(table, number, "id", Code.RETIRED_ID, f"{record_id!r} was released in {found['released_in']} "
                                 f"and retired in {found['retired_in']}; a retired id is never reused, choose another")


def _source_texts(inputs: Inputs) -> Iterator[Problem]:
    """Each source's text is present, with the sha256 and length recorded for it."""
    assert inputs.sources is not None
    if not inputs.sources.is_dir():
        yield inputs.problem("sources", 0, "-", Code.SOURCE_TEXT, f"the source texts folder {inputs.sources} does not "
                             f"exist; pass --sources or set {SOURCES_ENV}")
        return
    sources = inputs.rows["sources"]
    for number, source_id, sha, characters in zip(sources.numbers, *(sources.column(c) for c in ("id", "sha256", "characters"))):
        if sha is None:
            continue  # a page not held: its citations are fingerprints
        text, why = inputs.text(str(source_id), str(sha))
        if text is None:
            yield inputs.problem("sources", number, "sha256", Code.SOURCE_TEXT, why)
        elif len(text) != int(str(characters)):
            yield inputs.problem("sources", number, "characters", Code.SOURCE_TEXT, f"the text has {len(text)} characters, not {characters}")


def _quotes(inputs: Inputs) -> Iterator[Problem]:
    """Each quote is the exact text of its source at its offsets, and at most one sentence.

    A citation of an entity is exempt from the one-sentence rule: it shows how a
    name is written, and a name may hold a full stop (``New Defence Order. Strategy``).
    """
    assert inputs.sources is not None
    if not inputs.sources.is_dir():
        return  # the source-texts check says so
    sources = inputs.rows["sources"]
    texts = {str(i): inputs.text(str(i), str(sha))[0] for i, sha in zip(sources.column("id"), sources.column("sha256"))
             if sha is not None}
    citations = inputs.rows["citations"]
    split: dict[str, list[tuple[int, int]]] = {}
    searched = 0
    columns = (citations.column(c) for c in ("record_table", "source_id", "quote", "quote_start", "quote_end"))
    for number, record_table, source_id, quote, start, end in zip(citations.numbers, *columns):
        text = texts.get(str(source_id))
        if text is None or quote is None:
            continue
        actual = text[int(str(start)):int(str(end))]
        if actual != quote:
            searched += 1
            yield inputs.problem("citations", number, "quote", Code.QUOTE_MISMATCH, f"source text at [{start}:{end}] is "
                                 f"{actual!r}; " + where_quote_is(text, quote, closest=searched <= NEAR_MISS_SEARCHES))
        elif record_table != "entities":
            if str(source_id) not in split:
                split[str(source_id)] = [(s.start, s.end) for s in sentences(text)]
            crossed = _overlapping(split[str(source_id)], int(str(start)), int(str(end)))
            if len(crossed) > 1:
                yield inputs.problem("citations", number, "quote", Code.QUOTE_SENTENCES, f"the quote spans {len(crossed)} "
                                     "sentences (" + ", ".join(f"[{a}:{b}]" for a, b in crossed) + "); a quote is at "
                                     "most one sentence: cite each sentence in its own citation (if a break falls after "
                                     "an abbreviation, add it to ABBREVIATIONS in sentences.py)")


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


_FK = frozenset({Code.FOREIGN_KEY})


def cross_checks() -> list[CrossCheck]:
    """Every check across tables, made from the table specs."""
    specs = table_specs()
    with_ids = tuple(name for name, spec in specs.items() if any(c.name == "id" for c in spec.columns))
    checks: list[CrossCheck] = []
    for table, spec in specs.items():
        names = {c.name for c in spec.columns}
        for column in spec.columns:
            if column.ref:
                separator = KINDS[column.kind].separator
                checks.append(CrossCheck(f"{table}.{column.name} -> {column.ref}",
                                         _reads((table, (column.name,)), (column.ref, ("id",))), _FK,
                                         partial(_references, table, column.name, column.ref, separator)))
        links: list[tuple[str | None, tuple[str, ...]]] = [(c.name, (c.name,)) for c in spec.columns if KINDS[c.kind].record_links]
        if {"record_table", "record_id"} <= names:
            links.append((None, ("record_table", "record_id")))
        for column_name, read in links:
            shown = f"{table}.{column_name or 'record_table/record_id'}"
            checks += [CrossCheck(f"{shown} -> {target}", _reads((table, read), (target, ("id",))), _FK,
                                  partial(_record_links, table, column_name, target)) for target in with_ids]
            checks.append(CrossCheck(f"{shown} -> a table with ids", {table: read}, _FK,
                                     partial(_unknown_link_tables, table, column_name, with_ids)))
    citing = ("citations", ("record_table", "record_id", "role", "source_id"))
    for table in cited_tables():
        checks.append(CrossCheck(f"{table} cited", _reads((table, ("id",)), citing), frozenset({Code.MISSING_CITATION}),
                                 partial(_cited, table)))
        if "as_of" in {c.name for c in specs[table].columns}:
            checks.append(CrossCheck(f"{table}.as_of", _reads((table, ("id", "as_of")), citing, ("sources", ("id", "date"))),
                                     frozenset({Code.AS_OF_MISMATCH}), partial(_as_of, table)))
    for table, spec in specs.items():
        if spec.steps is not None:
            part, naming = spec.steps
            checks.append(CrossCheck(f"{table} steps in {part}", _reads((table, ("id",)), (part, (naming,))),
                                     frozenset({Code.MISSING_STEP}), partial(_steps, table, part, naming)))
    checks.append(CrossCheck("evidence kinds", {"sources": ("id", "sha256"), "citations": ("source_id", "quote")},
                             frozenset({Code.EVIDENCE_KIND}), _evidence_kinds))
    checks.append(CrossCheck(RELEASED_IDS, {}, frozenset({Code.HEADER_ERROR, Code.RETIRED_ID}), _released_file))
    checks += [CrossCheck(f"{RELEASED_IDS} {table}", {table: ("id",)}, frozenset({Code.FOREIGN_KEY, Code.RETIRED_ID}),
                          partial(_released, table)) for table in with_ids]
    checks.append(CrossCheck("source texts", {"sources": ("id", "sha256", "characters")}, frozenset({Code.SOURCE_TEXT}),
                             _source_texts, quotes=True))
    checks.append(CrossCheck("quotes", {"sources": ("id", "sha256"),
                                        "citations": ("record_table", "source_id", "quote", "quote_start", "quote_end")},
                             frozenset({Code.QUOTE_MISMATCH, Code.QUOTE_SENTENCES}), _quotes, quotes=True))
    return checks
