"""Every table in one SQLite database, with the Datasette metadata that describes it.

The database keeps what SQL can enforce: primary and foreign keys, NOT NULL,
booleans and every controlled vocabulary as CHECK constraints, and a
``record_citations`` view that puts each record beside the quotes that state
it. What SQL cannot hold (the title, licence, source, table and column
descriptions with their units, the timeline's date order) goes into
``<name>.metadata.json`` beside it, the file ``datasette --metadata`` reads.
Each column's description also stays as an SQL comment in CREATE TABLE, for
tools that only see the database.

Two things serve a reader browsing it in Datasette:

- **Search.** Every table with names, titles, descriptions or quotes has an
  FTS5 index ``<table>_fts`` over those columns (``SEARCHED``), named as the
  table's ``fts_table`` in the metadata, so the table page's search box works.
  Each index uses its table as external content and is built by FTS5's own
  ``rebuild`` from the rows just inserted, in the same transaction: it cannot
  hold a row the table lacks. ``citations_fts`` covers every citation: the
  quote, or for a page not held (fingerprinted, no quote) its locator and note.
- **A record's quotes from its row page.** See :func:`_quotes_table`.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from ..atomic import OutputRefused, replace_file, staged_file
from ..errors import MoroccousDataError
from ..loading import loaders
from ..loading.provenance import COLUMNS, evidence_rows
from ..models.kinds import EXTENSION, KINDS
from ..models.specs import cited_tables

APPLICATION_ID = 0x4D414355  # "MACU" in the SQLite header: marks a database as this export
VIEW = "record_citations"
QUERY = "record_quotes"
# The columns a reader searches by words: what a record is called, what it says, and the quotes that state it.
SEARCHED = ("name", "designation", "title", "aliases", "author", "publisher", "subject", "statement", "written",
            "correction", "label", "quote", "locator", "note")
# The evidence columns as a quotes table names them: its ``record_id`` is the record whose row page links there.
_CITED = {"record_table": "cited_table", "record_id": "cited_id"}
QUOTE_COLUMNS = ["record_id", *(_CITED.get(c, c) for c in COLUMNS)]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _check(field: dict[str, Any]) -> str:
    name = _quote(field["name"])
    if field["type"] == "boolean":
        return f" CHECK ({name} IN (0, 1))"
    allowed = field.get("constraints", {}).get("enum")
    if allowed:
        return f" CHECK ({name} IN ({', '.join(map(_literal, allowed))}))"
    return ""


def _create(resource: dict[str, Any]) -> str:
    schema = resource["schema"]
    lines = []
    for field in schema["fields"]:
        required = " NOT NULL" if field.get("constraints", {}).get("required") else ""
        comment = " ".join(field.get("description", "").split())
        lines.append(f"  {_quote(field['name'])} {KINDS[field[EXTENSION]['kind']].sqlite}{required}{_check(field)}, -- {comment}")
    keys = [f"  PRIMARY KEY ({', '.join(map(_quote, schema['primaryKey']))})"]
    for key in schema.get("foreignKeys", []):
        target = key["reference"].get("resource") or resource["name"]  # v2: no resource means this table
        keys.append(f"  FOREIGN KEY ({_quote(key['fields'][0])}) REFERENCES {_quote(target)} "
                    f"({_quote(key['reference']['fields'][0])})")
    body = "\n".join(lines) + "\n" + ",\n".join(keys)
    return f"CREATE TABLE {_quote(resource['name'])} (\n{body}\n)"


def _view(citation_fields: list[str]) -> str:
    """Each record beside its quotes; once citations have a ``role``, only the quotes that state the record."""
    states = "WHERE c.role = 'states'\n" if "role" in citation_fields else ""
    return (f"CREATE VIEW {VIEW} AS\n"
            "SELECT c.record_table, c.record_id, c.source_id, s.title AS source_title, c.quote, c.quote_start, c.quote_end\n"
            "FROM citations c JOIN sources s ON s.id = c.source_id\n"
            f"{states}ORDER BY c.record_table, c.record_id, c.source_id, c.quote_start")


def searched_columns(resource: dict[str, Any]) -> list[str]:
    """The columns of ``resource`` its full-text index covers, in the table's order (none: no index)."""
    return [f["name"] for f in resource["schema"]["fields"] if f["name"] in SEARCHED]


