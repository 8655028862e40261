"""What a built table adds to its seed columns, declared once: each derived column and how its value is computed.

The seed files hold what a source says; everything that follows from it is
computed here, so no value is typed twice:

- every EDTF column ``X``: ``X_start``, ``X_end``, ``X_precision``, ``X_kind``;
- every hedged number ``X`` (with ``X_qualifier``): ``X_low`` and ``X_high``, the interval the hedge allows, so
  that a sum can be reported as an honest interval;
- every country column: its Correlates of War code beside the ISO 3166 code;
- each table's own: a deal's SIPRI category, current stage and its notified, ordered and delivered figures (from
  ``sale_events``); the kind and scope of assistance and claim dollars (from what they measure).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .. import edtf
from .countries import COW
from .rules import hedged_numbers
from .specs import ColumnSpec
from .vocab import (
    AssistanceMeasure,
    ClaimKind,
    ItemCategory,
    Qualifier,
    SaleStage,
    SipriCategory,
    ValueKind,
    ValueScope,
)

if TYPE_CHECKING:
    from .base import Record

FIGURES = ("notified", "ordered", "delivered")
_FIGURE_WORDS = {
    "notified": "notified to Congress (the notification, or a later amendment)",
    "ordered": "ordered (the sale, or a contract)",
    "delivered": "delivered (in full, or in part)",
}


def _values(enum: Iterable[Any]) -> tuple[str, ...]:
    return tuple(m.value for m in enum)


def edtf_columns(spec: ColumnSpec) -> list[ColumnSpec]:
    what = spec.name.replace("_", " ")
    return [
        ColumnSpec(f"{spec.name}_start", f"Earliest day {what} allows (derived from {spec.name}). A year or decade "
                   "starts on its 1 January: for a period given by year ('since 2012') the source does not say whether "
                   "it counts calendar or fiscal years, so the start is no more exact than the year.",
                   "date", False, derived=True, unit="ISO 8601 date"),
        ColumnSpec(f"{spec.name}_end", f"Latest day {what} allows (derived from {spec.name}); empty for an open end.",
                   "date", False, derived=True, unit="ISO 8601 date"),
        ColumnSpec(f"{spec.name}_precision", f"The finest unit {spec.name} pins down (derived).", "enum", False,
                   enum=edtf.PRECISIONS, derived=True, ordered=True),
        ColumnSpec(f"{spec.name}_kind",
                   f"What {spec.name} is (derived): point (one moment, to its precision), interval (a period, such as "
                   "'since 2012'), or bound (one moment known only to lie between, on or after, or on or before the "
                   "dates given; not a period).", "enum", False, enum=edtf.KINDS, derived=True),
    ]


def bound_columns(number: str, unit: str | None) -> list[ColumnSpec]:
    return [
        ColumnSpec(f"{number}_low", f"The least {number} can be, from its qualifier (derived): the figure when exact, "
                   "over, more than or at least it (exclusive for over and more than); empty for up to and approximately.",
                   "integer", False, derived=True, unit=unit),
        ColumnSpec(f"{number}_high", f"The most {number} can be, from its qualifier (derived): the figure when exact "
                   "or up to it; empty for over, more than, at least and approximately.",
                   "integer", False, derived=True, unit=unit),
    ]


def cow_column(spec: ColumnSpec) -> ColumnSpec:
    listed = spec.kind == "iso3_list"
    return ColumnSpec(f"{spec.name}_cow", f"The Correlates of War country code of {spec.name} (derived)"
                      + (", separated by '|' in the same order" if listed else "") + "; empty where a country has "
                      "none (a territory such as Western Sahara, ESH, is no COW state).",
                      "text" if listed else "integer", False, derived=True, unit="COW country code")


def _figure_columns(figure: str) -> list[ColumnSpec]:
    words = _FIGURE_WORDS[figure]
    return [
        ColumnSpec(f"{figure}_quantity", f"How many units were {words}: the figure of the latest such event that "
                   "gives one (derived from sale_events); where pages disagree on that step, the reading more of them "
                   "state, or none if as many state each (every reading stays in sale_events).", "integer", False,
                   derived=True, unit="items"),
        ColumnSpec(f"{figure}_quantity_qualifier", f"How the source hedges {figure}_quantity (derived).", "enum",
                   False, enum=_values(Qualifier), derived=True),
        ColumnSpec(f"{figure}_value_usd", f"The dollars {words}: the figure of the latest such event that gives one "
                   "(derived from sale_events), leaving out figures shared with other buyers; its kind and scope say "
                   "what the money is.", "integer", False,
                   derived=True, unit="U.S. dollars (nominal, whole)"),
        ColumnSpec(f"{figure}_value_qualifier", f"How the source hedges {figure}_value_usd (derived).", "enum", False,
                   enum=_values(Qualifier), derived=True),
        ColumnSpec(f"{figure}_value_kind", f"What kind of money {figure}_value_usd is (derived).", "enum", False,
                   enum=_values(ValueKind), derived=True),
        ColumnSpec(f"{figure}_value_scope", f"What {figure}_value_usd covers (derived).", "enum", False,
                   enum=_values(ValueScope), derived=True),
    ]


def _money_columns(amount: str) -> list[ColumnSpec]:
    prefix = amount.removesuffix("_usd")
    return [
        ColumnSpec(f"{prefix}_kind", f"What kind of money {amount} is (derived from what the figure measures).",
                   "enum", False, enum=_values(ValueKind), derived=True),
        ColumnSpec(f"{prefix}_scope", f"What {amount} covers (derived).", "enum", False, enum=_values(ValueScope),
                   derived=True),
    ]


# Each table's own derived columns, and the seed column they follow (``None``: at the end).
_OWN: dict[str, list[tuple[str | None, list[ColumnSpec]]]] = {
    "sales": [
        ("category", [ColumnSpec("sipri_category", "SIPRI's weapon category for the item (derived from category "
                                 "through the one mapping in the data dictionary).", "enum", True,
                                 enum=_values(SipriCategory), derived=True)]),
        (None, [
            ColumnSpec("stage", "How far the deal has gone (derived from sale_events): its furthest step, or "
                       "cancelled / not_pursued when it ended. SIPRI counts a deal from sold onward (an order); a "
                       "notification alone is an offer it does not count.", "enum", True,
                       enum=tuple(s.value for s in SaleStage if s is not SaleStage.AMENDED), derived=True),
            ColumnSpec("stage_date", "When the deal reached its stage: that event's date, in EDTF (derived).", "edtf",
                       True, derived=True, unit="EDTF date"),
            ColumnSpec("stage_event_id", "The event that set the stage (sale_events.id; derived).", "slug", True,
                       derived=True),
            ColumnSpec("transmittal", "The DSCA transmittal number of the deal's notification, where a source gives "
                       "it (derived from sale_events).", "text", False, derived=True),
            *(c for figure in FIGURES for c in _figure_columns(figure)),
        ]),
    ],
    "sources": [("characters", [ColumnSpec("held", "Whether the repository holds a copy of the text (seeds/sources), so "
                                           "that its quotes are checked offline; a source not held is cited by "
                                           "fingerprints (derived from sha256).", "boolean", True, derived=True)])],
    "assistance": [("amount_qualifier", _money_columns("amount_usd"))],
    "claims": [("value_qualifier", _money_columns("value_usd"))],
}


EVIDENCE = ColumnSpec("evidence", "What states the record (derived from its citations): quoted when at least one "
                      "quote of a text held in the repository states it (checked offline, in CI), fingerprinted when "
                      "only sentences of pages not held do (checked against the live page by `moroccous-data "
                      "recheck`).", "enum", True, enum=("quoted", "fingerprinted"), derived=True)


def columns(table: str, seed: Sequence[ColumnSpec], cited: bool = False) -> list[ColumnSpec]:
    """The columns of the built table: the seed columns, each followed by what is derived from it (and, for a cited
    table, the kind of evidence that states each record)."""
    own: dict[str | None, list[ColumnSpec]] = {after: list(specs) for after, specs in _OWN.get(table, [])}
    if cited:
        own.setdefault(None, []).append(EVIDENCE)
    units = {c.name: c.unit for c in seed}
    listed = [*((c, own.get(c.name, [])) for c in seed), *((c, []) for c in own.get(None, []))]
    every = [c.name for c, extra in listed for c in (c, *extra)]
    hedges = hedged_numbers(every)
    out: list[ColumnSpec] = []

    def add(spec: ColumnSpec) -> None:
        out.append(spec)
        if spec.kind == "edtf":
            out.extend(edtf_columns(spec))
        if spec.kind in ("iso3", "iso3_list"):
            out.append(cow_column(spec))
        if spec.name in hedges:
            number = hedges[spec.name]
            out.extend(bound_columns(number, units.get(number) or next(
                (c.unit for c in out if c.name == number), None)))

    for spec, extra in listed:
        add(spec)
        for derived in extra:
            add(derived)
    return out


@dataclass
class Related:
    """What a row's derived values read from other tables: each deal's events, each record's stating evidence."""

    events: dict[str, list[Any]] = field(default_factory=dict)
    stating: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    sources: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # the sources stating each record

    @classmethod
    def of(cls, records: Mapping[str, Iterable["Record"]]) -> "Related":
        related = cls()
        for event in records.get("sale_events", ()):
            related.events.setdefault(str(getattr(event, "sale_id")), []).append(event)
        for c in records.get("citations", ()):
            if _plain(getattr(c, "role")) == "states":
                key = (str(_plain(getattr(c, "record_table"))), str(getattr(c, "record_id")))
                related.stating.setdefault(key, set()).add("quoted" if getattr(c, "quote") else "fingerprinted")
                related.sources.setdefault(key, set()).add(str(getattr(c, "source_id")))
        return related


