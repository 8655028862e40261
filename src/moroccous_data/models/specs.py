"""Column and table specifications as plain data, readable without the models.

``seed_specs.json`` is written from the Pydantic models by the build (and
drift-checked by a test), so the validator and the CLI can check seeds without
importing pydantic, while the models stay the one definition of every column.
"""

from __future__ import annotations

import json
import pkgutil
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from functools import cache, cached_property
from typing import Any

from .kinds import KINDS
from .rules import AnyRule
from .table_rules import rules_for

SPEC_FILE = "seed_specs.json"
GAPS_FILE = "coverage_gaps.csv"  # the seed file of what the data leaves out and what was searched for in vain
REVIEWED_FILE = "reviewed_sentences.csv"  # the seed file of sentences reviewed as stating no fact
_WHOLE = re.compile(r"^-?[0-9]+$")


@dataclass(frozen=True)
class ColumnSpec:
    """One column of one table, in the terms every schema writer and the validator need."""

    name: str
    description: str
    kind: str  # a key of kinds.KINDS, which says what the kind is in every form
    required: bool
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    ref: str | None = None  # table a foreign key points at
    derived: bool = False  # present in built data only
    unit: str | None = None  # what a number or date is counted in
    ordered: bool = False  # an enum whose values run from finest to coarsest (date precisions)
    money: bool = False  # a dollar amount (a ``Dollars`` column), whatever its name
    hedges: str | None = None  # a qualifier: the number column whose figure it hedges

    @property
    def type(self) -> str:
        """The Frictionless (Table Schema) type."""
        return KINDS[self.kind].frictionless


@dataclass(frozen=True)
class TableSpec:
    """A seed table: its columns in order, its keys, and its cross-field rules."""

    name: str
    noun: str  # what one row is called
    description: str
    columns: tuple[ColumnSpec, ...]
    primary_key: tuple[str, ...]
    fact_key: tuple[str, ...]
    fact: bool  # a table of what happened: cited, and on the timeline when dated
    cited: bool  # every record needs a citation
    derived: bool = False  # built from the other tables, with no seed file (the timeline)
    steps: tuple[str, str] | None = None  # (table, column): each record needs a row there naming it (a deal's stages)
    key_columns: tuple[str, ...] = ()  # the columns a reader needs first (show's default on a terminal)

    @cached_property
    def integer_columns(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns if KINDS[c.kind].storage is int)

    def order_key(self, row: Mapping[str, str | None]) -> tuple[Any, ...]:
        """Where a row sorts in its seed file: by primary key, whole numbers as numbers, so a file's order is stable."""
        return tuple((0, int(v)) if k in self.integer_columns and v and _WHOLE.match(v) else (1, v or "")
                     for k, v in ((k, row.get(k)) for k in self.primary_key))

    @property
    def rules(self) -> tuple[AnyRule, ...]:
        return rules_for(self.name, [c.name for c in self.columns], {c.name: c.hedges for c in self.columns if c.hedges})


def spec_to_json(table: TableSpec) -> dict[str, Any]:
    out = asdict(table)
    out["columns"] = [{k: v for k, v in asdict(c).items() if (v is not None and v is not False) or k == "required"}
                      for c in table.columns]
    return out


def _column(data: dict[str, Any]) -> ColumnSpec:
    known = {f.name for f in fields(ColumnSpec)}
    values: dict[str, Any] = {k: tuple(v) if k == "enum" else v for k, v in data.items() if k in known}
    return ColumnSpec(**values)


_declared: list[dict[str, TableSpec]] = []  # specs in force instead of seed_specs.json, innermost last


def table_specs() -> dict[str, TableSpec]:
    """Every seed table's spec, in build order, from the package's ``seed_specs.json`` (or :func:`declared`'s)."""
    return _declared[-1] if _declared else _installed_specs()


@contextmanager
def declared(document: Mapping[str, Any]) -> Iterator[None]:
    """Within the block, the specs are ``document``'s: the build validates against the models' own specs before it
    writes them to ``seed_specs.json``, so a build that fails leaves that file as it was."""
    _declared.append(_specs_of(document))
    try:
        yield
    finally:
        _declared.pop()


@cache
def _installed_specs() -> dict[str, TableSpec]:
    data = pkgutil.get_data(__package__, SPEC_FILE)
    if data is None:
        raise FileNotFoundError(f"{SPEC_FILE} is missing from the installed package; reinstall it")
    return _specs_of(json.loads(data))


def _specs_of(document: Mapping[str, Any]) -> dict[str, TableSpec]:
    return {
        t["name"]: TableSpec(t["name"], t["noun"], t["description"], tuple(_column(c) for c in t["columns"]),
                             tuple(t["primary_key"]), tuple(t["fact_key"]), t["fact"], t["cited"],
                             steps=tuple(t["steps"]) if t.get("steps") else None,
                             key_columns=tuple(t.get("key_columns", ())))
        for t in document["tables"]
    }


def fact_tables() -> tuple[str, ...]:
    """The tables of what happened, in table order: the timeline's tables."""
    return tuple(name for name, spec in table_specs().items() if spec.fact)


def cited_tables() -> tuple[str, ...]:
    """The tables whose records must be cited: the values ``citations.record_table`` allows."""
    column = next(c for c in table_specs()["citations"].columns if c.name == "record_table")
    return column.enum or ()
