"""Arms sales and transfers item by item, and program-level dollar figures."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, ClassVar

from pydantic import Field

from .base import Record
from .types import Boolean, Edtf, Integer, Iso3, Ref, Slug, SlugList, Text, TextList, Transmittal
from .vocab import AssistanceMeasure, Basis, ItemCategory, Program, Qualifier, SaleStage, ValueKind, ValueScope


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

    id: Slug = Field(description="Stable slug identifying the deal line.")
    designation: Text | None = Field(None, description="The model designation, corrected where the source misspells it (see source_notes).")
    name: Text = Field(description="The item or package as the source words it, e.g. 'M142 High Mobility Artillery Rocket System (HIMARS) launchers'.")
    system_id: Annotated[Slug, Ref("entities")] | None = Field(None, description="The weapon system (entities.id).")
    category: ItemCategory = Field(description="What kind of equipment the item is (its SIPRI category is derived: sipri_category).")
    program: Program = Field(description="The channel the deal went through.")
    program_basis: Basis = Field(description="How the program is known: stated, or inferred (e.g. from the heading of the list the item is in).")
    program_note: Text | None = Field(None, description="The reasoning behind a program that is not stated.")
    supplier: Iso3 = Field(description="Supplying country (ISO 3166-1 alpha-3).")
    recipient: Iso3 = Field(description="Receiving country (ISO 3166-1 alpha-3).")
    note: Text | None = Field(None, description="Anything a reader should know about the deal.")

    def label(self, names: Mapping[str, str]) -> str:
        return f"{self.designation or self.name} ({self.program.value.upper()})"


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
    stage: SaleStage = Field(description="Which step of the deal this is.")
    stage_basis: Basis = Field(description="How the step is known: stated, or inferred (e.g. from the heading of the list the item is in).")
    stage_note: Text | None = Field(None, description="The reasoning behind a step that is not stated.")
    date: Edtf = Field(description="When the step happened, in EDTF; a bound ('[..2024-04-08]', on or before) where only a limit is known.")
    date_basis: Basis = Field(description="How the date is known.")
    date_note: Text | None = Field(None, description="The reasoning behind a date that is not stated.")
    quantity: Integer | None = Field(None, ge=0, json_schema_extra={"unit": "items"}, description="Number of units at this step; empty where the source gives none.")
    quantity_qualifier: Qualifier | None = Field(None, description="How the source hedges the quantity ('up to' for a notified ceiling).")
    value_usd: Integer | None = Field(None, ge=0, json_schema_extra={"unit": "U.S. dollars (nominal, whole)"}, description="The money this step gives, in whole nominal U.S. dollars; its kind and scope say what it is.")
    value_qualifier: Qualifier | None = Field(None, description="How the source hedges the value ('up to' for a notified estimate stated as a ceiling).")
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


class Assistance(Record):
    """One dollar figure of a program over a period, as of the source's date."""

    table: ClassVar[str] = "assistance"
    key_columns: ClassVar[tuple[str, ...]] = ("id", "program", "measure", "amount_usd", "date", "as_of", "recipient")
    noun: ClassVar[str] = "assistance figure"
    fact: ClassVar[bool] = True
    fact_key: ClassVar[tuple[str, ...]] = ("program", "measure", "amount_usd", "date", "recipient")

    id: Slug = Field(description="Stable slug identifying the figure.")
    program: Program = Field(description="The program the figure belongs to.")
    measure: AssistanceMeasure = Field(description="What the dollar figure measures.")
    amount_usd: Integer = Field(ge=0, json_schema_extra={"unit": "U.S. dollars (nominal, whole)"}, description="Whole nominal U.S. dollars.")
    amount_qualifier: Qualifier = Field(description="How the source hedges the amount.")
    currency: Annotated[str, Field(pattern=r"^USD$")] = Field(description="Always USD: amounts are nominal U.S. dollars.")
    recipient: Iso3 = Field(description="Receiving country (ISO 3166-1 alpha-3).")
    cumulative: Boolean = Field(description="True when the figure adds up a period still running at as_of ('since 2012'), so it is true only as of then; false for a stock or a closed period.")
    date: Edtf | None = Field(None, description="The period the figure covers, in EDTF ('2012/..' for 'since 2012'); empty for a stock at as_of.")
    date_basis: Basis | None = Field(None, description="How the period is known.")
    date_note: Text | None = Field(None, description="The reasoning behind a period that is not stated.")
    fiscal_year_start: Integer | None = Field(None, ge=1900, le=2200, json_schema_extra={"unit": "U.S. federal fiscal year (1 Oct to 30 Sep)"}, description="First U.S. fiscal year of the period, where the source counts in fiscal years.")
    fiscal_year_end: Integer | None = Field(None, ge=1900, le=2200, json_schema_extra={"unit": "U.S. federal fiscal year (1 Oct to 30 Sep)"}, description="Last U.S. fiscal year of the period.")
    as_of: Edtf = Field(description="When the figure was true: the source's publication date (EDTF).")
    as_of_basis: Basis = Field(description="How the as-of date is known.")
    as_of_note: Text | None = Field(None, description="The reasoning behind an as-of date that is not stated.")
    part_of: Annotated[Slug, Ref("assistance")] | None = Field(None, description="The larger figure this one is included in (assistance.id).")
    purposes: TextList | None = Field(None, description="What the money was used for, as the source lists it, separated by '|'.")
    top_categories: TextList | None = Field(None, description="The largest categories of articles, in the source's order, separated by '|'.")
    note: Text | None = Field(None, description="Anything a reader should know about the figure.")

    def label(self, names: Mapping[str, str]) -> str:
        amount = self.amount_qualifier.hedge(f"${self.amount_usd:,}")
        return f"{self.program.value.upper()} {self.measure.value.replace('_', ' ')}: {amount}"
