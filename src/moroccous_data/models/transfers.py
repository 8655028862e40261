"""Arms sales and transfers item by item, and program-level dollar figures, with what the build derives for them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Annotated, Any, ClassVar

from pydantic import Field

from .. import edtf
from .base import Record, known
from .derived import Related, money_columns, values_of
from .specs import ColumnSpec
from .types import Boolean, Dollars, Edtf, Hedges, Integer, Iso3, Money, Ref, Slug, SlugList, Text, TextList, Transmittal
from .vocab import AssistanceMeasure, ItemCategory, Program, Qualifier, SaleStage, SipriCategory, ValueKind, ValueScope

FIGURES = ("notified", "ordered", "delivered")
_FIGURE_WORDS = {
    "notified": "notified to Congress (the notification, or a later amendment)",
    "ordered": "ordered (the sale, or a contract)",
    "delivered": "delivered (in full, or in part)",
}


def _figure_columns(figure: str) -> list[ColumnSpec]:
    words = _FIGURE_WORDS[figure]
    return [
        ColumnSpec(f"{figure}_quantity", f"How many units were {words}: the figure of the latest such event that "
                   "gives one (derived from sale_events); where pages disagree on that step, the reading more of them "
                   "state, or none if as many state each (every reading stays in sale_events).", "integer", False,
                   derived=True, unit="items"),
        ColumnSpec(f"{figure}_quantity_qualifier", f"How the source hedges {figure}_quantity (derived).", "enum",
                   False, enum=values_of(Qualifier), derived=True, hedges=f"{figure}_quantity"),
        ColumnSpec(f"{figure}_value_usd", f"The dollars {words}: the figure of the latest such event that gives one "
                   "(derived from sale_events), leaving out figures shared with other buyers; its kind and scope say "
                   "what the money is.", "integer", False,
                   derived=True, unit=Money().unit, money=True),
        ColumnSpec(f"{figure}_value_qualifier", f"How the source hedges {figure}_value_usd (derived).", "enum", False,
                   enum=values_of(Qualifier), derived=True, hedges=f"{figure}_value_usd"),
        ColumnSpec(f"{figure}_value_kind", f"What kind of money {figure}_value_usd is (derived).", "enum", False,
                   enum=values_of(ValueKind), derived=True),
        ColumnSpec(f"{figure}_value_scope", f"What {figure}_value_usd covers (derived).", "enum", False,
                   enum=values_of(ValueScope), derived=True),
    ]


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



class Sale(Record):
    """One deal line: a system or package offered or sold to the recipient through one channel.

    What happened to it, and when, is in ``sale_events``; the build derives the deal's current stage and its
    notified, ordered and delivered figures from those events, so none is typed twice.
    """

    table: ClassVar[str] = "sales"
    # A deal reads: what, how far it got and when, how many and for how much.
    key_columns: ClassVar[tuple[str, ...]] = ("id", "designation", "stage", "stage_date", "notified_quantity",
                                              "notified_value_usd", "name", "program")
    noun: ClassVar[str] = "deal"
    fact: ClassVar[bool] = True
    fact_key: ClassVar[tuple[str, ...]] = ("system_id", "name", "program", "recipient")
    steps: ClassVar[tuple[str, str] | None] = ("sale_events", "sale_id")
    derived_columns = (
        ("category", (ColumnSpec("sipri_category", "SIPRI's weapon category for the item (derived from category "
                                 "through the one mapping in the data dictionary).", "enum", True,
                                 enum=values_of(SipriCategory), derived=True),)),
        (None, (
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
        )),
    )

    id: Slug = Field(description="Stable slug identifying the deal line.")
    designation: Text | None = Field(None, description="The model designation, corrected where the source misspells it (see source_notes).")
    name: Text = Field(description="The item or package as the source words it, e.g. 'M142 High Mobility Artillery Rocket System (HIMARS) launchers'.")
    system_id: Annotated[Slug, Ref("entities")] | None = Field(None, description="The weapon system (entities.id).")
    category: ItemCategory = Field(description="What kind of equipment the item is (its SIPRI category is derived: sipri_category).")
    program: Program = known(Field(description="The channel the deal went through."), "program",
                             basis="How the program is known: stated, or inferred (e.g. from the heading of the list the item is in).")
    supplier: Iso3 = Field(description="Supplying country (ISO 3166-1 alpha-3).")
    recipient: Iso3 = Field(description="Receiving country (ISO 3166-1 alpha-3).")
    note: Text | None = Field(None, description="Anything a reader should know about the deal.")

    def label(self, names: Mapping[str, str]) -> str:
        return f"{self.designation or self.name} ({self.program.value.upper()})"

    def derived_values(self, row: Mapping[str, Any], related: Related) -> dict[str, Any]:
        events = related.events.get(self.id, [])
        return {"sipri_category": self.category.sipri.value,
                **deal_values(events, {e.id: len(related.sources.get(("sale_events", e.id), ())) for e in events})}


class SaleEvent(Record):
    """One dated step of a deal: a request, a notification to Congress, a sale, a contract, a delivery, an end or
    an amendment, with the quantity and money that step gives."""

    table: ClassVar[str] = "sale_events"
    key_columns: ClassVar[tuple[str, ...]] = ("id", "stage", "date", "quantity", "value_usd", "value_kind")
    noun: ClassVar[str] = "deal stage"
    fact: ClassVar[bool] = True
    fact_key: ClassVar[tuple[str, ...]] = ("sale_id", "stage", "date", "quantity", "value_usd")
    row_order: ClassVar[tuple[str, ...] | None] = ("sale_id", "stage", "date", "id")

    id: Slug = Field(description="Stable slug identifying the event.")
    sale_id: Annotated[Slug, Ref("sales")] = Field(description="The deal this is a step of (sales.id).")
    stage: SaleStage = known(Field(description="Which step of the deal this is."), "step",
                             basis="How the step is known: stated, or inferred (e.g. from the heading of the list the item is in).")
    date: Edtf = known(Field(description="When the step happened, in EDTF; a bound ('[..2024-04-08]', on or before) where only a limit is known."), "date")
    quantity: Integer | None = Field(None, ge=0, json_schema_extra={"unit": "items"}, description="Number of units at this step; empty where the source gives none.")
    quantity_qualifier: Annotated[Qualifier, Hedges("quantity")] | None = Field(None, description="How the source hedges the quantity ('up to' for a notified ceiling).")
    value_usd: Dollars | None = Field(None, ge=0, description="The money this step gives, in whole nominal U.S. dollars; its kind and scope say what it is.")
    value_qualifier: Annotated[Qualifier, Hedges("value_usd")] | None = Field(None, description="How the source hedges the value ('up to' for a notified estimate stated as a ceiling).")
    value_kind: ValueKind | None = Field(None, description="What kind of money value_usd is (a notified estimate is a ceiling, not a price).")
    value_scope: ValueScope | None = Field(None, description="What value_usd covers: the whole package with support, the major defense equipment only, or one item.")
    transmittal: Transmittal | None = Field(None, description="The DSCA transmittal number of a notification or amendment, e.g. '19-16'.")
    amends_transmittal: Transmittal | None = Field(None, description="For an amendment: the transmittal number of the notification it changes.")
    actors: Annotated[SlugList, Ref("entities")] | None = Field(None, description="Agencies and contractors the source names for this step (entities ids separated by '|').")
    note: Text | None = Field(None, description="Anything a reader should know about the step.")

    def label(self, names: Mapping[str, str]) -> str:
        figures = []
        if self.quantity is not None:
            figures.append((self.quantity_qualifier or Qualifier.EXACT).hedge(f"{self.quantity:,}"))
        if self.value_usd is not None:
            figures.append((self.value_qualifier or Qualifier.EXACT).hedge(f"${self.value_usd:,}"))
        deal = names.get(f"sales:{self.sale_id}", self.sale_id)
        return f"{deal}: {self.stage.value.replace('_', ' ')}" + (f" ({', '.join(figures)})" if figures else "")

    def relate(self, related: Related) -> None:
        related.events.setdefault(self.sale_id, []).append(self)


class Assistance(Record):
    """One dollar figure of a program over a period, as of the source's date."""

    table: ClassVar[str] = "assistance"
    key_columns: ClassVar[tuple[str, ...]] = ("id", "program", "measure", "amount_usd", "date", "as_of", "recipient")
    noun: ClassVar[str] = "assistance figure"
    fact: ClassVar[bool] = True
    fact_key: ClassVar[tuple[str, ...]] = ("program", "measure", "amount_usd", "date", "recipient")
    derived_columns = (("amount_qualifier", money_columns("amount_usd", "amount")),)

    id: Slug = Field(description="Stable slug identifying the figure.")
    program: Program = Field(description="The program the figure belongs to.")
    measure: AssistanceMeasure = Field(description="What the dollar figure measures.")
    amount_usd: Dollars = Field(ge=0, description="Whole nominal U.S. dollars.")
    amount_qualifier: Annotated[Qualifier, Hedges("amount_usd")] = Field(description="How the source hedges the amount.")
    currency: Annotated[str, Field(pattern=r"^USD$")] = Field(description="Always USD: amounts are nominal U.S. dollars.")
    recipient: Iso3 = Field(description="Receiving country (ISO 3166-1 alpha-3).")
    cumulative: Boolean = Field(description="True when the figure adds up a period still running at as_of ('since 2012'), so it is true only as of then; false for a stock or a closed period.")
    date: Edtf | None = known(Field(None, description="The period the figure covers, in EDTF ('2012/..' for 'since 2012'); empty for a stock at as_of."), "period")
    fiscal_year_start: Integer | None = Field(None, ge=1900, le=2200, json_schema_extra={"unit": "U.S. federal fiscal year (1 Oct to 30 Sep)"}, description="First U.S. fiscal year of the period, where the source counts in fiscal years.")
    fiscal_year_end: Integer | None = Field(None, ge=1900, le=2200, json_schema_extra={"unit": "U.S. federal fiscal year (1 Oct to 30 Sep)"}, description="Last U.S. fiscal year of the period.")
    as_of: Edtf = known(Field(description="When the figure was true: the source's publication date (EDTF)."), "as-of date")
    part_of: Annotated[Slug, Ref("assistance")] | None = Field(None, description="The larger figure this one is included in (assistance.id).")
    purposes: TextList | None = Field(None, description="What the money was used for, as the source lists it, separated by '|'.")
    top_categories: TextList | None = Field(None, description="The largest categories of articles, in the source's order, separated by '|'.")
    note: Text | None = Field(None, description="Anything a reader should know about the figure.")

    def label(self, names: Mapping[str, str]) -> str:
        amount = self.amount_qualifier.hedge(f"${self.amount_usd:,}")
        return f"{self.program.value.upper()} {self.measure.value.replace('_', ' ')}: {amount}"

    def derived_values(self, row: Mapping[str, Any], related: Related) -> dict[str, Any]:
        kind = self.measure.value_kind(self.cumulative)
        return {"amount_kind": kind.value, "amount_scope": ValueScope.PROGRAM.value}
