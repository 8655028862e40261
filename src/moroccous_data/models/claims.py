"""Attributed statements: shares, budgets, rankings and counts, kept side by side when sources disagree."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, ClassVar

from pydantic import Field

from .base import Record
from .types import Edtf, Integer, Ref, Slug, Text
from .vocab import Basis, ClaimKind, ClaimUnit, Qualifier


class Claim(Record):
    """A quantitative or ranking statement, attributed to whoever made it, true as of the source's date."""

    table: ClassVar[str] = "claims"
    key_columns: ClassVar[tuple[str, ...]] = ("id", "kind", "subject_id", "value", "unit", "date", "attributed_to_id", "as_of")
    noun: ClassVar[str] = "claim"
    fact: ClassVar[bool] = True
    fact_key: ClassVar[tuple[str, ...]] = ("kind", "subject_id", "value", "unit", "date", "attributed_to_id")

    id: Slug = Field(description="Stable slug identifying the claim.")
    kind: ClaimKind = Field(description="What the statement measures.")
    subject_id: Annotated[Slug, Ref("entities")] = Field(description="What the statement is about (entities.id).")
    statement: Text = Field(description="The claim in one plain sentence (a paraphrase; the quote is in citations).")
    value: Integer | None = Field(None, ge=0, json_schema_extra={"unit": "as given in unit"}, description="The number claimed: a percent, whole U.S. dollars, a rank or a count.")
    unit: ClaimUnit | None = Field(None, description="The unit of value.")
    value_qualifier: Qualifier | None = Field(None, description="How the source hedges the value.")
    scope: Text | None = Field(None, description="What the value is measured against, e.g. 'in Africa', 'worldwide'.")
    date: Edtf | None = Field(None, description="The period the claim covers, in EDTF, where stated.")
    date_basis: Basis | None = Field(None, description="How the period is known.")
    date_note: Text | None = Field(None, description="The reasoning behind a period that is not stated.")
    attributed_to_id: Annotated[Slug, Ref("entities")] | None = Field(None, description="Who makes the claim: the author, speaker or body the source names (entities.id); empty when an unnamed writer states it in the source's own voice (see citations for the source).")
    as_of: Edtf | None = Field(None, description="When the claim was made: the source's date in EDTF.")
    as_of_basis: Basis | None = Field(None, description="How the as-of date is known.")
    as_of_note: Text | None = Field(None, description="The reasoning behind an as-of date that is not stated.")
    note: Text | None = Field(None, description="Anything a reader should know, e.g. which other claim this one disagrees with.")

    def label(self, names: Mapping[str, str]) -> str:
        return self.statement
