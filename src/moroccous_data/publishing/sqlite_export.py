"""Every table in one SQLite database, with the Datasette metadata that describes it.

The database keeps what SQL can enforce: primary and foreign keys, NOT NULL,
booleans and every controlled vocabulary as CHECK constraints, and a
``record_citations`` view that puts each record beside the quotes that state
it. What SQL cannot hold (the title, licence, source, table and column
descriptions with their units, the timeline's date order) goes into
``<name>.metadata.json`` beside it, the file ``datasette --metadata`` reads.
Each column's description also stays as an SQL comment in CREATE TABLE, for
tools that only see the database.
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
from ..models.kinds import EXTENSION, KINDS

APPLICATION_ID = 0x4D414355  # "MACU" in the SQLite header: marks a database as this export
VIEW = "record_citations"


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
    tables["timeline"]["sort"] = "date_start"
    tables[VIEW] = {"description": "Every record beside the quotes that state it, with the source's title "
                                   "(a view joining citations and sources)."}
    metadata: dict[str, Any] = {
        "title": package["title"],
        "description": package.get("description", ""),
        "license": licence["name"],
        "license_url": licence["path"],
        "source": f"moroccous-data {package['version']}, curated from the documents in the sources table",
    }
    if package.get("homepage"):
        metadata["source_url"] = package["homepage"]
    metadata["databases"] = {database.stem: {"tables": tables}}
    return metadata


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
            problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        except sqlite3.OperationalError as exc:  # a full disk, a file size limit, an I/O error: nothing is replaced
            raise MoroccousDataError(f"{target}: cannot write the database ({exc})") from exc
        finally:
            connection.close()
        if problems:
            raise ValueError(f"foreign keys do not resolve in the export: {problems[:3]}")
    text = json.dumps(datasette_metadata(target), indent=2, ensure_ascii=False) + "\n"
    replace_file(metadata_path(target), text.encode("utf-8"))
