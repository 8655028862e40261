"""Each column kind is what ``kinds.KINDS`` says it is, in every form the shipped data takes."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

import moroccous_data as md
from moroccous_data.models import TABLES
from moroccous_data.models.columns import built_columns
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


SRC = Path(md.__file__).parent
KIND_WORDS = set(KINDS) | {kind.frictionless for kind in KINDS.values()}


def _names_a_kind(node: ast.expr) -> bool:
    """A kind or Table Schema type name, or a collection of them, written as a literal."""
    if isinstance(node, ast.Constant):
        return node.value in KIND_WORDS
    return isinstance(node, (ast.Tuple, ast.List, ast.Set)) and any(_names_a_kind(e) for e in node.elts)


def _about_a_kind(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr in ("kind", "type")) or \
        (isinstance(node, ast.Name) and node.id in ("kind", "type"))


def kind_dispatches(source: str) -> list[int]:
    """Lines comparing a column's kind or type with a kind's name (``spec.kind == "iso3"``, ``c.type in (...)``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_about_a_kind(o) for o in operands) and any(_names_a_kind(o) for o in operands):
                found.append(node.lineno)
    return found


def test_no_code_outside_the_registry_dispatches_on_a_kind_name() -> None:
    """What differs between kinds is declared on the kind (``kinds.KINDS``): a new kind is one entry, and no
    validator, writer or loader branch compares kind names."""
    assert kind_dispatches('if spec.kind == "iso3":\n    pass\nok = c.type in ("integer", "boolean")\n') == [1, 3]
    found = [f"{path.relative_to(SRC)}:{line}" for path in sorted(SRC.rglob("*.py")) if path != SRC / "models" / "kinds.py"
             for line in kind_dispatches(path.read_text(encoding="utf-8"))]
    assert not found, "ask the kind (a property of kinds.Kind) instead: " + ", ".join(found)


def test_no_code_recognises_money_by_a_usd_suffix() -> None:
    """Money is marked (``types.Dollars``, ``ColumnSpec.money``), so no code strips or matches ``_usd``."""
    found = [f"{path.relative_to(SRC)}:{node.lineno}" for path in sorted(SRC.rglob("*.py"))
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("_usd")]
    assert not found, found


def test_every_dollar_amount_the_dictionary_names_is_marked_money() -> None:
    """Each column the data dictionary gives in U.S. dollars is a money column in its spec, and no other is."""
    dictionary = (SRC.parents[1] / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    table, in_dollars = "", set()
    for line in dictionary.splitlines():
        if line.startswith("## `"):
            table = line.strip("#` ")
        elif line.startswith("| `") and "dollars" in line.split("|")[3]:
            in_dollars.add((table, line.split("|")[1].strip(" `")))
    money = {(t, c.name) for t in TABLES for c in built_columns(t) if c.money}
    assert in_dollars and in_dollars == money
