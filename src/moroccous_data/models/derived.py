"""What a built table adds to its seed columns, declared once: each derived column and how its value is computed.

The seed files hold what a source says; everything that follows from it is
computed here, so no value is typed twice:

- every column whose kind derives columns (``kinds.KINDS``): an EDTF column ``X`` gets ``X_start``, ``X_end``,
  ``X_precision``, ``X_kind``, a country column its Correlates of War code;
- every hedged number ``X`` (its qualifier declares ``Hedges("X")``): ``X_low`` and ``X_high``, the interval the
  hedge allows, so that a sum can be reported as an honest interval;
- each table's own, declared by its model (``Record.derived_columns`` and ``Record.derived_values``): a deal's
  SIPRI category, current stage and figures, the kind and scope of money, whether a source is held;
- for a cited table, the kind of evidence that states each record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .kinds import KINDS
from .specs import ColumnSpec
from .vocab import Qualifier, ValueKind, ValueScope

if TYPE_CHECKING:
    from .base import Record

# A table's own derived columns, each group after the seed column it follows (``None``: at the end).
OwnColumns = tuple[tuple[str | None, tuple[ColumnSpec, ...]], ...]


def values_of(enum: Iterable[Any]) -> tuple[str, ...]:
    return tuple(m.value for m in enum)


def kind_columns(spec: ColumnSpec) -> list[ColumnSpec]:
    """The columns the kind of ``spec`` derives from it (``kinds.Kind.derives``)."""
    what = spec.name.replace("_", " ")
    return [ColumnSpec(f"{spec.name}_{d.suffix}", d.description.format(name=spec.name, what=what), d.kind, False,
                       enum=d.enum, derived=True, unit=d.unit, ordered=d.ordered)
            for d in KINDS[spec.kind].derives]


def bound_columns(number: ColumnSpec) -> list[ColumnSpec]:
    name = number.name
    return [
        ColumnSpec(f"{name}_low", f"The least {name} can be, from its qualifier (derived): the figure when exact, "
                   "over, more than or at least it (exclusive for over and more than); empty for up to and approximately.",
                   "integer", False, derived=True, unit=number.unit, money=number.money),
        ColumnSpec(f"{name}_high", f"The most {name} can be, from its qualifier (derived): the figure when exact "
                   "or up to it; empty for over, more than, at least and approximately.",
                   "integer", False, derived=True, unit=number.unit, money=number.money),
    ]


def money_columns(amount: str, prefix: str) -> tuple[ColumnSpec, ...]:
    """``<prefix>_kind`` and ``<prefix>_scope``: what kind of money the dollar column ``amount`` is, and what it covers."""
    return (
        ColumnSpec(f"{prefix}_kind", f"What kind of money {amount} is (derived from what the figure measures).",
                   "enum", False, enum=values_of(ValueKind), derived=True),
        ColumnSpec(f"{prefix}_scope", f"What {amount} covers (derived).", "enum", False, enum=values_of(ValueScope),
                   derived=True),
    )


EVIDENCE = ColumnSpec("evidence", "What states the record (derived from its citations): quoted when at least one "
                      "quote of a text held in the repository states it (checked offline, in CI), fingerprinted when "
                      "only sentences of pages not held do (checked against the live page by `moroccous-data "
                      "recheck`).", "enum", True, enum=("quoted", "fingerprinted"), derived=True)


def columns(seed: Sequence[ColumnSpec], own: OwnColumns = (), cited: bool = False) -> list[ColumnSpec]:
    """The columns of the built table: the seed columns, each followed by what is derived from it (``own``: the
    table's own derived columns; for a cited table, the kind of evidence that states each record)."""
    extra: dict[str | None, list[ColumnSpec]] = {after: list(specs) for after, specs in own}
    if cited:
        extra.setdefault(None, []).append(EVIDENCE)
    listed = [*((c, extra.get(c.name, [])) for c in seed), *((c, []) for c in extra.get(None, []))]
    every = {c.name: c for c, more in listed for c in (c, *more)}
    out: list[ColumnSpec] = []

    def add(spec: ColumnSpec) -> None:
        out.append(spec)
        out.extend(kind_columns(spec))
        if spec.hedges is not None:
            out.extend(bound_columns(every[spec.hedges]))

    for spec, more in listed:
        add(spec)
        for derived in more:
            add(derived)
    return out


@dataclass
class Related:
    """What a row's derived values read from other tables: each deal's events, each record's stating evidence.
    Each record adds what it tells another table's records (``Record.relate``)."""

    events: dict[str, list[Any]] = field(default_factory=dict)
    stating: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    sources: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # the sources stating each record

    @classmethod
    def of(cls, records: Mapping[str, Iterable["Record"]]) -> "Related":
        related = cls()
        for rows in records.values():
            for record in rows:
                record.relate(related)
        return related


def plain(value: Any) -> Any:
    return getattr(value, "value", value)


def values(record: "Record", built: Sequence[ColumnSpec], related: Related) -> dict[str, Any]:
    """The record's seed values with every derived value of ``built`` filled in."""
    row = record.model_dump(mode="python")
    row.update(record.derived_values(row, related))
    if any(c.name == "evidence" for c in built):
        stating = related.stating.get((record.table, str(row.get("id"))), set())
        row["evidence"] = "quoted" if "quoted" in stating else "fingerprinted" if stating else None
    for spec in built:
        value = row.get(spec.name)
        derive = KINDS[spec.kind].derive
        if derive is not None:
            names = [f"{spec.name}_{d.suffix}" for d in KINDS[spec.kind].derives]
            row.update(zip(names, derive(value) if value is not None else [None] * len(names)))
        if spec.hedges is not None:
            number = row.get(spec.hedges)
            low, high = Qualifier(plain(value)).bounds(number) if number is not None and value else (None, None)
            row[f"{spec.hedges}_low"], row[f"{spec.hedges}_high"] = low, high
    return row