def fts_table(table: str) -> str:
    return f"{table}_fts"


def _fts(table: str, columns: list[str]) -> list[str]:
    """An FTS5 index over ``columns`` that reads its text from ``table`` (external content), filled from its rows."""
    index = _quote(fts_table(table))
    return [f"CREATE VIRTUAL TABLE {index} USING fts5({', '.join(map(_quote, columns))}, content={_quote(table)})",
            f"INSERT INTO {index} ({index}) VALUES ('rebuild')"]


def quotes_table(table: str) -> str:
    return f"{table}_quotes"


def _quotes_table(connection: sqlite3.Connection, table: str) -> None:
    """A table of ``table``'s evidence, one row per quote exactly as :func:`moroccous_data.evidence` gives it (the
    record's own quotes, states first, then a deal's stages'), keyed to the record by a foreign key, so that
    Datasette's row page lists it under "Links from other tables".

    Why a table: Datasette (0.65) builds no link on a row page from metadata alone except its incoming foreign
    keys; a description or column description is the same text on every row, so it could name the canned query
    but not this record's id. ``citations.record_id`` points at many tables, so it cannot be that key. The
    metadata hides these tables from the table list, since a reader reaches them from a record.
    """
    name = _quote(quotes_table(table))
    columns = ",\n  ".join(f"{_quote(c)} {'INTEGER' if c in ('quote_start', 'quote_end') else 'TEXT'}"
                           for c in QUOTE_COLUMNS[1:])
    key = f"record_id TEXT NOT NULL REFERENCES {_quote(table)} (id)"
    connection.execute(f"CREATE TABLE {name} (\n  {key},\n  {columns}\n)")
    rows = ([record_id, *(row[c] for c in COLUMNS)]
            for record_id in loaders.load(table, "arrow").column("id").to_pylist()
            for row in evidence_rows(table, record_id))
    connection.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' for _ in QUOTE_COLUMNS)})", rows)


def _record_quotes(tables: list[str]) -> str:
    """The canned query: one record's quotes from any cited table, for an address a reader can write by hand."""
    listed = ", ".join(map(_quote, QUOTE_COLUMNS[1:]))
    branches = " UNION ALL\n  ".join(
        f"SELECT rowid AS n, * FROM {_quote(quotes_table(t))} WHERE :table = {_literal(t)} AND record_id = :record_id"
        for t in tables)
    return f"SELECT {listed} FROM (\n  {branches}\n) ORDER BY n"


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def metadata_path(database: Path) -> Path:
    """Where the Datasette metadata of ``database`` goes: ``moroccous.db`` → ``moroccous.metadata.json``."""
    return database.with_name(f"{database.stem}.metadata.json")


def datasette_metadata(database: Path) -> dict[str, Any]:
    """Title, description, licence, source and every table's and column's description, for ``datasette --metadata``.

    Units go into the column descriptions: Datasette's own ``units`` key takes
    only physical units it can convert, and these are items, dollars and dates.
    """
    package = loaders.datapackage()
    licence = package["licenses"][0]
    tables: dict[str, Any] = {}
    for resource in package["resources"]:
        name = resource["name"]
        columns = {}
        for field in resource["schema"]["fields"]:
            unit = field[EXTENSION].get("unit")
            columns[field["name"]] = field["description"] + (f" Unit: {unit}." if unit else "")
        tables[name] = {"description": resource["description"], "columns": columns}
        if searched_columns(resource):
            tables[name] |= {"fts_table": fts_table(name), "fts_pk": "rowid"}
    tables["timeline"]["sort"] = "date_start"
    tables[VIEW] = {"description": "Every record beside the quotes that state it, with the source's title "
                                   "(a view joining citations and sources)."}
    quote_columns = _quote_columns(package)
    for table in cited_tables():
        tables[quotes_table(table)] = {
            "description": f"The quotes behind each record of {table}, as moroccous_data.evidence gives them; "
                           f"a record's row page links here under 'Links from other tables'.",
            "hidden": True, "columns": quote_columns}
    metadata: dict[str, Any] = {
        "title": package["title"],
        "description": package.get("description", ""),
        "license": licence["name"],
        "license_url": licence["path"],
        "source": f"moroccous-data {package['version']}, curated from the documents in the sources table",
    }
    if package.get("homepage"):
        metadata["source_url"] = package["homepage"]
    query = {"title": "A record's quotes",
             "description": "Every quote behind one record (for a deal, also its stages'), with its locator, "
                            "fingerprint, source title and address: give the table and the record's id.",
             "sql": _record_quotes(list(cited_tables()))}
    metadata["databases"] = {database.stem: {"tables": tables, "queries": {QUERY: query}}}
    return metadata


