"""Attributed statements: shares, budgets, rankings and counts, kept side by side when sources disagree."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar

from pydantic import Field

from .base import Record, known
from .derived import Related, money_columns
from .types import Edtf, Hedges, Integer, Ref, Slug, Text
from .vocab import ClaimKind, ClaimUnit, Qualifier, ValueScope

AS_GIVEN = "as given in unit"  # a claim's figure is counted in its own row's unit: a percent, dollars, a rank


class Claim(Record):
    """A quantitative or ranking statement, attributed to whoever made it, true as of the source's date."""

    table: ClassVar[str] = "claims"
    key_columns: ClassVar[tuple[str, ...]] = ("id", "kind", "subject_id", "value", "unit", "date", "attributed_to_id", "as_of")
    noun: ClassVar[str] = "claim"
    fact: ClassVar[bool] = True
    fact_key: ClassVar[tuple[str, ...]] = ("kind", "subject_id", "value", "unit", "date", "attributed_to_id")
    # What kind of money a value in dollars is, and what it covers
    derived_columns = (("value_qualifier", money_columns("value", "value")),)

    id: Slug = Field(description="Stable slug identifying the claim.")
    kind: ClaimKind = Field(description="What the statement measures.")
    subject_id: Annotated[Slug, Ref("entities")] = Field(description="What the statement is about (entities.id).")
    statement: Text = Field(description="The claim in one plain sentence (a paraphrase; the quote is in citations).")
    value: Integer | None = Field(None, ge=0, json_schema_extra={"unit": AS_GIVEN}, description="The number claimed: a percent, whole U.S. dollars, a rank or a count.")
    unit: ClaimUnit | None = Field(None, description="The unit of value.")
    value_qualifier: Annotated[Qualifier, Hedges("value")] | None = Field(None, description="How the source hedges the value.")
    scope: Text | None = Field(None, description="What the value is measured against, e.g. 'in Africa', 'worldwide'.")
    date: Edtf | None = known(Field(None, description="The period the claim covers, in EDTF, where stated."), "period")
    attributed_to_id: Annotated[Slug, Ref("entities")] | None = Field(None, description="Who makes the claim: the author, speaker or body the source names (entities.id); empty when an unnamed writer states it in the source's own voice (see citations for the source).")
    as_of: Edtf | None = known(Field(None, description="When the claim was made: the source's date in EDTF."), "as-of date")
    note: Text | None = Field(None, description="Anything a reader should know, e.g. which other claim this one disagrees with.")

    def label(self, names: Mapping[str, str]) -> str:
        return self.statement

    def derived_values(self, row: Mapping[str, Any], related: Related) -> dict[str, Any]:
        money = self.kind.value_kind if self.unit is ClaimUnit.USD else None
        return {"value_kind": money.value if money else None, "value_scope": ValueScope.NATIONAL.value if money else None}
