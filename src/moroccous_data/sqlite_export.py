"""Every table in one SQLite database, with primary and foreign keys and each column's description.

SQLite has no column comments, so each description is written as an SQL
comment inside CREATE TABLE, which SQLite keeps verbatim in sqlite_master
(and tools such as datasette show).
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from . import loaders
from .atomic import OutputRefused, staged_file

APPLICATION_ID = 0x4D414355  # "MACU" in the SQLite header: marks a database as this export
_TYPES = {"integer": "INTEGER", "boolean": "INTEGER", "date": "TEXT", "string": "TEXT"}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create(resource: dict[str, Any]) -> str:
    schema = resource["schema"]
    lines = []
    for field in schema["fields"]:
        required = " NOT NULL" if field.get("constraints", {}).get("required") else ""
        check = f" CHECK ({_quote(field['name'])} IN (0, 1))" if field["type"] == "boolean" else ""
        comment = " ".join(field.get("description", "").split())
        lines.append(f"  {_quote(field['name'])} {_TYPES[field['type']]}{required}{check}, -- {comment}")
    keys = [f"  PRIMARY KEY ({', '.join(map(_quote, schema['primaryKey']))})"]
    for key in schema.get("foreignKeys", []):
        target = key["reference"]["resource"] or resource["name"]
        keys.append(f"  FOREIGN KEY ({_quote(key['fields'][0])}) REFERENCES {_quote(target)} ({_quote(key['reference']['fields'][0])})")
    body = "\n".join(lines) + "\n" + ",\n".join(keys)
    return f"-- {resource['description']}\nCREATE TABLE {_quote(resource['name'])} (\n{body}\n)"


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _ours(path: Path) -> bool:
    """Whether ``path`` is a SQLite database this export wrote (its header carries our application id)."""
    with path.open("rb") as handle:
        header = handle.read(100)
    return header.startswith(b"SQLite format 3\x00") and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def write_sqlite(target: Path) -> None:
    """Write the whole dataset to ``target``, replacing it only once the database is complete and consistent.

    An existing ``target`` is replaced only if an earlier export wrote it; anything else raises :class:`OutputRefused`.
    """
    if target.is_symlink() or target.is_dir() or (target.exists() and not (target.is_file() and _ours(target))):
        raise OutputRefused(f"{target} exists and is not an earlier SQLite export of moroccous-data; give a new file")
    with staged_file(target) as temporary:
        connection = sqlite3.connect(temporary)  # an empty file is an empty database
        try:
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            with connection:
                for resource in loaders.datapackage()["resources"]:
                    connection.execute(_create(resource))
                    table = loaders.load(resource["name"], format="arrow")
                    placeholders = ", ".join("?" for _ in table.column_names)
                    rows = ([_value(v) for v in row.values()] for row in table.to_pylist())
                    connection.executemany(f"INSERT INTO {_quote(resource['name'])} VALUES ({placeholders})", rows)
            problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            connection.close()
        if problems:
            raise ValueError(f"foreign keys do not resolve in the export: {problems[:3]}")