def _quote_columns(package: dict[str, Any]) -> dict[str, str]:
    """The quotes tables' column descriptions: the citation's and source's own, and what the table adds."""
    fields = {r["name"]: {f["name"]: f["description"] for f in r["schema"]["fields"]} for r in package["resources"]}
    cited, source = fields["citations"], fields["sources"]
    described = {"record_id": "The record whose quotes these are.",
                 "cited_table": "The table of the record the quote is cited for: this record's, or for a deal, "
                                "its stages'.",
                 "cited_id": "The id of the record the quote is cited for.",
                 "stage": "For a stage of a deal: its stage.", "date": "For a stage of a deal: its date.",
                 "source_title": source["title"], "publisher": source["publisher"], "source_date": source["date"],
                 "url": source["url"],
                 "archived": "The Wayback Machine's copy of the page nearest the day it was read, for a page this "
                             "repository does not hold."}
    return {c: described.get(c) or cited[c] for c in QUOTE_COLUMNS}


def _ours(path: Path) -> bool:
    """Whether ``path`` is a SQLite database this export wrote (its header carries our application id)."""
    with path.open("rb") as handle:
        header = handle.read(100)
    return header.startswith(b"SQLite format 3\x00") and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def write_sqlite(target: Path) -> None:
    """Write the dataset to ``target`` and its Datasette metadata beside it, each replaced only once complete.

    Existing files are replaced only if an earlier export wrote them (the database's
    header carries our application id; the metadata goes with it); else :class:`OutputRefused`.
    """
    metadata = metadata_path(target)
    ours = target.is_file() and not target.is_symlink() and _ours(target)
    if (target.exists() or target.is_symlink()) and not ours:
        raise OutputRefused(f"{target} exists and is not an earlier SQLite export of moroccous-data; give a new file")
    if (metadata.exists() or metadata.is_symlink()) and not ours:
        raise OutputRefused(f"{metadata} exists and was not written with an earlier export to {target}; give another name")
    package = loaders.datapackage()
    with staged_file(target) as temporary:
        connection = sqlite3.connect(temporary)  # an empty file is an empty database
        try:
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            with connection:
                for resource in package["resources"]:
                    connection.execute(_create(resource))
                    table = loaders.load(resource["name"], format="arrow")  # timeline rows come in date order
                    placeholders = ", ".join("?" for _ in table.column_names)
                    rows = ([_value(v) for v in row.values()] for row in table.to_pylist())
                    connection.executemany(f"INSERT INTO {_quote(resource['name'])} VALUES ({placeholders})", rows)
                citations = next(r for r in package["resources"] if r["name"] == "citations")
                connection.execute(_view([f["name"] for f in citations["schema"]["fields"]]))
                for resource in package["resources"]:
                    if columns := searched_columns(resource):
                        for statement in _fts(resource["name"], columns):
                            connection.execute(statement)
                for table in cited_tables():
                    _quotes_table(connection, table)
            problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        except sqlite3.OperationalError as exc:  # a full disk, a file size limit, an I/O error: nothing is replaced
            raise MoroccousDataError(f"{target}: cannot write the database ({exc})") from exc
        finally:
            connection.close()
        if problems:
            raise ValueError(f"foreign keys do not resolve in the export: {problems[:3]}")
    text = json.dumps(datasette_metadata(target), indent=2, ensure_ascii=False) + "\n"
    replace_file(metadata_path(target), text.encode("utf-8"))