def _start(event: Any) -> date:
    return edtf.parse(event.date).start or date.min


def _latest(events: Iterable[Any]) -> Any:
    return max(events, key=lambda e: (_start(e), edtf.parse(e.date).end or date.max, e.id), default=None)


def _reading(events: Iterable[Any], column: str, stating: Mapping[str, int]) -> Any:
    """The event whose ``column`` is the deal's figure: the latest that gives one; where pages disagree on that
    latest step, the reading more pages state, and none when they are as many (the events keep every reading)."""
    given = [e for e in events if getattr(e, column) is not None
             and not (column == "value_usd" and e.value_scope is ValueScope.SHARED)]
    latest = _latest(given)
    if latest is None:
        return None
    tied = [e for e in given if (e.date, e.stage) == (latest.date, latest.stage)]
    readings: dict[Any, int] = {}
    for e in tied:
        readings[getattr(e, column)] = readings.get(getattr(e, column), 0) + stating.get(e.id, 0)
    if len(readings) == 1:
        return latest
    ranked = sorted(readings.items(), key=lambda item: -item[1])
    if ranked[0][1] == ranked[1][1]:
        return None
    return next(e for e in tied if getattr(e, column) == ranked[0][0])


def deal_values(events: Sequence[Any], stating: Mapping[str, int]) -> dict[str, Any]:
    """A deal's stage and figures from its events (``stating``: how many sources state each event): the furthest
    step (or the end, if it ended), and for each figure the reading ``_reading`` picks."""
    ends = [e for e in events if e.stage in (SaleStage.CANCELLED, SaleStage.NOT_PURSUED)]
    progress = [e for e in events if e.stage.rank is not None]
    if ends:
        current = _latest(ends)
    else:
        furthest = max((e.stage.rank for e in progress), default=None)
        current = _latest(e for e in progress if e.stage.rank == furthest)
    notified = _latest(e for e in events if e.stage.figure == "notified" and e.transmittal)
    out: dict[str, Any] = {
        "stage": current.stage.value if current else None,
        "stage_date": current.date if current else None,
        "stage_event_id": current.id if current else None,
        "transmittal": notified.transmittal if notified else None,
    }
    for figure in FIGURES:
        mine = [e for e in events if e.stage.figure == figure]
        counted = _reading(mine, "quantity", stating)
        priced = _reading(mine, "value_usd", stating)
        out[f"{figure}_quantity"] = counted.quantity if counted else None
        out[f"{figure}_quantity_qualifier"] = counted.quantity_qualifier.value if counted else None
        out[f"{figure}_value_usd"] = priced.value_usd if priced else None
        out[f"{figure}_value_qualifier"] = priced.value_qualifier.value if priced else None
        out[f"{figure}_value_kind"] = priced.value_kind.value if priced else None
        out[f"{figure}_value_scope"] = priced.value_scope.value if priced else None
    return out


