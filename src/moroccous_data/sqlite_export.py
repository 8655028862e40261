"""Every table in one SQLite database, with primary and foreign keys and each column's description.

SQLite has no column comments, so each description is written as an SQL
comment inside CREATE TABLE, which SQLite keeps verbatim in sqlite_master
(and tools such as datasette show).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from . import loaders

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


def write_sqlite(target: Path) -> None:
    """Write the whole dataset to ``target``, replacing it only once the database is complete."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        with connection:
            for resource in loaders.datapackage()["resources"]:
                connection.execute(_create(resource))
                table = loaders.load(resource["name"], format="arrow")
                columns = table.column_names
                placeholders = ", ".join("?" for _ in columns)
                rows = ([_value(v) for v in row.values()] for row in table.to_pylist())
                connection.executemany(f"INSERT INTO {_quote(resource['name'])} VALUES ({placeholders})", rows)
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        connection.close()
        if problems:
            raise ValueError(f"foreign keys do not resolve in the export: {problems[:3]}")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
