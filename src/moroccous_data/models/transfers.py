"""Arms sales and transfers item by item, and program-level dollar figures."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, ClassVar

from pydantic import Field

from .base import Record
from .types import Boolean, Edtf, Integer, Iso3, Ref, Slug, Text, TextList
from .vocab import AssistanceMeasure, Basis, ItemCategory, Program, Qualifier, SaleStage


class Sale(Record):
    """One item of an arms sale or transfer: a system, its quantity and the program it went through."""

    table: ClassVar[str] = "sales"
    noun: ClassVar[str] = "sale"
    fact: ClassVar[bool] = True
    fact_key: ClassVar[tuple[str, ...]] = ("system_id", "program", "quantity", "recipient")

    id: Slug = Field(description="Stable slug identifying the item.")
    designation: Text | None = Field(None, description="The model designation, corrected where the source misspells it (see source_notes).")
    name: Text = Field(description="The item as the source words it, e.g. 'M142 High Mobility Artillery Rocket System (HIMARS) launchers'.")
    system_id: Annotated[Slug, Ref("entities")] | None = Field(None, description="The weapon system (entities.id).")
    category: ItemCategory = Field(description="What kind of equipment the item is.")
    quantity: Integer | None = Field(None, ge=0, json_schema_extra={"unit": "items"}, description="Number of units; empty where the source gives none.")
    quantity_qualifier: Qualifier | None = Field(None, description="How the source hedges the quantity.")
    program: Program = Field(description="The channel the item went through.")
    program_basis: Basis = Field(description="How the program is known: stated, or inferred (e.g. from the heading of the list the item is in).")
    program_note: Text | None = Field(None, description="The reasoning behind a program that is not stated.")
    stage: SaleStage = Field(description="How far the sale had gone when the source described it.")
    supplier: Iso3 = Field(description="Supplying country (ISO 3166-1 alpha-3).")
    recipient: Iso3 = Field(description="Receiving country (ISO 3166-1 alpha-3).")
    date: Edtf | None = Field(None, description="When the sale or delivery happened, in EDTF; an interval for 'since' statements.")
    date_basis: Basis | None = Field(None, description="How the date is known.")
    date_note: Text | None = Field(None, description="The reasoning behind a date that is not stated.")
    as_of: Edtf | None = Field(None, description="When the source's statement was true: its publication date (EDTF); empty where the source cannot be dated.")
    as_of_basis: Basis | None = Field(None, description="How the as-of date is known.")
    as_of_note: Text | None = Field(None, description="The reasoning behind an as-of date that is not stated.")
    note: Text | None = Field(None, description="Anything a reader should know about the item.")

    def label(self, names: Mapping[str, str]) -> str:
        count = ""
        if self.quantity is not None:
            count = (self.quantity_qualifier or Qualifier.EXACT).hedge(f"{self.quantity:,}") + " "
        return f"{count}{self.designation or self.name} ({self.program.value.upper()})"


class Assistance(Record):
    """One dollar figure of a program over a period, as of the source's date."""

    table: ClassVar[str] = "assistance"
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