def _own_values(table: str, row: Mapping[str, Any], related: Related) -> dict[str, Any]:
    if table == "sources":
        return {"held": row["sha256"] is not None}
    if table == "sales":
        return {"sipri_category": ItemCategory(row["category"]).sipri.value,
                **deal_values(related.events.get(row["id"], []),
                              {e.id: len(related.sources.get(("sale_events", e.id), ())) for e in
                               related.events.get(row["id"], [])})}
    if table == "assistance":
        kind = AssistanceMeasure(row["measure"]).value_kind(bool(row["cumulative"]))
        return {"amount_kind": kind.value, "amount_scope": ValueScope.PROGRAM.value}
    if table == "claims":
        money = ClaimKind(row["kind"]).value_kind if row["unit"] == "usd" else None
        return {"value_kind": money.value if money else None, "value_scope": ValueScope.NATIONAL.value if money else None}
    return {}


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


def values(table: str, built: Sequence[ColumnSpec], row: dict[str, Any], related: Related) -> dict[str, Any]:
    """``row`` (a record's seed values) with every derived value of ``built`` filled in."""
    row = {**row, **_own_values(table, row, related)}
    if any(c.name == "evidence" for c in built):
        stating = related.stating.get((table, str(row.get("id"))), set())
        row["evidence"] = "quoted" if "quoted" in stating else "fingerprinted" if stating else None
    hedges = hedged_numbers([c.name for c in built])
    for spec in built:
        value = row.get(spec.name)
        if spec.kind == "edtf":
            bounds = edtf.parse(value) if value is not None else None
            row[f"{spec.name}_start"] = bounds.start if bounds else None
            row[f"{spec.name}_end"] = bounds.end if bounds else None
            row[f"{spec.name}_precision"] = bounds.precision if bounds else None
            row[f"{spec.name}_kind"] = bounds.kind if bounds else None
        elif spec.kind == "iso3":
            row[f"{spec.name}_cow"] = COW.get(value) if value else None
        elif spec.kind == "iso3_list":
            codes = [COW.get(c) for c in value.split("|")] if value else []
            row[f"{spec.name}_cow"] = "|".join(str(c) for c in codes) if codes and None not in codes else None
        if spec.name in hedges:
            number = row.get(hedges[spec.name])
            low, high = Qualifier(_plain(value)).bounds(number) if number is not None and value else (None, None)
            row[f"{hedges[spec.name]}_low"], row[f"{hedges[spec.name]}_high"] = low, high
    return row
