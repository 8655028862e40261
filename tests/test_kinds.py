"""Each column kind is what ``kinds.KINDS`` says it is, in every form the shipped data takes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

import moroccous_data as md
from moroccous_data.models.kinds import EXTENSION, KINDS
from moroccous_data.publishing.sqlite_export import write_sqlite

RESOURCES = md.datapackage()["resources"]
PANDAS_2 = pd.__version__.startswith("2.")


def _fields(resource: dict) -> list[tuple[str, dict]]:
    return [(f["name"], f) for f in resource["schema"]["fields"]]


def test_every_published_field_carries_its_kind_unit_and_list_reference() -> None:
    seen = set()
    for resource in RESOURCES:
        for name, field in _fields(resource):
            extension = field[EXTENSION]
            kind = KINDS[extension["kind"]]
            seen.add(extension["kind"])
            assert field["type"] == kind.frictionless, (resource["name"], name)
            assert extension.get("separator") == kind.separator, (resource["name"], name)
    lists = {(r["name"], n): f[EXTENSION].get("ref") for r in RESOURCES for n, f in _fields(r)
             if f[EXTENSION]["kind"] == "slug_list"}
    assert lists[("exercises", "participant_ids")] == "entities", "an id list names the table its ids point at"
    units = {(r["name"], n): f[EXTENSION].get("unit") for r in RESOURCES for n, f in _fields(r)}
    assert units[("assistance", "amount_usd")] == "U.S. dollars (nominal, whole)"
    assert seen == set(KINDS), "every kind is used by some shipped column, and no column uses an unknown kind"


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r["name"])
def test_pandas_polars_and_arrow_types_follow_the_kind(resource: dict) -> None:
    frame = md.load(resource["name"])
    polars = md.load(resource["name"], format="polars")
    arrow = md.load(resource["name"], format="arrow")
    for name, field in _fields(resource):
        kind = KINDS[field[EXTENSION]["kind"]]
        expected = "object" if kind.pandas == "str" and PANDAS_2 else kind.pandas
        assert str(frame[name].dtype) == expected, (resource["name"], name, frame[name].dtype)
        assert str(polars.schema[name]).split("(")[0] == kind.polars, (resource["name"], name, polars.schema[name])
        arrow_type = arrow.schema.field(name).type
        assert (str(arrow_type).split("<")[0] if kind.arrow == "dictionary" else str(arrow_type)) == \
            {"bool": "bool", "int64": "int64", "string": "string", "date32": "date32[day]", "dictionary": "dictionary"}[kind.arrow]


def test_sqlite_declares_each_column_with_its_kinds_type(tmp_path: Path) -> None:
    database = tmp_path / "moroccous.db"
    write_sqlite(database)
    with sqlite3.connect(database) as connection:
        for resource in RESOURCES:
            declared = {row[1]: row[2] for row in connection.execute(f'PRAGMA table_info("{resource["name"]}")')}
            for name, field in _fields(resource):
                assert declared[name] == KINDS[field[EXTENSION]["kind"]].sqlite, (resource["name"], name)
